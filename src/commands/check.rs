//! `newsclean check`: runs the same pipeline as `clean`, changes nothing, and renders the
//! findings in the chosen format, to stdout or to `-o FILE`. Exit 1 when any finding reaches
//! `--fail-on` (unless `--exit-zero`). Articles are cleaned in parallel and reported in path
//! order.

use super::{input_failure, report_input_error, summary, warn, ReportOut};
use crate::batch::{self, jsonl, Kind, Progress, Source, Tally};
use crate::cli::{CheckArgs, Format, Outcome};
use crate::config_file::Settings;
use crate::input::Decoded;
use crate::report::{self, Renderer, Reported};
use crate::rules::Severity;
use crate::Article;
use anyhow::{bail, Context as _, Result};
use std::time::Instant;

pub fn run(args: &CheckArgs) -> Result<Outcome> {
    args.jsonl.validate()?;
    let started = Instant::now();
    let settings = Settings::resolve(&args.rules, &args.run, args.fail_on)?;
    let pool = batch::pool(args.run.jobs)?;
    let kind = if args.jsonl.jsonl {
        Kind::Jsonl
    } else {
        Kind::Text
    };
    let collected = batch::collect_kind(&args.paths, kind);
    if let Some(output) = &args.output {
        refuse_input_as_output(output, &collected.sources)?;
    }
    let threshold = settings.fail_on;
    let mut renderer = renderer_for(args, threshold);
    let mut out = ReportOut::open(args.output.as_deref())?;
    let mut tally = Tally::default();
    for err in &collected.errors {
        report_input_error(err);
        tally.input_errors += 1;
    }
    let batch_run = collected.sources.len() > 1 || collected.had_directory || args.jsonl.jsonl;
    let total = (!args.jsonl.jsonl).then_some(collected.sources.len() as u64);
    let progress = Progress::new(total, batch_run && batch::progress_allowed(args.run.quiet));
    let mut reached = false;

    let mut take = |path: &str,
                    input: &str,
                    article: &Article,
                    tally: &mut Tally,
                    out: &mut ReportOut|
     -> Result<()> {
        tally.add(article, input.len());
        reached |= article.max_severity().is_some_and(|s| s >= threshold);
        renderer
            .article(
                out,
                &Reported {
                    path,
                    input,
                    article,
                },
            )
            .context("writing the report")
    };

    if args.jsonl.jsonl {
        let field = jsonl::FieldPath::parse(args.jsonl.field())?;
        for source in &collected.sources {
            let mut reader = match jsonl::open(source) {
                Ok(r) => r,
                Err(err) => {
                    report_input_error(&err);
                    tally.input_errors += 1;
                    continue;
                }
            };
            // A record's text field is not a file: no final newline is added to it.
            let config = settings
                .config_for(source.path())
                .into_owned()
                .with_final_newline(false);
            let name = source.display();
            let work = |_: usize, line: &[u8]| -> Option<Result<(String, Article), String>> {
                if line.iter().all(u8::is_ascii_whitespace) {
                    return None;
                }
                Some(jsonl::parse(line, &field).map(|record| {
                    let article = crate::clean(&record.text, &config);
                    (record.text, article)
                }))
            };
            let sink = |n: usize, _: &[u8], result: Option<Result<(String, Article), String>>| {
                match result {
                    None => Ok(()),
                    Some(Err(reason)) => {
                        progress.say(|| warn(&format!("{name}:{n}: {reason}; record skipped")));
                        tally.invalid_records += 1;
                        Ok(())
                    }
                    Some(Ok((text, article))) => take(
                        &format!("{name}:{n}"),
                        &text,
                        &article,
                        &mut tally,
                        &mut out,
                    ),
                }
            };
            let inc = |k: u64| progress.inc(k);
            if let Err(err) = jsonl::for_each_line(&mut *reader, &pool, work, sink, inc)? {
                report_input_error(&err.context(name.clone()));
                tally.input_errors += 1;
            }
        }
    } else {
        let work = |source: &Source| -> Result<(Decoded, Article)> {
            let decoded = batch::read(source, settings.encoding)?;
            let config = settings.config_for(source.path());
            let article = crate::clean_decoded(&decoded, &config);
            Ok((decoded, article))
        };
        let sink = |source: &Source, result: Result<(Decoded, Article)>| {
            progress.inc(1);
            match result {
                Err(err) => {
                    progress.say(|| input_failure(&err, &mut tally));
                    Ok(())
                }
                Ok((decoded, article)) => take(
                    &source.display(),
                    &decoded.text,
                    &article,
                    &mut tally,
                    &mut out,
                ),
            }
        };
        batch::ordered_map(&pool, &collected.sources, work, sink)?;
    }
    progress.finish();
    renderer.finish(&mut out).context("writing the report")?;
    out.finish()?;
    if batch_run && !args.run.quiet {
        summary(&tally.line(started.elapsed()));
    }
    Ok(if tally.input_errors > 0 {
        Outcome::InputErrors
    } else if reached && !args.exit_zero {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}

fn renderer_for(args: &CheckArgs, threshold: Severity) -> Box<dyn Renderer> {
    if args.statistics {
        return Box::<report::statistics::Statistics>::default();
    }
    match args.format {
        Format::Full => Box::new(report::full::Full),
        Format::Concise => Box::new(report::concise::Concise),
        Format::Json => Box::<report::json::JsonArray>::default(),
        Format::Jsonl => Box::new(report::json::JsonLines),
        Format::Sarif => Box::<report::sarif::Sarif>::default(),
        Format::Github => Box::new(report::github::Github),
        Format::Junit => Box::new(report::junit::Junit::new(threshold)),
    }
}

/// Refuses `-o FILE` when FILE is one of the inputs: the report would replace an article.
fn refuse_input_as_output(output: &std::path::Path, sources: &[Source]) -> Result<()> {
    let Ok(out) = std::fs::canonicalize(output) else {
        return Ok(());
    };
    for source in sources {
        if let Some(path) = source.path() {
            if std::fs::canonicalize(path).is_ok_and(|p| p == out) {
                bail!(
                    "-o {}: this is one of the inputs; write the report somewhere else",
                    output.display()
                );
            }
        }
    }
    Ok(())
}
