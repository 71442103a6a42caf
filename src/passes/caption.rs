//! The `caption` and `photo-credit` rules: photo captions and credits that a scrape glued into
//! the body leave it and land in `metadata.captions` as {text, credit}.
//!
//! A caption is a line opened by a caption label (`File photo:`, `FILE PHOTO:`, `File:`,
//! `FILE -`), or a short line (one or two sentences) that ends in a photo credit. A credit is a
//! credit label and a name (`Photo by Jane Roe`, `Foto: Tony Silva/Ascom`, `(Bild: Polizei)`),
//! an agency photo mark (`AP Photo/Lynne Sladky`, `REUTERS/Pierre Albouy`), or a
//! slash-separated group naming a photo agency (`(Eric Tschaen/Pool/Sipa)`). A credit inside a
//! longer body paragraph is cut out of it alone; the paragraph stays. A sentence that only
//! mentions Reuters or a photo matches none of these shapes and stays.

use crate::article::Caption;
use crate::language::Language;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::passes::structure_data::{CAPTION_LABELS, CREDIT_LABELS, PHOTO_MARKS};
use crate::passes::structure_util::{
    attach_removals, inline_removal_edit, is_hspace, line_at, widen_to_final_block,
};
use crate::rescan::{line_windows, lines_in};
use crate::rules::{FixSafety, Rule, Severity};
use crate::scan::ByteClass;
use aho_corasick::AhoCorasick;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

pub static CAPTION: Rule = Rule {
    code: "M304",
    name: "caption",
    family: "structure",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "A photo caption inside the article body",
    doc: r#"## What it does
Finds photo captions that a scrape left in the body: a line opened by a caption label
(`File photo:`, `FILE PHOTO:`, `File:`, `FILE -`, `Foto de archivo:`, `Archivbild:`), or a
short line of one or two sentences that ends in a photo credit (`... Caracas on March 29,
2019. (REUTERS / Manaure Quintero)`). The caption leaves the body and goes to
`metadata.captions` with its text (label and credit removed) and its credit.

## Why it matters
A caption describes a picture, not the story: it interrupts the text, repeats or contradicts
it, and its date misleads date extraction (a 2019 file photo in a 2022 article).

## Example
```text
File: Ukrainian soldiers on the front line in Luhansk (REUTERS / Maksim Levin)
```
becomes the caption `{"text": "Ukrainian soldiers on the front line in Luhansk", "credit":
"REUTERS / Maksim Levin"}` and leaves the body.

## Fix safety
Safe: only lines with a caption label or a recognized photo credit are removed, and their whole
text is kept in the metadata."#,
};

pub static PHOTO_CREDIT: Rule = Rule {
    code: "M305",
    name: "photo-credit",
    family: "structure",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "A photo credit inside the article body",
    doc: r#"## What it does
Finds photo credits in the body: a line that is only a credit (`Photo by Jane Roe`,
`Foto: Tony Silva/Ascom-PC`, `(Bild: Kantonspolizei Aargau)`, `Crédit photo : KB / Bondy
Blog`, `© Dieter Mayr (KNA)`, `AP Photo/Uncredited`), and a credit inside a body paragraph
(`... in Hungary (Foto: Michael Probst/AP) A Houthi fighter ...`, `... on Sunday. Photo:
Barcroft`). The credit leaves the body and goes to `metadata.captions`; inside a paragraph
only the credit is cut, with the sentence before it as the caption text.

## Why it matters
Credits are page furniture: they break sentences, and a name in a credit is easily taken for a
person in the story.

## Example
```text
The breed comes from Hungary (Foto: Michael Probst/AP) and herds sheep.
```
becomes `The breed comes from Hungary and herds sheep.` with the credit
`Michael Probst/AP` in the metadata.

## Fix safety
Safe: the credit shapes are specific (a label, a slash-separated group with a photo agency,
an agency photo mark), and the removed text is kept in the metadata."#,
};

static RULES: &[&Rule] = &[&CAPTION, &PHOTO_CREDIT];

/// `REUTERS/Pierre Albouy`, `(c)AFP/Aminu ABUBAKAR`, `AP Photo/Lynne Sladky` at a line end.
/// The name after its capital holds 60 characters at most, which `bare_credit` checks: a
/// bounded repetition of a Unicode class (`{1,60}`) compiles to sixty copies of the class,
/// some 15 ms at start-up.
static BARE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|\s)((?:\(c\)\s?)?(?:REUTERS|AFP|EPA|EFE|AP Photo|AP Foto|ANSA)\s?/\s?\p{Lu}([\p{L}\p{M}.'’\- ]+?))\.?$",
    )
    .unwrap()
});

