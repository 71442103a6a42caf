//! The `unicode-normalization` rule: text ends in NFC, the composed form nearly every
//! producer writes, so that `é` typed two ways compares equal. Runs last, after every other
//! fix, so that fixes which insert combining marks are normalized too.

use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::rules::{FixSafety, Rule, Severity};
use unicode_normalization::{is_nfc, is_nfc_quick, IsNormalized, UnicodeNormalization};

pub static UNICODE_NORMALIZATION: Rule = Rule {
    code: "E108",
    name: "unicode-normalization",
    family: "encoding",
    severity: Severity::Info,
    fix: FixSafety::Safe,
    summary: "Text not in Unicode NFC (decomposed accents and the like)",
    doc: r#"## What it does
Finds words that are not in Unicode Normalization Form C and rewrites them in NFC: a letter
followed by a combining accent becomes the precomposed letter, and characters with a
canonical equivalent are replaced by it.

## Why it matters
`é` can be stored as one character (U+00E9) or two (`e` + U+0301). They look the same but
compare, hash, count and search differently, so deduplication and matching miss; text copied
from macOS file names or some PDF extractors arrives decomposed.

## Example
`Mu` + `n` + U+0303 + `oz` (decomposed) becomes `Muñoz` (one character for `ñ`).

## Fix safety
Safe: NFC is canonical equivalence, which by definition does not change what the text
means or how it renders."#,
};

static RULES: &[&Rule] = &[&UNICODE_NORMALIZATION];

pub struct Nfc;

impl Pass for Nfc {
    fn name(&self) -> &'static str {
        "unicode-normalization"
    }

    fn stage(&self) -> Stage {
        Stage::Final
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        let bytes = text.as_bytes();
        // ASCII is always NFC, and ASCII whitespace never composes with what follows, so only
        // the words holding a non-ASCII character need a look: jump from one to the next over
        // the ASCII in between, and check each such word alone.
        let mut next = 0;
        while let Some(found) = crate::scan::first_non_ascii(&bytes[next..]) {
            let at = next + found;
            let start = bytes[..at]
                .iter()
                .rposition(u8::is_ascii_whitespace)
                .map_or(0, |p| p + 1);
            let end = bytes[at..]
                .iter()
                .position(u8::is_ascii_whitespace)
                .map_or(bytes.len(), |p| at + p);
            next = end;
            let word = &text[start..end];
            // The quick check settles nearly every word; the full check only the maybes.
            if is_nfc_quick(word.chars()) == IsNormalized::Yes || is_nfc(word) {
                continue;
            }
            let range = start..end;
            let normalized: String = word.nfc().collect();
            cx.report(
                Finding::new(&UNICODE_NORMALIZATION, range.clone(), "word not in NFC")
                    .with_fix(Fix::safe(vec![Edit::new(range, normalized)])),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{clean, Config};

    #[test]
    fn composes_decomposed_words_only() {
        let config = Config::new()
            .with_selection(&["unicode-normalization".into()], &[])
            .unwrap();
        let a = clean("Mun\u{303}oz said caf\u{e9}", &config);
        assert_eq!(a.text, "Mu\u{f1}oz said caf\u{e9}");
        assert_eq!(a.diagnostics.len(), 1);
        assert_eq!(a.diagnostics[0].byte_range, 0..7);
    }
}
