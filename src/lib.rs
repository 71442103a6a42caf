//! newsclean: a cleaner for raw scraped news text.
//!
//! The library turns one article's text into an [`Article`]: the cleaned text, metadata lifted
//! out of the body, diagnostics located in the input, and the composed edits such that
//! applying them to the input gives exactly the cleaned text. It never prints and never
//! touches files; the binary (`main.rs`, `cli.rs`, `report/`, `batch.rs`) does that.
//!
//! ```
//! let article = newsclean::clean("Hello  world.  \n\n\n", &newsclean::Config::new());
//! assert_eq!(article.text, "Hello world.\n");
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod article;
pub mod batch;
pub mod binary;
pub mod cli;
mod commands;
pub mod config;
pub mod config_file;
pub mod dates;
mod dates_data;
pub mod edit;
pub mod huge_pages;
pub mod input;
pub mod json_string;
pub mod language;
mod language_update;
mod language_words;
pub mod lines;
pub mod pass;
pub mod passes;
pub mod pipeline;
pub mod report;
mod reported;
pub mod rescan;
pub mod rules;
pub mod scan;

pub use article::{Article, Caption, Dateline, Diagnostic, Metadata};
pub use config::Config;
pub use edit::Edit;
pub use input::{decode, DecodeError, Decoded};
pub use rules::{Rule, Severity};

use std::sync::OnceLock;

/// The standard pipeline, built once per process.
pub fn pipeline() -> &'static pipeline::Pipeline {
    static PIPELINE: OnceLock<pipeline::Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(pipeline::Pipeline::standard)
}

/// Cleans one article given as text (already decoded).
pub fn clean(text: &str, config: &Config) -> Article {
    pipeline().run(text, "utf-8", config)
}

/// Cleans one decoded input, keeping the encoding it was read as in the report.
pub fn clean_decoded(decoded: &Decoded, config: &Config) -> Article {
    clean_decoded_keeping(decoded, config, pipeline::Keep::Diagnostics)
}

/// `clean_decoded`, keeping of the findings what `keep` says.
pub fn clean_decoded_keeping(decoded: &Decoded, config: &Config, keep: pipeline::Keep) -> Article {
    let mut article = pipeline().run_keeping(&decoded.text, decoded.encoding, config, keep);
    passes::legacy_encoding::report_decoding(decoded, config, &mut article);
    article
}

/// `clean_decoded_keeping` on an input the caller gives up: with `Keep::Counts`, the passes
/// rewrite its text in place instead of a copy (`Pipeline::run_owned`).
pub fn clean_decoded_owned(mut decoded: Decoded, config: &Config, keep: pipeline::Keep) -> Article {
    // The decoding's findings read the decoded text, so they are made before it is given up.
    let decoding = passes::legacy_encoding::decoding_diagnostics(&decoded, config);
    let text = std::mem::take(&mut decoded.text);
    let mut article = pipeline().run_owned(text, decoded.encoding, config, keep);
    passes::legacy_encoding::add_decoding_diagnostics(&mut article, decoding);
    article
}

/// Helpers for the passes' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    /// Cleans `text` with only `rules` on (names, codes or families), so that a pass's unit
    /// tests see its own effect and no other pass's.
    pub fn clean_only(rules: &[&str], text: &str) -> crate::Article {
        let select: Vec<String> = rules.iter().map(|r| r.to_string()).collect();
        let config = crate::Config::new().with_selection(&select, &[]).unwrap();
        crate::clean(text, &config)
    }
}
