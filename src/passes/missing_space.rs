//! The `missing-space` rule: a sentence end glued to the next sentence (`tsunami.Steve`,
//! `spending.The farmers`, `donos?Tudo`) or a closing quote glued to the next word
//! (`decisively.”Sullivan`).
//!
//! A dot is only a sentence end here when a lower-case word of two or more letters (no
//! capital: `Neva.Today` is a name) precedes it and a capitalized word follows; abbreviations (`U.S.`, `e.g.`, `Ph.D.`, `Mr.`),
//! initials, decimals, times, version numbers, URLs, e-mail addresses, domains
//! (`Infobae.com`, `Yahoo.Com`) and file names never match.

use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::passes::prose::{
    char_at, char_before, is_address, is_domain_or_extension, token_around,
};
use crate::passes::punctuation_data::is_abbreviation;
use crate::rescan::line_windows;
use crate::rules::{FixSafety, Rule, Severity};
use crate::scan::ByteClass;

pub static MISSING_SPACE: Rule = Rule {
    code: "P402",
    name: "missing-space",
    family: "punctuation",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "No space after a sentence end or a closing quote (`tsunami.Steve`, `.”Sullivan`)",
    doc: r#"## What it does
Finds a sentence end with no space before the next sentence: a word of two or more
lower-case letters, `.`, `!` or `?`, then a capitalized word (`tsunami.Steve will`,
`spending.The farmers`); and a closing curly quote after `. , ! ?` glued to the next word
(`decisively.”Sullivan said`).

Never inside abbreviations (`U.S.`, `e.g.`, `Ph.D.`, `Mr.Smith`), initials, decimals,
times, version numbers, URLs, e-mail addresses, domain names (`Infobae.com`, `Amazon.Com`),
file names (`Report.PDF`), names with a dot (`Neva.Today`: a capital before the dot) or tokens with more dots after the match (`bbc.Co.uk`).

## Why it matters
Glued sentences are one token to search engines and tokenizers (`tsunami.Steve` is neither
word) and sentence splitters miss the boundary.

## Example
```text
victims of the tsunami.Steve will be writing
we will deal with it decisively.”Sullivan said.
```
becomes
```text
victims of the tsunami. Steve will be writing
we will deal with it decisively.” Sullivan said.
```

## Fix safety
Safe: a space is inserted; no character is changed."#,
};

static RULES: &[&Rule] = &[&MISSING_SPACE];

/// How many letters back the word before a dot is looked at.
const WORD_WINDOW: usize = 48;

pub struct MissingSpace;

impl Pass for MissingSpace {
    // It looks for a missing space, which tidying never removes.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "missing-space"
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
        let mut findings = Vec::new();
        // A mark followed by a capital (an upper-case ASCII letter or any non-ASCII byte, which
        // may start one): a vector scan for the pair, as a mark before a space or a digit
        // (nearly all of them) can never start a finding.
        static MARK: ByteClass<3> = ByteClass::of(b".!?");
        static CAPITAL: ByteClass<0, 1> = ByteClass {
            exact: [],
            ranges: [(b'A', b'Z')],
            non_ascii: true,
        };
        // A finding reads the words around its mark, on its line: run again, the changed
        // lines are enough.
        // (A closing quote `”` is not ASCII: none lies before the text's first other byte.)
        let first_non_ascii = cx.first_non_ascii();
        for window in line_windows(text, cx.changed, 0) {
            let part = &bytes[window.clone()];
            crate::scan::for_each_pair(part, &MARK, &CAPITAL, |after| {
                if let Some(f) = glued_sentence(text, window.start + after - 1) {
                    findings.push(f);
                }
            });
            let from = window.start.max(first_non_ascii).min(window.end);
            for i in crate::finder!("”".as_bytes()).find_iter(&bytes[from..window.end]) {
                let i = from + i;
                if let Some(f) = glued_after_quote(text, i, i + "”".len()) {
                    findings.push(f);
                }
            }
        }
        findings.sort_by_key(|f| f.range.start);
        for f in findings {
            cx.report(f);
        }
    }
}

