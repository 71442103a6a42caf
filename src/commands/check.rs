//! `newsclean check`: runs the same pipeline as `clean`, changes nothing, and renders the
//! findings in the chosen format. Exit 1 when any finding reaches `--fail-on`.

use super::{config_from, report_input_error};
use crate::batch;
use crate::cli::{CheckArgs, Format, Outcome};
use crate::report::{self, Renderer, Reported};
use crate::rules::Severity;
use anyhow::{Context as _, Result};
use std::io::{self, BufWriter, Write};

pub fn run(args: &CheckArgs) -> Result<Outcome> {
    let config = config_from(&args.rules)?;
    let forced = super::forced_encoding(&args.rules)?;
    let collected = batch::collect(&args.paths);
    let mut renderer: Box<dyn Renderer> = if args.statistics {
        Box::<report::statistics::Statistics>::default()
    } else {
        match args.format {
            Format::Full => Box::new(report::full::Full),
            Format::Concise => Box::new(report::concise::Concise),
            Format::Json => Box::<report::json::JsonArray>::default(),
            Format::Jsonl => Box::new(report::json::JsonLines),
        }
    };
    let threshold: Severity = args.fail_on.into();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());

    let mut failed = !collected.errors.is_empty();
    for err in &collected.errors {
        report_input_error(err);
    }
    let mut reached_threshold = false;
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
        reached_threshold |= article.max_severity().is_some_and(|s| s >= threshold);
        let path = source.display();
        renderer
            .article(
                &mut out,
                &Reported {
                    path: &path,
                    input: &decoded.text,
                    article: &article,
                },
            )
            .context("writing the report")?;
    }
    renderer.finish(&mut out).context("writing the report")?;
    out.flush().context("writing the report")?;
    Ok(if failed {
        Outcome::InputErrors
    } else if reached_threshold {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}
