//! Structure rules (M301-M308): the seed article's bars and explicit metadata expectations
//! for a few of the hand-written fixtures under `fixtures/structure/`, beside their snapshots.

use newsclean::{clean, decode, Article, Config};

fn fixture(name: &str) -> (String, Article) {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    let decoded = decode(&bytes).unwrap();
    let article = newsclean::clean_decoded(&decoded, &Config::new());
    (decoded.text, article)
}

#[test]
fn seed_article_bars() {
    let (input, a) = fixture("000_6acf8a639d1bd296.txt");
    let m = &a.metadata;
    assert_eq!(m.date.as_deref(), Some("2022-01-14"));
    let credits: Vec<_> = m
        .captions
        .iter()
        .filter_map(|c| c.credit.as_deref())
        .collect();
    assert!(
        credits.contains(&"REUTERS / Manaure Quintero"),
        "{credits:?}"
    );
    assert!(credits.contains(&"REUTERS / Maksim Levin"), "{credits:?}");
    assert!(m.captions.iter().any(|c| c
        .text
        .starts_with("Photo by Colombian Defense Minister Diego Molano")));
    assert_eq!(m.sources, ["EuropaPress", "AP"]);
    // Every metadata text is taken from the input.
    for c in &m.captions {
        assert!(input.contains(&c.text), "{:?}", c.text);
    }
    // The body keeps every news paragraph and loses the header, captions and trailer.
    // Paragraphs are matched by their opening words: later passes fix punctuation inside them.
    for para in input.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let is_structure = para.starts_with("date ")
            || para.starts_with("File")
            || para.starts_with("With information");
        let opening: String = para.chars().take(40).collect();
        assert_eq!(
            a.text.contains(&opening),
            !is_structure,
            "paragraph {:?}",
            &para[..40.min(para.len())]
        );
    }
    // "this Friday" matches the date: no date-mismatch warning.
    assert!(a.diagnostics.iter().all(|d| d.name != "date-mismatch"));
}

#[test]
fn caption_text_does_not_depend_on_the_stray_word() {
    // The seed's caption carries a stray Tamil word that the script rules remove in their own
    // pass; with or without it the caption text is the same.
    let with = "Lead.\n\nFile photo: Soldiers guard a plane. அது (REUTERS / Jane Roe)\n\nMore text here.\n";
    let without =
        "Lead.\n\nFile photo: Soldiers guard a plane. (REUTERS / Jane Roe)\n\nMore text here.\n";
    let cap = |s: &str| clean(s, &Config::new()).metadata.captions[0].text.clone();
    assert_eq!(cap(with), "Soldiers guard a plane.");
    assert_eq!(cap(without), "Soldiers guard a plane.");
}

#[test]
fn fixture_metadata() {
    let (_, a) = fixture("structure/es_10_header_and_dated_dateline.txt");
    let d = a.metadata.dateline.as_ref().unwrap();
    assert_eq!(
        (d.place.as_deref(), d.agency.as_deref(), d.date.as_deref()),
        (Some("Bruselas"), Some("EFE"), Some("2021-10-07"))
    );
    assert_eq!(a.metadata.date.as_deref(), Some("2021-10-08"));

    let (_, a) = fixture("structure/en_07_byline_agency.txt");
    assert_eq!(a.metadata.bylines, ["Jane Doe", "John Roe"]);
    assert_eq!(a.metadata.sources, ["Reuters"]);

    let (_, a) = fixture("structure/en_03_header_ambiguous.txt");
    assert_eq!(a.metadata.date, None);
    assert!(a
        .metadata
        .date_note
        .as_deref()
        .unwrap()
        .contains("undecidable"));

    let (_, a) = fixture("structure/es_05_trailer_con_info.txt");
    assert_eq!(a.metadata.sources, ["AFP", "EFE", "Reuters"]);
}

#[test]
fn negative_fixtures_change_nothing() {
    for name in [
        "neg_01_von_roll.txt",
        "neg_02_by_sentence.txt",
        "neg_03_mentions_reuters_photo.txt",
        "neg_04_read_more_sentence.txt",
        "neg_05_title_dash.txt",
        "neg_06_published_sentence.txt",
        "es_09_neg_por_sentence.txt",
        "fr_07_neg_par_sentence.txt",
        "de_09_neg_von_sentence.txt",
    ] {
        let (input, a) = fixture(&format!("structure/{name}"));
        assert_eq!(a.text, input, "{name}");
        assert!(
            a.diagnostics.iter().all(|d| !d.code.starts_with('M')),
            "{name}: {:?}",
            a.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
    }
}

#[test]
fn tricky_inputs_are_idempotent() {
    for input in [
        "ap\u{feff}",
        ".\nap\u{feff}",
        "AP\n",
        "By Jane Doe\n",
        "14/01/2022\n",
        "Advertisement\nRead more\n",
        "A\n\nREUTER\n Reuter\n&#3;",
        "Canadian Press - OTTAWA (CP) - Paul Martin spoke.\n",
        "The talks went on\nAdvertisement\nShare this article\n",
    ] {
        let once = clean(input, &Config::new()).text;
        let twice = clean(&once, &Config::new()).text;
        assert_eq!(once, twice, "{input:?}");
    }
}
