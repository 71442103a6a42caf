//! The `control-character` rule: C0 and C1 control characters in running text (tab, line
//! feed and carriage return excepted), the DEL character and ANSI terminal escape sequences.
//! They come from binary junk, terminal logs and entity-encoded markers (Reuters' `&#3;`).

use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Message, Pass, Stage};
use crate::rescan::touched_lines;
use crate::rules::{FixSafety, Rule, Severity};
use crate::scan::ByteClass;
use std::fmt::Write;

pub static CONTROL_CHARACTER: Rule = Rule {
    code: "E104",
    name: "control-character",
    family: "encoding",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "Control characters in text (C0, DEL, C1, terminal escapes)",
    doc: r#"## What it does
Removes control characters from the text: C0 controls other than tab, line feed and carriage
return, DEL (U+007F) and ANSI terminal escape sequences (`ESC [ 31 m`). A vertical tab or form
feed becomes a line break. Controls that are all of their line go with its line end, so that
no blank line is left where they stood (Reuters closes each article with `&#3;` on a line of
its own). C1 controls (U+0080-U+009F) are usually windows-1252 punctuation
read as latin-1, which the `mojibake` rule repairs; any left over are reported and removed
only as an unsafe fix.

## Why it matters
Control characters are invisible, mean nothing in prose, and break tokenizers, JSON and XML
output and terminal display. They arrive with binary junk and entity-encoded markers such as
Reuters' end-of-text `&#3;`.

## Example
`…said on Tuesday.\x03` becomes `…said on Tuesday.`

## Fix safety
Safe for C0 controls, DEL and escape sequences, which carry no text. Unsafe for C1 controls:
one could be a quotation mark or dash that the `mojibake` rule would restore."#,
};

static RULES: &[&Rule] = &[&CONTROL_CHARACTER];

pub struct ControlCharacter;

fn is_c0_junk(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f
}

impl Pass for ControlCharacter {
    // A control character, a run of them or an escape sequence lies within a line: run
    // again, the lines that changed are enough.
    fn rescans_changes(&self) -> bool {
        true
    }

    // A control character is found by itself; tidied spacing makes none.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "control-character"
    }

    fn stage(&self) -> Stage {
        Stage::Encoding
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        // C1 controls are encoded C2 80..C2 9F, so a vector scan for C0, DEL and C2 finds
        // every candidate; a candidate inside a run already reported is skipped.
        static CANDIDATES: ByteClass<4, 2> = ByteClass {
            exact: [0x0b, 0x0c, 0x7f, 0xc2],
            ranges: [(0x00, 0x08), (0x0e, 0x1f)],
            non_ascii: false,
        };
        let mut next = 0;
        for window in touched_lines(text, cx.changed) {
            let from = window.start;
            crate::scan::for_each_byte(&text.as_bytes()[window], &CANDIDATES, |i| {
                let i = from + i;
                if i < next {
                    return;
                }
                if let Some(finding) = control_at(text, i) {
                    next = finding.range.end;
                    cx.report(finding);
                }
            });
        }
    }
}

/// The control character (or run, or terminal escape sequence) that starts at byte `i`.
fn control_at(text: &str, i: usize) -> Option<Finding> {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b == 0x1b {
        // An ANSI escape: ESC [ parameters final-letter.
        let mut end = i + 1;
        if bytes.get(end) == Some(&b'[') {
            end += 1;
            while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b';') {
                end += 1;
            }
            if end < bytes.len() && bytes[end].is_ascii_alphabetic() {
                end += 1;
            } else {
                end = i + 1;
            }
        }
        let what = if end > i + 1 {
            "terminal escape sequence"
        } else {
            "control character U+001B"
        };
        Some(
            Finding::new(&CONTROL_CHARACTER, i..end, what)
                .with_fix(Fix::safe_one(Edit::delete(i..end))),
        )
    } else if is_c0_junk(b) {
        let mut end = i;
        while end < bytes.len() && is_c0_junk(bytes[end]) && bytes[end] != 0x1b {
            end += 1;
        }
        let run = &text[i..end];
        let breaks = run.bytes().all(|b| b == 0x0b || b == 0x0c);
        let content = if breaks { "\n" } else { "" };
        // A line of nothing but controls goes whole: its deletion would leave a blank line,
        // a defect of the fix's own making for the whitespace rule to report and mend.
        let whole_line = (i == 0 || bytes[i - 1] == b'\n') && bytes.get(end) == Some(&b'\n');
        let cut = if whole_line && !breaks {
            i..end + 1
        } else {
            i..end
        };
        // Made from the run when a report keeps it: a dump can have a control character in
        // every article.
        let message = Message::Of(|run| {
            let mut message = String::from("control character");
            for c in run.chars().take(4) {
                let _ = write!(message, " U+{:04X}", c as u32);
            }
            message
        });
        Some(
            Finding::new(&CONTROL_CHARACTER, i..end, message)
                .with_fix(Fix::safe_one(Edit::new(cut, content))),
        )
    } else if b == 0xc2 && matches!(bytes.get(i + 1), Some(0x80..=0x9f)) {
        let mut end = i;
        while end + 1 < bytes.len() && bytes[end] == 0xc2 && (0x80..=0x9f).contains(&bytes[end + 1])
        {
            end += 2;
        }
        let c = text[i..].chars().next().unwrap_or('\u{80}');
        Some(
            Finding::new(
                &CONTROL_CHARACTER,
                i..end,
                format!("C1 control character U+{:04X}", c as u32),
            )
            .with_fix(Fix::unsafe_(vec![Edit::delete(i..end)])),
        )
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::clean_only;

    fn fix(s: &str) -> String {
        clean_only(&["control-character"], s).text
    }

    #[test]
    fn removes_controls_keeps_tabs_and_lines() {
        assert_eq!(fix("said.\u{3}"), "said.");
        assert_eq!(fix("a\tb\nc\u{7f}d\u{1b}[31mred\u{1b}[0m"), "a\tb\ncdred");
        assert_eq!(fix("page\u{c}next"), "page\nnext");
        // A line of controls goes with its line end; controls that share a line do not.
        assert_eq!(fix(" Reuter\n\u{3}\n\nNext"), " Reuter\n\nNext");
        assert_eq!(fix("\u{3}\u{2}\nNext"), "Next");
        assert_eq!(fix("a\n\u{3} \nb"), "a\n \nb");
        assert_eq!(fix("a\n\u{3}"), "a\n");
        // C1 is only an unsafe fix.
        assert_eq!(fix("x\u{93}y"), "x\u{93}y");
    }
}
