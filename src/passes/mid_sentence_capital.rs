//! The `mid-sentence-capital` rule: a capitalized function word inside a sentence, right after
//! a comma or a verb of saying (`thanks to ..., It has been known`, `For its part, The United
//! States`, `Molano recalls The entire border`). Machine translation leaves these where the
//! source had a quote, a headline or emphasis markup that was stripped before translation.
//!
//! Only listed function words of the document's language count, and only when the next word
//! is lower case or the phrase is a name that takes a lower-case article (`the United
//! States`); a capitalized next word otherwise means a name (`The Hague`, `El Salvador`,
//! `La Paz`, `Los Angeles`, a title in title case) and nothing is reported.

use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::passes::translation_data::{
    contains, function_words, lower_article_names, saying_verbs, ARTICLE_NAMES,
};
use crate::rules::{FixSafety, Rule, Severity};
use crate::scan::ByteClass;
use std::ops::Range;

pub static MID_SENTENCE_CAPITAL: Rule = Rule {
    code: "T601",
    name: "mid-sentence-capital",
    family: "translation",
    severity: Severity::Warning,
    fix: FixSafety::Unsafe,
    summary: "A capitalized function word inside a sentence (`For its part, The United States`)",
    doc: r#"## What it does
Finds a capitalized function word (`The`, `It`, `In`, `A`, `This`, `Following`; Spanish
`El`, `La`, `Los`; Portuguese `O`, `Os`; French `Le`, `La`; German `Der`, `Die`, `Das` ...)
right after a comma or a verb of saying (`said`, `recalls`, `dijo`, `disse` ...), inside a
sentence, when the word after it is lower case (`, It has been known`) or the phrase is a
name that takes a lower-case article (`, The United States`).

Left alone: names whose article is part of the name (`The Hague`, `The New York Times`,
`El Salvador`, `La Paz`, `Los Angeles`), titles in title case (`, The Lord Of The Rings`),
words after an opening quote, and documents in a language without a word list.

## Why it matters
These capitals are a trace of machine translation over text whose quotes, headline breaks or
emphasis markup were stripped: a reader sees a sentence boundary that is not there, and the
capital marks where words (often a quote) were lost.

## Example
```text
For its part, The United States has promised retaliation.
Molano recalls The entire border was militarized.
```
becomes, with `--unsafe-fixes`,
```text
For its part, the United States has promised retaliation.
Molano recalls the entire border was militarized.
```

## Fix safety
Unsafe: the capital may mark a quotation whose quote marks were lost, where the right fix is
to restore the quote marks, or a name the word lists do not know."#,
};

static RULES: &[&Rule] = &[&MID_SENTENCE_CAPITAL];

pub struct MidSentenceCapital;

