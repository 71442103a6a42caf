//! The punctuation and translation passes: the seed article's bars, and a property test that
//! the punctuation passes are idempotent and keep the edit round trip on punctuation-heavy
//! text in English and French.

use newsclean::edit::{apply, are_well_formed};
use newsclean::{clean, Config};
use proptest::prelude::*;

const SEED: &str = include_str!("../../fixtures/000_6acf8a639d1bd296.txt");

fn codes_at(article: &newsclean::Article, code: &str) -> Vec<String> {
    article
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| article_slice(d.byte_range.clone()))
        .collect()
}

fn article_slice(r: std::ops::Range<usize>) -> String {
    SEED[r].to_owned()
}

#[test]
fn seed_punctuation_is_repaired_safely() {
    let article = clean(SEED, &Config::new());
    let text = &article.text;
    assert!(text.contains("Venezuela and Cuba. This was stated"));
    assert!(!text.contains("Cuba.."));
    assert!(text.contains("deal with it decisively.” Sullivan said."));
    assert!(text.contains("open aggression,” Sullivan told reporters"));
    // Mid-sentence capitals are reported but not changed without --unsafe-fixes.
    assert!(text.contains("For its part, The United States"));
    assert!(text.contains("Molano recalls The entire border"));
    let capitals = codes_at(&article, "T601");
    for word in ["It", "The", "The", "The"] {
        assert!(capitals.iter().any(|c| c == word), "{capitals:?}");
    }
    assert_eq!(codes_at(&article, "T602"), vec!["Blue radio.".to_owned()]);
}

#[test]
fn seed_capitals_are_lowered_with_unsafe_fixes() {
    let config = Config::new().with_unsafe_fixes(true);
    let text = clean(SEED, &config).text;
    for want in [
        "thanks to Colombian intelligence operations, it has been known",
        "For its part, the United States has promised",
        "Molano recalls the entire border",
        "Moreover, Sullivan said the United States does not",
    ] {
        assert!(text.contains(want), "missing {want:?}");
    }
    // Names keep their capitals.
    assert!(text.contains("between the United States, its Western allies"));
    assert!(text.contains("White House National Security Adviser"));
}

fn punctuation_config(lang: &str) -> Config {
    let mut config = Config::new()
        .with_selection(&["punctuation".into(), "translation".into()], &[])
        .unwrap()
        .with_unsafe_fixes(true);
    config.language = Some(lang.into());
    config
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn punctuation_passes_are_idempotent(
        input in "([A-Za-z]{1,6}|The|It|said|U\\.S\\.|[ .,;:!?“”‘’\"«»…()]|\n\n?|\u{a0}|é){0,40}",
        french in any::<bool>(),
    ) {
        let config = punctuation_config(if french { "fr" } else { "en" });
        let article = clean(&input, &config);
        prop_assert!(are_well_formed(&article.edits, &input));
        prop_assert_eq!(apply(&input, &article.edits), article.text.clone());
        let again = clean(&article.text, &config);
        prop_assert_eq!(&again.text, &article.text, "not idempotent");
    }
}
