//! Decides the document language from its words, once, after encoding repair.
//!
//! Only the languages whose conventions passes depend on are told apart (English, Spanish,
//! Portuguese, French, German); everything else is `Other`. The method is stopword counting
//! over the first few thousand words: cheap, deterministic and good enough for whole
//! articles. The word lists live in `language_words.rs`.

use crate::language_words::{DE, EN, ES, FR, PT};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
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
const MAX_WORDS: usize = 3000;
/// Fewer stopword hits than this and the text is too short or not one of the five.
const MIN_HITS: usize = 3;

/// Detects the language of `text` by stopword votes.
pub fn detect(text: &str) -> Language {
    let lists = lists();
    let table = stopword_table();
    let mut votes = [0usize; 5];
    let mut lower = String::new();
    let mut ascii = [0u8; 12];
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
    {
        if word.len() > 12 {
            continue;
        }
        // ASCII words (nearly all) are lowercased on the stack; others through a reused
        // buffer. One table lookup then says which lists hold the word.
        let key = if word.is_ascii() {
            let buf = &mut ascii[..word.len()];
            buf.copy_from_slice(word.as_bytes());
            buf.make_ascii_lowercase();
            std::str::from_utf8(buf).unwrap_or_default()
        } else {
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            lower.as_str()
        };
        if let Some(&member) = table.get(key) {
            for (i, vote) in votes.iter_mut().enumerate() {
                *vote += usize::from(member >> i & 1);
            }
        }
    }
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
        lists[best].1
    } else {
        Language::Other
    }
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

/// Every stopword with a bit per list that holds it (bit `i` for `lists()[i]`), built once:
/// one hash lookup per word instead of a binary search in each of five lists.
fn stopword_table() -> &'static HashMap<&'static str, u8, BuildHasherDefault<WordHasher>> {
    static TABLE: OnceLock<HashMap<&'static str, u8, BuildHasherDefault<WordHasher>>> =
        OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::default();
        for (i, (list, _)) in lists().iter().enumerate() {
            for &word in *list {
                *table.entry(word).or_insert(0) |= 1 << i;
            }
        }
        table
    })
}

/// A small multiplicative hash (FxHash's): the keys are short stopwords, not attacker
/// controlled in a way that matters (a collision only costs a comparison).
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
