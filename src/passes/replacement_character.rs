//! The `replacement-character` rule: U+FFFD, the mark a decoder leaves where it could not read
//! a byte. The character it replaced is lost, so the rule only reports it.

use crate::pass::{Context, Finding, Pass, Stage};
use crate::rescan::{past_ascii_lines, touched_lines};
use crate::rules::{FixSafety, Rule, Severity};

pub static REPLACEMENT_CHARACTER: Rule = Rule {
    code: "E105",
    name: "replacement-character",
    family: "encoding",
    severity: Severity::Warning,
    fix: FixSafety::None,
    summary: "U+FFFD replacement characters: text lost by an earlier decoder",
    doc: r#"## What it does
Reports each run of U+FFFD REPLACEMENT CHARACTER (`�`), which a decoder upstream wrote where
it could not read the bytes.

## Why it matters
Each one is a lost character, often an accented letter, a curly quote or a currency sign. A
source with many of them was decoded in the wrong encoding and is better fetched again or
re-decoded (see `legacy-encoding` and `--encoding`).

## Example
`S�o Paulo` is reported: the `ã` cannot be recovered from the text alone.

## Fix safety
No fix: the original character is gone, and guessing it could change a name or a number."#,
};

static RULES: &[&Rule] = &[&REPLACEMENT_CHARACTER];

pub struct ReplacementCharacter;

impl Pass for ReplacementCharacter {
    // A run of U+FFFD lies within a line: run again, the lines that changed are enough.
    fn rescans_changes(&self) -> bool {
        true
    }

    // U+FFFD is found by itself; tidied spacing makes none.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "replacement-character"
    }

    fn stage(&self) -> Stage {
        Stage::Encoding
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        const FFFD: &[u8] = "\u{FFFD}".as_bytes();
        let text = cx.text;
        let bytes = text.as_bytes();
        let finder = crate::finder!(FFFD);
        // U+FFFD is not ASCII: lines of ASCII before the first other byte hold none.
        let windows = past_ascii_lines(text, touched_lines(text, cx.changed), cx.first_non_ascii());
        for window in windows {
            let mut from = window.start;
            while let Some(off) = finder.find(&bytes[from..window.end]) {
                let start = from + off;
                let mut end = start + FFFD.len();
                while bytes[end..].starts_with(FFFD) {
                    end += FFFD.len();
                }
                let n = (end - start) / FFFD.len();
                let msg = if n == 1 {
                    "replacement character U+FFFD: a character was lost in decoding".to_owned()
                } else {
                    format!("{n} replacement characters U+FFFD: characters were lost in decoding")
                };
                cx.report(Finding::new(&REPLACEMENT_CHARACTER, start..end, msg));
                from = end;
            }
        }
    }
}
