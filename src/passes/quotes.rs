//! The `quote-direction` and `unbalanced-quotes` rules: curly double quotes are paired per
//! paragraph; a quote that points the wrong way is turned when one turn makes the whole
//! paragraph pair up, and a quote that cannot be paired is reported with the places its
//! partner may belong. Opening single quotes and straight double quotes are checked for a
//! partner too.
//!
//! Apostrophes (`NATO’s`, `rock ’n’ roll`, `’90s`) are not quotes: `’` is never taken for an
//! opening quote nor turned. Straight and curly quotes are never converted into each other.
//! German paragraphs (`„…“`, where `“` closes) and German documents are left alone, and a
//! quotation that runs on into the next paragraph (which then opens with a quote again, the
//! English convention) is not unbalanced.

use crate::edit::Edit;
use crate::language::Language;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::passes::prose::{char_at, char_before, paragraph_around, paragraphs_from};
use crate::rules::{FixSafety, Rule, Severity};
use std::ops::Range;

pub static QUOTE_DIRECTION: Rule = Rule {
    code: "P404",
    name: "quote-direction",
    family: "punctuation",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "A curly quote that points the wrong way (`aggression, “Sullivan told`)",
    doc: r#"## What it does
Pairs the curly double quotes (`“ ”`) of each paragraph in order, opening then closing. When
exactly one quote breaks the pairing and turning it makes the whole paragraph pair up, that
quote points the wrong way and is reported, with the turned quote as fix. A quote turned to
closing moves before the space that preceded it (`aggression, “Sullivan` becomes
`aggression,” Sullivan`).

Apostrophes (`NATO’s`, `rock ’n’ roll`, `’90s`) are not quotes. Straight quotes (`"`) are
never turned into curly ones or back. German quotation marks (`„…“`) are left alone.

## Why it matters
Machine translation and smart-quote converters turn quotes by the character before them, so
a closing quote after a comma and a space comes out as an opening one. Readers and quote
extractors then take the rest of the paragraph for a quotation.

## Example
```text
“We will respond decisively to open aggression, “Sullivan told reporters.
```
becomes
```text
“We will respond decisively to open aggression,” Sullivan told reporters.
```

## Fix safety
Safe when the pairing is unambiguous: one turn balances the paragraph and the quote sits
where its new direction belongs (a closing quote after a word or a mark, an opening one
before a word). Otherwise the fix is unsafe and only reported."#,
};

pub static UNBALANCED_QUOTES: Rule = Rule {
    code: "P405",
    name: "unbalanced-quotes",
    family: "punctuation",
    severity: Severity::Warning,
    fix: FixSafety::None,
    summary: "A quote without its partner in the paragraph",
    doc: r#"## What it does
Reports a quotation mark that has no partner in its paragraph: a curly opening quote never
closed, a closing quote never opened, an opening single quote (`‘`) with no closing `’`
after it, or an odd number of straight double quotes (`"`, not counting inch marks after a
digit). The message names the candidate places of the missing partner: the end (or start) of
the quote's sentence and the end (or start) of the paragraph.

A quotation that runs on into the next paragraph is fine when that paragraph opens with a
quote again (the English convention). Apostrophes are not quotes.

## Why it matters
An unclosed quote makes a quote extractor swallow the rest of the article and tells a reader
that some words, often the attribution, were lost.

## Example
```text
“We are ready to respond, he said after the talks.
```
is reported: the opening quote is never closed; the closing quote may belong after
`respond,` or at the end of the paragraph.

## Fix safety
None: where the missing quote belongs is a guess; the rule only reports."#,
};

static RULES: &[&Rule] = &[&QUOTE_DIRECTION, &UNBALANCED_QUOTES];

pub struct Quotes;

impl Pass for Quotes {
    // Quotes are read against the words beside them and the paragraph, which tidying keeps.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "quotes"
    }

    fn stage(&self) -> Stage {
        Stage::Punctuation
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        for f in quote_findings(cx.text, cx.first_non_ascii(), cx.language, true) {
            cx.report(f);
        }
    }
}

