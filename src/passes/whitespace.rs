//! The `whitespace` rule, in two passes: `LineEndings` runs first so every later pass sees
//! `\n` line ends, and `Whitespace` runs last to tidy what the text and earlier fixes left:
//! leading and trailing whitespace, runs of spaces, extra blank lines, the final newline and
//! non-breaking spaces that stand for plain ones.
//!
//! It never joins or splits paragraphs (a blank-line run keeps exactly one blank line) and
//! never touches the spaces of table-like lines (Reuters' aligned columns).

use crate::edit::Edit;
use crate::language::Language;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::rescan::line_windows;
use crate::rules::{FixSafety, Rule, Severity};
use crate::scan::ByteClass;
use memchr::memmem;
use std::cell::Cell;
use std::ops::Range;

pub static WHITESPACE: Rule = Rule {
    code: "W501",
    name: "whitespace",
    family: "whitespace",
    severity: Severity::Info,
    fix: FixSafety::Safe,
    summary: "Stray whitespace: trailing spaces, runs of spaces, extra blank lines, CRLF, NBSP",
    doc: r#"## What it does
Normalizes the whitespace of an article:
- CRLF and lone CR line ends become LF; a byte order mark at the start goes;
- blank lines and spaces before the first word, and everything after the last word except one
  final newline, are removed (a missing final newline is added, except in a field of a JSON Lines
  record, which keeps whether it ended with a newline);
- spaces and tabs at the end of a line are removed;
- a run of spaces inside a line becomes one space, except on table-like lines (two or more
  gaps of three or more spaces, or one such gap next to a line with one), whose alignment is
  the content;
- two or more blank lines between paragraphs become one;
- a non-breaking space (U+00A0) that stands for a plain space becomes one, except where it is
  correct typography: before `: ; ! ? »` and after `«` in French text, and between digits
  (`10 000`).

## Why it matters
Scraped text carries the spacing of the page it came from. Stray whitespace breaks exact
matching, deduplication and tokenization, and the CRLF of a Windows dump makes every line
differ from the same text elsewhere.

## Example
```text
 date 2022-01-14␠␠
␠
Colombian Defense  Minister said.␍␊
```
becomes
```text
date 2022-01-14

Colombian Defense Minister said.
```

## Fix safety
Safe: it only changes whitespace inside lines and the number of blank lines between
paragraphs, never whether two lines belong to one paragraph, and it leaves aligned columns
and indentation alone."#,
};

static RULES: &[&Rule] = &[&WHITESPACE];

/// Turns CRLF and lone CR into LF and drops a leading byte order mark, first of all passes.
pub struct LineEndings;

impl Pass for LineEndings {
    fn name(&self) -> &'static str {
        "line-endings"
    }

    fn stage(&self) -> Stage {
        Stage::Prepare
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        if text.starts_with('\u{feff}') {
            cx.report(
                Finding::new(
                    &WHITESPACE,
                    0..3,
                    "byte order mark at the start of the text",
                )
                .with_fix(Fix::safe_one(Edit::delete(0..3))),
            );
        }
        let bytes = text.as_bytes();
        if memchr::memchr(b'\r', bytes).is_none() {
            return;
        }
        let mut edits = Vec::new();
        let (mut crlf, mut lone) = (0usize, 0usize);
        for i in memchr::memchr_iter(b'\r', bytes) {
            if bytes.get(i + 1) == Some(&b'\n') {
                crlf += 1;
                edits.push(Edit::delete(i..i + 1));
            } else {
                lone += 1;
                edits.push(Edit::new(i..i + 1, "\n"));
            }
        }
        let first = edits[0].byte_range.clone();
        let message = match (crlf, lone) {
            (c, 0) => format!("{c} CRLF line end{} (Windows); LF expected", plural(c)),
            (0, l) => format!(
                "{l} lone CR line end{} (classic Mac); LF expected",
                plural(l)
            ),
            (c, l) => format!("mixed line ends: {c} CRLF and {l} lone CR; LF expected"),
        };
        cx.report(Finding::new(&WHITESPACE, first, message).with_fix(Fix::safe(edits)));
    }
}

