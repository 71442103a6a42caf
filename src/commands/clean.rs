//! `newsclean clean`: cleaned text to stdout (stdin or one file), to `-o DIR`, or back into
//! the inputs with `--in-place`; article reports as JSON Lines with `--report`.

use super::{config_from, report_input_error};
use crate::batch::{self, Source};
use crate::cli::{CleanArgs, Outcome};
use crate::report::write_jsonl;
use anyhow::{bail, Context as _, Result};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

pub fn run(args: &CleanArgs) -> Result<Outcome> {
    let config = config_from(&args.rules)?;
    let forced = super::forced_encoding(&args.rules)?;
    let collected = batch::collect(&args.paths);
    let to_files = args.out_dir.is_some() || args.in_place;
    let many = collected.sources.len() > 1 || collected.had_directory;
    if many && !to_files {
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

    let stdout = io::stdout();
    let mut text_out = BufWriter::new(stdout.lock());
    let mut report: Option<Box<dyn Write>> = match &args.report {
        None => None,
        Some(p) if p.as_os_str() == "-" => Some(Box::new(BufWriter::new(io::stdout()))),
        Some(p) => Some(Box::new(BufWriter::new(File::create(p).with_context(
            || format!("--report {}: cannot create this file", p.display()),
        )?))),
    };

    let mut failed = !collected.errors.is_empty();
    for err in &collected.errors {
        report_input_error(err);
    }
    for source in &collected.sources {
        let decoded = match batch::read(source, forced) {
            Ok(d) => d,
            Err(err) => {
                report_input_error(&err);
                failed = true;
                continue;
            }
        };
        let article = crate::clean_decoded(&decoded, &config);
        let written = match (source, &args.out_dir, args.in_place) {
            (Source::File { relative, .. }, Some(dir), _) => {
                batch::write_atomic(&dir.join(relative), article.text.as_bytes())
            }
            (Source::File { path, .. }, None, true) => {
                if article.changed {
                    batch::write_atomic(path, article.text.as_bytes())
                } else {
                    Ok(())
                }
            }
            (Source::Stdin, Some(dir), _) => {
                batch::write_atomic(&dir.join("stdin.txt"), article.text.as_bytes())
            }
            _ => text_out
                .write_all(article.text.as_bytes())
                .context("writing the cleaned text to stdout"),
        };
        if let Err(err) = written {
            if crate::cli::is_broken_pipe(&err) {
                return Err(err);
            }
            report_input_error(&err);
            failed = true;
            continue;
        }
        if let Some(out) = report.as_mut() {
            write_jsonl(out.as_mut(), &source.display(), &article).context("writing the report")?;
        }
    }
    text_out
        .flush()
        .context("writing the cleaned text to stdout")?;
    if let Some(mut out) = report {
        out.flush().context("writing the report")?;
    }
    Ok(if failed {
        Outcome::InputErrors
    } else {
        Outcome::Success
    })
}
