//! The `boilerplate-line` rule: whole lines that are web-page furniture (`Advertisement`,
//! `Read more:`, `Seguir leyendo:`, `PUBLICIDADE`, `Lire aussi : ...`, `Lesen Sie auch`,
//! `Share this article`) leave the body.
//!
//! A line must be the furniture as a whole (or a "read also" lead, a colon and a link title);
//! a sentence that starts with the same words (`Read more about the plan in our guide.`) is
//! left alone. The phrase lists live in `structure_data.rs`.

use crate::pass::{Context, Finding, Pass, Stage};
use crate::passes::structure_data::{FURNITURE, FURNITURE_LEADS, FURNITURE_PREFIXES};
use crate::passes::structure_util::{
    attach_removals, line_at, lines_iter, lines_rev, widen_to_final_block,
};
use crate::rescan::{line_windows, lines_in, one_line_further};
use crate::rules::{FixSafety, Rule, Severity};
use std::ops::Range;
use std::sync::LazyLock;

pub static BOILERPLATE_LINE: Rule = Rule {
    code: "M307",
    name: "boilerplate-line",
    family: "structure",
    severity: Severity::Info,
    fix: FixSafety::Safe,
    summary: "A line of web-page furniture (Advertisement, Read more:, Share this) in the body",
    doc: r#"## What it does
Finds lines that are web-page furniture in English, Spanish, Portuguese, French or German:
`Advertisement`, `Anzeige`, `PUBLICIDADE`, `Read more:`, `Seguir leyendo:`, `Leia também`,
`Lire aussi : <link title>`, `Lesen Sie auch`, `Share this article`, `Subscribe to our
newsletter`, `Artikel teilen:` ... The line must be exactly the furniture (case and a
trailing colon aside), or a "read also" lead followed by a colon and a linked title.

## Why it matters
Furniture lines are not text of the article: they break paragraphs apart, repeat across
every page of a site, and pollute language models and deduplication.

## Example
```text
The council voted on Monday.
Advertisement
The vote was close.
```
becomes
```text
The council voted on Monday.
The vote was close.
```

## Fix safety
Safe: only lines that are a known furniture phrase as a whole are removed; a sentence that
starts like one (`Read more about it in the report.`) is kept."#,
};

static RULES: &[&Rule] = &[&BOILERPLATE_LINE];

pub struct Boilerplate;

impl Pass for Boilerplate {
    fn name(&self) -> &'static str {
        "boilerplate-line"
    }

    fn stage(&self) -> Stage {
        Stage::Structure
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn rescans_changes(&self) -> bool {
        true
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        // A text that is only one line is the article itself, never furniture. (Lines are
        // read lazily, twice, rather than stored: a long text has hundreds of thousands.)
        if lines_iter(text).filter(|l| !l.is_blank()).nth(1).is_none() {
            return;
        }
        let mut found = Vec::new();
        // A line that continues a hard-wrapped sentence (`... 1.53 dlrs a` / `share.`) is not
        // furniture: the line before must be blank, end a sentence, or be furniture itself
        // (removed lines are transparent, so a second run finds nothing new).
        let b = text.as_bytes();
        for (window, mut after_break) in windows(text, cx.changed) {
            for (start, end) in lines_in(text, window) {
                // A line that continues a sentence and ends in a visible ASCII byte (most
                // lines) is neither blank nor looked at: that byte alone says whether a break
                // follows.
                if !after_break && end > start && b[end - 1].is_ascii_graphic() {
                    after_break = matches!(b[end - 1], b'.' | b'!' | b'?' | b':' | b'"' | b')');
                    continue;
                }
                let line = line_at(text, start, end);
                if line.is_blank() {
                    after_break = true;
                    continue;
                }
                let l = &text[line.content.clone()];
                let what = (l.len() <= 200 && after_break)
                    .then(|| furniture(l))
                    .flatten();
                match what {
                    Some(what) => {
                        let f = Finding::new(
                            &BOILERPLATE_LINE,
                            line.content.clone(),
                            format!("web furniture line '{what}'"),
                        );
                        found.push((f, Some(line.content.clone())));
                    }
                    None => after_break = ends_sentence(l),
                }
            }
        }
        for f in attach_removals(text, found) {
            cx.report(f);
        }
    }
}

