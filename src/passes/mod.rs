//! The passes, one file each, and the list the standard pipeline runs. A new pass is a new
//! file here plus one line in `all()`; its rules go in `rules::REGISTRY`.

use crate::pass::Pass;

pub mod backslash_remnant;
pub mod bidi_control;
pub mod control_character;
pub mod entity_data;
pub mod html_entity;
pub mod invisible_character;
pub mod legacy_encoding;
pub mod mixed_script;
pub mod mojibake;
pub mod mojibake_data;
pub mod normalization;
pub mod replacement_character;
pub mod script_context;
pub mod script_data;
pub mod stray_script;
pub mod whitespace;

/// Every pass; the pipeline orders them by stage, keeping this order within a stage.
pub fn all() -> Vec<Box<dyn Pass>> {
    vec![
        // Prepare
        Box::new(whitespace::LineEndings),
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
        // Final
        Box::new(whitespace::Whitespace),
        Box::new(normalization::Nfc),
    ]
}