/// The findings of the pass, in text order. With `jump`, the paragraphs without a quote are
/// skipped while no quotation is carried; without it, every paragraph is read (what the
/// tests hold the jumps to). `first_non_ascii` is the offset of the text's first non-ASCII
/// byte (`Context::first_non_ascii`): no curly quote lies before it.
fn quote_findings(
    text: &str,
    first_non_ascii: usize,
    language: Language,
    jump: bool,
) -> Vec<Finding> {
    // Every curly quote (“ ” ‘ ’ „) starts with E2 80 (which `€`, E2 82 AC, a common
    // mojibake piece, does not): the next of those and the next `"` at or after the
    // paragraph, each found by one search over the text ahead, settle the paragraphs
    // without a quote (most of them) before any search inside them.
    let b = text.as_bytes();
    let curly_lead = crate::finder!(b"\xe2\x80");
    let next_curly = |at: usize| {
        let at = at.max(first_non_ascii).min(b.len());
        curly_lead.find(&b[at..]).map_or(b.len(), |i| at + i)
    };
    let next_straight = |at: usize| memchr::memchr(b'"', &b[at..]).map_or(b.len(), |i| at + i);
    let (mut curly_at, mut straight_at) = (next_curly(0), next_straight(0));
    // Whether the text holds “, ” or ‘ (E2 80 9C, 9D, 98): one search for their shared
    // lead bytes from the first of them, not a search of the whole text per quote.
    let has_curly = {
        let mut at = curly_at;
        loop {
            if at >= b.len() {
                break false;
            }
            if matches!(b.get(at + 2), Some(0x9c | 0x9d | 0x98)) {
                break true;
            }
            at = next_curly(at + 1);
        }
    };
    let has_straight = straight_at < b.len();
    if !has_curly && !has_straight {
        return Vec::new();
    }
    let german = language == Language::German;
    let mut findings = Vec::new();
    // A quotation may run over several paragraphs: an opening quote left open at the end
    // of one is carried until a later paragraph closes it.
    let mut curly_open: Option<Carried> = None;
    let mut straight_open: Option<Carried> = None;
    // Paragraphs are read one after the other only while a quotation is carried (its
    // paragraphs are counted); otherwise the walk jumps to the paragraph of the next
    // quote, so a text with a quote every few paragraphs is not split whole. Without a
    // carried quotation a paragraph's number matters to nothing but its differences
    // with later ones, so counting the paragraphs jumped to is enough.
    let mut from = 0; // The start of the first line not yet read.
    let mut n = 0;
    let mut walk = None;
    loop {
        let para = if !jump || curly_open.is_some() || straight_open.is_some() {
            let walk = walk.get_or_insert_with(|| paragraphs_from(text, from));
            match walk.next() {
                Some(para) => para,
                None => break,
            }
        } else {
            walk = None;
            if curly_at < from {
                curly_at = next_curly(from);
            }
            if straight_at < from {
                straight_at = next_straight(from);
            }
            let next = match (has_curly, has_straight) {
                (true, true) => curly_at.min(straight_at),
                (true, false) => curly_at,
                (false, true) => straight_at,
                (false, false) => b.len(),
            };
            if next >= b.len() {
                break;
            }
            match paragraph_around(text, next) {
                Some(para) => para,
                // A blank line (of spaces such as U+2003, which share the curly quotes'
                // lead bytes): nothing there.
                None => {
                    from = line_after(b, next);
                    continue;
                }
            }
        };
        n += 1;
        from = line_after(b, para.end);
        if curly_at < para.start {
            curly_at = next_curly(para.start);
        }
        if straight_at < para.start {
            straight_at = next_straight(para.start);
        }
        let p = &text[para.clone()];
        let curly_here = has_curly && curly_at < para.end;
        if curly_here && !german && crate::finder!("„".as_bytes()).find(p.as_bytes()).is_none() {
            double_curly(text, para.clone(), n, &mut curly_open, &mut findings);
            let next = paragraphs_from(text, from)
                .next()
                .map(|p| text[p].trim_start());
            let runs_on = next.is_some_and(|s| s.starts_with('‘'));
            single_curly(text, para.clone(), runs_on, &mut findings);
        }
        if has_straight && straight_at < para.end {
            straight(text, para.clone(), n, &mut straight_open, &mut findings);
        }
        for open in [&mut curly_open, &mut straight_open] {
            if open.as_ref().is_some_and(|c| n - c.paragraph >= MAX_RUN) {
                findings.push(open.take().unwrap().finding);
            }
        }
    }
    findings.extend(curly_open.map(|c| c.finding));
    findings.extend(straight_open.map(|c| c.finding));
    findings.sort_by_key(|f| f.range.start);
    findings
}

