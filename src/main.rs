//! The `vetted` binary: parse the command line, run it, turn the outcome into an exit code.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(error) => {
            // `vetted list | head` closes the pipe early; that is the reader's choice, not an error.
            if error.chain().any(|cause| {
                let kind = cause
                    .downcast_ref::<io::Error>()
                    .map(io::Error::kind)
                    .or_else(|| {
                        cause
                            .downcast_ref::<serde_json::Error>()
                            .and_then(serde_json::Error::io_error_kind)
                    });
                kind == Some(io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            // stderr may be gone too (a closed terminal); there is nobody to tell then.
            // Messages quote file names and values from files: nothing in them may drive the
            // terminal.
            // Each cause after the error, unless the message already says it (an error that
            // quotes its source printed it twice: "...: No such file or directory (os error
            // 2): No such file or directory (os error 2)").
            let mut message = String::new();
            for cause in error.chain() {
                let text = cause.to_string();
                if message.contains(&text) {
                    continue;
                }
                if !message.is_empty() {
                    message.push_str(": ");
                }
                message.push_str(&text);
            }
            let safe: Vec<_> = message.lines().map(vetted::text::terminal_safe).collect();
            let _ = writeln!(io::stderr(), "vetted: error: {}", safe.join("\n"));
            ExitCode::FAILURE
        }
    }
}
