//! Edits and the source map that keeps every working-text position tied to the input.
//!
//! Passes see the *working text* (the input with earlier fixes applied) and propose edits in
//! its coordinates. `SourceMap` records, as a sorted tiling of the working text, which spans
//! are still copies of the input and which were produced by edits, so that any working offset
//! maps back to the input and the whole history composes into one list of input edits such
//! that `apply(input, edits) == cleaned`. Applying a batch of edits walks the old segments
//! once, so a pass that changes nothing costs nothing and a pass with many edits stays linear.

mod originals;

pub use originals::Originals;

use serde::Serialize;
use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;

/// Replace `range` (byte offsets) with `content`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    #[serde(serialize_with = "serialize_range")]
    pub byte_range: Range<usize>,
    /// Borrowed when the replacement is a constant (a deletion, a space, a decoded entity
    /// from the table), so the commonest fixes allocate nothing: a dump has tens of
    /// thousands of them.
    pub content: Cow<'static, str>,
}

impl Edit {
    pub fn new(range: Range<usize>, content: impl Into<Cow<'static, str>>) -> Self {
        Edit {
            byte_range: range,
            content: content.into(),
        }
    }

    pub fn delete(range: Range<usize>) -> Self {
        Edit::new(range, "")
    }

    pub fn insert(at: usize, content: impl Into<Cow<'static, str>>) -> Self {
        Edit::new(at..at, content)
    }
}

pub(crate) fn serialize_range<S: serde::Serializer>(
    r: &Range<usize>,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeTuple;
    let mut t = s.serialize_tuple(2)?;
    t.serialize_element(&r.start)?;
    t.serialize_element(&r.end)?;
    t.end()
}

/// What applying an edit needs of it: the range it replaces and the text that goes there. The
/// pipeline applies fixes by reference to the edits its report keeps, without copying them.
pub trait EditLike {
    fn range(&self) -> &Range<usize>;
    fn content(&self) -> &str;
}

impl EditLike for Edit {
    fn range(&self) -> &Range<usize> {
        &self.byte_range
    }
    fn content(&self) -> &str {
        &self.content
    }
}

impl EditLike for (Range<usize>, &str) {
    fn range(&self) -> &Range<usize> {
        &self.0
    }
    fn content(&self) -> &str {
        self.1
    }
}

/// Applies sorted, non-overlapping edits to `text`. Panics on overlapping or unsorted edits,
/// which would be a bug in the caller.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        assert!(e.byte_range.start >= at, "edits overlap or are unsorted");
        out.push_str(&text[at..e.byte_range.start]);
        out.push_str(&e.content);
        at = e.byte_range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// True when edits are sorted, non-overlapping, inside `len`, and (for distinct edits at one
/// point) not two insertions at the same place, which would have no defined order.
pub fn are_well_formed<E: EditLike>(edits: &[E], text: &str) -> bool {
    let mut at = 0;
    let mut last_insert_at = None;
    for e in edits {
        let r = e.range();
        if r.start > r.end || r.start < at || r.end > text.len() {
            return false;
        }
        if !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            return false;
        }
        if r.start == r.end {
            if last_insert_at == Some(r.start) {
                return false;
            }
            last_insert_at = Some(r.start);
        }
        at = r.end;
    }
    true
}

/// A span of the working text and the input span it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Segment {
    work: Range<usize>,
    input: Range<usize>,
    /// Copied segments map byte for byte (`work.len() == input.len()`); replaced ones stand
    /// for their whole input range.
    copied: bool,
    /// For a replaced segment, the number of the apply that last wrote it (see
    /// `SourceMap::changed_since`); 0 for copies.
    stamp: u16,
    /// For a replaced segment, the number of the last apply that changed more than its
    /// spacing (`Change::Content`): what a pass unaffected by spacing needs to look at again.
    content_stamp: u16,
}

/// What a batch of edits changes, for the passes that run again over what changed
/// (`SourceMap::changed_since`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Anything.
    Content,
    /// Only spacing, as the `whitespace` rule tidies it (`Pass::tidies_spacing`).
    Spacing,
}

/// Maps working-text offsets to input offsets; see the module doc.
///
/// Invariant: segments tile both the working text and the input, in order. A deletion is a
/// replaced segment with an empty working span; two replaced segments are never adjacent
/// (they merge), so replaced spans are never cut.
#[derive(Clone, Debug)]
pub struct SourceMap {
    segments: Vec<Segment>,
    input_len: usize,
    /// Where the last lookup landed. Findings and edits come nearly in text order, so the
    /// next lookup searches forward from here (a few steps) instead of bisecting a vector
    /// that holds a segment per edit so far (cache misses at every step).
    hint: Cell<usize>,
    /// The segments before the last apply, kept for their memory: the next apply rebuilds
    /// into them. A dump with an edit every few hundred bytes has megabytes of
    /// segments, and a fresh vector each time costs its pages again.
    spare_segments: Vec<Segment>,
    /// How many applies changed the text so far: the stamp of the last one. A pipeline run
    /// makes a few dozen at most (a bounded number of rounds of its passes).
    applies: u16,
}

