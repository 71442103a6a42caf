//! Helpers the structure passes share: the article's lines as byte ranges, the range that
//! removes a line or a piece of one without leaving a hole, and agency-name normalization.
//!
//! The structure passes look at whole lines (a dump keeps one paragraph per line, or one per
//! blank-line-separated block), so one definition of "line" and of "removing a line" keeps
//! their edits consistent with each other and with the final whitespace pass.

use crate::edit::Edit;
use crate::pass::{Finding, Fix};
use crate::passes::structure_data::AGENCIES;
use std::ops::Range;

/// One line of the working text: `range` is the line without its `\n` (and `\r`), `content`
/// the same range without leading and trailing spaces and tabs.
#[derive(Clone, Debug)]
pub struct Line {
    pub range: Range<usize>,
    pub content: Range<usize>,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.content.is_empty()
    }
}

/// Every line of `text`, with its content range.
pub fn lines(text: &str) -> Vec<Line> {
    lines_iter(text).collect()
}

/// The lines of `text` in order, found as they are asked for: a pass that looks only at the
/// first few lines does not scan (or store) the whole text.
pub fn lines_iter(text: &str) -> impl Iterator<Item = Line> + '_ {
    // The line ends come from one block-wise scan (a line is ~40 bytes: a search started per
    // line costs more than the line).
    let mut newlines = crate::scan::byte_offsets(text.as_bytes(), b'\n');
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let s = start?;
        let end = newlines.next().unwrap_or(text.len());
        start = (end < text.len()).then_some(end + 1);
        Some(line_at(text, s, end))
    })
}

/// The lines of `text` from the last to the first (the same lines as `lines`, reversed),
/// found as they are asked for.
pub fn lines_rev(text: &str) -> impl Iterator<Item = Line> + '_ {
    let b = text.as_bytes();
    let mut end = Some(text.len());
    std::iter::from_fn(move || {
        let e = end?;
        let start = memchr::memrchr(b'\n', &b[..e]).map_or(0, |i| i + 1);
        end = start.checked_sub(1);
        Some(line_at(text, start, e))
    })
}

/// The line from `start` to the line end at `end` (a `\n` or the end of the text).
pub fn line_at(text: &str, start: usize, end: usize) -> Line {
    let b = text.as_bytes();
    let mut e = end;
    if e > start && b[e - 1] == b'\r' {
        e -= 1;
    }
    let l = &text[start..e];
    // Most lines neither start nor end with a space: the first and last bytes settle it
    // (every `is_hspace` character is a space, a tab or starts with a non-ASCII byte).
    // Spaces and tabs are skipped as bytes (an indented paragraph opens with four); only
    // a non-ASCII byte after them needs the character-wise trim.
    let lb = l.as_bytes();
    let ascii_pad = |b: &u8| *b == b' ' || *b == b'\t';
    let lead = match lb.iter().position(|b| !ascii_pad(b)) {
        None => l.len(),
        Some(i) if lb[i] < 0x80 => i,
        Some(_) => l.len() - l.trim_start_matches(is_hspace).len(),
    };
    let trimmed = match lb[lead..].iter().rposition(|b| !ascii_pad(b)) {
        None => 0,
        Some(i) if lb[lead + i] < 0x80 => i + 1,
        Some(_) => l[lead..].trim_end_matches(is_hspace).len(),
    };
    let cs = start + lead;
    Line {
        range: start..e,
        content: cs..cs + trimmed,
    }
}

/// The first `n` non-blank lines, scanning no further than the last of them.
pub fn first_content_lines(text: &str, n: usize) -> Vec<Line> {
    lines_iter(text).filter(|l| !l.is_blank()).take(n).collect()
}

/// Spaces that do not end a line.
pub fn is_hspace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{3000}' | '\u{feff}' | '\u{200b}'
    )
}

/// The first `n` non-blank lines.
pub fn first_content(lines: &[Line], n: usize) -> Vec<&Line> {
    lines.iter().filter(|l| !l.is_blank()).take(n).collect()
}

/// The range to delete so that the whole content range `r` (one or more whole lines, or the
/// start of a line up to `r.end`) disappears with its line: followed by more text, it takes the
/// line end and blank lines after it; at the end of the text it takes the blank lines and line
/// end before it instead, so the text keeps its final newline.
pub fn removal(text: &str, r: Range<usize>) -> Range<usize> {
    let b = text.as_bytes();
    let mut start = r.start;
    while start > 0 && matches!(b[start - 1], b' ' | b'\t') {
        start -= 1;
    }
    let rest = &text[r.end..];
    let after_ws = rest.len() - rest.trim_start().len();
    if r.end + after_ws < text.len() {
        // Up to the last line end of the run: the next line keeps its indentation.
        let run = &rest[..after_ws];
        let end = run.rfind('\n').map_or(after_ws, |i| i + 1);
        return start..r.end + end;
    }
    // Nothing follows: take the whitespace before, keep what ends the text.
    let before = &text[..start];
    let kept = before.trim_end().len();
    if kept == 0 {
        return start..r.end;
    }
    kept..r.end
}

