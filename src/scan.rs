//! Byte-level scanning helpers shared by the passes: the cheap prefilters that let a pass skip
//! the (usually large) parts of a text it has nothing to say about, so that its real work is
//! spent only where a defect can be.

/// Offset of the first non-ASCII byte of `bytes`, or `None` when it is all ASCII. Checks a
/// block at a time with the standard library's word-wise ASCII test, so pure-ASCII text
/// (most English news) costs a fraction of a byte-by-byte loop.
pub fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
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

/// The lines of `text` (each with its `\n`, if any) that hold a non-ASCII byte, as byte
/// ranges in order: passes that only care about non-ASCII characters jump from one such line
/// to the next over the ASCII ones.
pub fn lines_with_non_ascii(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let b = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let hit = at + first_non_ascii(&b[at..])?;
        let start = memchr::memrchr(b'\n', &b[at..hit]).map_or(at, |i| at + i + 1);
        let end = memchr::memchr(b'\n', &b[hit..]).map_or(b.len(), |i| hit + i + 1);
        at = end;
        Some(start..end)
    })
}

/// How many bytes the block scans below test at once: enough for the compiler to turn the
/// test into vector compares, few enough that a block with a hit is cheap to search again.
const BLOCK: usize = 64;

/// A set of bytes as a lookup table, built at compile time: `ByteSet::of(b",.;")`.
pub struct ByteSet([u8; 256]);

impl ByteSet {
    pub const fn of(bytes: &[u8]) -> ByteSet {
        let mut table = [0u8; 256];
        let mut i = 0;
        while i < bytes.len() {
            table[bytes[i] as usize] = 1;
            i += 1;
        }
        ByteSet(table)
    }

    /// Every byte in `lo..=hi` added to the set.
    pub const fn with_range(mut self, lo: u8, hi: u8) -> ByteSet {
        let mut b = lo as usize;
        while b <= hi as usize {
            self.0[b] = 1;
            b += 1;
        }
        self
    }

    #[inline(always)]
    pub fn contains(&self, b: u8) -> bool {
        self.0[b as usize] != 0
    }
}

/// Calls `found(i)` for every offset `i >= 1` where `bytes[i - 1]` is in `first` and `bytes[i]`
/// in `second`, in order: for two-byte shapes (`space then comma`, `space then capital`) where
/// each byte alone is common but the pair is rare. A block of bytes is first tested without a
/// branch (two table lookups and an `and` per byte), so the branch predictor only sees the
/// rare blocks that hold a pair.
#[inline]
pub fn for_each_pair(
    bytes: &[u8],
    first: &ByteSet,
    second: &ByteSet,
    mut found: impl FnMut(usize),
) {
    let mut start = 1;
    while start < bytes.len() {
        let end = (start + BLOCK).min(bytes.len());
        let mut hit = 0u8;
        for i in start..end {
            hit |= first.0[bytes[i - 1] as usize] & second.0[bytes[i] as usize];
        }
        if hit != 0 {
            for i in start..end {
                if first.contains(bytes[i - 1]) && second.contains(bytes[i]) {
                    found(i);
                }
            }
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_scan_finds_every_pair_in_order() {
        let space = ByteSet::of(b" ");
        let comma = ByteSet::of(b",");
        for len in (0..40).chain([200, 257]) {
            let text: Vec<u8> = (0..len)
                .map(|i| b"a ,b , ,"[(i * 5 % 8) as usize])
                .collect();
            let mut got = Vec::new();
            for_each_pair(&text, &space, &comma, |i| got.push(i));
            let want: Vec<usize> = (1..text.len())
                .filter(|&i| text[i - 1] == b' ' && text[i] == b',')
                .collect();
            assert_eq!(got, want, "{:?}", String::from_utf8_lossy(&text));
        }
        let upper = ByteSet::of(b"").with_range(b'A', b'Z');
        assert!(upper.contains(b'A') && upper.contains(b'Z'));
        assert!(!upper.contains(b'@') && !upper.contains(b'['));
    }

    #[test]
    fn finds_the_lines_with_non_ascii_bytes() {
        let t = "a\nbé\nc\n\nü\nd é ö";
        let got: Vec<&str> = lines_with_non_ascii(t).map(|r| &t[r]).collect();
        assert_eq!(got, ["bé\n", "ü\n", "d é ö"]);
        assert_eq!(lines_with_non_ascii("plain\ntext\n").count(), 0);
        assert_eq!(lines_with_non_ascii("").count(), 0);
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