impl SourceMap {
    /// The identity map over an input of `len` bytes.
    pub fn identity(len: usize) -> Self {
        let segments = if len == 0 {
            Vec::new()
        } else {
            vec![Segment {
                work: 0..len,
                input: 0..len,
                copied: true,
                stamp: 0,
                content_stamp: 0,
            }]
        };
        SourceMap {
            segments,
            input_len: len,
            hint: Cell::new(0),
            spare_segments: Vec::new(),
            applies: 0,
        }
    }

    /// The stamp of the last apply that changed the text (0 before any): what a pass that
    /// reads the text now will have seen, for a later `changed_since`.
    pub fn stamp(&self) -> u32 {
        u32::from(self.applies)
    }

    /// The working ranges written by the applies after `stamp`, in order and disjoint: each
    /// replaced span (or deletion, an empty range) whose text changed since then. Everything
    /// else in the working text is as it was when the stamp was taken, only moved. With
    /// `ignoring_spacing`, the spans only `Change::Spacing` applies changed since are left
    /// out (for a pass unaffected by spacing).
    pub fn changed_since(&self, stamp: u32, ignoring_spacing: bool) -> Vec<Range<usize>> {
        self.segments
            .iter()
            .filter(|s| {
                let changed = if ignoring_spacing {
                    s.content_stamp
                } else {
                    s.stamp
                };
                !s.copied && u32::from(changed) > stamp
            })
            .map(|s| s.work.clone())
            .collect()
    }

    /// The index of the first segment for which `pred` is false (`pred` is true for a prefix
    /// of the segments), searched from the last answer: galloping forward when it lies
    /// ahead, bisecting the part before when it lies behind.
    fn partition(&self, pred: impl Fn(&Segment) -> bool) -> usize {
        let segs = &self.segments;
        let h = self.hint.get().min(segs.len());
        let i = if h == 0 || pred(&segs[h - 1]) {
            let (mut lo, mut step) = (h, 1);
            loop {
                let probe = lo + step;
                if probe > segs.len() || !pred(&segs[probe - 1]) {
                    let hi = (probe - 1).min(segs.len());
                    break lo + segs[lo..hi].partition_point(&pred);
                }
                lo = probe;
                step *= 2;
            }
        } else {
            segs[..h].partition_point(&pred)
        };
        self.hint.set(i);
        i
    }

    /// Input offset of a working-text position used as a range start. Deletions that sit at
    /// `at` are passed over: the position lies after them.
    pub fn to_input_start(&self, at: usize) -> usize {
        let i = self.partition(|s| s.work.end <= at);
        match self.segments.get(i) {
            None => self.input_len,
            Some(s) if s.copied => s.input.start + (at - s.work.start),
            // Inside (or at the start of) a replaced span: it stands for its whole input.
            Some(s) => s.input.start,
        }
    }

    /// Input offset of a working-text position used as a range end. Deletions that sit at
    /// `at` are not included: the position lies before them.
    pub fn to_input_end(&self, at: usize) -> usize {
        if at == 0 {
            return 0;
        }
        let i = self.partition(|s| s.work.end < at);
        match self.segments.get(i) {
            None => self.input_len,
            Some(s) if s.copied => s.input.start + (at - s.work.start),
            Some(s) => s.input.end,
        }
    }

    /// Maps a working range to the input range it stands for.
    pub fn to_input(&self, r: Range<usize>) -> Range<usize> {
        let start = self.to_input_start(r.start);
        if r.start == r.end {
            return start..start;
        }
        let end = self.to_input_end(r.end).max(start);
        start..end
    }

    /// The replaced segment that strictly contains `at` (start < at < end), if any.
    fn replaced_around(&self, at: usize) -> Option<&Segment> {
        let i = self.partition(|s| s.work.end <= at);
        self.segments
            .get(i)
            .filter(|s| !s.copied && s.work.start < at)
    }

    /// Applies sorted, non-overlapping `edits` (working coordinates) to `text`, returning the
    /// new working text and updating the map. An edit that cuts into a replaced span takes the
    /// whole span, so replaced spans always stand for whole input ranges.
    pub fn apply(&mut self, text: &str, edits: &[Edit]) -> String {
        let mut out = String::new();
        self.apply_into(text, edits, &mut out);
        out
    }

