//! `newsclean clean`: cleaned text to stdout (stdin or one file), to `-o DIR`, or back into
//! the inputs with `--in-place`; article reports as JSON Lines with `--report`. With
//! `--jsonl`, records in and records out, in order. Articles are cleaned in parallel; reports
//! come out in path order.
//!
//! A failure to read one input is reported and the others go on (exit 2 at the end). A
//! failure to write output (read-only directory, full disk) stops the run at once: every
//! later write would fail the same way. Inputs are never touched unless `--in-place`.

use super::{input_failure, report_input_error, summary, warn, ReportOut};
use crate::batch::{self, jsonl, Kind, Progress, Source, Tally};
use crate::cli::{CleanArgs, Outcome};
use crate::config_file::Settings;
use crate::pipeline::Keep;
use crate::report::{write_jsonl, RecordReport};
use crate::Article;
use anyhow::{bail, Context as _, Result};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What went wrong with one article: its input (the run goes on) or its output (the run
/// stops).
enum Failure {
    Input(anyhow::Error),
    Output(anyhow::Error),
}

/// An output failure, said as the end of the run.
fn stopped(err: anyhow::Error) -> anyhow::Error {
    anyhow::anyhow!("{err:#}; stopped there, the inputs are untouched")
}

pub fn run(args: &CleanArgs) -> Result<Outcome> {
    args.jsonl.validate()?;
    let started = Instant::now();
    let settings = Settings::resolve(&args.rules, &args.run, None)?;
    let pool = batch::pool(args.run.jobs)?;
    let kind = if args.jsonl.jsonl {
        Kind::Jsonl
    } else {
        Kind::Text
    };
    let collected = batch::collect_kind(&args.paths, kind);
    let to_files = args.out_dir.is_some() || args.in_place;
    let many = collected.sources.len() > 1 || collected.had_directory;
    if many && !to_files && !args.jsonl.jsonl {
        bail!("several articles need somewhere to go: add -o DIR (or --in-place)");
    }
    if args.in_place && collected.sources.contains(&Source::Stdin) {
        bail!("--in-place cannot rewrite standard input; name files instead");
    }
    if let Some(dir) = &args.out_dir {
        batch::check_out_dir(dir, &args.paths)?;
    }
    let report_to_stdout = args.report.as_deref() == Some(Path::new("-"));
    if report_to_stdout && !to_files {
        bail!("--report - would mix reports into the cleaned text on stdout; give a file name, or use -o DIR");
    }
    remove_stale_temps(args, &collected.sources);

    let mut report = match &args.report {
        None => None,
        Some(p) => Some(
            ReportOut::open(Some(p))
                .with_context(|| format!("--report {}: cannot create this file", p.display()))?,
        ),
    };
    let mut tally = Tally::default();
    for err in &collected.errors {
        report_input_error(err);
        tally.input_errors += 1;
    }
    let batch_run = many || args.jsonl.jsonl;
    let total = (!args.jsonl.jsonl).then_some(collected.sources.len() as u64);
    let progress = Progress::new(total, batch_run && batch::progress_allowed(args.run.quiet));

    if args.jsonl.jsonl {
        clean_streams(
            args,
            &settings,
            &pool,
            &collected.sources,
            report.as_mut(),
            &mut tally,
            &progress,
        )?;
    } else {
        clean_files(
            args,
            &settings,
            &pool,
            &collected.sources,
            report.as_mut(),
            &mut tally,
            &progress,
        )?;
    }
    progress.finish();
    if let Some(out) = report {
        out.finish().context("writing the report")?;
    }
    if batch_run && !args.run.quiet {
        summary(&tally.line(started.elapsed()));
    }
    Ok(if tally.input_errors > 0 {
        Outcome::InputErrors
    } else {
        Outcome::Success
    })
}

/// Removes what killed runs left in the directories this run writes to.
fn remove_stale_temps(args: &CleanArgs, sources: &[Source]) {
    if let Some(dir) = &args.out_dir {
        batch::remove_stale_temps(dir, true);
    }
    if args.in_place {
        let mut dirs: Vec<&Path> = sources
            .iter()
            .filter_map(|s| s.path().and_then(Path::parent))
            .collect();
        dirs.sort();
        dirs.dedup();
        for dir in dirs {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            batch::remove_stale_temps(dir, false);
        }
    }
}

/// Where one cleaned file goes: under `-o DIR`, over the input, or `None` for stdout.
fn target_of(args: &CleanArgs, source: &Source, stdin_name: &str) -> Option<PathBuf> {
    match (source, &args.out_dir, args.in_place) {
        (Source::File { relative, .. }, Some(dir), _) => Some(dir.join(relative)),
        // Rewrite what a named link points at, not the link.
        (Source::File { path, .. }, None, true) => {
            Some(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
        }
        (Source::Stdin, Some(dir), _) => Some(dir.join(stdin_name)),
        _ => None,
    }
}

fn clean_files(
    args: &CleanArgs,
    settings: &Settings,
    pool: &rayon::ThreadPool,
    sources: &[Source],
    mut report: Option<&mut ReportOut>,
    tally: &mut Tally,
    progress: &Progress,
) -> Result<()> {
    let stdout = io::stdout();
    let mut text_out = BufWriter::new(stdout.lock());
    // Cleaned files are staged beside their targets and put in place together at the end:
    // one sync for the run, and a run that stops on an error changes no file.
    let mut staged = Vec::new();
    // Without a report nothing reads the diagnostics: only their counts (the summary).
    let keep = if report.is_some() {
        Keep::Diagnostics
    } else {
        Keep::Counts
    };
    let work = |source: &Source| -> Result<(Article, usize, Option<batch::Staged>), Failure> {
        let decoded = batch::read(source, settings.encoding).map_err(Failure::Input)?;
        let config = settings.config_for(source.path());
        let bytes = decoded.text.len();
        let article = crate::clean_decoded_owned(decoded, &config, keep);
        let mut staged = None;
        if let Some(target) = target_of(args, source, "stdin.txt") {
            if !args.in_place || article.changed {
                let file = batch::stage(&target, article.text.as_bytes());
                staged = Some(file.map_err(Failure::Output)?);
            }
        }
        Ok((article, bytes, staged))
    };
    let sink = |source: &Source,
                result: Result<(Article, usize, Option<batch::Staged>), Failure>|
     -> Result<()> {
        progress.inc(1);
        let (article, bytes) = match result {
            Ok((article, bytes, file)) => {
                staged.extend(file);
                (article, bytes)
            }
            Err(Failure::Input(err)) => {
                progress.say(|| input_failure(&err, tally));
                return Ok(());
            }
            Err(Failure::Output(err)) => return Err(stopped(err)),
        };
        tally.add(&article, bytes);
        if target_of(args, source, "stdin.txt").is_none() {
            text_out
                .write_all(article.text.as_bytes())
                .context("writing the cleaned text to stdout")?;
        }
        if let Some(out) = report.as_deref_mut() {
            write_jsonl(out, &source.display(), &article).context("writing the report")?;
        }
        Ok(())
    };
    batch::ordered_map(pool, sources, work, sink)?;
    batch::commit_staged(staged).map_err(stopped)?;
    text_out
        .flush()
        .context("writing the cleaned text to stdout")
}

/// One JSON Lines line's fate.
enum Line {
    /// Blank: kept as it is (dropped with --drop-invalid), not a record.
    Blank,
    Invalid(String),
    Cleaned {
        line: String,
        article: Box<Article>,
        bytes: usize,
    },
}

fn clean_streams(
    args: &CleanArgs,
    settings: &Settings,
    pool: &rayon::ThreadPool,
    sources: &[Source],
    mut report: Option<&mut ReportOut>,
    tally: &mut Tally,
    progress: &Progress,
) -> Result<()> {
    let field = jsonl::FieldPath::parse(args.jsonl.field())?;
    let embed = args.report.is_none();
    let stdout = io::stdout();
    let mut stdout_out = BufWriter::with_capacity(1 << 16, stdout.lock());
    for source in sources {
        let name = source.display();
        let mut reader = match jsonl::open(source) {
            Ok(r) => r,
            Err(err) => {
                report_input_error(&err);
                tally.input_errors += 1;
                continue;
            }
        };
        let target = target_of(args, source, "stdin.jsonl");
        let destination = target
            .as_ref()
            .map_or_else(|| "stdout".to_owned(), |t| t.display().to_string());
        let mut file_out = match &target {
            Some(target) => Some(jsonl::OutputFile::create(target).map_err(stopped)?),
            None => None,
        };
        let out: &mut dyn Write = match file_out.as_mut() {
            Some(f) => f,
            None => &mut stdout_out,
        };
        // A record's text field is not a file: no final newline is added to it.
        let config = settings
            .config_for(source.path())
            .into_owned()
            .with_final_newline(false);
        let work = |_: usize, raw: &[u8]| -> Line {
            if raw.iter().all(u8::is_ascii_whitespace) {
                return Line::Blank;
            }
            let record = match jsonl::parse(raw, &field) {
                Ok(r) => r,
                Err(reason) => return Line::Invalid(reason),
            };
            let article = crate::clean(&record.text, &config);
            let bytes = record.text.len();
            let embedded = if embed {
                let report = crate::report::ArticleReport {
                    path: &name,
                    article: &article,
                };
                match serde_json::value::to_raw_value(&report) {
                    Ok(r) => Some(r),
                    Err(e) => return Line::Invalid(format!("cannot write the report: {e}")),
                }
            } else {
                None
            };
            match record.into_line(&field, &article.text, embedded) {
                Ok(line) => Line::Cleaned {
                    line,
                    article: Box::new(article),
                    bytes,
                },
                Err(e) => Line::Invalid(format!("cannot write the record: {e}")),
            }
        };
        let sink = |n: usize, raw: &[u8], line: Line| -> Result<()> {
            let written = match line {
                Line::Blank if args.jsonl.drop_invalid => Ok(()),
                Line::Blank => out.write_all(raw).and_then(|()| out.write_all(b"\n")),
                Line::Invalid(reason) => {
                    tally.invalid_records += 1;
                    if args.jsonl.drop_invalid {
                        progress.say(|| warn(&format!("{name}:{n}: {reason}; line dropped")));
                        Ok(())
                    } else {
                        progress.say(|| {
                            warn(&format!(
                                "{name}:{n}: {reason}; line passed through unchanged"
                            ))
                        });
                        out.write_all(raw).and_then(|()| out.write_all(b"\n"))
                    }
                }
                Line::Cleaned {
                    line,
                    article,
                    bytes,
                } => {
                    tally.add(&article, bytes);
                    if let Some(rep) = report.as_deref_mut() {
                        serde_json::to_writer(
                            &mut *rep,
                            &RecordReport {
                                path: &name,
                                line: n,
                                article: &article,
                            },
                        )
                        .map_err(io::Error::from)
                        .and_then(|()| rep.write_all(b"\n"))
                        .context("writing the report")?;
                    }
                    out.write_all(line.as_bytes())
                        .and_then(|()| out.write_all(b"\n"))
                }
            };
            written.with_context(|| format!("{destination}: cannot write the cleaned records"))
        };
        let inc = |k: u64| progress.inc(k);
        let read = jsonl::for_each_line(&mut *reader, pool, work, sink, inc).map_err(|e| {
            // Stdout errors keep their cause (a closed pipe ends quietly); file errors stop
            // the run with the inputs untouched.
            if target.is_some() {
                stopped(e)
            } else {
                e
            }
        })?;
        match (read, file_out) {
            (Ok(()), Some(f)) => f.commit().map_err(stopped)?,
            (Ok(()), None) => {}
            (Err(err), _) => {
                // A stream cut short: its output file is not put in place.
                report_input_error(&err.context(name.clone()));
                tally.input_errors += 1;
            }
        }
    }
    stdout_out
        .flush()
        .context("writing the cleaned records to stdout")
}
