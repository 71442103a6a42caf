//! The `mojibake` rule: UTF-8 text that was decoded with a single-byte code page (once or
//! several times, whole or in part) is decoded back.
//!
//! The approach is ftfy's, rewritten: a "badness" pattern says whether a line holds character
//! sequences that are far likelier to be mojibake than real text; only then is the line encoded
//! back through each code page in a fixed order and decoded as UTF-8, repairing on the way a
//! non-breaking space that became a plain space and bytes that were lost (which become U+FFFD).
//! When the whole line does not decode, runs that look like UTF-8 seen through a code page are
//! fixed one by one; C1 control characters left over are windows-1252 punctuation read as
//! latin-1. The step repeats until nothing changes, which undoes stacked layers.
//!
//! Work is per line, and a line of ASCII or without a single "bad" sequence costs one scan, so
//! clean text is nearly free. Beyond ftfy: the `à` heuristic (a lost NBSP after `Ã`) only
//! applies where the code page shows `Ã` or the byte stands alone, C1 characters between
//! letters that are no plausible punctuation are read as MacRoman, and a few sequences ftfy
//! misses (macroman `√π` inside a word, windows-1251 `Г©` inside a Latin word) count as bad.

use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::passes::mojibake_data::{self as data, CodePage, CODE_PAGES};
use crate::rescan::{past_ascii_lines, touched_lines};
use crate::rules::{FixSafety, Rule, Severity};
use regex::bytes::Regex as BytesRegex;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

pub static MOJIBAKE: Rule = Rule {
    code: "E101",
    name: "mojibake",
    family: "encoding",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "UTF-8 text decoded with the wrong code page (`Ã©` for `é`, `â€™` for `’`)",
    doc: r#"## What it does
Finds text that was written as UTF-8 and read back through a single-byte code page
(windows-1252, latin-1, windows-1250/1251/1253/1254/1257, iso-8859-2, MacRoman, cp437), once
or several times, and decodes it back. It also repairs the common damage on the way: a
non-breaking space that became a plain space (`voilÃ le` → `voilà le`), a byte that was lost
(that character becomes U+FFFD), and C1 control characters that are windows-1252 punctuation
read as latin-1 (`\x93quote\x94` → `“quote”`).

## Why it matters
Mojibake makes words unsearchable and unreadable (`JosÃ©` is not `José`), breaks tokenizers
and language detection, and every later rule sees garbage instead of letters.

## Example
`The Mona Lisa doesnâ€™t have eyebrows.` becomes `The Mona Lisa doesn’t have eyebrows.`

## Fix safety
Safe: a line is only touched when it contains character sequences that practically never
occur in real text, and the repair is the exact inverse of the wrong decoding (the bytes are
recovered and decoded as UTF-8); when the bytes do not form UTF-8 the line is left alone."#,
};

static RULES: &[&Rule] = &[&MOJIBAKE];

pub struct Mojibake;

impl Pass for Mojibake {
    fn name(&self) -> &'static str {
        "mojibake"
    }

    fn stage(&self) -> Stage {
        Stage::Encoding
    }

    // Each line is repaired by itself: run again, the lines that changed are enough.
    fn rescans_changes(&self) -> bool {
        true
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        // Only a line with a non-ASCII byte can hold mojibake.
        let windows = past_ascii_lines(text, touched_lines(text, cx.changed), cx.first_non_ascii());
        let lines = windows.into_iter().flat_map(|window| {
            let from = window.start;
            crate::scan::lines_with_non_ascii(&text[window])
                .map(move |line| from + line.start..from + line.end)
        });
        for line in lines {
            let line_start = line.start;
            let body = text[line].trim_end_matches(['\n', '\r']);
            let Some((fixed, how)) = fix_encoding(body) else {
                continue;
            };
            for (range, replacement) in changed_spans(body, &fixed) {
                let range = line_start + range.start..line_start + range.end;
                // Built by pushes: a dense dump has a finding every few hundred bytes.
                let mut message = String::with_capacity(range.len() + how.len() + 14);
                message.push_str("mojibake `");
                push_shown(&mut message, &text[range.clone()], 40);
                message.push_str("` (");
                message.push_str(&how);
                message.push(')');
                cx.report(
                    Finding::new(&MOJIBAKE, range.clone(), message)
                        .with_fix(Fix::safe_one(Edit::new(range, replacement))),
                );
            }
        }
    }
}

