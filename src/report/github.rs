//! `--format github`: GitHub Actions workflow commands, one per finding, which GitHub shows as
//! annotations on the pull request's files:
//! `::error title=newsclean (CODE),file=PATH,line=L,col=C,endLine=L2,endColumn=C2::MESSAGE`.
//! Columns are left out when the range spans lines (GitHub ignores them then). Values are
//! escaped as the workflow-command rules say (`%`, CR, LF everywhere; `:` and `,` in
//! properties), after unsafe characters are made visible.

use super::sanitize::sanitize;
use super::{Renderer, Reported};
use crate::rules::Severity;
use std::io::{self, Write};

pub struct Github;

impl Renderer for Github {
    fn article(&mut self, out: &mut dyn Write, item: &Reported<'_>) -> io::Result<()> {
        let file = property(item.path);
        for d in &item.article.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let title = property(&format!("newsclean ({})", d.code));
            write!(
                out,
                "::{command} title={title},file={file},line={}",
                d.location.line
            )?;
            if d.end_location.line == d.location.line {
                write!(
                    out,
                    ",col={},endLine={},endColumn={}",
                    d.location.column, d.end_location.line, d.end_location.column
                )?;
            } else {
                write!(out, ",endLine={}", d.end_location.line)?;
            }
            writeln!(out, "::{}", data(&format!("{}: {}", d.name, d.message)))?;
        }
        Ok(())
    }
}

/// A command's message: `%`, CR and LF escaped.
fn data(s: &str) -> String {
    sanitize(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which separate properties.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(data("50% off\nnow"), "50%25 off\\nnow");
        assert_eq!(property("a,b:c%"), "a%2Cb%3Ac%25");
    }
}