    /// `apply`, writing the new working text into `out` (cleared first). A caller that
    /// applies pass after pass can hand back the previous text's buffer, so the memory for
    /// a large document is allocated and faulted in once instead of once per pass.
    pub fn apply_into<E: EditLike>(&mut self, text: &str, edits: &[E], out: &mut String) {
        self.apply_into_as(text, edits, out, Change::Content);
    }

    /// `apply_into`, of edits that change what `change` says.
    pub fn apply_into_as<E: EditLike>(
        &mut self,
        text: &str,
        edits: &[E],
        out: &mut String,
        change: Change,
    ) {
        out.clear();
        if edits.is_empty() {
            out.push_str(text);
            return;
        }
        debug_assert!(are_well_formed(edits, text), "edits not well formed");
        let groups = self.widen(text, edits);
        self.rebuild_into(text, &groups, out, change);
    }

    /// Writes `text` with `groups` replaced into `out` (empty), rebuilding the segments.
    fn rebuild_into(
        &mut self,
        text: &str,
        groups: &[(Range<usize>, Cow<'_, str>)],
        out: &mut String,
        change: Change,
    ) {
        out.reserve(text.len() + 16);
        let mut sink = Fresh { old: text, out };
        self.rebuild(groups, text.len(), &mut sink, change);
        debug_assert!(self.is_consistent(out.len()), "{:?}", self.segments);
    }

    /// `apply`, rewriting `text` in its own buffer, so a large document needs one buffer, not
    /// two: front to back when no prefix of the edits lengthens the text (deletions and
    /// shorter replacements, nearly every fix), back to front when no prefix shortens it
    /// (insertions). A mix is written into `spare`, which then holds the old text's buffer.
    pub fn apply_in_place<E: EditLike>(
        &mut self,
        text: &mut String,
        edits: &[E],
        spare: &mut String,
    ) {
        self.apply_in_place_as(text, edits, spare, Change::Content);
    }

    /// `apply_in_place`, of edits that change what `change` says.
    pub fn apply_in_place_as<E: EditLike>(
        &mut self,
        text: &mut String,
        edits: &[E],
        spare: &mut String,
        change: Change,
    ) {
        if edits.is_empty() {
            return;
        }
        debug_assert!(are_well_formed(edits, text), "edits not well formed");
        let groups = self.widen(text, edits);
        // The change in length up to the end of each edit: never above zero, the text is
        // rewritten front to back; never below, back to front; else in a second buffer.
        let (mut growth, mut above, mut below) = (0isize, false, false);
        for (range, content) in &groups {
            growth += content.len() as isize - range.len() as isize;
            above |= growth > 0;
            below |= growth < 0;
        }
        if above && below {
            spare.clear();
            self.rebuild_into(text, &groups, spare, change);
            std::mem::swap(text, spare);
            return;
        }
        let old_len = text.len();
        let bytes = if above {
            let new_len = old_len + growth as usize;
            let mut sink = BackToFront {
                old: text.as_bytes(),
                written: 0,
                moves: Vec::new(),
            };
            self.rebuild(&groups, old_len, &mut sink, change);
            debug_assert_eq!(sink.written, new_len);
            let moves = sink.moves;
            let mut bytes = std::mem::take(text).into_bytes();
            bytes.resize(new_len, 0);
            for (from, content, at) in moves.into_iter().rev() {
                match from {
                    Some(from) => {
                        assert!(at >= from.start);
                        bytes.copy_within(from, at);
                    }
                    None => bytes[at..at + content.len()].copy_from_slice(content.as_bytes()),
                }
            }
            bytes
        } else {
            let mut sink = InPlace {
                bytes: std::mem::take(text).into_bytes(),
                written: 0,
            };
            self.rebuild(&groups, old_len, &mut sink, change);
            let InPlace { mut bytes, written } = sink;
            bytes.truncate(written);
            bytes
        };
        debug_assert!(std::str::from_utf8(&bytes).is_ok());
        // SAFETY: `bytes` is a run of whole pieces: copies of the old text between char
        // boundaries (both sinks' `copy_old` assert both ends, on bytes not yet overwritten)
        // and `&str` contents.
        *text = unsafe { String::from_utf8_unchecked(bytes) };
        debug_assert!(self.is_consistent(text.len()), "{:?}", self.segments);
    }

    /// Writes the new text into `sink` (the old text with `groups` replaced) and rebuilds the
    /// segments to match.
    fn rebuild<'c>(
        &mut self,
        groups: &'c [(Range<usize>, Cow<'_, str>)],
        old_len: usize,
        sink: &mut impl Sink<'c>,
        change: Change,
    ) {
        // The segments wholly before the first group, and the text they cover, stay as they
        // are: they are not walked, and an in-place sink does not move their bytes. A pass
        // with a few fixes near the end (a trailer cut) then costs what follows them.
        let first = groups.first().map_or(old_len, |(range, _)| range.start);
        let keep = self.segments.partition_point(|s| s.work.end < first);
        let kept_text = keep.checked_sub(1).map_or(0, |k| self.segments[k].work.end);
        // Most segments before the first group: the rest is rebuilt and put after them in
        // place. Else the whole list is rebuilt into the spare one, and the two trade.
        let in_place = keep * 2 > self.segments.len();
        let mut segs = std::mem::take(&mut self.spare_segments);
        segs.clear();
        let needed = self.segments.len() + 2 * groups.len();
        if segs.capacity() < needed {
            // A fresh vector: growing the spare would copy its stale segments over first.
            // Twice what is needed, so that the next applies (the list grows with every
            // edit) find room in it: only the pages written are ever faulted in, and a
            // fresh vector per apply cost each apply its pages again.
            segs = Vec::with_capacity(needed.saturating_mul(2));
        }
        if !in_place {
            segs.extend_from_slice(&self.segments[..keep]);
        }
        sink.skip_to(kept_text);
        self.applies = self
            .applies
            .checked_add(1)
            .expect("fewer than 65,536 applies to one text");
        let stamp = self.applies;
        let mut walk = Walk {
            seg_i: keep,
            cursor: kept_text,
        };
        for (range, content) in groups {
            walk.emit_until(&self.segments, range.start, sink, &mut segs);
            let input = self.to_input(range.clone());
            // A spacing change keeps the content changes of the replaced spans it takes in,
            // when the span it makes stands for the same input as each of them. Joined to
            // more input, a span moves what lies in it to other input offsets, which is how a
            // run tells findings apart: a pass must look there again, or it would miss
            // (or, run over everything, report again) what it found there before.
            let content_stamp = match change {
                Change::Content => stamp,
                Change::Spacing => self.segments[walk.seg_i..]
                    .iter()
                    .take_while(|s| s.work.start < range.end)
                    .filter(|s| !s.copied)
                    .try_fold(0, |latest, s| {
                        (s.input == input).then_some(latest.max(s.content_stamp))
                    })
                    .unwrap_or(stamp),
            };
            let start = sink.len();
            sink.push(content);
            push_segment(
                &mut segs,
                Segment {
                    work: start..sink.len(),
                    input,
                    copied: false,
                    stamp,
                    content_stamp,
                },
            );
            walk.cursor = range.end;
        }
        walk.emit_until(&self.segments, old_len, sink, &mut segs);
        if in_place {
            self.segments.truncate(keep);
            self.segments.extend_from_slice(&segs);
            self.spare_segments = segs;
        } else {
            self.spare_segments = std::mem::replace(&mut self.segments, segs);
        }
        self.hint.set(0);
    }

    /// Widens each edit to the boundaries of replaced spans it cuts into, merging edits that
    /// then overlap. Returns (working range, replacement text) groups, sorted and disjoint.
    fn widen<'e, E: EditLike>(
        &self,
        text: &str,
        edits: &'e [E],
    ) -> Vec<(Range<usize>, Cow<'e, str>)> {
        let mut groups: Vec<(Range<usize>, Cow<'e, str>)> = Vec::with_capacity(edits.len());
        for e in edits {
            let (s, t) = (e.range().start, e.range().end);
            let a = self.replaced_around(s).map_or(s, |seg| seg.work.start);
            let b = self.replaced_around(t).map_or(t, |seg| seg.work.end);
            let b = if s == t {
                // An insertion strictly inside a replaced span takes the span's end too.
                self.replaced_around(s).map_or(b, |seg| seg.work.end)
            } else {
                b
            };
            match groups.last_mut() {
                Some((last, content)) if a < last.end => {
                    // The previous group's tail from `s` on is verbatim text (edits do not
                    // overlap), so cut it back to `s` and continue from there.
                    let content = content.to_mut();
                    let verbatim_from = s.min(last.end);
                    content.truncate(content.len() - (last.end - verbatim_from));
                    content.push_str(&text[verbatim_from..s]);
                    content.push_str(e.content());
                    content.push_str(&text[t..b.max(t)]);
                    if last.end > b {
                        content.push_str(&text[b..last.end]);
                    }
                    last.end = last.end.max(b);
                }
                // The common case, an edit clear of replaced spans, borrows its content.
                _ if (a, b) == (s, t) => groups.push((a..b, Cow::Borrowed(e.content()))),
                _ => {
                    let mut content = String::with_capacity(e.content().len() + (b - a));
                    content.push_str(&text[a..s]);
                    content.push_str(e.content());
                    content.push_str(&text[t..b]);
                    groups.push((a..b, Cow::Owned(content)));
                }
            }
        }
        groups
    }

    /// The composed edits in input coordinates: each replaced segment with its current text,
    /// dropping those whose text equals the input they stand for.
    pub fn composed_edits(&self, input: &str, text: &str) -> Vec<Edit> {
        self.changed_segments(input, text)
            .map(|s| Edit::new(s.input.clone(), text[s.work.clone()].to_owned()))
            .collect()
    }

    /// Whether `composed_edits` would give any edit, without building them.
    pub fn changes_anything(&self, input: &str, text: &str) -> bool {
        self.changed_segments(input, text).next().is_some()
    }

    fn changed_segments<'s>(
        &'s self,
        input: &'s str,
        text: &'s str,
    ) -> impl Iterator<Item = &'s Segment> + 's {
        self.segments
            .iter()
            .filter(|s| !s.copied)
            .filter(move |s| text[s.work.clone()] != input[s.input.clone()])
    }

    fn is_consistent(&self, work_len: usize) -> bool {
        let mut w = 0;
        let mut i = 0;
        let (mut last_replaced, mut last_copied) = (false, false);
        for s in &self.segments {
            if s.work.start != w || s.input.start != i {
                return false;
            }
            if s.copied && s.work.len() != s.input.len() {
                return false;
            }
            if !s.copied && last_replaced {
                return false;
            }
            // Two copies that continue each other are one segment (`push_segment` merges
            // them); `move_whole_segments` counts on it.
            if s.copied && last_copied {
                return false;
            }
            last_replaced = !s.copied;
            last_copied = s.copied;
            w = s.work.end;
            i = s.input.end;
        }
        w == work_len && i == self.input_len
    }
}

