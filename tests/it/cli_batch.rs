//! The binary at scale: parallel batches (order, atomic output, interrupted runs, links,
//! duplicates, unwritable output), JSON Lines streams (order, untouched fields, bad lines,
//! compression, equality with cleaning each record alone), the CI formats (SARIF validated
//! against the 2.1.0 schema, github and junit snapshots), and configuration files.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsclean"));
    cmd.env_remove("CI");
    cmd
}

/// Runs newsclean in `dir` with `args` and `stdin`.
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    crate::support::run_piped(bin().args(args).current_dir(dir), stdin)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Articles with whitespace defects, each a little different.
fn article(i: usize) -> String {
    format!(
        "Story {i}  begins here.  \n\nIt has  double spaces {i} and trailing blanks.   \n\n\n\nThe end of {i}.\n"
    )
}

/// A directory of `n` articles in two subdirectories.
fn tree(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let sub = dir.path().join(if i % 2 == 0 { "even" } else { "odd" });
        fs::create_dir_all(&sub).unwrap();
        fs::write(sub.join(format!("a{i:04}.txt")), article(i)).unwrap();
    }
    dir
}

fn clean_alone(text: &str) -> String {
    newsclean::clean(text, &newsclean::Config::new()).text
}

// ---------------------------------------------------------------------------------------
// Parallel batches

#[test]
fn reports_come_out_in_path_order_whatever_the_threads() {
    let dir = tree(300);
    let p = dir.path().to_str().unwrap();
    let one = run_in(
        dir.path(),
        &["check", p, "--format", "jsonl", "-j", "1"],
        b"",
    );
    let four = run_in(
        dir.path(),
        &["check", p, "--format", "jsonl", "-j", "4"],
        b"",
    );
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(stdout(&one), stdout(&four));
    let paths: Vec<String> = stdout(&one)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(paths.len(), 300);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn batch_output_mirrors_the_tree_and_ends_with_a_summary() {
    let dir = tree(20);
    let out = tempfile::tempdir().unwrap();
    let o = run_in(
        dir.path(),
        &[
            "clean",
            dir.path().to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
            "-j",
            "2",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for i in 0..20 {
        let rel = format!("{}/a{i:04}.txt", if i % 2 == 0 { "even" } else { "odd" });
        assert_eq!(
            fs::read_to_string(out.path().join(&rel)).unwrap(),
            clean_alone(&article(i)),
            "{rel}"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join(&rel)).unwrap(),
            article(i)
        );
    }
    let err = stderr(&o);
    assert!(
        err.starts_with("newsclean: 20 articles, 20 changed; findings: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    // Not a terminal: no progress bar escapes.
    assert!(!err.contains('\r') && !err.contains('\u{1b}'));

    let quiet = run_in(
        dir.path(),
        &[
            "clean",
            dir.path().to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
            "--quiet",
        ],
        b"",
    );
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(stderr(&quiet), "");
}

#[test]
fn one_article_to_stdout_prints_no_summary() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["clean"], article(1).as_bytes());
    assert_eq!(stdout(&o), clean_alone(&article(1)));
    assert_eq!(stderr(&o), "");
}

#[test]
fn output_inside_the_input_tree_is_refused() {
    let dir = tree(2);
    let inside = dir.path().join("even/out");
    let o = run_in(
        dir.path(),
        &["clean", ".", "-o", inside.to_str().unwrap()],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("inside the input directory"),
        "{}",
        stderr(&o)
    );
    assert!(!inside.exists());
}

#[test]
fn unwritable_output_is_a_clear_error_and_inputs_stay_untouched() {
    let dir = tree(6);
    let blocker = tempfile::tempdir().unwrap();
    // A regular file where the output directory should be: no directory can be made there
    // (root ignores permission bits, so a read-only directory would not stop the test user).
    let file = blocker.path().join("not-a-dir");
    fs::write(&file, "x").unwrap();
    let target = file.join("out");
    let o = run_in(
        dir.path(),
        &["clean", ".", "-o", target.to_str().unwrap()],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("cannot create this directory"), "{err}");
    assert!(err.contains("inputs are untouched"), "{err}");
    assert_eq!(
        err.matches("newsclean: error:").count(),
        1,
        "stops at the first: {err}"
    );
    for i in 0..6 {
        let rel = format!("{}/a{i:04}.txt", if i % 2 == 0 { "even" } else { "odd" });
        assert_eq!(
            fs::read_to_string(dir.path().join(rel)).unwrap(),
            article(i)
        );
    }
}

#[test]
fn a_run_stopped_by_an_output_error_puts_none_of_its_files_in_place() {
    // `even/` sorts first and is written fine; `odd/` cannot be made (a file stands where
    // the directory should be), which stops the run. The even files were only staged, so
    // neither they nor any temporary file may be left in the output tree.
    let dir = tree(6);
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("odd"), "x").unwrap();
    let o = run_in(
        dir.path(),
        &["clean", ".", "-o", out.path().to_str().unwrap(), "-j", "1"],
        b"",
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot create this directory"),
        "{}",
        stderr(&o)
    );
    let left: Vec<_> = walk(out.path());
    assert_eq!(left, [out.path().join("odd")], "only the blocker remains");
    // And a run that succeeds puts every file in place, with no temporary file left.
    fs::remove_file(out.path().join("odd")).unwrap();
    let o = run_in(
        dir.path(),
        &["clean", ".", "-o", out.path().to_str().unwrap()],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(walk(out.path()).len(), 6);
    for i in 0..6 {
        let rel = format!("{}/a{i:04}.txt", if i % 2 == 0 { "even" } else { "odd" });
        let cleaned = fs::read_to_string(out.path().join(rel)).unwrap();
        assert_eq!(cleaned, clean_alone(&article(i)));
    }
}

/// Every file under `dir` (not directories), sorted.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[cfg(unix)]
#[test]
fn links_out_of_the_tree_are_not_followed_and_duplicates_run_once() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "outside  text\n").unwrap();
    let dir = tree(2);
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        dir.path().join("even/link.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("odd/linkdir")).unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            ".",
            "./even/a0000.txt",
            "even/a0000.txt",
            "--format",
            "jsonl",
        ],
        b"",
    );
    let paths: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        paths,
        ["./even/a0000.txt", "./odd/a0001.txt"],
        "{}",
        stderr(&o)
    );
}