/// The final whitespace tidy-up; see the module doc.
pub struct Whitespace;

impl Pass for Whitespace {
    fn tidies_spacing(&self) -> bool {
        true
    }

    // One run leaves the spacing tidy: run again over its own fixes, it finds nothing.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "whitespace"
    }

    fn stage(&self) -> Stage {
        Stage::Final
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn rescans_changes(&self) -> bool {
        true
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        let french = cx.language == Language::French;
        let mut findings = Vec::new();
        let lead = text.len() - text.trim_start_matches(is_blank_char).len();
        if lead == text.len() {
            if !text.is_empty() {
                findings.push(fix(0..text.len(), "", "the text holds only whitespace"));
            }
            emit(cx, findings);
            return;
        }
        if lead > 0 {
            findings.push(fix(
                0..lead,
                "",
                "whitespace before the first word of the text",
            ));
        }
        let body_end = text.trim_end_matches(is_blank_char).len();

        let body = Body::new(text, lead, body_end);
        let mut visits = Visits::default();
        // What a line holds depends on it and on the lines next to it (a table's columns),
        // a blank run on itself: run again, the lines around the changes are enough. A
        // window starts at a line with content, so the run before it did not change.
        for window in line_windows(text, cx.changed, 1) {
            let (from, to) = (window.start.max(lead), window.end.min(body_end));
            if from < to {
                body_lines(&body, from, to, french, &mut findings, &mut visits);
            }
        }
        let tail = &text[body_end..];
        let ends_with_newline = tail.contains('\n');
        let want = if cx.config.final_newline || ends_with_newline {
            "\n"
        } else {
            ""
        };
        if tail != want {
            let message = if tail.is_empty() {
                "no newline at the end of the text"
            } else {
                "whitespace after the last word of the text"
            };
            findings.push(fix(body_end..text.len(), want, message));
        }
        emit(cx, findings);
    }
}

/// The findings of the body's lines from `from` to `to` (a line start, or the body's start;
/// a line end, or the body's end): each content line, and each blank run between two of them.
fn body_lines(
    body: &Body<'_>,
    from: usize,
    to: usize,
    french: bool,
    findings: &mut Vec<Finding>,
    visits: &mut Visits,
) {
    // Only the lines that can hold a finding are visited (`lines_to_visit`): every blank
    // line, and every content line with trailing whitespace, a double space after its
    // indentation or a non-breaking space. On Reuters that is one line in ten; the others
    // cost the vector scans that rule them out. A small window is read line by line.
    if to - from < visits.scan_from {
        every_line(body, from, to, french, findings);
        return;
    }
    lines_to_visit(body, from, to, visits);
    let lines = &visits.lines;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].clone();
        if !is_blank_line(body.text, &line) {
            check_line(body, line, french, findings);
            i += 1;
            continue;
        }
        // A run of blank lines (each one is visited, so the run is the visited lines that
        // follow one another). It counts between two content lines of the window: the one
        // before it ends with the `\n` just before the run, the one after starts where the
        // run ends (a blank line at the window's end ends the window).
        let mut last = i;
        while lines
            .get(last + 1)
            .is_some_and(|next| next.start == lines[last].end + 1 && is_blank_line(body.text, next))
        {
            last += 1;
        }
        let after = lines[last].end + 1;
        if line.start > from && after < to {
            check_blank_run(body.text, line.start - 1, after, findings);
        }
        i = last + 1;
    }
}

/// Whether `line` holds only whitespace (blank lines are handled as runs).
fn is_blank_line(text: &str, line: &Range<usize>) -> bool {
    // A line whose first byte cannot start a blank character has content (the common
    // case, settled without decoding a character).
    let may_be_blank = line.is_empty()
        || matches!(
            text.as_bytes()[line.start],
            b' ' | b'\t' | b'\r' | b'\n' | 0xC2 | 0xEF
        );
    may_be_blank
        && text[line.clone()]
            .trim_start_matches(is_blank_char)
            .is_empty()
}