/// Where `rebuild` writes the new text: pieces of the old text and replacement contents, in
/// order.
trait Sink<'c> {
    /// Bytes written so far.
    fn len(&self) -> usize;
    /// Appends the old text's bytes `from..to`.
    fn copy_old(&mut self, from: usize, to: usize);
    /// Takes the old text's first `len` bytes as they are (before anything is written).
    fn skip_to(&mut self, len: usize);
    fn push(&mut self, content: &'c str);
}

/// A new buffer beside the old text.
struct Fresh<'a> {
    old: &'a str,
    out: &'a mut String,
}

impl Sink<'_> for Fresh<'_> {
    fn len(&self) -> usize {
        self.out.len()
    }

    fn copy_old(&mut self, from: usize, to: usize) {
        self.out.push_str(&self.old[from..to]);
    }

    fn skip_to(&mut self, len: usize) {
        self.copy_old(0, len);
    }

    fn push(&mut self, content: &str) {
        self.out.push_str(content);
    }
}

/// The old text's own buffer, rewritten front to back. Sound only when the new text up to
/// the end of each replaced range is no longer than the old: then the write position never
/// passes the read position, and every byte is read before it is overwritten.
struct InPlace {
    bytes: Vec<u8>,
    written: usize,
}

impl Sink<'_> for InPlace {
    fn len(&self) -> usize {
        self.written
    }

    fn copy_old(&mut self, from: usize, to: usize) {
        // The old bytes from `from` on are untouched (writes stay behind reads), so these are
        // the old text's: both ends must be char boundaries, as `&old[from..to]` requires.
        assert!(from >= self.written && from <= to);
        assert!(is_char_boundary(&self.bytes, from) && is_char_boundary(&self.bytes, to));
        self.bytes.copy_within(from..to, self.written);
        self.written += to - from;
    }

    fn skip_to(&mut self, len: usize) {
        // The bytes are already where they belong.
        assert!(self.written == 0 && is_char_boundary(&self.bytes, len));
        self.written = len;
    }

    fn push(&mut self, content: &str) {
        let end = self.written + content.len();
        self.bytes[self.written..end].copy_from_slice(content.as_bytes());
        self.written = end;
    }
}

