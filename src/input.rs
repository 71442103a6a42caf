//! Bytes to text: the only place that decides how the input's bytes are read.
//!
//! UTF-8 (with or without a byte order mark) is taken as it is, so report offsets are the
//! input's own bytes. Input that is not valid UTF-8 is an error that says where the first bad
//! byte is; nothing is silently replaced.

use std::fmt;

/// The decoded input.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub text: String,
    /// Name of the encoding the bytes were read as.
    pub encoding: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not valid UTF-8; `offset` is the first bad byte.
    InvalidUtf8 { offset: usize, byte: Option<u8> },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidUtf8 { offset, byte } => {
                match byte {
                    Some(b) => write!(f, "not valid UTF-8: byte 0x{b:02X} at offset {offset}")?,
                    None => write!(f, "not valid UTF-8: truncated character at offset {offset}")?,
                }
                f.write_str("; convert it to UTF-8 first (for example with iconv)")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes `bytes` as UTF-8.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_owned(),
            encoding: "utf-8",
        }),
        Err(e) => {
            let offset = e.valid_up_to();
            Err(DecodeError::InvalidUtf8 {
                offset,
                byte: e.error_len().map(|_| bytes[offset]),
            })
        }
    }
}

/// Decodes owned bytes without copying when they are valid UTF-8.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            encoding: "utf-8",
        }),
        Err(e) => decode(e.as_bytes()),
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
    }

    #[test]
    fn invalid_utf8_names_the_position() {
        let e = decode(b"ab\xffcd").unwrap_err();
        assert_eq!(
            e,
            DecodeError::InvalidUtf8 {
                offset: 2,
                byte: Some(0xff)
            }
        );
        let e = decode(b"ab\xc3").unwrap_err();
        assert_eq!(
            e,
            DecodeError::InvalidUtf8 {
                offset: 2,
                byte: None
            }
        );
        assert!(e.to_string().contains("offset 2"));
    }
}