/// The lists `lines_to_visit` fills, kept from one window to the next (a run again has
/// thousands of small windows).
struct Visits {
    lines: Vec<Range<usize>>,
    /// The window size from which lines are found by the scans (`SCAN_FROM`; the tests set
    /// 0 to hold the scans to the line-by-line reading).
    scan_from: usize,
}

impl Default for Visits {
    fn default() -> Self {
        Visits {
            lines: Vec::new(),
            scan_from: SCAN_FROM,
        }
    }
}

/// The lines from `from` to `to` (as `body_lines` takes them, without their `\n`) that can
/// hold a finding, in order: those that end in a blank character's last byte (` `, tab,
/// `\r`, the A0 of U+00A0, the BF of U+FEFF) or are empty, which takes every blank line and
/// every line with trailing whitespace; those with a double space after a byte that is no
/// space (the first double space after a line's indentation has one); and those with a
/// non-breaking space. Every other line is content that `check_line` passes over.
///
/// One vector scan finds them all, in text order: a pair (a blank character's last byte, or
/// C2, then `\n` or A0) or a triple (no space, space, space). The pair's classes also take
/// (C2, `\n`) and (space, tab, `\r` or `\n`, A0), which no UTF-8 text holds (A0 continues a
/// character), and (A0 or BF, A0), which some characters hold (U+0820, U+FFE0): those only
/// add a line to look at.
fn lines_to_visit(body: &Body<'_>, from: usize, to: usize, visits: &mut Visits) {
    static BLANK_END_OR_NBSP_LEAD: ByteClass<7> = ByteClass::of(b" \t\r\n\xa0\xbf\xc2");
    static NEWLINE_OR_NBSP_TAIL: ByteClass<2> = ByteClass::of(b"\n\xa0");
    static NOT_SPACE: ByteClass<0, 3> = ByteClass {
        exact: [],
        ranges: [(0, b'\n' - 1), (b'\n' + 1, b' ' - 1), (b' ' + 1, 0xff)],
        non_ascii: false,
    };
    static SPACE: ByteClass<1> = ByteClass::of(b" ");
    let b = body.text.as_bytes();
    let lines = &mut visits.lines;
    lines.clear();
    // From the byte before `from`, so that an empty first line is seen too.
    let scan_from = from.saturating_sub(1);
    crate::scan::for_each_pair_or_triple(
        &b[scan_from..to],
        &BLANK_END_OR_NBSP_LEAD,
        &NEWLINE_OR_NBSP_TAIL,
        &NOT_SPACE,
        &SPACE,
        &SPACE,
        |i| {
            // A mark is a byte of its line, or the `\n` that ends it.
            let m = scan_from + i;
            if m < from || lines.last().is_some_and(|last| m <= last.end) {
                return;
            }
            let start = memchr::memrchr(b'\n', &b[from..m]).map_or(from, |i| from + i + 1);
            let end = memchr::memchr(b'\n', &b[m..to]).map_or(to, |i| m + i);
            lines.push(start..end);
        },
    );
}

/// Below this many bytes `body_lines` reads every line: the scans that rule lines out cost
/// more than they save on the few lines of a window around a change.
const SCAN_FROM: usize = 1 << 10;

/// `body_lines` visiting every line: for small windows, and what the tests hold the scans
/// to.
fn every_line(body: &Body<'_>, from: usize, to: usize, french: bool, findings: &mut Vec<Finding>) {
    let mut prev_content_end: Option<usize> = None; // offset of the '\n' after it
    for line in body.lines(from, to) {
        if is_blank_line(body.text, &line) {
            continue; // blank lines are handled as runs, from the next content line
        }
        if let Some(p) = prev_content_end {
            // Only the `\n` of the line before: nothing between to check.
            if line.start > p + 1 {
                check_blank_run(body.text, p, line.start, findings);
            }
        }
        check_line(body, line.clone(), french, findings);
        prev_content_end = Some(line.end);
    }
}

