//! `--format json` (one array of article reports) and `--format jsonl` (one report per line),
//! exactly the report contract of `../shared/DESIGN.md`.

use super::{write_jsonl, ArticleReport, Renderer, Reported};
use std::io::{self, Write};

/// One JSON array, written as the articles come so memory stays bounded.
#[derive(Default)]
pub struct JsonArray {
    started: bool,
}

impl Renderer for JsonArray {
    fn article(&mut self, out: &mut dyn Write, item: &Reported<'_>) -> io::Result<()> {
        out.write_all(if self.started { b",\n" } else { b"[\n" })?;
        self.started = true;
        let report = ArticleReport {
            path: item.path,
            article: item.article,
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.started { b"\n]\n" } else { b"[]\n" })
    }
}

pub struct JsonLines;

impl Renderer for JsonLines {
    fn article(&mut self, out: &mut dyn Write, item: &Reported<'_>) -> io::Result<()> {
        write_jsonl(out, item.path, item.article)
    }
}
