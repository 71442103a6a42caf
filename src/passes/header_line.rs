//! The `header-line` rule: a dump's header line at the top of the article (`date 2022-01-14`,
//! `Published December 16, 2014`, `Publié le 02/11/2023 à 15h57`) becomes `metadata.date`
//! and leaves the body.
//!
//! Only the first few lines are looked at, and only a line that opens with a header word
//! followed at once by a date: a sentence that mentions a date is never a header. Text glued
//! after the date (the seed's `Photo by ...`) stays, as its own line, for the caption rules.
//! A numeric date follows the language's day/month order; in English (or an unknown
//! language) the other numeric dates of the document decide, and when nothing does the
//! report says the order is undecidable instead of guessing.

use crate::dates::{self, Order, Parsed};
use crate::edit::Edit;
use crate::language::Language;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::passes::structure_util::{first_content_lines, removal};
use crate::rules::{FixSafety, Rule, Severity};
use crate::scan::ByteClass;
use regex::Regex;
use std::cell::OnceCell;
use std::sync::LazyLock;

pub static HEADER_LINE: Rule = Rule {
    code: "M301",
    name: "header-line",
    family: "structure",
    severity: Severity::Info,
    fix: FixSafety::Safe,
    summary: "A dump's date header line at the top of the body",
    doc: r#"## What it does
Finds a header line among the first three lines of an article: a header word (`date`,
`Published`, `Updated`, `Publicado`, `Actualizado al`, `Atualizado em`, `Publié le`,
`Mis à jour le`, `Veröffentlicht am`, `Erstellt am`, `Datum:` ...) followed directly by a
date, optionally a time. The date becomes `metadata.date` (ISO 8601, with the time when one
is given) and the header leaves the body. Text glued after the date stays as its own line.

A numeric date such as `03/05/2022` is read day first in Spanish, Portuguese, French and
German. In English it is read in the order the document's other numeric dates prove (one with
a number above 12); when nothing decides, `metadata.date` stays null and
`metadata.date_note` says why.

## Why it matters
A header line is not part of the story: it breaks the first sentence, and date extractors
that look at the text take the wrong date once it is gone (a caption's date, for example).

## Example
```text
date 2022-01-14 Photo by Jane Roe

Colombia's defense minister said ...
```
gives `metadata.date = "2022-01-14"`; the body starts with `Photo by Jane Roe` (left to the
caption rules).

## Fix safety
Safe: only a line that opens with a header word and a valid date is removed, and the date it
held is kept in the metadata (or, when undecidable, the raw text in `metadata.date_note`)."#,
};

static RULES: &[&Rule] = &[&HEADER_LINE];

/// Header words, longest first so `Fecha de publicación` wins over `Fecha`.
static KEYWORDS: &[&str] = &[
    "fecha de publicación:",
    "fecha de publicación",
    "zuletzt aktualisiert am",
    "zuletzt aktualisiert",
    "last updated on",
    "last updated",
    "veröffentlicht am:",
    "veröffentlicht am",
    "veröffentlicht",
    "aktualisiert am",
    "aktualisiert",
    "erstellt am",
    "actualizado al",
    "actualizado el",
    "actualizado",
    "atualizado em",
    "atualizado",
    "publicado em",
    "publicado el",
    "publicado",
    "published on",
    "published",
    "updated on",
    "updated",
    "posted on",
    "posted",
    "publié le",
    "publié sur",
    "publié",
    "mis à jour le",
    "mis à jour",
    "modifié le",
    "datum:",
    "fecha:",
    "data:",
    "date:",
    "date",
    "stand:",
];

/// A numeric date anywhere in the text, to learn the document's day/month order.
static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b").unwrap());

pub struct HeaderLine;