/// A plan of the writes, made front to back and carried out back to front in the old text's
/// buffer, grown first. Sound only when the new text up to the start of each piece is no
/// shorter than the old (every piece moves right or stays): then each write lands on bytes
/// that were read already or that a replaced range gave up.
struct BackToFront<'c, 'b> {
    old: &'b [u8],
    written: usize,
    /// (old range, or `None` for `content`; where it goes), in the order written. Copies of
    /// adjacent old pieces to adjacent places are merged: one per gap between edits.
    moves: Vec<(Option<Range<usize>>, &'c str, usize)>,
}

impl<'c> Sink<'c> for BackToFront<'c, '_> {
    fn len(&self) -> usize {
        self.written
    }

    fn copy_old(&mut self, from: usize, to: usize) {
        // Checked while the buffer is still the old text: both ends are char boundaries.
        assert!(from <= to && from <= self.written);
        assert!(is_char_boundary(self.old, from) && is_char_boundary(self.old, to));
        match self.moves.last_mut() {
            Some((Some(last), _, at)) if last.end == from && *at + last.len() == self.written => {
                last.end = to;
            }
            _ => self.moves.push((Some(from..to), "", self.written)),
        }
        self.written += to - from;
    }

    fn push(&mut self, content: &'c str) {
        self.moves.push((None, content, self.written));
        self.written += content.len();
    }

