//! The `mixed-script-word` rule: one word whose letters come from two scripts, where the
//! minority letters look like letters of the majority script: the Cyrillic `р`, `и`, `к` of
//! `Shchedрик` (a half-transliterated `Щедрик`), the Cyrillic `а` of `pаypal`.
//!
//! Whether two letters look alike is decided by the confusable data of Unicode's UTS #39
//! (the `unicode-security` crate's skeletons): two characters are confusable when their
//! skeletons are equal. A minority letter has an *exact* twin when an ordinary letter of the
//! majority script (ASCII for Latin, the basic alphabet for Cyrillic and Greek) of the same
//! case has its skeleton; when every minority letter has one, the word is rewritten with
//! the twins, which changes nothing a reader sees.

use super::script_context::{fits, is_base_letter, is_single_script_from, name, script_of, words};
use super::script_context::{ScriptCounts, Survey};
use super::script_data::transliterate;
use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::rules::{FixSafety, Rule, Severity};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;
use unicode_script::Script;

pub static MIXED_SCRIPT_WORD: Rule = Rule {
    code: "S202",
    name: "mixed-script-word",
    family: "script",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "A word mixing scripts with look-alike letters (Shchedрик, pаypal)",
    doc: r#"## What it does
Finds words whose letters belong to two or more scripts (by Unicode Script_Extensions)
where at least one letter of the smaller part is a confusable of a letter of the word's
main script, by the confusable data of Unicode Technical Standard #39. The message names
each out-of-script letter, its code point and its look-alike.

A lone Greek letter in a word (`μm`) is a symbol and is not reported, and neither are
words whose out-of-script letters look like nothing in the main script (`iPhone版`).

## Why it matters
Homoglyphs break search, deduplication and tokenization: `pаypal` with a Cyrillic `а` is not
`paypal` to any program. Machine translation leaves half-transliterated words
(`Ukrainian "Shchedрик" sounded`), and spoofed text uses look-alikes on purpose.

## Example
`pаypal` (Cyrillic `а`) becomes `paypal`. `Shchedрик` is reported, with `Shchedrik` offered
as an unsafe fix.

## Fix safety
Safe when every out-of-script letter has an exact twin in the main script (same look, same
case, an ordinary letter): the word is rewritten with the twins and reads the same. Unsafe
otherwise: a Cyrillic or Greek to Latin transliteration is offered when the main script is
Latin, since the look-alike is then not what was meant (`р` in `Shchedрик` stands for `r`,
not `p`). Words of other scripts are only reported."#,
};

static RULES: &[&Rule] = &[&MIXED_SCRIPT_WORD];

pub struct MixedScriptWord;

impl Pass for MixedScriptWord {
    // It reads the letters of single words.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "mixed-script-word"
    }

    fn stage(&self) -> Stage {
        Stage::Script
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        // A mixed word needs two scripts in the document: a cheap scan decides most texts.
        if is_single_script_from(text, cx.first_non_ascii()) {
            return;
        }
        let survey = Survey::new(text);
        let mut found = Vec::new();
        for w in words(text, 0..text.len()) {
            let word = &text[w.clone()];
            if word.is_ascii() {
                continue;
            }
            let paragraph = survey.paragraph_at(w.start).unwrap_or(&survey.document);
            if let Some(f) = check_word(word, w.start, paragraph, &survey.document) {
                found.push(f);
            }
        }
        for f in found {
            cx.report(f);
        }
    }
}

/// One out-of-script letter of a word and its look-alike in the word's main script.
struct Stranger {
    c: char,
    at: usize,
    /// The ordinary letter of the main script it cannot be told from, if any.
    twin: Option<char>,
    /// Some letter of the main script it is confusable with, if any.
    look_alike: Option<char>,
}

fn check_word(
    word: &str,
    start: usize,
    paragraph: &ScriptCounts,
    document: &ScriptCounts,
) -> Option<Finding> {
    let mut counts = ScriptCounts::default();
    let mut greek = 0;
    for c in word.chars() {
        if let Some(s) = script_of(c) {
            counts.add(s, 1);
            if s == Script::Greek && is_base_letter(c) {
                greek += 1;
            }
        }
    }
    if counts.len() < 2 || (counts.len() == 2 && greek == 1) {
        return None; // one script, or a lone Greek letter used as a symbol (`μm`)
    }
    let main = majority(&counts, paragraph, document)?;
    let strangers: Vec<Stranger> = word
        .char_indices()
        .filter(|&(_, c)| script_of(c).is_some() && !fits(c, main))
        .map(|(i, c)| {
            let (twin, look_alike) = look_alikes(c, main);
            Stranger {
                c,
                at: start + i,
                twin,
                look_alike,
            }
        })
        .collect();
    if strangers.iter().all(|s| s.look_alike.is_none()) {
        return None;
    }
    let mut scripts: Vec<&str> = Vec::new();
    for s in &strangers {
        let n = script_of(s.c).map_or("unknown", name);
        if !scripts.contains(&n) {
            scripts.push(n);
        }
    }
    let mut message = format!(
        "word '{word}' mixes {} with {} letters:",
        name(main),
        scripts.join(" and ")
    );
    for (i, s) in strangers.iter().enumerate() {
        let sep = if i == 0 { " " } else { ", " };
        let _ = write!(message, "{sep}'{}' (U+{:04X})", s.c, s.c as u32);
        if let Some(l) = s.look_alike {
            let _ = write!(message, " looks like {} '{l}'", name(main));
        }
    }
    let range = start..start + word.len();
    if strangers.iter().all(|s| s.twin.is_some()) {
        let finding = Finding::new(&MIXED_SCRIPT_WORD, range.clone(), message);
        let edits = strangers
            .iter()
            .map(|s| Edit::new(s.at..s.at + s.c.len_utf8(), s.twin.unwrap().to_string()))
            .collect();
        return Some(finding.with_fix(Fix::safe(edits)));
    }
    if main == Script::Latin {
        if let Some(t) = transliterate(word).filter(|t| t != word) {
            let _ = write!(message, "; transliteration '{t}' offered");
            let finding = Finding::new(&MIXED_SCRIPT_WORD, range.clone(), message);
            return Some(finding.with_fix(Fix::unsafe_(vec![Edit::new(range, t)])));
        }
    }
    Some(Finding::new(&MIXED_SCRIPT_WORD, range, message))
}

