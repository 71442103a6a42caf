//! Decides the document language from its words, once, after encoding repair.
//!
//! Only the languages whose conventions passes depend on are told apart (English, Spanish,
//! Portuguese, French, German); everything else is `Other`. The method is stopword counting
//! over the first few thousand words: cheap, deterministic and good enough for whole
//! articles. The word lists live in `language_words.rs`.

use crate::language_words::{DE, EN, ES, FR, PT};
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    Spanish,
    Portuguese,
    French,
    German,
    Other,
}

impl Language {
    /// ISO 639-1 code, or `None` for `Other`.
    pub fn code(self) -> Option<&'static str> {
        match self {
            Language::English => Some("en"),
            Language::Spanish => Some("es"),
            Language::Portuguese => Some("pt"),
            Language::French => Some("fr"),
            Language::German => Some("de"),
            Language::Other => None,
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        Some(match code.to_ascii_lowercase().as_str() {
            "en" => Language::English,
            "es" => Language::Spanish,
            "pt" => Language::Portuguese,
            "fr" => Language::French,
            "de" => Language::German,
            _ => return None,
        })
    }
}

/// How many words are looked at: enough for a stable vote, bounded for huge inputs.
pub(crate) const MAX_WORDS: usize = 3000;
/// Fewer stopword hits than this and the text is too short or not one of the five.
const MIN_HITS: usize = 3;

/// Detects the language of `text` by stopword votes.
pub fn detect(text: &str) -> Language {
    Votes::count(text).decide()
}

/// The stopword votes of a text's first `MAX_WORDS` words, and how many words were looked
/// at: what `detect` decides on, kept so that the votes of an edited text can be had from
/// the edits alone (`language_update.rs`) instead of a second count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Votes {
    /// Per list, in `lists()` order: how many words are in it.
    pub(crate) per_list: [usize; 5],
    /// Words looked at; below `MAX_WORDS`, every word of the text.
    pub(crate) words: usize,
}

impl Votes {
    /// The votes of `text`'s first `MAX_WORDS` words.
    pub fn count(text: &str) -> Votes {
        let mut votes = Votes {
            per_list: [0; 5],
            words: 0,
        };
        let mut lower = String::new();
        for_each_word(text, |word| {
            votes.words += 1;
            let member = stopword_lists(word, &mut lower);
            // Most words are in no list.
            if member != 0 {
                for (i, vote) in votes.per_list.iter_mut().enumerate() {
                    *vote += usize::from(member >> i & 1);
                }
            }
            votes.words < MAX_WORDS
        });
        votes
    }

    /// Whether these are the votes of every word of the text (fewer than `MAX_WORDS`), so
    /// that an edit changes them by what it takes out and puts in.
    pub fn cover_the_whole_text(&self) -> bool {
        self.words < MAX_WORDS
    }

    /// The language the votes decide.
    pub fn decide(&self) -> Language {
        let votes = &self.per_list;
        let (best, &hits) = votes
            .iter()
            .enumerate()
            .max_by_key(|(_, v)| **v)
            .expect("five lists");
        let runner_up = votes
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != best)
            .map(|(_, v)| *v)
            .max()
            .unwrap_or(0);
        // A clear winner only: ties between Spanish and Portuguese stay undecided.
        if hits >= MIN_HITS && hits * 10 >= runner_up * 13 {
            lists()[best].1
        } else {
            Language::Other
        }
    }
}

/// The lists `word` (a word as `for_each_word` gives it) is in, a bit per list (bit `i` for
/// `lists()[i]`); `lower` is a reused buffer.
pub(crate) fn stopword_lists(word: &str, lower: &mut String) -> u8 {
    // A word over 12 bytes is not looked up: the longest stopword has 8, and only a word of
    // rare case-folding letters (the Kelvin sign) could shrink that far when lowercased.
    if word.len() > 12 {
        return 0;
    }
    // ASCII words (nearly all) are lowercased into the key itself; others through the
    // buffer. One probe then says which lists hold the word.
    let key = if word.is_ascii() {
        pack(word.as_bytes()).map(|k| k | (ASCII_CASE_BITS & ascii_letter_mask(word.len())))
    } else {
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        pack(lower.as_bytes())
    };
    key.and_then(|k| stopword_table().lookup(k)).unwrap_or(0)
}

