//! The `dateline` rule: the place-and-agency opening of a wire story (`WASHINGTON (Reuters) -`,
//! `LOS ANGELES (AP) --`, `Bruselas, 7 oct (EFE).-`, `Hamburg (dpa/lno) –`, `BRASÍLIA -`,
//! `London –`) becomes `metadata.dateline` {place, agency, date}; the sentence after it stays.
//!
//! Only the start of the first two lines is looked at. A dateline needs an agency in
//! parentheses, or a place in capitals (`BRASÍLIA -`), or a single capitalized place before
//! an en or em dash (`London –`); a title such as `Job cuts 'false economy' - TUC` is none of
//! these. A day in the dateline (`7 oct`) is resolved against the header date when there is
//! one.

use crate::article::Dateline;
use crate::dates::{self, month_of};
use crate::edit::Edit;
use crate::language::Language;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::passes::structure_util::{agency, first_content_lines, push_unique};
use crate::rules::{FixSafety, Rule, Severity};
use regex::Regex;
use std::sync::LazyLock;

pub static DATELINE: Rule = Rule {
    code: "M302",
    name: "dateline",
    family: "structure",
    severity: Severity::Info,
    fix: FixSafety::Safe,
    summary: "A wire dateline (WASHINGTON (Reuters) -) opening the body",
    doc: r#"## What it does
Finds the dateline that opens a wire story: a place, optionally a day, optionally an agency
in parentheses, and a dash (`WASHINGTON (Reuters) - `, `KABUL, Afghanistan (AP) -- `,
`Bruselas, 7 oct (EFE).- `, `Hamburg (dpa/lno) – `, `BRASÍLIA - `, `London – `), or an
agency alone (`(EFE).- `, `AP - `). The place, the agency and the day (made a full date
with the header's year when there is a header date) go to `metadata.dateline`, the agency
also to `metadata.sources`, and the dateline is cut from the start of the sentence. A second
dateline opening the next line (a scrape that repeated the start of the story) is cut too,
with its words in the finding's message.

## Why it matters
The dateline is metadata written into the first sentence: left in, the first sentence starts
with a place name in capitals and an agency, which sentence splitters, summaries and entity
extractors take for part of the story.

## Example
```text
WASHINGTON (Reuters) - The Senate voted on Tuesday.
```
becomes `The Senate voted on Tuesday.` with the dateline `{"place": "WASHINGTON",
"agency": "Reuters"}`.

## Fix safety
Safe when the dateline has an agency or a place in capitals. A mixed-case place with no
agency (`London – `) could be the start of a title, so that fix is unsafe and only reported
unless `--unsafe-fixes` is given."#,
};

static RULES: &[&Rule] = &[&DATELINE];

/// Whether `l` holds `-`, `:`, `–` or `—` right before a whitespace character: the separator
/// that both dateline patterns end with (`\s` in the patterns is Unicode White_Space, as is
/// `char::is_whitespace`).
fn has_separator_then_space(l: &str) -> bool {
    let b = l.as_bytes();
    memchr::memchr3_iter(b'-', b':', 0xe2, b).any(|i| {
        let after = match b[i] {
            b'-' | b':' => i + 1,
            _ if matches!(b.get(i + 1..i + 3), Some([0x80, 0x93 | 0x94])) => i + 3,
            _ => return false,
        };
        l.get(after..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_whitespace)
    })
}

const PLACE_PATTERN: &str = r"^(?P<place>\p{Lu}[\p{L}\p{M}.'’\- ]{0,40}?(?:[,/] ?\p{Lu}[\p{L}\p{M}.'’\- ]{0,30}?){0,2}?)(?:, (?P<date>\p{L}{3,10}\.? \d{1,2}|\d{1,2}\.? \p{L}{3,10}\.?)(?:,? (?P<year>\d{4}))?)?\s*(?:\((?P<agency>[^()]{2,30})\))?\s*(?P<sep>--|-|–|—|\.-|\.–|:)\s+\S";

const AGENCY_PATTERN: &str =
    r"^(?:\((?P<pa>[^()]{2,20})\)|(?P<a>[\p{L}\- ]{2,20}?))\s*(?P<sep>--|-|–|—|\.-|\.–)\s+\S";

// Each pattern is compiled twice: as written, and with its Unicode classes cut to their ASCII
// members (`ascii_only`) for the lines `ascii_shaped` lets through, on which the two match
// alike. The letter classes under bounded repeats make the first pair cost some 270 million
// instructions (50-70 ms) to build: a run over one article with a dateline paid that in
// full, a hundred times the rest of its work. The second pair costs a fraction of that, and
// nearly every dateline is ASCII but for its dash.
static PLACE_DATELINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(PLACE_PATTERN).unwrap());
static AGENCY_DATELINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(AGENCY_PATTERN).unwrap());
static PLACE_DATELINE_ASCII: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&ascii_only(PLACE_PATTERN)).unwrap());
static AGENCY_DATELINE_ASCII: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&ascii_only(AGENCY_PATTERN)).unwrap());

