//! The `dangling-fragment` rule: a "sentence" of one to three words with no verb at the end of
//! a paragraph, right after a sentence with a quotation (`..., he said. Blue radio.`). It is
//! what machine translation makes of a source credit or attribution (`Blu Radio`) that was
//! glued to the paragraph; the words may be needed, so they are only reported.

use crate::pass::{Context, Finding, Pass, Stage};
use crate::passes::prose::{paragraph_around, space_ends_at, space_run_start};
use crate::passes::punctuation_data::is_abbreviation;
use crate::passes::translation_data::{contains, CLAUSE_WORDS};
use crate::rules::{FixSafety, Rule, Severity};
use crate::scan::ByteClass;

pub static DANGLING_FRAGMENT: Rule = Rule {
    code: "T602",
    name: "dangling-fragment",
    family: "translation",
    severity: Severity::Info,
    fix: FixSafety::None,
    summary: "A verbless one-to-three-word sentence ending a paragraph after a quote",
    doc: r#"## What it does
Reports the last sentence of a paragraph when it has one to three words, all letters, the
first capitalized, none of them a verb or a sentence word (`is`, `said`, `yes`, `thanks` ...),
and the sentence before it holds a quotation (`“...,” he said. Blue radio.`).

Not reported: a sentence after an abbreviation or an initial (`said Mr. Smith.`,
`John F. Kennedy.`), words with digits or quotes, and paragraphs without a quotation.

## Why it matters
Such fragments are usually a source credit or attribution (`Blu Radio`) that scraping glued
to the paragraph and translation turned into a sentence. They read as broken text and
mislead a summarizer into treating a credit as content.

## Example
```text
“Our forces have been stationing units for months,” he said. Blue radio.
```
is reported: `Blue radio.` is a verbless fragment after a quote.

## Fix safety
None: the words may be a credit to move into metadata or real content; only a person can
tell, so the rule only reports."#,
};

static RULES: &[&Rule] = &[&DANGLING_FRAGMENT];

/// The longest fragment looked at, in bytes.
const MAX_FRAGMENT: usize = 48;

pub struct DanglingFragment;

impl Pass for DanglingFragment {
    // It reads lines and paragraphs, which tidying keeps: it joins and splits none.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "dangling-fragment"
    }

    fn stage(&self) -> Stage {
        Stage::Translation
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        // Vectorized byte searches (a char-set `contains` decodes every character).
        let b = text.as_bytes();
        if memchr::memchr(b'"', b).is_none() && crate::finder!("”".as_bytes()).find(b).is_none() {
            return;
        }
        let mut findings = Vec::new();
        // A paragraph without a `"` or an E2 byte (`”` starts with it) has no fragment (see
        // `fragment`): the next such byte, found by one vector search over the text ahead,
        // settles those paragraphs without looking inside them.
        static QUOTE_BYTES: ByteClass<2> = ByteClass::of(b"\"\xe2");
        let quote_from =
            |at: usize| crate::scan::find_first(&b[at..], &QUOTE_BYTES).map_or(b.len(), |i| at + i);
        // Only the paragraphs around those bytes are found (most paragraphs of a text have
        // none): splitting the whole text cost more than the rest of the pass.
        let mut quote_at = quote_from(0);
        while quote_at < b.len() {
            let Some(para) = paragraph_around(text, quote_at).filter(|p| quote_at < p.end) else {
                // A byte in a blank line (E2 opens U+2003 and other spaces).
                quote_at = quote_from(quote_at + 1);
                continue;
            };
            quote_at = quote_from(para.end);
            let p = text[para.clone()].trim_end();
            if let Some((start, end)) = fragment(p) {
                let range = para.start + start..para.start + end;
                let message = format!(
                    "'{}' is a verbless fragment ending the paragraph after a quote; a stray credit or attribution?",
                    &text[range.clone()]
                );
                findings.push(Finding::new(&DANGLING_FRAGMENT, range, message));
            }
        }
        for f in findings {
            cx.report(f);
        }
    }
}

