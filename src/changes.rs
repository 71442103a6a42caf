//! What changed in the working text since a pass last ran, and the parts of the text a pass
//! must read again because of it.
//!
//! Real text settles in two rounds, and the second finds nothing: it only confirms that the
//! fixes of the first left nothing new. Running every pass over the whole text again for that
//! doubles the cost of cleaning, while the fixes touch a few lines in a hundred. So the
//! pipeline logs every change (the ranges each applied pass replaced, or "everything" when
//! the language or the metadata changed), and a pass whose findings depend only on the text
//! near them (its `Reach`) runs again only on the slices around the changed lines.
//!
//! A slice is made of a *core* (the lines whose findings may have changed) and a margin on
//! each side (the context those lines need). Findings inside the core are kept; findings in
//! the margin are dropped, since they depend only on unchanged text and were reported when
//! the pass last ran. A finding that straddles the edge of the core means the reach was not
//! enough to decide it there, and the pipeline runs the pass on the whole text instead. So a
//! slice run finds exactly what a whole-text run would find anew; the test
//! `slice_runs_find_what_whole_runs_find` holds the two to that.

use crate::pass::Reach;
use std::ops::Range;

/// Slices closer than this are read as one: a pass run has a fixed cost, and a line or two of
/// unchanged bytes cost less than it.
const JOIN_GAP: usize = 64;

/// When the slices would cover more than this share of the text (in 1/8), the pass runs on
/// the whole text: simpler and no slower.
const MOST_OF_THE_TEXT_EIGHTHS: usize = 4;

/// One change: the working-text ranges (in the coordinates of the text before it) that an
/// applied pass replaced, with the length of each replacement; or a change of the language
/// (which every pass after the encoding stage reads) or of the metadata (which only the
/// structure passes read).
enum Change {
    Text(Vec<Replaced>),
    Language,
    Metadata,
}

#[derive(Clone, Copy)]
struct Replaced {
    start: usize,
    end: usize,
    new_len: usize,
}

/// The parts of the current text that changed since some version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dirty {
    /// Nothing the pass reads changed: it need not run.
    Nothing,
    /// These ranges (sorted, disjoint, possibly empty where text was deleted) changed.
    Ranges(Vec<Range<usize>>),
    /// The language or the metadata changed.
    Everything,
}

/// Every change since the run began, with the version it produced.
#[derive(Default)]
pub struct ChangeLog {
    changes: Vec<(u64, Change)>,
    /// The last answer of `since`, which every pass that saw the same version asks for.
    cached: Option<(Asked, Dirty)>,
    /// The last slices worked out by `scope`, for the same question and a reach (`None`:
    /// the whole text).
    cached_slices: Option<(Asked, Reach, Option<Vec<Slice>>)>,
}

/// A question to the log: what changed since version `seen`, for a pass that reads the
/// metadata or not, when the log held `changes` changes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Asked {
    seen: u64,
    reads_metadata: bool,
    changes: usize,
}

/// Where a pass runs again.
#[derive(Debug, PartialEq, Eq)]
pub enum Scope {
    /// Nowhere: nothing it reads changed.
    Nowhere,
    /// Over the whole text.
    Whole,
    /// Over these slices.
    Slices(Vec<Slice>),
}

impl ChangeLog {
    /// Records that version `version` came from replacing `edits` (working ranges of the
    /// text before, sorted and disjoint, each with its new content's length).
    pub fn text_changed(
        &mut self,
        version: u64,
        edits: impl Iterator<Item = (Range<usize>, usize)>,
    ) {
        let replaced = edits
            .map(|(r, new_len)| Replaced {
                start: r.start,
                end: r.end,
                new_len,
            })
            .collect();
        self.changes.push((version, Change::Text(replaced)));
    }

    /// Records that version `version` changed the document's language.
    pub fn language_changed(&mut self, version: u64) {
        self.changes.push((version, Change::Language));
    }

    /// Records that version `version` changed the metadata.
    pub fn metadata_changed(&mut self, version: u64) {
        self.changes.push((version, Change::Metadata));
    }

    /// What changed, of what a pass reads, since version `seen` (the version it last ran
    /// on): the text (in current coordinates), the language, and the metadata when it
    /// `reads_metadata`.
    pub fn since(&mut self, seen: u64, reads_metadata: bool) -> &Dirty {
        let asked = Asked {
            seen,
            reads_metadata,
            changes: self.changes.len(),
        };
        if !matches!(&self.cached, Some((a, _)) if *a == asked) {
            let dirty = self.compute_since(seen, reads_metadata);
            self.cached = Some((asked, dirty));
        }
        &self.cached.as_ref().expect("just filled").1
    }