/// Attaches a deletion fix to each finding that removes whole lines (`Some(content range)`),
/// chaining a block of removed lines at the very end of the text so that their deletions
/// touch instead of overlapping (each would otherwise take the blank lines before it).
pub fn attach_removals(text: &str, found: Vec<(Finding, Option<Range<usize>>)>) -> Vec<Finding> {
    let mut ranges: Vec<(usize, Range<usize>)> = found
        .iter()
        .enumerate()
        .filter_map(|(i, (_, r))| r.clone().map(|r| (i, r)))
        .collect();
    ranges.sort_by_key(|(_, r)| r.start);
    let mut cuts: Vec<Range<usize>> = ranges
        .iter()
        .map(|(_, r)| removal(text, r.clone()))
        .collect();
    let n = ranges.len();
    if n > 0 && text[ranges[n - 1].1.end..].trim().is_empty() {
        let mut k = n - 1;
        while k > 0
            && text[ranges[k - 1].1.end..ranges[k].1.start]
                .trim()
                .is_empty()
        {
            k -= 1;
        }
        let first = ranges[k].1.start;
        let kept = text[..first].trim_end().len();
        let mut prev = if kept == 0 { first } else { kept };
        for i in k..n {
            cuts[i] = prev..ranges[i].1.end;
            prev = ranges[i].1.end;
        }
    }
    let mut by_finding: Vec<Option<Range<usize>>> = vec![None; found.len()];
    for ((i, _), cut) in ranges.iter().zip(cuts) {
        by_finding[*i] = Some(cut);
    }
    found
        .into_iter()
        .zip(by_finding)
        .map(|((f, _), cut)| match cut {
            Some(c) => f.with_fix(Fix::safe_one(Edit::delete(c))),
            None => f,
        })
        .collect()
}

/// For a pass that runs again over some windows (`crate::rescan`) and cuts whole lines with
/// `attach_removals`: the cuts of the removed lines that end the text depend on each other
/// and on the blank lines before them, so a window that reaches into that block is widened
/// to take all of it, from the last line kept before it. `removes_line(content)` says whether
/// the pass removes the line with that content range.
pub fn widen_to_final_block(
    text: &str,
    windows: &mut Vec<Range<usize>>,
    mut removes_line: impl FnMut(Range<usize>) -> bool,
) {
    let mut first_removed = None;
    for line in lines_rev(text) {
        if line.is_blank() {
            continue;
        }
        if !removes_line(line.content.clone()) {
            break;
        }
        first_removed = Some(line.content.start);
    }
    let Some(first) = first_removed else {
        return;
    };
    let kept = text[..first].trim_end().len();
    let block_start = memchr::memrchr(b'\n', &text.as_bytes()[..kept]).map_or(0, |i| i + 1);
    let (mut start, mut reached) = (block_start, false);
    while windows.last().is_some_and(|w| w.end > block_start) {
        let w = windows.pop().expect("checked");
        start = start.min(w.start);
        reached = true;
    }
    if reached {
        windows.push(start..text.len());
    }
}

/// The range to delete to remove `r` from inside a line: the spaces before it go too, or the
/// spaces after it when it starts the line.
pub fn inline_removal(text: &str, r: Range<usize>) -> Range<usize> {
    let before = &text[..r.start];
    let trimmed = before.trim_end_matches(is_hspace);
    if trimmed.len() < before.len() && !trimmed.is_empty() && !trimmed.ends_with('\n') {
        return trimmed.len()..r.end;
    }
    let after = &text[r.end..];
    let t = after.trim_start_matches(is_hspace);
    r.start..r.end + (after.len() - t.len())
}

/// The edit that takes `r` out of a line (see `inline_removal`); when no space was around it
/// and words touch it on both sides (`The(REUTERS / X)WASHINGTON`), one space is left so the
/// words are not glued into one.
pub fn inline_removal_edit(text: &str, r: Range<usize>) -> crate::edit::Edit {
    let range = inline_removal(text, r);
    // Combining marks after the cut are passed over: they would join the letter before it
    // (`EFE(AP Photo/X)\u{340}A` must not become the one word `EFÈA`).
    let glued = text[..range.start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
        && text[range.end..]
            .chars()
            .find(|&c| !unicode_normalization::char::is_combining_mark(c))
            .is_some_and(char::is_alphanumeric);
    crate::edit::Edit::new(range, if glued { " " } else { "" })
}

/// The normalized name of a news agency (`REUTERS` -> `Reuters`, `Associated Press` -> `AP`),
/// or `None` when `name` is not one newsclean knows.
pub fn agency(name: &str) -> Option<&'static str> {
    let n = name
        .trim()
        .trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ',' | '*' | '[' | ']'))
        .trim();
    let n = n
        .strip_prefix("Agencia ")
        .or_else(|| n.strip_prefix("Agência "))
        .or_else(|| n.strip_prefix("Agence "))
        .or_else(|| n.strip_prefix("agencia "))
        .filter(|rest| agency(rest).is_some())
        .unwrap_or(n);
    AGENCIES
        .iter()
        .find(|(spelled, _)| spelled.eq_ignore_ascii_case(n))
        .map(|&(_, norm)| norm)
}

