//! The passes, one file each, and the list the standard pipeline runs. A new pass is a new
//! file here plus one line in `all()`; its rules go in `rules::REGISTRY`.

use crate::pass::Pass;

pub mod agency_trailer;
pub mod boilerplate;
pub mod byline;
pub mod caption;
pub mod date_mismatch;
pub mod dateline;
pub mod header_line;
pub mod normalization;
pub mod structure_data;
pub mod structure_util;
pub mod whitespace;

/// Every pass; the pipeline orders them by stage, keeping this order within a stage.
pub fn all() -> Vec<Box<dyn Pass>> {
    vec![
        // Prepare
        Box::new(whitespace::LineEndings),
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
        // Final
        Box::new(whitespace::Whitespace),
        Box::new(normalization::Nfc),
    ]
}
