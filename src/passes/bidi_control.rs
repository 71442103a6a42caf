//! The `bidi-control` rule: Unicode bidirectional formatting characters (embeddings,
//! overrides, isolates, directional marks) in lines that hold no right-to-left text, where they
//! do nothing useful and can reorder what a reader sees ("Trojan Source"). In lines with
//! Hebrew, Arabic or other right-to-left letters they are left alone: there they belong.

use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::rescan::{offsets_in, past_ascii_lines, touched_lines};
use crate::rules::{FixSafety, Rule, Severity};

pub static BIDI_CONTROL: Rule = Rule {
    code: "E107",
    name: "bidi-control",
    family: "encoding",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "Stray bidirectional controls (LRE/RLO/LRI/PDF/LRM/...) in left-to-right text",
    doc: r#"## What it does
Removes the bidirectional formatting characters — embeddings and overrides (U+202A-U+202E),
isolates (U+2066-U+2069), and the marks LRM, RLM and ALM (U+200E, U+200F, U+061C) — from
lines that contain no right-to-left letters. Lines with Hebrew, Arabic, Syriac, Thaana or
other right-to-left text keep them, since there they order mixed-direction text correctly.

## Why it matters
In left-to-right text these characters are invisible leftovers of copy and paste, and an
override can make the displayed text differ from the stored text (the "Trojan Source"
attack), which misleads readers and breaks matching.

## Example
`Price: \u202E01$\u202C` in an English line becomes `Price: 01$`, shown as it is stored.

## Fix safety
Safe: in a line without right-to-left letters these characters cannot be needed for display,
and lines that have such letters are not touched."#,
};

static RULES: &[&Rule] = &[&BIDI_CONTROL];

pub struct BidiControl;

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{61C}')
}

/// Whether the character starting at byte `i` of `b` is a bidi control: U+202A..U+202E are
/// E2 80 AA..AE, U+2066..U+2069 E2 81 A6..A9, U+200E/U+200F E2 80 8E/8F, U+061C D8 9C.
fn is_bidi_control_at(b: &[u8], i: usize) -> bool {
    matches!(
        b.get(i..i + 3),
        Some([0xe2, 0x80, 0xaa..=0xae | 0x8e | 0x8f] | [0xe2, 0x81, 0xa6..=0xa9])
    ) || matches!(b.get(i..i + 2), Some([0xd8, 0x9c]))
}

fn is_rtl_letter(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
        && c.is_alphabetic()
}

impl Pass for BidiControl {
    // A finding reads its own line: run again, the lines that changed are enough.
    fn rescans_changes(&self) -> bool {
        true
    }

    // A bidi control is found by itself; tidied spacing makes none.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "bidi-control"
    }

    fn stage(&self) -> Stage {
        Stage::Encoding
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        // All of them are encoded with lead byte E2 or D8 (U+061C): a vectorized search for
        // those bytes finds the lines to look at, and most text has none.
        let b = text.as_bytes();
        let mut next_line = 0;
        // (Lines of ASCII before the first other byte hold none.)
        let windows = past_ascii_lines(text, touched_lines(text, cx.changed), cx.first_non_ascii());
        for hit in offsets_in(b, windows, |w| memchr::memchr2_iter(0xe2, 0xd8, w)) {
            if hit < next_line {
                continue; // a line already looked at
            }
            // Only a line holding a bidi control is looked at: the hit's own bytes say
            // whether it is one (curly quotes and dashes share the lead byte E2), so a line
            // full of quotes is not decoded character by character to find none.
            if !is_bidi_control_at(b, hit) {
                continue;
            }
            let line_start = memchr::memrchr(b'\n', &b[..hit]).map_or(0, |i| i + 1);
            next_line = memchr::memchr(b'\n', &b[hit..]).map_or(b.len(), |i| hit + i + 1);
            let line = &text[line_start..next_line];
            if line.chars().any(is_rtl_letter) {
                continue;
            }
            for (i, c) in line.char_indices().filter(|&(_, c)| is_bidi_control(c)) {
                let range = line_start + i..line_start + i + c.len_utf8();
                cx.report(
                    Finding::new(
                        &BIDI_CONTROL,
                        range.clone(),
                        format!(
                            "bidirectional control U+{:04X} in left-to-right text",
                            c as u32
                        ),
                    )
                    .with_fix(Fix::safe_one(Edit::delete(range))),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::clean_only;

    fn fix(s: &str) -> String {
        clean_only(&["bidi-control"], s).text
    }

    #[test]
    fn knows_a_bidi_control_by_its_bytes() {
        for c in ('\u{0}'..='\u{3000}').chain(['\u{FEFF}', '\u{1F600}']) {
            let s = format!("a{c}b");
            assert_eq!(
                super::is_bidi_control_at(s.as_bytes(), 1),
                super::is_bidi_control(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn strips_only_in_ltr_lines() {
        assert_eq!(fix("Price: \u{202E}01$\u{202C}\n"), "Price: 01$\n");
        let rtl = "שלום \u{200F}(2024)\u{200F}\n";
        assert_eq!(fix(rtl), rtl);
    }
}