/// Adds `s` to `list` unless it is there already.
pub fn push_unique(list: &mut Vec<String>, s: &str) {
    if !list.iter().any(|x| x == s) {
        list.push(s.to_owned());
    }
}

/// Splits a list of names: `A, B and C`, `A, B y C`, `A e B`, `A et B`, `A und B`, `A & B`.
pub fn split_names(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in s.split([',', ';', '&']) {
        let mut rest = part;
        loop {
            let found = [" and ", " y ", " e ", " et ", " und "]
                .iter()
                .filter_map(|sep| rest.find(sep).map(|i| (i, sep.len())))
                .min();
            match found {
                Some((i, n)) => {
                    out.push(rest[..i].trim());
                    rest = &rest[i + n..];
                }
                None => {
                    out.push(rest.trim());
                    break;
                }
            }
        }
    }
    out.retain(|x| !x.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inline_cut_between_words_leaves_a_space() {
        let cut = |t: &str, credit: &str| {
            let at = t.find(credit).unwrap();
            let e = inline_removal_edit(t, at..at + credit.len());
            crate::edit::apply(t, &[e])
        };
        assert_eq!(
            cut("The(REUTERS / X)WASHINGTON", "(REUTERS / X)"),
            "The WASHINGTON"
        );
        assert_eq!(cut("The (REUTERS / X) city", "(REUTERS / X)"), "The city");
        // A stray combining mark after the cut does not make the two words one (the
        // proptest's `EFE(AP Photo/Jane Doe)\u{340}A`).
        assert_eq!(
            cut("EFE(AP Photo/Jane Doe)\u{340}A", "(AP Photo/Jane Doe)"),
            "EFE \u{340}A"
        );
    }

    #[test]
    fn removes_lines_without_leaving_holes() {
        let t = "A\n\nX\n\nB\n";
        let r = removal(t, 3..4);
        assert_eq!(format!("{}{}", &t[..r.start], &t[r.end..]), "A\n\nB\n");
        let t = "A\n\nX\n";
        let r = removal(t, 3..4);
        assert_eq!(format!("{}{}", &t[..r.start], &t[r.end..]), "A\n");
        let t = "X\nB";
        let r = removal(t, 0..1);
        assert_eq!(format!("{}{}", &t[..r.start], &t[r.end..]), "B");
        let t = "a\nREUTER\n Reuter\n&#3;";
        let (x, y) = (removal(t, 2..8), removal(t, 10..16));
        assert!(x.end <= y.start, "{x:?} {y:?}");
        let t = "a\n Reuter\n&#3;";
        let r = removal(t, 3..9);
        assert_eq!(format!("{}{}", &t[..r.start], &t[r.end..]), "a\n&#3;");
    }

    #[test]
    fn lazy_lines_are_the_lines() {
        let ranges =
            |ls: Vec<Line>| -> Vec<_> { ls.into_iter().map(|l| (l.range, l.content)).collect() };
        for t in ["", "\n", "a", "a\n", " a \r\n\n\tb\u{a0}\n\nc", "\n\nx\n"] {
            let all = ranges(lines(t));
            assert_eq!(ranges(lines_iter(t).collect()), all, "{t:?}");
            let mut rev = ranges(lines_rev(t).collect());
            rev.reverse();
            assert_eq!(rev, all, "{t:?}");
            let firsts: Vec<_> = first_content(&lines(t), 2).into_iter().cloned().collect();
            assert_eq!(ranges(first_content_lines(t, 2)), ranges(firsts), "{t:?}");
        }
    }

    #[test]
    fn normalizes_agencies_and_splits_lists() {
        assert_eq!(agency("REUTERS"), Some("Reuters"));
        assert_eq!(agency("Agencia EFE"), Some("EFE"));
        assert_eq!(agency("The Associated Press"), Some("AP"));
        assert_eq!(agency("Roll"), None);
        assert_eq!(split_names("AFP, EFE y Reuters"), ["AFP", "EFE", "Reuters"]);
        assert_eq!(split_names("EuropaPress and AP"), ["EuropaPress", "AP"]);
    }
}
