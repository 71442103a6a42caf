//! JSON string literals, written byte for byte as `serde_json` writes them, at near memory
//! speed on long texts.
//!
//! A JSON Lines run writes every cleaned article back as a JSON string. `serde_json` looks
//! up each byte in a table, which cost about 14 instructions a byte: a tenth of a whole run
//! over short Reuters records. Here one vector scan finds the bytes that need an escape (a
//! quote, a backslash, a control character; in news text, the line breaks and quotes) and
//! the runs between them are copied whole.

use crate::scan::ByteClass;

/// The bytes JSON requires escaped in a string.
static ESCAPED: ByteClass<2, 1> = ByteClass {
    exact: *b"\"\\",
    ranges: [(0x00, 0x1f)],
    non_ascii: false,
};

/// Appends `s` to `out` as a JSON string literal (quotes included), escaped as
/// `serde_json::to_string` escapes it: `\"`, `\\`, the short escapes of backspace, form
/// feed, newline, carriage return and tab, `\u00XX` (lower-case hex) for the other control
/// characters, everything else as it is.
pub fn push(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut from = 0;
    crate::scan::for_each_byte(b, &ESCAPED, |i| {
        out.extend_from_slice(&b[from..i]);
        match b[i] {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            c => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(c >> 4)],
                HEX[usize::from(c & 15)],
            ]),
        }
        from = i + 1;
    });
    out.extend_from_slice(&b[from..]);
    out.push(b'"');
}

/// `s` as a JSON string literal (see `push`).
pub fn to_string(s: &str) -> String {
    let mut out = Vec::new();
    push(&mut out, s);
    String::from_utf8(out).expect("a JSON string of a str is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::to_string;

    #[test]
    fn every_character_is_written_as_serde_json_writes_it() {
        let mut all: String = (0u8..=0x7f).map(char::from).collect();
        all.push_str("é—“”\u{2028}\u{FEFF}😀\u{80}\u{9f}");
        for c in all.chars() {
            let s = c.to_string();
            assert_eq!(to_string(&s), serde_json::to_string(&s).unwrap(), "{c:?}");
        }
    }

    #[test]
    fn long_texts_are_written_as_serde_json_writes_them() {
        // Escapes at every offset of a vector block, in runs and alone, and in the tail.
        let pieces = [
            "a", "\"", "\\", "\n", "\r\n", "\t", "\u{1}", "é", "—", "  ", "x\u{1f}",
        ];
        let mut seed = 7u64;
        for len in [0, 1, 2, 31, 63, 64, 65, 127, 128, 129, 300, 1000] {
            let mut s = String::new();
            while s.len() < len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(to_string(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
        }
    }
}
