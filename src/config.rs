//! What a run asks of the library: which rules are on, whether unsafe fixes apply, and
//! per-rule severity overrides. The CLI (and later a config file) builds one `Config`; the
//! library never reads flags or files itself.

use crate::rules::{self, Rule, Severity};
use anyhow::{bail, Result};

#[derive(Clone, Debug)]
pub struct Config {
    /// Enabled rules, indexed like `rules::REGISTRY`.
    enabled: Vec<bool>,
    /// Severity overrides, indexed like `rules::REGISTRY`.
    severity: Vec<Option<Severity>>,
    /// Apply fixes whose applicability is unsafe.
    pub unsafe_fixes: bool,
    /// Force the document language (ISO 639-1) instead of detecting it.
    pub language: Option<String>,
    /// Add a final newline where the text has none, as text files want. Off for text that is
    /// a field of a record (JSON Lines): there the field keeps whether it ended with a
    /// newline (trailing blank lines still collapse to one).
    pub final_newline: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            enabled: vec![true; rules::REGISTRY.len()],
            severity: vec![None; rules::REGISTRY.len()],
            unsafe_fixes: false,
            language: None,
            final_newline: true,
        }
    }
}

impl Config {
    /// Every rule on, safe fixes only.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds the rule set from `--select` and `--ignore` items (names, codes, code prefixes,
    /// families). An empty `select` means all rules. Unknown items are an error naming them.
    pub fn with_selection(mut self, select: &[String], ignore: &[String]) -> Result<Self> {
        if !select.is_empty() {
            self.enabled = vec![false; rules::REGISTRY.len()];
            for item in select {
                for rule in resolve(item, "--select")? {
                    self.enabled[rules::index_of(rule)] = true;
                }
            }
        }
        for item in ignore {
            for rule in resolve(item, "--ignore")? {
                self.enabled[rules::index_of(rule)] = false;
            }
        }
        Ok(self)
    }

    pub fn with_unsafe_fixes(mut self, yes: bool) -> Self {
        self.unsafe_fixes = yes;
        self
    }

    pub fn with_final_newline(mut self, yes: bool) -> Self {
        self.final_newline = yes;
        self
    }

    /// Overrides one rule's severity.
    pub fn set_severity(&mut self, rule: &Rule, severity: Severity) {
        self.severity[rules::index_of(rule)] = Some(severity);
    }

    pub fn is_enabled(&self, rule: &Rule) -> bool {
        self.enabled[rules::index_of(rule)]
    }

    pub fn severity_of(&self, rule: &Rule) -> Severity {
        self.severity[rules::index_of(rule)].unwrap_or(rule.severity)
    }

    /// The severity of one finding: the user's override for its rule, else the finding's
    /// own, else the rule's default.
    pub fn severity_of_finding(&self, rule: &Rule, own: Option<Severity>) -> Severity {
        self.severity[rules::index_of(rule)]
            .or(own)
            .unwrap_or(rule.severity)
    }
}

fn resolve(item: &str, flag: &str) -> Result<Vec<&'static Rule>> {
    match rules::resolve_selector(item) {
        Some(rules) => Ok(rules),
        None => bail!(
            "{flag}: unknown rule or prefix '{item}'; `newsclean explain --all` lists the rules"
        ),
    }
}