impl Pass for MidSentenceCapital {
    fn name(&self) -> &'static str {
        "mid-sentence-capital"
    }

    fn stage(&self) -> Stage {
        Stage::Translation
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn rescans_changes(&self) -> bool {
        true
    }

    fn run(&self, cx: &mut Context<'_>) {
        let lang = cx.language;
        let words = function_words(lang);
        if words.is_empty() {
            return;
        }
        let function_word_shape = ListShape::new(words);
        let verb_shape = ListShape::new(saying_verbs(lang));
        let text = cx.text;
        let b = text.as_bytes();
        let mut findings = Vec::new();
        let mut lower = String::new();
        // The word must follow exactly one space after another token, and it opens with a
        // capital: an upper-case ASCII letter or a non-ASCII character. A vector scan finds
        // those (space, capital) pairs without stopping at every word.
        static SPACE: ByteClass<1> = ByteClass::of(b" ");
        static CAPITAL_OR_NON_ASCII: ByteClass<0, 1> = ByteClass {
            exact: [],
            ranges: [(b'A', b'Z')],
            non_ascii: true,
        };
        // Exactly one space after a token that ends in a comma or in the last letter of one
        // of the language's verbs of saying; the scan's third byte settles every sentence
        // start (`. The`). A capitalized name after a lower-case word (`the Bank`), the
        // commonest triple of the three, is passed over by the vector scan.
        let before = token_ends(saying_verbs(lang));
        for window in token_windows(text, cx.changed) {
            let from = window.start;
            let scan = &b[window];
            crate::scan::for_each_triple(scan, &before, &SPACE, &CAPITAL_OR_NON_ASCII, |i| {
                let start = from + i;
                let space = start - 1;
                // An ASCII first letter that opens no listed word, lowered, settles the word
                // before its end is looked for (the lowered word could only equal a listed word
                // that opens with that letter).
                let first = b[start];
                if first < 0x80 && !function_word_shape.may_open(first, b.get(start + 1).copied()) {
                    return;
                }
                let end = token_end(b, start);
                let word = &text[start..end];
                if !function_word_shape.may_hold(word) {
                    return;
                }
                lower.clear();
                if word.is_ascii() {
                    // For ASCII, capitalized is `[A-Z][a-z]*`, and lowering is one byte's.
                    let rest = &word.as_bytes()[1..];
                    if !(first.is_ascii_uppercase() && rest.iter().all(u8::is_ascii_lowercase)) {
                        return;
                    }
                    lower.push(first.to_ascii_lowercase() as char);
                    lower.push_str(&word[1..]);
                } else {
                    if !is_capitalized_word(word) {
                        return;
                    }
                    lower.extend(word.chars().flat_map(char::to_lowercase));
                }
                if !function_word_shape.holds(words, &lower) {
                    return;
                }
                let (pstart, pend) = token_before(b, space).expect("a token ends before the space");
                let prev = &text[pstart..pend];
                let context = if let Some(p) = prev.strip_suffix(',') {
                    if !p.chars().next_back().is_some_and(char::is_alphabetic)
                        || in_list_of_names(text, (pstart, pend))
                    {
                        return;
                    }
                    "after a comma".to_owned()
                } else if verb_shape.may_hold(prev)
                    && prev.chars().all(char::is_lowercase)
                    && verb_shape.holds(saying_verbs(lang), prev)
                {
                    format!("after '{prev}'")
                } else {
                    return;
                };
                // The next word, after exactly one space.
                if b.get(end) != Some(&b' ') || b.get(end + 1).map_or(true, u8::is_ascii_whitespace)
                {
                    return;
                }
                let nstart = end + 1;
                let nend = token_end(b, nstart);
                let next = &text[nstart..nend];
                let Some(first) = next.chars().next() else {
                    return;
                };
                let flagged = if first.is_lowercase() {
                    !is_title(text, nstart)
                } else if first.is_uppercase() {
                    let rest = &text[nstart..];
                    let phrase = &text[start..];
                    lower_article_names(lang)
                        .iter()
                        .any(|name| starts_with_word(rest, name))
                        && !ARTICLE_NAMES
                            .iter()
                            .any(|name| starts_with_word(phrase, name))
                } else {
                    false
                };
                if !flagged {
                    return;
                }
                let first_len = word.chars().next().map_or(1, char::len_utf8);
                let lowered: String = word[..first_len].to_lowercase();
                findings.push(
                Finding::new(
                    &MID_SENTENCE_CAPITAL,
                    start..end,
                    format!(
                        "capital '{word}' in the middle of a sentence, {context}; lost quote marks or emphasis?"
                    ),
                )
                .with_fix(Fix::unsafe_(vec![Edit::new(start..start + first_len, lowered)])),
            );
            });
        }
        for f in findings {
            cx.report(f);
        }
    }
}

/// The first bytes (lowered) and byte lengths of the words of a list: most words of a text
/// are told apart from every listed word by these two alone, before any lowering or search.
/// Words that are not ASCII are never rejected (their lower-case form may differ in length).
struct ListShape {
    firsts: [bool; 256],
    lengths: u64,
    /// The words of the (sorted) list that open with each byte, as a range of the list.
    by_first: [(u16, u16); 256],
    /// For each ASCII first byte, the ASCII second bytes of the listed words that open with
    /// it, one bit each (a space's bit for a one-letter word).
    seconds: [u128; 128],
}

impl ListShape {
    fn new(list: &[&str]) -> Self {
        let mut shape = ListShape {
            firsts: [false; 256],
            lengths: 0,
            by_first: [(0, 0); 256],
            seconds: [0; 128],
        };
        for (i, w) in list.iter().enumerate() {
            let first = w.as_bytes()[0] as usize;
            if let Some(set) = shape.seconds.get_mut(first) {
                let second = w.as_bytes().get(1).copied().unwrap_or(b' ');
                if second < 0x80 {
                    *set |= 1 << second;
                }
            }
            shape.firsts[first] = true;
            shape.lengths |= 1u64.checked_shl(w.len() as u32).unwrap_or(0);
            let i = i as u16;
            let range = &mut shape.by_first[first];
            *range = if range.1 == 0 {
                (i, i + 1)
            } else {
                (range.0, i + 1)
            };
        }
        shape
    }

