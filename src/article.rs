//! What cleaning one article produces: the cleaned text, the metadata lifted out of the body,
//! the diagnostics (located in the input) and the composed edits. These types are the report
//! contract of `../shared/DESIGN.md` in Rust form; renderers serialize them as they are.

use crate::edit::{serialize_range, Edit};
use crate::rules::{FixSafety, Rule, Severity};
use serde::Serialize;
use std::ops::Range;

/// The result of cleaning one article.
#[derive(Clone, Debug, Serialize)]
pub struct Article {
    /// Name of the encoding the input was decoded from (`utf-8`, `windows-1252`, ...).
    pub encoding: String,
    pub changed: bool,
    pub metadata: Metadata,
    pub diagnostics: Vec<Diagnostic>,
    /// Sorted, non-overlapping edits in input coordinates: applying them to the decoded input
    /// gives exactly `text`.
    pub edits: Vec<Edit>,
    /// The cleaned text.
    #[serde(skip)]
    pub text: String,
    /// How many findings of each severity: those of `diagnostics`, or all of them when the
    /// run kept no diagnostics (`pipeline::Keep::Counts`).
    #[serde(skip)]
    pub counts: Counts,
}

/// How many findings of each severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// The highest severity counted, if any.
    pub fn max(&self) -> Option<Severity> {
        [
            (self.errors, Severity::Error),
            (self.warnings, Severity::Warning),
            (self.infos, Severity::Info),
        ]
        .into_iter()
        .find(|&(n, _)| n > 0)
        .map(|(_, s)| s)
    }
}

/// Facts about the article lifted out of its text. Absent facts are `null` or `[]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Metadata {
    /// ISO 639-1 code of the detected language, or null when undecided.
    pub language: Option<String>,
    /// Publication date, ISO 8601 (time kept when the text gives it).
    pub date: Option<String>,
    /// Why `date` is null although the text has a date (an undecidable day/month order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_note: Option<String>,
    pub dateline: Option<Dateline>,
    pub bylines: Vec<String>,
    pub captions: Vec<Caption>,
    /// News agencies and sources credited by the article, normalized (`AP`, `EFE`, ...).
    pub sources: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Dateline {
    pub place: Option<String>,
    pub agency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Caption {
    pub text: String,
    pub credit: Option<String>,
}

/// One finding, located in the input.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    pub end_location: Location,
    #[serde(serialize_with = "serialize_range")]
    pub byte_range: Range<usize>,
    pub fix: Option<FixReport>,
    #[serde(skip)]
    pub rule: &'static Rule,
}

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct FixReport {
    pub applicability: FixSafety,
    pub applied: bool,
    /// The fix's edits in input coordinates.
    pub edits: Vec<Edit>,
}

impl Article {
    /// The highest severity among the findings, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.counts.max()
    }

    /// Adds a diagnostic found outside the pipeline (the decoding's), counting it.
    pub fn push_diagnostic(&mut self, diagnostic: Diagnostic) {
        self.counts.add(diagnostic.severity);
        self.diagnostics.push(diagnostic);
    }
}
