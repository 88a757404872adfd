//! Sorting many keys fast: by numbers made of their first bytes, on both cores.
//!
//! Comparing strings follows a pointer to each and compares them byte by byte; a million keys
//! sorted as strings took most of a second. Their first bytes as a number sort the same way,
//! and only keys whose first bytes are equal need comparing as strings.

/// Sorts `items` by `order`, a big list half on another thread: the end of an import has a
/// core to spare (the file is read), and sorting 233k addresses took 35 ms on one.
pub(crate) fn sort_on_two_threads<T: Send>(
    mut items: Vec<T>,
    order: impl Fn(&T, &T) -> std::cmp::Ordering + Sync,
) -> Vec<T> {
    if items.len() < 50_000 {
        items.sort_unstable_by(&order);
        return items;
    }
    let mut second = items.split_off(items.len() / 2);
    std::thread::scope(|scope| {
        scope.spawn(|| second.sort_unstable_by(&order));
        items.sort_unstable_by(&order);
    });
    merge(items, second, order)
}

/// Two lists sorted by `order` as one, equals from `first` before those from `second`.
pub(crate) fn merge<T>(
    first: Vec<T>,
    second: Vec<T>,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    if first.is_empty() {
        return second;
    }
    let mut merged = Vec::with_capacity(first.len() + second.len());
    let (mut first, mut second) = (first.into_iter().peekable(), second.into_iter().peekable());
    while let (Some(a), Some(b)) = (first.peek(), second.peek()) {
        if order(b, a).is_lt() {
            merged.extend(second.next());
        } else {
            merged.extend(first.next());
        }
    }
    merged.extend(first);
    merged.extend(second);
    merged
}

/// A key's first eight bytes as a number that sorts as they do (shorter keys padded with
/// zeros, which sort first, as the end of a string does).
pub(crate) fn leading_bytes(key: &str) -> u64 {
    let mut bytes = [0; 8];
    let len = key.len().min(8);
    bytes[..len].copy_from_slice(&key.as_bytes()[..len]);
    u64::from_be_bytes(bytes)
}

/// The first `N` bytes of [`fold`](crate::text::fold)`(text)`, zero-padded, without building
/// the folded string; and whether they are all of it. Compared as byte arrays (or as a
/// big-endian number) they sort as the folded texts do, except that texts whose prefixes are
/// equal may still differ unless both are complete. A text with a NUL is never complete: its
/// NUL would look like the padding.
pub(crate) fn folded_prefix<const N: usize>(text: &str) -> ([u8; N], bool) {
    let mut bytes = [0; N];
    // Short ASCII (most names): lower-cased in place.
    if text.len() <= N && text.is_ascii() {
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        bytes.make_ascii_lowercase();
        return (bytes, !text.as_bytes().contains(&0));
    }
    let (mut len, mut nul) = (0, false);
    let mut utf8 = [0; 4];
    let mut push = |folded: &[u8]| -> bool {
        for &byte in folded {
            if len == N {
                return false;
            }
            nul |= byte == 0;
            bytes[len] = byte;
            len += 1;
        }
        true
    };
    for c in text.chars() {
        // ASCII folds to its lower case (most names are ASCII, or nearly).
        let fits = if c.is_ascii() {
            push(&[c.to_ascii_lowercase() as u8])
        } else {
            c.to_lowercase().all(|lower| {
                let folded = nucleo_matcher::chars::normalize(lower);
                push(folded.encode_utf8(&mut utf8).as_bytes())
            })
        };
        if !fits {
            return (bytes, false);
        }
    }
    (bytes, !nul)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    proptest::proptest! {
        #[test]
        fn sorting_on_two_threads_sorts(mut items in proptest::collection::vec(0u8..20, 0..120_000)) {
            let sorted = sort_on_two_threads(items.clone(), |a, b| a.cmp(b));
            items.sort();
            proptest::prop_assert_eq!(sorted, items);
        }

        /// Sorting by the leading bytes first never puts two keys out of order.
        #[test]
        fn leading_bytes_sort_as_the_keys_do(a in "[a\\u{0}é.@]{0,10}", b in "[a\\u{0}é.@]{0,10}") {
            let (x, y) = (leading_bytes(&a), leading_bytes(&b));
            if x < y {
                proptest::prop_assert!(a < b);
            }
            if a < b {
                proptest::prop_assert!(x <= y);
            }
        }

        /// The prefix is the folded text's own first bytes, says complete exactly when the
        /// folded text fits and has no NUL, and so never orders two texts against their folds.
        #[test]
        fn folded_prefixes_sort_as_the_folded_texts_do(
            a in "[aAéÉßİ\\u{0} .Ø]{0,12}",
            b in "[aAéÉßİ\\u{0} .Ø]{0,12}",
        ) {
            let (fa, fb) = (fold(&a), fold(&b));
            let (x, complete) = folded_prefix::<8>(&a);
            let (y, _) = folded_prefix::<8>(&b);
            let len = fa.len().min(8);
            proptest::prop_assert_eq!(&x[..len], &fa.as_bytes()[..len]);
            proptest::prop_assert!(x[len..].iter().all(|b| *b == 0));
            proptest::prop_assert_eq!(complete, fa.len() <= 8 && !fa.contains('\0'));
            if x < y {
                proptest::prop_assert!(fa < fb);
            }
            if fa < fb {
                proptest::prop_assert!(x <= y);
            }
        }
    }
}