/// The spans of `before` that differ from `after`, with their replacements, word by word when
/// the fix kept the words (spaces) in place, so each diagnostic points at a broken word.
fn changed_spans(before: &str, after: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut spans = Vec::new();
    let spaces = |s: &str| memchr::memchr_iter(b' ', s.as_bytes()).count();
    if spaces(before) == spaces(after) {
        let mut at = 0;
        let words_b = before.as_bytes().split(|&b| b == b' ');
        let words_a = after.as_bytes().split(|&b| b == b' ');
        for (b, a) in words_b.zip(words_a) {
            if a != b {
                // Spaces are ASCII, so both words are whole UTF-8.
                let b = &before[at..at + b.len()];
                let a = std::str::from_utf8(a).expect("split at ASCII");
                let prefix = common_prefix(b, a);
                let suffix = common_suffix(&b[prefix..], &a[prefix..]);
                spans.push((
                    at + prefix..at + b.len() - suffix,
                    a[prefix..a.len() - suffix].to_owned(),
                ));
            }
            at += b.len() + 1;
        }
        return spans;
    }
    let prefix = common_prefix(before, after);
    let suffix = common_suffix(&before[prefix..], &after[prefix..]);
    spans.push((
        prefix..before.len() - suffix,
        after[prefix..after.len() - suffix].to_owned(),
    ));
    spans
}

/// Up to `max` characters of `s` for a message, with control, format and line-separator
/// characters written as `\u{..}` so the message stays on one line and visible.
pub(crate) fn shown(s: &str, max: usize) -> String {
    let mut out = String::new();
    push_shown(&mut out, s, max);
    out
}

/// `shown`, appended to `out`.
fn push_shown(out: &mut String, s: &str, max: usize) {
    for c in s.chars().take(max) {
        let invisible = c.is_control()
            || matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}');
        if invisible {
            out.push_str(&format!("\\u{{{:X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = 0;
    for (x, y) in a.chars().zip(b.chars()) {
        if x != y {
            break;
        }
        n += x.len_utf8();
    }
    n
}

fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = 0;
    for (x, y) in a.chars().rev().zip(b.chars().rev()) {
        if x != y {
            break;
        }
        n += x.len_utf8();
    }
    n
}

/// Sequences that are mojibake ftfy's pattern misses, each kept narrow: MacRoman `√π` (`ù`)
/// right after a Latin letter, and windows-1251 `Г`/`В`/`Р`/`С` between a Latin letter and a
/// windows-1251 symbol (`mГ©dicament`), or alone between Latin words (`attention Г bien`),
/// windows-1252 Arabic whose NBSP bytes became spaces (`Ù Ù Ù¡` for `٠٠١`), and cp437
/// Spanish `¿`/`¡` opening a word (`┬┐que`), which box-drawing art never does.
const EXTRA_BADNESS: &str = r"[A-Za-z]√[πºª∫Ω]|[A-Za-z][ГВРС][\x{A0}-\x{BF}\x{2013}-\x{2122}]|[a-z] Г [a-z]|[ØÙ] [ØÙ]|(?:^|\s)┬[┐í][a-zA-Z]";

static BADNESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("{}|{}", data::BADNESS, EXTRA_BADNESS)).expect("badness pattern")
});