/// `pattern` with each Unicode class (letters, upper-case letters, marks, digits, white
/// space) replaced by its ASCII members.
fn ascii_only(pattern: &str) -> String {
    pattern
        .replace(r"\p{Lu}", "[A-Z]")
        .replace(r"\p{L}", "[A-Za-z]")
        .replace(r"\p{M}", "")
        .replace(r"\d", "[0-9]")
        .replace(r"\s", r"[\t\n\x0B\x0C\r ]")
        .replace(r"\S", r"[^\t\n\x0B\x0C\r ]")
}

/// Whether every character of `l` outside ASCII is a quote, dash or other mark that none of
/// the patterns' classes holds (no letter, mark, digit or space): then a pattern and its
/// `ascii_only` form match `l` alike.
fn ascii_shaped(l: &str) -> bool {
    l.chars()
        .all(|c| c.is_ascii() || matches!(c, '‘' | '’' | '“' | '”' | '–' | '—' | '…' | '«' | '»'))
}

pub struct DatelinePass;

impl Pass for DatelinePass {
    fn name(&self) -> &'static str {
        "dateline"
    }

    fn stage(&self) -> Stage {
        Stage::Structure
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        // Run again after the dateline was lifted, the pass looks for one more only: a repair
        // since then (a run of no-break spaces made one space) can make the text open with
        // a dateline the first chain did not read through, and a second run would lift it.
        let continuing = cx.metadata.dateline.is_some();
        let text = cx.text;
        // A dateline opens one of the first two content lines; the line after it is read too,
        // for a repeat of it (even when it opened the second).
        let firsts = first_content_lines(text, 3);
        for (k, line) in firsts.iter().take(2).enumerate() {
            let l = &text[line.content.clone()];
            let Some(mut found) = read_dateline(l, cx.language) else {
                continue;
            };
            // Below a first line (a title, or what a cut left of a dateline line), only a
            // certain dateline counts: an uncertain one there (`Text — more`) is as likely
            // the body going on, and a second run would take it from a first run's rest.
            if k > 0 && !found.certain {
                continue;
            }
            // A second dateline right after the first (`Canadian Press - OTTAWA (CP) - `,
            // `TASS - KAZINFORM - `) is part of it, and so is every further one a scrape
            // chained on: one run takes them all, or the next run would take the rest. Each
            // step reads from where the last one ended, so the chain costs one pass over it.
            while let Some(next) = read_dateline(&l[found.end..], cx.language) {
                if next.end == 0 || next.start > 0 {
                    break;
                }
                found = Found {
                    place: found.place.or(next.place),
                    agency: found.agency.or(next.agency),
                    day: found.day.or(next.day),
                    year: found.year.or(next.year),
                    start: found.start,
                    end: found.end + next.end,
                    certain: found.certain && next.certain,
                };
            }
            if continuing {
                let cut = line.content.start + found.start..line.content.start + found.end;
                let words = text[cut.clone()].trim_end();
                let message = format!("second dateline '{words}' after the first");
                cx.report(
                    Finding::new(&DATELINE, cut.clone(), message)
                        .with_fix(cut_fix(cut, found.certain)),
                );
                return;
            }
            let header = match found.year {
                Some(y) => Some(format!("{y}-12-31")),
                None => cx.metadata.date.clone(),
            };
            let date = found
                .day
                .and_then(|(m, d)| resolve(m, d, header.as_deref()));
            let agency_norm = found.agency.map(|a| {
                let first = a.split('/').next().unwrap_or(a);
                agency(first).map_or(a.to_owned(), str::to_owned)
            });
            if let Some(a) = &agency_norm {
                if agency(a).is_some() {
                    push_unique(&mut cx.metadata.sources, a);
                }
            }
            let describe = [found.place, agency_norm.as_deref()]
                .iter()
                .flatten()
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            cx.metadata.dateline = Some(Dateline {
                place: found.place.map(str::to_owned),
                agency: agency_norm.clone(),
                date,
            });
            let cut = line.content.start + found.start..line.content.start + found.end;
            let fix = cut_fix(cut.clone(), found.certain);
            let repeat = repeated_dateline(text, &firsts[k + 1..], cx.language);
            cx.report(Finding::new(&DATELINE, cut, format!("dateline: {describe}")).with_fix(fix));
            if let Some((cut, words)) = repeat {
                let fix = cut_fix(cut.clone(), found.certain);
                let message = format!("second dateline '{words}' after the first ({describe})");
                cx.report(Finding::new(&DATELINE, cut, message).with_fix(fix));
            }
            return;
        }
    }
}

