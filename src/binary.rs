//! Telling a binary file from an article before anything tries to decode it.
//!
//! A directory of scraped text may hold a stray image or archive named `.txt`. A decoder that
//! falls back to a legacy code page would "succeed" on it and write garbage as cleaned text, so
//! the bytes are looked at first: a known file signature, or a share of control bytes no text
//! has, means binary. UTF-16 and UTF-32 text (NUL bytes in every other position, or a byte
//! order mark) is text, and a few stray NULs in a long article do not make it binary: the
//! `control-character` rule deals with those. Only the first 8 KiB are examined, so the cost
//! is constant.

/// How many leading bytes are examined.
const SAMPLE: usize = 8 * 1024;

/// Signatures of common binary formats, matched at offset 0.
const SIGNATURES: &[(&str, &[u8])] = &[
    ("PNG image", b"\x89PNG\r\n\x1a\n"),
    ("gzip archive", b"\x1f\x8b"),
    ("zip archive", b"PK\x03\x04"),
    ("zip archive", b"PK\x05\x06"),
    ("JPEG image", b"\xff\xd8\xff"),
    ("GIF image", b"GIF87a"),
    ("GIF image", b"GIF89a"),
    ("PDF document", b"%PDF-"),
    ("ELF executable", b"\x7fELF"),
    ("xz archive", b"\xfd7zXZ\x00"),
    ("zstd archive", b"\x28\xb5\x2f\xfd"),
    ("7-zip archive", b"7z\xbc\xaf\x27\x1c"),
    ("bzip2 archive", b"BZh"),
    ("WebP or RIFF media", b"RIFF"),
    ("SQLite database", b"SQLite format 3\x00"),
    ("Windows executable", b"MZ"),
];

/// The kind of binary file `bytes` looks like (`"PNG image"`, ...), or `None` for text.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    for &(kind, magic) in SIGNATURES {
        if sample.starts_with(magic) && signature_is_binary(kind, sample) {
            return Some(kind);
        }
    }
    if has_unicode_bom(sample) || looks_like_utf16(sample) {
        return None;
    }
    // Control bytes other than the whitespace and escape characters text carries. Text has
    // almost none; compressed or packed data has about one in ten.
    let controls = sample
        .iter()
        .filter(|&&b| matches!(b, 0x00..=0x08 | 0x0e..=0x1a | 0x1c..=0x1f))
        .count();
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    if controls * 20 > sample.len() || nuls * 100 > sample.len() {
        return Some("unknown format");
    }
    None
}

/// True when `bytes` look like a binary file rather than text.
pub fn looks_binary(bytes: &[u8]) -> bool {
    binary_kind(bytes).is_some()
}

/// Short signatures that could begin a text ("MZ", "BZh", "RIFF") count only with the rest
/// of their format's header; the others are not how any article starts.
fn signature_is_binary(kind: &str, sample: &[u8]) -> bool {
    match kind {
        "bzip2 archive" => {
            sample.len() >= 10
                && (b'1'..=b'9').contains(&sample[3])
                && sample[4..10] == *b"\x31\x41\x59\x26\x53\x59"
        }
        "WebP or RIFF media" => {
            sample.len() >= 12 && sample[8..12].iter().all(u8::is_ascii_uppercase)
        }
        "Windows executable" => sample.len() >= 64 && sample[2..64].contains(&0),
        _ => true,
    }
}

fn has_unicode_bom(sample: &[u8]) -> bool {
    sample.starts_with(b"\xff\xfe")
        || sample.starts_with(b"\xfe\xff")
        || sample.starts_with(b"\x00\x00\xfe\xff")
}

/// UTF-16 without a byte order mark: in Latin-script text every other byte is NUL, always at
/// the same parity, and the other parity has (almost) none.
fn looks_like_utf16(sample: &[u8]) -> bool {
    if sample.len() < 4 {
        return false;
    }
    let (mut even, mut odd) = (0, 0);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let pairs = sample.len() / 2;
    let (many, few) = if even > odd { (even, odd) } else { (odd, even) };
    many * 10 >= pairs * 3 && few * 50 <= pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_formats_are_binary() {
        assert_eq!(
            binary_kind(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("PNG image")
        );
        assert_eq!(binary_kind(b"\x1f\x8b\x08\0\0\0\0\0"), Some("gzip archive"));
        assert_eq!(binary_kind(b"%PDF-1.7\n"), Some("PDF document"));
        assert!(looks_binary(&[0u8; 100]));
        assert!(looks_binary(&[0u8; 1]));
    }

    #[test]
    fn text_is_not_binary() {
        assert!(!looks_binary(b""));
        assert!(!looks_binary("Plain article text.\n".as_bytes()));
        assert!(!looks_binary("Caf\u{e9} \u{1b}[31m".as_bytes()));
        assert!(!looks_binary(b"Caf\xe9 cr\xe8me\r\n")); // windows-1252
        assert!(!looks_binary(b"MZ is a state abbreviation.\n"));
        assert!(!looks_binary(b"BZh, said the child.\n"));
        // one stray NUL in a long article is a defect to fix, not a binary file
        let mut article = "A line of a long article.\n".repeat(100).into_bytes();
        article[500] = 0;
        assert!(!looks_binary(&article));
    }

    #[test]
    fn utf16_is_text() {
        let utf16le: Vec<u8> = "Hello, world.\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let utf16be: Vec<u8> = "Hello, world.\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(!looks_binary(&utf16le));
        assert!(!looks_binary(&utf16be));
        assert!(!looks_binary(&[b"\xff\xfe".as_slice(), &utf16le].concat()));
    }
}