impl Pass for HeaderLine {
    fn name(&self) -> &'static str {
        "header-line"
    }

    fn stage(&self) -> Stage {
        Stage::Structure
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        // The document's date order is read once, when a line first needs it.
        let order = OnceCell::new();
        for line in &first_content_lines(text, 3) {
            let Some(header) = read_header(text, line.content.clone(), cx.language, &order) else {
                continue;
            };
            let content_end = line.content.end;
            let range = if header.end >= content_end {
                removal(text, line.content.clone())
            } else {
                line.content.start..header.end
            };
            let raw = &text[header.date_start..header.date_end];
            let message;
            if cx.metadata.date.is_some() {
                message = format!("header line with a second date '{raw}'");
            } else {
                match header.parsed {
                    Parsed::Date(d) => {
                        cx.metadata.date = Some(d.iso());
                        message = format!("header line: article dated {}", d.iso());
                    }
                    Parsed::Ambiguous(a, b) => {
                        let note = format!(
                            "day/month order of '{raw}' is undecidable: {} or {}",
                            a.iso(),
                            b.iso()
                        );
                        message = format!("header line: {note}");
                        cx.metadata.date_note = Some(note);
                    }
                }
            }
            cx.report(
                Finding::new(&HEADER_LINE, line.content.start..header.end, message)
                    .with_fix(Fix::safe_one(Edit::delete(range))),
            );
        }
    }
}

struct Header {
    parsed: Parsed,
    date_start: usize,
    date_end: usize,
    /// Where the header (and any glued second header and separators) ends.
    end: usize,
}

/// Reads a header at the start of `text[r]`.
fn read_header(
    text: &str,
    r: std::ops::Range<usize>,
    lang: Language,
    order: &OnceCell<Order>,
) -> Option<Header> {
    let line = &text[r.clone()];
    let (date_start, found) = keyword_and_date(text, r.start, line, lang, order)?;
    let mut end = r.start + (date_start - r.start) + found.end;
    let date_end = end;
    // A second header glued on (`Publié le 2 nov. 2023 à 16:00Mis à jour le ...`) goes too.
    let rest = &text[end..r.end];
    if let Some((second_start, second)) = keyword_and_date(text, end, rest, lang, order) {
        end = second_start + second.end;
    }
    // Separators after the date belong to the header.
    let tail = &text[end..r.end];
    let sep = tail.len()
        - tail
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '.' | '·' | '|' | ',' | '-' | '–' | '—' | '•')
            })
            .len();
    end += sep;
    // Text left on the line must start a new capitalized part (a glued caption, `Lecture 1
    // min.`): a lowercase word means the date was the subject of a sentence.
    if end < r.end && !text[end..].starts_with(char::is_uppercase) {
        return None;
    }
    Some(Header {
        parsed: found.parsed,
        date_start,
        date_end,
        end,
    })
}

/// Length of the header keyword (with a following colon) that `s` starts with.
fn keyword_len(s: &str) -> Option<usize> {
    // Compared as lowercase without building a lowercase copy: every line is asked, few
    // start with a header word.
    let first = s.bytes().next()?;
    let starts_with_keyword = |kw: &str| {
        // Every keyword starts with an ASCII letter, so an ASCII first byte settles most
        // lines at once (a non-ASCII one may still lowercase to ASCII: the slow way).
        if first.is_ascii() && first.to_ascii_lowercase() != kw.as_bytes()[0] {
            return false;
        }
        let mut lower = s.chars().take(40).flat_map(char::to_lowercase);
        kw.chars().all(|k| lower.next() == Some(k))
    };
    for kw in KEYWORDS {
        if starts_with_keyword(kw) {
            // Map the lowercase prefix length back onto `s` by counting characters.
            let n = kw.chars().count();
            let bytes: usize = s.chars().take(n).map(char::len_utf8).sum();
            let next = s[bytes..].chars().next();
            // `date` must be a word of its own, not the start of `dated` or `datelines`.
            if next.is_some_and(|c| c.is_alphanumeric()) && !kw.ends_with(':') {
                continue;
            }
            let mut len = bytes;
            let rest = &s[len..];
            let t = rest.trim_start();
            if let Some(after) = t.strip_prefix(':') {
                len += rest.len() - after.len();
            }
            return Some(len);
        }
    }
    None
}