/// The start of the line after the one holding byte `at` (the end of the text after the last).
fn line_after(b: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i + 1)
}

/// How many paragraphs a quotation may run over before its open quote is reported.
const MAX_RUN: usize = 8;

/// An open quote carried over paragraph ends, with the finding to report if nothing closes it.
struct Carried {
    paragraph: usize,
    finding: Finding,
}

/// The curly double quotes of paragraph number `n`; `carry` holds a quotation left open by an
/// earlier paragraph, and receives one this paragraph leaves open.
fn double_curly(
    text: &str,
    para: Range<usize>,
    n: usize,
    carry: &mut Option<Carried>,
    out: &mut Vec<Finding>,
) {
    // “ and ” are E2 80 9C and E2 80 9D: a vectorized search for their first byte visits
    // only the candidates, not every character of the paragraph.
    let b = &text.as_bytes()[para.clone()];
    let mut quotes: Vec<(usize, bool)> = memchr::memchr_iter(0xe2, b)
        .filter_map(|i| match b.get(i + 1..i + 3) {
            Some([0x80, 0x9c]) => Some((para.start + i, true)),
            Some([0x80, 0x9d]) => Some((para.start + i, false)),
            _ => None,
        })
        .collect();
    let Some(&(first_at, first_open)) = quotes.first() else {
        return;
    };
    if let Some(open) = carry.take() {
        if !first_open {
            quotes.remove(0); // closes the quotation carried from before
        } else if first_at != para.start {
            out.push(open.finding);
        }
        // Otherwise the paragraph opens with a quote again: the English run-on convention.
    }
    // Scraped text often joins paragraphs into one line, so a quotation that ran on into the
    // next paragraph reopens inside the line: `...debt. “He isn't ...”`. An opening quote
    // after a sentence end, while one is open, starts that new paragraph; it pairs with
    // nothing.
    let mut open = false;
    quotes.retain(|&(at, is_open)| {
        if is_open && open && reopens(text, para.start, at) {
            return false;
        }
        open = is_open;
        true
    });
    if quotes.is_empty() {
        return;
    }
    let expected = |i: usize| i % 2 == 0;
    let wrong: Vec<usize> = (0..quotes.len())
        .filter(|&i| quotes[i].1 != expected(i))
        .collect();
    let even = quotes.len() % 2 == 0;
    if wrong.is_empty() {
        if !even {
            let (at, _) = *quotes.last().unwrap();
            *carry = Some(Carried {
                paragraph: n,
                finding: unclosed(text, para, at, '“'),
            });
        }
        return;
    }
    if wrong.len() == 1 && even {
        let (at, open) = quotes[wrong[0]];
        out.push(turn(text, at, open));
        return;
    }
    // More than one quote out of place: report the first that cannot pair.
    let mut open_at: Option<usize> = None;
    for &(at, open) in &quotes {
        match (open, open_at) {
            (true, None) => open_at = Some(at),
            (false, Some(_)) => open_at = None,
            (true, Some(prev)) => {
                out.push(unclosed(text, para.clone(), prev, '“'));
                return;
            }
            (false, None) => {
                out.push(unopened(text, para.clone(), at, '”'));
                return;
            }
        }
    }
    if let Some(prev) = open_at {
        *carry = Some(Carried {
            paragraph: n,
            finding: unclosed(text, para, prev, '“'),
        });
    }
}

/// The finding for a quote at `at` that must be turned; `open` is its current direction.
fn turn(text: &str, at: usize, open: bool) -> Finding {
    let len = '“'.len_utf8();
    let end = at + len;
    let before = char_before(text, at);
    let after = char_at(text, end);
    let (edits, safe) = if open {
        // Becomes a closing quote: it belongs right after a word or a mark. The spaces
        // before it are read as one plain space, no-break ones too: the whitespace rule
        // makes them one (so a second run, after it, reads the same).
        let space_start = text[..at].trim_end_matches([' ', '\u{a0}']).len();
        let space_before = space_start < at;
        let glued_to = if space_before {
            char_before(text, space_start)
        } else {
            before
        };
        let after_word = after.is_some_and(char::is_alphanumeric);
        let fits = match glued_to {
            Some(c) if space_before => matches!(c, ',' | '.' | '!' | '?' | ';' | ':'),
            Some(c) => !c.is_whitespace(),
            None => false,
        } && (after_word
            || after.map_or(true, |c| {
                c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?')
            }));
        let start = if space_before && fits {
            space_start
        } else {
            at
        };
        let mut content = String::from("”");
        if fits && after_word {
            content.push(' ');
        }
        (vec![Edit::new(start..end, content)], fits)
    } else {
        let fits = before.map_or(true, |c| {
            c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–')
        }) && after.is_some_and(char::is_alphanumeric);
        (vec![Edit::new(at..end, "“")], fits)
    };
    let message = if open {
        "opening quote where the paragraph needs a closing one"
    } else {
        "closing quote where the paragraph needs an opening one"
    };
    let fix = if safe {
        Fix::safe(edits)
    } else {
        Fix::unsafe_(edits)
    };
    Finding::new(&QUOTE_DIRECTION, at..end, message).with_fix(fix)
}

