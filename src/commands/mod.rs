//! The subcommands, one file each. They turn parsed arguments into library calls, files and
//! reports; `cli.rs` maps their outcome to an exit code.

use anyhow::Result;
use std::io::Write;

pub mod check;
pub mod clean;
pub mod explain;

/// Prints one input error to stderr, in the same shape as fatal errors.
pub fn report_input_error(err: &anyhow::Error) {
    // Paths and messages may carry hostile characters (a file named with an escape sequence).
    let message = crate::report::sanitize::sanitize(&format!("{err:#}")).into_owned();
    let _ = writeln!(std::io::stderr(), "newsclean: error: {message}");
}

/// Reports one input that could not be processed: a skipped file (see [`crate::batch::Skipped`]) as
/// a warning, anything else as an input error (exit 2 at the end).
pub fn input_failure(err: &anyhow::Error, tally: &mut crate::batch::Tally) {
    match err.downcast_ref::<crate::batch::Skipped>() {
        Some(skipped) => {
            warn(&skipped.0);
            tally.skipped += 1;
        }
        None => {
            report_input_error(err);
            tally.input_errors += 1;
        }
    }
}

/// Prints a warning to stderr: something was skipped or passed through, the run goes on.
pub fn warn(message: &str) {
    let message = crate::report::sanitize::sanitize(message);
    let _ = writeln!(std::io::stderr(), "newsclean: warning: {message}");
}

/// Prints the run's one-line summary to stderr.
pub fn summary(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Where a report goes: stdout, or a file written atomically (compressed when its name ends
/// in `.gz` or `.zst`).
pub enum ReportOut {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    File(crate::batch::jsonl::OutputFile),
}

impl ReportOut {
    pub fn open(file: Option<&std::path::Path>) -> Result<ReportOut> {
        Ok(match file {
            Some(p) if p.as_os_str() != "-" => {
                ReportOut::File(crate::batch::jsonl::OutputFile::create(p)?)
            }
            _ => ReportOut::Stdout(std::io::BufWriter::new(std::io::stdout().lock())),
        })
    }

    /// Flushes stdout, or puts the file in place.
    pub fn finish(self) -> Result<()> {
        use anyhow::Context as _;
        match self {
            ReportOut::Stdout(mut w) => w.flush().context("writing the report"),
            ReportOut::File(f) => f.commit(),
        }
    }
}

impl Write for ReportOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            ReportOut::Stdout(w) => w.write(buf),
            ReportOut::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            ReportOut::Stdout(w) => w.flush(),
            ReportOut::File(f) => f.flush(),
        }
    }
}
