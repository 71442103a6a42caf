//! The `agency-trailer` rule: the lines at the end of an article that credit its sources
//! (`With information from EuropaPress and AP`, `(Con información de AFP, EFE y Reuters)`,
//! `Mit Material von MDR`, `(Reporting by X; Editing by Y)`, Reuters' ` Reuter`,
//! `© 2016 The Associated Press. All rights reserved.`) leave the body; the agencies go to
//! `metadata.sources`, normalized, and the reporters of a `Reporting by` line to
//! `metadata.bylines`.
//!
//! Only the last lines are looked at, from the bottom up, and each must be a trailer as a
//! whole: a sentence that mentions Reuters is never one. Lines that hold only an end-of-text
//! mark (`&#3;`, a control character) are skipped, whether or not the encoding rules have
//! removed them yet.

use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::passes::structure_data::WITH_INFO;
use crate::passes::structure_util::{
    agency, attach_removals, inline_removal_edit, lines_rev, push_unique, split_names,
};
use crate::rules::{FixSafety, Rule, Severity};
use regex::Regex;
use std::sync::LazyLock;

pub static AGENCY_TRAILER: Rule = Rule {
    code: "M306",
    name: "agency-trailer",
    family: "structure",
    severity: Severity::Info,
    fix: FixSafety::Safe,
    summary: "An agency or copyright trailer at the end of the body",
    doc: r#"## What it does
Finds the trailer lines at the end of an article: a "with information from" line (`With
information from EuropaPress and AP`, `(Con información de AFP, EFE y Reuters)`, `(*Com
informações da AFP)`, `Mit Material von MDR`), a reporting credit (`(Reporting by X;
Editing by Y)`), an agency signature (Reuters' ` Reuter`, a line that is just `dpa` or
`(AFP)`, `(APA, 11.9.2015)`), and a copyright line (`© 2016 The Associated Press. All rights
reserved.`). The trailer leaves the body; the agencies go to `metadata.sources` with their
usual names (`EFE`, `AP`, `AFP`, `Reuters`, `dpa`, `EuropaPress` ...), and the reporters of a
reporting credit to `metadata.bylines`. An agency in parentheses after the last sentence
(`... the election. (Reuters)`) is cut from that sentence.

## Why it matters
Trailers are not part of the story. Left in, they end every article of a wire with the same
words, which skews language models, deduplication and summaries.

## Example
```text
The talks resume on Monday.

With information from EuropaPress and AP
```
becomes `The talks resume on Monday.` with `sources = ["EuropaPress", "AP"]`.

## Fix safety
Safe: only whole lines at the end of the text with a trailer's exact shape are removed, and
the sources they name are kept in the metadata."#,
};

static RULES: &[&Rule] = &[&AGENCY_TRAILER];

/// How many lines up from the end a trailer block may reach.
const MAX_TRAILER_LINES: usize = 12;

/// Reuters' signature glued to the end of a (table) line after a run of spaces.
static GLUED_REUTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\S {2,}(REUTER|Reuter)$").unwrap());

pub struct AgencyTrailer;

impl Pass for AgencyTrailer {
    fn name(&self) -> &'static str {
        "agency-trailer"
    }

    fn stage(&self) -> Stage {
        Stage::Structure
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        let mut seen = 0;
        let mut whole = Vec::new();
        let mut body_above = false;
        // Kept aside until the text proves to have a body above its trailer.
        let (mut sources, mut reporters): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        let mut last_content = true;
        // From the end, lazily: only the last few content lines are ever looked at.
        for line in lines_rev(text) {
            if line.is_blank() || is_end_mark(&text[line.content.clone()]) {
                continue;
            }
            if seen == MAX_TRAILER_LINES {
                body_above = true;
                break;
            }
            seen += 1;
            let l = &text[line.content.clone()];
            if let Some(t) = trailer_line(l) {
                let message = match (&t.sources[..], &t.reporters[..]) {
                    ([], []) => "trailer line".to_owned(),
                    ([], r) => format!("reporting credit: {}", r.join(", ")),
                    (s, _) => format!("agency trailer: {}", s.join(", ")),
                };
                sources.extend(t.sources);
                reporters.extend(t.reporters);
                whole.push((
                    Finding::new(&AGENCY_TRAILER, line.content.clone(), message),
                    Some(line.content.clone()),
                ));
                last_content = false;
                continue;
            }
            body_above = true;
            // Only the last line of the story may carry a glued signature.
            if last_content {
                // The regex only when the line ends with the signature: most do not.
                let glued = (l.ends_with("Reuter") || l.ends_with("REUTER"))
                    .then(|| GLUED_REUTER.captures(l))
                    .flatten()
                    .map(|c| c.get(1).unwrap())
                    .map(|m| (m.start(), vec!["Reuters".to_owned()]))
                    .or_else(|| paren_trailer(l));
                if let Some((at, names)) = glued {
                    let cut = line.content.start + at..line.content.end;
                    let name = names.join(", ");
                    sources.extend(names);
                    whole.push((
                        Finding::new(
                            &AGENCY_TRAILER,
                            cut.clone(),
                            format!("agency signature {name} at the end of the text"),
                        )
                        .with_fix(Fix::safe_one(inline_removal_edit(text, cut))),
                        None,
                    ));
                }
            }
            break;
        }
        // A text that is nothing but trailer lines is not an article with a trailer: keep it.
        if !body_above {
            return;
        }
        for s in &sources {
            push_unique(&mut cx.metadata.sources, s);
        }
        for r in &reporters {
            push_unique(&mut cx.metadata.bylines, r);
        }
        for f in attach_removals(text, whole) {
            cx.report(f);
        }
    }
}