/// An opening quote at `at` with no partner after it; the message names two places its
/// partner may belong: the end of the quote's clause (the first comma), of its sentence, or
/// of the paragraph, the first two that differ.
fn unclosed(text: &str, para: Range<usize>, at: usize, quote: char) -> Finding {
    let end = at + quote.len_utf8();
    let sentence_end = sentence_end_after(text, end, para.end);
    let clause_end = text[end..sentence_end].find(", ").map(|n| end + n + 1);
    let mut places: Vec<(usize, &str)> = Vec::new();
    for (place, what) in [
        (clause_end, "end of its clause"),
        (Some(sentence_end), "end of its sentence"),
        (Some(para.end), "end of the paragraph"),
    ] {
        if let Some(place) = place {
            if places.len() < 2 && places.iter().all(|(p, _)| *p != place) {
                places.push((place, what));
            }
        }
    }
    let described: Vec<String> = places
        .iter()
        .map(|(p, what)| format!("after '{}' ({what})", tail_words(text, end, *p)))
        .collect();
    let message = format!(
        "opening quote {quote} is never closed; its partner may belong {}",
        described.join(" or ")
    );
    Finding::new(&UNBALANCED_QUOTES, at..end, message)
}

/// A closing quote at `at` with no partner before it; the message names the start of its
/// clause, of its sentence or of the paragraph, the first two that differ.
fn unopened(text: &str, para: Range<usize>, at: usize, quote: char) -> Finding {
    let end = at + quote.len_utf8();
    let sentence_start = sentence_start_before(text, para.start, at);
    let clause_start = text[sentence_start..at]
        .rfind([',', ':'])
        .map(|n| sentence_start + n + 1)
        .filter(|&p| text[p..at].trim().len() > 1);
    let mut places: Vec<(usize, &str)> = Vec::new();
    for (place, what) in [
        (clause_start, "start of its clause"),
        (Some(sentence_start), "start of its sentence"),
        (Some(para.start), "start of the paragraph"),
    ] {
        if let Some(place) = place {
            if places.len() < 2 && places.iter().all(|(p, _)| *p != place) {
                places.push((place, what));
            }
        }
    }
    let described: Vec<String> = places
        .iter()
        .map(|(p, what)| format!("before '{}' ({what})", head_words(text, *p, at)))
        .collect();
    let message = format!(
        "closing quote {quote} was never opened; its partner may belong {}",
        described.join(" or ")
    );
    Finding::new(&UNBALANCED_QUOTES, at..end, message)
}

/// The first `. ! ?` followed by a space after `from` (its end), or `limit`.
fn sentence_end_after(text: &str, from: usize, limit: usize) -> usize {
    let s = &text[from..limit];
    let b = s.as_bytes();
    for i in memchr::memchr3_iter(b'.', b'!', b'?', b) {
        if b.get(i + 1).is_some_and(|c| c.is_ascii_whitespace()) {
            return from + i + 1;
        }
    }
    limit
}

/// The start of the sentence holding `at`: after the last `. ! ?` and a space before it.
fn sentence_start_before(text: &str, limit: usize, at: usize) -> usize {
    let b = &text.as_bytes()[limit..at];
    let mut i = b.len();
    while i > 1 {
        i -= 1;
        if b[i].is_ascii_whitespace() && matches!(b[i - 1], b'.' | b'!' | b'?') {
            return limit + i + 1;
        }
    }
    limit
}

