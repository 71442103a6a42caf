//! `--format sarif`: SARIF 2.1.0, the format code-scanning dashboards read (GitHub code
//! scanning, GitLab, Azure DevOps). One run; the tool's rules are the whole registry (so a
//! result's `ruleIndex` is its registry index); each finding is a result located by line and
//! column (columns in Unicode code points, as `columnKind` says) and by byte offset, with its
//! fix as a replacement of bytes. Written as the articles come, so memory stays bounded.

use super::{Renderer, Reported};
use crate::article::Diagnostic;
use crate::rules::{self, FixSafety, Severity};
use serde_json::{json, Value};
use std::io::{self, Write};

/// The schema the output follows (the OASIS 2.1.0 errata 01 schema).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Default)]
pub struct Sarif {
    started: bool,
    results: usize,
}

impl Sarif {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let rules: Vec<Value> = rules::REGISTRY.iter().map(|r| rule_json(r)).collect();
        let driver = json!({
            "name": "newsclean",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        });
        // The head of the document up to the opening of `results`; the rest follows.
        write!(
            out,
            "{{\n  \"$schema\": {},\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": {{\n        \"driver\": {}\n      }},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
            Value::from(SCHEMA_URI),
            serde_json::to_string(&driver)?
        )
    }
}

impl Renderer for Sarif {
    fn article(&mut self, out: &mut dyn Write, item: &Reported<'_>) -> io::Result<()> {
        self.start(out)?;
        let uri = artifact_uri(item.path);
        for d in &item.article.diagnostics {
            out.write_all(if self.results == 0 {
                b"\n        "
            } else {
                b",\n        "
            })?;
            serde_json::to_writer(&mut *out, &result_json(d, &uri))?;
            self.results += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.start(out)?;
        if self.results > 0 {
            out.write_all(b"\n      ")?;
        }
        out.write_all(b"]\n    }\n  ]\n}\n")
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_json(rule: &rules::Rule) -> Value {
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"family": rule.family, "fix": rule.fix.as_str()},
    })
}

fn result_json(d: &Diagnostic, uri: &str) -> Value {
    let location = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {
                "startLine": d.location.line,
                "startColumn": d.location.column,
                "endLine": d.end_location.line,
                "endColumn": d.end_location.column,
                "byteOffset": d.byte_range.start,
                "byteLength": d.byte_range.len(),
            }
        }
    });
    let mut result = json!({
        "ruleId": d.code,
        "ruleIndex": rules::index_of(d.rule),
        "level": level(d.severity),
        "message": {"text": format!("{}: {}", d.name, d.message)},
        "locations": [location],
    });
    if let Some(fix) = &d.fix {
        let what = match (fix.applicability, fix.applied) {
            (FixSafety::Unsafe, false) => "unsafe fix, applied by `newsclean clean --unsafe-fixes`",
            (FixSafety::Unsafe, true) => "unsafe fix",
            (_, true) => "safe fix, applied by `newsclean clean`",
            (_, false) => "fix not applied: it overlaps another fix",
        };
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": {
                        "byteOffset": e.byte_range.start,
                        "byteLength": e.byte_range.len(),
                    },
                    "insertedContent": {"text": e.content},
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": {"text": what},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": replacements,
            }],
        }]);
        result["properties"] = json!({
            "applicability": fix.applicability.as_str(),
            "applied": fix.applied,
        });
    }
    result
}

/// A path as a URI reference: relative paths stay relative (forward slashes,
/// percent-encoded), absolute ones become `file://` URIs, stdin is `stdin`.
pub fn artifact_uri(path: &str) -> String {
    if path == "-" {
        return "stdin".to_owned();
    }
    let slashed = path.replace('\\', "/");
    let mut out = String::with_capacity(slashed.len() + 8);
    if slashed.starts_with('/') {
        out.push_str("file://");
    }
    for b in slashed.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(artifact_uri("dir/a b.txt"), "dir/a%20b.txt");
        assert_eq!(artifact_uri("/tmp/é.txt"), "file:///tmp/%C3%A9.txt");
        assert_eq!(artifact_uri("dump.jsonl:7"), "dump.jsonl%3A7");
        assert_eq!(artifact_uri("-"), "stdin");
    }
}