/// Longest name after its capital in `BARE_CREDIT`, in characters.
const BARE_NAME_MAX: usize = 60;

/// The leftmost `BARE_CREDIT` in `line` whose name is short enough.
fn bare_credit(line: &str) -> Option<regex::Captures<'_>> {
    let mut from = 0;
    while let Some(c) = BARE_CREDIT.captures_at(line, from) {
        if c.get(2)?.as_str().chars().count() <= BARE_NAME_MAX {
            return Some(c);
        }
        let start = c.get(0)?.start();
        from = start + line[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// More than the longest match of `BARE_CREDIT` in bytes: the whitespace before it (3), `(c)`
/// and a space (6), the mark (8), a spaced slash (7), a capital (4), 60 characters (240) and a
/// full stop.
const BARE_CREDIT_MAX: usize = 300;

/// The agency marks `BARE_CREDIT` starts with, for a cheap check before it.
static BARE_MARKS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "REUTERS", "AFP", "EPA", "EFE", "AP Photo", "AP Foto", "ANSA",
    ])
    .unwrap()
});

pub struct Captions;

impl Pass for Captions {
    fn name(&self) -> &'static str {
        "caption"
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
        // Cheap prefilter: every shape has a colon, a slash, a `©`, `Photo by` or `FILE -`.
        let b = text.as_bytes();
        if memchr::memchr2(b':', b'/', b).is_none()
            && crate::finder!("©".as_bytes()).find(b).is_none()
            && crate::finder!(b"hoto by").find(b).is_none()
            && crate::finder!(b"ILE -").find(b).is_none()
            && crate::finder!(b"ile -").find(b).is_none()
        {
            return;
        }
        let mut findings = Vec::new();
        let mut captions = Vec::new();
        // The next special byte at or after the current line, found by one vector search
        // over the text ahead (each byte is searched once, whatever the number of lines).
        let special_from =
            |at: usize| crate::scan::find_first(&b[at..], &SPECIAL).map_or(b.len(), |i| at + i);
        // What a line holds depends on the line alone, and its cut on the blank lines around
        // it: run again, the changed lines (with those) are enough, but for the block of
        // removed lines that ends the text, whose cuts depend on each other.
        let mut windows = line_windows(text, cx.changed, 0);
        if cx.changed.is_some() {
            widen_to_final_block(text, &mut windows, |content| {
                let (mut found, mut caps) = (Vec::new(), Vec::new());
                check_line(text, content, cx.language, &mut found, &mut caps);
                found.iter().any(|(_, whole)| whole.is_some())
            });
        }
        let mut special_at = windows.first().map_or(b.len(), |w| special_from(w.start));
        for window in windows {
            if special_at < window.start {
                special_at = special_from(window.start);
            }
            for (start, end) in lines_in(text, window) {
                // Most lines hold no special byte and open with none of the shapes' first
                // letters: settled from their first bytes, without trimming the line.
                if special_at >= end && !may_open_caption(&b[start..end]) {
                    continue;
                }
                let line = line_at(text, start, end);
                if line.is_blank() {
                    continue;
                }
                if special_at < line.content.start {
                    special_at = special_from(line.content.start);
                }
                if !may_hold_caption(&text[line.content.clone()], line.content.end, special_at) {
                    continue;
                }
                check_line(
                    text,
                    line.content.clone(),
                    cx.language,
                    &mut findings,
                    &mut captions,
                );
            }
        }
        let enabled_caption = cx.is_enabled(&CAPTION);
        let enabled_credit = cx.is_enabled(&PHOTO_CREDIT);
        let findings = attach_removals(text, findings);
        for (f, c) in findings.into_iter().zip(captions) {
            let on = if std::ptr::eq(f.rule, &CAPTION) {
                enabled_caption
            } else {
                enabled_credit
            };
            if on {
                cx.metadata.captions.push(c);
                cx.report(f);
            }
        }
    }
}

