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

    fn run(&self, cx: &mut Context<'_>) {
        let lang = cx.language;
        let words = function_words(lang);
        if words.is_empty() {
            return;
        }
        let text = cx.text;
        let mut window = Window::new(tokens(text));
        let mut findings = Vec::new();
        let mut lower = String::new();
        while let Some(k) = window.advance() {
            let tokens = window.tokens();
            let (start, end) = tokens[k];
            let word = &text[start..end];
            if !is_capitalized_word(word) {
                continue;
            }
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            if !contains(words, &lower) {
                continue;
            }
            let (pstart, pend) = tokens[k - 1];
            if &text[pend..start] != " " {
                continue;
            }
            let prev = &text[pstart..pend];
            let context = if let Some(p) = prev.strip_suffix(',') {
                if !p.chars().next_back().is_some_and(char::is_alphabetic)
                    || in_list_of_names(text, tokens, k - 1)
                {
                    continue;
                }
                "after a comma".to_owned()
            } else if prev.chars().all(char::is_lowercase) && contains(saying_verbs(lang), prev) {
                format!("after '{prev}'")
            } else {
                continue;
            };
            let Some(&(nstart, nend)) = tokens.get(k + 1) else {
                continue;
            };
            if &text[end..nstart] != " " {
                continue;
            }
            let next = &text[nstart..nend];
            let Some(first) = next.chars().next() else {
                continue;
            };
            let flagged = if first.is_lowercase() {
                !is_title(text, tokens, k + 1)
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
                continue;
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
        }
        for f in findings {
            cx.report(f);
        }
    }
}

/// True when the comma ending token `comma` closes an item of a list of names or titles
/// (`Noche de paz, Los peces en el río`, `Hierro, La caza de Monteperdido`): the item before
/// it is short, starts with a capital and follows another comma, or is a word in capitals.
fn in_list_of_names(text: &str, tokens: &[(usize, usize)], comma: usize) -> bool {
    let last = &text[tokens[comma].0..tokens[comma].1];
    let last = last.trim_end_matches(',');
    if last.chars().count() > 1 && last.chars().all(|c| !c.is_lowercase()) {
        return true; // a headline in capitals: `LA PANDEMIA QUE VIENE, Los brotes`
    }
    let mut j = comma;
    for _ in 0..6 {
        if j == 0 {
            return false;
        }
        let prev = &text[tokens[j - 1].0..tokens[j - 1].1];
        if prev.ends_with(',') {
            let item = &text[tokens[j].0..tokens[j].1];
            return item.chars().next().is_some_and(char::is_uppercase);
        }
        if prev.ends_with(['.', '!', '?', ':', ';']) {
            return false;
        }
        j -= 1;
    }
    false
}

/// True when the words from token `from` on look like a title in sentence or title case: short
/// function words and then a capitalized word (`On the Transmigration of Souls`, `La que se
/// Avecina`).
fn is_title(text: &str, tokens: &[(usize, usize)], from: usize) -> bool {
    for &(s, e) in tokens.iter().skip(from).take(3) {
        let w = &text[s..e];
        if w.chars().next().is_some_and(char::is_uppercase) {
            return true;
        }
        if w.chars().count() > 3 || !w.chars().all(char::is_alphabetic) {
            return false;
        }
    }
    false
}

/// Whitespace-separated tokens as byte ranges.
fn tokens(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut bytes = text.bytes().enumerate();
    let mut start = None;
    std::iter::from_fn(move || {
        for (i, b) in bytes.by_ref() {
            if b.is_ascii_whitespace() {
                if let Some(s) = start.take() {
                    return Some((s, i));
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        start.take().map(|s| (s, text.len()))
    })
}

/// The tokens of a text a window at a time, so that a huge text costs a bounded buffer rather
/// than 16 bytes a word (over 5 times the text). Each token is judged once, from the second
/// on, with the `BACK` tokens before it and the `AHEAD` after it in the window: all the
/// context the checks look at (`in_list_of_names` goes back 7, `is_title` ahead 3).
struct Window<I> {
    all: I,
    tokens: Vec<(usize, usize)>,
    /// The index of the next token to judge, and the end of those this window may judge.
    next: usize,
    end: usize,
    done: bool,
}

const BACK: usize = 8;
const AHEAD: usize = 4;
const FULL: usize = (1 << 16) + BACK + AHEAD;

impl<I: Iterator<Item = (usize, usize)>> Window<I> {
    fn new(all: I) -> Self {
        Window {
            all,
            tokens: Vec::new(),
            next: 1,
            end: 0,
            done: false,
        }
    }

    /// The index in [`Window::tokens`] of the next token to judge.
    fn advance(&mut self) -> Option<usize> {
        if self.next >= self.end {
            if self.done {
                return None;
            }
            if self.end > 0 {
                // Keep the last BACK judged tokens and the AHEAD not judged yet.
                self.tokens.drain(..self.end - BACK);
                self.next = BACK;
            }
            let room = FULL - self.tokens.len();
            self.tokens.extend(self.all.by_ref().take(room));
            self.done = self.tokens.len() < FULL;
            self.end = if self.done {
                self.tokens.len()
            } else {
                self.tokens.len() - AHEAD
            };
            if self.next >= self.end {
                return None;
            }
        }
        self.next += 1;
        Some(self.next - 1)
    }

    fn tokens(&self) -> &[(usize, usize)] {
        &self.tokens
    }
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
    fn judges_every_token_across_windows() {
        // Five tokens a sentence, so the findings fall at every place around a window's end;
        // the list of names at the end is seen as one after the last window's start.
        let n = 3 * super::FULL / 5;
        let text = "He said, It was fine. ".repeat(n) + "Ana, Bo, Cy, It was.";
        let a = run(&text, "en", false);
        assert_eq!(a.diagnostics.len(), n);
        let last = a.diagnostics.last().unwrap();
        assert_eq!(&text[last.byte_range.clone()], "It");
        assert_eq!(last.byte_range.start, 22 * (n - 1) + 9);
        let empty = run("", "en", false);
        assert!(empty.diagnostics.is_empty());
        assert!(run("It", "en", false).diagnostics.is_empty());
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