/// Whether a break follows a (non-blank) line that is not furniture: it ends a sentence.
fn ends_sentence(l: &str) -> bool {
    // An ASCII last byte is the last character itself.
    match l.as_bytes().last() {
        Some(&c) if c < 0x80 => matches!(c, b'.' | b'!' | b'?' | b':' | b'"' | b')'),
        _ => l.ends_with(['.', '!', '?', ':', '"', '”', ')', '»', '…']),
    }
}

/// Whether a line may be furniture, depending on the line before it (when that ends with a
/// break).
fn may_be_furniture(l: &str) -> bool {
    l.len() <= 200 && furniture(l).is_some()
}

/// The windows to scan (see `crate::rescan`), each with whether a break comes before its
/// first line. Whether a line is furniture depends on the lines before it back to the last
/// blank one, the last that ends a sentence, or the last that cannot be furniture; whether
/// a break follows it, the same way. So a window starts after such a line and, run again,
/// goes on past a changed line until a line after which a break or none follows whatever
/// came before.
fn windows(text: &str, changed: Option<&[Range<usize>]>) -> Vec<(Range<usize>, bool)> {
    let mut windows = line_windows(text, changed, 0);
    if changed.is_none() {
        return windows.into_iter().map(|w| (w, true)).collect();
    }
    for w in &mut windows {
        while w.end < text.len() {
            let last = lines_rev(&text[..w.end]).find(|l| !l.is_blank());
            let Some(last) = last else { break };
            let l = &text[last.content];
            if ends_sentence(l) || !may_be_furniture(l) {
                break;
            }
            w.end = one_line_further(text, w.end);
        }
    }
    widen_to_final_block(text, &mut windows, |content| {
        may_be_furniture(&text[content])
    });
    let mut out: Vec<(Range<usize>, bool)> = Vec::with_capacity(windows.len());
    for w in windows {
        let (start, after_break) = state_before(text, w.start);
        match out.last_mut() {
            Some((last, _)) if start <= last.end => last.end = last.end.max(w.end),
            _ => out.push((start..w.end, after_break)),
        }
    }
    out
}

/// Where to start scanning so that the line at `start` is read in its context, and whether
/// a break comes before the line there: back over lines that may be furniture and end no
/// sentence, to the text's start, a blank line, or a line after which that is settled.
fn state_before(text: &str, mut start: usize) -> (usize, bool) {
    while start > 0 {
        let before = memchr::memrchr(b'\n', &text.as_bytes()[..start - 1]).map_or(0, |i| i + 1);
        let line = line_at(text, before, start - 1);
        if line.is_blank() {
            return (start, true);
        }
        let l = &text[line.content];
        if ends_sentence(l) {
            return (start, true);
        }
        if !may_be_furniture(l) {
            return (start, false);
        }
        start = before;
    }
    (0, true)
}

/// Whether a line's first two bytes, ASCII lowered, open some furniture phrase, lead or prefix.
/// Nearly every line of an article fails this, so `furniture` lowers (a copy) and compares
/// against the lists only for the few that pass. A line opening with a non-ASCII byte always
/// passes: its lower-case form may differ in bytes (`À lire` and `à lire`).
fn may_open_furniture(line: &[u8]) -> bool {
    static OPENINGS: LazyLock<Vec<bool>> = LazyLock::new(|| {
        let mut table = vec![false; 1 << 16];
        for phrase in FURNITURE
            .iter()
            .chain(FURNITURE_PREFIXES)
            .chain(FURNITURE_LEADS)
        {
            if let [a, b, ..] = phrase.as_bytes() {
                table[usize::from(*a) << 8 | usize::from(*b)] = true;
            }
        }
        table
    });
    match line {
        [a, b, ..] if a.is_ascii() => {
            OPENINGS[usize::from(a.to_ascii_lowercase()) << 8 | usize::from(b.to_ascii_lowercase())]
        }
        _ => true,
    }
}