/// True when the text holds at least one sequence that looks like mojibake.
///
/// Every match holds a key character (`data::BADNESS_KEYS`) and is at most `BADNESS_SPAN`
/// characters long, so the pattern is searched only in windows around the key characters,
/// not through whole lines of accented text. A window is searched as a part of the text
/// before its end, from its start: `^` still matches only at the start of the text, and the
/// pattern has no other assertion, so a window holds exactly the text's matches that lie in it.
pub fn is_bad(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    let mut keys = crate::scan::non_ascii_starts(text)
        .filter(|&at| is_badness_key(text[at..].chars().next().expect("a character starts here")));
    let Some(first_key) = keys.next() else {
        return false;
    };
    // A short text is searched whole: one search costs less than a few small ones.
    if text.len() <= 4 * BADNESS_WINDOW_BYTES {
        return BADNESS.is_match(text);
    }
    // The window being gathered: overlapping windows are searched as one.
    let mut window: Option<(usize, usize)> = None;
    for at in std::iter::once(first_key).chain(keys) {
        let start = chars_back(text, at, BADNESS_SPAN);
        let end = chars_forward(text, at, BADNESS_SPAN + 1);
        window = match window {
            Some((s, e)) if start <= e => Some((s, end)),
            Some((s, e)) => {
                if BADNESS.is_match_at(&text[..e], s) {
                    return true;
                }
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    window.is_some_and(|(s, e)| BADNESS.is_match_at(&text[..e], s))
}

/// More than the most characters a match of `BADNESS` spans (7).
const BADNESS_SPAN: usize = 8;

/// The most bytes a window spans: `BADNESS_SPAN` characters on each side of a key character,
/// each up to four bytes.
const BADNESS_WINDOW_BYTES: usize = (2 * BADNESS_SPAN + 1) * 4;

fn is_badness_key(c: char) -> bool {
    data::BADNESS_KEYS
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The offset `n` characters before `at` (or the start).
fn chars_back(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n - 1)
        .map_or(0, |(i, _)| i)
}

/// The offset `n` characters after `at` (or the end).
fn chars_forward(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

/// Runs of characters that look like UTF-8 bytes shown through a code page.
static UTF8_DETECTOR: LazyLock<Regex> = LazyLock::new(|| {
    let c = data::UTF8_CONTINUATION;
    Regex::new(&format!(
        "(?:{}{c}|{}{c}{{2}}|{}{c}{{3}})+",
        data::UTF8_FIRST_OF_2,
        data::UTF8_FIRST_OF_3,
        data::UTF8_FIRST_OF_4
    ))
    .expect("utf-8 detector")
});

/// A run must not start right after a character that only continues UTF-8, so that a few
/// characters inside a large garble are not "fixed" into something worse.
static CONTINUATION_STRICT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{}$", data::UTF8_CONTINUATION_STRICT)).unwrap());

static FIRST_OF_2: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{}$", data::UTF8_FIRST_OF_2)).unwrap());

/// UTF-8 sequences whose 0xA0 byte became a space (0x20).
static ALTERED_UTF8: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(
        r"(?-u)[\xc2\xc3\xc5\xce\xd0\xd9] |[\xe2\xe3] [\x80-\x84\x86-\x9f\xa1-\xbf]|[\xe0-\xe3][\x80-\x84\x86-\x9f\xa1-\xbf] |\xf0 [\x80-\xbf][\x80-\xbf]|\xf0[\x80-\xbf] [\x80-\xbf]|\xf0[\x80-\xbf][\x80-\xbf] ",
    )
    .unwrap()
});

/// UTF-8 sequences where a byte was lost: 0x1A stands for a character the wrong decoder
/// replaced by U+FFFD, and `?` for one it replaced by a question mark (at most once).
static LOSSY_UTF8: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(concat!(
        r"(?-u)[\xc2-\xdf]\x1a",
        r"|[\xc2-\xc3]\?",
        r"|\xed[\xa0-\xaf][\x1a?]\xed[\xb0-\xbf][\x1a?\x80-\xbf]",
        r"|\xed[\xa0-\xaf][\x1a?\x80-\xbf]\xed[\xb0-\xbf][\x1a?]",
        r"|[\xe0-\xef][\x1a?][\x1a\x80-\xbf]",
        r"|[\xe0-\xef][\x1a\x80-\xbf][\x1a?]",
        r"|[\xf0-\xf4][\x1a?][\x1a\x80-\xbf][\x1a\x80-\xbf]",
        r"|[\xf0-\xf4][\x1a\x80-\xbf][\x1a?][\x1a\x80-\xbf]",
        r"|[\xf0-\xf4][\x1a\x80-\xbf][\x1a\x80-\xbf][\x1a?]",
        r"|\x1a",
    ))
    .unwrap()
});

