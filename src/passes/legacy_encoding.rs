//! The `legacy-encoding` rule: the input was not UTF-8 and was decoded from a legacy encoding
//! (detected or forced), in whole or in stray runs of bytes. Decoding happens before the
//! pipeline (`input.rs`), so this is not a pass: the diagnostics are added to the article
//! after cleaning, located in the decoded text like every other diagnostic.

use crate::article::{Article, Diagnostic, Location};
use crate::config::Config;
use crate::input::Decoded;
use crate::lines::LineIndex;
use crate::rules::{FixSafety, Rule, Severity};

pub static LEGACY_ENCODING: Rule = Rule {
    code: "E102",
    name: "legacy-encoding",
    family: "encoding",
    severity: Severity::Warning,
    fix: FixSafety::None,
    summary: "Input not in UTF-8, decoded from a legacy encoding (windows-1252, ...)",
    doc: r#"## What it does
Reports input that is not valid UTF-8. Such input is not rejected: a byte order mark decides
when there is one; text that is UTF-8 apart from a few stray bytes keeps its UTF-8 and each run
of stray bytes is read as windows-1252; any other input is read in the encoding that
chardetng detects (windows-1252 for Western text), or in the one given with `--encoding`.
The article's `encoding` field names the encoding used.

## Why it matters
Old dumps and Windows exports are often windows-1252 or latin-1. Rejecting them loses the
article; replacing bad bytes with U+FFFD loses the characters (`£`, curly quotes). Knowing
which inputs were converted tells you which sources to fix upstream.

## Example
The bytes `It cost \xA3400m` (a lone 0xA3) are read as `It cost £400m` and reported.

## Fix safety
None needed: the decoding is already done when the text is read; the report says what was
assumed so that a wrong guess can be corrected with `--encoding`."#,
};

/// Adds the decoding diagnostics of `decoded` to `article` when the rule is enabled.
pub fn report_decoding(decoded: &Decoded, config: &Config, article: &mut Article) {
    add_decoding_diagnostics(article, decoding_diagnostics(decoded, config));
}

/// The decoding diagnostics of `decoded` (none when the rule is off), located in its text.
pub fn decoding_diagnostics(decoded: &Decoded, config: &Config) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if decoded.legacy.is_empty() || !config.is_enabled(&LEGACY_ENCODING) {
        return diagnostics;
    }
    let enc = decoded.legacy_encoding.unwrap_or(decoded.encoding);
    let how = if decoded.forced {
        "as given"
    } else {
        "detected"
    };
    let text = &decoded.text;
    let index = LineIndex::new(text);
    let whole = decoded.legacy.len() == 1 && decoded.legacy[0] == (0..text.len());
    for range in &decoded.legacy {
        let (range, message) = if whole {
            (
                0..0,
                format!("input is not UTF-8; decoded as {enc} ({how})"),
            )
        } else {
            let shown = crate::passes::mojibake::shown(&text[range.clone()], 12);
            (
                range.clone(),
                format!("byte(s) not valid UTF-8 decoded as {enc}: `{shown}`"),
            )
        };
        let locate = |at: usize| {
            let (line, column) = index.locate(text, at);
            Location { line, column }
        };
        diagnostics.push(Diagnostic {
            code: LEGACY_ENCODING.code,
            name: LEGACY_ENCODING.name,
            severity: config.severity_of(&LEGACY_ENCODING),
            message,
            location: locate(range.start),
            end_location: locate(range.end),
            byte_range: range,
            fix: None,
            rule: &LEGACY_ENCODING,
        });
    }
    diagnostics
}

/// Adds `decoding` (from `decoding_diagnostics`) to `article`, keeping its diagnostics in
/// input order.
pub fn add_decoding_diagnostics(article: &mut Article, decoding: Vec<Diagnostic>) {
    if decoding.is_empty() {
        return;
    }
    for d in decoding {
        article.push_diagnostic(d);
    }
    article.diagnostics.sort_by(|a, b| {
        (a.byte_range.start, a.byte_range.end, a.code).cmp(&(
            b.byte_range.start,
            b.byte_range.end,
            b.code,
        ))
    });
}
