//! The command-line contract of `../shared/DESIGN.md` for single inputs: stdin, files,
//! directories, `-o`, `--in-place`, `--report`, exit codes, `explain`, closed pipes and
//! unreadable or missing inputs.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/000_6acf8a639d1bd296.txt"
);

fn newsclean() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsclean"));
    cmd.env_remove("CI").env("NO_COLOR", "1");
    cmd
}

/// Runs with `stdin` as standard input.
fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    crate::support::run_piped(newsclean().args(args), stdin)
}

fn run(args: &[&str]) -> Output {
    newsclean()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn write(dir: &Path, rel: &str, contents: &str) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, contents).unwrap();
    p
}

#[test]
fn stdin_to_stdout_and_dash() {
    for args in [&["clean"][..], &["clean", "-"][..]] {
        let out = run_with_stdin(args, b"  Hello  world.  \n\n\n");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "Hello world.\n");
    }
}

#[test]
fn clean_text_is_unchanged() {
    let clean = "A clean paragraph.\n\nAnother one, with “quotes” and café.\n";
    let out = run_with_stdin(&["clean"], clean.as_bytes());
    assert_eq!(text(&out.stdout), clean);
}

#[test]
fn empty_input_gives_empty_output() {
    let out = run_with_stdin(&["clean"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let out = run_with_stdin(&["check", "--fail-on", "info"], b"");
    assert_eq!(out.status.code(), Some(0), "nothing to report in nothing");
}

#[test]
fn one_file_goes_to_stdout() {
    let out = run(&["clean", SEED]);
    assert_eq!(out.status.code(), Some(0));
    let cleaned = text(&out.stdout);
    assert!(
        !cleaned.starts_with(char::is_whitespace),
        "leading space removed"
    );
    assert!(
        cleaned.ends_with(".\n") && !cleaned.ends_with("\n\n"),
        "one final newline"
    );
    assert!(cleaned.contains("Colombian Defense Minister Diego Molano promised"));
}

#[test]
fn directory_needs_somewhere_to_write() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "x\n");
    let out = run(&["clean", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("-o DIR"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn out_dir_mirrors_relative_paths_and_report_lists_each_article() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input, "a.txt", " a  b\n");
    write(&input, "sub/b.txt", "b\n\n\n");
    write(&input, "sub/ignored.md", "not an article\n");
    let out_dir = dir.path().join("out");
    let report = dir.path().join("report.jsonl");
    let out = run(&[
        "clean",
        input.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(out_dir.join("a.txt")).unwrap(),
        "a b\n"
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("sub/b.txt")).unwrap(),
        "b\n"
    );
    assert!(!out_dir.join("sub/ignored.md").exists());
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["path"].as_str().unwrap().ends_with("a.txt"));
    assert_eq!(lines[0]["changed"], true);
    assert_eq!(lines[1]["changed"], true);
    assert!(lines[0]["edits"].as_array().is_some_and(|e| !e.is_empty()));
}

#[test]
fn out_dir_inside_the_input_tree_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "a\n");
    let inside = dir.path().join("cleaned");
    let out = run(&[
        "clean",
        dir.path().to_str().unwrap(),
        "-o",
        inside.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("inside the input directory"));
    assert!(!inside.exists());
}