    /// Whether `list` (the sorted list this shape was made from) holds `lower`: only the few
    /// words with its first byte are compared, and only those of its length byte by byte.
    fn holds(&self, list: &[&str], lower: &str) -> bool {
        let Some(&first) = lower.as_bytes().first() else {
            return contains(list, lower);
        };
        let (from, to) = self.by_first[first as usize];
        list[from as usize..to as usize]
            .iter()
            .any(|w| w.len() == lower.len() && *w == lower)
    }

    /// False when a word opening with the ASCII byte `first`, followed by `second` (`None` or
    /// whitespace at the word's end), lowered, is surely not in the list: its first two bytes,
    /// lowered, open no listed word. Most capitalized words of a text are settled by these
    /// two bytes before their end is looked for. A non-ASCII second byte is never rejected
    /// (its lower-case form is not a byte's).
    fn may_open(&self, first: u8, second: Option<u8>) -> bool {
        let first = first.to_ascii_lowercase();
        if !self.firsts[first as usize] {
            return false;
        }
        let second = match second {
            None => b' ',
            Some(c) if c.is_ascii_whitespace() => b' ',
            Some(c) if c >= 0x80 => return true,
            Some(c) => c.to_ascii_lowercase(),
        };
        (self.seconds[first as usize] >> second) & 1 == 1
    }

    /// False when `word`, lowered, is surely not in the list.
    fn may_hold(&self, word: &str) -> bool {
        if !word.is_ascii() {
            return true;
        }
        let first = word.as_bytes()[0].to_ascii_lowercase();
        self.firsts[first as usize] && (self.lengths >> word.len().min(63)) & 1 == 1
    }
}

/// True when the comma ending the token `comma` closes an item of a list of names or titles
/// (`Noche de paz, Los peces en el río`, `Hierro, La caza de Monteperdido`): the item before
/// it is short, starts with a capital and follows another comma, or is a word in capitals.
fn in_list_of_names(text: &str, comma: (usize, usize)) -> bool {
    let b = text.as_bytes();
    let last = &text[comma.0..comma.1];
    let last = last.trim_end_matches(',');
    if last.chars().count() > 1 && last.chars().all(|c| !c.is_lowercase()) {
        return true; // a headline in capitals: `LA PANDEMIA QUE VIENE, Los brotes`
    }
    let mut item = comma;
    for _ in 0..6 {
        let Some(prev) = token_before(b, item.0) else {
            return false;
        };
        let prev_text = &text[prev.0..prev.1];
        if prev_text.ends_with(',') {
            return text[item.0..item.1]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
        }
        if prev_text.ends_with(['.', '!', '?', ':', ';']) {
            return false;
        }
        item = prev;
    }
    false
}

/// True when the words from the one starting at `from` on look like a title in sentence or
/// title case: short function words and then a capitalized word (`On the Transmigration of
/// Souls`, `La que se Avecina`).
fn is_title(text: &str, from: usize) -> bool {
    let b = text.as_bytes();
    let mut at = from;
    for _ in 0..3 {
        let Some((s, e)) = token_from(b, at) else {
            return false;
        };
        let w = &text[s..e];
        if w.chars().next().is_some_and(char::is_uppercase) {
            return true;
        }
        if w.chars().count() > 3 || !w.chars().all(char::is_alphabetic) {
            return false;
        }
        at = e;
    }
    false
}

/// Tokens a finding reads before its word (the one before it and six more in a list of
/// names, `in_list_of_names`), and after it (the next three, `is_title`; a name of four
/// words, `ARTICLE_NAMES`), each with a margin.
const TOKENS_BEFORE: usize = 9;
const TOKENS_AFTER: usize = 6;

/// The parts of the text to scan: all of it on a first run; run again, each change widened
/// by the tokens a finding reads on either side (a finding up to `TOKENS_AFTER` tokens
/// before a change reads it, and one up to `TOKENS_BEFORE` after), merged.
fn token_windows(text: &str, changed: Option<&[Range<usize>]>) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    // Widened by tokens, a change a few tokens before a window's end reaches past it.
    crate::rescan::windows_around(text, changed, crate::rescan::Reuse::Never, |r| {
        // Back to the start of the token `TOKENS_AFTER + 1` before, ahead to the end of the
        // token `TOKENS_BEFORE + 1` after (the first step of each takes the token the change
        // sits in, if any).
        let start = (0..=TOKENS_AFTER).try_fold(r.start, |at, _| token_before(b, at).map(|t| t.0));
        let end = (0..=TOKENS_BEFORE).try_fold(r.end, |at, _| token_from(b, at).map(|t| t.1));
        start.unwrap_or(0)..end.unwrap_or(b.len())
    })
}

