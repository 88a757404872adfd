//! Sorting many keys fast: by numbers made of their first bytes, on both cores.
//!
//! Comparing strings follows a pointer to each and compares them byte by byte; a million keys
//! sorted as strings took most of a second. Their first bytes as a number sort the same way,
//! and only keys whose first bytes are equal need comparing as strings.

/// Sorts `items` whose order begins with `top` (16 bits of their key) on both cores: moved
/// into a bucket per `top` in one pass, then each bucket (small: a few thousand items, that
/// fit in the cache) put in order by `sort`, the buckets shared between two threads. A
/// million names sorted as numbers took 70 ms with one half per core; this does less
/// comparing (within buckets only) and needs no merge.
pub(crate) fn sort_by_buckets<T: Copy + Default + Send + Sync>(
    items: &[T],
    top: impl Fn(&T) -> u16,
    sort: impl Fn(&mut [T]) + Sync,
) -> Vec<T> {
    let mut starts = vec![0usize; (1 << 16) + 1];
    for item in items {
        starts[usize::from(top(item)) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    // Each bucket's range, before the scatter moves its start to its end.
    let buckets: Vec<std::ops::Range<usize>> = starts
        .windows(2)
        .filter(|w| w[1] - w[0] > 1)
        .map(|w| w[0]..w[1])
        .collect();
    let mut sorted = vec![T::default(); items.len()];
    for item in items {
        let at = &mut starts[usize::from(top(item))];
        sorted[*at] = *item;
        *at += 1;
    }
    // The buckets that end by the middle go to one thread, the rest to the other.
    let middle = if items.len() < 50_000 {
        items.len()
    } else {
        items.len() / 2
    };
    let split = buckets.partition_point(|bucket| bucket.end <= middle);
    let at = buckets
        .get(split)
        .map_or(items.len(), |bucket| bucket.start);
    let (first, second) = sorted.split_at_mut(at);
    let sort_all = |part: &mut [T], buckets: &[std::ops::Range<usize>], offset: usize| {
        for bucket in buckets {
            sort(&mut part[bucket.start - offset..bucket.end - offset]);
        }
    };
    std::thread::scope(|scope| {
        if !second.is_empty() {
            scope.spawn(|| sort_all(second, &buckets[split..], at));
        }
        sort_all(first, &buckets[..split], 0);
    });
    sorted
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

/// A key's first sixteen bytes as a number that sorts as they do (shorter keys padded with
/// zeros, which sort first, as the end of a string does). Sixteen, not eight: addresses share
/// their first eight bytes often (`dmitri.okafor0@`, `dmitri.okafor1@`), and each tie was a
/// comparison of two strings elsewhere in memory.
pub(crate) fn leading_bytes(key: &str) -> u128 {
    let mut bytes = [0; 16];
    let len = key.len().min(16);
    bytes[..len].copy_from_slice(&key.as_bytes()[..len]);
    u128::from_be_bytes(bytes)
}

/// Feeds the bytes of `text`'s sort key to `push`, until `push` says it has room for no more
/// (then returns false). The key is the text lower-cased, accents stripped as
/// [`fold`](crate::text::fold) strips them, ligatures and letters with no accent to strip
/// written out (`Œ` as `oe`, `Þ` as `th`: they sorted after `z`), and each run of digits as
/// its length, then its digits without leading zeros, so that numbers sort as numbers (`Item
/// 2` before `Item 10`). The length is in digits `0`-`8`, each `9` before them adding nine:
/// lengths then sort as numbers too, and a number still sorts where a digit does among
/// letters and punctuation.
fn sort_key_bytes(text: &str, mut push: impl FnMut(u8) -> bool) -> bool {
    let bytes = text.as_bytes();
    let mut utf8 = [0; 4];
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let digits = text[start..i].trim_start_matches('0');
            let mut length = digits.len();
            while length >= 9 {
                if !push(b'9') {
                    return false;
                }
                length -= 9;
            }
            if !push(b'0' + length as u8) || !digits.bytes().all(&mut push) {
                return false;
            }
            continue;
        }
        if byte.is_ascii() {
            if !push(byte.to_ascii_lowercase()) {
                return false;
            }
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        // Folded as names are compared (`œ` as oe, a combining accent as nothing).
        let mut pushed = true;
        crate::text::fold_letter(c, |folded| {
            pushed = pushed && folded.encode_utf8(&mut utf8).bytes().all(&mut push);
        });
        if !pushed {
            return false;
        }
    }
    true
}

/// The key names are sorted by (see [`sort_key_bytes`]).
pub(crate) fn name_key(text: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(text.len() + 2);
    sort_key_bytes(text, |b| {
        key.push(b);
        true
    });
    key
}

/// The first `N` bytes of [`name_key`]`(text)`, zero-padded, without building the key; and
/// whether they are all of it. Compared as byte arrays (or as a big-endian number) they sort
/// as the keys do, except that texts whose prefixes are equal may still differ unless both are
/// complete. A text with a NUL is never complete: its NUL would look like the padding.
pub(crate) fn folded_prefix<const N: usize>(text: &str) -> ([u8; N], bool) {
    let mut bytes = [0; N];
    // First bytes in ASCII without digits (most names): the key's, lower-cased in place.
    // What comes after them only adds to the key after them.
    let head = &text.as_bytes()[..text.len().min(N)];
    if head.iter().all(|b| b.is_ascii() && !b.is_ascii_digit()) {
        bytes[..head.len()].copy_from_slice(head);
        bytes.make_ascii_lowercase();
        return (bytes, text.len() <= N && !head.contains(&0));
    }
    let (mut len, mut nul) = (0, false);
    let whole = sort_key_bytes(text, |byte| {
        if len == N {
            return false;
        }
        nul |= byte == 0;
        bytes[len] = byte;
        len += 1;
        true
    });
    (bytes, whole && !nul)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name written with combining accents sorts with the same name precomposed (it sorted
    /// after every plain name with its first letters).
    #[test]
    fn a_decomposed_name_sorts_as_the_precomposed_one() {
        assert_eq!(name_key("Ja\u{301}na Mid"), name_key("Jána Mid"));
        assert_eq!(name_key("Jána Mid"), name_key("Jana Mid"));
        assert_eq!(name_key("\u{1E0C}amaru"), name_key("Damaru"));
        assert_eq!(
            name_key("Weiß Œdipe Þór Ævar ð"),
            name_key("weiss oedipe thor aevar d")
        );
    }

    proptest::proptest! {
        /// Sorting by buckets sorts, whichever thread a bucket falls to.
        #[test]
        fn sorting_by_buckets_sorts(
            mut items in proptest::collection::vec((0u16..300, proptest::num::u8::ANY), 0..60_000),
        ) {
            let sorted = sort_by_buckets(&items, |(top, _)| *top, |part| part.sort_unstable());
            items.sort_unstable();
            proptest::prop_assert_eq!(sorted, items);
        }

        /// Sorting by the leading bytes first never puts two keys out of order.
        #[test]
        fn leading_bytes_sort_as_the_keys_do(a in "[a\\u{0}é.@]{0,20}", b in "[a\\u{0}é.@]{0,20}") {
            let (x, y) = (leading_bytes(&a), leading_bytes(&b));
            if x < y {
                proptest::prop_assert!(a < b);
            }
            if a < b {
                proptest::prop_assert!(x <= y);
            }
        }

        /// The prefix is the key's own first bytes, says complete exactly when the key fits
        /// and has no NUL, and so never orders two texts against their keys.
        #[test]
        fn folded_prefixes_sort_as_the_keys_do(
            a in "[aAéÉßİ\\u{0} .ØŒ0-9]{0,12}",
            b in "[aAéÉßİ\\u{0} .ØŒ0-9]{0,12}",
        ) {
            let (fa, fb) = (name_key(&a), name_key(&b));
            let (x, complete) = folded_prefix::<8>(&a);
            let (y, _) = folded_prefix::<8>(&b);
            let len = fa.len().min(8);
            proptest::prop_assert_eq!(&x[..len], &fa[..len]);
            proptest::prop_assert!(x[len..].iter().all(|b| *b == 0));
            proptest::prop_assert_eq!(complete, fa.len() <= 8 && !fa.contains(&0));
            if x < y {
                proptest::prop_assert!(fa < fb);
            }
            if fa < fb {
                proptest::prop_assert!(x <= y);
            }
        }

        /// Numbers in names sort as numbers, whatever their length and leading zeros; what
        /// comes after a number counts only when the numbers are equal.
        #[test]
        fn numbers_in_names_sort_as_numbers(
            a in 0u128..u128::MAX, b in 0u128..u128::MAX,
            zeros in 0usize..3, tail_a in "[a-z]{0,2}", tail_b in "[a-z]{0,2}",
        ) {
            let key = |n: u128, tail: &str| {
                name_key(&format!("Item {}{n}{tail}", "0".repeat(zeros)))
            };
            let (ka, kb) = (key(a, &tail_a), key(b, &tail_b));
            match a.cmp(&b) {
                std::cmp::Ordering::Less => proptest::prop_assert!(ka < kb),
                std::cmp::Ordering::Greater => proptest::prop_assert!(ka > kb),
                std::cmp::Ordering::Equal => {
                    proptest::prop_assert_eq!(ka.cmp(&kb), tail_a.cmp(&tail_b));
                }
            }
        }
    }
}
