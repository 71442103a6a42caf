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

/// The same normalization before any other pass, so that every pass sees the text in the
/// form it will have after cleaning: a pass that looks at the character before a mark or a
/// backslash must not decide differently on `e` + U+0301 (first run) and `é` (second run).
/// `Nfc` still runs last for what later fixes decompose.
pub struct NfcFirst;

impl Pass for NfcFirst {
    fn name(&self) -> &'static str {
        "unicode-normalization-first"
    }

    fn stage(&self) -> Stage {
        Stage::Prepare
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        Nfc.run(cx);
    }
}

impl Pass for Nfc {
    // Composition reads letters and marks; spaces compose with nothing.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

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
        // ASCII is always NFC and an ASCII character never composes with what precedes it,
        // so the text splits into pieces (an ASCII character or the start, then a run of
        // non-ASCII characters) that normalize alone. Jump from run to run over the ASCII;
        // a run made only of characters that are NFC whatever surrounds them needs no check;
        // only the pieces that change are replaced, so later findings inside the same word
        // keep their precise place. The first run is known already.
        let mut at = cx.first_non_ascii();
        while let Some(found) = crate::scan::first_non_ascii(&bytes[at..]) {
            let first_non_ascii = at + found;
            let end = bytes[first_non_ascii..]
                .iter()
                .position(|&b| b < 0x80)
                .map_or(text.len(), |o| first_non_ascii + o);
            at = end;
            // One character of U+0080..U+02FF alone (lead byte C2..CB, the common accented
            // letter) is settled from its bytes.
            let run = &bytes[first_non_ascii..end];
            if run.len() == 2 && (0xc2..=0xcb).contains(&run[0]) {
                continue;
            }
            if text[first_non_ascii..end].chars().all(is_always_nfc) {
                continue;
            }
            let start = if first_non_ascii > 0 && bytes[first_non_ascii - 1] != b'\n' {
                first_non_ascii - 1
            } else {
                first_non_ascii
            };
            let piece = &text[start..end];
            // The quick check settles nearly every piece; the full check only the maybes.
            if is_nfc_quick(piece.chars()) == IsNormalized::Yes || is_nfc(piece) {
                continue;
            }
            let normalized: String = piece.nfc().collect();
            cx.report(
                Finding::new(&UNICODE_NORMALIZATION, start..end, "characters not in NFC")
                    .with_fix(Fix::safe_one(Edit::new(start..end, normalized))),
            );
        }
    }
}

/// Characters that leave a text in NFC whatever surrounds them: canonical combining class 0,
/// and neither decomposed by NFC nor composed with what precedes them. Latin-1, Latin
/// Extended and IPA, and general punctuation and currency signs (but U+2000 and U+2001, which
/// NFC maps to U+2002 and U+2003): most of the non-ASCII text in Latin-script news, which
/// then needs no check at all.
fn is_always_nfc(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{2ff}' | '\u{2002}'..='\u{20bf}')
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
        assert_eq!(a.diagnostics[0].byte_range, 2..5); // just the decomposed "n\u{303}"
    }

    #[test]
    fn the_always_nfc_ranges_hold_no_character_nfc_changes_or_composes() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::UnicodeNormalization;
        let always = ('\u{80}'..='\u{2ff}').chain('\u{2002}'..='\u{20bf}');
        for c in always {
            assert!(super::is_always_nfc(c));
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            let s = c.to_string();
            assert_eq!(s.nfc().collect::<String>(), s, "{c:?}");
            // Nothing composes with a preceding letter or another such character.
            for base in ['a', 'e', 'A', 'o', '\u{e9}', '\u{2ff}'] {
                let pair: String = [base, c].into_iter().collect();
                assert_eq!(pair.nfc().collect::<String>(), pair, "{base:?} {c:?}");
            }
        }
        assert!(!super::is_always_nfc('\u{2000}'));
        assert!(!super::is_always_nfc('\u{301}'));
    }
}