#[test]
fn in_place_rewrites_only_changed_files() {
    let dir = tempfile::tempdir().unwrap();
    let dirty = write(dir.path(), "dirty.txt", "x  y\n\n\n");
    let clean = write(dir.path(), "clean.txt", "already clean\n");
    let before = std::fs::metadata(&clean).unwrap().modified().unwrap();
    let out = run(&["clean", "--in-place", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&dirty).unwrap(), "x y\n");
    assert_eq!(std::fs::read_to_string(&clean).unwrap(), "already clean\n");
    assert_eq!(
        std::fs::metadata(&clean).unwrap().modified().unwrap(),
        before
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("newsclean"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn check_exit_codes_follow_fail_on() {
    // Whitespace findings are info: below the default threshold (error).
    let dirty = b"x  y\n";
    assert_eq!(run_with_stdin(&["check"], dirty).status.code(), Some(0));
    assert_eq!(
        run_with_stdin(&["check", "--fail-on", "info"], dirty)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run_with_stdin(&["check", "--fail-on", "info"], b"clean\n")
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["check", "--format", "nonsense"]).status.code(),
        Some(2)
    );
}

#[test]
fn check_formats() {
    let input = b"x  y \nz\n";
    let concise = run_with_stdin(&["check", "--format", "concise"], input);
    let lines = text(&concise.stdout);
    assert!(
        lines.contains("-:1:2: W501 whitespace 2 spaces where one is meant"),
        "{lines}"
    );
    assert!(
        lines.contains("-:1:5: W501 whitespace trailing whitespace"),
        "{lines}"
    );

    let full = text(&run_with_stdin(&["check"], input).stdout);
    assert!(
        full.contains("info[W501] whitespace: 2 spaces where one is meant"),
        "{full}"
    );
    assert!(full.contains("  --> -:1:2"), "{full}");
    assert!(full.contains("1 | x  y \n"), "{full}");
    assert!(
        full.contains("  |  ^^"),
        "the underline sits under the two spaces: {full}"
    );

    let json = run_with_stdin(&["check", "--format", "json"], input);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["diagnostics"][0]["location"]["line"], 1);
    assert_eq!(
        v[0]["diagnostics"][0]["byte_range"],
        serde_json::json!([1, 3])
    );

    let jsonl = run_with_stdin(&["check", "--format", "jsonl"], input);
    assert_eq!(text(&jsonl.stdout).lines().count(), 1);

    let stats = text(&run_with_stdin(&["check", "--statistics"], input).stdout);
    assert_eq!(stats, "2\tW501\t[*] whitespace\tinfo\n");
}

#[test]
fn select_and_ignore() {
    let input = b"x  y\r\n";
    let out = run_with_stdin(&["clean", "--ignore", "whitespace"], input);
    assert_eq!(out.stdout, input, "nothing else applies");
    let out = run_with_stdin(&["clean", "--select", "W"], input);
    assert_eq!(text(&out.stdout), "x y\n");
    let out = run_with_stdin(&["clean", "--select", "no-such-rule"], input);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no-such-rule"));
}

#[test]
fn explain_prints_docs() {
    let out = run(&["explain", "whitespace"]);
    assert_eq!(out.status.code(), Some(0));
    let doc = text(&out.stdout);
    for section in newsclean::rules::DOC_SECTIONS {
        assert!(doc.contains(section), "{section} missing");
    }
    assert_eq!(
        text(&run(&["explain", "W501"]).stdout),
        doc,
        "codes work like names"
    );
    let all = text(&run(&["explain", "--all"]).stdout);
    for rule in newsclean::rules::REGISTRY {
        assert!(all.contains(&format!("# {} ({})", rule.name, rule.code)));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["explain", "--all", "--format", "json"]).stdout).unwrap();
    assert_eq!(
        json.as_array().unwrap().len(),
        newsclean::rules::REGISTRY.len()
    );
    let out = run(&["explain", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no rule named 'nope'"));
}

#[test]
fn missing_path_is_named_and_others_still_processed() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", "a  b\n");
    let missing = dir.path().join("missing.txt");
    let out = run(&[
        "check",
        "--format",
        "concise",
        missing.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing.txt"));
    assert!(text(&out.stdout).contains("good.txt:1:2: W501"));
}

#[test]
fn invalid_utf8_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"caf\xe9 \xff\xfe\n").unwrap();
    let good = write(dir.path(), "good.txt", "fine\n");
    let out = run(&["check", bad.to_str().unwrap(), good.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    // Once legacy encodings are decoded this input is cleaned instead; either way no panic,
    // no silent mangling, and the exit code tells.
    if out.status.code() == Some(2) {
        assert!(stderr.contains("bad.txt"), "{stderr}");
    } else {
        assert_eq!(out.status.code(), Some(0), "{stderr}");
    }
    assert!(!stderr.contains("panicked"));
}

#[cfg(target_os = "linux")]
#[test]
fn unreadable_file_is_an_error() {
    // /proc/self/mem exists but cannot be read from offset 0, even by root.
    let out = run(&["clean", "/proc/self/mem"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("/proc/self/mem: cannot read this file"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "no partial output");
}

#[test]
fn closed_stdout_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(
        dir.path(),
        "big.txt",
        &"A line of news text.\n".repeat(200_000),
    );
    let mut child = newsclean()
        .args(["clean", big.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}
