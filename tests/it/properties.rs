//! Property tests for the invariants no fixture can cover: the edit round trip of the source
//! map under arbitrary rounds of edits, and the whole pipeline on arbitrary strings (the
//! round trip, idempotence, locations on character boundaries).

use newsclean::edit::{apply, are_well_formed, Edit, Originals, SourceMap};
use newsclean::{clean, Config};
use proptest::prelude::*;

/// Turns raw numbers into well-formed edits over `text`: sorted, on char boundaries,
/// non-overlapping, no two insertions at one point.
fn make_edits(text: &str, raw: &[(usize, usize, String)]) -> Vec<Edit> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut picks: Vec<(usize, usize, String)> = raw
        .iter()
        .map(|(a, len, s)| {
            let i = a % bounds.len();
            let j = (i + len % 4).min(bounds.len() - 1);
            (bounds[i], bounds[j], s.clone())
        })
        .collect();
    picks.sort_by_key(|p| (p.0, p.1));
    let mut edits: Vec<Edit> = Vec::new();
    let mut at = 0;
    let mut last_insert = None;
    for (a, b, s) in picks {
        if a < at || (a == b && last_insert == Some(a)) {
            continue;
        }
        if a == b {
            last_insert = Some(a);
        }
        at = b;
        edits.push(Edit::new(a..b, s));
    }
    edits
}

/// Raw material for one round of edits: (position, length, replacement) triples.
type RawRound = Vec<(usize, usize, String)>;

fn edit_rounds() -> impl Strategy<Value = (String, Vec<RawRound>)> {
    (
        "[a-cé\n ]{0,24}",
        prop::collection::vec(
            prop::collection::vec((0usize..64, 0usize..8, "[xy\n]{0,3}"), 0..5),
            0..5,
        ),
    )
}

/// `edit_rounds` with multi-byte characters in the replacements too, so that in-place
/// copies start and end next to them.
fn multibyte_edit_rounds() -> impl Strategy<Value = (String, Vec<RawRound>)> {
    (
        "[a-cé€\n ]{0,32}",
        prop::collection::vec(
            prop::collection::vec((0usize..64, 0usize..8, "[xé€\n]{0,3}"), 0..6),
            0..6,
        ),
    )
}

/// `edits` made to shorten the text at every edit (`shorten`) or to lengthen it, so that
/// both in-place ways of applying them are taken, not only the mixed case.
fn one_way(edits: Vec<Edit>, shorten: bool) -> Vec<Edit> {
    edits
        .into_iter()
        .map(|e| {
            let span = e.byte_range.len();
            let mut content = e.content.into_owned();
            if shorten {
                while content.len() > span {
                    content.pop();
                }
            } else {
                while content.len() < span {
                    content.push('z');
                }
            }
            Edit::new(e.byte_range, content)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn applying_in_place_matches_applying_into_a_new_text((input, rounds) in multibyte_edit_rounds()) {
        let mut fresh_map = SourceMap::identity(input.len());
        let mut in_place_map = SourceMap::identity(input.len());
        let mut fresh = input.clone();
        let mut in_place = input.clone();
        let mut spare = String::new();
        let mut originals = Originals::default();
        for (k, raw) in rounds.iter().enumerate() {
            let edits = make_edits(&fresh, raw);
            let edits = match k % 3 {
                0 => edits,
                way => one_way(edits, way == 1),
            };
            fresh = fresh_map.apply(&fresh, &edits);
            in_place_map.keep_originals(&in_place, &edits, &mut originals);
            in_place_map.apply_in_place(&mut in_place, &edits, &mut spare);
            prop_assert_eq!(&in_place, &fresh);
            prop_assert_eq!(
                in_place_map.composed_edits(&input, &in_place),
                fresh_map.composed_edits(&input, &fresh)
            );
        }
        // What a run that rewrote its input tells from the pieces it kept.
        prop_assert_eq!(
            in_place_map.changes_anything_kept(&in_place, &mut originals),
            in_place_map.changes_anything(&input, &in_place)
        );
    }

    #[test]
    fn composed_edits_reproduce_the_working_text((input, rounds) in edit_rounds()) {
        let mut map = SourceMap::identity(input.len());
        let mut text = input.clone();
        for raw in &rounds {
            let edits = make_edits(&text, raw);
            prop_assert!(are_well_formed(&edits, &text));
            let expected = apply(&text, &edits);
            text = map.apply(&text, &edits);
            prop_assert_eq!(&text, &expected);
            let composed = map.composed_edits(&input, &text);
            prop_assert!(are_well_formed(&composed, &input), "{:?}", composed);
            prop_assert_eq!(apply(&input, &composed), text.clone());
            for (i, _) in text.char_indices() {
                let r = map.to_input(i..i + 1);
                prop_assert!(r.start <= r.end && r.end <= input.len());
            }
        }
    }

    #[test]
    fn pipeline_round_trip_and_idempotence(input in "\\PC{0,40}|[ \t\r\na-z.\u{a0}\u{feff}]{0,60}") {
        let config = Config::new();
        let article = clean(&input, &config);
        prop_assert!(are_well_formed(&article.edits, &input));
        prop_assert_eq!(apply(&input, &article.edits), article.text.clone());
        for d in &article.diagnostics {
            prop_assert!(d.byte_range.end <= input.len());
            prop_assert!(input.is_char_boundary(d.byte_range.start));
            prop_assert!(input.is_char_boundary(d.byte_range.end));
        }
        let again = clean(&article.text, &config);
        prop_assert_eq!(&again.text, &article.text, "clean is not idempotent");
    }
}