#[cfg(unix)]
#[test]
fn a_killed_run_leaves_no_partial_file_and_a_rerun_finishes() {
    interrupted_run(None);
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_partial_file_and_a_rerun_finishes() {
    interrupted_run(Some("-INT"));
}

/// Stops a batch midway with SIGKILL (`signal` None) or the given `kill` signal, checks that
/// every output file under its final name is complete, then re-runs to the end.
#[cfg(unix)]
fn interrupted_run(signal: Option<&str>) {
    let n = 800;
    let big: String = (0..40).map(article).collect();
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        fs::write(
            dir.path().join(format!("a{i:04}.txt")),
            format!("{i}\n{big}"),
        )
        .unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let args = [
        "clean",
        dir.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "-j",
        "1",
        "--quiet",
    ];
    let mut child = bin().args(args).stderr(Stdio::null()).spawn().unwrap();
    // Wait until some output exists, then kill without warning.
    let started = std::time::Instant::now();
    while fs::read_dir(out.path()).unwrap().count() < 20
        && started.elapsed() < std::time::Duration::from_secs(60)
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    match signal {
        None => child.kill().unwrap(), // SIGKILL
        Some(sig) => {
            let sent = Command::new("kill")
                .args([sig, &child.id().to_string()])
                .status()
                .unwrap();
            assert!(sent.success());
        }
    }
    child.wait().unwrap();
    let finished = fs::read_dir(out.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count();
    assert!(
        finished < n,
        "the run ended before it was killed; make it longer"
    );
    // Every file under its final name is complete.
    for entry in fs::read_dir(out.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "txt") {
            let name = path.file_name().unwrap();
            let input = fs::read_to_string(dir.path().join(name)).unwrap();
            assert_eq!(
                fs::read_to_string(&path).unwrap(),
                clean_alone(&input),
                "{}",
                path.display()
            );
        }
    }
    let again = bin().args(args).output().unwrap();
    assert_eq!(again.status.code(), Some(0));
    let names: Vec<PathBuf> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        names.len(),
        n,
        "the re-run completes and leaves no temporary file"
    );
    for i in (0..n).step_by(97) {
        let input = fs::read_to_string(dir.path().join(format!("a{i:04}.txt"))).unwrap();
        let got = fs::read_to_string(out.path().join(format!("a{i:04}.txt"))).unwrap();
        assert_eq!(got, clean_alone(&input));
    }
}