    /// Where a pass of reach `reach` that last ran on version `seen` must run again, on the
    /// current `text`.
    pub fn scope(&mut self, seen: u64, reads_metadata: bool, reach: Reach, text: &str) -> Scope {
        self.since(seen, reads_metadata);
        let (asked, dirty) = self.cached.as_ref().expect("filled by since");
        let asked = *asked;
        let ranges = match dirty {
            Dirty::Nothing => return Scope::Nowhere,
            Dirty::Everything => return Scope::Whole,
            Dirty::Ranges(_) if reach == Reach::Document => return Scope::Whole,
            Dirty::Ranges(ranges) => ranges,
        };
        match &self.cached_slices {
            Some((a, r, slices)) if (*a, *r) == (asked, reach) => match slices {
                Some(s) => Scope::Slices(s.clone()),
                None => Scope::Whole,
            },
            _ => {
                let computed = slices(text, ranges, reach);
                let scope = match &computed {
                    Some(s) => Scope::Slices(s.clone()),
                    None => Scope::Whole,
                };
                self.cached_slices = Some((asked, reach, computed));
                scope
            }
        }
    }

    fn compute_since(&self, seen: u64, reads_metadata: bool) -> Dirty {
        let first = self.changes.partition_point(|(v, _)| *v <= seen);
        let mut ranges: Vec<Range<usize>> = Vec::new();
        let mut dirty = Dirty::Nothing;
        for (_, change) in &self.changes[first..] {
            match change {
                Change::Metadata if !reads_metadata => {}
                Change::Language | Change::Metadata => {
                    dirty = Dirty::Everything;
                    break;
                }
                Change::Text(replaced) => {
                    ranges = carry_forward(&ranges, replaced);
                    dirty = Dirty::Ranges(Vec::new());
                }
            }
        }
        if let Dirty::Ranges(r) = &mut dirty {
            *r = ranges;
        }
        dirty
    }
}

/// The dirty ranges after one more change: the old ones and the replaced ranges, joined
/// where they overlap or touch, moved into the coordinates of the text after the change.
fn carry_forward(dirty: &[Range<usize>], replaced: &[Replaced]) -> Vec<Range<usize>> {
    // Union in the old coordinates (both lists are sorted).
    let mut union: Vec<Range<usize>> = Vec::with_capacity(dirty.len() + replaced.len());
    let (mut i, mut j) = (0, 0);
    while i < dirty.len() || j < replaced.len() {
        let next = match (dirty.get(i), replaced.get(j)) {
            (Some(d), Some(r)) if d.start <= r.start => {
                i += 1;
                d.clone()
            }
            (_, Some(r)) => {
                j += 1;
                r.start..r.end
            }
            (Some(d), None) => {
                i += 1;
                d.clone()
            }
            (None, None) => unreachable!(),
        };
        match union.last_mut() {
            Some(last) if next.start <= last.end => last.end = last.end.max(next.end),
            _ => union.push(next),
        }
    }
    // Every replaced range lies inside one range of the union; move each range by the growth
    // of the replacements before it and stretch it by those inside it.
    let mut growth: isize = 0;
    let mut j = 0;
    union
        .into_iter()
        .map(|u| {
            let start = (u.start as isize + growth) as usize;
            while j < replaced.len() && replaced[j].start <= u.end && replaced[j].end <= u.end {
                let r = replaced[j];
                if r.start < u.start {
                    break;
                }
                growth += r.new_len as isize - (r.end - r.start) as isize;
                j += 1;
            }
            let end = (u.end as isize + growth) as usize;
            start..end
        })
        .collect()
}

/// One part of the text a pass reads again: it runs on `slice`, and its findings inside
/// `core` are the ones that count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slice {
    pub slice: Range<usize>,
    pub core: Range<usize>,
}

