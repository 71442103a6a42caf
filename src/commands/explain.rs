//! `newsclean explain`: a rule's documentation from the registry, every rule's with `--all`,
//! or the list of rules; as text or JSON.

use crate::cli::{ExplainArgs, ExplainFormat, Outcome};
use crate::rules::{self, Rule};
use anyhow::{bail, Context as _, Result};
use serde_json::json;
use std::io::{self, Write};

pub fn run(args: &ExplainArgs) -> Result<Outcome> {
    let selected: Vec<&'static Rule> = match (&args.rule, args.all) {
        (Some(name), _) => match rules::find(name) {
            Some(rule) => vec![rule],
            None => {
                bail!("no rule named '{name}'; `newsclean explain` lists the rules and their codes")
            }
        },
        (None, true) => rules::REGISTRY.to_vec(),
        (None, false) => {
            return list(args.format).map(|()| Outcome::Success);
        }
    };
    let mut out = io::stdout().lock();
    match args.format {
        ExplainFormat::Json => {
            let docs: Vec<_> = selected.iter().map(|r| rule_json(r)).collect();
            let value = if args.rule.is_some() {
                docs.into_iter().next().unwrap()
            } else {
                serde_json::Value::Array(docs)
            };
            serde_json::to_writer_pretty(&mut out, &value)?;
            writeln!(out)?;
        }
        ExplainFormat::Text => {
            for (i, rule) in selected.iter().enumerate() {
                if i > 0 {
                    writeln!(out, "\n---\n")?;
                }
                writeln!(out, "# {} ({})\n", rule.name, rule.code)?;
                writeln!(
                    out,
                    "Family: {}. Default severity: {}. Fix: {}.\n",
                    rule.family,
                    rule.severity,
                    rule.fix.as_str()
                )?;
                writeln!(out, "{}", rule.doc)?;
            }
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(Outcome::Success)
}

fn rule_json(rule: &Rule) -> serde_json::Value {
    json!({
        "code": rule.code,
        "name": rule.name,
        "family": rule.family,
        "severity": rule.severity,
        "fix": rule.fix,
        "summary": rule.summary,
        "doc": rule.doc,
    })
}

fn list(format: ExplainFormat) -> Result<()> {
    let mut out = io::stdout().lock();
    match format {
        ExplainFormat::Json => {
            let all: Vec<_> = rules::REGISTRY.iter().map(|r| rule_json(r)).collect();
            serde_json::to_writer_pretty(&mut out, &all)?;
            writeln!(out)?;
        }
        ExplainFormat::Text => {
            for r in rules::REGISTRY {
                writeln!(
                    out,
                    "{}  {:<26} {:<8} {:<7} {}",
                    r.code,
                    r.name,
                    r.severity,
                    r.fix.as_str(),
                    r.summary
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