/// The fragment ending paragraph `p` (byte range including its period), if any. A run of
/// spaces reads as one space and a no-break space as a plain one, as the whitespace rule
/// leaves them: what the pass finds does not depend on whether they were tidied yet.
fn fragment(p: &str) -> Option<(usize, usize)> {
    let body = p.strip_suffix('.')?;
    let b = body.as_bytes();
    // The sentence before the fragment must hold a quote (`"`, or `”` whose first byte is
    // E2): a paragraph without one is settled by one vectorized search.
    memchr::memchr2(b'"', 0xe2, b)?;
    let low = body.len().saturating_sub(MAX_FRAGMENT);
    // The sentence boundary before the fragment: `. ` (or `.” `) then the fragment.
    let mut i = body.len();
    let (period, frag_start) = loop {
        if i <= low.max(1) {
            return None;
        }
        i -= 1;
        // Only after a period: after `?` or `!` a short answer (`Nope.`) is normal.
        if space_ends_at(b, i + 1) {
            let run = space_run_start(b, i + 1);
            if run > 0 && b[run - 1] == b'.' {
                break (run - 1, i + 1);
            }
            i = run;
            continue;
        }
        if matches!(b[i], b'\n' | b'"')
            || b[i..].starts_with("”".as_bytes())
            || b[i..].starts_with("’".as_bytes())
        {
            return None;
        }
    };
    let frag = &body[frag_start..];
    let words: Vec<&str> = frag
        .split([' ', '\u{a0}'])
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    for w in &words {
        if !w.chars().all(|c| c.is_alphabetic() || c == '-') {
            return None;
        }
        if contains(CLAUSE_WORDS, &w.to_lowercase()) {
            return None;
        }
    }
    if !words[0].chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    // The word that ended the previous "sentence" must not be an abbreviation or an initial.
    let prev = &body[..period];
    let prev_word = prev
        .rsplit(|c: char| c.is_whitespace() || c == '.')
        .next()
        .unwrap_or("");
    if prev_word.chars().count() == 1 || is_abbreviation(prev_word) {
        return None;
    }
    // The sentence before must hold a quotation.
    let sentence_start = last_sentence_start(prev);
    let sentence = &prev[sentence_start..];
    if !sentence.contains(['”', '"']) {
        return None;
    }
    Some((frag_start, p.len()))
}

/// Where the last sentence of `prev` starts: after its last period followed by spaces or a
/// line end (a period that ends a line ends a sentence, spaces trailing it or not).
fn last_sentence_start(prev: &str) -> usize {
    let b = prev.as_bytes();
    let mut at = b.len();
    while let Some(dot) = memchr::memrchr(b'.', &b[..at]) {
        let mut after = dot + 1;
        while after < b.len()
            && (matches!(b[after], b' ' | b'\n') || b[after..].starts_with("\u{a0}".as_bytes()))
        {
            after += if b[after] == 0xc2 { 2 } else { 1 };
        }
        if after > dot + 1 {
            return after;
        }
        at = dot;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::fragment;

    #[test]
    fn finds_fragments_after_quotes() {
        let p = "“Our forces,” he said. Blue radio.";
        let (s, e) = fragment(p).unwrap();
        assert_eq!(&p[s..e], "Blue radio.");
        // Spaces read as the one plain space they are tidied into.
        for p in [
            "“Our forces,” he said.  Blue  radio.",
            "“Our forces,” he said.\u{a0}Blue radio.",
        ] {
            let (s, e) = fragment(p).unwrap();
            assert_eq!(
                p[s..e].split_whitespace().collect::<Vec<_>>(),
                ["Blue", "radio."]
            );
        }
    }

    #[test]
    fn leaves_clauses_names_and_unquoted_paragraphs() {
        for p in [
            "“Fine,” he said. Thank you.",
            "“Fine,” said Mr. Smith.",
            "“Fine,” said John F. Kennedy.",
            "He left early. Blue radio.",
            "“Fine,” he said. It is.",
            "“Fine,” he said. Then he left the room quietly.",
            "Is she \"urban\" at all? Nonsense.",
            "“Fine,” he said.",
            // The quotation is in an earlier sentence, ended at a line end with or without
            // spaces trailing it.
            "Tom said \"no\" to it.\nIt went away. Blue radio.",
            "Tom said \"no\" to it. \nIt went away. Blue radio.",
        ] {
            assert_eq!(fragment(p), None, "{p}");
        }
    }
}