/// Whether any shape `check_line` looks for could be in a line. Nearly every shape needs a
/// `/`, `:`, `(`, `[` or `©` (its last byte, 0xA9, stands for it): `special_at` is the first of
/// those at or after the line's start. The rest open the line with `ph`/`fo` (`Photo by X`,
/// `Photo AP`, `Foto de X`), `ap` (`AP Photo`) or `fi` (`File photo of`, `FILE -`), case
/// aside. This settles the common line, which has none of these, before the label and credit
/// checks that cost far more.
fn may_hold_caption(line: &str, line_end: usize, special_at: usize) -> bool {
    let opening = match line.trim_start().as_bytes() {
        [a, b, ..] => [a.to_ascii_lowercase(), b.to_ascii_lowercase()],
        _ => [0, 0],
    };
    special_at < line_end || matches!(&opening, b"ph" | b"fo" | b"ap" | b"fi")
}

/// False when `may_hold_caption` surely rejects the line `line` (with its `\r`, if any) that
/// holds no special byte: after its spaces and tabs it opens with an ASCII byte that is not
/// a control byte, and its first two bytes are none of the openings. Blank lines are
/// rejected too (the caller skips them).
fn may_open_caption(line: &[u8]) -> bool {
    let Some(i) = line.iter().position(|&c| c != b' ' && c != b'\t') else {
        return false;
    };
    let first = line[i];
    // Other spaces (a vertical tab, U+00A0...) may open the line: the full trim decides.
    // Every control byte goes that way (`is_ascii_whitespace` leaves out the vertical tab).
    if first >= 0x80 || first <= b' ' {
        return true;
    }
    // A second byte past the content (a `\r`, trailing spaces) or missing is no letter of
    // an opening.
    let second = line.get(i + 1).map_or(0, u8::to_ascii_lowercase);
    matches!(
        &[first.to_ascii_lowercase(), second],
        b"ph" | b"fo" | b"ap" | b"fi"
    )
}

/// The bytes that nearly every caption or credit shape holds (see `may_hold_caption`).
static SPECIAL: ByteClass<5> = ByteClass::of(b"/:([\xa9");

fn check_line(
    text: &str,
    r: Range<usize>,
    lang: Language,
    findings: &mut Vec<(Finding, Option<Range<usize>>)>,
    captions: &mut Vec<Caption>,
) {
    let line = &text[r.clone()];
    // 1. A line that is only a credit: label + name, `(Bild: ...)`, `© Name`, `AP Photo/X`.
    if let Some(credit) = credit_line(line) {
        let credit = trim_credit(credit);
        findings.push((
            Finding::new(
                &PHOTO_CREDIT,
                r.clone(),
                format!("photo credit line '{credit}'"),
            ),
            Some(r.clone()),
        ));
        captions.push(Caption {
            text: line.to_owned(),
            credit: Some(credit.to_owned()),
        });
        return;
    }
    // 2. A caption label opens the line.
    if let Some(skip) = find_label(line, &CAPTION_LABEL_INDEX) {
        let body = line[skip..].trim_start_matches(|c: char| c.is_whitespace() || c == ':');
        let body_start = r.end - body.len();
        let (cap_end, credit) = match trailing_credit(text, body_start..r.end) {
            Some((start, credit)) => (start, Some(credit)),
            None => (r.end, None),
        };
        let cap = caption_text(&text[body_start..cap_end], lang);
        if cap.is_empty() {
            return;
        }
        let message = format!("photo caption '{}'", short(cap));
        findings.push((Finding::new(&CAPTION, r.clone(), message), Some(r.clone())));
        captions.push(Caption {
            text: cap.to_owned(),
            credit: credit.map(|c| trim_credit(c).to_owned()),
        });
        return;
    }
    // 3. A credit at the end of the line: a caption line, or a body paragraph with a credit.
    if let Some((start, credit)) = trailing_credit(text, r.clone()) {
        let before = &text[r.start..start];
        let credit = trim_credit(credit);
        if is_caption_sized(before) {
            let cap = caption_text(before, lang);
            findings.push((
                Finding::new(
                    &CAPTION,
                    r.clone(),
                    format!("photo caption '{}'", short(cap)),
                ),
                Some(r.clone()),
            ));
            captions.push(Caption {
                text: cap.to_owned(),
                credit: Some(credit.to_owned()),
            });
        } else {
            // Credits chained at the end (`... - Photo: A- Photo: B`) go together: one cut
            // per round would leave the rest to the next run once the rounds run out. The
            // first finding's fix takes the whole chain; each credit is reported and kept.
            let mut chain = vec![(start, credit)];
            while let Some((earlier, c)) = trailing_credit(text, r.start..chain[0].0) {
                if earlier >= chain[0].0 {
                    break;
                }
                chain.insert(0, (earlier, trim_credit(c)));
            }
            let before = &text[r.start..chain[0].0];
            let cut = chain[0].0..r.end;
            for (k, &(at, credit)) in chain.iter().enumerate() {
                let end = chain.get(k + 1).map_or(r.end, |next| next.0);
                let mut finding = Finding::new(
                    &PHOTO_CREDIT,
                    at..end,
                    format!("photo credit '{credit}' at the end of a paragraph"),
                );
                if k == 0 {
                    finding =
                        finding.with_fix(Fix::safe_one(inline_removal_edit(text, cut.clone())));
                }
                findings.push((finding, None));
                captions.push(Caption {
                    text: last_sentence(before, lang).to_owned(),
                    credit: Some(credit.to_owned()),
                });
            }
        }
        return;
    }
    // 4. Labelled credits in parentheses inside a paragraph: `(Foto: Michael Probst/AP)`.
    let mut from = r.start;
    let b = text.as_bytes();
    while let Some(open) = memchr::memchr(b'(', &b[from..r.end]).map(|i| from + i) {
        let Some(close) = memchr::memchr(b')', &b[open..r.end]).map(|i| open + i) else {
            break;
        };
        let inner = &text[open + 1..close];
        // Only labelled credits and agency photo marks here: a bare slash group inside a
        // sentence (`(CBS/AP) A former assistant ...`) is an attribution, not a photo credit.
        let mark = labelled(inner).or_else(|| {
            (inner.starts_with("AP Photo") || inner.starts_with("AP Foto")).then_some(inner)
        });
        if let Some(credit) = mark {
            let credit = trim_credit(credit);
            let before = &text[r.start..open];
            findings.push((
                Finding::new(
                    &PHOTO_CREDIT,
                    open..close + 1,
                    format!("photo credit '{credit}' inside a paragraph"),
                )
                .with_fix(Fix::safe_one(inline_removal_edit(text, open..close + 1))),
                None,
            ));
            captions.push(Caption {
                text: last_sentence(before, lang).to_owned(),
                credit: Some(credit.to_owned()),
            });
        }
        from = close + 1;
    }
}