/// A trailer in parentheses after the last sentence: `... the election. (Reuters)`,
/// `... diz a defesa. (*Com informações da AFP)`. Returns where it starts and its sources.
fn paren_trailer(l: &str) -> Option<(usize, Vec<String>)> {
    let body = l.strip_suffix('.').unwrap_or(l);
    let inner_end = body.strip_suffix(')')?.len();
    let open = body[..inner_end].rfind('(')?;
    let before = body[..open].trim_end();
    if before.len() == open || !before.ends_with(['.', '!', '?', '"', '”', '»', ')']) {
        return None;
    }
    let t = trailer_line(&l[open..])?;
    (!t.sources.is_empty()).then_some((open, t.sources))
}

/// A line that only marks the end of a record: `&#3;`, control characters.
fn is_end_mark(l: &str) -> bool {
    l == "&#3;" || l == "&#2;" || l.chars().all(|c| c.is_control() || c.is_whitespace())
}

struct Trailer {
    sources: Vec<String>,
    reporters: Vec<String>,
}

/// Reads a whole trailer line.
fn trailer_line(l: &str) -> Option<Trailer> {
    if l.chars().count() > 300 {
        return None;
    }
    let inner = l
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')').or_else(|| x.strip_suffix(").")))
        .unwrap_or(l)
        .trim()
        .trim_start_matches('*')
        .trim();
    let mut t = Trailer {
        sources: Vec::new(),
        reporters: Vec::new(),
    };
    // A signature alone: `Reuter`, `dpa`, `(AFP)`, `AFP/dpa`, `(APA, 11.9.2015)`.
    let sig = inner.split(',').next().unwrap_or(inner);
    let rest_is_date = inner[sig.len()..]
        .trim_start_matches(',')
        .trim()
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ' ');
    if rest_is_date {
        let names: Vec<&str> = sig.split('/').collect();
        if names.iter().all(|n| agency(n).is_some()) {
            t.sources = names
                .iter()
                .filter_map(|n| agency(n))
                .map(str::to_owned)
                .collect();
            return Some(t);
        }
    }
    let lower = inner.to_lowercase();
    // `With information from ...`, `Con información de ...`, `Mit Material von ...`
    for open in WITH_INFO {
        if !lower.starts_with(open) {
            continue;
        }
        let n = open.chars().count();
        let skip: usize = inner.chars().take(n).map(char::len_utf8).sum();
        let list = inner[skip..].trim().trim_end_matches('.');
        let strong = !matches!(
            *open,
            "avec "
                | "fonte: "
                | "fuente: "
                | "source: "
                | "sources: "
                | "quelle: "
                | "quellen: "
                | "información de "
        );
        if list.is_empty() {
            return open.contains("agenc").then_some(t);
        }
        let list = list
            .strip_prefix("la ")
            .or_else(|| list.strip_prefix("las "))
            .or_else(|| list.strip_prefix("der "))
            .or_else(|| list.strip_prefix("the "))
            .unwrap_or(list);
        let names = split_names(list);
        if names.is_empty() {
            return None;
        }
        for name in names {
            match agency(name) {
                Some(a) => push_unique(&mut t.sources, a),
                None if strong && is_source_name(name) => push_unique(&mut t.sources, name),
                None => return None,
            }
        }
        return Some(t);
    }
    // `(Reporting by X in London; Editing by Y)`
    if lower.starts_with("reporting by ")
        || lower.starts_with("additional reporting by ")
        || lower.starts_with("writing by ")
        || lower.starts_with("compiled by ")
    {
        for part in inner.split(';') {
            let p = part.trim();
            let pl = p.to_lowercase();
            let who = ["reporting by ", "additional reporting by ", "writing by "]
                .iter()
                .find(|k| pl.starts_with(*k))
                .map(|k| &p[k.len()..]);
            if let Some(who) = who {
                for name in split_names(who) {
                    let name = name.split(" in ").next().unwrap_or(name).trim();
                    if is_source_name(name) {
                        push_unique(&mut t.reporters, name);
                    }
                }
            }
        }
        return Some(t);
    }
    // `© 2016 The Associated Press. All rights reserved.`, `Copyright 2020 Reuters`
    let after_sign = inner
        .strip_prefix('©')
        .or_else(|| inner.strip_prefix("Copyright ©"))
        .or_else(|| inner.strip_prefix("Copyright"))
        .or_else(|| inner.strip_prefix("(c)"))
        .map(str::trim);
    if let Some(rest) = after_sign {
        let rest = rest.trim_start_matches('©').trim();
        let year_len = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        let rights = [
            "rights reserved",
            "rechte vorbehalten",
            "droits réservés",
            "derechos reservados",
            "direitos reservados",
        ]
        .iter()
        .any(|r| lower.contains(r));
        if year_len != 4 && !rights {
            return None;
        }
        let holder = rest[year_len..]
            .trim_start_matches([' ', '-', '–', ','])
            .split(['.', '|', '—', '–'])
            .next()
            .unwrap_or("")
            .trim();
        let holder = holder.split(" - ").next().unwrap_or(holder).trim();
        if let Some(a) = agency(holder) {
            push_unique(&mut t.sources, a);
        } else if is_source_name(holder) {
            push_unique(&mut t.sources, holder);
        }
        return Some(t);
    }
    None
}

