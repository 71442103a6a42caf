//! Decides the document language from its words, once, after encoding repair.
//!
//! Only the languages whose conventions passes depend on are told apart (English, Spanish,
//! Portuguese, French, German); everything else is `Other`. The method is stopword counting
//! over the first few thousand words: cheap, deterministic and good enough for whole
//! articles. The word lists live in `language_words.rs`.

use crate::language_words::{DE, EN, ES, FR, PT};

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
    let lists: [(&[&str], Language); 5] = [
        (EN, Language::English),
        (ES, Language::Spanish),
        (PT, Language::Portuguese),
        (FR, Language::French),
        (DE, Language::German),
    ];
    let mut votes = [0usize; 5];
    let mut lower = String::new();
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
    {
        if word.len() > 12 {
            continue;
        }
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        for (i, (list, _)) in lists.iter().enumerate() {
            if list.binary_search(&lower.as_str()).is_ok() {
                votes[i] += 1;
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
