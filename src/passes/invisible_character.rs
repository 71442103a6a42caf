//! The `invisible-character` rule: characters that take no space and carry no letter, left by
//! web pages and word processors: zero-width spaces, word joiners, byte order marks inside the
//! text, soft hyphens, invisible math operators. Zero-width (non-)joiners are kept where a
//! script needs them (Persian and Indic words, emoji sequences) and removed elsewhere.

use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::rescan::{past_ascii_lines, touched_lines};
use crate::rules::{FixSafety, Rule, Severity};
use std::ops::Range;
use unicode_script::{Script, UnicodeScript};

pub static INVISIBLE_CHARACTER: Rule = Rule {
    code: "E106",
    name: "invisible-character",
    family: "encoding",
    severity: Severity::Info,
    fix: FixSafety::Safe,
    summary: "Invisible characters: zero-width spaces, word joiners, stray BOMs, soft hyphens",
    doc: r#"## What it does
Removes characters that are invisible and carry no text: ZERO WIDTH SPACE (U+200B), WORD
JOINER (U+2060), a byte order mark (U+FEFF) inside the text, SOFT HYPHEN (U+00AD), the
invisible math operators (U+2061-U+2064), MONGOLIAN VOWEL SEPARATOR (U+180E) and the
interlinear annotation marks (U+FFF9-U+FFFB). ZERO WIDTH NON-JOINER (U+200C) and ZERO WIDTH
JOINER (U+200D) are removed only between Latin letters, digits, punctuation or spaces; they
are kept where they belong: in Arabic-script and Indic words and in emoji sequences. A zero
width space between letters of a script written without spaces (Thai, Khmer, Lao, Myanmar,
Chinese, Japanese) marks a word boundary and is kept.

## Why it matters
Invisible characters make equal words compare different (`co\u200Bvid` is not `covid`),
break search and tokenization, and can hide text from filters.

## Example
`Ele` + SOFT HYPHEN + `phant` and `Bei\u200Bjing` become `Elephant` and `Beijing`.

## Fix safety
Safe: the removed characters render as nothing, and the joiners that shape a script or an
emoji are kept."#,
};

static RULES: &[&Rule] = &[&INVISIBLE_CHARACTER];

pub struct InvisibleCharacter;

fn always_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' | '\u{2061}'..='\u{2064}' | '\u{180E}' | '\u{FFF9}'..='\u{FFFB}')
}

fn is_candidate(c: char) -> bool {
    always_invisible(c) || c == '\u{200C}' || c == '\u{200D}'
}

/// Scripts written without spaces, where a zero-width space marks a word boundary.
fn spaceless_script(c: char) -> bool {
    matches!(
        c.script(),
        Script::Thai
            | Script::Lao
            | Script::Khmer
            | Script::Myanmar
            | Script::Tibetan
            | Script::Han
            | Script::Hiragana
            | Script::Katakana
    )
}

/// Characters beside which a joiner may be meaningful: anything outside Latin and common
/// punctuation (Arabic, Indic, ... letters), emoji and their modifiers.
fn joiner_context(c: char) -> bool {
    let emoji = matches!(c as u32, 0x2600..=0x27BF | 0x1F000..=0x1FAFF | 0xFE0F | 0x20E3);
    emoji
        || (c.is_alphabetic()
            && !matches!(
                c.script(),
                Script::Latin | Script::Common | Script::Inherited
            ))
}

impl Pass for InvisibleCharacter {
    // A finding reads the character and its neighbours on its line (a `\n` neighbour stops
    // the search): run again, the lines that changed are enough.
    fn rescans_changes(&self) -> bool {
        true
    }

    // An invisible character is found by itself and the letters beside it, not the spaces.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "invisible-character"
    }

    fn stage(&self) -> Stage {
        Stage::Encoding
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        // Every invisible character is non-ASCII: lines of ASCII before the first other byte
        // hold none.
        let windows = past_ascii_lines(text, touched_lines(text, cx.changed), cx.first_non_ascii());
        for window in windows {
            find_in(cx, window);
        }
    }
}

/// The findings in `window` of the working text (from a line start to just after a line
/// end, or the text's end: no character crosses it).
fn find_in(cx: &mut Context<'_>, window: Range<usize>) {
    let text = cx.text;
    let bytes = &text.as_bytes()[..window.end];
    // Every candidate is encoded with lead byte C2 (U+00AD), E1 (U+180E), E2 (U+200x) or EF
    // (U+FEFF, U+FFFx): no such byte, nothing to do.
    if bytes[window.start..].is_ascii() {
        return;
    }
    // A vectorized search (`str::contains` with a `char` took 1.1 ms on 16 MB).
    let has_e1 = crate::finder!("\u{180E}".as_bytes())
        .find(&bytes[window.start..])
        .is_some();
    let mut i = window.start;
    while i < bytes.len() {
        // Jump to the next possible lead byte; lead bytes never occur inside a character,
        // so `i` is then a char boundary. U+180E (lead E1) is rare enough for its own scan.
        let jump = memchr::memchr3(0xc2, 0xe2, 0xef, &bytes[i..]);
        let jump_e1 = if has_e1 {
            memchr::memchr(0xe1, &bytes[i..])
        } else {
            None
        };
        match (jump, jump_e1) {
            (None, None) => break,
            (a, b) => i += a.unwrap_or(usize::MAX).min(b.unwrap_or(usize::MAX)),
        }
        let c = text[i..].chars().next().expect("char boundary");
        if !is_candidate(c) {
            i += c.len_utf8();
            continue;
        }
        // A removed character does not separate its neighbours.
        let prev = text[..i].chars().rev().find(|&p| !always_invisible(p));
        let next = text[i + c.len_utf8()..].chars().next();
        let keep = match c {
            '\u{200C}' | '\u{200D}' => {
                prev.is_some_and(joiner_context) || next.is_some_and(joiner_context)
            }
            '\u{200B}' => prev.is_some_and(spaceless_script) && next.is_some_and(spaceless_script),
            _ => false,
        };
        if keep {
            i += c.len_utf8();
            continue;
        }
        let range = i..i + c.len_utf8();
        let name = match c {
            '\u{200B}' => "zero width space",
            '\u{200C}' => "zero width non-joiner outside a joining script",
            '\u{200D}' => "zero width joiner outside a joining script or emoji",
            '\u{2060}' => "word joiner",
            '\u{FEFF}' if i == 0 => "byte order mark at the start of the text",
            '\u{FEFF}' => "byte order mark inside the text",
            '\u{AD}' => "soft hyphen",
            _ => "invisible character",
        };
        cx.report(
            Finding::new(
                &INVISIBLE_CHARACTER,
                range.clone(),
                format!("{name} (U+{:04X})", c as u32),
            )
            .with_fix(Fix::safe_one(Edit::delete(range))),
        );
        i += c.len_utf8();
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::clean_only;

    fn fix(s: &str) -> String {
        clean_only(&["invisible-character"], s).text
    }

    #[test]
    fn removes_stray_keeps_meaningful() {
        assert_eq!(
            fix("Ele\u{AD}phant Bei\u{200B}jing a\u{2060}b x\u{FEFF}y"),
            "Elephant Beijing ab xy"
        );
        assert_eq!(fix("foo\u{200D}bar"), "foobar");
        // Persian ZWNJ, emoji ZWJ sequence, Thai word break.
        for s in ["می\u{200C}خواهم", "👩\u{200D}💻", "ภาษา\u{200B}ไทย"] {
            assert_eq!(fix(s), s);
        }
    }
}
