//! The one integration-test binary (one link, one place to look), a module per area.
//! Add an area as a file beside this one and one `mod` line here.

mod cli;
mod cli_batch;
mod encoding;
mod fixtures;
mod hostile;
mod invariants;
mod properties;
mod punctuation;
mod readme;
mod scripts;
mod structure;
mod support;
