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
        // ASCII is always NFC; the quick check settles nearly every other text in one scan.
        if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
            return;
        }
        // ASCII whitespace never composes with what follows, so words can be checked alone.
        let mut start = 0;
        for word in text.split(|c: char| c.is_ascii_whitespace()) {
            let range = start..start + word.len();
            start = range.end + 1;
            if word.is_ascii() || is_nfc(word) {
                continue;
            }
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