/// Calls `f` with each word of `text` (a maximal run of alphabetic characters) in order,
/// until it returns false. Bytes are classified one at a time, and only a non-ASCII one is
/// decoded: the same words as splitting at every non-alphabetic `char`, at a fraction of
/// the cost on the mostly ASCII text news is.
pub(crate) fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(&'t str) -> bool) {
    let b = text.as_bytes();
    // Whether the character at `i` (a character boundary) is alphabetic, and its length.
    let class = |i: usize| -> (bool, usize) {
        if b[i] < 0x80 {
            (b[i].is_ascii_alphabetic(), 1)
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            (c.is_alphabetic(), c.len_utf8())
        }
    };
    let mut i = 0;
    while i < b.len() {
        // ASCII between words (spaces, punctuation, digits) goes a byte at a time.
        if b[i] < 0x80 && !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let (alphabetic, len) = class(i);
        if !alphabetic {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        loop {
            // ASCII letters, nearly all of a word, in a tight loop; a non-ASCII byte is
            // decoded and classified.
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i == b.len() || b[i] < 0x80 {
                break;
            }
            let (alphabetic, len) = class(i);
            if !alphabetic {
                break;
            }
            i += len;
        }
        if !f(&text[start..i]) {
            return;
        }
    }
}

/// Bit 5 of each byte: set, it lowercases an ASCII letter (and leaves a lowercase one).
const ASCII_CASE_BITS: u64 = 0x2020_2020_2020_2020;

/// The bytes of the key that hold a word of `len` bytes (at most 8).
fn ascii_letter_mask(len: usize) -> u64 {
    if len >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    }
}

/// A word of at most 8 bytes as a table key: its bytes, little-endian, zero padded. Longer
/// words are no stopword.
fn pack(word: &[u8]) -> Option<u64> {
    if word.len() > 8 {
        return None;
    }
    // Shifted in byte by byte: a copy into a stack buffer read back as one u64 stalls on
    // store forwarding, once per word.
    Some(word.iter().rev().fold(0, |key, &b| key << 8 | u64::from(b)))
}

/// The five stopword lists, in vote order.
fn lists() -> [(&'static [&'static str], Language); 5] {
    [
        (EN, Language::English),
        (ES, Language::Spanish),
        (PT, Language::Portuguese),
        (FR, Language::French),
        (DE, Language::German),
    ]
}

/// Every stopword, packed into a key, with a bit per list that holds it (bit `i` for
/// `lists()[i]`): an open-addressing table, built once, so a word costs one multiply and
/// usually one comparison instead of a search in each of five lists.
struct StopwordTable {
    /// (key, lists) by slot; key 0 is an empty slot (no word packs to 0).
    slots: Vec<(u64, u8)>,
    shift: u32,
}

impl StopwordTable {
    fn build() -> Self {
        let words: usize = lists().iter().map(|(list, _)| list.len()).sum();
        // At most a quarter full: probes stay short.
        let bits = (words * 4).next_power_of_two().trailing_zeros();
        let mut table = StopwordTable {
            slots: vec![(0, 0); 1 << bits],
            shift: 64 - bits,
        };
        for (i, (list, _)) in lists().iter().enumerate() {
            for &word in *list {
                let key = pack(word.as_bytes()).expect("stopwords are at most 8 bytes");
                let mut slot = table.slot(key);
                while table.slots[slot].0 != 0 && table.slots[slot].0 != key {
                    slot = (slot + 1) & (table.slots.len() - 1);
                }
                table.slots[slot].0 = key;
                table.slots[slot].1 |= 1 << i;
            }
        }
        table
    }

    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    fn lookup(&self, key: u64) -> Option<u8> {
        let mut slot = self.slot(key);
        loop {
            match self.slots[slot] {
                (0, _) => return None,
                (k, lists) if k == key => return Some(lists),
                _ => slot = (slot + 1) & (self.slots.len() - 1),
            }
        }
    }
}

