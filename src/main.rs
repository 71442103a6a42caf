//! The `newsclean` binary: everything lives in the library; see `cli.rs`.

#[global_allocator]
static ALLOC: newsclean::huge_pages::HugePageAlloc = newsclean::huge_pages::HugePageAlloc;

fn main() -> std::process::ExitCode {
    newsclean::cli::main()
}