/// The fix that cuts a dateline: safe when the dateline is certain, else only offered.
fn cut_fix(cut: std::ops::Range<usize>, certain: bool) -> Fix {
    let edits = vec![Edit::delete(cut)];
    if certain {
        Fix::safe(edits)
    } else {
        Fix::unsafe_(edits)
    }
}

/// The range of a dateline opening the next content line too, when the first dateline opened
/// the first line. The pass reads the first two content lines: once the first dateline is cut
/// and its line stays, the next run would read this one as the article's dateline and cut it.
/// So it goes with the first, whatever it says: cleaning is idempotent, and nothing is lost
/// (its words are in the finding's message). Usually it is a scrape that repeated the start of
/// the story (`Por Juan PéMadrid, 3 may (EFE).-` then `Madrid, 3 may (EFE).-`).
fn repeated_dateline<'t>(
    text: &'t str,
    next: &[crate::passes::structure_util::Line],
    lang: Language,
) -> Option<(std::ops::Range<usize>, &'t str)> {
    let line = next.first()?;
    let l = &text[line.content.clone()];
    let found = read_dateline(l, lang)?;
    let cut = line.content.start + found.start..line.content.start + found.end;
    Some((cut.clone(), text[cut].trim_end()))
}

struct Found<'a> {
    place: Option<&'a str>,
    agency: Option<&'a str>,
    day: Option<(u32, u32)>,
    /// The year written in the dateline, if any.
    year: Option<&'a str>,
    /// Where the dateline starts: 0, or after text glued before its place by a run of
    /// spaces.
    start: usize,
    /// Where the dateline and its separator end (the sentence starts there).
    end: usize,
    certain: bool,
}

