//! Where a pass that runs again looks: the lines near what changed since its last run.
//!
//! A round after the first runs passes over a text that differs from the one they last saw
//! in a few places (an entity decoded, a blank line dropped). A pass whose findings depend on
//! nearby text only (`Pass::rescans_changes`) finds nothing new elsewhere, so it scans the
//! windows this module gives: each changed range widened to whole lines and a few lines on
//! either side (`line_windows`), or as far as the pass says a finding reads
//! (`windows_around`), merged where they meet. On the 16 MB Reuters stream, whose second
//! round has a change every ~2 KB, a caption's windows hold 2% of the text.

// A list of one window (the whole text) is meant, not the numbers in a range.
#![allow(clippy::single_range_in_vec_init)]

use std::ops::Range;

/// Above this share of the text in windows, one window over everything costs less.
const MOSTLY: f64 = 0.5;

/// The windows to scan: `0..text.len()` when `changed` is `None` (a first run), else every
/// changed range widened to the whole lines it touches and `around` more lines before and
/// after, merged where they overlap or touch. Blank lines do not count: a window takes the
/// blank lines at its edges and the non-blank line past them, so that whatever depends on
/// "the line before" or "the next paragraph" is inside. A window runs from a line start to
/// just after a line end (or the text's end). A change at a line start takes the line
/// before too: it may have joined or split the two.
pub fn line_windows(
    text: &str,
    changed: Option<&[Range<usize>]>,
    around: usize,
) -> Vec<Range<usize>> {
    // With lines around, a change inside a window can widen past its end (in its last line,
    // it takes one more), but where depends only on the end of its line. Without, it stays
    // inside: a window ends after a non-blank line, and a change before that widens to the
    // end of its own line and past blank lines to the next non-blank one, no further.
    let reuse = if around == 0 {
        Reuse::InsideWindow
    } else {
        Reuse::SameLine
    };
    windows_around(text, changed, reuse, |r| {
        let mut start = line_start(text, r.start);
        if start == r.start && start > 0 {
            start = line_start(text, start - 1);
        }
        start = past_blank_before(text, start);
        let mut end = past_blank_after(text, line_end(text, r.end));
        for _ in 0..around {
            if start > 0 {
                start = past_blank_before(text, line_start(text, start - 1));
            }
            end = past_blank_after(text, line_end(text, end));
        }
        start..end
    })
}

/// Which changes `windows_around` need not widen, because `widen` would give them nothing
/// the windows do not hold already.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Reuse {
    /// One that ends inside the last window: `widen` takes a change to the end of its line
    /// (and past blank lines to the next non-blank one) and no further, and windows end at
    /// such ends.
    InsideWindow,
    /// One that ends in the line where the last change widened ends: `widen` reads forward
    /// from the end of that line only (more lines, blank lines).
    SameLine,
    /// None.
    Never,
}

/// The windows to scan: `0..text.len()` when `changed` is `None` (a first run), else every
/// changed range as `widen` makes it (a pass's own notion of what a finding reads around
/// it), merged where they overlap or touch; the whole text again when that would cover
/// most of it.
pub fn windows_around(
    text: &str,
    changed: Option<&[Range<usize>]>,
    reuse: Reuse,
    mut widen: impl FnMut(&Range<usize>) -> Range<usize>,
) -> Vec<Range<usize>> {
    let Some(changed) = changed else {
        return whole(text);
    };
    let mut windows: Vec<Range<usize>> = Vec::with_capacity(changed.len());
    let mut covered = 0;
    // The end of the change before (widened, or on the line of the last one widened).
    let mut previous_end: Option<usize> = None;
    for r in changed {
        // A change that ends inside the last window is widened too, unless `reuse` says
        // it need not be: widened, it can reach past that window's end (a change in the last
        // line of a window that takes a line more, a changed word a few tokens before its
        // end).
        let known = match (reuse, windows.last(), previous_end) {
            (Reuse::InsideWindow, Some(last), _) => r.end < last.end,
            // Only the text since the change before is searched: a long line with a change
            // every few bytes costs one pass over it.
            (Reuse::SameLine, _, Some(at)) => {
                at <= r.end && memchr::memchr(b'\n', &text.as_bytes()[at..r.end]).is_none()
            }
            _ => false,
        };
        previous_end = Some(r.end);
        if known {
            continue;
        }
        let Range { start, end } = widen(r);
        match windows.last_mut() {
            Some(last) if start <= last.end => {
                covered += end.saturating_sub(last.end);
                last.end = last.end.max(end);
            }
            _ => {
                covered += end - start;
                windows.push(start..end);
            }
        }
    }
    if covered as f64 > MOSTLY * text.len() as f64 {
        return whole(text);
    }
    windows
}