/// Whether some furniture phrase, lead or prefix opens a line whose first four bytes,
/// lowered, are `key` (for a phrase shorter than four bytes, whether it opens `key`).
fn may_open_with(key: [u8; 4]) -> bool {
    /// A bit for the first two bytes of each phrase (every pair a one-byte phrase opens); the
    /// first four bytes of the phrases that have them, as sorted numbers; and the shorter
    /// phrases. Nearly every line after a break is settled by the bit of its first two bytes,
    /// before the search (this runs on some hundred thousand lines of a 16 MB dump).
    struct Openings {
        pairs: Box<[u64; 1024]>,
        long: Vec<u32>,
        short: Vec<&'static [u8]>,
    }
    static OPENINGS: LazyLock<Openings> = LazyLock::new(|| {
        let mut o = Openings {
            pairs: Box::new([0; 1024]),
            long: Vec::new(),
            short: Vec::new(),
        };
        for phrase in FURNITURE
            .iter()
            .chain(FURNITURE_PREFIXES)
            .chain(FURNITURE_LEADS)
        {
            let p = phrase.as_bytes();
            let seconds = match p.get(1) {
                Some(&second) => second..=second,
                None => 0..=u8::MAX,
            };
            for second in seconds {
                let pair = usize::from(p[0]) << 8 | usize::from(second);
                o.pairs[pair / 64] |= 1 << (pair % 64);
            }
            match p {
                [a, b, c, d, ..] => o.long.push(u32::from_be_bytes([*a, *b, *c, *d])),
                p => o.short.push(p),
            }
        }
        o.long.sort_unstable();
        o
    });
    let o = &*OPENINGS;
    let pair = usize::from(key[0]) << 8 | usize::from(key[1]);
    if o.pairs[pair / 64] & (1 << (pair % 64)) == 0 {
        return false;
    }
    o.long.binary_search(&u32::from_be_bytes(key)).is_ok()
        || o.short.iter().any(|p| key.starts_with(p))
}

/// The furniture phrase a line is, if it is one.
fn furniture(l: &str) -> Option<&'static str> {
    // The line's first four bytes settle nearly every line before any trimming or lowering.
    // When the first is a visible ASCII byte that no trim below removes and the next three
    // are ASCII (lowered byte for byte), the trimmed, lowered line either opens with those
    // four bytes lowered or, when the trim cut into them, is a prefix of them. A phrase
    // opens the one or the other, so a key that no phrase opens (nor a short phrase is a
    // prefix of, see `may_open_with`) rules the line out. The fourth byte may be a space:
    // `The company said.` is the commonest opening there is.
    if let [a, b, c, d, ..] = l.as_bytes() {
        let kept = |c: &u8| c.is_ascii_graphic() && !matches!(c, b':' | b'>');
        if kept(a) && b.is_ascii() && c.is_ascii() && d.is_ascii() {
            let key = [*a, *b, *c, *d].map(|x| x.to_ascii_lowercase());
            if !may_open_with(key) {
                return None;
            }
        }
    }
    furniture_unfiltered(l)
}