/// The bytes a token before a flagged word can end in: a comma, or the last byte of one of
/// `verbs` (an ASCII letter, or a byte of a non-ASCII letter, all of which the class takes).
/// Every lower-case ASCII letter when the verbs end in more than three.
fn token_ends(verbs: &[&str]) -> ByteClass<4, 1> {
    let mut exact = [b','; 4];
    let mut n = 1;
    for last in verbs.iter().filter_map(|v| v.as_bytes().last()) {
        if last.is_ascii() && !exact[..n].contains(last) {
            if n == exact.len() {
                return ByteClass {
                    exact,
                    ranges: [(b'a', b'z')],
                    non_ascii: true,
                };
            }
            exact[n] = *last;
            n += 1;
        }
    }
    ByteClass {
        exact,
        // An empty range would not do: a second comma stands in.
        ranges: [(b',', b',')],
        non_ascii: true,
    }
}

/// Where the whitespace-separated token starting at `start` ends.
fn token_end(b: &[u8], start: usize) -> usize {
    b[start..]
        .iter()
        .position(u8::is_ascii_whitespace)
        .map_or(b.len(), |i| start + i)
}

/// The whitespace-separated token that ends last before `pos`, as a byte range. ASCII
/// whitespace never occurs inside a multi-byte character, so byte steps stay on boundaries.
fn token_before(b: &[u8], pos: usize) -> Option<(usize, usize)> {
    let mut end = pos;
    while end > 0 && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if end == 0 {
        return None;
    }
    let mut start = end;
    while start > 0 && !b[start - 1].is_ascii_whitespace() {
        start -= 1;
    }
    Some((start, end))
}

/// The first whitespace-separated token at or after `pos`, as a byte range.
fn token_from(b: &[u8], pos: usize) -> Option<(usize, usize)> {
    let start = pos + b[pos..].iter().position(|c| !c.is_ascii_whitespace())?;
    Some((start, token_end(b, start)))
}

/// A word of letters whose first letter alone is upper case (`The`, `It`, `A`).
fn is_capitalized_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
}

/// `text` starts with `phrase` followed by a non-letter or the end.
fn starts_with_word(text: &str, phrase: &str) -> bool {
    text.starts_with(phrase)
        && !text[phrase.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use crate::{clean, Config};

    fn run(s: &str, lang: &str, unsafe_fixes: bool) -> crate::Article {
        let mut config = Config::new()
            .with_selection(&["mid-sentence-capital".into()], &[])
            .unwrap()
            .with_unsafe_fixes(unsafe_fixes);
        config.language = Some(lang.into());
        clean(s, &config)
    }

    #[test]
    fn lowers_capitals_after_commas_and_saying_verbs() {
        let s = "For its part, The United States has. Molano recalls The entire border. \
                 Operations, It has been known.";
        assert_eq!(run(s, "en", false).diagnostics.len(), 3);
        assert_eq!(run(s, "en", false).text, s);
        assert_eq!(
            run(s, "en", true).text,
            "For its part, the United States has. Molano recalls the entire border. \
             Operations, it has been known."
        );
        assert_eq!(
            run("Según el informe, El presidente dijo", "es", true).text,
            "Según el informe, el presidente dijo"
        );
    }

    #[test]
    fn the_scan_stops_after_commas_and_the_verbs_last_letters() {
        let ends = super::token_ends(&["said", "told", "says", "afirmó"]);
        for b in [b',', b'd', b's', 0xb3] {
            assert!(ends.contains(b), "{b:#x}");
        }
        assert!(!ends.contains(b'e') && !ends.contains(b'A'));
        // Too many endings for the class: every lower-case letter.
        let ends = super::token_ends(&["a", "b", "c", "d"]);
        assert!(ends.contains(b'q') && ends.contains(b',') && !ends.contains(b'Q'));
    }

    #[test]
    fn leaves_names_and_titles() {
        for s in [
            "the court, The Hague said",
            "the paper, The New York Times reported",
            "in Central America, El Salvador and",
            "from Bolivia, La Paz is",
            "the film, The Lord Of The Rings, was",
            "he said, “The time has come”",
            "In the end, the United States",
            "Says The Times",
            "a tribute, On the Transmigration of Souls, was",
            "Hierro, Gigantes, La caza de Monteperdido",
            "Adeste Fideles, Noche de paz, Los peces en el río",
            "LA PANDEMIA QUE VIENE, Los brotes",
        ] {
            let spanish = ["El Salvador", "La Paz", "Monteperdido", "peces", "brotes"];
            let lang = if spanish.iter().any(|w| s.contains(w)) {
                "es"
            } else {
                "en"
            };
            assert!(run(s, lang, false).diagnostics.is_empty(), "{s}");
        }
    }
}
