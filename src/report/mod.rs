//! Report renderers, one file per format, behind one `Renderer` trait: the check command
//! feeds each article as it is done and calls `finish` at the end (formats that wrap all
//! articles in one document, like JSON arrays, write their closing part there).

use crate::article::Article;
use serde::Serialize;
use std::io::{self, Write};

pub mod concise;
pub mod full;
pub mod github;
pub mod json;
pub mod junit;
pub mod sanitize;
pub mod sarif;
pub mod statistics;

/// One article's report as the contract shapes it: the path, then the article's fields.
#[derive(Serialize)]
pub struct ArticleReport<'a> {
    pub path: &'a str,
    #[serde(flatten)]
    pub article: &'a Article,
}

/// The report of one JSON Lines record, written apart from the records (`--report FILE`):
/// the stream's path and the record's 1-based line, then the article's fields.
#[derive(Serialize)]
pub struct RecordReport<'a> {
    pub path: &'a str,
    pub line: usize,
    #[serde(flatten)]
    pub article: &'a Article,
}

/// The input an article came from, for renderers that quote it.
pub struct Reported<'a> {
    pub path: &'a str,
    /// The decoded input text (report offsets point into it).
    pub input: &'a str,
    pub article: &'a Article,
}

pub trait Renderer {
    fn article(&mut self, out: &mut dyn Write, item: &Reported<'_>) -> io::Result<()>;
    fn finish(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// Writes one article report as a JSON line.
pub fn write_jsonl(out: &mut dyn Write, path: &str, article: &Article) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &ArticleReport { path, article })?;
    out.write_all(b"\n")
}