/// The lines of `window` (one of `line_windows`' windows of `text`) as (start, end): `end` is
/// the line's `\n` or the text's end. Over the whole text these are all its lines, the last
/// one after a final `\n` included (empty).
pub fn lines_in(text: &str, window: Range<usize>) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let mut newlines = crate::scan::byte_offsets(&b[window.clone()], b'\n');
    let mut next = Some(window.start);
    std::iter::from_fn(move || {
        let start = next?;
        let end = newlines.next().map_or(window.end, |i| window.start + i);
        // Past a window that stops short of the text's end, its last `\n` ends it.
        let more = end < b.len() && (end + 1 < window.end || window.end == b.len());
        next = more.then_some(end + 1);
        Some((start, end))
    })
}

/// The windows for a pass whose every finding lies within one line and reads no further
/// than that line and its `\n`: `0..text.len()` on a first run, else each changed range
/// widened to the whole lines it touches, merged where they meet. A change at a line start
/// takes the line before too (it may have joined or split the two).
pub fn touched_lines(text: &str, changed: Option<&[Range<usize>]>) -> Windows {
    // A first run (most runs, in a dump of short articles) allocates no list.
    let Some(changed) = changed else {
        return smallvec::smallvec![0..text.len()];
    };
    // The passes that use these scan at near memory speed: with a change every couple of
    // kilobytes or more (a dense repair), finding the lines around each costs more than
    // scanning them all (measured on the mojibake-dense stream, ~50,000 changes in 16 MB).
    // Debug builds keep the windows, so that the tests and the fuzzer, whose texts are
    // short, check them against full runs (see `pipeline::rescan_pays`).
    let dense = changed.len().saturating_mul(DENSE_CHANGES) > text.len();
    if !cfg!(debug_assertions) && dense {
        return smallvec::smallvec![0..text.len()];
    }
    // A change inside a window (which ends at a line end) widens to an end within it.
    Windows::from_vec(windows_around(
        text,
        Some(changed),
        Reuse::InsideWindow,
        |r| {
            let mut start = line_start(text, r.start);
            if start == r.start && start > 0 {
                start = line_start(text, start - 1);
            }
            start..line_end(text, r.end)
        },
    ))
}

/// Windows of the text to scan, the one of a first run kept inline.
pub type Windows = smallvec::SmallVec<[Range<usize>; 1]>;

/// `windows` (each from a line start) without the lines before the one that holds
/// `first_non_ascii` (`Context::first_non_ascii`): what a pass that finds nothing in a line
/// of ASCII needs to scan. Each window still starts at a line start.
pub fn past_ascii_lines(text: &str, mut windows: Windows, first_non_ascii: usize) -> Windows {
    if first_non_ascii >= text.len() {
        windows.clear();
        return windows;
    }
    let from = line_start(text, first_non_ascii);
    windows.retain(|w| w.end > from);
    for w in &mut windows {
        w.start = w.start.max(from);
    }
    windows
}