/// A short capitalized name (`MDR`, `Steve Gorman`), not a phrase.
fn is_source_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && s.chars().count() <= 50
        && words[0].starts_with(char::is_uppercase)
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || matches!(
                    *w,
                    "de" | "da" | "do" | "del" | "von" | "van" | "der" | "la" | "le"
                )
        })
}

#[cfg(test)]
mod tests {
    use crate::{clean, Config};

    fn run(s: &str) -> (String, Vec<String>) {
        let a = clean(s, &Config::new());
        (a.text, a.metadata.sources)
    }

    #[test]
    fn lifts_trailers() {
        let (t, s) =
            run("The talks resume on Monday.\n\nWith information from EuropaPress and AP\n");
        assert_eq!(t, "The talks resume on Monday.\n");
        assert_eq!(s, ["EuropaPress", "AP"]);
        let (t, s) = run("The talks resume.\n Reuter\n&#3;");
        assert!(!t.contains("Reuter"), "{t}");
        assert_eq!(s, ["Reuters"]);
        // The end-of-record mark decoded to a control character by the encoding rules.
        let (t, s) = run("The talks resume.\n Reuter\n\u{3}");
        assert!(!t.contains("Reuter"), "{t}");
        assert_eq!(s, ["Reuters"]);
        let (t, s) = run("AP\n");
        assert_eq!(
            (t.as_str(), s.len()),
            ("AP\n", 0),
            "a text that is only a signature stays"
        );
        let (t, s) = run("The talks resume.\n Reuter\n");
        assert_eq!(t, "The talks resume.\n");
        assert_eq!(s, ["Reuters"]);
        let (_, s) = run("Texto da notícia aqui. (*Com informações da AFP)\n");
        assert_eq!(s, ["AFP"]);
        let (t, s) =
            run("La charla sigue.\n\n(Con información de AFP, EFE y Reuters)\n\nSeguir leyendo:\n");
        assert_eq!(t, "La charla sigue.\n");
        assert_eq!(s, ["AFP", "EFE", "Reuters"]);
    }

    #[test]
    fn keeps_sentences_that_mention_agencies() {
        for s in [
            "The talks resume.\n\nReuters said the talks would resume on Monday.\n",
            "The talks resume.\n\nWith information from the ministry, the police acted.\n",
            "Avec le soutien de la ville, le projet avance.\n",
        ] {
            let (t, src) = run(s);
            assert_eq!(t, s);
            assert!(src.is_empty(), "{s}");
        }
    }
}
