//! The `newsclean` binary: everything lives in the library; see `cli.rs`.

fn main() -> std::process::ExitCode {
    newsclean::cli::main()
}