    fn skip_to(&mut self, len: usize) {
        // The bytes are already where they belong: no move.
        assert!(self.written == 0 && is_char_boundary(self.old, len));
        self.written = len;
    }
}

/// `str::is_char_boundary` on bytes: the end, or a byte that is not a UTF-8 continuation.
fn is_char_boundary(bytes: &[u8], i: usize) -> bool {
    bytes
        .get(i)
        .map_or(i == bytes.len(), |&b| (b as i8) >= -0x40)
}

/// The walk over old segments while `apply` rebuilds them.
struct Walk {
    seg_i: usize,
    /// Working offset (old text) consumed so far.
    cursor: usize,
}

impl Walk {
    /// Emits the old material between the cursor and `limit`, including deletions that sit at
    /// `limit` (they come before whatever starts there). Material inside an applied group is
    /// skipped: the group stands for it.
    fn emit_until<'c>(
        &mut self,
        old: &[Segment],
        limit: usize,
        sink: &mut impl Sink<'c>,
        segs: &mut Vec<Segment>,
    ) {
        // The old text from the cursor to where the walk stops is one contiguous run, copied
        // in one piece at the end; the segments over it only move. (A copy per segment was
        // one small move per earlier edit, tens of thousands per apply on a large dump.)
        let (start, base) = (self.cursor, sink.len());
        while let Some(s) = old.get(self.seg_i) {
            let empty = s.work.is_empty();
            let consumed = if empty {
                s.work.start < self.cursor
            } else {
                s.work.end <= self.cursor
            };
            if consumed {
                self.seg_i += 1;
                continue;
            }
            if s.work.start > limit || (s.work.start == limit && !empty) {
                break;
            }
            let at = base + (self.cursor - start);
            if empty {
                push_segment(
                    segs,
                    Segment {
                        work: at..at,
                        input: s.input.clone(),
                        copied: false,
                        stamp: s.stamp,
                        content_stamp: s.content_stamp,
                    },
                );
                self.seg_i += 1;
            } else {
                // Segments tile the text: the first one not consumed holds the cursor.
                debug_assert!(s.work.start <= self.cursor);
                let to = s.work.end.min(limit);
                push_piece(segs, s, self.cursor, to, at);
                self.cursor = to;
                if to < s.work.end {
                    break;
                }
                self.seg_i += 1;
            }
            self.move_whole_segments(old, limit, start, base, segs);
        }
        if self.cursor > start {
            sink.copy_old(start, self.cursor);
        }
    }

    /// Emits, after a first segment, the old segments from `seg_i` on that end by `limit`:
    /// each moves by the same amount and nothing else changes. None of them merges with the
    /// one before (the old list had no pair that would, and moving keeps that true), so they
    /// are copied as a block, not pushed one by one: a dump with an edit every few hundred
    /// bytes has a hundred thousand segments after its last edit, and every apply walks them.
    fn move_whole_segments(
        &mut self,
        old: &[Segment],
        limit: usize,
        start: usize,
        base: usize,
        segs: &mut Vec<Segment>,
    ) {
        let rest = &old[self.seg_i..];
        let whole = &rest[..rest.partition_point(|s| s.work.end <= limit)];
        let Some(last) = whole.last() else { return };
        debug_assert!(whole[0].work.start == self.cursor);
        // Working offsets move from the old text's `start` to the new one's `base`.
        let moved = |at: usize| at - start + base;
        segs.extend(whole.iter().map(|s| Segment {
            work: moved(s.work.start)..moved(s.work.end),
            ..s.clone()
        }));
        self.cursor = last.work.end;
        self.seg_i += whole.len();
    }
}

