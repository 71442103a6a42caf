//! `--format junit`: JUnit XML for CI test reports, one test case per article. An article
//! fails when a finding reaches `--fail-on`; the failure lists those findings, and findings
//! below the threshold go to the test case's `system-out`. The counts sit on the opening
//! tags, so the test cases are kept until `finish` (as short strings, not articles).

use super::sanitize::sanitize;
use super::{Renderer, Reported};
use crate::rules::Severity;
use std::fmt::Write as _;
use std::io::{self, Write};

pub struct Junit {
    threshold: Severity,
    cases: Vec<String>,
    failures: usize,
}

impl Junit {
    pub fn new(threshold: Severity) -> Junit {
        Junit {
            threshold,
            cases: Vec::new(),
            failures: 0,
        }
    }
}

impl Renderer for Junit {
    fn article(&mut self, _out: &mut dyn Write, item: &Reported<'_>) -> io::Result<()> {
        let path = xml(item.path);
        let mut failing = String::new();
        let mut other = String::new();
        let mut count = 0;
        for d in &item.article.diagnostics {
            let line = format!(
                "{}:{}:{}: {} {} [{}] {}\n",
                item.path,
                d.location.line,
                d.location.column,
                d.code,
                d.name,
                d.severity,
                d.message
            );
            if d.severity >= self.threshold {
                count += 1;
                failing.push_str(&line);
            } else {
                other.push_str(&line);
            }
        }
        let mut case =
            format!("    <testcase name=\"{path}\" classname=\"newsclean\" file=\"{path}\"");
        if failing.is_empty() && other.is_empty() {
            case.push_str("/>\n");
        } else {
            case.push_str(">\n");
            if !failing.is_empty() {
                self.failures += 1;
                let _ = writeln!(
                    case,
                    "      <failure type=\"newsclean\" message=\"{count} finding{} at or above {}\">{}</failure>",
                    if count == 1 { "" } else { "s" },
                    self.threshold,
                    xml_text(&failing)
                );
            }
            if !other.is_empty() {
                let _ = writeln!(case, "      <system-out>{}</system-out>", xml_text(&other));
            }
            case.push_str("    </testcase>\n");
        }
        self.cases.push(case);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let tests = self.cases.len();
        let failures = self.failures;
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            out,
            "<testsuites name=\"newsclean\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
        )?;
        writeln!(
            out,
            "  <testsuite name=\"newsclean\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
        )?;
        for case in &self.cases {
            out.write_all(case.as_bytes())?;
        }
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}

/// An attribute value: unsafe characters made visible, then XML-escaped.
fn xml(s: &str) -> String {
    escape(&sanitize(s), true)
}

/// Element text: each line's unsafe characters made visible, line breaks kept.
fn xml_text(s: &str) -> String {
    let visible: Vec<String> = s.split('\n').map(|l| sanitize(l).into_owned()).collect();
    escape(&visible.join("\n"), false)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            // Not allowed anywhere in XML 1.0.
            '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(xml("a<b>&\"c\u{1b}"), "a&lt;b&gt;&amp;&quot;c\\u{1b}");
        assert_eq!(xml_text("x\ny\u{7}\n"), "x\ny\\u{7}\n");
    }
}