/// `word.Next` at the mark at byte `i`.
fn glued_sentence(text: &str, i: usize) -> Option<Finding> {
    let after = i + 1;
    let first = char_at(text, after)?;
    if !first.is_uppercase() {
        return None;
    }
    let second = char_at(text, after + first.len_utf8())?;
    if !second.is_lowercase() {
        return None;
    }
    // The word before the mark: two or more letters, all lower case. A capitalized word
    // before the dot is too often a name with a dot in it (`Neva.Today`, `Kontur.Fokus`).
    let mut start = i;
    let mut letters = 0;
    while let Some(c) = char_before(text, start) {
        if !c.is_alphabetic() || i - start > WORD_WINDOW {
            break;
        }
        if !c.is_lowercase() {
            return None;
        }
        letters += 1;
        start -= c.len_utf8();
    }
    if letters < 2 {
        return None;
    }
    if let Some(c) = char_before(text, start) {
        // `3.5kg.The`, `v2.Beta`, `x-ray.The` are rare; digits, dots and joiners before the
        // word mean a code, a number or a name.
        if !(c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘' | '\'' | '«' | '[' | '¿' | '¡'))
        {
            return None;
        }
    }
    let word = &text[start..i];
    if text.as_bytes()[i] == b'.' && is_abbreviation(word) {
        return None;
    }
    let token = token_around(text, i);
    if is_address(&text[token.clone()]) {
        return None;
    }
    // The word after the mark, and whatever follows it in the same token.
    let next_end = text[after..token.end]
        .find(|c: char| !c.is_alphabetic())
        .map_or(token.end, |n| after + n);
    if text.as_bytes()[i] == b'.' && is_domain_or_extension(&text[after..next_end]) {
        return None;
    }
    let rest = &text[next_end..token.end];
    if rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_alphanumeric()) {
        return None; // bbc.Co.uk, Example.Domain.org
    }
    Some(
        Finding::new(
            &MISSING_SPACE,
            i..after,
            "no space after the end of a sentence",
        )
        .with_fix(Fix::safe_one(Edit::insert(after, " "))),
    )
}

/// `.”Word` at the closing quote `quote_start..quote_end`.
fn glued_after_quote(text: &str, quote_start: usize, quote_end: usize) -> Option<Finding> {
    let before = char_before(text, quote_start)?;
    if !matches!(before, '.' | ',' | '!' | '?') {
        return None;
    }
    let next = char_at(text, quote_end)?;
    if !next.is_alphabetic() {
        return None;
    }
    // `U.S.”Then` is still an abbreviation ending a quote; only the space is missing, so it
    // is fixed too. An address never holds curly quotes.
    Some(
        Finding::new(
            &MISSING_SPACE,
            quote_start..quote_end,
            "no space after a closing quote",
        )
        .with_fix(Fix::safe_one(Edit::insert(quote_end, " "))),
    )
}

#[cfg(test)]
mod tests {
    use crate::test_support::clean_only;

    fn cleaned(s: &str) -> String {
        clean_only(&["missing-space"], s).text
    }

    #[test]
    fn inserts_the_space() {
        assert_eq!(
            cleaned("of the tsunami.Steve will"),
            "of the tsunami. Steve will"
        );
        assert_eq!(cleaned("spending.The farmers"), "spending. The farmers");
        assert_eq!(cleaned("aos donos?Tudo isso"), "aos donos? Tudo isso");
        assert_eq!(
            cleaned("as governantes.Será que"),
            "as governantes. Será que"
        );
        assert_eq!(
            cleaned("it decisively.”Sullivan said."),
            "it decisively.” Sullivan said."
        );
        assert_eq!(cleaned("“Yes,”he said"), "“Yes,” he said");
        // A no-break space ends the token before it, as a plain one does: the path is not
        // part of the sentence's token.
        assert_eq!(
            cleaned("see a\\b\u{a0}spending.The farmers"),
            "see a\\b\u{a0}spending. The farmers"
        );
    }

    #[test]
    fn leaves_abbreviations_numbers_and_addresses() {
        for s in [
            "the U.S. and e.g. Ph.D. students",
            "J.R.R. Tolkien",
            "Mr.Smith said",
            "up 3.5 pct at 10.30 GMT",
            "version 2.0.1 of Node.js",
            "see http://example.com/News.Today",
            "mail info@Example.Com today",
            "visit www.Infobae.com",
            "visit Infobae.com or Amazon.Com",
            "open Report.PDF now",
            "at bbc.Co.uk today",
            "the x-ray.The",
            "Petersburg's Neva.Today publication and Kontur.Fokus data",
            "said “a.B” twice",
        ] {
            assert_eq!(cleaned(s), s, "{s}");
        }
    }
}
