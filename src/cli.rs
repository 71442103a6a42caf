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
    /// Read the input in this encoding (a WHATWG label: windows-1252, latin1, koi8-r, ...)
    /// instead of detecting it
    #[arg(long, value_name = "NAME", help_heading = "Input")]
    pub encoding: Option<String>,
}

/// How a run is carried out: threads, progress and summary, configuration file.
#[derive(Args, Debug, Clone, Default)]
pub struct RunArgs {
    /// Worker threads (0 = one per core)
    #[arg(
        short = 'j',
        long,
        value_name = "N",
        default_value_t = 0,
        help_heading = "Run"
    )]
    pub jobs: usize,
    /// No progress bar and no summary line on stderr
    #[arg(short = 'q', long, help_heading = "Run")]
    pub quiet: bool,
    /// Read settings from FILE instead of the nearest newsclean.toml or pyproject.toml
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "isolated",
        help_heading = "Run"
    )]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file
    #[arg(long, help_heading = "Run")]
    pub isolated: bool,
}

/// JSON Lines input: records whose text field is an article.
#[derive(Args, Debug, Clone, Default)]
pub struct JsonlArgs {
    /// Inputs are JSON Lines records (plain, .gz or .zst); the text field is the article
    #[arg(long, help_heading = "JSON Lines")]
    pub jsonl: bool,
    /// The record field holding the article; dots reach into nested objects [default: text]
    #[arg(long, value_name = "PATH", help_heading = "JSON Lines")]
    pub text_field: Option<String>,
    /// Drop bad lines (invalid JSON, missing or non-string text field) instead of passing
    /// them through unchanged; either way each is named on stderr
    #[arg(long, help_heading = "JSON Lines")]
    pub drop_invalid: bool,
}

impl JsonlArgs {
    /// Refuses JSON Lines options given without `--jsonl`.
    pub fn validate(&self) -> anyhow::Result<()> {
        if !self.jsonl && (self.text_field.is_some() || self.drop_invalid) {
            anyhow::bail!("--text-field and --drop-invalid apply to JSON Lines input: add --jsonl");
        }
        Ok(())
    }

    pub fn field(&self) -> &str {
        self.text_field.as_deref().unwrap_or("text")
    }
}

#[derive(Args, Debug)]
pub struct CleanArgs {
    /// Files or directories (walked recursively for .txt files, or .jsonl[.gz|.zst] files
    /// with --jsonl); none or "-" reads stdin
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
    #[command(flatten)]
    pub jsonl: JsonlArgs,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories (walked recursively for .txt files, or .jsonl[.gz|.zst] files
    /// with --jsonl); none or "-" reads stdin
    pub paths: Vec<PathBuf>,
    /// Report format
    #[arg(long, value_enum, default_value_t = Format::Full)]
    pub format: Format,
    /// Write the report to FILE (atomically) instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity is reported [default: error, or the
    /// configuration file's fail-on]
    #[arg(long, value_enum)]
    pub fail_on: Option<Level>,
    /// Exit 0 even when findings reach --fail-on (input errors still exit 2)
    #[arg(long)]
    pub exit_zero: bool,
    /// Print counts per rule instead of the findings
    #[arg(long)]
    pub statistics: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub jsonl: JsonlArgs,
    #[command(flatten)]
    pub run: RunArgs,
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
    /// SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps)
    Sarif,
    /// GitHub Actions workflow commands: annotations on pull requests
    Github,
    /// JUnit XML, one test case per article, for CI test reports
    Junit,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
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
