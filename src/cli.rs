//! The command line: clap definitions and the dispatch from a parsed command to its
//! implementation in `commands/`, and from its outcome to an exit code.
//!
//! Exit codes (the contract): 0 success; 1 `check` found defects at or above `--fail-on`;
//! 2 usage, input or internal error. A closed stdout pipe ends quietly with 0.

use crate::rules::Severity;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "newsclean",
    version,
    about = "Clean raw scraped news text and report its defects",
    long_about = "Clean raw scraped news text and report its defects.\n\nRepairs whitespace and Unicode \
        normalization (more passes come with each release), writes the cleaned text, and reports every \
        change, located in the input. `newsclean explain --all` lists the rules."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Clean articles: stdin to stdout, one file to stdout, or files and directories to -o DIR
    Clean(CleanArgs),
    /// Report defects without changing anything; exits 1 when any reaches --fail-on
    Check(CheckArgs),
    /// Print a rule's documentation (or all of them)
    Explain(ExplainArgs),
}

/// Which rules run and which fixes apply.
#[derive(Args, Debug, Clone, Default)]
pub struct RuleArgs {
    /// Only these rules: comma-separated names, codes, code prefixes or families
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULES",
        help_heading = "Rules"
    )]
    pub select: Vec<String>,
    /// Skip these rules: comma-separated names, codes, code prefixes or families
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULES",
        help_heading = "Rules"
    )]
    pub ignore: Vec<String>,
    /// Also apply fixes that might change meaning
    #[arg(long, help_heading = "Rules")]
    pub unsafe_fixes: bool,
}

#[derive(Args, Debug)]
pub struct CleanArgs {
    /// Files or directories (walked recursively for .txt files); none or "-" reads stdin
    pub paths: Vec<PathBuf>,
    /// Write each cleaned article under DIR, mirroring relative paths
    #[arg(short = 'o', long, value_name = "DIR", conflicts_with = "in_place")]
    pub out_dir: Option<PathBuf>,
    /// Rewrite the inputs (atomically: a temporary file renamed over the original)
    #[arg(long)]
    pub in_place: bool,
    /// Write article reports as JSON Lines to FILE ("-" = stdout, when text goes to files)
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories (walked recursively for .txt files); none or "-" reads stdin
    pub paths: Vec<PathBuf>,
    /// Report format
    #[arg(long, value_enum, default_value_t = Format::Full)]
    pub format: Format,
    /// Exit 1 when a finding at or above this severity is reported
    #[arg(long, value_enum, default_value_t = Level::Error)]
    pub fail_on: Level,
    /// Print counts per rule instead of the findings
    #[arg(long)]
    pub statistics: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Rule name or code; omit to list the rules
    pub rule: Option<String>,
    /// Every rule's documentation
    #[arg(long, conflicts_with = "rule")]
    pub all: bool,
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// rustc-like, with the line and the span underlined
    Full,
    /// One line per finding: path:line:col: CODE name message
    Concise,
    /// One JSON array of article reports
    Json,
    /// One article report per line
    Jsonl,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl From<Level> for Severity {
    fn from(l: Level) -> Severity {
        match l {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExplainFormat {
    Text,
    Json,
}

/// How a command ended when it did not fail outright.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything went well (for `check`: nothing at or above `--fail-on`).
    Success,
    /// `check` found defects at or above `--fail-on`.
    Findings,
    /// Some inputs failed (already named on stderr); the others were processed.
    InputErrors,
}

/// Parses the command line, runs the command, and maps the result to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Clean(args) => crate::commands::clean::run(&args),
        Command::Check(args) => crate::commands::check::run(&args),
        Command::Explain(args) => crate::commands::explain::run(&args),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::InputErrors) => ExitCode::from(2),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let message = crate::report::sanitize::sanitize(&format!("{err:#}")).into_owned();
            let _ = writeln!(std::io::stderr(), "newsclean: error: {message}");
            ExitCode::from(2)
        }
    }
}

/// True when a closed stdout pipe is anywhere in the error chain: `newsclean ... | head`
/// must end quietly, not with an error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