/// Reverse maps (character to byte) of the code pages, in `CODE_PAGES` order.
static ENCODERS: LazyLock<Vec<HashMap<char, u8>>> = LazyLock::new(|| {
    CODE_PAGES
        .iter()
        .map(|page| {
            let mut m: HashMap<char, u8> = page
                .high
                .iter()
                .enumerate()
                .map(|(i, &c)| (c, 0x80 + i as u8))
                .collect();
            if page.sloppy {
                m.insert('\u{FFFD}', 0x1A);
            }
            m
        })
        .collect()
});

/// Encodes `text` through a code page, or `None` when a character has no byte there.
fn encode(text: &str, page: usize) -> Option<Vec<u8>> {
    let map = &ENCODERS[page];
    let sloppy = CODE_PAGES[page].sloppy;
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() && !(sloppy && c == '\x1a') {
            out.push(c as u8);
        } else {
            out.push(*map.get(&c)?);
        }
    }
    Some(out)
}

/// Fixes the text until it no longer changes. Returns the fixed text and a short account of
/// the code pages undone, or `None` when nothing changed.
pub fn fix_encoding(text: &str) -> Option<(String, String)> {
    // Text without a sign of mojibake is left as it is by the first step: settled without
    // copying it (most lines with an accent are fine).
    if !is_bad(text) {
        return None;
    }
    let mut current = text.to_owned();
    let mut how: Vec<&'static str> = Vec::new();
    // Each step removes a layer or a defect; real text never needs many. A text still
    // changing after the last step allowed is made to feed the repair to itself (`ÂÂÂ…ƒ` loses
    // one `Â` a step): a part-repair would be repaired again by the next run, so none is made.
    for steps in 0..=8 {
        // The first step's text is known to be bad already: not searched twice.
        match fix_one_step(&current, steps == 0) {
            Some((next, _)) if steps == 8 && next != current => return None,
            Some((next, step)) if next != current => {
                if !how.contains(&step) {
                    how.push(step);
                }
                current = next;
            }
            _ => break,
        }
    }
    if current == text {
        None
    } else {
        Some((current, how.join(", then ")))
    }
}

/// One repair step; `known_bad` when `is_bad(text)` was just found true.
fn fix_one_step(text: &str, known_bad: bool) -> Option<(String, &'static str)> {
    if !known_bad && !is_bad(text) {
        return None;
    }
    let mut latin1_ok = false;
    for (i, page) in CODE_PAGES.iter().enumerate() {
        let Some(bytes) = encode(text, i) else {
            continue;
        };
        if i == 0 {
            latin1_ok = true;
        }
        if let Some(fixed) = decode_as_utf8(bytes, page) {
            return Some((fixed, page.label));
        }
    }
    if let Some(fixed) = decode_inconsistent_utf8(text) {
        if fixed != text {
            return Some((fixed, "UTF-8 read through a code page, in part"));
        }
    }
    let _ = latin1_ok;
    fix_c1_controls(text).map(|t| (t, "windows-1252 punctuation read as latin-1"))
}

/// The bytes recovered through `page`, repaired and decoded as UTF-8 (or its CESU-8 and
/// Java variants); `None` when they are not UTF-8.
fn decode_as_utf8(mut bytes: Vec<u8>, page: &CodePage) -> Option<String> {
    if page.name != "macroman" && ALTERED_UTF8.is_match(&bytes) {
        bytes = restore_byte_a0(&bytes, page);
    }
    if page.sloppy && memchr::memchr2(0x1a, b'?', &bytes).is_some() {
        bytes = LOSSY_UTF8
            .replace_all(&bytes, "\u{FFFD}".as_bytes())
            .into_owned();
    }
    if memchr::memchr2(0xed, 0xc0, &bytes).is_some() {
        decode_utf8_variants(&bytes)
    } else {
        String::from_utf8(bytes).ok()
    }
}