/// The credit of a line that holds nothing else.
fn credit_line(line: &str) -> Option<&str> {
    let l = line.trim();
    if more_chars_than(l, 120) {
        return None;
    }
    let inner = l
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(l);
    if let Some(credit) = labelled(inner) {
        // After an explicit label a slash-separated credit may hold lowercase agency words
        // (`picture alliance/imageBROKER`).
        let slashed = credit.contains('/')
            && credit.split_whitespace().count() <= 8
            && !credit.contains(". ");
        return (is_name_like(credit) || slashed).then_some(credit);
    }
    if !inner.starts_with('©') {
        if let Some(mark) = agency_photo_mark(inner) {
            return Some(mark);
        }
    }
    // `© Dieter Mayr (KNA)`, `© Paulo Pinto/Agência Brasil`: a copyright sign and a name, no
    // year (a year makes it a copyright trailer, left to the agency-trailer rule).
    let rest = inner
        .strip_prefix('©')
        .or_else(|| inner.strip_prefix("(c)"))?
        .trim_start();
    let rest = labelled(rest).unwrap_or(rest);
    let has_year = rest
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4);
    (!has_year && is_name_like(rest)).then_some(rest)
}

/// The credit after a credit label at the start of `s` (`Photo by X`, `Foto: X`).
fn labelled(s: &str) -> Option<&str> {
    let skip = find_label(s, &CREDIT_LABEL_INDEX)?;
    let rest = s[skip..].trim_start_matches(|c: char| c.is_whitespace() || c == ':');
    // `Photo AP`-like labels have no colon; a credit label must be followed by a capital.
    rest.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        .then_some(rest.trim_end())
}

