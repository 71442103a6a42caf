//! The passes, one file each, and the list the standard pipeline runs. A new pass is a new
//! file here plus one line in `all()`; its rules go in `rules::REGISTRY`.

use crate::pass::Pass;

pub mod dangling_fragment;
pub mod mid_sentence_capital;
pub mod missing_space;
pub mod normalization;
pub mod prose;
pub mod punctuation_data;
pub mod quotes;
pub mod repeated_punctuation;
pub mod space_before_punctuation;
pub mod translation_data;
pub mod whitespace;

/// Every pass; the pipeline orders them by stage, keeping this order within a stage.
pub fn all() -> Vec<Box<dyn Pass>> {
    vec![
        // Prepare
        Box::new(whitespace::LineEndings),
        // Punctuation: doubled marks first, so spacing sees single ones; quotes last.
        Box::new(repeated_punctuation::RepeatedPunctuation),
        Box::new(missing_space::MissingSpace),
        Box::new(space_before_punctuation::SpaceBeforePunctuation),
        Box::new(quotes::Quotes),
        // Translation
        Box::new(mid_sentence_capital::MidSentenceCapital),
        Box::new(dangling_fragment::DanglingFragment),
        // Final
        Box::new(whitespace::Whitespace),
        Box::new(normalization::Nfc),
    ]
}
