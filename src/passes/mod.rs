//! The passes, one file each, and the list the standard pipeline runs. A new pass is a new
//! file here plus one line in `all()`; its rules go in `rules::REGISTRY`.

use crate::pass::Pass;

pub mod legacy_encoding;
pub mod mojibake;
pub mod mojibake_data;
pub mod normalization;
pub mod whitespace;

/// Every pass; the pipeline orders them by stage, keeping this order within a stage.
pub fn all() -> Vec<Box<dyn Pass>> {
    vec![
        // Prepare
        Box::new(whitespace::LineEndings),
        // Encoding
        Box::new(mojibake::Mojibake),
        // Final
        Box::new(whitespace::Whitespace),
        Box::new(normalization::Nfc),
    ]
}
