//! The `space-before-punctuation` rule: a space between a word and the comma, period, colon,
//! semicolon, question or exclamation mark after it (`as mulheres , mas`, `Commerzbank .`),
//! and, outside French, a space inside guillemets (`« texto »`).
//!
//! French typography puts a (thin) space before `: ; ! ?` and inside `« »`; when the document
//! is French those stay. Ellipses after a space (`and so on ...`), emoticons (`:-)`), decimals
//! (`.5`), domains (`.com`), table lines and a `?` standing for a lost character between two
//! words (`Roy Cohn ? neither`) are left alone.

use crate::edit::Edit;
use crate::language::Language;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::passes::prose::{char_at, char_before, closes_at, is_space_like, TableLines};
use crate::rescan::line_windows;
use crate::rules::{FixSafety, Rule, Severity};
use crate::scan::ByteClass;
use std::ops::Range;

pub static SPACE_BEFORE_PUNCTUATION: Rule = Rule {
    code: "P403",
    name: "space-before-punctuation",
    family: "punctuation",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "A space before `, . ; : ! ?` (`as mulheres , mas`); French spacing is kept",
    doc: r#"## What it does
Finds spaces between a word and the punctuation mark that ends it: `word ,`, `word .`,
`word ;`, `word :`, `word !`, `word ?`, in English, Spanish, Portuguese, German and text of
unknown language; outside French it also finds a space after `«` or before `»`.

French typography puts a space before `: ; ! ?` and inside `« »`: in a French document those
stay (` ,` and ` .` are still wrong in French). Left alone everywhere: a spaced ellipsis
(`and so on ...`), emoticons (`:-)`), decimals and domains (`.5`, `.com`), table lines
(Reuters' aligned columns), a mark at the start of a line, and a `?` between two lower-case
words (`Roy Cohn ? neither`), which stands for a character lost in decoding.

## Why it matters
The space splits the mark from its word: tokenizers make it a word of its own, line
breaking can put it at the start of a line, and exact matching fails.

## Example
```text
Principalmente as mulheres , mas também gays
```
becomes
```text
Principalmente as mulheres, mas também gays
```

## Fix safety
Safe: only the spaces are removed, never a mark."#,
};

static RULES: &[&Rule] = &[&SPACE_BEFORE_PUNCTUATION];

pub struct SpaceBeforePunctuation;

impl Pass for SpaceBeforePunctuation {
    // A run of spaces before a mark is found whatever its length, a no-break space as a plain one.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "space-before-punctuation"
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
        let french = cx.language == Language::French;
        let bytes = text.as_bytes();
        let mut findings = Vec::new();
        let mut tables = TableLines::default();
        // A space, tab, U+00A0 or U+202F (by their last byte) right before a mark: rare in
        // any text though both bytes are common, so a vector scan finds the candidates.
        static SPACE: ByteClass<4> = ByteClass::of(b" \t\xa0\xaf");
        static MARK: ByteClass<6> = ByteClass::of(b",.;:!?");
        // A finding reads its own line (the words around the mark, the table test): run
        // again, the changed lines are enough.
        let windows = line_windows(text, cx.changed, 0);
        for window in &windows {
            crate::scan::for_each_pair(&bytes[window.clone()], &SPACE, &MARK, |i| {
                if let Some(f) = check_mark(text, window.start + i, french, &mut tables) {
                    findings.push(f);
                }
            });
        }
        if !french {
            let mut tables = TableLines::default();
            // Guillemets are not ASCII: none lies before the text's first other byte.
            let first_non_ascii = cx.first_non_ascii();
            for window in windows {
                let window = window.start.max(first_non_ascii)..window.end;
                if !window.is_empty() {
                    guillemets(text, window, &mut findings, &mut tables);
                }
            }
        }
        findings.sort_by_key(|f| f.range.start);
        for f in findings {
            cx.report(f);
        }
    }
}

/// The run of spaces (plain, tab, no-break) that ends at byte `end`.
fn space_run_before(text: &str, end: usize) -> usize {
    let mut start = end;
    while let Some(c) = char_before(text, start) {
        if !matches!(c, ' ' | '\t' | '\u{a0}' | '\u{202f}') {
            break;
        }
        start -= c.len_utf8();
    }
    start
}