// ---------------------------------------------------------------------------------------
// JSON Lines

fn record(i: usize) -> String {
    serde_json::json!({"id": i, "text": article(i), "meta": {"src": "wire"}}).to_string()
}

#[test]
fn jsonl_records_keep_order_fields_and_get_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let input = r#"{"z":1.50,"text":"Hello  world.  \n","a":"\u00e9"}
{"text":"Clean text.\n","n":[1, 2]}
"#;
    let o = run_in(dir.path(), &["clean", "--jsonl"], input.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines2: Vec<&str> = out.lines().collect();
    assert_eq!(lines2.len(), 2);
    assert!(
        lines2[0].starts_with(r#"{"z":1.50,"text":"Hello world.\n","a":"\u00e9","newsclean":{"path":"-","encoding":"utf-8","changed":true,"#),
        "{}",
        lines2[0]
    );
    assert!(
        lines2[1].starts_with(r#"{"text":"Clean text.\n","n":[1, 2],"newsclean":{"path":"-","encoding":"utf-8","changed":false,"#),
        "{}",
        lines2[1]
    );
    // Cleaning the output again keeps the text and replaces the report (one `newsclean` key).
    let again = run_in(dir.path(), &["clean", "--jsonl"], out.as_bytes());
    for (first, second) in out.lines().zip(stdout(&again).lines()) {
        let a: serde_json::Value = serde_json::from_str(first).unwrap();
        let b: serde_json::Value = serde_json::from_str(second).unwrap();
        assert_eq!(a["text"], b["text"]);
        assert_eq!(b["newsclean"]["changed"], false);
        assert_eq!(second.matches("\"newsclean\":").count(), 1);
    }
}

#[test]
fn jsonl_text_fields_get_no_final_newline_added() {
    // A text field is not a file: a record that ends without a newline is clean as it is.
    let dir = tempfile::tempdir().unwrap();
    let input = "{\"text\":\"Clean text.\"}\n{\"text\":\"Two  spaces.  \"}\n";
    let o = run_in(dir.path(), &["clean", "--jsonl"], input.as_bytes());
    let out = stdout(&o);
    let records: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records[0]["text"], "Clean text.");
    assert_eq!(records[0]["newsclean"]["changed"], false);
    assert_eq!(records[1]["text"], "Two spaces.");
}

#[test]
fn jsonl_dotted_fields_and_reports_apart() {
    let dir = tempfile::tempdir().unwrap();
    let input = "{\"a\":{\"body\":\"x  y\",\"k\":2}}\n";
    let o = run_in(
        dir.path(),
        &[
            "clean",
            "--jsonl",
            "--text-field",
            "a.body",
            "--report",
            "r.jsonl",
        ],
        input.as_bytes(),
    );
    assert_eq!(
        stdout(&o),
        "{\"a\":{\"body\":\"x y\",\"k\":2}}\n",
        "{}",
        stderr(&o)
    );
    let report = fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    let v: serde_json::Value = serde_json::from_str(report.trim()).unwrap();
    assert_eq!(v["path"], "-");
    assert_eq!(v["line"], 1);
    assert_eq!(v["changed"], true);
}

#[test]
fn jsonl_bad_lines_are_named_and_passed_through_or_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let input = format!(
        "{}\nnot json\n{{\"id\":3}}\n[1]\n{{\"text\":7}}\n\n{}\n",
        record(1),
        record(2)
    );
    let o = run_in(
        dir.path(),
        &["clean", "--jsonl", "--report", "r.jsonl"],
        input.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(
        &lines[1..6],
        &["not json", "{\"id\":3}", "[1]", "{\"text\":7}", ""]
    );
    let err = stderr(&o);
    assert!(err.contains("-:2: invalid JSON"), "{err}");
    assert!(
        err.contains("-:3: no field 'text'; line passed through unchanged"),
        "{err}"
    );
    assert!(err.contains("-:4: not a JSON object"), "{err}");
    assert!(err.contains("-:5: field 'text' is not a string"), "{err}");
    assert!(err.contains("4 invalid records"), "{err}");
    let report = fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    let lines_of: Vec<u64> = report
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["line"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(lines_of, [1, 7]);

    let dropped = run_in(
        dir.path(),
        &["clean", "--jsonl", "--drop-invalid", "-q"],
        input.as_bytes(),
    );
    assert_eq!(stdout(&dropped).lines().count(), 2);
    assert!(stderr(&dropped).contains("-:2: invalid JSON"));
    assert!(stderr(&dropped).contains("line dropped"));
}

#[test]
fn jsonl_stream_equals_cleaning_each_record_alone() {
    let dir = tempfile::tempdir().unwrap();
    // More lines than one chunk, so chunk boundaries are crossed.
    let records: Vec<String> = (0..5000).map(record).collect();
    let input = records.join("\n") + "\n";
    let o = run_in(
        dir.path(),
        &["clean", "--jsonl", "-j", "3"],
        input.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), records.len());
    for i in (0..records.len()).step_by(499) {
        let alone = run_in(
            dir.path(),
            &["clean", "--jsonl"],
            format!("{}\n", records[i]).as_bytes(),
        );
        assert_eq!(stdout(&alone).trim_end(), lines[i], "record {i}");
    }
}

#[test]
fn jsonl_gzip_and_zstd_in_and_out() {
    let dir = tempfile::tempdir().unwrap();
    let input = (0..50).map(record).collect::<Vec<_>>().join("\n") + "\n";
    let plain = stdout(&run_in(
        dir.path(),
        &["clean", "--jsonl", "-q"],
        input.as_bytes(),
    ));
    let src = dir.path().join("src");
    fs::create_dir(&src).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(input.as_bytes()).unwrap();
    fs::write(src.join("a.jsonl.gz"), gz.finish().unwrap()).unwrap();
    fs::write(
        src.join("b.jsonl.zst"),
        zstd::encode_all(input.as_bytes(), 1).unwrap(),
    )
    .unwrap();
    fs::write(src.join("ignored.txt"), "not a dump").unwrap();

    // Compressed stdin is recognized by its first bytes.
    let from_zst = run_in(
        dir.path(),
        &["clean", "--jsonl", "-q"],
        &fs::read(src.join("b.jsonl.zst")).unwrap(),
    );
    assert_eq!(stdout(&from_zst), plain);

    let o = run_in(dir.path(), &["clean", "--jsonl", "src", "-o", "out"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let gz_out = fs::read(dir.path().join("out/a.jsonl.gz")).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::MultiGzDecoder::new(&gz_out[..]),
        &mut text,
    )
    .unwrap();
    let zst_out = String::from_utf8(
        zstd::decode_all(&fs::read(dir.path().join("out/b.jsonl.zst")).unwrap()[..]).unwrap(),
    )
    .unwrap();
    // The embedded report names the file each record came from.
    assert_eq!(
        text,
        plain.replace("\"path\":\"-\"", "\"path\":\"src/a.jsonl.gz\"")
    );
    assert_eq!(
        zst_out,
        plain.replace("\"path\":\"-\"", "\"path\":\"src/b.jsonl.zst\"")
    );
    assert!(!dir.path().join("out/ignored.txt").exists());
}

#[test]
fn jsonl_options_need_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["clean", "--text-field", "body"], b"x");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("add --jsonl"));
}

