//! Makes article text safe to echo to a terminal. Scraped text is hostile: control
//! characters, escape sequences, bidi overrides and zero-width characters could rewrite the
//! terminal or hide what a report shows, so they are written as visible `\u{...}` escapes.

use std::borrow::Cow;

/// True for characters that must not reach a terminal raw.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{ad}'
        | '\u{61c}'
        | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
    )
}

/// The escaped form of one character, or `None` when it is safe as it is.
pub fn escape(c: char) -> Option<String> {
    if !is_unsafe(c) {
        return None;
    }
    Some(match c {
        '\t' => "\\t".to_owned(),
        '\n' => "\\n".to_owned(),
        '\r' => "\\r".to_owned(),
        _ => format!("\\u{{{:x}}}", c as u32),
    })
}

/// `s` with every unsafe character escaped.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match escape(c) {
            Some(e) => out.push_str(&e),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_bidi_and_zero_width() {
        assert_eq!(sanitize("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(sanitize("x\u{202e}y\u{200b}z"), "x\\u{202e}y\\u{200b}z");
        assert_eq!(sanitize("tab\there"), "tab\\there");
        assert!(matches!(sanitize("plain café"), Cow::Borrowed(_)));
    }
}