/// The text between the leading and trailing whitespace, read line by line, with the
/// searches that find the (rare) lines needing a closer look. Each search runs over the body
/// once, ahead of the lines, so an ordinary line costs a few comparisons and nothing is
/// scanned twice however long the text.
struct Body<'t> {
    text: &'t str,
    start: usize,
    end: usize,
    double_space: &'static memmem::Finder<'static>,
    nbsp: &'static memmem::Finder<'static>,
    triple_space: &'static memmem::Finder<'static>,
    /// The next match of each prefilter at or after the line being looked at (`end` when
    /// there is none).
    next_double: Cell<usize>,
    next_nbsp: Cell<usize>,
}

impl<'t> Body<'t> {
    fn new(text: &'t str, start: usize, end: usize) -> Self {
        Body {
            text,
            start,
            end,
            double_space: crate::finder!(b"  "),
            nbsp: crate::finder!("\u{a0}".as_bytes()),
            triple_space: crate::finder!(b"   "),
            next_double: Cell::new(start),
            next_nbsp: Cell::new(start),
        }
    }

    /// The lines of the body from `from` (a line start, or the body's start) to `to` (just
    /// after a `\n`, or the body's end), as byte ranges without their `\n`.
    fn lines(&self, from: usize, to: usize) -> impl Iterator<Item = Range<usize>> + 't {
        let text = self.text;
        let mut start = from;
        let mut newlines = crate::scan::byte_offsets(&text.as_bytes()[from..to], b'\n');
        let mut done = false;
        std::iter::from_fn(move || {
            if done {
                return None;
            }
            match newlines.next() {
                Some(nl) => {
                    let line = start..from + nl;
                    start = from + nl + 1;
                    Some(line)
                }
                None => {
                    done = true;
                    Some(start..to)
                }
            }
        })
    }

    /// Whether a line (asked in order) holds two spaces in a row between `inner` (after its
    /// indentation) and `content_end` (before its trailing whitespace), or a non-breaking
    /// space anywhere in `line`: only such a line can hold a run to report. Neither pattern
    /// contains `\n`, so a match that starts inside the line lies inside it; a double space
    /// that starts before `content_end` ends before it too (the byte before it is no space).
    fn has_spacing_to_check(&self, line: &Range<usize>, inner: usize, content_end: usize) -> bool {
        let bytes = &self.text.as_bytes()[..self.end];
        let next = |finder: &memmem::Finder<'_>, cell: &Cell<usize>, from: usize| {
            if cell.get() < from {
                let found = finder.find(&bytes[from..]);
                cell.set(found.map_or(self.end, |i| from + i));
            }
            cell.get()
        };
        // Both are asked, so that both cursors move past this line.
        let double = next(self.double_space, &self.next_double, inner) < content_end;
        let nbsp = next(self.nbsp, &self.next_nbsp, line.start) < line.end;
        double || nbsp
    }

    /// The lines of the body before and after `line`, if any.
    fn neighbours(&self, line: &Range<usize>) -> (Option<Range<usize>>, Option<Range<usize>>) {
        let bytes = self.text.as_bytes();
        let prev = (line.start > self.start).then(|| {
            let end = line.start - 1;
            let start = memchr::memrchr(b'\n', &bytes[self.start..end])
                .map_or(self.start, |i| self.start + i + 1);
            start..end
        });
        let next = (line.end < self.end).then(|| {
            let start = line.end + 1;
            let end =
                memchr::memchr(b'\n', &bytes[start..self.end]).map_or(self.end, |i| start + i);
            start..end
        });
        (prev, next)
    }

    /// Gaps of three or more spaces between the words of a line.
    fn gaps(&self, line: Range<usize>) -> usize {
        let l = self.text[line].trim_start_matches(is_line_space);
        let l = l.trim_end_matches(is_line_space).as_bytes();
        self.triple_space
            .find_iter(l)
            .filter(|&j| j == 0 || l[j - 1] != b' ')
            .count()
    }

    /// Lines whose gaps of three or more spaces align columns: two such gaps on the line, or
    /// one when a neighbouring line has one too.
    fn is_table_like(&self, line: &Range<usize>) -> bool {
        let here = self.gaps(line.clone());
        if here >= 2 {
            return true;
        }
        if here == 0 {
            return false;
        }
        let (prev, next) = self.neighbours(line);
        prev.is_some_and(|l| self.gaps(l) > 0) || next.is_some_and(|l| self.gaps(l) > 0)
    }
}