/// Labels (lower case, each opening with an ASCII letter) grouped by their first letter, in
/// their list's order. Every line is asked whether a label opens it, and nearly none does:
/// its first byte, lowered, picks the few labels to compare, without walking the list.
struct Labels {
    by_first: [Vec<&'static str>; 26],
}

impl Labels {
    fn of(labels: &[&'static str]) -> Labels {
        let mut by_first: [Vec<&'static str>; 26] = Default::default();
        for label in labels {
            let first = label.as_bytes()[0];
            assert!(first.is_ascii_lowercase(), "label {label:?}");
            by_first[usize::from(first - b'a')].push(label);
        }
        Labels { by_first }
    }
}

static CAPTION_LABEL_INDEX: LazyLock<Labels> = LazyLock::new(|| Labels::of(CAPTION_LABELS));
static CREDIT_LABEL_INDEX: LazyLock<Labels> = LazyLock::new(|| Labels::of(CREDIT_LABELS));

/// The byte length in `s` of the first of `labels` that opens `s`, case aside.
fn find_label(s: &str, labels: &Labels) -> Option<usize> {
    let first = s.as_bytes().first()?.to_ascii_lowercase();
    if !first.is_ascii_lowercase() {
        return None;
    }
    labels.by_first[usize::from(first - b'a')]
        .iter()
        .find_map(|l| starts_with_ci(s, l))
}

/// When `s` starts with `lower` (given in lowercase), case aside: the byte length in `s`.
pub(crate) fn starts_with_ci(s: &str, lower: &str) -> Option<usize> {
    let mut it = s.char_indices();
    for p in lower.chars() {
        let (_, c) = it.next()?;
        // An ASCII character lowercases to one ASCII character: no case table lookup.
        let same = if c.is_ascii() {
            c == p || c.to_ascii_lowercase() == p
        } else {
            c == p || c.to_lowercase().next() == Some(p)
        };
        if !same {
            return None;
        }
    }
    Some(it.next().map_or(s.len(), |(i, _)| i))
}

/// `AP Photo/Lynne Sladky`, `Photo AP`, or a slash-separated group with a photo agency.
fn agency_photo_mark(s: &str) -> Option<&str> {
    let s = s.trim();
    if matches!(
        s,
        "Photo AP" | "Foto AP" | "Photo AFP" | "Foto AFP" | "Foto EFE"
    ) {
        return Some(s);
    }
    if s.starts_with("AP Photo") || s.starts_with("AP Foto") {
        return Some(s);
    }
    if memchr::memchr(b'/', s.as_bytes()).is_none() || more_chars_than(s, 90) {
        return None;
    }
    // Every way a part can hold a mark (equal to it, opening or ending with it) puts the mark
    // in `s`: one search settles the slashes of numbers and units (`1/2`, `dlrs/share`).
    static MARKS: LazyLock<AhoCorasick> =
        LazyLock::new(|| AhoCorasick::new(PHOTO_MARKS).expect("photo marks"));
    if !MARKS.is_match(s) {
        return None;
    }
    let parts: Vec<&str> = s.split('/').map(str::trim).collect();
    let every_part_a_name = parts
        .iter()
        .all(|p| !p.is_empty() && p.split_whitespace().count() <= 5 && is_name_like(p));
    let has_mark = parts.iter().any(|p| {
        PHOTO_MARKS.iter().any(|m| {
            *p == *m
                || p.strip_prefix(m).is_some_and(|r| r.starts_with(' '))
                || p.strip_suffix(m).is_some_and(|r| r.ends_with(' '))
        })
    });
    (every_part_a_name && has_mark).then_some(s)
}

/// Words that each start with a capital or a digit (particles allowed): a name, not a phrase.
fn is_name_like(s: &str) -> bool {
    let s = s.trim().trim_end_matches('.');
    if s.is_empty() || more_chars_than(s, 80) {
        return false;
    }
    let mut words = 0;
    for w in s.split(|c: char| c.is_whitespace() || c == '/' || c == ',' || c == '|') {
        let w = w.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | '-' | '–' | ';'));
        if w.is_empty() {
            continue;
        }
        words += 1;
        let ok = w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '©')
            || matches!(
                w,
                "de" | "da"
                    | "do"
                    | "dos"
                    | "das"
                    | "del"
                    | "van"
                    | "von"
                    | "der"
                    | "la"
                    | "le"
                    | "y"
                    | "e"
                    | "et"
                    | "du"
                    | "des"
                    | "di"
                    | "el"
                    | "los"
                    | "las"
                    | "und"
                    | "and"
                    | "for"
                    | "via"
                    | "of"
                    | "the"
                    | "by"
                    | "für"
                    | "pour"
            )
            || w.starts_with("shutterstock")
            || w.starts_with("picture")
            || w.starts_with("imago");
        if !ok {
            return false;
        }
    }
    words > 0 && words <= 10
}