/// The keyword at the start of `s` (which begins at byte `base` of the text) and the date
/// right after it: returns where the date starts and what was found.
fn keyword_and_date(
    _text: &str,
    base: usize,
    s: &str,
    lang: Language,
    order: &OnceCell<Order>,
) -> Option<(usize, dates::Found)> {
    let lead = s.len() - s.trim_start().len();
    let s2 = &s[lead..];
    // No header word: only a line that is a date and nothing else (`14/01/2022 10:30`).
    let kw = match keyword_len(s2) {
        Some(kw) => kw,
        None if base == 0 || _text[..base].ends_with('\n') => {
            let found = read_date(s2, _text, lang, order)?;
            let rest = s2[found.end..].trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, '.' | '·' | '|' | ',' | '-' | '–' | '—')
            });
            return rest.is_empty().then_some((base + lead, found));
        }
        None => return None,
    };
    let after = &s2[kw..];
    let sp = after.len() - after.trim_start().len();
    let date_text = &after[sp..];
    let found = read_date(date_text, _text, lang, order)?;
    Some((base + lead + kw + sp, found))
}

/// The date at the start of `s`, an ambiguous numeric one read in the order of `text` (worked
/// out on the first date that needs it: most headers spell the month out).
fn read_date(s: &str, text: &str, lang: Language, order: &OnceCell<Order>) -> Option<dates::Found> {
    let mut found = dates::parse_at(s, Order::Unknown)?;
    if let dates::Parsed::Ambiguous(..) = found.parsed {
        found.parsed = found
            .parsed
            .resolve(*order.get_or_init(|| order_for(text, lang)));
    }
    Some(found)
}

/// Day first in Spanish, Portuguese, French and German; otherwise what the document proves.
fn order_for(text: &str, lang: Language) -> Order {
    match lang {
        Language::Spanish | Language::Portuguese | Language::French | Language::German => {
            Order::DayFirst
        }
        _ => document_order(text),
    }
}

/// The day/month order the document's numeric dates prove, if any does.
fn document_order(text: &str) -> Order {
    // A date cannot span a line, and a line end is a word boundary like the slice end, so
    // matching line by line finds the same dates; only lines with a digit, a slash or dot
    // and a digit can hold one, which spares the regex the rest of a long text.
    order_of_dates(candidate_lines(text).flat_map(|line| NUMERIC_DATE.captures_iter(line)))
}

/// The day/month order the first 200 numeric dates agree on: a first number over 12 means
/// day first, a second one over 12 month first; both or neither decide nothing.
fn order_of_dates<'t>(dates: impl Iterator<Item = regex::Captures<'t>>) -> Order {
    let (mut day_first, mut month_first) = (false, false);
    for c in dates.take(200) {
        let a: u32 = c[1].parse().unwrap_or(0);
        let b: u32 = c[2].parse().unwrap_or(0);
        if a > 12 && b <= 12 {
            day_first = true;
        } else if b > 12 && a <= 12 {
            month_first = true;
        }
    }
    match (day_first, month_first) {
        (true, false) => Order::DayFirst,
        (false, true) => Order::MonthFirst,
        _ => Order::Unknown,
    }
}

/// The lines of `text` (without their `\n`) holding a digit, `/` or `.`, a digit and, one or
/// two digits after the first, `/` or `.` again (the start of every `NUMERIC_DATE`), in order.
fn candidate_lines(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut from = 0;
    static DIGIT: ByteClass<0, 1> = ByteClass {
        exact: [],
        ranges: [(b'0', b'9')],
        non_ascii: false,
    };
    static SEPARATOR: ByteClass<2> = ByteClass::of(b"/.");
    let is_sep = |i: usize| matches!(b.get(i), Some(b'/' | b'.'));
    std::iter::from_fn(move || {
        // A vector scan for (digit, separator, digit): decimals and abbreviations are most of
        // the dots of a text, and a search stopping at each costs more than the scan.
        while let Some(digit) =
            crate::scan::find_triple(&b[from..], &DIGIT, &SEPARATOR, &DIGIT).map(|i| from + i)
        {
            let i = digit - 1;
            from = i + 1;
            // The second number (one or two digits) ends in `/` or `.` too. A non-ASCII byte
            // may be a digit of another script, which `\d` takes: the regex decides those.
            let second_sep = match b.get(i + 2) {
                Some(b'/' | b'.') => true,
                Some(c) if *c >= 0x80 => true,
                Some(c) if c.is_ascii_digit() => is_sep(i + 3),
                _ => false,
            };
            if second_sep {
                let start = memchr::memrchr(b'\n', &b[..i]).map_or(0, |n| n + 1);
                let end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                from = end;
                return Some(&text[start..end]);
            }
        }
        None
    })
}