fn read_dateline(l: &str, lang: Language) -> Option<Found<'_>> {
    // Both shapes need a separator (`-`, `--`, `–`, `—`, `:`) followed by whitespace. Most
    // first lines have none, and are settled without the regexes, whose compilation alone
    // costs more than cleaning a short article.
    if !has_separator_then_space(l) {
        return None;
    }
    let (agency_dateline, place_dateline) = if ascii_shaped(l) {
        (&*AGENCY_DATELINE_ASCII, &*PLACE_DATELINE_ASCII)
    } else {
        (&*AGENCY_DATELINE, &*PLACE_DATELINE)
    };
    if let Some(c) = agency_dateline.captures(l) {
        let a = c
            .name("pa")
            .or_else(|| c.name("a"))
            .unwrap()
            .as_str()
            .trim();
        let known = agency(a.split('/').next().unwrap_or(a)).is_some();
        if known {
            // The match ends with the first character of the sentence, which may be wider
            // than one byte.
            let m = c.get(0).unwrap().end();
            let end = m - l[..m].chars().next_back()?.len_utf8();
            return Some(Found {
                place: None,
                agency: Some(a),
                day: None,
                year: None,
                start: 0,
                end,
                certain: true,
            });
        }
    }
    let c = place_dateline.captures(l)?;
    let place = c
        .name("place")
        .unwrap()
        .as_str()
        .trim()
        .trim_end_matches(',');
    // A run of spaces glues other text (a byline) before the place: the dateline starts
    // after it and the glued text stays. (Refusing the line instead was not idempotent: the
    // whitespace pass closes the run, and the next run read the whole as a place.)
    let (start, place) = match place.rfind("  ") {
        Some(run) => {
            let after = &place[run..];
            let place = after.trim_start();
            (place.as_ptr() as usize - l.as_ptr() as usize, place)
        }
        None => (0, place),
    };
    let sep = c.name("sep").unwrap().as_str();
    let agency_text = c.name("agency").map(|m| m.as_str().trim());
    let words: Vec<&str> = place
        .split(|ch: char| ch.is_whitespace() || ch == ',' || ch == '/')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 6 || words[0] == "By" {
        return None;
    }
    let capitalized = words.iter().all(|w| {
        w.starts_with(char::is_uppercase)
            || matches!(
                *w,
                "de" | "do" | "da" | "del" | "am" | "an" | "der" | "sur" | "upon"
            )
    });
    if !capitalized {
        return None;
    }
    let first_all_caps = words[0].chars().filter(|ch| ch.is_alphabetic()).count() >= 2
        && words[0].chars().all(|ch| !ch.is_lowercase());
    let certain;
    if let Some(a) = agency_text {
        let head = a.split('/').next().unwrap_or(a);
        let ok = agency(head).is_some()
            || (a.starts_with(char::is_uppercase) && a.split_whitespace().count() <= 3);
        if !ok {
            return None;
        }
        certain = true;
    } else if first_all_caps {
        // Capitals without an agency: at most three words before any comma, and a colon only
        // in French (`NEW YORK: Les migrations`).
        // Every word before any comma in capitals (`SÃO PAULO`, not `DJ Norman Cook`), not a
        // wire headline word, and a sentence in mixed case after it (`CORRECTION - GM SEES`
        // is a headline).
        let before_comma = place.split(',').next().unwrap_or(place);
        let all_caps = before_comma
            .split_whitespace()
            .all(|w| w.chars().all(|ch| !ch.is_lowercase()));
        let headline_word = ["CORRECTION", "CORRECTED", "UPDATE", "REFILE"]
            .iter()
            .any(|h| before_comma.starts_with(h));
        // From the match's last character on (a byte offset could fall inside it).
        let end = c.get(0).unwrap().end();
        let last_char = l[..end].char_indices().next_back().map_or(0, |(i, _)| i);
        let rest = &l[last_char..];
        let sentence = rest.chars().take(24).any(char::is_lowercase);
        if before_comma.split_whitespace().count() > 3
            || !all_caps
            || headline_word
            || !sentence
            || (sep == ":" && lang != Language::French)
        {
            return None;
        }
        certain = true;
    } else if matches!(sep, "–" | "—") && words.len() == 1 && place.chars().count() >= 3 {
        certain = false;
    } else {
        return None;
    }
    let day = c.name("date").and_then(|d| {
        let d = d.as_str();
        let mut parts = d.split_whitespace();
        let (a, b) = (parts.next()?, parts.next()?);
        let (m, day) = match a.trim_end_matches('.').parse::<u32>() {
            Ok(n) => (month_of(b.trim_end_matches('.'))?, n),
            Err(_) => (month_of(a.trim_end_matches('.'))?, b.parse().ok()?),
        };
        (1..=31).contains(&day).then_some((m, day))
    });
    if c.name("date").is_some() && day.is_none() {
        return None;
    }
    let end =
        c.get(0).unwrap().end() - l[..c.get(0).unwrap().end()].chars().next_back()?.len_utf8();
    Some(Found {
        place: Some(place),
        agency: agency_text,
        day,
        year: c.name("year").map(|y| y.as_str()),
        start,
        end,
        certain,
    })
}

