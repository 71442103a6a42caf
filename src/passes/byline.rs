//! The `byline` rule: an author line near the top of the article (`By Jane Doe and John Roe,
//! Reuters`, `Por Juan Pérez | EFE`, `Par Jean Dupont`, `Von Hans Müller`, `Autor: Georg
//! Holzer`) leaves the body; the names go to `metadata.bylines`, an agency after them to
//! `metadata.sources`.
//!
//! Every word after the opening must be part of a name (capitalized, or a particle such as
//! `de` or `van`), each name has two words or more, and what follows a comma or bar must be an
//! agency or a short capitalized outlet. So `Von Roll, the company said.` and `By Monday, the
//! water had gone.` stay: they are sentences.

use crate::dates::weekday_of;
use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::passes::structure_util::{agency, lines_iter, push_unique, removal, split_names};
use crate::rules::{FixSafety, Rule, Severity};

pub static BYLINE: Rule = Rule {
    code: "M303",
    name: "byline",
    family: "structure",
    severity: Severity::Info,
    fix: FixSafety::Safe,
    summary: "An author line (By ..., Por ..., Par ..., Von ...) at the top of the body",
    doc: r#"## What it does
Finds an author line among the first five lines of an article: `By`, `Por`, `Par`, `Von`,
`Autor:`, `Author:` followed by one or more names (`Jane Doe and John Roe`), optionally an
agency or outlet after a comma, bar or dash (`, Reuters`, `| EFE`). The names go to
`metadata.bylines`, a known agency to `metadata.sources`, and the line leaves the body. A
byline glued before a dateline by a run of spaces (`By JANE ROE    WASHINGTON (AP) --`)
is cut off the same way.

## Why it matters
The author's name is metadata; in the body it becomes the first "sentence" of the article
and a name that summaries and entity extractors take for part of the story.

## Example
```text
By Jane Doe and John Roe, Reuters

The council voted on Monday.
```
gives `bylines = ["Jane Doe", "John Roe"]`, `sources = ["Reuters"]`, and the body
`The council voted on Monday.`

## Fix safety
Safe: the line must be names only (every word capitalized or a name particle, two words or
more per name), so sentences that start with `By` or `Von` (`Von Roll, the company said.`)
never match; the names are kept in the metadata."#,
};

static RULES: &[&Rule] = &[&BYLINE];

static OPENERS: &[&str] = &[
    "By ",
    "BY ",
    "Por ",
    "POR ",
    "Par ",
    "PAR ",
    "Von ",
    "VON ",
    "Autor: ",
    "Autora: ",
    "Author: ",
    "Auteur : ",
    "Auteur: ",
    "Texto: ",
    "Reportage: ",
];

pub struct Byline;

impl Pass for Byline {
    fn name(&self) -> &'static str {
        "byline"
    }

    fn stage(&self) -> Stage {
        Stage::Structure
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        let mut whole_lines: Vec<&str> = Vec::new();
        // The first five content lines, not counting the byline lines that go whole: the next
        // run looks past them, so this one does too (else each run would take one more line
        // of a stack of bylines, and a text would need as many runs to come to rest).
        let mut kept = 0;
        let mut last = None;
        for line in lines_iter(text).filter(|l| !l.is_blank()) {
            if kept == FIRST_LINES {
                break;
            }
            last = Some(line.clone());
            let l = &text[line.content.clone()];
            let Some(b) = read_byline(l) else {
                kept += 1;
                continue;
            };
            if b.end >= l.len() {
                whole_lines.push(l);
            } else {
                kept += 1;
            }
            let range = if b.end >= l.len() {
                removal(text, line.content.clone())
            } else {
                line.content.start..line.content.start + b.end
            };
            for n in &b.names {
                push_unique(&mut cx.metadata.bylines, n);
            }
            if let Some(a) = b.agency {
                push_unique(&mut cx.metadata.sources, a);
            }
            let who = if b.names.is_empty() {
                b.agency.unwrap_or("").to_owned()
            } else {
                b.names.join(", ")
            };
            cx.report(
                Finding::new(
                    &BYLINE,
                    line.content.start..line.content.start + b.end.min(l.len()),
                    format!("byline: {who}"),
                )
                .with_fix(Fix::safe_one(Edit::delete(range))),
            );
        }
        // A byline line repeated further down (a scrape that repeated the head of the story)
        // is the same byline and goes too: left, the next run would find it among the first
        // lines once those before it are gone.
        let Some(last) = last.filter(|_| !whole_lines.is_empty()) else {
            return;
        };
        for line in lines_iter(text).skip_while(|l| l.range.start <= last.range.start) {
            let l = &text[line.content.clone()];
            if whole_lines.contains(&l) {
                let edit = Edit::delete(removal(text, line.content.clone()));
                cx.report(
                    Finding::new(&BYLINE, line.content.clone(), "byline repeated")
                        .with_fix(Fix::safe_one(edit)),
                );
            }
        }
    }
}

/// How many content lines (other than whole byline lines) are read for a byline.
const FIRST_LINES: usize = 5;

struct Read<'a> {
    names: Vec<&'a str>,
    agency: Option<&'static str>,
    /// Where the byline (with the spaces that glue it to the next text) ends in the line.
    end: usize,
}

