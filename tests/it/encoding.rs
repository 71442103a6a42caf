//! Encoding repair end to end: decoding of non-UTF-8 input (library and `--encoding`), the
//! mojibake rule alone leaving everything else untouched, and the entity and control rules
//! working together on Reuters-shaped text.

use newsclean::{clean, clean_decoded, decode, Config};
use std::io::Write;
use std::process::{Command, Stdio};

fn only(rules: &[&str]) -> Config {
    let rules: Vec<String> = rules.iter().map(|r| r.to_string()).collect();
    Config::new().with_selection(&rules, &[]).unwrap()
}

fn run_cli(args: &[&str], input: &[u8]) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsclean"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The process may exit before reading (a bad flag), closing the pipe: that is fine.
    let _ = child.stdin.take().unwrap().write_all(input);
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cp1252_input_decodes_and_is_reported() {
    let bytes = b"The senator said \x93no\x94 to the \xa3400m plan \x96 twice.\r\n";
    let decoded = decode(bytes).unwrap();
    let article = clean_decoded(&decoded, &Config::new());
    assert_eq!(article.encoding, "windows-1252");
    assert_eq!(
        article.text,
        "The senator said \u{201c}no\u{201d} to the \u{a3}400m plan \u{2013} twice.\n"
    );
    assert!(!article.text.contains('\u{FFFD}'));
    assert!(article
        .diagnostics
        .iter()
        .any(|d| d.name == "legacy-encoding"));
}

#[test]
fn forced_encoding_on_the_command_line() {
    // KOI8-R bytes for "мир": detection alone could not know, the flag decides.
    let (out, err) = run_cli(&["clean", "--encoding", "koi8-r"], b"\xcd\xc9\xd2\n");
    assert_eq!(out, "\u{43c}\u{438}\u{440}\n", "{err}");
    let (_, err) = run_cli(&["clean", "--encoding", "no-such-encoding"], b"x\n");
    assert!(err.contains("unknown encoding"), "{err}");
}

#[test]
fn mojibake_alone_changes_nothing_else() {
    let text = "doesn\u{e2}\u{20ac}\u{2122}t  work\r\n&amp; \u{200b}x\t\n";
    let article = clean(text, &only(&["mojibake"]));
    assert_eq!(article.text, "doesn\u{2019}t  work\r\n&amp; \u{200b}x\t\n");
}

#[test]
fn reuters_markers_are_decoded_then_removed() {
    let text = "&#2;IBM &lt;IBM> SAYS\nProfit rose.\n Reuter\n&#3;";
    let article = clean(text, &only(&["html-entity", "control-character"]));
    assert_eq!(article.text, "IBM <IBM> SAYS\nProfit rose.\n Reuter\n");
    let names: Vec<&str> = article.diagnostics.iter().map(|d| d.name).collect();
    assert_eq!(
        names.iter().filter(|n| **n == "control-character").count(),
        2,
        "{names:?}"
    );
}

#[test]
fn replacement_characters_are_reported_not_fixed() {
    let article = clean("S\u{FFFD}o Paulo\n", &only(&["replacement-character"]));
    assert_eq!(article.text, "S\u{FFFD}o Paulo\n");
    assert_eq!(article.diagnostics.len(), 1);
    assert!(article.diagnostics[0].fix.is_none());
}