/// A dateline's month and day as a full date, in the year of the header date (the year
/// before when the month is well after the header's: a December dateline in January).
fn resolve(month: u32, day: u32, header: Option<&str>) -> Option<String> {
    let h = header?;
    let year: i32 = h.get(..4)?.parse().ok()?;
    let hm: u32 = h.get(5..7)?.parse().ok()?;
    let year = if month > hm + 1 { year - 1 } else { year };
    let d = dates::parse_at(
        &format!("{year:04}-{month:02}-{day:02}"),
        dates::Order::Unknown,
    )?;
    match d.parsed {
        dates::Parsed::Date(d) => Some(d.iso()),
        dates::Parsed::Ambiguous(..) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_patterns_hold_no_unicode_class() {
        for p in [PLACE_PATTERN, AGENCY_PATTERN] {
            let a = ascii_only(p);
            for class in [r"\p", r"\d", r"\s", r"\S"] {
                assert!(!a.contains(class), "{class} in {a}");
            }
        }
    }

    #[test]
    fn the_ascii_patterns_match_as_the_full_ones_on_ascii_shaped_lines() {
        // Lines made of pieces of datelines and of what follows them, every character of
        // them ASCII or one `ascii_shaped` lets through.
        let pieces = [
            "WASHINGTON",
            "LOS ANGELES",
            "London",
            "Paris, France",
            "Hamburg",
            " ",
            "  ",
            "\t",
            "(Reuters)",
            "(AP)",
            "(dpa/lno)",
            "(EFE)",
            " - ",
            " -- ",
            " – ",
            " — ",
            ".- ",
            ": ",
            "-",
            "–",
            ", ",
            "Jan. 5",
            "7 oct",
            "May 4, 2022",
            "2021",
            "said",
            "Shares",
            "’s",
            "“Hi”",
            "‘",
            "…",
            "«",
            "»",
            "A",
            "b",
            ".",
            "/",
            "12",
            "O'Neil",
            "de",
            "x",
        ];
        let mut seed = 1u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let (mut lines, mut matched) = (0, 0);
        for _ in 0..20_000 {
            let len = 1 + next(7);
            let line: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            assert!(ascii_shaped(&line), "{line:?}");
            for (full, ascii) in [
                (&*PLACE_DATELINE, &*PLACE_DATELINE_ASCII),
                (&*AGENCY_DATELINE, &*AGENCY_DATELINE_ASCII),
            ] {
                let groups = |re: &Regex| {
                    re.captures(&line)
                        .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
                };
                let want = groups(full);
                matched += usize::from(want.is_some());
                assert_eq!(groups(ascii), want, "{line:?}");
            }
            lines += 1;
        }
        // The comparison is not one of refusals only.
        assert!(matched > lines / 20, "{matched} matches in {lines} lines");
        assert!(!ascii_shaped("BRASÍLIA - x") && !ascii_shaped("a\u{a0}- x"));
    }

    fn read(l: &str) -> Option<(Option<&str>, Option<&str>, String, bool)> {
        read_dateline(l, Language::English)
            .map(|f| (f.place, f.agency, l[f.end..].to_owned(), f.certain))
    }

    #[test]
    fn text_glued_before_the_place_stays() {
        let line = "LAUREN NEWELL    WASHINGTON (AP) -- Scientists said.";
        let found = read_dateline(line, Language::English).unwrap();
        assert_eq!(found.place, Some("WASHINGTON"));
        assert_eq!(&line[..found.start], "LAUREN NEWELL    ");
        let cleaned = crate::clean(&format!("{line}\n"), &crate::Config::new()).text;
        assert_eq!(cleaned, "LAUREN NEWELL Scientists said.\n");
        assert_eq!(crate::clean(&cleaned, &crate::Config::new()).text, cleaned);
    }

    #[test]
    fn below_the_first_line_only_a_certain_dateline_counts() {
        let config = crate::Config::new();
        let metadata = |text: &str| crate::clean(text, &config).metadata.dateline;
        // A title, then a dateline with an agency: taken.
        let titled = "Senate passes the bill\nWASHINGTON (Reuters) - The Senate voted.\n";
        assert!(metadata(titled).is_some());
        // Body text, then a capitalized word and a dash: the body going on, not a dateline.
        let body = "Rex Tillerson ran the firm.\n\nTillerson – the chief executive – joined.\n";
        assert_eq!(metadata(body), None);
    }

    #[test]
    fn reads_datelines() {
        let r = read("WASHINGTON (Reuters) - The Senate voted.").unwrap();
        assert_eq!(
            (r.0, r.1, r.2.as_str()),
            (Some("WASHINGTON"), Some("Reuters"), "The Senate voted.")
        );
        let r = read("KABUL, Afghanistan (AP) -- The father came.").unwrap();
        assert_eq!(r.0, Some("KABUL, Afghanistan"));
        let r = read("Bruselas, 7 oct (EFE).- El alto representante.").unwrap();
        assert_eq!((r.0, r.1), (Some("Bruselas"), Some("EFE")));
        let r = read("Hamburg (dpa/lno) – Trotz eines Gespräches.").unwrap();
        assert_eq!(r.1, Some("dpa/lno"));
        let r = read("BRASÍLIA - O presidente caminhou.").unwrap();
        assert_eq!((r.0, r.3), (Some("BRASÍLIA"), true));
        let r = read("London – Mit einem Vorsprung.").unwrap();
        assert!(!r.3);
        let r = read("AP - A company founded by a chemist.").unwrap();
        assert_eq!(
            (r.1, r.2.as_str()),
            (Some("AP"), "A company founded by a chemist.")
        );
        let r = read("(EFE).- Nicaragua cerró 2021.").unwrap();
        assert_eq!(r.1, Some("EFE"));
        let r = read("Canadian Press - OTTAWA (CP) - Paul Martin announced a plan.").unwrap();
        assert_eq!(
            (r.0, r.1),
            (None, Some("Canadian Press")),
            "one at a time; the pass chains them"
        );
    }

    #[test]
    fn refuses_titles_and_sentences() {
        for l in [
            "Job cuts 'false economy' - TUC",
            "The report said - in part - that prices rose.",
            "FEDERAL RESERVE MONEY SUPPLY REPORT - FEB 26",
            "Blair - the man who would be king",
            "Warning: this may hurt.",
            "DJ Norman Cook - aka Fatboy Slim - has said that dance music is not dead",
            "CORRECTION - ASHTON-TATE ITEM",
            "U.S. DIVIDEND MEETINGS - MARCH 3",
        ] {
            assert!(read(l).is_none(), "{l}");
        }
        assert_eq!(
            resolve(10, 7, Some("2021-10-08")).as_deref(),
            Some("2021-10-07")
        );
        assert_eq!(
            resolve(12, 31, Some("2022-01-02")).as_deref(),
            Some("2021-12-31")
        );
    }

    #[test]
    fn the_repeat_of_a_dateline_on_the_second_line_goes_with_it() {
        // The dateline opens the second content line (below a title) and the story's head
        // is repeated on the third: both go in one run, else the next run takes the repeat.
        let clean = |t: &str| crate::test_support::clean_only(&["dateline"], t);
        let t = "A title\n\nMadrid, 3 may (EFE).- El Gobierno aprobó.\n\nMadrid, 3 may (EFE).- El Gobierno aprobó hoy.\n";
        let a = clean(t);
        assert_eq!(
            a.text,
            "A title\n\nEl Gobierno aprobó.\n\nEl Gobierno aprobó hoy.\n"
        );
        assert_eq!(clean(&a.text).text, a.text);
    }

    #[test]
    fn a_chain_of_datelines_goes_in_one_run() {
        let clean = |t: &str| crate::test_support::clean_only(&["dateline"], t);
        let t = "Canadian Press - OTTAWA (CP) - OTTAWA (CP) - The House sat late.\n";
        let a = clean(t);
        assert_eq!(a.text, "The House sat late.\n");
        assert_eq!(clean(&a.text).text, a.text);
    }

    #[test]
    fn a_repeated_dateline_goes_with_the_first() {
        let clean = |t: &str| crate::test_support::clean_only(&["dateline"], t);
        let a = clean("Bruselas, 7 oct (EFE).- Uno dos.\n\nBruselas, 7 oct (EFE).- Tres.\n");
        assert_eq!(a.text, "Uno dos.\n\nTres.\n");
        assert_eq!(clean(&a.text).text, a.text);
        // The same agency and day after a place glued to a name: a repeat.
        let t = "Por Juan PéMadrid, 3 may (EFE).- Uno.\n\nMadrid, 3 may (EFE).- Tres.\n";
        assert_eq!(clean(t).text, "Uno.\n\nTres.\n");
        // A different dateline opening the second paragraph goes too: a second run would read
        // it as the text's dateline and cut it, so the first run does, and names it.
        let t = "Bruselas, 7 oct (EFE).- Uno dos.\n\nMadrid, 8 oct (EFE).- Tres.\n";
        let a = clean(t);
        assert_eq!(a.text, "Uno dos.\n\nTres.\n");
        assert_eq!(clean(&a.text).text, a.text);
        assert!(a
            .diagnostics
            .iter()
            .any(|d| d.message.contains("'Madrid, 8 oct (EFE).-'")));
        // A dateline further down (third paragraph) is story text: it stays.
        let t = "Bruselas, 7 oct (EFE).- Uno.\n\nDos.\n\nMadrid, 8 oct (EFE).- Tres.\n";
        assert_eq!(
            clean(t).text,
            "Uno.\n\nDos.\n\nMadrid, 8 oct (EFE).- Tres.\n"
        );
    }
}