/// The slices a pass of reach `reach` must read again for the dirty `ranges` of `text`, or
/// `None` when it should read the whole text.
pub fn slices(text: &str, ranges: &[Range<usize>], reach: Reach) -> Option<Vec<Slice>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Slice> = Vec::new();
    let mut covered = 0;
    // The end of the line that holds the end of the last range read (lines only).
    let mut last_line_end = 0;
    for r in ranges {
        // Changes come in clusters (two entities on a line, a control character and the
        // blank lines after it). A range on the lines of the last one adds nothing (for
        // lines: it ends on the last range's end line; for blocks: it lies inside the last
        // core, and so do the empty lines that bound its block), and finding line ends is
        // most of the cost here.
        if let Some(last) = out.last() {
            let nothing_new = match reach {
                Reach::Lines(_) => r.start >= last.core.start && r.end < last_line_end,
                _ => r.start >= last.core.start && r.end < last.core.end,
            };
            if nothing_new {
                continue;
            }
        }
        let next = match reach {
            Reach::Document => return None,
            Reach::Lines(k) => {
                last_line_end = line_end(bytes, r.end);
                let core_start = lines_back(bytes, line_start(bytes, r.start), k);
                let core_end = lines_forward(bytes, last_line_end, k);
                let slice_start = past_blank_lines_back(bytes, lines_back(bytes, core_start, k));
                let slice_end = past_blank_lines_forward(bytes, lines_forward(bytes, core_end, k));
                Slice {
                    slice: slice_start..slice_end,
                    core: core_start..core_end,
                }
            }
            Reach::Blocks => block_slice(bytes, r.clone()),
        };
        match out.last_mut() {
            Some(last) if next.slice.start <= last.slice.end + JOIN_GAP => {
                covered += next.slice.end.saturating_sub(last.slice.end);
                last.slice.end = last.slice.end.max(next.slice.end);
                last.core.end = last.core.end.max(next.core.end);
            }
            _ => {
                covered += next.slice.len();
                out.push(next);
            }
        }
        if covered * 8 > text.len() * MOST_OF_THE_TEXT_EIGHTHS {
            return None;
        }
    }
    Some(out)
}

/// The start of the line that holds `at`.
fn line_start(bytes: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1)
}

/// The end of the line that holds `at`, past its `\n` (a position at the start of a line is
/// taken to hold that line, so a change that ends with a line end takes the next line too).
fn line_end(bytes: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1)
}

/// `n` lines before the line starting at `start`.
fn lines_back(bytes: &[u8], mut start: usize, n: usize) -> usize {
    for _ in 0..n {
        if start == 0 {
            break;
        }
        start = line_start(bytes, start - 1);
    }
    start
}

/// `n` lines after the line ending at `end`.
fn lines_forward(bytes: &[u8], mut end: usize, n: usize) -> usize {
    for _ in 0..n {
        if end == bytes.len() {
            break;
        }
        end = line_end(bytes, end);
    }
    end
}

/// The start of the slice moved back over blank lines, so that it opens with a line of text:
/// a pass that reads the edges of the text (whitespace before the first word) then finds
/// them in the margin, not reaching into the core, where they would make the pipeline read
/// the whole text.
fn past_blank_lines_back(bytes: &[u8], mut start: usize) -> usize {
    while start > 0 && is_blank(&bytes[start..line_end(bytes, start)]) {
        start = line_start(bytes, start - 1);
    }
    start
}

/// The end of the slice moved on over blank lines (see `past_blank_lines_back`).
fn past_blank_lines_forward(bytes: &[u8], mut end: usize) -> usize {
    while end > 0 && end < bytes.len() && is_blank(&bytes[line_start(bytes, end - 1)..end]) {
        end = line_end(bytes, end);
    }
    end
}

/// Whether a line holds nothing but ASCII whitespace.
fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// Whether the line `line` (without its `\n`) is empty, a lone `\r` allowed: the narrowest
/// notion of a blank line, so that every pass's paragraphs lie inside the blocks it bounds.
fn is_empty_line(line: &[u8]) -> bool {
    line.is_empty() || line == b"\r"
}

/// For a pass of `Reach::Blocks`: the core runs from the last empty line before the change to
/// the first one after it (empty lines inside the change do not count: they may have held
/// text before it, joining the blocks on their two sides), and the slice adds those two empty
/// lines.
fn block_slice(bytes: &[u8], r: Range<usize>) -> Slice {
    let mut core_start = line_start(bytes, r.start);
    let slice_start = loop {
        if core_start == 0 {
            break 0;
        }
        let prev = line_start(bytes, core_start - 1);
        if is_empty_line(&bytes[prev..core_start - 1]) {
            break prev;
        }
        core_start = prev;
    };
    let mut core_end = line_end(bytes, r.end);
    let slice_end = loop {
        if core_end == bytes.len() {
            break core_end;
        }
        let next = line_end(bytes, core_end);
        let line = &bytes[core_end..next];
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        if is_empty_line(line) {
            break next;
        }
        core_end = next;
    };
    Slice {
        slice: slice_start..slice_end,
        core: core_start..core_end,
    }
}