/// Up to three words ending at `to` (not before `from`), for messages.
fn tail_words(text: &str, from: usize, to: usize) -> String {
    let s = text[from..to].trim_end();
    let words: Vec<&str> = s.split_whitespace().collect();
    let n = words.len().saturating_sub(3);
    words[n..].join(" ")
}

/// Up to three words starting at `from` (not after `to`), for messages.
fn head_words(text: &str, from: usize, to: usize) -> String {
    text[from..to]
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when the quote at `at` starts a paragraph or follows a sentence end, and a capital
/// follows it: where a quotation that ran on over a (lost) paragraph break reopens.
fn reopens(text: &str, para_start: usize, at: usize) -> bool {
    // A capital, or a bracket or a digit that stands for the first word (`"[Alastair] will`).
    let next_is_capital = text[at..]
        .chars()
        .nth(1)
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '[' | '('));
    if !next_is_capital {
        return false;
    }
    if at == para_start {
        return true;
    }
    let before = text[para_start..at].trim_end_matches([' ', '\u{a0}', '\n', '\t']);
    // A sentence end, maybe closing a quotation within the quotation (`about it?' "To`).
    let end = before.trim_end_matches(['\'', '’']);
    before.len() < at - para_start && end.ends_with(['.', '!', '?'])
}

/// True when the quote at `at` sits where a quotation opens: after a space, a colon or an
/// opening bracket, before a word.
fn opens(text: &str, at: usize) -> bool {
    let before = char_before(text, at);
    let after = char_at(text, at + 1);
    before.map_or(true, |c| c.is_whitespace() || matches!(c, '(' | '['))
        && after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '[' | '('))
}

/// Opening single quotes (`‘`) of one paragraph that no `’` after them can close.
fn single_curly(text: &str, para: Range<usize>, runs_on: bool, out: &mut Vec<Finding>) {
    let p = &text[para.clone()];
    if crate::finder!("‘".as_bytes()).find(p.as_bytes()).is_none() {
        return;
    }
    let mut open: Option<usize> = None;
    for (i, c) in p.char_indices() {
        let at = para.start + i;
        match c {
            '‘' => {
                let before = char_before(text, at);
                let after = char_at(text, at + c.len_utf8());
                // `‘90s` is a mistyped apostrophe, not a quote.
                let opener = before.map_or(true, |b| {
                    b.is_whitespace() || matches!(b, '(' | '[' | '“' | '"' | '—' | '–' | '-')
                }) && after.is_some_and(char::is_alphabetic);
                if opener && open.is_none() {
                    open = Some(at);
                }
            }
            '’' => {
                let before = char_before(text, at);
                let after = char_at(text, at + c.len_utf8());
                let closer = before.is_some_and(|b| !b.is_whitespace())
                    && after.map_or(true, |a| !a.is_alphanumeric());
                if closer {
                    open = None;
                }
            }
            _ => {}
        }
    }
    if let Some(at) = open {
        if !runs_on {
            out.push(unclosed(text, para, at, '‘'));
        }
    }
}

/// Straight double quotes of paragraph number `n` (inch marks after a digit aside): a
/// quotation left open is carried to the next paragraphs, which may close it.
fn straight(
    text: &str,
    para: Range<usize>,
    n: usize,
    carry: &mut Option<Carried>,
    out: &mut Vec<Finding>,
) {
    let p = &text[para.clone()];
    // Parity, carried in from a paragraph that left a quotation open; an opening quote after
    // a sentence end while one is open reopens a run-on quotation (see `double_curly`).
    let mut open = carry.is_some();
    let mut count = 0usize;
    let mut last = None;
    for i in memchr::memchr_iter(b'"', p.as_bytes()) {
        let at = para.start + i;
        // After a digit and outside a quotation, a straight quote is an inch mark (`12"`).
        if !open
            && char_before(text, at).is_some_and(|c| c.is_ascii_digit())
            && !char_at(text, at + 1).is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        count += 1;
        if open && reopens(text, para.start, at) {
            continue;
        }
        if open && count == 1 && carry.is_some() && opens(text, at) {
            // The quotation carried from before was never closed: this paragraph's first
            // quote opens a new one rather than closing it.
            out.push(carry.take().unwrap().finding);
            open = false;
        }
        open = !open;
        if open {
            last = Some(at);
        }
    }
    if !open {
        *carry = None;
        return;
    }
    if carry.is_some() && last.is_none() {
        return; // the carried quotation is still open
    }
    let at = last.unwrap();
    let message = format!(
        "a straight double quote opens a quotation that no later quote closes ({count} in this paragraph)"
    );
    *carry = Some(Carried {
        paragraph: n,
        finding: Finding::new(&UNBALANCED_QUOTES, at..at + 1, message),
    });
}

