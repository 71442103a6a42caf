//! The subcommands, one file each. They turn parsed arguments into library calls, files and
//! reports; `cli.rs` maps their outcome to an exit code.

use crate::cli::RuleArgs;
use crate::config::Config;
use anyhow::Result;

pub mod check;
pub mod clean;
pub mod explain;

/// Builds the library configuration from the rule flags.
pub fn config_from(rules: &RuleArgs) -> Result<Config> {
    Ok(Config::new()
        .with_selection(&rules.select, &rules.ignore)?
        .with_unsafe_fixes(rules.unsafe_fixes))
}

/// Prints one input error to stderr, in the same shape as fatal errors.
pub fn report_input_error(err: &anyhow::Error) {
    use std::io::Write;
    // Paths and messages may carry hostile characters (a file named with an escape sequence).
    let message = crate::report::sanitize::sanitize(&format!("{err:#}")).into_owned();
    let _ = writeln!(std::io::stderr(), "newsclean: error: {message}");
}
