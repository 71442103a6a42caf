//! Bytes to text: the only place that decides how the input's bytes are read.
//!
//! UTF-8 (with or without a byte order mark) is taken as it is, so report offsets are the
//! input's own bytes. A UTF-16 byte order mark wins. Other input is decoded, never rejected:
//! text that is UTF-8 except for a few stray bytes keeps its UTF-8 and each run of bad bytes
//! is read as windows-1252 (the usual culprit: a lone 0xA3 for `£`); text with no UTF-8 in it
//! is read in the encoding chardetng detects. Nothing becomes U+FFFD silently: what was
//! decoded from a legacy encoding is listed in `Decoded::legacy` and reported by the
//! `legacy-encoding` rule.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::fmt;
use std::ops::Range;

/// The decoded input.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub text: String,
    /// Name of the encoding the bytes were read as (`utf-8` for UTF-8 with stray bytes).
    pub encoding: &'static str,
    /// Spans of `text` decoded from a legacy encoding instead of UTF-8: the whole text when
    /// the input was not UTF-8, or each run of stray bytes inside UTF-8. Empty for UTF-8.
    pub legacy: Vec<Range<usize>>,
    /// The legacy encoding those spans were read as (`None` when `legacy` is empty).
    pub legacy_encoding: Option<&'static str>,
    /// True when the encoding was given (`--encoding`) rather than detected.
    pub forced: bool,
}

impl Decoded {
    fn utf8(text: String) -> Self {
        Decoded {
            text,
            encoding: "utf-8",
            legacy: Vec::new(),
            legacy_encoding: None,
            forced: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// `--encoding` named no encoding known to the WHATWG Encoding Standard.
    UnknownEncoding(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::UnknownEncoding(name) => write!(
                f,
                "unknown encoding '{name}' (use a WHATWG label such as windows-1252, iso-8859-2, koi8-r, shift_jis)"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Looks up an encoding by its WHATWG label (`latin1`, `cp1252`, `utf-8`, ...).
pub fn encoding_for_label(name: &str) -> Result<&'static Encoding, DecodeError> {
    Encoding::for_label(name.trim().as_bytes())
        .ok_or_else(|| DecodeError::UnknownEncoding(name.to_owned()))
}

/// Decodes `bytes`, detecting the encoding when they are not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) if !starts_with_utf16_bom(bytes) => Ok(Decoded::utf8(text.to_owned())),
        _ => Ok(decode_non_utf8(bytes)),
    }
}

/// Decodes owned bytes without copying when they are valid UTF-8.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if starts_with_utf16_bom(&bytes) {
        return Ok(decode_non_utf8(&bytes));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded::utf8(text)),
        Err(e) => Ok(decode_non_utf8(e.as_bytes())),
    }
}

/// Decodes `bytes` in a given encoding (`--encoding`); bytes that encoding cannot decode
/// become U+FFFD, which the `replacement-character` rule then reports.
pub fn decode_forced(bytes: &[u8], encoding: &'static Encoding) -> Decoded {
    if encoding == UTF_8 {
        let mut d = match std::str::from_utf8(bytes) {
            Ok(t) => Decoded::utf8(t.to_owned()),
            Err(_) => Decoded::utf8(String::from_utf8_lossy(bytes).into_owned()),
        };
        d.forced = true;
        return d;
    }
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let text = text.into_owned();
    Decoded {
        legacy: whole(&text),
        encoding: encoding.name(),
        legacy_encoding: Some(encoding.name()),
        forced: true,
        text,
    }
}

/// The whole text as the one legacy span.
fn whole(text: &str) -> Vec<Range<usize>> {
    std::iter::once(0..text.len()).collect()
}

fn starts_with_utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff])
}

fn decode_non_utf8(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        if enc == UTF_16LE || enc == UTF_16BE {
            let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
            let text = text.into_owned();
            return Decoded {
                legacy: whole(&text),
                encoding: enc.name(),
                legacy_encoding: Some(enc.name()),
                forced: false,
                text,
            };
        }
    }
    let (good_multibyte, bad_runs) = utf8_census(bytes);
    // UTF-8 with stray bytes: real multi-byte sequences outnumber the bad runs.
    if good_multibyte > 0 && good_multibyte >= bad_runs {
        return decode_patched_utf8(bytes);
    }
    let mut enc = detect(bytes);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let mut text = text.into_owned();
    if enc != WINDOWS_1252 {
        // Name the common encoding when it reads the bytes the same (English text with only
        // curly quotes is windows-1250 as much as windows-1252).
        let (western, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
        if western == text {
            enc = WINDOWS_1252;
            text = western.into_owned();
        }
    }
    Decoded {
        legacy: whole(&text),
        encoding: enc.name(),
        legacy_encoding: Some(enc.name()),
        forced: false,
        text,
    }
}

