//! Byte-level scanning helpers shared by the passes: the cheap prefilters that let a pass skip
//! the (usually large) parts of a text it has nothing to say about, so that its real work is
//! spent only where a defect can be.

/// Offset of the first non-ASCII byte of `bytes`, or `None` when it is all ASCII. Checks a
/// block at a time with the standard library's word-wise ASCII test, so pure-ASCII text
/// (most English news) costs a fraction of a byte-by-byte loop.
pub fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 64;
    let mut at = 0;
    for block in bytes.chunks(BLOCK) {
        if !block.is_ascii() {
            return block.iter().position(|&b| b >= 0x80).map(|i| at + i);
        }
        at += block.len();
    }
    None
}

/// Iterates the offsets of the non-ASCII bytes of `bytes` that start a character (UTF-8
/// continuation bytes are skipped), fast over ASCII stretches.
pub fn non_ascii_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let i = at + first_non_ascii(&bytes[at..])?;
        at = i + 1;
        while at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
            at += 1;
        }
        Some(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_non_ascii_at_any_offset() {
        assert_eq!(first_non_ascii(b""), None);
        assert_eq!(first_non_ascii(&[b'a'; 200]), None);
        for i in [0, 1, 63, 64, 65, 130, 199] {
            let mut v = vec![b'a'; 200];
            v[i] = 0xC3;
            assert_eq!(first_non_ascii(&v), Some(i), "{i}");
        }
    }

    #[test]
    fn iterates_character_starts() {
        let s = "a é b — ü".repeat(20);
        let want: Vec<usize> = s
            .char_indices()
            .filter(|(_, c)| !c.is_ascii())
            .map(|(i, _)| i)
            .collect();
        assert_eq!(non_ascii_starts(s.as_bytes()).collect::<Vec<_>>(), want);
    }
}
