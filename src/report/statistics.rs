//! `check --statistics`: how many findings each rule made, most first, with whether its fix
//! applies by default (`[*]`, as ruff marks fixable rules).

use super::{Renderer, Reported};
use crate::rules::{self, FixSafety};
use std::io::{self, Write};

#[derive(Default)]
pub struct Statistics {
    counts: Vec<usize>,
}

impl Renderer for Statistics {
    fn article(&mut self, _out: &mut dyn Write, item: &Reported<'_>) -> io::Result<()> {
        if self.counts.is_empty() {
            self.counts = vec![0; rules::REGISTRY.len()];
        }
        for d in &item.article.diagnostics {
            self.counts[rules::index_of(d.rule)] += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let mut rows: Vec<(usize, usize)> = self
            .counts
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, n)| *n > 0)
            .collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let width = rows.first().map_or(1, |r| r.1.to_string().len());
        for (i, n) in rows {
            let rule = rules::REGISTRY[i];
            let mark = if rule.fix == FixSafety::Safe {
                "[*]"
            } else {
                "[ ]"
            };
            writeln!(
                out,
                "{n:>width$}\t{}\t{mark} {}\t{}",
                rule.code, rule.name, rule.severity
            )?;
        }
        Ok(())
    }
}