/// A credit that ends the content range `r`: where it starts (with its opening bracket) and
/// the credit text. Repeated credits (`(AP Photo/X) (AP Photo/X)`) are taken together.
fn trailing_credit(text: &str, r: Range<usize>) -> Option<(usize, &str)> {
    let line = text[r.clone()].trim_end();
    let line_end = r.start + line.len();
    let trimmed = line.trim_end_matches('.').trim_end();
    if trimmed.ends_with(')') || trimmed.ends_with(']') {
        let close = trimmed.len() - 1;
        let open_c = if trimmed.ends_with(')') { '(' } else { '[' };
        let open = memchr::memrchr(open_c as u8, &trimmed.as_bytes()[..close])?;
        let inner = &trimmed[open + 1..close];
        let label_credit = labelled(inner);
        if label_credit.is_some_and(|c| !is_name_like(c)) {
            return None;
        }
        let credit = label_credit.or_else(|| agency_photo_mark(inner))?;
        let mut start = r.start + open;
        // A duplicated credit right before: `(AP Photo/X) (AP Photo/X)`.
        let before = text[r.start..start].trim_end_matches(is_hspace);
        let dup = format!("({inner})");
        if before.ends_with(&dup) {
            start = r.start + before.len() - dup.len();
        }
        let _ = line_end;
        return Some((start, credit));
    }
    // `... 2019. REUTERS/Pierre Albouy` (the regex only runs when a mark and a slash are
    // there: most lines have neither). A match ends the line and is at most ~270 bytes long,
    // so only the line's tail is searched, from a space: `^` can match there only before
    // that space, where no credit starts, so the tail holds exactly the line's matches.
    let tail_at = line
        .len()
        .checked_sub(BARE_CREDIT_MAX)
        .and_then(|far| memchr::memrchr(b' ', &line.as_bytes()[..far]))
        .unwrap_or(0);
    let tail = &line[tail_at..];
    let maybe_bare = tail.contains('/') && BARE_MARKS.is_match(tail);
    if let Some(c) = maybe_bare.then(|| bare_credit(tail)).flatten() {
        let m = c.get(1)?;
        let credit = m.as_str().trim();
        let name = credit.split('/').nth(1)?.trim();
        if is_name_like(name) {
            return Some((r.start + tail_at + m.start(), credit));
        }
    }
    // `... Schicksalsbrunnen am Opernhaus. Foto: Stadt Stuttgart`, `... | Foto: Nelson Jr./STF`
    // Every label holds ": ": a line without one is settled by one search, not six.
    crate::finder!(b": ").find(line.as_bytes())?;
    const LABELS: [&str; 6] = [
        "Foto: ", "Photo: ", "Bild: ", "Fotos: ", "Photos: ", "Credit: ",
    ];
    // The last place of each label, found in one backward walk over the `: ` of the line
    // (six searches through a long paragraph cost more than the rest of the pass; a
    // vectorized search for the colon, as a reverse search for two bytes is not).
    let mut last: [Option<usize>; 6] = [None; 6];
    let lb = line.as_bytes();
    for colon in memchr::memrchr_iter(b':', lb).filter(|&c| lb.get(c + 1) == Some(&b' ')) {
        let before = &line[..colon];
        for (k, label) in LABELS.iter().enumerate() {
            let word = &label[..label.len() - 2];
            if last[k].is_none() && before.ends_with(word) {
                last[k] = Some(colon - word.len());
            }
        }
        if last.iter().all(Option::is_some) {
            break;
        }
    }
    for (label, at) in LABELS.iter().zip(last) {
        if let Some(i) = at {
            let before = line[..i].trim_end();
            let credit = line[i + label.len()..].trim();
            let boundary = before.ends_with(['.', '|', '-', '–', ']', ')']);
            if boundary && is_name_like(credit) && credit.split_whitespace().count() <= 6 {
                return Some((r.start + i, credit));
            }
        }
    }
    None
}

/// Whether `s` has more than `n` characters, counted no further than needed (a paragraph can
/// be thousands of characters long).
fn more_chars_than(s: &str, n: usize) -> bool {
    s.len() > n && s.chars().nth(n).is_some()
}

