//! `--format concise`: one line per finding, `path:line:col: CODE name message`, the shape
//! editors and grep-based tooling parse.

use super::sanitize::sanitize;
use super::{Renderer, Reported};
use std::io::{self, Write};

pub struct Concise;

impl Renderer for Concise {
    fn article(&mut self, out: &mut dyn Write, item: &Reported<'_>) -> io::Result<()> {
        for d in &item.article.diagnostics {
            writeln!(
                out,
                "{}:{}:{}: {} {} {}",
                sanitize(item.path),
                d.location.line,
                d.location.column,
                d.code,
                d.name,
                sanitize(&d.message)
            )?;
        }
        Ok(())
    }
}
