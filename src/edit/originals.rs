//! The input's text under the edits, kept for a run that rewrites its input in place.
//!
//! A run that owns its input (`newsclean clean` without a report) applies its first fixes in
//! the input's own buffer instead of a copy: a 16 MB article then touches 16 MB less memory.
//! The input is gone after that, but one question about it remains at the end: whether the
//! cleaned text differs from it (`Article::changed`: whether `--in-place` rewrites the file,
//! and the summary's count). Fixes can undo each other, so "a fix was applied" does not
//! answer it. The answer needs only the input's text under the replaced segments, and that
//! is small (an entity, a space): before each apply, `SourceMap::keep_originals` copies the
//! bytes the edits are about to replace that are still copies of the input.
//!
//! Why that is enough: an input byte joins a replaced segment once (replaced segments only
//! grow and merge), and at that moment it lies in a copied segment of the working text, where
//! the text equals the input. So the pieces kept over a run tile the input ranges of the
//! final replaced segments exactly.

use super::{EditLike, SourceMap};

/// The kept pieces of the input, in the order kept: where each starts in the input, and its
/// text, one after the other in `text`.
#[derive(Debug, Default)]
pub struct Originals {
    text: String,
    pieces: Vec<Piece>,
}

/// One kept piece: its input offset and its place in `Originals::text`. An article has tens
/// of thousands, so the place is two `u32`s (the pieces of one text, less than 4 GB of edits).
#[derive(Debug, Clone, Copy)]
struct Piece {
    input_start: usize,
    at: u32,
    len: u32,
}

impl SourceMap {
    /// Keeps in `originals` the input's text that `edits` (about to be applied to `text`, in
    /// working coordinates) replace where it is still a copy of the input.
    pub fn keep_originals<E: EditLike>(&self, text: &str, edits: &[E], originals: &mut Originals) {
        // Room for a piece per edit, at once: these lists grow by tens of thousands per apply.
        originals.pieces.reserve(edits.len());
        for e in edits {
            let r = e.range();
            if r.is_empty() {
                continue;
            }
            let mut i = self.partition(|s| s.work.end <= r.start);
            while let Some(s) = self.segments.get(i).filter(|s| s.work.start < r.end) {
                let (lo, hi) = (r.start.max(s.work.start), r.end.min(s.work.end));
                if s.copied && lo < hi {
                    let at = originals.text.len();
                    originals.text.push_str(&text[lo..hi]);
                    let end = u32::try_from(originals.text.len()).expect("originals under 4 GB");
                    originals.pieces.push(Piece {
                        input_start: s.input.start + (lo - s.work.start),
                        at: at as u32,
                        len: end - at as u32,
                    });
                }
                i += 1;
            }
        }
    }

    /// `changes_anything` for a run whose input was rewritten: whether `text` differs from
    /// the input, told from the pieces `keep_originals` kept before every apply.
    pub fn changes_anything_kept(&self, text: &str, originals: &mut Originals) -> bool {
        let Originals { text: kept, pieces } = originals;
        // Each apply kept its pieces in order: a stable sort merges those runs.
        pieces.sort_by_key(|p| p.input_start);
        let mut pieces = pieces.iter().peekable();
        for s in self.segments.iter().filter(|s| !s.copied) {
            if s.work.len() != s.input.len() {
                return true;
            }
            // The pieces inside this segment's input range, in order, against its text.
            let mut at = s.work.start;
            while let Some(piece) = pieces.next_if(|p| p.input_start < s.input.end) {
                debug_assert_eq!(
                    piece.input_start - s.input.start,
                    at - s.work.start,
                    "kept pieces tile the replaced input"
                );
                let from = piece.at as usize;
                let original = &kept.as_bytes()[from..from + piece.len as usize];
                if &text.as_bytes()[at..at + original.len()] != original {
                    return true;
                }
                at += original.len();
            }
            debug_assert_eq!(at, s.work.end, "kept pieces cover the replaced input");
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;

    /// Applies `rounds` of edits in place, keeping originals, and returns whether the kept
    /// answer and the one from the input agree, with that answer.
    fn kept_and_true_answers(input: &str, rounds: &[Vec<Edit>]) -> (bool, bool) {
        let mut map = SourceMap::identity(input.len());
        let mut text = input.to_owned();
        let mut spare = String::new();
        let mut originals = Originals::default();
        for edits in rounds {
            map.keep_originals(&text, edits, &mut originals);
            map.apply_in_place(&mut text, edits, &mut spare);
        }
        let truth = map.changes_anything(input, &text);
        (map.changes_anything_kept(&text, &mut originals), truth)
    }

    #[test]
    fn a_fix_undone_by_a_later_one_changes_nothing() {
        let rounds = vec![
            vec![Edit::new(3..4, "\u{2019}")],
            vec![Edit::new(3..6, "'")],
        ];
        assert_eq!(kept_and_true_answers("Bob's hat", &rounds), (false, false));
    }

    #[test]
    fn an_edit_that_keeps_the_length_but_not_the_text_is_a_change() {
        let rounds = vec![vec![Edit::new(0..1, "b")], vec![Edit::new(2..3, "c")]];
        assert_eq!(kept_and_true_answers("a a a", &rounds), (true, true));
    }

    #[test]
    fn replacing_text_with_itself_is_no_change() {
        let rounds = vec![
            vec![Edit::new(1..3, "bc"), Edit::insert(5, "")],
            vec![Edit::new(0..4, "abcd")],
        ];
        assert_eq!(kept_and_true_answers("abcdef", &rounds), (false, false));
    }
}
