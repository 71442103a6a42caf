//! The rule registry: one table that maps every rule's stable code and kebab-case name to its
//! default severity, fix safety and documentation.
//!
//! `explain`, `--select`/`--ignore`, the SARIF rule list and the README's rule table all read
//! this table, so a rule exists exactly when it is listed here. The rule itself (its `Rule`
//! constant and its doc text) lives in the pass file that emits it.

use serde::Serialize;
use std::fmt;

/// How serious a finding is; also the threshold type of `check --fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a rule's fix may be applied by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSafety {
    /// Cannot change meaning: applied by `clean` by default.
    Safe,
    /// Might change meaning: applied only with `--unsafe-fixes`, otherwise reported.
    Unsafe,
    /// The rule only reports.
    None,
}

impl FixSafety {
    pub fn as_str(self) -> &'static str {
        match self {
            FixSafety::Safe => "safe",
            FixSafety::Unsafe => "unsafe",
            FixSafety::None => "none",
        }
    }
}

/// One rule: what `newsclean explain` prints and what every diagnostic points at.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, a family letter and three digits (`W501`).
    pub code: &'static str,
    /// Stable kebab-case name (`whitespace`).
    pub name: &'static str,
    /// Family the rule belongs to, for grouping in docs (`encoding`, `structure`, ...).
    pub family: &'static str,
    pub severity: Severity,
    /// The most permissive fix the rule can offer; individual findings may be less safe.
    pub fix: FixSafety,
    /// One line: what the rule looks for.
    pub summary: &'static str,
    /// Markdown with the sections `## What it does`, `## Why it matters`, `## Example`,
    /// `## Fix safety`.
    pub doc: &'static str,
}

/// The sections every rule doc must have, in order; a test enforces it.
pub const DOC_SECTIONS: [&str; 4] = [
    "## What it does",
    "## Why it matters",
    "## Example",
    "## Fix safety",
];

/// Every rule newsclean knows, in pipeline order. Add a rule here and in its pass file.
pub static REGISTRY: &[&Rule] = &[
    // encoding
    &crate::passes::mojibake::MOJIBAKE,
    &crate::passes::legacy_encoding::LEGACY_ENCODING,
    &crate::passes::html_entity::HTML_ENTITY,
    &crate::passes::control_character::CONTROL_CHARACTER,
    &crate::passes::replacement_character::REPLACEMENT_CHARACTER,
    &crate::passes::invisible_character::INVISIBLE_CHARACTER,
    &crate::passes::bidi_control::BIDI_CONTROL,
    &crate::passes::normalization::UNICODE_NORMALIZATION,
    &crate::passes::backslash_remnant::BACKSLASH_REMNANT,
    // script
    &crate::passes::stray_script::STRAY_SCRIPT,
    &crate::passes::mixed_script::MIXED_SCRIPT_WORD,
    // structure
    &crate::passes::header_line::HEADER_LINE,
    &crate::passes::dateline::DATELINE,
    &crate::passes::byline::BYLINE,
    &crate::passes::caption::CAPTION,
    &crate::passes::caption::PHOTO_CREDIT,
    &crate::passes::agency_trailer::AGENCY_TRAILER,
    &crate::passes::boilerplate::BOILERPLATE_LINE,
    &crate::passes::date_mismatch::DATE_MISMATCH,
    // punctuation
    &crate::passes::repeated_punctuation::REPEATED_PUNCTUATION,
    &crate::passes::missing_space::MISSING_SPACE,
    &crate::passes::space_before_punctuation::SPACE_BEFORE_PUNCTUATION,
    &crate::passes::quotes::QUOTE_DIRECTION,
    &crate::passes::quotes::UNBALANCED_QUOTES,
    // whitespace
    &crate::passes::whitespace::WHITESPACE,
    // translation
    &crate::passes::mid_sentence_capital::MID_SENTENCE_CAPITAL,
    &crate::passes::dangling_fragment::DANGLING_FRAGMENT,
];

/// Looks a rule up by exact name or code (case-insensitive).
pub fn find(name_or_code: &str) -> Option<&'static Rule> {
    REGISTRY.iter().copied().find(|r| {
        r.name.eq_ignore_ascii_case(name_or_code) || r.code.eq_ignore_ascii_case(name_or_code)
    })
}

/// Index of a rule in the registry, used by the bit sets in `Config`.
pub fn index_of(rule: &Rule) -> usize {
    REGISTRY
        .iter()
        .position(|r| std::ptr::eq(*r, rule) || r.code == rule.code)
        .expect("every emitted rule is registered")
}

/// Resolves a `--select`/`--ignore` item: a rule name, a code, or a code prefix (`W`, `E1`)
/// or family name (`encoding`) that selects a whole family. Returns the matching rules, or
/// `None` when nothing matches so the caller can name the bad item.
pub fn resolve_selector(item: &str) -> Option<Vec<&'static Rule>> {
    let item = item.trim();
    if item.is_empty() {
        return None;
    }
    if item.eq_ignore_ascii_case("all") {
        return Some(REGISTRY.to_vec());
    }
    if let Some(rule) = find(item) {
        return Some(vec![rule]);
    }
    let upper = item.to_ascii_uppercase();
    let matched: Vec<&'static Rule> = REGISTRY
        .iter()
        .copied()
        .filter(|r| r.code.starts_with(&upper) || r.family.eq_ignore_ascii_case(item))
        .collect();
    if matched.is_empty() {
        None
    } else {
        Some(matched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for r in REGISTRY {
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            assert_eq!(
                r.code.len(),
                4,
                "{}: code is a letter and three digits",
                r.code
            );
            assert!(
                r.code[1..].chars().all(|c| c.is_ascii_digit()),
                "{}",
                r.code
            );
            assert!(
                r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                r.name
            );
        }
    }

    #[test]
    fn every_rule_documents_every_section_in_order() {
        for r in REGISTRY {
            let mut at = 0;
            for section in DOC_SECTIONS {
                let found = r.doc[at..].find(section);
                assert!(found.is_some(), "rule {} lacks section {section:?}", r.name);
                let start = at + found.unwrap() + section.len();
                let body_end = r.doc[start..]
                    .find("\n## ")
                    .map_or(r.doc.len(), |e| start + e);
                assert!(
                    r.doc[start..body_end].trim().len() >= 10,
                    "rule {} has an empty {section:?} section",
                    r.name
                );
                at = start;
            }
            assert!(!r.summary.is_empty(), "rule {} lacks a summary", r.name);
        }
    }

    #[test]
    fn selectors_resolve_names_codes_prefixes_and_families() {
        assert_eq!(resolve_selector("whitespace").unwrap().len(), 1);
        assert_eq!(resolve_selector("w501").unwrap()[0].name, "whitespace");
        assert!(!resolve_selector("W").unwrap().is_empty());
        assert!(resolve_selector("no-such-rule").is_none());
        assert_eq!(resolve_selector("all").unwrap().len(), REGISTRY.len());
    }
}
