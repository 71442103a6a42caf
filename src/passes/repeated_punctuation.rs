//! The `repeated-punctuation` rule: a doubled mark at the end of a clause or sentence
//! (`Cuba..`, `país,, disse`, `ninguém,. Anulo`, `;;`), left by scrapers that joined a
//! sentence end to an abbreviation's dot or by hand-typed text.
//!
//! It only looks at runs of exactly two marks between a word and a space (or the end of a
//! line, or a closing quote). Ellipses (`...`, `…`, `(…)`), `?!`, table leaders
//! (`cust..4,369 vs......3,788`) and numbers (`9,,100`) are never touched.

use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::passes::prose::{char_at, char_before, closes_at, is_space_like};
use crate::rescan::line_windows;
use crate::rules::{FixSafety, Rule, Severity};
use crate::scan::ByteClass;

pub static REPEATED_PUNCTUATION: Rule = Rule {
    code: "P401",
    name: "repeated-punctuation",
    family: "punctuation",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "A doubled period, comma or semicolon at a clause or sentence end (`Cuba..`)",
    doc: r#"## What it does
Finds two punctuation marks where one is meant: `..` at a sentence end, `,,`, `;;` and `,.`
after a word. Only a run of exactly two marks between a word and a space, a closing quote or
the end of a line counts; `..` counts only when a capital, a quote or the end of the
paragraph follows, since `..` before a lower-case word is usually a clipped ellipsis.

Left alone: ellipses (`...`, `…`, `(…)`), `?!`, `!!`, dot leaders of tables
(`cust..4,369 vs......3,788`), numbers (`9,,100`, `43,.590`) and `.,` (`Inc.,` is correct).

## Why it matters
A doubled period reads as a typo and confuses sentence splitters: `Cuba.. This` becomes an
empty sentence or an ellipsis in most tokenizers.

## Example
```text
if Russia sends troops to Venezuela and Cuba.. This was stated
```
becomes
```text
if Russia sends troops to Venezuela and Cuba. This was stated
```

## Fix safety
Safe: the first of the two marks is removed (for `,.` the comma), which keeps the sentence
boundary the text had."#,
};

static RULES: &[&Rule] = &[&REPEATED_PUNCTUATION];

pub struct RepeatedPunctuation;

impl Pass for RepeatedPunctuation {
    // It reads marks and the words beside them; a run of spaces between reads as one.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "repeated-punctuation"
    }

    fn stage(&self) -> Stage {
        Stage::Punctuation
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn rescans_changes(&self) -> bool {
        true
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        let bytes = text.as_bytes();
        let is_mark = |b: u8| matches!(b, b'.' | b',' | b';');
        let mut findings = Vec::new();
        let mut last_end = 0;
        // Two marks in a row, found by a vector scan: single marks (every number and
        // sentence has some) are never visited one by one.
        static MARK: ByteClass<3> = ByteClass::of(b".,;");
        // A finding reads its run of marks and the words around it, on its line: run again,
        // the changed lines are enough.
        for window in line_windows(text, cx.changed, 0) {
            crate::scan::for_each_pair(&bytes[window.clone()], &MARK, &MARK, |second| {
                let i = window.start + second - 1;
                if i < last_end {
                    return;
                }
                // The whole run of marks, so `...` and leaders are seen whole.
                let mut end = i + 1;
                while end < bytes.len() && is_mark(bytes[end]) {
                    end += 1;
                }
                last_end = end;
                if (i > 0 && is_mark(bytes[i - 1])) || end - i != 2 {
                    return;
                }
                let pair = &text[i..end];
                if !matches!(pair, ".." | ",," | ";;" | ",.") {
                    return;
                }
                if let Some(f) = check(text, i, end, pair) {
                    findings.push(f);
                }
            });
        }
        for f in findings {
            cx.report(f);
        }
    }
}

fn check(text: &str, start: usize, end: usize, pair: &str) -> Option<Finding> {
    let before = char_before(text, start)?;
    if !(before.is_alphanumeric() || matches!(before, ')' | ']' | '”' | '’' | '"' | '%')) {
        return None;
    }
    let after = char_at(text, end);
    let sentence_end = pair == ".." || pair == ",.";
    let fits = match after {
        None => true,
        // Before a lower-case word `..` is more likely a clipped ellipsis than a sentence end.
        Some(c) if is_space_like(c) => !sentence_end || next_starts_sentence(text, end),
        Some(_) => closes_at(text, end),
    };
    if !fits {
        return None;
    }
    if before.is_ascii_digit() && after.is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let message = match pair {
        ".." => "doubled period at a sentence end; one is meant",
        ",," => "doubled comma; one is meant",
        ";;" => "doubled semicolon; one is meant",
        _ => "comma before a period; the period is meant",
    };
    Some(
        Finding::new(&REPEATED_PUNCTUATION, start..end, message)
            .with_fix(Fix::safe_one(Edit::delete(start..start + 1))),
    )
}

/// After the whitespace at `at`: the end of the text or line, a capital, a digit or an opening
/// quote or bracket, which is what follows a sentence end.
fn next_starts_sentence(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let trimmed = rest.trim_start_matches(|c: char| c != '\n' && c != '\r' && is_space_like(c));
    match trimmed.chars().next() {
        None | Some('\n' | '\r') => true,
        Some(c) => {
            c.is_uppercase()
                || c.is_ascii_digit()
                || matches!(c, '“' | '"' | '«' | '(' | '‘' | '¿' | '¡' | '-' | '—' | '–')
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::clean_only;

    fn cleaned(s: &str) -> String {
        clean_only(&["repeated-punctuation"], s).text
    }

    #[test]
    fn fixes_doubled_marks() {
        assert_eq!(cleaned("and Cuba.. This was"), "and Cuba. This was");
        assert_eq!(cleaned("the end..\n"), "the end.\n");
        assert_eq!(cleaned("the end..”"), "the end.”");
        assert_eq!(cleaned("país,, disse"), "país, disse");
        assert_eq!(cleaned("ninguém,. Anulo"), "ninguém. Anulo");
        assert_eq!(cleaned("one;; two"), "one; two");
        assert_eq!(cleaned("do sr.. Por exemplo"), "do sr. Por exemplo");
    }

    #[test]
    fn an_opening_quote_that_can_only_close_counts_as_closing() {
        // `quotes` turns it later; judged alike now, the turn leaves nothing for a next round.
        assert_eq!(cleaned("from 1990 onwards..“\n"), "from 1990 onwards.“\n");
        assert_eq!(cleaned("the end..“ he said"), "the end.“ he said");
        assert_eq!(cleaned("the end..“Next"), "the end..“Next");
    }

    #[test]
    fn leaves_ellipses_leaders_and_numbers() {
        for s in [
            "wait... what",
            "wait.... What",
            "sales with cust..4,369 vs......3,788",
            "Demand Depos..300.3 vs 300.0",
            "MALAWI nil 9,,100",
            "up 43,.590 dlrs",
            "a failed minister..with a",
            "Apple.. a triumph",
            "Acme Inc., the maker",
            "progress (…) at the table",
            "really?! yes",
            "OJO .. NO",
            "……..",
        ] {
            assert_eq!(cleaned(s), s);
        }
    }
}