fn emit(cx: &mut Context<'_>, findings: Vec<Finding>) {
    for f in findings {
        cx.report(f);
    }
}

fn fix(
    range: std::ops::Range<usize>,
    content: impl Into<std::borrow::Cow<'static, str>>,
    message: impl Into<crate::pass::Message>,
) -> Finding {
    Finding::new(&WHITESPACE, range.clone(), message)
        .with_fix(Fix::safe_one(Edit::new(range, content)))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Whitespace that may be trimmed at the edges of the text.
fn is_blank_char(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{a0}' | '\u{feff}')
}

/// Spaces and tabs that may be trimmed at the end of a line.
fn is_line_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}')
}

/// Between the `\n` ending one content line (at `p`) and the start of the next (`q`): one
/// blank line at most, and no spaces on it.
fn check_blank_run(text: &str, p: usize, q: usize, findings: &mut Vec<Finding>) {
    let between = &text[p..q];
    let newlines = memchr::memchr_iter(b'\n', between.as_bytes()).count();
    if newlines >= 3 {
        let blank = newlines - 1;
        findings.push(fix(
            p..q,
            "\n\n",
            format!("{blank} blank lines between paragraphs; one is enough"),
        ));
    } else if between.len() > newlines {
        let want = if newlines == 2 { "\n\n" } else { "\n" };
        findings.push(fix(p..q, want, "whitespace on a blank line"));
    }
}

/// Trailing whitespace, inner runs of spaces and stray non-breaking spaces on one content line.
fn check_line(body: &Body<'_>, line: Range<usize>, french: bool, findings: &mut Vec<Finding>) {
    let text = body.text;
    let l = &text[line.clone()];
    let bytes = text.as_bytes();
    // Only a line ending in a space, a tab or a character whose last byte is A0 (as U+00A0
    // is) can end in whitespace.
    let may_trail = line.end > line.start && matches!(bytes[line.end - 1], b' ' | b'\t' | 0xA0);
    let content_end = if may_trail {
        line.start + l.trim_end_matches(is_line_space).len()
    } else {
        line.end
    };
    if content_end < line.end {
        findings.push(fix(content_end..line.end, "", "trailing whitespace"));
    }
    // Leading indentation is left alone, unless it opens with non-breaking spaces, which
    // scrapes leave where a page had an empty element. Indentation that opens with a space
    // or a tab stays whole: it makes the line start a paragraph (see `prose::paragraphs_from`),
    // and removing it would join two paragraphs.
    let indent_len = indent_len(l.as_bytes());
    if !body.has_spacing_to_check(&line, line.start + indent_len, content_end) {
        return;
    }
    let indent = &l[..indent_len];
    let inner_start = line.start + indent_len;
    if indent.starts_with('\u{a0}') {
        findings.push(fix(
            line.start..inner_start,
            "",
            "non-breaking spaces at the start of a line",
        ));
    }
    if body.is_table_like(&line) {
        return;
    }
    // Every run worth a finding (two or more spaces, or a lone non-breaking space) holds a
    // double space or a non-breaking space, so runs are found from those two patterns and
    // widened to their full extent: the single spaces between words are never visited.
    let mut at = inner_start;
    // The next hit of each pattern (`Some(None)`: none left), searched again only once passed:
    // a line with many runs of one kind is not searched to its end for the other at every
    // run (quadratic).
    let (mut double, mut nbsp): (Option<Option<usize>>, Option<Option<usize>>) = (None, None);
    let stale = |hit: Option<Option<usize>>, at: usize| match hit {
        None => true,
        Some(h) => h.is_some_and(|h| h < at),
    };
    while at < content_end {
        let inner = &bytes[at..content_end];
        if stale(double, at) {
            double = Some(body.double_space.find(inner).map(|h| at + h));
        }
        if stale(nbsp, at) {
            nbsp = Some(body.nbsp.find(inner).map(|h| at + h));
        }
        let Some(hit) = [double.flatten(), nbsp.flatten()]
            .into_iter()
            .flatten()
            .min()
        else {
            break;
        };
        let mut start = hit;
        while start > inner_start {
            if bytes[start - 1] == b' ' {
                start -= 1;
            } else if start - inner_start >= 2 && bytes[start - 2..start] == NBSP {
                start -= 2;
            } else {
                break;
            }
        }
        let (mut end, mut count) = (start, 0);
        while end < content_end {
            if bytes[end] == b' ' {
                end += 1;
            } else if bytes[end..content_end].starts_with(&NBSP) {
                end += 2;
            } else {
                break;
            }
            count += 1;
        }
        at = end;
        let run = &text[start..end];
        if count >= 2 {
            findings.push(fix(
                start..end,
                " ",
                format!("{count} spaces where one is meant"),
            ));
        } else if run == "\u{a0}" && !nbsp_is_typography(text, start, end, french) {
            findings.push(fix(
                start..end,
                " ",
                "non-breaking space where a plain space is meant",
            ));
        }
    }
}

