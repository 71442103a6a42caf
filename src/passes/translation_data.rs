//! Word lists for the translation-artifact passes, per language: function words that start a
//! clause (and so come out capitalized when emphasis markup or a quote was lost before
//! machine translation), verbs of saying, names whose article is part of the name (`The
//! Hague`, `La Paz`) and names that take a lower-case article (`the United States`), and the
//! words that make a short sentence more than a fragment. Lists are lower case and sorted in
//! byte order for binary search; a test checks the order.

use crate::language::Language;

/// Function words that begin a clause, by language.
pub fn function_words(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::English => &[
            "a",
            "according",
            "after",
            "although",
            "an",
            "as",
            "at",
            "before",
            "during",
            "following",
            "for",
            "he",
            "her",
            "his",
            "however",
            "if",
            "in",
            "it",
            "its",
            "moreover",
            "on",
            "our",
            "she",
            "since",
            "that",
            "the",
            "their",
            "there",
            "these",
            "they",
            "this",
            "those",
            "we",
            "when",
            "while",
            "with",
        ],
        Language::Spanish => &[
            "al", "con", "de", "del", "el", "en", "es", "esta", "este", "la", "las", "los", "para",
            "por", "se", "su", "sus", "un", "una",
        ],
        Language::Portuguese => &[
            "a", "ao", "as", "com", "da", "de", "do", "em", "essa", "esse", "esta", "este", "na",
            "no", "o", "os", "para", "por", "se", "um", "uma",
        ],
        Language::French => &[
            "au", "ce", "cette", "dans", "de", "des", "du", "elle", "il", "la", "le", "les",
            "pour", "un", "une",
        ],
        // Capitalized nouns after an article are normal German, so only the article itself
        // (followed by a lower-case word) is looked at; `Sie` and `Ihr` are polite forms.
        Language::German => &[
            "das", "dem", "den", "der", "des", "die", "ein", "eine", "einem", "einen", "einer",
        ],
        Language::Other => &[],
    }
}

/// Verbs of saying: a clause after them is reported speech, not a new sentence.
pub fn saying_verbs(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::English => &[
            "added",
            "admitted",
            "affirmed",
            "announced",
            "argued",
            "asserted",
            "assured",
            "believes",
            "claimed",
            "declared",
            "emphasized",
            "explained",
            "indicated",
            "insisted",
            "noted",
            "recalled",
            "recalls",
            "reiterated",
            "replied",
            "reported",
            "said",
            "says",
            "stated",
            "stressed",
            "told",
            "warned",
        ],
        Language::Spanish => &[
            "advirtió",
            "afirmó",
            "agregó",
            "aseguró",
            "añadió",
            "declaró",
            "dijo",
            "explicó",
            "indicó",
            "recordó",
            "señaló",
            "sostuvo",
        ],
        Language::Portuguese => &[
            "acrescentou",
            "afirmou",
            "declarou",
            "destacou",
            "disse",
            "explicou",
            "garantiu",
            "lembrou",
            "ressaltou",
        ],
        Language::French => &["affirmé", "ajouté", "dit", "déclaré", "expliqué", "rappelé"],
        Language::German => &["betonte", "erklärte", "sagte"],
        Language::Other => &[],
    }
}

/// Names that take a lower-case article in running text although their words are
/// capitalized: after a comma `The United States` is a stray capital, `The Hague` is not.
/// Each entry is the words after the article.
pub fn lower_article_names(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::English => &[
            "European Union",
            "Kremlin",
            "Pentagon",
            "Russian Federation",
            "United Kingdom",
            "United Nations",
            "United States",
            "White House",
        ],
        Language::Spanish => &["Estados Unidos", "Gobierno", "Reino Unido", "Unión Europea"],
        Language::Portuguese => &["Estados Unidos", "Governo", "Reino Unido", "União Europeia"],
        _ => &[],
    }
}

/// Names whose article is part of the name; never reported even when listed above would
/// match a prefix (`The United States Army` is still `the`, but `The Hague` stays).
pub const ARTICLE_NAMES: &[&str] = &[
    "El Paso",
    "El Salvador",
    "La Paz",
    "La Rioja",
    "Las Vegas",
    "Los Angeles",
    "The Beatles",
    "The Economist",
    "The Guardian",
    "The Hague",
    "The New York Times",
    "The Times",
    "The Wall Street Journal",
    "The Washington Post",
];

/// Words that make a short sentence a clause (verbs and sentence words like `yes`), so a
/// sentence holding one is not a dangling fragment.
pub const CLAUSE_WORDS: &[&str] = &[
    "absolutely",
    "agreed",
    "am",
    "amen",
    "are",
    "be",
    "been",
    "can",
    "could",
    "did",
    "do",
    "does",
    "exactly",
    "go",
    "goodbye",
    "had",
    "has",
    "have",
    "he",
    "hello",
    "i",
    "is",
    "it",
    "look",
    "may",
    "might",
    "must",
    "no",
    "not",
    "now",
    "ok",
    "okay",
    "please",
    "right",
    "said",
    "says",
    "see",
    "she",
    "should",
    "sorry",
    "stop",
    "thank",
    "thanks",
    "they",
    "wait",
    "was",
    "we",
    "well",
    "were",
    "what",
    "why",
    "will",
    "would",
    "yes",
    "you",
];

pub fn contains(list: &[&str], word_lower: &str) -> bool {
    list.binary_search(&word_lower).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted() {
        let langs = [
            Language::English,
            Language::Spanish,
            Language::Portuguese,
            Language::French,
            Language::German,
        ];
        let mut lists: Vec<&[&str]> = vec![CLAUSE_WORDS];
        for l in langs {
            lists.push(function_words(l));
            lists.push(saying_verbs(l));
        }
        for list in lists {
            for w in list.windows(2) {
                assert!(w[0] < w[1], "{} >= {}", w[0], w[1]);
            }
            for w in list.iter() {
                assert_eq!(w.to_lowercase(), *w);
            }
        }
    }
}