fn check_mark(text: &str, i: usize, french: bool, tables: &mut TableLines) -> Option<Finding> {
    let mark = text.as_bytes()[i] as char;
    if french && matches!(mark, ':' | ';' | '!' | '?') {
        return None;
    }
    let space = space_run_before(text, i);
    if space == i {
        return None;
    }
    let before = char_before(text, space)?;
    if !(before.is_alphanumeric() || matches!(before, ')' | ']' | '”' | '’' | '%')) {
        return None;
    }
    let after = char_at(text, i + 1);
    if mark == '.' && (text[i + 1..].starts_with(" .") || text[..space].ends_with('.')) {
        return None; // a spaced ellipsis: `a strange match . . . momentum`
    }
    match after {
        None => {}
        Some(c) if is_space_like(c) => {}
        Some('”' | '"' | '’' | '»') => {}
        Some('“') if closes_at(text, i + 1) => {}
        Some(_) => return None, // `...`, `.5`, `.com`, `:-)`, `?!`
    }
    if matches!(mark, '?' | '!') {
        // `Roy Cohn ? neither`: a lost character between words, not a misplaced mark.
        let rest = text[i + 1..].trim_start_matches([' ', '\t']);
        if before.is_lowercase() && rest.starts_with(|c: char| c.is_lowercase()) {
            return None;
        }
    }
    if tables.is_table_at(text, i) {
        return None;
    }
    let message = format!("space before '{mark}'");
    Some(
        Finding::new(&SPACE_BEFORE_PUNCTUATION, space..i + 1, message)
            .with_fix(Fix::safe_one(Edit::delete(space..i))),
    )
}

/// `« texto »` outside French, in the lines of `window`: the spaces inside the guillemets go.
fn guillemets(
    text: &str,
    window: Range<usize>,
    findings: &mut Vec<Finding>,
    tables: &mut TableLines,
) {
    // A vectorized byte search for each (a char-set `contains` decodes every character).
    let b = &text.as_bytes()[window.clone()];
    if crate::finder!("«".as_bytes()).find(b).is_none()
        && crate::finder!("»".as_bytes()).find(b).is_none()
    {
        return;
    }
    for (i, c) in text[window.clone()].char_indices() {
        let i = window.start + i;
        if matches!(c, '«' | '»') && tables.is_table_at(text, i) {
            // Aligned columns are content, as for the other marks; and removing a gap here
            // would stop the line reading as a table for the passes after this one.
            continue;
        }
        match c {
            '«' => {
                let start = i + c.len_utf8();
                let end = start + text[start..].len()
                    - text[start..]
                        .trim_start_matches([' ', '\u{a0}', '\u{202f}'])
                        .len();
                if end > start && char_at(text, end).is_some_and(char::is_alphanumeric) {
                    findings.push(
                        Finding::new(&SPACE_BEFORE_PUNCTUATION, i..end, "space after '«'")
                            .with_fix(Fix::safe_one(Edit::delete(start..end))),
                    );
                }
            }
            '»' => {
                let space = space_run_before(text, i);
                let ok_before = char_before(text, space)
                    .is_some_and(|b| b.is_alphanumeric() || matches!(b, '.' | '!' | '?'));
                if space < i && ok_before {
                    findings.push(
                        Finding::new(
                            &SPACE_BEFORE_PUNCTUATION,
                            space..i + c.len_utf8(),
                            "space before '»'",
                        )
                        .with_fix(Fix::safe_one(Edit::delete(space..i))),
                    );
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{clean, Config};

    fn cleaned(s: &str, lang: Option<&str>) -> String {
        let mut config = Config::new()
            .with_selection(&["space-before-punctuation".into()], &[])
            .unwrap();
        config.language = lang.map(str::to_owned);
        clean(s, &config).text
    }

    #[test]
    fn removes_the_space() {
        assert_eq!(cleaned("as mulheres , mas", None), "as mulheres, mas");
        assert_eq!(
            cleaned("at Commerzbank . \"It is", None),
            "at Commerzbank. \"It is"
        );
        assert_eq!(cleaned("de março ?", None), "de março?");
        assert_eq!(cleaned("Marsella  . Los", None), "Marsella. Los");
        // An opening quote that can only close: `quotes` turns it later.
        assert_eq!(
            cleaned("the burden ?“ he asked", None),
            "the burden?“ he asked"
        );
        assert_eq!(cleaned("the burden ?“Next", None), "the burden ?“Next");
        assert_eq!(cleaned("« texto »", Some("es")), "«texto»");
    }

    #[test]
    fn keeps_french_spacing_and_exceptions() {
        for s in ["Il a dit : « oui » ; puis ?", "Quoi !"] {
            assert_eq!(cleaned(s, Some("fr")), s);
        }
        assert_eq!(cleaned("Il a dit , oui", Some("fr")), "Il a dit, oui");
        for s in [
            "and so on ...",
            "a strange match . . . momentum",
            "smile :-) ok",
            "worth .5 pct",
            "go to .com sites",
            "Roy Cohn ? neither",
            ", at the start",
            "Natl   Loan   Release :",
            "Natl   Loan   Release   »",
        ] {
            assert_eq!(cleaned(s, Some("en")), s, "{s}");
        }
    }
}
