//! Keeps a text's stopword votes right across edits, so that deciding the language again
//! after a round of repairs costs what the edits touched, not a second count of the text.
//!
//! Words are maximal runs of letters. An edit can change only the words it overlaps or
//! touches: widened to the letters on either side, the old stretch of text and the new one
//! hold every word that changed, and a letter-free character outside bounds them. So the
//! new votes are the old ones, minus the votes of the words in each old stretch, plus those
//! of the words in its new stretch. This holds while the votes cover every word of the
//! text; once a text has `MAX_WORDS` words, an edit shifts which words are looked at, and
//! the caller counts again.

use crate::edit::EditLike;
use crate::language::{for_each_word, stopword_lists, Votes};

impl Votes {
    /// The votes of `text` with `edits` applied (sorted, not overlapping, in `text`'s
    /// coordinates), given that `self` are the votes of `text`; `None` when they cannot be
    /// had from the edits (the votes or the new ones do not cover the whole text).
    pub fn after_edits<E: EditLike>(&self, text: &str, edits: &[E]) -> Option<Votes> {
        if !self.cover_the_whole_text() {
            return None;
        }
        let (mut per_list, mut words) = (self.per_list.map(|v| v as isize), self.words as isize);
        let mut lower = String::new();
        let mut stretch = String::new();
        let mut tally = |s: &str, sign: isize| {
            for_each_word(s, |word| {
                words += sign;
                let member = stopword_lists(word, &mut lower);
                for (i, vote) in per_list.iter_mut().enumerate() {
                    *vote += sign * isize::from(member >> i & 1);
                }
                true
            });
        };
        let mut i = 0;
        while i < edits.len() {
            // A group: edits with only letters (or nothing) between them, since a word may
            // run from one into the next.
            let mut j = i + 1;
            while j < edits.len()
                && is_letters(&text[edits[j - 1].range().end..edits[j].range().start])
            {
                j += 1;
            }
            let start = letters_before(text, edits[i].range().start);
            let end = letters_after(text, edits[j - 1].range().end);
            stretch.clear();
            let mut at = start;
            for e in &edits[i..j] {
                stretch.push_str(&text[at..e.range().start]);
                stretch.push_str(e.content());
                at = e.range().end;
            }
            stretch.push_str(&text[at..end]);
            tally(&text[start..end], -1);
            tally(&stretch, 1);
            i = j;
        }
        let votes = Votes {
            per_list: per_list.map(|v| usize::try_from(v).expect("votes of words counted before")),
            words: usize::try_from(words).expect("words counted before"),
        };
        votes.cover_the_whole_text().then_some(votes)
    }
}

fn is_letters(s: &str) -> bool {
    s.chars().all(char::is_alphabetic)
}

/// Where the run of letters that ends at `at` starts.
fn letters_before(text: &str, at: usize) -> usize {
    let run: usize = text[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .map(char::len_utf8)
        .sum();
    at - run
}

/// Where the run of letters that starts at `at` ends.
fn letters_after(text: &str, at: usize) -> usize {
    let run: usize = text[at..]
        .chars()
        .take_while(|c| c.is_alphabetic())
        .map(char::len_utf8)
        .sum();
    at + run
}

#[cfg(test)]
mod tests {
    use crate::edit::Edit;
    use crate::language::Votes;
    use proptest::prelude::*;

    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut out = String::new();
        let mut at = 0;
        for e in edits {
            out.push_str(&text[at..e.byte_range.start]);
            out.push_str(&e.content);
            at = e.byte_range.end;
        }
        out.push_str(&text[at..]);
        out
    }

    fn check(text: &str, edits: &[Edit]) {
        let after = Votes::count(text).after_edits(text, edits);
        assert_eq!(
            after,
            Some(Votes::count(&apply(text, edits))),
            "{text:?} {edits:?}"
        );
    }

    #[test]
    fn follows_words_that_edits_join_split_take_out_and_put_in() {
        let text = "the army and\u{3} the people of la ville";
        // Joins "and" and "the" by taking the control character out.
        check(text, &[Edit::delete(12..14)]);
        // Splits "people" into "peo ple", puts "der" in, takes "la" out.
        check(
            text,
            &[
                Edit::new(22..22, " "),
                Edit::new(25..25, " der "),
                Edit::delete(31..34),
            ],
        );
        // Two edits with only letters between them: one group.
        check(text, &[Edit::new(4..5, "X"), Edit::new(6..7, "y")]);
        // Non-ASCII letters and a word at each end of the text.
        check(
            "été où\u{e9}",
            &[Edit::new(0..0, "et "), Edit::delete(7..9)],
        );
    }

    #[test]
    fn gives_up_when_the_votes_do_not_cover_the_text() {
        let long = "the ".repeat(crate::language::MAX_WORDS + 5);
        let votes = Votes::count(&long);
        assert!(!votes.cover_the_whole_text());
        assert_eq!(votes.after_edits(&long, &[Edit::delete(0..4)]), None);
    }

    /// A text and sorted, non-overlapping edits on it, from words, stopwords, separators and
    /// a few multi-byte letters.
    fn text_and_edits() -> impl Strategy<Value = (String, Vec<Edit>)> {
        let piece = prop::sample::select(vec![
            "the", "of", "und", "que", "été", "la", "x", " ", ".", "\n", "é", "Der", "\u{3}",
        ]);
        (
            prop::collection::vec(piece.clone(), 0..30),
            prop::collection::vec(
                (0usize..200, 0usize..4, prop::collection::vec(piece, 0..3)),
                0..6,
            ),
        )
            .prop_map(|(pieces, raw)| {
                let text: String = pieces.concat();
                let mut cuts: Vec<(usize, usize, String)> = raw
                    .into_iter()
                    .map(|(at, len, put)| {
                        let mut a = at.min(text.len());
                        while !text.is_char_boundary(a) {
                            a -= 1;
                        }
                        let mut b = (a + len).min(text.len());
                        while !text.is_char_boundary(b) {
                            b += 1;
                        }
                        (a, b, put.concat())
                    })
                    .collect();
                cuts.sort();
                let mut edits = Vec::new();
                let mut last = 0;
                for (a, b, put) in cuts {
                    if a >= last && (edits.is_empty() || a > last || b > a) {
                        edits.push(Edit::new(a..b, put));
                        last = b;
                    }
                }
                (text, edits)
            })
    }

    proptest! {
        #[test]
        fn votes_after_edits_are_the_votes_of_the_edited_text((text, edits) in text_and_edits()) {
            let after = Votes::count(&text).after_edits(&text, &edits);
            prop_assert_eq!(after, Some(Votes::count(&apply(&text, &edits))));
        }
    }
}
