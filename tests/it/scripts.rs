//! The script rules (stray-script, mixed-script-word) on the seed article, on lines shaped
//! like real machine-translation output, and the property that ASCII text never raises one.

use newsclean::{clean, Config};
use proptest::prelude::*;

fn script_findings(article: &newsclean::Article) -> Vec<&newsclean::article::Diagnostic> {
    article
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with('S'))
        .collect()
}

#[test]
fn seed_article_loses_the_tamil_word_and_reports_one_error_on_it() {
    let raw = std::fs::read_to_string("fixtures/000_6acf8a639d1bd296.txt").unwrap();
    let article = clean(&raw, &Config::new());
    let found = script_findings(&article);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = found[0];
    assert_eq!((d.code, d.name), ("S201", "stray-script"));
    assert_eq!(d.severity.as_str(), "error");
    assert_eq!(&raw[d.byte_range.clone()], "அது");
    assert!(d.message.contains("Tamil") && d.message.contains("அது"));
    let fix = d.fix.as_ref().expect("a fix");
    assert!(fix.applied);
    assert_eq!(fix.edits.len(), 1);
    assert_eq!(&raw[fix.edits[0].byte_range.clone()], " அது");
    assert!(!article.text.contains('அ'));
    // The caption is otherwise intact; the structure passes lift it, credit apart, into the
    // metadata, and the Tamil word is not carried there either.
    let caption = article
        .metadata
        .captions
        .iter()
        .find(|c| c.credit.as_deref() == Some("REUTERS / Manaure Quintero"))
        .expect("the caption with the Quintero credit");
    assert!(
        caption.text.ends_with(
            "did not explain the reason for the Russian plane’s arrival or who boarded it."
        ),
        "{:?}",
        caption.text
    );
    assert!(!caption.text.contains('அ'));
}

#[test]
fn machine_translation_leftovers_are_found() {
    let cases = [
        (
            "Vladimir Tarasenko with a pass Artemi Panarin, Kaapo Какко, Vincent Trocek, \
             Jacob Trouba scored.\n",
            "S201",
            "Какко",
        ),
        (
            "Former Argentina international Эрнан Crespo commented on the move.\n",
            "S201",
            "Эрнан",
        ),
        (
            "Ukrainian \"Shchedрик\" sounded in the legendary concert hall.\n",
            "S202",
            "Shchedрик",
        ),
    ];
    for (text, code, token) in cases {
        let article = clean(text, &Config::new());
        let found = script_findings(&article);
        assert_eq!(found.len(), 1, "{text}: {found:#?}");
        assert_eq!(found[0].code, code, "{text}");
        assert_eq!(&text[found[0].byte_range.clone()], token, "{text}");
        assert_eq!(found[0].severity.as_str(), "warning", "{text}");
        // Names and half-transliterated words are never changed by default.
        assert!(article.text.contains(token), "{text}");
        let fix = found[0].fix.as_ref().expect("an unsafe fix is offered");
        assert!(!fix.applied);
        assert_eq!(fix.applicability.as_str(), "unsafe");
    }
}

#[test]
fn unsafe_fixes_transliterate_names() {
    let mut config = Config::new();
    config.unsafe_fixes = true;
    let article = clean("Kaapo Какко scored twice.\n", &config);
    assert_eq!(article.text, "Kaapo Kakko scored twice.\n");
}

#[test]
fn a_script_used_on_purpose_elsewhere_is_not_stray() {
    // The same Cyrillic name bare once and glossed once: the gloss introduces the script.
    let text = "Alexei Navalny (Алексей Навальный) spoke. Later Навальный left.\n";
    assert!(script_findings(&clean(text, &Config::new())).is_empty());
}

/// Tokens that exercise the script rules: Latin words, stray fragments and names, glosses,
/// quotes, credits, Greek symbols and homoglyph words, with spaces, punctuation and breaks.
fn script_token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "the",
        "Plane",
        "boarded",
        "it.",
        "அது",
        "அது.",
        "है",
        "Какко",
        "и",
        "со",
        "Эрнан",
        "Crespo",
        "pаypal",
        "Shchedрик",
        "Москвa",
        "(Алексей",
        "Навальный)",
        "\"Лента.ру\"",
        "α-synuclein",
        "μm",
        "(REUTERS / Jane Roe)",
        "Photo:",
        "😀",
        "،",
        "।",
        "ー",
        "東京",
        "\n",
        "\n\n",
        " ",
        ",",
        "«",
        "»",
        "\r\n",
        "\u{a0}",
    ])
}

proptest! {
    #[test]
    fn script_fixes_are_idempotent_and_round_trip(
        tokens in prop::collection::vec(script_token(), 0..40),
    ) {
        let text = tokens.join(" ");
        for unsafe_fixes in [false, true] {
            let mut config = Config::new();
            config.unsafe_fixes = unsafe_fixes;
            let article = clean(&text, &config);
            prop_assert!(newsclean::edit::are_well_formed(&article.edits, &text));
            prop_assert_eq!(&newsclean::edit::apply(&text, &article.edits), &article.text);
            let again = clean(&article.text, &config);
            prop_assert_eq!(&again.text, &article.text, "not idempotent on {:?}", text);
        }
    }

    #[test]
    fn ascii_never_raises_a_script_finding(text in "[ -~\n]{0,200}") {
        let article = clean(&text, &Config::new());
        prop_assert!(script_findings(&article).is_empty());
    }

    #[test]
    fn ascii_words_with_one_foreign_letter_are_found(
        pre in "[a-z]{2,6}",
        post in "[a-z]{2,6}",
    ) {
        // The counterpart of the ASCII property: the same words with one Cyrillic look-alike
        // inside are reported, so the property above cannot hold by silence alone.
        let text = format!("The word {pre}\u{0430}{post} is here.\n");
        let article = clean(&text, &Config::new());
        let found = script_findings(&article);
        prop_assert_eq!(found.len(), 1);
        prop_assert_eq!(found[0].code, "S202");
        prop_assert_eq!(article.text, format!("The word {pre}a{post} is here.\n"));
    }
}