/// The word's main script: the one with most letters; on a tie, the paragraph's or the
/// document's main script if it is among the tied ones.
fn majority(
    counts: &ScriptCounts,
    paragraph: &ScriptCounts,
    document: &ScriptCounts,
) -> Option<Script> {
    let best = counts.main()?;
    let top = counts.get(best);
    for preferred in [paragraph.main(), document.main()].into_iter().flatten() {
        if counts.get(preferred) == top {
            return Some(preferred);
        }
    }
    Some(best)
}

/// The exact twin and some look-alike of `c` among the letters of `script`.
fn look_alikes(c: char, script: Script) -> (Option<char>, Option<char>) {
    let key: String = unicode_security::skeleton(&c.to_string()).collect();
    let Some(candidates) = SKELETONS.get(&key) else {
        return (None, None);
    };
    let in_script = |d: &&char| **d != c && script_of(**d) == Some(script);
    let look_alike = candidates.iter().find(in_script).copied();
    let twin = candidates
        .iter()
        .filter(in_script)
        .find(|d| is_ordinary(**d, script) && d.is_uppercase() == c.is_uppercase())
        .copied();
    (twin, look_alike.or(twin))
}

/// The plain letters of an alphabet, the only ones a safe fix writes.
fn is_ordinary(c: char, script: Script) -> bool {
    let u = c as u32;
    match script {
        Script::Latin => c.is_ascii_alphabetic(),
        Script::Cyrillic => {
            (0x410..0x450).contains(&u)
                || matches!(
                    u,
                    0x401 | 0x404 | 0x406 | 0x407 | 0x451 | 0x454 | 0x456 | 0x457
                )
        }
        Script::Greek => (0x391..0x3ca).contains(&u),
        _ => c.is_alphabetic(),
    }
}

/// The letters of the alphabetic blocks most text is written in, by skeleton: the
/// candidates a confusable letter is looked up among. Built once, on first use.
static SKELETONS: LazyLock<HashMap<String, Vec<char>>> = LazyLock::new(|| {
    let ranges = [
        0x41..0x7b,
        0xc0..0x300,
        0x370..0x400,
        0x400..0x530,
        0x530..0x590,
        0x1d00..0x1dc0,
        0x1e00..0x1f00,
    ];
    let mut map: HashMap<String, Vec<char>> = HashMap::new();
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        if c.is_alphabetic() {
            let key: String = unicode_security::skeleton(&c.to_string()).collect();
            map.entry(key).or_default().push(c);
        }
    }
    map
});

#[cfg(test)]
mod tests {
    use crate::{clean, Config};

    fn run(s: &str) -> (String, Vec<(String, String, String)>) {
        let a = clean(s, &Config::new());
        let d = a
            .diagnostics
            .iter()
            .filter(|d| d.code == "S202")
            .map(|d| {
                let fix = d.fix.as_ref().map_or("none".to_owned(), |f| {
                    format!("{} {}", f.applicability.as_str(), f.edits[0].content)
                });
                (s[d.byte_range.clone()].to_owned(), d.message.clone(), fix)
            })
            .collect();
        (a.text, d)
    }

    #[test]
    fn exact_twins_are_fixed_safely() {
        let (text, d) = run("Log in to pаypal now.\n");
        assert_eq!(text, "Log in to paypal now.\n");
        assert_eq!(d.len(), 1);
        assert!(
            d[0].1.contains("'а' (U+0430) looks like Latin 'a'"),
            "{}",
            d[0].1
        );
        let (text, _) = run("Мы живём в Mосква сейчас.\n");
        assert_eq!(text, "Мы живём в Москва сейчас.\n");
    }

    #[test]
    fn half_transliterated_words_get_an_unsafe_transliteration() {
        let (text, d) = run("Ukrainian \"Shchedрик\" sounded in the hall.\n");
        assert!(text.contains("Shchedрик"));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].2, "unsafe Shchedrik");
        assert!(d[0].1.contains("Cyrillic"), "{}", d[0].1);
    }

    #[test]
    fn symbols_and_unlike_letters_are_not_reported() {
        for s in [
            "Pixels of 1,4 μm.\n",
            "Der neue iPhone版 kommt.\n",
            "Il a dit ça.\n",
        ] {
            assert_eq!(run(s).1, [], "{s}");
        }
    }
}
