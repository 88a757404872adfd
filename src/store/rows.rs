//! Writing many rows fast: multi-row statements.

use rusqlite::{ToSql, Transaction};

/// Rows one multi-row `INSERT` takes: 128 rows a statement wrote 220k addresses in 280 ms
/// against 350 ms a row at a time; 64 rows stored 100k contacts ~20 ms faster again than 128
/// (16 or 32 were no better).
const ROWS_PER_STATEMENT: usize = 64;

/// Inserts `rows` with multi-row statements; `head` is `INSERT INTO t (a, b) VALUES `.
///
/// Only two statements are prepared per table: one of [`ROWS_PER_STATEMENT`] rows, and one of a
/// single row for the rest. A statement for each length of remainder prepared a new 128-row
/// statement on most calls and pushed the others out of the cache (4% of an import).
pub(super) fn insert_rows<const W: usize>(
    tx: &Transaction<'_>,
    head: &str,
    rows: &[[&dyn ToSql; W]],
) -> rusqlite::Result<()> {
    let row = format!("({})", vec!["?"; W].join(","));
    let (full, rest) = rows.split_at(rows.len() - rows.len() % ROWS_PER_STATEMENT);
    for (sql, rows, per_statement) in [
        (
            format!("{head}{}", vec![row.as_str(); ROWS_PER_STATEMENT].join(",")),
            full,
            ROWS_PER_STATEMENT,
        ),
        (format!("{head}{row}"), rest, 1),
    ] {
        if rows.is_empty() {
            continue;
        }
        // One statement for all its chunks: a statement going back to the cache has its
        // bound values freed, and binding them again allocated each one anew (a tenth of
        // writing the addresses).
        let mut statement = tx.prepare_cached(&sql)?;
        for chunk in rows.chunks(per_statement) {
            for (r, values) in chunk.iter().enumerate() {
                for (c, value) in values.iter().enumerate() {
                    statement.raw_bind_parameter(r * W + c + 1, value)?;
                }
            }
            statement.raw_execute()?;
        }
    }
    Ok(())
}
