//! `--format full` (the default): rustc-like blocks with the code, name and message, the
//! location, the input line with the span underlined, and what happened to the fix. Long
//! lines are cut to a window around the span; unsafe characters are escaped and the
//! underline follows the escaped text.

use super::sanitize::{escape, sanitize};
use super::{Renderer, Reported};
use crate::article::Diagnostic;
use crate::lines::LineIndex;
use crate::rules::FixSafety;
use std::io::{self, Write};

/// Characters of context shown on each side of a span on long lines.
const CONTEXT: usize = 40;
/// Lines up to this many characters are shown whole.
const MAX_LINE: usize = 120;
/// On longer lines, at most this many characters of a span are shown and underlined.
const MAX_SPAN: usize = 3 * CONTEXT;

pub struct Full;

impl Renderer for Full {
    fn article(&mut self, out: &mut dyn Write, item: &Reported<'_>) -> io::Result<()> {
        if item.article.diagnostics.is_empty() {
            return Ok(());
        }
        let index = LineIndex::new(item.input);
        for d in &item.article.diagnostics {
            render(out, item, &index, d)?;
        }
        Ok(())
    }
}

fn render(
    out: &mut dyn Write,
    item: &Reported<'_>,
    index: &LineIndex,
    d: &Diagnostic,
) -> io::Result<()> {
    writeln!(
        out,
        "{}[{}] {}: {}",
        d.severity,
        d.code,
        d.name,
        sanitize(&d.message)
    )?;
    writeln!(
        out,
        "  --> {}:{}:{}",
        sanitize(item.path),
        d.location.line,
        d.location.column
    )?;
    let line_no = d.location.line;
    let gutter = line_no.to_string().len();
    let range = index.line_range(item.input, line_no - 1);
    let line = &item.input[range.clone()];
    let start = d.byte_range.start.clamp(range.start, range.end) - range.start;
    let end = d.byte_range.end.clamp(range.start, range.end) - range.start;
    let (shown, caret_at, caret_len) = excerpt(line, start, end);
    writeln!(out, "{:gutter$} |", "")?;
    writeln!(out, "{line_no:>gutter$} | {shown}")?;
    let more = if d.end_location.line > line_no {
        format!(" (to line {})", d.end_location.line)
    } else {
        String::new()
    };
    writeln!(
        out,
        "{:gutter$} | {}{}{more}",
        "",
        " ".repeat(caret_at),
        "^".repeat(caret_len.max(1))
    )?;
    if let Some(fix) = &d.fix {
        let note = match (fix.applicability, fix.applied) {
            (FixSafety::Safe, true) => "safe fix applied".to_owned(),
            (FixSafety::Unsafe, true) => "unsafe fix applied (--unsafe-fixes)".to_owned(),
            (FixSafety::Unsafe, false) => "unsafe fix available with --unsafe-fixes".to_owned(),
            (_, false) => "fix not applied: it overlaps another fix".to_owned(),
            (FixSafety::None, true) => "fix applied".to_owned(),
        };
        writeln!(out, "{:gutter$} = {note}", "")?;
    }
    writeln!(out)
}

/// The part of `line` to show, escaped, and where the underline of bytes `start..end` falls
/// in it (in displayed characters). Only the characters near the span are looked at, so a
/// finding on a line of hundreds of megabytes costs what one on a short line does.
fn excerpt(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let short =
        line.len() <= MAX_LINE || (line.len() <= 4 * MAX_LINE && line.chars().count() <= MAX_LINE);
    let (from, to, end) = if short {
        (0, line.len(), end)
    } else {
        let from = line[..start]
            .char_indices()
            .rev()
            .nth(CONTEXT - 1)
            .map_or(0, |(i, _)| i);
        // A span longer than a screen line is underlined in part.
        let end = line[start..end]
            .char_indices()
            .nth(MAX_SPAN)
            .map_or(end, |(i, _)| start + i);
        let to = line[end..]
            .char_indices()
            .nth(CONTEXT)
            .map_or(line.len(), |(i, _)| end + i);
        (from, to, end)
    };
    let mut shown = String::new();
    let mut width = 0;
    let (mut caret_at, mut caret_end) = (None, None);
    if from > 0 {
        shown.push('…');
        width += 1;
    }
    for (i, c) in line[from..to].char_indices() {
        if caret_at.is_none() && from + i >= start {
            caret_at = Some(width);
        }
        if caret_end.is_none() && from + i >= end {
            caret_end = Some(width);
        }
        match escape(c) {
            Some(e) => {
                width += e.chars().count();
                shown.push_str(&e);
            }
            None => {
                width += 1;
                shown.push(c);
            }
        }
    }
    let caret_at = caret_at.unwrap_or(width);
    let caret_end = caret_end.unwrap_or(width);
    if to < line.len() {
        shown.push('…');
    }
    (shown, caret_at, caret_end.saturating_sub(caret_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underline_follows_escapes() {
        let (shown, at, len) = excerpt("a\u{202e}bc", 4, 5);
        assert_eq!(shown, "a\\u{202e}bc");
        assert_eq!((at, len), (9, 1));
    }

    #[test]
    fn long_lines_are_windowed() {
        let line = "x".repeat(300) + "TARGET" + &"y".repeat(300);
        let (shown, at, len) = excerpt(&line, 300, 306);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(&shown[at + 2..at + 2 + len], "TARGET"); // '…' is 3 bytes, 1 column
    }

    #[test]
    fn long_spans_on_long_lines_are_cut() {
        let line = "x".repeat(300) + &"S".repeat(500) + &"y".repeat(300);
        let (shown, at, len) = excerpt(&line, 300, 800);
        assert_eq!(len, MAX_SPAN);
        assert_eq!(&shown[at + 2..at + 2 + len], "S".repeat(MAX_SPAN));
        assert_eq!(shown.chars().count(), 1 + CONTEXT + MAX_SPAN + CONTEXT + 1);
    }
}