#[cfg(test)]
mod order_tests {
    use super::*;

    /// The straightforward reading: the regex over the whole text.
    fn document_order_whole(text: &str) -> Order {
        order_of_dates(NUMERIC_DATE.captures_iter(text))
    }

    #[test]
    fn line_by_line_order_equals_the_whole_text_reading() {
        let texts = [
            "On 14/01/2022 it rained.\nx 1.5 pct",
            "01/14/2022\n13.02.2020",
            "é13/01/2022 and 5/13/2021",
            "a13/01/2022\n\n03/14/2020.",
            "1.2.3 12/12/2020\r\n31.12.1999\n",
            "no dates, 3.5 and 2/3 only",
            "",
        ];
        for t in texts {
            assert_eq!(document_order(t), document_order_whole(t), "{t:?}");
        }
        // Past 200 dates only the first 200 count, in both readings.
        let many = "05/13/2020\n".repeat(200) + "13/05/2020\n";
        assert_eq!(document_order(&many), document_order_whole(&many));
    }
}

#[cfg(test)]
mod tests {
    use super::{keyword_len, KEYWORDS};
    use crate::{clean, Config};

    fn meta(s: &str) -> (Option<String>, Option<String>, String) {
        let a = clean(s, &Config::new());
        (a.metadata.date, a.metadata.date_note, a.text)
    }

    #[test]
    fn every_keyword_starts_with_a_lowercase_ascii_letter() {
        // `keyword_len` rejects a line by its first byte on this ground.
        for kw in KEYWORDS {
            assert!(kw.as_bytes()[0].is_ascii_lowercase(), "{kw}");
        }
        assert_eq!(keyword_len("PUBLISHED: 2 May 2022"), Some(10));
        assert_eq!(keyword_len("Veröffentlicht am 2. Mai 2022"), Some(18));
        assert_eq!(keyword_len("Dated 2 May"), None);
        assert_eq!(keyword_len(""), None);
    }

    #[test]
    fn lifts_header_dates() {
        let (d, _, t) = meta("date 2022-01-14\n\nThe minister said on Friday that it rained.\n");
        assert_eq!(d.as_deref(), Some("2022-01-14"));
        assert_eq!(t, "The minister said on Friday that it rained.\n");
        let (d, _, _) = meta(
            "Actualizado al 03/05/2022 22:46\n\nEl ministro dijo que la lluvia llegó a la ciudad.\n",
        );
        assert_eq!(d.as_deref(), Some("2022-05-03T22:46"));
    }

    #[test]
    fn says_when_the_order_is_undecidable() {
        let (d, note, _) =
            meta("Published 03/05/2022\n\nThe minister said it rained in the city.\n");
        assert_eq!(d, None);
        assert!(note.unwrap().contains("undecidable"));
        let (d, _, _) = meta(
            "Published 03/05/2022\n\nThe minister said it rained in the city on 12/25/2021.\n",
        );
        assert_eq!(d.as_deref(), Some("2022-03-05"));
    }

    #[test]
    fn leaves_sentences_and_titles_alone() {
        let (d, _, t) =
            meta("Dated letters of 2022 were sold.\n\nPublished work by him is rare.\n");
        assert_eq!(d, None);
        assert_eq!(
            t,
            "Dated letters of 2022 were sold.\n\nPublished work by him is rare.\n"
        );
        let (d, _, _) = meta("Published in December 16, 2014 was the report.\n");
        assert_eq!(d, None);
        let (d, _, _) = meta("December 16, 2014 was the day the report came out.\n");
        assert_eq!(d, None);
    }

    #[test]
    fn a_line_that_is_only_a_date_is_a_header() {
        let (d, _, t) =
            meta("14/01/2022 10:30\n\nEl ministro dijo que la lluvia llegó a la ciudad.\n");
        assert_eq!(d.as_deref(), Some("2022-01-14T10:30"));
        assert_eq!(t, "El ministro dijo que la lluvia llegó a la ciudad.\n");
    }
}