/// Counts valid multi-byte UTF-8 sequences and runs of invalid bytes.
fn utf8_census(bytes: &[u8]) -> (usize, usize) {
    let mut good = 0;
    let mut bad = 0;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.bytes().filter(|b| (0xc0..0xf8).contains(b)).count();
                return (good, bad);
            }
            Err(e) => {
                let valid = &rest[..e.valid_up_to()];
                good += valid.iter().filter(|b| (0xc0..0xf8).contains(*b)).count();
                bad += 1;
                let skip = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                rest = &rest[e.valid_up_to() + skip..];
            }
        }
    }
}

/// The encoding of bytes that hold no UTF-8. Western text is windows-1252 unless the
/// detector is confident of another encoding.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    // A handful of high bytes in ASCII text is too little evidence for an exotic guess;
    // windows-1252 is the overwhelmingly common legacy encoding of news text.
    let high = bytes.iter().filter(|b| **b >= 0x80).count();
    if high < 8 && guess != WINDOWS_1252 {
        return WINDOWS_1252;
    }
    guess
}

/// Keeps the UTF-8 and reads each run of bad bytes as windows-1252.
fn decode_patched_utf8(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + 8);
    let mut legacy = Vec::new();
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                text.push_str(s);
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                text.push_str(std::str::from_utf8(&rest[..valid]).expect("valid prefix"));
                // The run of bad bytes: keep going while the next byte does not start valid
                // UTF-8.
                let mut end = valid + e.error_len().unwrap_or(rest.len() - valid);
                while end < rest.len() {
                    match std::str::from_utf8(&rest[end..]) {
                        Err(e2) if e2.valid_up_to() == 0 => {
                            end += e2.error_len().unwrap_or(rest.len() - end);
                        }
                        _ => break,
                    }
                }
                let (run, _) = WINDOWS_1252.decode_without_bom_handling(&rest[valid..end]);
                let start = text.len();
                text.push_str(&run);
                legacy.push(start..text.len());
                rest = &rest[end..];
            }
        }
    }
    Decoded {
        text,
        encoding: "utf-8",
        legacy,
        legacy_encoding: Some(WINDOWS_1252.name()),
        forced: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_keeps_offsets() {
        let d = decode("\u{feff}abc".as_bytes()).unwrap();
        assert_eq!(d.text, "\u{feff}abc");
        assert_eq!(d.encoding, "utf-8");
        assert!(d.legacy.is_empty());
    }

    #[test]
    fn cp1252_input_is_decoded() {
        let d = decode(b"He said \x93no\x94 \x96 it costs \xa35.\r\n").unwrap();
        assert_eq!(
            d.text,
            "He said \u{201c}no\u{201d} \u{2013} it costs \u{a3}5.\r\n"
        );
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.legacy, whole(&d.text));
    }

    #[test]
    fn stray_bytes_in_utf8_are_read_as_cp1252() {
        let d = decode(
            "caf\u{e9} costs \u{a3}"
                .bytes()
                .chain(*b" and \xa35")
                .collect::<Vec<_>>()
                .as_slice(),
        )
        .unwrap();
        assert_eq!(d.text, "caf\u{e9} costs \u{a3} and \u{a3}5");
        assert_eq!(d.encoding, "utf-8");
        assert_eq!(d.legacy.len(), 1);
        assert_eq!(&d.text[d.legacy[0].clone()], "\u{a3}");
    }

    #[test]
    fn a_lone_byte_in_ascii_is_windows_1252() {
        let d = decode(b"It cost \xa3400m.").unwrap();
        assert_eq!(d.text, "It cost \u{a3}400m.");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn forced_encoding_wins() {
        let d = decode_forced(b"\xe8\xe0", encoding_for_label("koi8-r").unwrap());
        assert_eq!(d.encoding, "KOI8-R");
        assert!(d.forced);
        assert!(encoding_for_label("no-such").is_err());
    }
}
