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
        crate::invariants::check_counts_run(&decoded.text, &Config::new())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = fixture_name(path);
        insta::assert_snapshot!(format!("{name}.cleaned"), article.text);
        let report = ArticleReport {
            path: &name,
            article: &article,
        };
        insta::assert_json_snapshot!(format!("{name}.report"), report);
    });
}

/// All fixtures as one stream (as `newsclean clean < dump.txt` reads a dump), joined in a few
/// ways: articles next to each other, the benchmark's shape, keep every invariant.
#[test]
fn the_fixtures_as_one_stream_keep_every_invariant() {
    let mut texts = Vec::new();
    for entry in glob_fixtures(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .as_path(),
    ) {
        let bytes = std::fs::read(&entry).unwrap();
        if let Ok(decoded) = decode(&bytes) {
            texts.push(decoded.text);
        }
    }
    assert!(texts.len() > 20, "the fixtures are missing");
    for (joint, unsafe_fixes) in [("\n\n", false), ("\n", true), ("\n \n\n\n", false)] {
        let stream = texts.join(joint);
        let config = Config::new().with_unsafe_fixes(unsafe_fixes);
        crate::invariants::check(&stream, &config)
            .unwrap_or_else(|e| panic!("fixtures joined by {joint:?}: {e}"));
    }
}

/// Every `.txt` file under `dir`, sorted.
fn glob_fixtures(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The fixture's path under `fixtures/`, as a snapshot name.
fn fixture_name(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.rsplit_once("fixtures/")
        .map_or(s.clone(), |(_, rest)| rest.to_owned())
}