/// Caption-sized: at most two sentences and 400 characters, with some words in it.
fn is_caption_sized(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || more_chars_than(s, 400) || s.split_whitespace().count() < 3 {
        return false;
    }
    let breaks = s
        .match_indices(". ")
        .filter(|(i, _)| {
            let word = s[..*i].rsplit(' ').next().unwrap_or("");
            word.chars().count() > 3 && s[i + 2..].starts_with(char::is_uppercase)
        })
        .count();
    breaks <= 1
}

/// Caption text: trimmed, without a trailing dash or bar, and without trailing words in
/// another script than the caption's own Latin text (a stray token that the script rules
/// remove in their own pass; the caption must not depend on whether they ran).
fn caption_text(s: &str, _lang: Language) -> &str {
    let mut t = s.trim().trim_end_matches(['|', '-', '–', '—', ' ']).trim();
    while let Some((head, last)) = t.rsplit_once(char::is_whitespace) {
        let foreign = last.chars().any(char::is_alphabetic)
            && last
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| !is_latin(c));
        let head_letters = head.chars().filter(|c| c.is_alphabetic());
        let (latin, all) = head_letters.fold((0, 0), |(l, a), c| (l + is_latin(c) as usize, a + 1));
        if !foreign || latin * 2 <= all {
            break;
        }
        t = head.trim_end();
    }
    t
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ('\u{c0}'..='\u{24f}').contains(&c)
        || ('\u{1e00}'..='\u{1eff}').contains(&c)
}

/// The last sentence of `s` (the caption a credit belongs to).
fn last_sentence(s: &str, lang: Language) -> &str {
    let t = s.trim_end();
    let t = t.trim_end_matches(['|', ' ']);
    // Search before the last character (a final period is not a boundary); by char, since
    // a caption can end in any script.
    let before_last = t.char_indices().next_back().map_or(0, |(i, _)| i);
    let cut = t[..before_last].rfind(". ").map_or(0, |i| i + 2);
    caption_text(&t[cut..], lang)
}