#[cfg(test)]
mod tests {
    use super::quote_findings;
    use crate::language::Language;
    use crate::{clean, Config};

    fn first_non_ascii(text: &str) -> usize {
        crate::scan::first_non_ascii(text.as_bytes()).unwrap_or(text.len())
    }

    #[test]
    fn a_quotation_carried_past_the_paragraphs_it_may_run_over_is_reported_open() {
        // Open in the first paragraph, closed eleven paragraphs on: every paragraph between
        // counts, though none holds a quote.
        let mut t = String::from("He said “we stay.\n\n");
        for _ in 0..10 {
            t.push_str("A plain paragraph.\n\n");
        }
        t.push_str("Then it ended.”\n");
        let shown: Vec<String> = quote_findings(&t, first_non_ascii(&t), Language::English, true)
            .into_iter()
            .map(|f| f.message.render(&t[f.range]))
            .collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown[0].starts_with("opening quote “ is never closed"),
            "{shown:?}"
        );
    }

    proptest::proptest! {
        /// Jumping over the paragraphs without a quote finds what reading every paragraph
        /// finds: the same findings, in order, with the same messages and fixes.
        #[test]
        fn jumping_to_quoted_paragraphs_finds_what_reading_all_does(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "He said", " “yes", "”", " ‘no’", "‘", " \"so\"", "\"", " – ", "„",
                    ".", " word", "\n", "\n\n", "\n    ", "\n\t", "\u{2003}", "\r\n",
                    "\n\nA plain paragraph.", "\n\nAnother one.\n\nAnd one more.",
                ]),
                0..120,
            ),
            german in proptest::bool::ANY,
        ) {
            let text: String = pieces.concat();
            let language = if german { Language::German } else { Language::English };
            let show = |fs: Vec<crate::pass::Finding>| -> Vec<String> {
                fs.into_iter()
                    .map(|f| {
                        let message = f.message.render(&text[f.range.clone()]);
                        format!("{:?} {message} {:?}", f.range, f.fix.map(|x| x.edits))
                    })
                    .collect()
            };
            proptest::prop_assert_eq!(
                show(quote_findings(&text, first_non_ascii(&text), language, true)),
                show(quote_findings(&text, 0, language, false))
            );
        }
    }

    fn run(s: &str) -> crate::Article {
        let config = Config::new()
            .with_selection(&["quote-direction".into(), "unbalanced-quotes".into()], &[])
            .unwrap();
        clean(s, &config)
    }

    fn codes(s: &str) -> Vec<&'static str> {
        run(s).diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn turns_a_quote_when_the_pairing_is_unambiguous() {
        assert_eq!(
            run("“We respond to open aggression, “Sullivan told reporters.").text,
            "“We respond to open aggression,” Sullivan told reporters."
        );
        assert_eq!(
            run("He said ”Hello” and left.").text,
            "He said “Hello” and left."
        );
        // The spaces before it, no-break ones too, read as one and go with the turn.
        assert_eq!(
            run("“We respond to open aggression, \u{a0} “Sullivan told reporters.").text,
            "“We respond to open aggression,” Sullivan told reporters."
        );
    }

    #[test]
    fn reports_unpaired_quotes() {
        assert_eq!(codes("“We are ready, he said."), vec!["P405"]);
        assert_eq!(codes("We are ready,” he said."), vec!["P405"]);
        assert_eq!(codes("a ‘quote never closed."), vec!["P405"]);
        assert_eq!(codes("He said \"yes. Then left."), vec!["P405"]);
    }

    #[test]
    fn leaves_apostrophes_and_run_on_quotations() {
        for s in [
            "NATO’s rock ’n’ roll of the ’90s, the students’ union.",
            "a ‘rock ‘n’ roll’ band",
            "“First paragraph of a long quote.\n\n“Second one,” he said.",
            "a 12\" record and a 5'10\" man",
            "„Ja“, sagte er.",
            "“Fine,” he said.",
        ] {
            let a = run(s);
            assert!(a.diagnostics.is_empty(), "{s}: {:?}", a.diagnostics);
        }
    }
}