/// Appends the part `[from, to)` of segment `s`, placed at working offset `at`.
fn push_piece(segs: &mut Vec<Segment>, s: &Segment, from: usize, to: usize, at: usize) {
    if from >= to {
        return;
    }
    let piece = if s.copied {
        let offset = from - s.work.start;
        Segment {
            work: at..at + (to - from),
            input: s.input.start + offset..s.input.start + offset + (to - from),
            copied: true,
            stamp: 0,
            content_stamp: 0,
        }
    } else {
        debug_assert_eq!(
            (from, to),
            (s.work.start, s.work.end),
            "replaced spans are never cut"
        );
        Segment {
            work: at..at + (to - from),
            input: s.input.clone(),
            copied: false,
            stamp: s.stamp,
            content_stamp: s.content_stamp,
        }
    };
    push_segment(segs, piece);
}

/// Appends a segment, merging it with the previous one when both are replaced, or both are
/// copies that continue each other.
fn push_segment(segs: &mut Vec<Segment>, seg: Segment) {
    if seg.work.is_empty() && seg.input.is_empty() {
        return;
    }
    if let Some(last) = segs.last_mut() {
        let continues = last.copied && seg.copied && last.input.end == seg.input.start;
        let joined = !last.copied && !seg.copied;
        if continues || joined {
            // Joined, each of two replaced spans stands for more input than it did: what lies
            // in it moved to other input offsets, which is how a run tells findings apart.
            // When one holds text from a content change, that is a change for every pass,
            // even when the apply only tidied spacing (its spacing alone holds no finding).
            let holds_content = |s: &Segment| s.content_stamp > 0 && !s.work.is_empty();
            let moved = joined && (holds_content(last) || holds_content(&seg));
            last.work.end = seg.work.end;
            last.input.end = seg.input.end;
            last.stamp = last.stamp.max(seg.stamp);
            last.content_stamp = if moved {
                last.stamp
            } else {
                last.content_stamp.max(seg.content_stamp)
            };
            return;
        }
    }
    segs.push(seg);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_from_the_last_answer_agree_with_bisection() {
        // A map of many segments: every third byte of "abc..." replaced or deleted.
        let input = "abcdefghij".repeat(30);
        let mut map = SourceMap::identity(input.len());
        let edits: Vec<Edit> = (0..input.len())
            .step_by(3)
            .map(|i| Edit::new(i..i + 1, if i % 2 == 0 { "" } else { "XY" }))
            .collect();
        let text = map.apply(&input, &edits);
        let plain_start = |at: usize| {
            let i = map.segments.partition_point(|s| s.work.end <= at);
            map.segments.get(i).map_or(map.input_len, |s| {
                if s.copied {
                    s.input.start + (at - s.work.start)
                } else {
                    s.input.start
                }
            })
        };
        // Forward, backward and jumping orders all give the bisection's answers.
        let forward: Vec<usize> = (0..=text.len()).collect();
        let backward: Vec<usize> = forward.iter().rev().copied().collect();
        let jumping: Vec<usize> = (0..=text.len())
            .map(|i| (i * 37) % (text.len() + 1))
            .collect();
        for order in [forward, backward, jumping] {
            for at in order {
                assert_eq!(map.to_input_start(at), plain_start(at), "at {at}");
            }
        }
    }

    fn run(input: &str, rounds: &[Vec<Edit>]) -> (String, Vec<Edit>) {
        let mut map = SourceMap::identity(input.len());
        let mut text = input.to_owned();
        for edits in rounds {
            text = map.apply(&text, edits);
        }
        let composed = map.composed_edits(input, &text);
        assert!(are_well_formed(&composed, input), "{composed:?}");
        assert_eq!(apply(input, &composed), text, "round trip");
        (text, composed)
    }

    #[test]
    fn late_edits_keep_what_comes_before_them_in_place() {
        let input = "abcdefghij".repeat(20);
        let mut map = SourceMap::identity(input.len());
        let (mut text, mut spare) = (input.clone(), String::new());
        // A deletion every 7 bytes: many segments.
        let spread: Vec<Edit> = (0..input.len())
            .step_by(7)
            .map(|i| Edit::delete(i..i + 1))
            .collect();
        map.apply_in_place(&mut text, &spread, &mut spare);
        let mut expected = apply(&input, &spread);
        // Then edits near the end, which rebuild only the segments after most of the others:
        // one shortening, one lengthening (both in-place directions), one deleting. Given as
        // (from the end, to the end, content).
        for (from_end, to_end, content) in [(60, 58, "Z"), (70, 70, "LONGER"), (75, 74, "")] {
            let len = expected.len();
            let edits = [Edit::new(len - from_end..len - to_end, content)];
            expected = apply(&expected, &edits);
            map.apply_in_place(&mut text, &edits, &mut spare);
            assert_eq!(text, expected, "{content:?}");
            assert!(map.is_consistent(text.len()), "{content:?}");
        }
        let composed = map.composed_edits(&input, &text);
        assert_eq!(apply(&input, &composed), text);
    }

    #[test]
    fn single_round_maps_back() {
        let (text, edits) = run(
            "a  b\r\n",
            &[vec![Edit::new(1..3, " "), Edit::new(4..6, "\n")]],
        );
        assert_eq!(text, "a b\n");
        assert_eq!(edits.len(), 2);
    }

    #[test]
    fn edit_inside_an_earlier_replacement_takes_it_whole() {
        let (text, edits) = run(
            "xx&amp;yy",
            &[vec![Edit::new(2..7, "&")], vec![Edit::new(1..3, "-")]],
        );
        assert_eq!(text, "x-yy");
        assert_eq!(edits, vec![Edit::new(1..7, "-")]);
    }

    #[test]
    fn insertions_and_deletions_at_the_edges() {
        let (text, _) = run(
            "  hello",
            &[
                vec![Edit::delete(0..2), Edit::insert(7, "\n")],
                vec![Edit::insert(0, ">")],
            ],
        );
        assert_eq!(text, ">hello\n");
    }

    #[test]
    fn maps_positions_after_edits() {
        let mut map = SourceMap::identity(10);
        let text = map.apply("0123456789", &[Edit::new(2..4, "")]);
        assert_eq!(text, "01456789");
        assert_eq!(map.to_input(2..3), 4..5);
        assert_eq!(map.to_input(0..2), 0..2);
    }

    #[test]
    fn deleting_everything_keeps_a_consistent_map() {
        let (text, edits) = run("abc", &[vec![Edit::delete(0..3)], vec![]]);
        assert_eq!(text, "");
        assert_eq!(edits, vec![Edit::delete(0..3)]);
    }

    #[test]
    fn spacing_changes_are_left_out_only_for_what_they_alone_changed() {
        fn apply(map: &mut SourceMap, text: &mut String, edits: &[Edit], change: Change) {
            map.apply_in_place_as(text, edits, &mut String::new(), change);
        }
        fn spans(map: &SourceMap, text: &str, since: u32, ignoring: bool) -> Vec<String> {
            let changed = map.changed_since(since, ignoring);
            changed.into_iter().map(|r| text[r].to_owned()).collect()
        }
        let mut map = SourceMap::identity(14);
        let mut text = "ab  cd  ef  gh".to_owned();
        // Stamp 1 changes `cd`; stamp 2 tidies the spaces around it (the three replaced
        // spans merge) and those after `ef`.
        apply(
            &mut map,
            &mut text,
            &[Edit::new(4..6, "CD")],
            Change::Content,
        );
        let tidy = [2..4, 6..8, 10..12].map(|r| Edit::new(r, " "));
        apply(&mut map, &mut text, &tidy, Change::Spacing);
        assert_eq!(text, "ab CD ef gh");
        assert_eq!(spans(&map, &text, 0, false), [" CD ", " "]);
        assert_eq!(spans(&map, &text, 1, false), [" CD ", " "]);
        // Since stamp 0, the merged span holds stamp 1's content change. Since stamp 1, the
        // tidying joined `CD` to the spaces around it: what lay in `CD` now maps to more
        // input (a finding there is told apart by that), so it counts as changed; the run
        // of spaces after `ef`, tidied alone, does not.
        assert_eq!(spans(&map, &text, 0, true), [" CD "]);
        assert_eq!(spans(&map, &text, 1, true), [" CD "]);
        assert!(spans(&map, &text, 2, true).is_empty());
        // A later content change is seen again.
        apply(
            &mut map,
            &mut text,
            &[Edit::new(9..11, "GH")],
            Change::Content,
        );
        assert_eq!(spans(&map, &text, 2, true), [" GH"]);
        // A spacing change within a content-changed span, standing for the same input, keeps
        // its stamp.
        apply(
            &mut map,
            &mut text,
            &[Edit::new(8..11, " GH")],
            Change::Spacing,
        );
        assert_eq!(spans(&map, &text, 2, true), [" GH"]);
        assert!(spans(&map, &text, 3, true).is_empty());
        assert_eq!(spans(&map, &text, 3, false), [" GH"]);

        // One tidying whose two edits make two spans that join: one within a content-changed
        // span (standing for the same input), one beside it. Joined, `CD` maps to more input.
        let mut map = SourceMap::identity(8);
        let mut text = "abcd  ef".to_owned();
        apply(
            &mut map,
            &mut text,
            &[Edit::new(2..4, "CD")],
            Change::Content,
        );
        let tidy = [Edit::new(3..4, "D"), Edit::new(4..6, " ")];
        apply(&mut map, &mut text, &tidy, Change::Spacing);
        assert_eq!(text, "abCD ef");
        assert_eq!(spans(&map, &text, 1, true), ["CD "]);
    }
}