fn trim_credit(c: &str) -> &str {
    c.trim().trim_end_matches('.').trim()
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{
        bare_credit, find_label, line_at, may_hold_caption, may_open_caption, CAPTION_LABELS,
        CAPTION_LABEL_INDEX, CREDIT_LABELS, CREDIT_LABEL_INDEX,
    };
    use crate::{clean, Config};

    #[test]
    fn bare_credits_match_as_the_bounded_pattern_does() {
        // The pattern as it was written first, with the name's bound in the regex.
        let bounded = regex::Regex::new(
            r"(?:^|\s)((?:\(c\)\s?)?(?:REUTERS|AFP|EPA|EFE|AP Photo|AP Foto|ANSA)\s?/\s?\p{Lu}[\p{L}\p{M}.'’\- ]{1,60}?)\.?$",
        )
        .unwrap();
        let long = "Ab".repeat(40);
        let lines = [
            "Smoke rises. REUTERS/Pierre Albouy".to_owned(),
            "Smoke rises. REUTERS/Pierre Albouy.".to_owned(),
            "x (c)AFP/Aminu ABUBAKAR".to_owned(),
            "AP Photo/Lynne Sladky".to_owned(),
            format!("x REUTERS/{long}"),
            format!("x REUTERS/{long} AFP/Jane Roe"),
            format!("x REUTERS/P{}", "é".repeat(59)),
            format!("x REUTERS/P{}", "é".repeat(60)),
            format!("x REUTERS/P{}", "é".repeat(61)),
            "x\u{a0}EPA/Ana Li".to_owned(),
            "REUTERS/ lower case".to_owned(),
            "no credit here".to_owned(),
        ];
        for line in &lines {
            let want = bounded.captures(line).map(|c| c.get(1).unwrap().range());
            let got = bare_credit(line).map(|c| c.get(1).unwrap().range());
            assert_eq!(got, want, "{line:?}");
        }
    }

    #[test]
    fn lines_skipped_by_their_first_bytes_are_those_the_full_check_skips() {
        let pieces = [
            " ",
            "\t",
            "\r",
            "\u{a0}",
            "\u{3000}",
            "\x0b",
            "P",
            "h",
            "fO",
            "Ap",
            "fi",
            "x",
            "é",
            "Photo by X",
            "a",
        ];
        let mut lines = vec![String::new()];
        let mut longest = vec![String::new()];
        for _ in 0..3 {
            longest = longest
                .iter()
                .flat_map(|l| pieces.iter().map(move |p| format!("{l}{p}")))
                .collect();
            lines.extend(longest.iter().cloned());
        }
        for l in &lines {
            let line = line_at(l, 0, l.len());
            let checked = !line.is_blank()
                && may_hold_caption(&l[line.content.clone()], line.content.end, l.len());
            if checked {
                assert!(may_open_caption(l.as_bytes()), "{l:?}");
            }
        }
    }

    #[test]
    fn labels_are_found_by_their_lowered_first_byte() {
        // Building the indexes checks that every label opens with a lower-case ASCII letter.
        let (captions, credits) = (&*CAPTION_LABEL_INDEX, &*CREDIT_LABEL_INDEX);
        assert_eq!(find_label("FILE PHOTO: x", captions), Some(11));
        assert_eq!(find_label("Légende : x", captions), Some(10));
        assert_eq!(find_label("CRÉDIT PHOTO : KB", credits), Some(15));
        assert_eq!(find_label("Filed under", captions), None);
        assert_eq!(find_label("", credits), None);
        assert_eq!(find_label("«File: x", captions), None);
        // The index finds what a walk over the whole list finds, in upper case too.
        for (labels, index) in [(CAPTION_LABELS, captions), (CREDIT_LABELS, credits)] {
            for l in labels.iter() {
                for line in [format!("{l} X"), format!("{} X", l.to_uppercase())] {
                    let walked = labels.iter().find_map(|m| super::starts_with_ci(&line, m));
                    assert!(walked.is_some(), "{line:?}");
                    assert_eq!(find_label(&line, index), walked, "{line:?}");
                }
            }
        }
    }

    fn run(s: &str) -> (String, Vec<(String, Option<String>)>) {
        let a = clean(s, &Config::new());
        let caps = a
            .metadata
            .captions
            .into_iter()
            .map(|c| (c.text, c.credit))
            .collect();
        (a.text, caps)
    }

    #[test]
    fn lifts_caption_lines_and_credits() {
        let (t, caps) = run("The army moved in on Monday.\n\nFile: Soldiers at the border on May 4, 2022 (REUTERS / Jane Roe)\n\nThe talks went on.\n");
        assert_eq!(t, "The army moved in on Monday.\n\nThe talks went on.\n");
        assert_eq!(caps[0].0, "Soldiers at the border on May 4, 2022");
        assert_eq!(caps[0].1.as_deref(), Some("REUTERS / Jane Roe"));
        let (t, caps) = run("The breed comes from Hungary (Foto: Michael Probst/AP) and herds sheep, the club says.\n");
        assert_eq!(
            t,
            "The breed comes from Hungary and herds sheep, the club says.\n"
        );
        assert_eq!(caps[0].1.as_deref(), Some("Michael Probst/AP"));
    }

    #[test]
    fn takes_credits_chained_at_a_paragraph_end_at_once() {
        let body = "The minister spoke on Monday about the plan. It was long. Many people came. \
                    They stayed for hours and then went home. "
            .repeat(3);
        let credits = ["Ann Lee", "Bob Ray", "Cid Moe", "Dee Fox", "Eve Kay"];
        let chain: Vec<String> = credits.iter().map(|c| format!("Photo: {c}")).collect();
        let input = format!("{body}-  {}\n", chain.join("-  "));
        let (t, caps) = run(&input);
        assert_eq!(t, format!("{body}-\n"), "the whole chain is cut in one run");
        let got: Vec<&str> = caps.iter().filter_map(|c| c.1.as_deref()).collect();
        assert_eq!(
            got,
            ["Ann Lee-", "Bob Ray-", "Cid Moe-", "Dee Fox-", "Eve Kay"]
        );
        assert_eq!(run(&t).0, t, "a second run finds nothing more");
    }

    #[test]
    fn keeps_sentences_that_mention_photos_or_reuters() {
        for s in [
            "Reuters reported that the photo was taken in 2019.\n",
            "The photo: a blurred image of the ship, the agency said.\n",
            "He sold the photo to Reuters/Ipsos pollsters, officials said in a statement.\n",
            "Photo by photo, the exhibition tells the story.\n",
        ] {
            let (t, caps) = run(s);
            assert_eq!(t, s);
            assert!(caps.is_empty(), "{s}");
        }
    }
}