// ---------------------------------------------------------------------------------------
// CI formats

/// A small tree with findings on one line, across lines, and in a name that needs escaping.
fn ci_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("articles")).unwrap();
    fs::write(
        dir.path().join("articles/a, b:c.txt"),
        "Title  here\n\nBody text.   \n\n\n\nEnd <b>&\"x\"</b>.\n",
    )
    .unwrap();
    fs::write(dir.path().join("articles/clean.txt"), "Clean article.\n").unwrap();
    fs::write(dir.path().join("articles/nfd.txt"), "Cafe\u{301} 50% off\n").unwrap();
    dir
}

#[test]
fn github_format_snapshot() {
    let dir = ci_tree();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "articles",
            "--format",
            "github",
            "-q",
            "--select",
            "W501,E108",
        ],
        b"",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "info findings do not reach --fail-on error"
    );
    insta::assert_snapshot!("github_format", stdout(&o));
}

#[test]
fn junit_format_snapshot() {
    let dir = ci_tree();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "articles",
            "--format",
            "junit",
            "--fail-on",
            "info",
            "-q",
            "--select",
            "W501,E108",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("junit_format", stdout(&o));
}

#[test]
fn sarif_is_valid_against_the_2_1_0_schema() {
    let dir = ci_tree();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "articles",
            "--format",
            "sarif",
            "-o",
            "report.sarif",
            "-q",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "the report went to the file");
    let sarif: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("report.sarif")).unwrap())
            .unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../data/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And the validator does reject a broken document.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));

    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), newsclean::rules::REGISTRY.len());
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    let with_fix = results.iter().find(|r| r.get("fixes").is_some()).unwrap();
    let uri = with_fix["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.starts_with("articles/"), "{uri}");
    assert!(
        with_fix["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
            ["byteLength"]
            .is_u64()
    );

    // No article at all is still a valid document.
    let empty = run_in(dir.path(), &["check", "--format", "sarif"], b"");
    let v: serde_json::Value = serde_json::from_str(&stdout(&empty)).unwrap();
    assert!(validator.is_valid(&v));
    assert_eq!(v["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn exit_zero_and_fail_on() {
    let dir = ci_tree();
    let fail = run_in(
        dir.path(),
        &["check", "articles", "--fail-on", "info", "-q"],
        b"",
    );
    assert_eq!(fail.status.code(), Some(1));
    let zero = run_in(
        dir.path(),
        &[
            "check",
            "articles",
            "--fail-on",
            "info",
            "--exit-zero",
            "-q",
        ],
        b"",
    );
    assert_eq!(zero.status.code(), Some(0));
    assert_eq!(stdout(&fail), stdout(&zero));
    let missing = run_in(dir.path(), &["check", "nope.txt", "--exit-zero", "-q"], b"");
    assert_eq!(missing.status.code(), Some(2), "input errors still exit 2");
}

#[test]
fn check_report_cannot_overwrite_an_input() {
    let dir = ci_tree();
    let o = run_in(
        dir.path(),
        &["check", "articles", "-o", "articles/clean.txt"],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("one of the inputs"));
    assert_eq!(
        fs::read_to_string(dir.path().join("articles/clean.txt")).unwrap(),
        "Clean article.\n"
    );
}

// ---------------------------------------------------------------------------------------
// Configuration files

fn codes(o: &Output) -> Vec<String> {
    stdout(o)
        .lines()
        .flat_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_nearest_config_file_applies_and_flags_override_it() {
    let dir = ci_tree();
    let nested = dir.path().join("articles");
    fs::write(
        dir.path().join("newsclean.toml"),
        "select = [\"W501\", \"E108\"]\nignore = [\"whitespace\"]\n",
    )
    .unwrap();
    let o = run_in(&nested, &["check", ".", "--format", "jsonl", "-q"], b"");
    assert_eq!(codes(&o), ["E108"], "{}", stderr(&o));
    // A flag replaces the file's list.
    let o = run_in(
        &nested,
        &["check", ".", "--format", "jsonl", "-q", "--ignore", "E108"],
        b"",
    );
    assert!(codes(&o).iter().all(|c| c == "W501") && !codes(&o).is_empty());
    // --isolated ignores the file.
    let o = run_in(
        &nested,
        &["check", ".", "--format", "jsonl", "-q", "--isolated"],
        b"",
    );
    assert!(codes(&o).contains(&"W501".to_owned()));
}

#[test]
fn config_fail_on_severity_and_per_path_ignores() {
    let dir = ci_tree();
    fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"x\"\n\n[tool.newsclean]\nselect = [\"W501\", \"E108\"]\nfail-on = \"warning\"\n\n[tool.newsclean.severity]\nW501 = \"warning\"\n\n[tool.newsclean.per-path-ignores]\n\"articles/nfd.txt\" = [\"encoding\"]\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &["check", "articles", "--format", "jsonl", "-q"],
        b"",
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "whitespace is a warning now: {}",
        stderr(&o)
    );
    assert!(codes(&o).iter().all(|c| c == "W501"), "{:?}", codes(&o));
    assert!(stdout(&o).contains("\"severity\":\"warning\""));
    let o = run_in(
        dir.path(),
        &["check", "articles", "-q", "--fail-on", "error"],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "the flag overrides fail-on");
}

#[test]
fn unknown_config_keys_name_the_key_and_the_file() {
    let dir = ci_tree();
    fs::write(
        dir.path().join("custom.toml"),
        "select = [\"W\"]\nfail_on = \"info\"\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &["check", "articles", "--config", "custom.toml"],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("custom.toml") && err.contains("fail_on"),
        "{err}"
    );

    fs::write(
        dir.path().join("newsclean.toml"),
        "ignore = [\"no-such-rule\"]\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["check", "articles"], b"");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("newsclean.toml") && err.contains("no-such-rule"),
        "{err}"
    );
}

#[test]
fn check_reads_jsonl_records_and_names_them_by_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("dump.jsonl"),
        "{\"text\":\"Clean.\\n\"}\n{\"text\":\"Two  spaces.\\n\"}\n{\"body\":1}\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--jsonl",
            "dump.jsonl",
            "--format",
            "concise",
            "--select",
            "W501",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "dump.jsonl:2:1:4: W501 whitespace 2 spaces where one is meant\n"
    );
    let err = stderr(&o);
    assert!(
        err.contains("dump.jsonl:3: no field 'text'; record skipped"),
        "{err}"
    );
    assert!(err.contains("newsclean: 2 articles, 1 changed"), "{err}");
}

#[cfg(unix)]
#[test]
fn new_output_files_get_the_usual_permissions_and_replaced_ones_keep_theirs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(2);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("o");
    let o = run_in(
        dir.path(),
        &["clean", ".", "-o", target.to_str().unwrap(), "-q"],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mode = fs::metadata(target.join("even/a0000.txt"))
        .unwrap()
        .permissions()
        .mode();
    assert_ne!(
        mode & 0o044,
        0,
        "not the private 0600 of a temporary file: {mode:o}"
    );
    let input = dir.path().join("odd/a0001.txt");
    fs::set_permissions(&input, fs::Permissions::from_mode(0o640)).unwrap();
    let o = run_in(dir.path(), &["clean", "odd/a0001.txt", "--in-place"], b"");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        fs::metadata(&input).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_eq!(
        fs::read_to_string(&input).unwrap(),
        clean_alone(&article(1))
    );
}

// ---------------------------------------------------------------------------------------
// Binary files in a batch

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

#[test]
fn a_binary_file_found_in_a_directory_is_a_warning_and_the_exit_follows_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("in");
    fs::create_dir(&articles).unwrap();
    fs::write(articles.join("a.txt"), "A clean article.\n").unwrap();
    fs::write(articles.join("photo.txt"), PNG).unwrap();
    fs::write(articles.join("z.txt"), "Another clean article.\n").unwrap();

    // Clean text, one binary file: the run succeeds, the file is named as skipped.
    let out = run_in(dir.path(), &["clean", "in", "-o", "out"], b"");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning:") && err.contains("photo.txt") && err.contains("skipped"),
        "{err}"
    );
    assert!(!err.contains("error:"), "{err}");
    assert!(err.contains("; 1 skipped"), "the summary counts it: {err}");
    assert!(dir.path().join("out/a.txt").exists() && dir.path().join("out/z.txt").exists());
    assert!(!dir.path().join("out/photo.txt").exists());

    let check = run_in(dir.path(), &["check", "in", "--fail-on", "info"], b"");
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(stderr(&check).contains("photo.txt"));

    // With findings, the exit status is that of the findings: 1, not 2.
    fs::write(articles.join("m.txt"), "Two  spaces here.\n").unwrap();
    let check = run_in(dir.path(), &["check", "in", "--fail-on", "info"], b"");
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));

    // Named on the command line, alone or with others, a binary file stays an error.
    for args in [
        &["check", "in/photo.txt"][..],
        &["check", "in/photo.txt", "in/a.txt"][..],
        &["clean", "in/photo.txt"][..],
    ] {
        let out = run_in(dir.path(), args, b"");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("error:") && err.contains("photo.txt") && err.contains("binary"),
            "{args:?}: {err}"
        );
    }
}