/// U+00A0 in UTF-8.
const NBSP: [u8; 2] = [0xC2, 0xA0];

/// The length of the spaces, tabs and non-breaking spaces that open `line` (bytes, so a
/// line's indentation costs no character decoding).
fn indent_len(line: &[u8]) -> usize {
    let mut at = 0;
    loop {
        match line.get(at..) {
            Some([b' ' | b'\t', ..]) => at += 1,
            Some([0xC2, 0xA0, ..]) => at += 2,
            _ => return at,
        }
    }
}

/// A non-breaking space that typography calls for: French spacing before `: ; ! ? »` and
/// after `«`, and digit grouping (`10 000`).
fn nbsp_is_typography(text: &str, start: usize, end: usize, french: bool) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let digits =
        before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(|c| c.is_ascii_digit());
    let guillemets = before == Some('«') || after == Some('»');
    let french_punct = french && matches!(after, Some(':' | ';' | '!' | '?' | '%'));
    digits || guillemets || french_punct
}

#[cfg(test)]
mod tests {
    use crate::{clean, Config};
    use proptest::prelude::*;

    /// The findings of `body_lines` over the lines of `text` from its `k`th line start to
    /// its `n`th line end (or its body's end), and those of the every-line version.
    fn both_ways(text: &str, k: usize, n: usize) -> (Vec<String>, Vec<String>) {
        use super::*;
        let lead = text.len() - text.trim_start_matches(is_blank_char).len();
        let body_end = text.trim_end_matches(is_blank_char).len();
        if lead >= body_end {
            return (Vec::new(), Vec::new());
        }
        let starts: Vec<usize> = std::iter::once(lead)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&i| i >= lead && i < body_end)
            .collect();
        let from = starts[k % starts.len()];
        let to = starts
            .iter()
            .copied()
            .filter(|&i| i > from)
            .nth(n)
            .unwrap_or(body_end);
        let show = |f: &Finding| format!("{:?} {:?}", f.range, f.fix.as_ref().map(|x| &x.edits));
        let run = |every: bool| {
            let body = Body::new(text, lead, body_end);
            let mut found = Vec::new();
            if every {
                every_line(&body, from, to, false, &mut found);
            } else {
                let mut visits = Visits {
                    scan_from: 0,
                    ..Visits::default()
                };
                body_lines(&body, from, to, false, &mut found, &mut visits);
            }
            found.iter().map(show).collect::<Vec<_>>()
        };
        (run(false), run(true))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Visiting only the lines the scans pick finds what visiting every line finds.
        #[test]
        fn the_lines_visited_hold_every_finding(
            text in "(a|b|,| |  |\t|\n|\n\n|\r|\u{a0}|\u{feff}|\u{202f}|x  y|\n    ){0,80}",
            k in 0usize..20,
            n in 0usize..20,
        ) {
            let (some, every) = both_ways(&text, k, n);
            prop_assert_eq!(some, every);
        }
    }

    #[test]
    fn the_lines_visited_hold_every_finding_in_a_dense_text() {
        let text = "a  b \n\n\n  \nc\u{a0}d\n \n\u{feff}\ne\t\nf\r\n\ng   h   i\nj";
        for k in 0..8 {
            for n in 0..8 {
                let (some, every) = both_ways(text, k, n);
                assert_eq!(some, every, "{k} {n}");
            }
        }
        assert!(!both_ways(text, 0, 10).0.is_empty());
    }

    fn cleaned(s: &str) -> String {
        clean(
            s,
            &Config::new()
                .with_selection(&["whitespace".into()], &[])
                .unwrap(),
        )
        .text
    }

    #[test]
    fn tidies_the_edges_and_line_ends() {
        assert_eq!(
            cleaned(" \n\n a  b \r\nc\r\n\r\n\r\n\r\nd\n\n\n"),
            "a b\nc\n\nd\n"
        );
        assert_eq!(cleaned("a"), "a\n");
        assert_eq!(cleaned("a\n"), "a\n");
        assert_eq!(cleaned(""), "");
        assert_eq!(cleaned(" \n\t\n"), "");
        assert_eq!(cleaned("\u{feff}a\n"), "a\n");
    }

    #[test]
    fn record_fields_keep_their_final_newline_state() {
        let config = Config::new()
            .with_selection(&["whitespace".into()], &[])
            .unwrap()
            .with_final_newline(false);
        assert_eq!(clean("a  b \n\n", &config).text, "a b\n");
        assert_eq!(clean("a  b  ", &config).text, "a b");
        assert!(clean("a b", &config).diagnostics.is_empty());
        assert!(clean("a b\n", &config).diagnostics.is_empty());
    }

    #[test]
    fn keeps_paragraph_structure() {
        assert_eq!(cleaned("a\nb\n\nc\n"), "a\nb\n\nc\n");
        assert_eq!(cleaned("a\n \nb\n"), "a\n\nb\n");
        assert_eq!(
            cleaned("a\n\n    indented\n    para\n"),
            "a\n\n    indented\n    para\n"
        );
        // Only the spaces before the very first word go.
        assert_eq!(cleaned("  first\n  second\n"), "first\n  second\n");
        // Non-breaking spaces opening a line go; an indentation that opens with a space
        // starts a paragraph and stays whole, whatever it holds.
        assert_eq!(cleaned("one\n\u{a0}\u{a0}two\n"), "one\ntwo\n");
        assert_eq!(cleaned("one\n  \u{a0} two\n"), "one\n  \u{a0} two\n");
    }

    #[test]
    fn leaves_tables_alone() {
        let table = "Natl   Loan      Release\nOats   1.24      0.99\n";
        assert_eq!(cleaned(table), table);
        let single = "Wheat       12.0\nOats        13.0\n";
        assert_eq!(cleaned(single), single);
    }

    #[test]
    fn non_breaking_spaces() {
        assert_eq!(cleaned("de\u{a0}Maradona.\n"), "de Maradona.\n");
        assert_eq!(cleaned("10\u{a0}000 euros\n"), "10\u{a0}000 euros\n");
        assert_eq!(cleaned("«\u{a0}oui\u{a0}»\n"), "«\u{a0}oui\u{a0}»\n");
        assert_eq!(cleaned("fin.\u{a0} Nunca\n"), "fin. Nunca\n");
    }
}
