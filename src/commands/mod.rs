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

/// The encoding `--encoding` forces, if any.
pub fn forced_encoding(rules: &RuleArgs) -> Result<Option<&'static encoding_rs::Encoding>> {
    match &rules.encoding {
        None => Ok(None),
        Some(name) => Ok(Some(crate::input::encoding_for_label(name)?)),
    }
}

/// Prints one input error to stderr, in the same shape as fatal errors.
pub fn report_input_error(err: &anyhow::Error) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "newsclean: error: {err:#}");
}