/// Puts back 0xA0 bytes that became spaces. `Ã ` before a word is `à` followed by a space
/// that merged with the NBSP (`voilÃ le`); ftfy assumes that everywhere, but in code pages
/// where 0xC3 is not `Ã` it only holds when the byte stands alone (`attention Г bien`), not
/// inside a word (`hĂ i` is Vietnamese `hài`).
fn restore_byte_a0(bytes: &[u8], page: &CodePage) -> Vec<u8> {
    let western = matches!(page.name, "latin-1" | "windows-1252");
    let mut out = Vec::with_capacity(bytes.len() + 8);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0xc3 && bytes.get(i + 1) == Some(&b' ') {
            let rest = &bytes[i + 2..];
            let excluded = [&b" "[..], b"quele", b"quela", b"quilo", b"s "]
                .iter()
                .any(|p| rest.starts_with(p));
            let alone = i == 0 || bytes[i - 1] == b' ';
            if !excluded && (western || alone) {
                out.extend_from_slice(b"\xc3\xa0 ");
                i += 2;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    let mut fixed = Vec::with_capacity(out.len());
    let mut last = 0;
    for m in ALTERED_UTF8.find_iter(&out) {
        fixed.extend_from_slice(&out[last..m.start()]);
        // A three- or four-byte sequence whose last byte is a space followed by a word: that
        // space most likely separated words (`l\xe1\x94 de` is `lá” de`, not `lᔠde`).
        let bytes_m = m.as_bytes();
        if bytes_m.len() >= 3
            && bytes_m.last() == Some(&b' ')
            && out.get(m.end()).is_some_and(|b| b.is_ascii_alphanumeric())
        {
            fixed.extend_from_slice(bytes_m);
            last = m.end();
            continue;
        }
        let restored: Vec<u8> = m
            .as_bytes()
            .iter()
            .map(|&b| if b == b' ' { 0xa0 } else { b })
            .collect();
        fixed.extend_from_slice(&restored);
        last = m.end();
    }
    fixed.extend_from_slice(&out[last..]);
    fixed
}

/// UTF-8 that also accepts CESU-8 surrogate pairs and the Java encoding of NUL (`C0 80`).
fn decode_utf8_variants(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // The next special sequence: C0 80, or ED followed by A0..BF (a surrogate).
        let next = (i..bytes.len())
            .find(|&j| {
                (bytes[j] == 0xc0 && bytes.get(j + 1) == Some(&0x80))
                    || (bytes[j] == 0xed && matches!(bytes.get(j + 1), Some(0xa0..=0xbf)))
            })
            .unwrap_or(bytes.len());
        out.push_str(std::str::from_utf8(&bytes[i..next]).ok()?);
        i = next;
        if i >= bytes.len() {
            break;
        }
        if bytes[i] == 0xc0 {
            out.push('\0');
            i += 2;
            continue;
        }
        let s = bytes.get(i..i + 6)?;
        let ok = matches!(s[1], 0xa0..=0xaf)
            && matches!(s[2], 0x80..=0xbf)
            && s[3] == 0xed
            && matches!(s[4], 0xb0..=0xbf)
            && matches!(s[5], 0x80..=0xbf);
        if !ok {
            return None;
        }
        let hi = 0xd000 | ((s[1] as u32 & 0x3f) << 6) | (s[2] as u32 & 0x3f);
        let lo = 0xd000 | ((s[4] as u32 & 0x3f) << 6) | (s[5] as u32 & 0x3f);
        let cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
        out.push(char::from_u32(cp)?);
        i += 6;
    }
    Some(out)
}

/// Fixes runs that look like UTF-8 seen through a code page one by one, for text where only
/// part is mojibake (a clean line with one broken word, or layers that differ).
fn decode_inconsistent_utf8(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut pos = 0;
    let mut changed = false;
    while pos < text.len() {
        let Some(m) = UTF8_DETECTOR.find_at(text, pos) else {
            break;
        };
        let prev = text[..m.start()].chars().next_back();
        if let Some(p) = prev {
            let mut buf = [0u8; 4];
            if CONTINUATION_STRICT.is_match(p.encode_utf8(&mut buf)) {
                // Not a start of a run: try again one character later.
                pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
        }
        // A space may stand for a lost 0xA0 inside a run, but one that ends the run is far
        // likelier a real space before the next word (`lá\x94 de` is `lá” de`, not `lᔠde`).
        let mut sub = m.as_str();
        if let Some(body) = sub.strip_suffix(' ') {
            let mut buf = [0u8; 4];
            let before = body.chars().next_back().map(|c| &*c.encode_utf8(&mut buf));
            // `Ã ` is `à` with its NBSP: a two-byte lead keeps its space.
            if !before.is_some_and(|b| FIRST_OF_2.is_match(b)) {
                sub = body;
            }
        }
        let sub_end = m.start() + sub.len();
        if !sub.is_empty() && sub.len() < text.len() && is_bad(sub) {
            if let Some((fixed, _)) = fix_encoding(sub) {
                out.push_str(&text[last..m.start()]);
                out.push_str(&fixed);
                last = sub_end;
                changed = true;
            }
        }
        pos = m.end().max(m.start() + 1);
        while !text.is_char_boundary(pos) {
            pos += 1;
        }
    }
    if !changed {
        return None;
    }
    out.push_str(&text[last..]);
    Some(out)
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// C1 control characters are windows-1252 punctuation read as latin-1. When one sits between
/// letters where the windows-1252 reading is no plausible punctuation (`Coatl\x87n`) and every
/// C1 character of the line is a letter in MacRoman, the line came from a Mac and is read so.
fn fix_c1_controls(text: &str) -> Option<String> {
    if !text.chars().any(is_c1) {
        return None;
    }
    let cp1252 = &CODE_PAGES[1];
    let macroman = CODE_PAGES
        .iter()
        .find(|p| p.name == "macroman")
        .expect("macroman page");
    let chars: Vec<char> = text.chars().collect();
    let mut mac_votes = 0;
    let mut all_mac_letters = true;
    for (i, &c) in chars.iter().enumerate() {
        if !is_c1(c) {
            continue;
        }
        let w = cp1252.high[c as usize - 0x80];
        let m = macroman.high[c as usize - 0x80];
        all_mac_letters &= m.is_alphabetic();
        // Between plain letters only: next to other non-ASCII characters the C1 character is
        // more likely part of a garble (`â\x80â\x80\x9c`) than a Mac letter.
        let between_letters = i > 0
            && chars[i - 1].is_ascii_alphabetic()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
        let plausible = w.is_alphabetic() || "‘’“”–—…•\"".contains(w);
        if between_letters && !plausible {
            mac_votes += 1;
        }
    }
    let page = if mac_votes > 0 && all_mac_letters {
        macroman
    } else {
        cp1252
    };
    Some(
        chars
            .iter()
            .map(|&c| {
                if is_c1(c) {
                    page.high[c as usize - 0x80]
                } else {
                    c
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        fix_encoding(s).map_or_else(|| s.to_owned(), |(t, _)| t)
    }

    /// The windowed search agrees with the pattern over the whole text, on random strings of
    /// the characters the pattern names (so that matches are frequent) with ASCII among them.
    #[test]
    fn windowed_badness_agrees_with_the_whole_pattern() {
        let pattern = format!("{}|{}", data::BADNESS, EXTRA_BADNESS);
        let mut alphabet: Vec<char> = "aZ ., \n".chars().collect();
        let hex = Regex::new(r"\\x\{([0-9A-Fa-f]+)\}|\\x([0-9a-f]{2})").unwrap();
        for c in hex.captures_iter(&pattern) {
            let code = c.get(1).or(c.get(2)).unwrap().as_str();
            alphabet.extend(char::from_u32(u32::from_str_radix(code, 16).unwrap()));
        }
        alphabet.extend(pattern.chars().filter(|c| !c.is_ascii()));
        alphabet.sort_unstable();
        alphabet.dedup();
        assert!(alphabet.len() > 200, "{}", alphabet.len());
        // A small deterministic generator (xorshift), so a failure repeats.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let (mut bad, mut total) = (0, 0);
        let accented: Vec<char> = "éãçõáíóúâêôà".chars().collect();
        for _ in 0..20_000 {
            // Long strings test the windows (short ones are searched whole): dense in pattern
            // characters, sparse, or accented text with a pattern character now and then.
            let len = 1 + next(400);
            let mode = next(3);
            let s: String = (0..len)
                .map(|_| match (mode, next(16)) {
                    (0, r) if r < 4 => ['a', ' ', 'x', 'Q', '\n'][next(5)],
                    (1, r) if r < 14 => ['a', ' ', 'x', 'Q', '.'][next(5)],
                    (2, r) if r < 13 => ['a', ' ', 'o', 'E', ','][next(5)],
                    (2, _) if next(16) > 0 => accented[next(accented.len())],
                    _ => alphabet[next(alphabet.len())],
                })
                .collect();
            let want = !s.is_ascii() && BADNESS.is_match(&s);
            assert_eq!(is_bad(&s), want, "{s:?}");
            bad += usize::from(want);
            total += 1;
        }
        assert!(bad > total / 10 && bad < total, "{bad} of {total}");
        // Every pair of pattern characters, inside a line long enough to be windowed.
        let filler = "word ".repeat(60);
        for &x in alphabet.iter().chain(&accented) {
            for &y in alphabet.iter().chain(&accented) {
                let s = format!("{filler}a{x}{y}x {filler}");
                assert_eq!(is_bad(&s), BADNESS.is_match(&s), "{x:?} {y:?}");
            }
        }
    }

    #[test]
    fn undoes_common_layers() {
        assert_eq!(fix("doesnâ€™t"), "doesn’t");
        assert_eq!(fix("JosÃ© Ã\u{81}lvarez said"), "José Álvarez said");
        assert_eq!(fix("voilÃ le travail"), "voilà le travail");
        // Two layers.
        assert_eq!(fix("Ã\u{83}Â©t"), "ét");
    }

    #[test]
    fn beyond_ftfy() {
        assert_eq!(
            fix("Xem clip hĂ i, phim hĂ i má»›i hay nháşĄt"),
            "Xem clip hài, phim hài mới hay nhất"
        );
        assert_eq!(
            fix("attention \u{413} bien, le m\u{413}\u{a9}dicament"),
            "attention \u{e0} bien, le m\u{e9}dicament"
        );
        assert_eq!(fix("al pi\u{221a}\u{3c0} presto"), "al pi\u{f9} presto");
        assert_eq!(fix("┬┐que diferencia hay?"), "¿que diferencia hay?");
        assert_eq!(
            fix("\u{645}\u{646} \u{d9} \u{d9} \u{d9}\u{a1} \u{628}"),
            "\u{645}\u{646} \u{660}\u{660}\u{661} \u{628}"
        );
    }

    #[test]
    fn leaves_real_text_alone() {
        for s in [
            "Ôôô VIDA MINHA",
            "Offering 5×£35 pin ups",
            "(-1/2)! = √π",
            "├┤a┼┐a┼┐a┼┐a┼┐a",
            "NESTLÉ® requiere",
            "São Paulo, 12 de março — a cidade",
            "Москва, 5 мая",
        ] {
            assert_eq!(fix(s), s);
        }
    }

    #[test]
    fn c1_controls_become_punctuation_or_macroman_letters() {
        assert_eq!(fix("\u{93}desembarca\u{94}"), "“desembarca”");
        assert_eq!(fix("Coatl\u{87}n conf\u{92}an"), "Coatlán confían");
        // Garbles around C1 characters are not read as MacRoman.
        assert_eq!(
            fix("friendly \u{e2}\u{80}\u{e2}\u{80}\u{9c} live"),
            "friendly \u{e2}\u{20ac}\u{e2}\u{20ac}\u{153} live"
        );
        // A real space after a run is not a lost NBSP.
        assert_eq!(fix("chegar l\u{e1}\u{94} de"), "chegar l\u{e1}\u{201d} de");
    }
}