/// `furniture` without the four-byte filter: what the filter must never contradict.
fn furniture_unfiltered(l: &str) -> Option<&'static str> {
    let trimmed = l
        .trim()
        .trim_end_matches([':', '»', '>', '›', '…', ' '])
        .trim();
    if trimmed.is_empty() || trimmed.len() > 240 {
        return None;
    }
    if !may_open_furniture(trimmed.as_bytes()) {
        return None;
    }
    let lower = trimmed.to_lowercase();
    if let Some(f) = FURNITURE.iter().find(|f| **f == lower) {
        return Some(f);
    }
    if trimmed.chars().count() <= 120 {
        if let Some(f) = FURNITURE_PREFIXES.iter().find(|f| lower.starts_with(*f)) {
            return Some(f.trim_end());
        }
    }
    // `Read more: <title>`, `Lire aussi : <title>`
    for lead in FURNITURE_LEADS {
        if let Some(rest) = lower.strip_prefix(lead) {
            let rest = rest.trim_start();
            if rest.starts_with(':') || rest.starts_with('»') {
                return Some(lead);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{furniture, furniture_unfiltered, may_open_furniture, may_open_with};
    use crate::passes::structure_data::{FURNITURE, FURNITURE_LEADS, FURNITURE_PREFIXES};

    #[test]
    fn the_opening_filter_passes_every_phrase_in_any_case() {
        for phrase in FURNITURE
            .iter()
            .chain(FURNITURE_PREFIXES)
            .chain(FURNITURE_LEADS)
        {
            for form in [phrase.to_string(), phrase.to_uppercase(), {
                let mut c = phrase.chars();
                c.next()
                    .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
            }] {
                assert!(may_open_furniture(form.as_bytes()), "{form:?}");
            }
        }
        assert!(!may_open_furniture(b"The company said"));
    }

    #[test]
    fn every_phrase_opening_passes_the_four_byte_filter() {
        for phrase in FURNITURE
            .iter()
            .chain(FURNITURE_PREFIXES)
            .chain(FURNITURE_LEADS)
        {
            // A line that is the phrase, or opens with it, padded to four bytes as a longer
            // line would be.
            for tail in ["    ", " x: ", "... "] {
                let line = format!("{phrase}{tail}");
                let key: [u8; 4] = line.as_bytes()[..4].try_into().unwrap();
                assert!(may_open_with(key), "{line:?}");
            }
        }
        for opening in [b"the ", b"a sp", b"said", b"wedn"] {
            assert!(!may_open_with(*opening), "{opening:?}");
        }
    }

    #[test]
    fn the_four_byte_filter_never_rejects_a_line_the_full_check_takes() {
        // Each phrase in three cases, alone and in the shapes around it that the trims and
        // the filter's cases treat apart: trailing marks the trim removes, a space for the
        // fourth byte, a kept or a trimmed last byte, short lines.
        let mut lines = Vec::new();
        for phrase in FURNITURE
            .iter()
            .chain(FURNITURE_PREFIXES)
            .chain(FURNITURE_LEADS)
        {
            let upper = phrase.to_uppercase();
            let title: String = {
                let mut c = phrase.chars();
                c.next()
                    .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
            };
            for form in [phrase.to_string(), upper, title] {
                for tail in ["", ":", " :", " »", "…", " ", ": The plan.", " x", "."] {
                    lines.push(format!("{form}{tail}"));
                }
            }
        }
        for l in ["The", "The ", "The :", "A b:", "Ab c.", "Abc d»", "abc "] {
            lines.push(l.to_string());
        }
        let mut taken = 0;
        for l in &lines {
            assert_eq!(furniture(l), furniture_unfiltered(l), "{l:?}");
            taken += usize::from(furniture(l).is_some());
        }
        // The phrases themselves are taken: the comparison is not between two refusals.
        assert!(taken > lines.len() / 4, "{taken} of {}", lines.len());
    }

    #[test]
    fn knows_furniture_and_sentences_apart() {
        assert_eq!(furniture("Advertisement"), Some("advertisement"));
        assert_eq!(furniture("SEGUIR LEYENDO"), Some("seguir leyendo"));
        assert_eq!(furniture("Seguir leyendo:"), Some("seguir leyendo"));
        assert_eq!(
            furniture("Lire aussi : Guerre : ce que l'on sait"),
            Some("lire aussi")
        );
        assert_eq!(furniture("Read more about the plan in our guide."), None);
        assert_eq!(furniture("The advertisement ran for weeks."), None);
        assert_eq!(furniture("Share prices fell."), None);
        assert_eq!(furniture("Suscríbete por 1€"), Some("suscríbete por"));
        assert_eq!(
            furniture("Sign up for our newsletter and never miss a story!"),
            Some("sign up for our newsletter")
        );
    }
}