fn stopword_table() -> &'static StopwordTable {
    static TABLE: OnceLock<StopwordTable> = OnceLock::new();
    TABLE.get_or_init(StopwordTable::build)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The words `for_each_word` must give: what splitting at every non-alphabetic character
    /// gives, empty pieces dropped.
    fn words_by_split(text: &str) -> Vec<&str> {
        text.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect()
    }

    fn words_by_walk(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_word(text, |w| {
            out.push(w);
            true
        });
        out
    }

    #[test]
    fn walks_the_words_splitting_gives() {
        for text in [
            "",
            "   ",
            "The army, at 3 p.m.; said\nno.",
            "école été-là naïve",
            "Ĳssel 1990s x2y",
            "\u{212a}\u{212a}\u{212a}\u{212a} \u{1e9e}",
            "e\u{301}t\u{e9} \u{3b1}\u{3b2}\u{3b3}",
            "mot\u{a0}suivant\u{200b}fin",
        ] {
            assert_eq!(words_by_walk(text), words_by_split(text), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn walks_the_words_splitting_gives_on_any_text(text in "[a-zA-Z0-9 .,éÉßẞKΩ\u{301}\u{a0}\u{4e00}-\u{4e05}\u{10000}]{0,300}") {
            prop_assert_eq!(words_by_walk(&text), words_by_split(&text));
        }

        #[test]
        fn walks_the_words_of_mostly_ascii_text(text in "([a-zA-Z]{0,70}[ .,\n0-9]{0,3}){0,12}(é|\u{4e00})?([a-zA-Z]{0,70}[ .,]{0,2}){0,6}") {
            prop_assert_eq!(words_by_walk(&text), words_by_split(&text));
        }

        #[test]
        fn stops_when_told(text in "[a-z ]{0,200}", n in 1usize..30) {
            let mut seen = Vec::new();
            for_each_word(&text, |w| {
                seen.push(w);
                seen.len() < n
            });
            let all = words_by_split(&text);
            prop_assert_eq!(&seen[..], &all[..all.len().min(n)]);
        }
    }

    #[test]
    fn every_stopword_is_found_in_its_lists_whatever_its_case() {
        let mut lower = String::new();
        for (i, (list, _)) in lists().iter().enumerate() {
            for word in *list {
                for form in [word.to_string(), word.to_uppercase()] {
                    let lists = stopword_lists(&form, &mut lower);
                    assert!(lists >> i & 1 == 1, "{form}");
                }
            }
        }
        assert_eq!(stopword_lists("army", &mut lower), 0);
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [EN, ES, PT, FR, DE] {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "{:?}",
                list.windows(2).find(|w| w[0] >= w[1])
            );
        }
    }

    #[test]
    fn tells_the_five_apart() {
        assert_eq!(
            detect("The minister said that the army will stay on the border for months."),
            Language::English
        );
        assert_eq!(
            detect("El ministro dijo que el ejército se quedará en la frontera durante meses."),
            Language::Spanish
        );
        assert_eq!(detect("O ministro disse que o exército vai ficar na fronteira durante os próximos meses e não vai sair."), Language::Portuguese);
        assert_eq!(detect("Le ministre a dit que l'armée restera à la frontière pendant des mois avec les soldats."), Language::French);
        assert_eq!(detect("Der Minister sagte, dass die Armee noch monatelang an der Grenze bleiben wird und nicht geht."), Language::German);
        assert_eq!(
            detect("Министр сказал, что армия останется на границе."),
            Language::Other
        );
        assert_eq!(detect(""), Language::Other);
    }
}
