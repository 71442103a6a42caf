//! The `date-mismatch` rule: a relative day name in the body ("this Monday", "este lunes",
//! "nesta sexta-feira", "ce lundi", "diesen Montag") that is not the weekday of the article's
//! date. It only reports: which of the two is wrong needs a person.

use crate::dates::{weekday_of, Date};
use crate::dates_data::THIS_WORDS;
use crate::pass::{Context, Finding, Pass, Stage};
use crate::rules::{FixSafety, Rule, Severity};

pub static DATE_MISMATCH: Rule = Rule {
    code: "M308",
    name: "date-mismatch",
    family: "structure",
    severity: Severity::Warning,
    fix: FixSafety::None,
    summary: "\"This <weekday>\" in the body is not the weekday of the article's date",
    doc: r#"## What it does
When the article has a date (`metadata.date`), looks for a day named relative to it, "this"
plus a day name in English, Spanish, Portuguese, French or German (`this Friday`, `este
viernes`, `nesta sexta-feira`, `ce vendredi`, `diesen Freitag`), and reports it when the day
is not the weekday of the article's date.

## Why it matters
A mismatch means the header date is wrong (a scrape date, an update date), or the text was
written for another day; either way, date-sensitive uses of the article (timelines, event
extraction) go wrong.

## Example
An article dated 2022-01-14 (a Friday) that says "the minister promised this Monday" gets a
warning; "this Friday" is fine.

## Fix safety
None: the rule only reports, since it cannot know whether the date or the text is wrong."#,
};

static RULES: &[&Rule] = &[&DATE_MISMATCH];

static DAY_NAMES_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

pub struct DateMismatch;

impl Pass for DateMismatch {
    fn name(&self) -> &'static str {
        "date-mismatch"
    }

    fn stage(&self) -> Stage {
        Stage::Structure
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let Some(date) = cx.metadata.date.as_deref().and_then(article_date) else {
            return;
        };
        let want = date.weekday();
        let text = cx.text;
        let mut prev: Option<(usize, &str)> = None;
        let mut findings = Vec::new();
        for (start, word) in words(text) {
            if let Some((p_start, p)) = prev {
                if THIS_WORDS.iter().any(|t| t.eq_ignore_ascii_case(p)) {
                    if let Some(day) = weekday_of(word) {
                        if day != want {
                            findings.push(Finding::new(
                                &DATE_MISMATCH,
                                p_start..start + word.len(),
                                format!(
                                    "'{} {}' but the article is dated {} {}",
                                    p,
                                    word,
                                    DAY_NAMES_EN[want as usize],
                                    cx.metadata.date.as_deref().unwrap_or("")
                                ),
                            ));
                        }
                    }
                }
            }
            prev = Some((start, word));
        }
        for f in findings {
            cx.report(f);
        }
    }
}

/// The date part of an ISO date or date-time.
fn article_date(iso: &str) -> Option<Date> {
    let y = iso.get(..4)?.parse().ok()?;
    let m = iso.get(5..7)?.parse().ok()?;
    let d = iso.get(8..10)?.parse().ok()?;
    Some(Date {
        year: y,
        month: m,
        day: d,
        time: None,
    })
}

/// Words (letters and inner hyphens) with their byte offsets.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let inside = c.is_alphabetic() || (c == '-' && start.is_some());
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, text[s..i].trim_end_matches('-')));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text[s..].trim_end_matches('-')));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{clean, Config};

    fn warnings(s: &str) -> usize {
        clean(s, &Config::new())
            .diagnostics
            .iter()
            .filter(|d| d.name == "date-mismatch")
            .count()
    }

    #[test]
    fn flags_a_day_that_is_not_the_dated_one() {
        assert_eq!(
            warnings("date 2022-01-14\n\nThe minister promised this Friday to act.\n"),
            0
        );
        assert_eq!(
            warnings("date 2022-01-14\n\nThe minister promised this Monday to act.\n"),
            1
        );
        assert_eq!(warnings("The minister promised this Monday to act.\n"), 0);
        assert_eq!(
            warnings(
                "Publicado em 14/01/2022\n\nO ministro disse nesta segunda-feira que vai agir.\n"
            ),
            1
        );
    }
}