/// What `find` yields over each of `windows` of `text`, as offsets into the whole text, in
/// order: a search written for the whole text, run over the windows instead.
pub fn offsets_in<'t, I: Iterator<Item = usize> + 't>(
    text: &'t [u8],
    windows: Windows,
    mut find: impl FnMut(&'t [u8]) -> I + 't,
) -> impl Iterator<Item = usize> + 't {
    windows.into_iter().flat_map(move |window| {
        let from = window.start;
        find(&text[window]).map(move |i| from + i)
    })
}

/// One change per this many bytes of text, or more, makes `touched_lines` give the whole
/// text.
const DENSE_CHANGES: usize = 2048;

/// The one window that is the whole text: what a first run scans.
pub fn whole(text: &str) -> Vec<Range<usize>> {
    vec![0..text.len()]
}

/// A window end (just after a line end) moved past the next non-blank line and the blank
/// lines before it: one more line of context after.
pub fn one_line_further(text: &str, end: usize) -> usize {
    past_blank_after(text, line_end(text, end))
}

/// The start of the line that holds `at`.
fn line_start(text: &str, at: usize) -> usize {
    memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1)
}

/// Just after the end (the `\n`) of the line that holds `at`; the text's end when no line
/// end follows. At a line start, that line's end.
fn line_end(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1)
}

/// From the line starting at `start`: while it is blank, the start of the line before.
fn past_blank_before(text: &str, mut start: usize) -> usize {
    // A line that opens with a visible ASCII byte is not blank (nearly every line).
    while start > 0
        && !text.as_bytes().get(start).is_some_and(u8::is_ascii_graphic)
        && text[start..line_end(text, start)].trim().is_empty()
    {
        start = line_start(text, start - 1);
    }
    start
}

/// From the window end `end` (just after a line end): while the line before it is blank,
/// the end of the next line.
fn past_blank_after(text: &str, mut end: usize) -> usize {
    // A line whose last byte before its `\n` is visible ASCII is not blank.
    while end < text.len()
        && !(end >= 2 && text.as_bytes()[end - 2].is_ascii_graphic())
        && text[line_start(text, end - 1)..end].trim().is_empty()
    {
        end = line_end(text, end);
    }
    end
}

#[cfg(test)]
mod tests {
    use super::{line_windows, past_ascii_lines, touched_lines, windows_around, Reuse, Windows};
    use std::ops::Range;

    #[test]
    fn windows_lose_the_ascii_lines_before_the_first_other_byte() {
        let text = "ab\ncd\nxé\ngh\n";
        let first = text.find('é').unwrap();
        let all: Windows = smallvec::smallvec![0..text.len()];
        assert_eq!(
            past_ascii_lines(text, all, first).as_slice(),
            [6..text.len()]
        );
        // A window of ASCII lines alone goes; one that reaches the line is cut to its start.
        let some: Windows = smallvec::smallvec![0..3, 3..10, 10..13];
        assert_eq!(
            past_ascii_lines(text, some, first).as_slice(),
            [6..10, 10..13]
        );
        // No other byte: nothing to scan.
        let all: Windows = smallvec::smallvec![0..5];
        assert!(past_ascii_lines("ab\ncd", all, 5).is_empty());
    }

    #[test]
    fn a_first_run_looks_at_everything() {
        assert_eq!(line_windows("ab\ncd\n", None, 2), [0..6]);
    }

    #[test]
    fn changes_widen_to_whole_lines_and_merge() {
        let text = "l0\nl1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nla\nlb\nlc\nld\nle\nlf\n";
        // A change inside line 2: that line alone, or with one line either side.
        assert_eq!(line_windows(text, Some(&[7..8]), 0), [6..9]);
        assert_eq!(line_windows(text, Some(&[7..8]), 1), [3..12]);
        // A deletion at the start of line 5 takes line 4 too.
        assert_eq!(line_windows(text, Some(&[15..15]), 0), [12..18]);
        // Changes in neighbouring lines merge; a line apart, they do not.
        assert_eq!(line_windows(text, Some(&[1..1, 4..4]), 0), [0..6]);
        assert_eq!(line_windows(text, Some(&[1..1, 7..7]), 0), [0..3, 6..9]);
        assert_eq!(line_windows(text, Some(&[1..2, 40..41]), 0), [0..3, 39..42]);
    }

