//! The passes, one file each, and the list the standard pipeline runs. A new pass is a new
//! file here plus one line in `all()`; its rules go in `rules::REGISTRY`.

use crate::pass::Pass;

pub mod mixed_script;
pub mod normalization;
pub mod script_context;
pub mod script_data;
pub mod stray_script;
pub mod whitespace;

/// Every pass; the pipeline orders them by stage, keeping this order within a stage.
pub fn all() -> Vec<Box<dyn Pass>> {
    vec![
        // Prepare
        Box::new(whitespace::LineEndings),
        // Script
        Box::new(stray_script::StrayScript),
        Box::new(mixed_script::MixedScriptWord),
        // Final
        Box::new(whitespace::Whitespace),
        Box::new(normalization::Nfc),
    ]
}