fn read_byline(l: &str) -> Option<Read<'_>> {
    let opener = OPENERS.iter().find(|o| l.starts_with(*o))?;
    let rest_start = opener.len();
    // A byline glued to the next text by a run of spaces ends there.
    let (body_end, end) = match l[rest_start..].find("   ") {
        Some(i) => {
            let after = &l[rest_start + i..];
            let gap = after.len() - after.trim_start().len();
            (rest_start + i, rest_start + i + gap)
        }
        None => (l.len(), l.len()),
    };
    let body = l[rest_start..body_end].trim().trim_end_matches('.');
    if body.is_empty() || body.chars().count() > 120 {
        return None;
    }
    // Names, then an agency or outlet after `,`, `|`, ` - `, ` — `, ` / `.
    let cut = [",", "|", " - ", " — ", " – ", " / "]
        .iter()
        .filter_map(|s| body.find(s))
        .min();
    let (names_part, tail) = match cut {
        Some(i) => (
            &body[..i],
            Some(body[i..].trim_start_matches([',', '|', '-', '—', '–', '/', ' '])),
        ),
        None => (body, None),
    };
    let mut agency_found = None;
    if let Some(tail) = tail {
        // The tail is an agency (`Reuters`), or a short capitalized outlet (`G1 RO — Porto
        // Velho`, `HealthDay Reporter`); a lowercase word makes the line a sentence.
        agency_found = tail.split([',', '|', '—', '–', '/']).find_map(agency);
        let all_caps_words = tail.split_whitespace().all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || matches!(w, "—" | "–" | "-" | "|" | "de" | "do" | "da")
        });
        if tail.is_empty() || !all_caps_words || tail.split_whitespace().count() > 6 {
            return None;
        }
    }
    let mut names = Vec::new();
    for name in split_names(names_part) {
        if let Some(a) = agency(name) {
            agency_found = agency_found.or(Some(a));
            continue;
        }
        if !is_person_name(name) {
            return None;
        }
        names.push(name);
    }
    if names.is_empty() && agency_found.is_none() {
        return None;
    }
    Some(Read {
        names,
        agency: agency_found,
        end,
    })
}

/// Two to six words, each capitalized (`O'Donnell`, `LYNNE`) or a name particle, none a day.
fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() < 2 || words.len() > 6 {
        return false;
    }
    words.iter().enumerate().all(|(i, w)| {
        let particle = matches!(
            *w,
            "de" | "da"
                | "do"
                | "dos"
                | "das"
                | "del"
                | "van"
                | "von"
                | "der"
                | "den"
                | "la"
                | "le"
                | "di"
                | "du"
                | "bin"
                | "al"
        );
        let capital = w.starts_with(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'));
        (capital && weekday_of(w).is_none()) || (particle && i > 0 && i + 1 < words.len())
    })
}

#[cfg(test)]
mod tests {
    use super::read_byline;

    #[test]
    fn a_repeated_byline_line_goes_too() {
        let clean = |t: &str| crate::test_support::clean_only(&["byline"], t);
        let t = "Por Juan Pérez | EFE\n\nUno.\n\nDos.\n\nTres.\n\nCuatro.\n\nPor Juan Pérez | EFE\n\nCinco.\n";
        let a = clean(t);
        assert_eq!(a.text, "Uno.\n\nDos.\n\nTres.\n\nCuatro.\n\nCinco.\n");
        assert_eq!(a.metadata.bylines, ["Juan Pérez"]);
        assert_eq!(clean(&a.text).text, a.text);
        // Only the same line: another byline further down (past the first five lines once
        // the first byline is gone, where the pass reads bylines) is body text.
        let t =
            "Por Juan Pérez | EFE\n\nUno.\n\nDos.\n\nTres.\n\nCuatro.\n\nCinco.\n\nPor Ana Gil\n";
        let a = clean(t);
        assert!(a.text.ends_with("Por Ana Gil\n"));
        assert_eq!(clean(&a.text).text, a.text);
    }

    #[test]
    fn a_stack_of_byline_lines_goes_in_one_run() {
        // Twenty-five byline lines: one run reads past the ones it takes, as the next run
        // would. (Counting them among the five lines read took five a round, and the
        // pipeline's rounds ran out before the last ones: a second run took those.)
        let names: Vec<String> = ["Ana", "Bob", "Carl", "Dana", "Eve"]
            .iter()
            .flat_map(|first| {
                ["Lima", "Stone", "Ruiz", "Hart", "Moss"]
                    .iter()
                    .map(move |last| format!("{first} {last}"))
            })
            .collect();
        let mut t: String = names.iter().map(|n| format!("By {n}\n")).collect();
        t.push_str("The story begins here, and it goes on.\n");
        let a = crate::test_support::clean_only(&["byline"], &t);
        assert_eq!(a.text, "The story begins here, and it goes on.\n");
        assert_eq!(a.metadata.bylines, names);
    }

    #[test]
    fn reads_bylines() {
        let b = read_byline("By Jane Doe and John Roe, Reuters").unwrap();
        assert_eq!(b.names, ["Jane Doe", "John Roe"]);
        assert_eq!(b.agency, Some("Reuters"));
        let b = read_byline("Por Juan Pérez | EFE").unwrap();
        assert_eq!(b.names, ["Juan Pérez"]);
        assert_eq!(b.agency, Some("EFE"));
        assert_eq!(
            read_byline("Von Hans Müller").unwrap().names,
            ["Hans Müller"]
        );
        assert_eq!(
            read_byline("By LYNNE O'DONNELL").unwrap().names,
            ["LYNNE O'DONNELL"]
        );
        let b = read_byline("By LAUREN ROE    WASHINGTON (AP) -- Text").unwrap();
        assert_eq!(b.names, ["LAUREN ROE"]);
        assert_eq!(b.end, "By LAUREN ROE    ".len());
    }

    #[test]
    fn refuses_sentences() {
        for s in [
            "Von Roll, the company said.",
            "By Monday, the water had gone.",
            "By then the Council had voted.",
            "By Tuesday Night Football standards it was dull.",
            "Par conséquent, la ville a voté.",
            "Por su parte, el ministro dijo que no.",
            "By the end of the year, prices rose.",
        ] {
            assert!(read_byline(s).is_none(), "{s}");
        }
    }
}