#[cfg(test)]
// Lists of one range are lists all the same.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn replaced(list: &[(usize, usize, usize)]) -> Vec<Replaced> {
        list.iter()
            .map(|&(start, end, new_len)| Replaced {
                start,
                end,
                new_len,
            })
            .collect()
    }

    #[test]
    fn ranges_move_with_the_edits_before_them() {
        // "aaaa bbbb cccc": replace 0..2 by 5 bytes, delete 10..12.
        let got = carry_forward(&[6..7], &replaced(&[(0, 2, 5), (10, 12, 0)]));
        assert_eq!(got, vec![0..5, 9..10, 13..13]);
    }

    #[test]
    fn touching_ranges_join_and_stretch() {
        let got = carry_forward(&[2..4], &replaced(&[(4, 4, 3), (8, 9, 1)]));
        assert_eq!(got, vec![2..7, 11..12]);
        let got = carry_forward(&[0..10], &replaced(&[(2, 3, 0), (5, 6, 4)]));
        assert_eq!(got, vec![0..12]);
    }

    #[test]
    fn the_log_answers_since_a_version() {
        let mut log = ChangeLog::default();
        log.text_changed(1, [(2..3, 0)].into_iter());
        log.text_changed(2, [(0..0, 2)].into_iter());
        assert_eq!(*log.since(2, false), Dirty::Nothing);
        assert_eq!(*log.since(1, false), Dirty::Ranges(vec![0..2]));
        assert_eq!(*log.since(0, false), Dirty::Ranges(vec![0..2, 4..4]));
        log.metadata_changed(3);
        assert_eq!(*log.since(0, true), Dirty::Everything);
        assert_eq!(*log.since(2, false), Dirty::Nothing, "metadata is not read");
        assert_eq!(*log.since(0, false), Dirty::Ranges(vec![0..2, 4..4]));
        log.language_changed(4);
        assert_eq!(*log.since(0, false), Dirty::Everything);
        assert_eq!(*log.since(4, true), Dirty::Nothing);
    }

    #[test]
    fn line_slices_add_the_reach_on_both_sides() {
        let text = format!("l0\nl1\nl2\nl3\nl4\nl5\nl6\n{}", "z\n".repeat(40));
        let text = text.as_str();
        // A change inside l3: core l2..l4, slice l1..l5.
        let s = slices(text, &[10..11], Reach::Lines(1)).unwrap();
        assert_eq!(
            s,
            vec![Slice {
                slice: 3..18,
                core: 6..15
            }]
        );
        let s = slices(text, &[10..11], Reach::Lines(0)).unwrap();
        assert_eq!(s[0].core, 9..12);
        // Near the ends the slice stops at the text's edges.
        let s = slices(text, &[0..0], Reach::Lines(1)).unwrap();
        assert_eq!(s[0].slice, 0..9);
    }

    #[test]
    fn block_slices_stop_at_empty_lines_outside_the_change() {
        let text = format!("{}\n\nb1\nb2\n\nc1\n\n{}", "x".repeat(600), "y".repeat(600));
        let b1 = text.find("b1").unwrap();
        let s = slices(&text, &[b1..b1 + 1], Reach::Blocks).unwrap();
        assert_eq!(&text[s[0].core.clone()], "b1\nb2\n");
        assert_eq!(&text[s[0].slice.clone()], "\nb1\nb2\n\n");
        // A change on the empty line between b2 and c1 takes both blocks.
        let gap = text.find("b2\n").unwrap() + 3;
        let s = slices(&text, &[gap..gap], Reach::Blocks).unwrap();
        assert_eq!(&text[s[0].core.clone()], "b1\nb2\n\nc1\n");
    }

    #[test]
    fn most_of_the_text_means_the_whole_text() {
        let text = "a\nb\nc\nd\n";
        assert_eq!(slices(text, &[2..3], Reach::Lines(1)), None);
        assert_eq!(slices(text, &[2..3], Reach::Document), None);
    }
}
