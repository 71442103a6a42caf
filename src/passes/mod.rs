//! The passes, one file each, and the list the standard pipeline runs. A new pass is a new
//! file here plus one line in `all()`; its rules go in `rules::REGISTRY`.

use crate::pass::Pass;

pub mod agency_trailer;
pub mod backslash_remnant;
pub mod bidi_control;
pub mod boilerplate;
pub mod byline;
pub mod caption;
pub mod control_character;
pub mod dangling_fragment;
pub mod date_mismatch;
pub mod dateline;
pub mod entity_data;
pub mod header_line;
pub mod html_entity;
pub mod invisible_character;
pub mod legacy_encoding;
pub mod mid_sentence_capital;
pub mod missing_space;
pub mod mixed_script;
pub mod mojibake;
pub mod mojibake_data;
pub mod normalization;
pub mod prose;
pub mod punctuation_data;
pub mod quotes;
pub mod repeated_punctuation;
pub mod replacement_character;
pub mod script_context;
pub mod script_data;
pub mod space_before_punctuation;
pub mod stray_script;
pub mod structure_data;
pub mod structure_util;
pub mod translation_data;
pub mod whitespace;

/// Every pass; the pipeline orders them by stage, keeping this order within a stage.
pub fn all() -> Vec<Box<dyn Pass>> {
    vec![
        // Prepare
        Box::new(whitespace::LineEndings),
        Box::new(normalization::NfcFirst),
        // Encoding
        Box::new(html_entity::HtmlEntity),
        Box::new(mojibake::Mojibake),
        Box::new(control_character::ControlCharacter),
        Box::new(replacement_character::ReplacementCharacter),
        Box::new(invisible_character::InvisibleCharacter),
        Box::new(bidi_control::BidiControl),
        Box::new(backslash_remnant::BackslashRemnant),
        // Script
        Box::new(stray_script::StrayScript),
        Box::new(mixed_script::MixedScriptWord),
        // Structure: the header first (its glued text is left for the captions), furniture
        // before trailers (a `Seguir leyendo:` may follow the trailer), captions before
        // bylines and datelines (a caption may open the text), the date check last.
        Box::new(header_line::HeaderLine),
        Box::new(boilerplate::Boilerplate),
        Box::new(caption::Captions),
        Box::new(agency_trailer::AgencyTrailer),
        Box::new(byline::Byline),
        Box::new(dateline::DatelinePass),
        Box::new(date_mismatch::DateMismatch),
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
