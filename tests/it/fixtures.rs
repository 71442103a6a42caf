//! Every raw article under `fixtures/` is cleaned with the default configuration; its cleaned
//! text and its JSON report are snapshots (reviewed by hand when they change), and the edit
//! round trip and idempotence are checked on each.

use newsclean::edit::{apply, are_well_formed};
use newsclean::report::ArticleReport;
use newsclean::{clean_decoded, decode, Config};
use std::path::Path;

#[test]
fn fixtures_snapshots_and_invariants() {
    insta::glob!("../../fixtures", "**/*.txt", |path| {
        let bytes = std::fs::read(path).unwrap();
        let decoded = decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let article = clean_decoded(&decoded, &Config::new());
        assert!(
            are_well_formed(&article.edits, &decoded.text),
            "{}",
            path.display()
        );
        assert_eq!(
            apply(&decoded.text, &article.edits),
            article.text,
            "{}: applying the report's edits does not give the cleaned text",
            path.display()
        );
        let again = newsclean::clean(&article.text, &Config::new());
        assert_eq!(
            again.text,
            article.text,
            "{}: not idempotent",
            path.display()
        );
        let name = fixture_name(path);
        insta::assert_snapshot!(format!("{name}.cleaned"), article.text);
        let report = ArticleReport {
            path: &name,
            article: &article,
        };
        insta::assert_json_snapshot!(format!("{name}.report"), report);
    });
}

/// The fixture's path under `fixtures/`, as a snapshot name.
fn fixture_name(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.rsplit_once("fixtures/")
        .map_or(s.clone(), |(_, rest)| rest.to_owned())
}