    #[test]
    fn a_change_inside_a_window_still_widens_past_its_end() {
        let text = "l0\nl1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\n";
        // Changes in lines 2 and 3, a line around each: lines 1 to 4, though the second
        // change lies inside the first one's window (1 to 3).
        assert_eq!(line_windows(text, Some(&[7..8, 10..11]), 1), [3..15]);
        // Changes on one line widen alike: the second needs no widening of its own.
        let text = "one two three\nfour\nfive\n";
        assert_eq!(
            line_windows(text, Some(&[0..1, 4..5, 8..9]), 1),
            line_windows(text, Some(&[0..1]), 1)
        );
        // Widened by words, a change a word before a window's end reaches past it.
        let text = "0123456789".repeat(10);
        let words = |r: &Range<usize>| r.start.saturating_sub(2)..(r.end + 4).min(text.len());
        let got = windows_around(&text, Some(&[2..3, 4..5]), Reuse::Never, words);
        assert_eq!(got, [0..9]);
    }

    #[test]
    fn touched_lines_are_the_changed_lines_alone() {
        // Short lines, then one long one: the changes below are sparse enough for windows.
        let text = format!("x\na\n\n\nb\nc\ny\nz\nw\n{}\n", "f".repeat(5000));
        let text = text.as_str();
        assert_eq!(touched_lines(text, None).as_slice(), [0..text.len()]);
        // Inside `b`: that line, without the blank lines before it.
        assert_eq!(touched_lines(text, Some(&[7..7])).as_slice(), [6..8]);
        // At the start of `c`: `b` too.
        assert_eq!(touched_lines(text, Some(&[8..9])).as_slice(), [6..10]);
        // Over a line end: both lines.
        assert_eq!(touched_lines(text, Some(&[9..11])).as_slice(), [8..12]);
        // Changes lines apart stay apart.
        assert_eq!(
            touched_lines(text, Some(&[0..0, 15..15])).as_slice(),
            [0..2, 14..16]
        );
        // A change every few bytes: the whole text (in release builds; debug builds keep
        // the windows, to check them).
        let dense = [0..0, 7..7, 11..11];
        let windows = touched_lines(text, Some(&dense));
        if cfg!(debug_assertions) {
            assert_eq!(windows.as_slice(), [0..2, 6..8, 10..12]);
        } else {
            assert_eq!(windows.as_slice(), [0..text.len()]);
        }
    }

    #[test]
    fn blank_lines_take_the_line_past_them() {
        let text = "x\na\n\n\nb\nc\ny\nz\nw\n";
        // A blank line dropped between `a` and `b`: both lines and the blank ones between.
        assert_eq!(line_windows(text, Some(&[4..4]), 0), [2..8]);
        // One line around `b` is `a` before (past the blank lines) and `c` after.
        assert_eq!(line_windows(text, Some(&[7..7]), 1), [2..10]);
    }

    #[test]
    fn lines_in_windows_are_the_texts_lines() {
        use super::lines_in;
        let text = "ab\ncd\nef\n";
        let all: Vec<_> = lines_in(text, 0..text.len()).collect();
        assert_eq!(all, [(0, 2), (3, 5), (6, 8), (9, 9)]);
        let some: Vec<_> = lines_in(text, 3..6).collect();
        assert_eq!(some, [(3, 5)]);
        assert_eq!(lines_in("ab", 0..2).collect::<Vec<_>>(), [(0, 2)]);
    }

    #[test]
    fn windows_over_most_of_the_text_become_one() {
        let text = "ab\ncd\nef\n";
        assert_eq!(line_windows(text, Some(&[1..1, 7..7]), 0), [0..9]);
    }
}
