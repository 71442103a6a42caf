//! The `stray-script` rule: one or two words of a writing system that the document uses
//! nowhere else, such as the Tamil `அது` ("it") that machine translation left in an English
//! photo caption, or the `Эрнан` of `Former Argentina international Эрнан Crespo`.
//!
//! A document needs a clear main script (two thirds of its letters) for anything to be out
//! of place. A script is then *foreign* when it is not the main one, not Latin (the script
//! of names, brands and acronyms in text of any script), all its words sit in runs of at
//! most two words, none of them quoted or in parentheses (a quotation or a gloss such as
//! `Navalny (Алексей Навальный)` introduces the script on purpose), and its letters are a
//! small share of the document. Every run of a foreign script is reported; a lone Greek
//! letter (`α-synuclein`, `μm`) is a symbol, not a word, and counts for nothing.
//!
//! What the fix does depends on the token: a short lowercase or caseless word (a function
//! word or fragment with no content of its own) is removed with the space it leaves, safely
//! where it stands between sentences or before a credit, as an unsafe offer inside a
//! sentence; a capitalized word is a name in the wrong script and gets an unsafe
//! transliteration when the script has one here; anything else is only reported.
//!
//! The decisions are made so that a second run finds nothing new to fix: words mixing
//! scripts count for their own main script, ties for the main script go to Latin, and a
//! fragment's neighbours are looked at past other foreign tokens (which go too).

use super::script_context::CREDIT;
use super::script_context::{
    is_base_letter, is_single_script_from, name, script_of, words, ScriptCounts, Survey,
};
use super::script_data::{transliterate, CAPTION_PREFIXES};
use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::rules::{FixSafety, Rule, Severity};
use std::ops::Range;
use unicode_script::Script;

pub static STRAY_SCRIPT: Rule = Rule {
    code: "S201",
    name: "stray-script",
    family: "script",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "One or two words in a script the document uses nowhere else",
    doc: r#"## What it does
Counts the letters of each writing system in the document (by Unicode Script_Extensions;
punctuation, digits, symbols, emoji and mathematical letters are neutral; Han, Hiragana,
Katakana and Hangul count as one system). When one script holds two thirds of the letters,
a script other than that one and other than Latin is *foreign* when its letters are few
and all sit in runs of at most two words, none quoted and none in parentheses. Each such
run is reported, naming the script and the token. A lone Greek letter (`α-synuclein`,
`1,4 μm`) is a symbol and never counts.

The severity is `error` on a photo caption or credit line (a line starting `Photo:` or
`File photo:`, or holding a parenthesized credit such as `(REUTERS / Name)`), where a stray
word is an artifact for sure, and `warning` elsewhere.

## Why it matters
Machine translation and scraping leave words of the wrong writing system in articles. They
are noise for readers and models, and they mislead language detection: one Tamil word in a
caption was enough to make a date parser read an English article as Tamil.

## Example
```text
... who boarded it. அது (REUTERS / Manaure Quintero)
Former Argentina international Эрнан Crespo commented
```
The first line becomes `... who boarded it. (REUTERS / Manaure Quintero)` (error, fixed); the
second is reported, with `Ernan` offered as an unsafe fix.

Not reported: `Navalny (Алексей Навальный)`, `the daily "Лента.ру"`, `α-synuclein`, Latin
names and acronyms in Russian or Greek text, and any script with a real share of the text.

## Fix safety
Safe for a short word (three letters at most, one ideograph) that is lowercase or in a
script without case, standing alone between sentences: at the start or end of a line,
after a full stop, or just before a parenthesized credit. Such a fragment has no part in
any sentence, so it is removed with the space before it. Inside a sentence the same word
might be one the sentence needs (`the word حب means love`), so removal is only offered, as
unsafe. Unsafe for a capitalized word (a name in the wrong script): a plain Cyrillic or
Greek transliteration is offered, which may not be the name's usual spelling (`Эрнан`
becomes `Ernan`, the player is Hernán). Other words are only reported: deleting or
romanizing a content word would change the sentence."#,
};

static RULES: &[&Rule] = &[&STRAY_SCRIPT];

/// Longest run, in words, that can be stray; three words or more are a phrase on purpose.
const MAX_RUN_WORDS: usize = 2;
/// A foreign script holds at most 1/this of the document's letters, or at most
/// `MAX_FOREIGN_LETTERS` letters (a short text has few letters to share).
const MAX_SHARE_DIVISOR: usize = 20;
const MAX_FOREIGN_LETTERS: usize = 12;
/// The longest word removed as a fragment, in letters (combining signs not counted).
const MAX_FRAGMENT_LETTERS: usize = 3;
/// The same for ideographs, where every character is a morpheme: two already make a word
/// with content (`代表团`, delegation).
const MAX_FRAGMENT_IDEOGRAPHS: usize = 1;

pub struct StrayScript;

impl Pass for StrayScript {
    // It reads the scripts of words and lines, which spacing does not change.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "stray-script"
    }

    fn stage(&self) -> Stage {
        Stage::Script
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        // Nearly every article is ASCII or one script: a cheap scan and out.
        if is_single_script_from(text, cx.first_non_ascii()) {
            return;
        }
        let survey = Survey::new(text);
        let Some(main) = survey.document.main() else {
            return;
        };
        let mut uses: Vec<ScriptUse> = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            scan_line(text, at..at + line.len(), &mut uses);
            at += line.len();
        }
        let total = survey.document.total();
        // Without a clear main script (two thirds of the letters) nothing is out of place:
        // a bilingual text has no one script to expect.
        if survey.document.get(main) * 3 < total * 2 {
            return;
        }
        uses.retain(|u| {
            let letters = survey.document.get(u.script);
            u.script != main
                && u.script != Script::Latin
                && !u.introduced
                && (letters * MAX_SHARE_DIVISOR <= total || letters <= MAX_FOREIGN_LETTERS)
        });
        // Every token of a foreign run: a fragment's neighbours are looked at past these,
        // since they go too.
        let mut foreign: Vec<Range<usize>> = uses
            .iter()
            .flat_map(|u| u.runs.iter().flat_map(|r| r.chunks.iter().cloned()))
            .collect();
        foreign.sort_by_key(|r| r.start);
        let mut found = Vec::new();
        for u in &uses {
            for run in &u.runs {
                found.push(finding(text, u.script, main, run, &foreign));
            }
        }
        // Two removed fragments side by side may both claim the space between them; the
        // later one gives it up, so that both fixes apply in one go.
        found.sort_by_key(|f| f.range.start);
        let mut claimed = 0;
        for mut f in found {
            if let Some(fix) = f.fix.as_mut() {
                for e in &mut fix.edits {
                    e.byte_range.start = e.byte_range.start.max(claimed);
                    claimed = e.byte_range.end;
                }
            }
            cx.report(f);
        }
    }
}

/// Where one script other than Latin occurs, and whether it is used on purpose.
struct ScriptUse {
    script: Script,
    runs: Vec<Run>,
    /// Seen in a long run, a quotation, a gloss or beside other scripts in one token.
    introduced: bool,
}

/// Consecutive whitespace-separated tokens whose letters are all of one script.
struct Run {
    line: Range<usize>,
    /// The tokens, as byte ranges (punctuation included).
    chunks: Vec<Range<usize>>,
    /// The words in the script, across the tokens.
    words: Vec<Range<usize>>,
}

/// What the letters of one token are.
#[derive(Clone, Copy, PartialEq)]
enum Class {
    Neutral,
    Only(Script),
    Mixed,
}

fn scan_line(text: &str, line: Range<usize>, uses: &mut Vec<ScriptUse>) {
    let l = &text[line.clone()];
    if l.is_ascii() {
        return;
    }
    let mut current: Option<(Script, Run)> = None;
    let mut at = line.start;
    for piece in l.split_inclusive(char::is_whitespace) {
        let trimmed = piece.trim_end_matches(char::is_whitespace);
        let chunk = at..at + trimmed.len();
        at += piece.len();
        if trimmed.is_empty() {
            continue;
        }
        let (class, script_words) = classify(text, chunk.clone());
        match class {
            Class::Only(s) if s != Script::Latin => {
                if let Some((cs, run)) = current.as_mut().filter(|(cs, _)| *cs == s) {
                    let _ = cs;
                    run.chunks.push(chunk);
                    run.words.extend(script_words);
                } else {
                    if let Some((cs, run)) = current.take() {
                        close_run(text, cs, run, uses);
                    }
                    let run = Run {
                        line: line.clone(),
                        chunks: vec![chunk],
                        words: script_words,
                    };
                    current = Some((s, run));
                }
            }
            Class::Mixed => {
                if let Some((cs, run)) = current.take() {
                    close_run(text, cs, run, uses);
                }
                for s in scripts_in(text, chunk) {
                    use_of(uses, s).introduced = true;
                }
            }
            _ => {
                if let Some((cs, run)) = current.take() {
                    close_run(text, cs, run, uses);
                }
            }
        }
    }
    if let Some((cs, run)) = current.take() {
        close_run(text, cs, run, uses);
    }
}

fn use_of(uses: &mut Vec<ScriptUse>, script: Script) -> &mut ScriptUse {
    let i = match uses.iter().position(|u| u.script == script) {
        Some(i) => i,
        None => {
            uses.push(ScriptUse {
                script,
                runs: Vec::new(),
                introduced: false,
            });
            uses.len() - 1
        }
    };
    &mut uses[i]
}

fn close_run(text: &str, script: Script, run: Run, uses: &mut Vec<ScriptUse>) {
    let first = run.words[0].start;
    let on_purpose = run.words.len() > MAX_RUN_WORDS
        || is_quoted(&text[run.line.start..first])
        || is_in_brackets(&text[run.line.start..first]);
    let u = use_of(uses, script);
    if on_purpose {
        u.introduced = true;
    } else {
        u.runs.push(run);
    }
}

/// The letter scripts of one token, and its words that hold letters of a non-Latin script.
/// A word whose only letter of its script is one Greek letter (`α`, `μm`) counts as neutral
/// for Greek; a word mixing scripts within itself counts for nothing.
fn classify(text: &str, chunk: Range<usize>) -> (Class, Vec<Range<usize>>) {
    let mut class = Class::Neutral;
    let mut script_words = Vec::new();
    let mut counts = ScriptCounts::default();
    for w in words(text, chunk) {
        let word = &text[w.clone()];
        counts.clear();
        let mut greek = 0;
        for c in word.chars() {
            let Some(s) = script_of(c) else { continue };
            if s == Script::Greek && is_base_letter(c) {
                greek += 1;
            }
            counts.add(s, 1);
        }
        if greek == 1 {
            // A lone Greek letter is a symbol: drop Greek from this word.
            counts.remove(Script::Greek);
        }
        // A word mixing scripts within itself (mixed-script-word's business) counts for its
        // own main script, the one a fix would give it, as in the document's counts.
        let Some(s) = counts.main() else { continue };
        if s != Script::Latin {
            script_words.push(w);
        }
        class = join(class, s);
    }
    (class, script_words)
}

fn join(class: Class, s: Script) -> Class {
    match class {
        Class::Neutral => Class::Only(s),
        Class::Only(t) if t == s => class,
        _ => Class::Mixed,
    }
}

/// The non-Latin scripts of a token's letters.
fn scripts_in(text: &str, chunk: Range<usize>) -> Vec<Script> {
    let mut out = Vec::new();
    for s in text[chunk].chars().filter_map(script_of) {
        if s != Script::Latin && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// True when an odd number of quotation marks precede on the line: the run is quoted.
fn is_quoted(before: &str) -> bool {
    let marks = before
        .chars()
        .filter(|c| {
            matches!(
                c,
                '"' | '“' | '”' | '„' | '«' | '»' | '‹' | '›' | '「' | '」'
            )
        })
        .count();
    marks % 2 == 1
}

/// True when a parenthesis or bracket opened before the run on the line is still open: the
/// run is a gloss.
fn is_in_brackets(before: &str) -> bool {
    let mut depth = 0i32;
    for c in before.chars() {
        match c {
            '(' | '[' | '（' => depth += 1,
            ')' | ']' | '）' => depth = (depth - 1).max(0),
            _ => {}
        }
    }
    depth > 0
}

/// True for a photo caption or credit line.
fn is_credit_line(line: &str) -> bool {
    let start = line.trim_start();
    let head: String = start
        .chars()
        .take(24)
        .flat_map(char::to_lowercase)
        .collect();
    CAPTION_PREFIXES.iter().any(|p| head.starts_with(p)) || CREDIT.is_match(line)
}

fn finding(
    text: &str,
    script: Script,
    main: Script,
    run: &Run,
    foreign: &[Range<usize>],
) -> Finding {
    let range = run.words[0].start..run.words[run.words.len() - 1].end;
    let token = &text[range.clone()];
    let n = run.words.len();
    let credit = is_credit_line(&text[run.line.clone()]);
    let mut message = format!(
        "{} word{} '{token}' in {}-script text, where no other {} appears",
        name(script),
        if n == 1 { "" } else { "s" },
        name(main),
        name(script),
    );
    if credit {
        message.push_str("; on a photo caption or credit line");
    }
    let capitalized = run.words.iter().all(|w| {
        text[w.clone()]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    });
    let fix = if capitalized {
        transliterate(token).filter(|t| t != token).map(|t| {
            message.push_str(&format!(
                "; capitalized, likely a name: transliteration '{t}' offered"
            ));
            Fix::unsafe_(vec![Edit::new(range.clone(), t)])
        })
    } else if n == 1 && run.chunks.len() == 1 {
        fragment_removal(text, &run.line, &run.chunks[0], &range, foreign).inspect(|fix| {
            message.push_str(if fix.safety == FixSafety::Safe {
                "; a short fragment between sentences, with no content of its own: removed"
            } else {
                "; a short fragment inside a sentence: removal offered"
            });
        })
    } else {
        None
    };
    let mut f = Finding::new(&STRAY_SCRIPT, range, message);
    if credit {
        f = f.with_severity(Severity::Error);
    }
    match fix {
        Some(fix) => f.with_fix(fix),
        None => f,
    }
}

/// Removes a short uncapitalized word standing alone (nothing before it in its token, at
/// most sentence punctuation after it) together with the space it leaves. Safe only where
/// the word can have no part in a sentence: at the start or end of a line, after the end
/// of a sentence, or just before a parenthesized credit. Inside a sentence it might be a
/// word the sentence needs (`the word حب means love`), so removal is only offered.
fn fragment_removal(
    text: &str,
    line: &Range<usize>,
    chunk: &Range<usize>,
    word: &Range<usize>,
    foreign: &[Range<usize>],
) -> Option<Fix> {
    let w = &text[word.clone()];
    let letters = w.chars().filter(|c| is_base_letter(*c)).count();
    let max = if script_of(w.chars().next()?) == Some(Script::Han) {
        MAX_FRAGMENT_IDEOGRAPHS
    } else {
        MAX_FRAGMENT_LETTERS
    };
    if letters == 0 || letters > max || w.chars().any(char::is_uppercase) {
        return None;
    }
    if chunk.start != word.start
        || !text[word.end..chunk.end]
            .chars()
            .all(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?'))
    {
        return None;
    }
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\u{a0}');
    let before = text[..word.start].chars().next_back();
    let after = text[word.end..].chars().next();
    let range = match (before, after) {
        (Some(b), _) if is_space(b) => word.start - b.len_utf8()..word.end,
        (_, Some(a)) if is_space(a) => word.start..word.end + a.len_utf8(),
        _ => word.clone(),
    };
    // The text before and after on the line, past other foreign tokens.
    let mut before_end = chunk.start;
    loop {
        let b = text[line.start..before_end].trim_end_matches(char::is_whitespace);
        let end = line.start + b.len();
        match foreign
            .iter()
            .find(|r| r.end == end && r.start >= line.start)
        {
            Some(r) if end > line.start => before_end = r.start,
            _ => {
                before_end = end;
                break;
            }
        }
    }
    let mut after_start = chunk.end;
    loop {
        let a = text[after_start..line.end].trim_start_matches(char::is_whitespace);
        let start = line.end - a.len();
        match foreign
            .iter()
            .find(|r| r.start == start && r.end <= line.end)
        {
            Some(r) if start < line.end => after_start = r.end,
            _ => {
                after_start = start;
                break;
            }
        }
    }
    let prev = text[line.start..before_end].trim_end_matches(['"', '”', '’', '»']);
    let next = &text[after_start..line.end];
    let next = next.trim_end_matches(char::is_whitespace);
    let between_sentences = prev.is_empty()
        || prev.ends_with(['.', '!', '?', '…', ':'])
        || next.is_empty()
        || CREDIT.find(next).is_some_and(|m| m.start() == 0);
    let edits = vec![Edit::delete(range)];
    Some(if between_sentences {
        Fix::safe(edits)
    } else {
        Fix::unsafe_(edits)
    })
}

#[cfg(test)]
mod tests {
    use crate::{clean, Config};

    /// Cleans with the script rules alone, so that no other pass (structure lifting a
    /// caption line) changes what these tests look at.
    fn run(s: &str) -> (String, Vec<(String, String, bool)>) {
        let config = Config::new()
            .with_selection(&["script".into()], &[])
            .unwrap();
        let a = clean(s, &config);
        let d = a
            .diagnostics
            .iter()
            .filter(|d| d.code == "S201")
            .map(|d| {
                (
                    s[d.byte_range.clone()].to_owned(),
                    d.severity.as_str().to_owned(),
                    d.fix.as_ref().is_some_and(|f| f.applied),
                )
            })
            .collect();
        (a.text, d)
    }

    #[test]
    fn a_caseless_fragment_beside_a_credit_is_an_error_and_removed() {
        let (text, d) = run("Soldiers guard a plane. அது (REUTERS / Jane Roe)\n");
        assert_eq!(text, "Soldiers guard a plane. (REUTERS / Jane Roe)\n");
        assert_eq!(d, [("அது".to_owned(), "error".to_owned(), true)]);
    }

    #[test]
    fn a_fragment_inside_a_sentence_is_only_offered_for_removal() {
        let (text, d) = run("They said the word حب means love in that song.\n");
        assert!(text.contains("حب"));
        assert_eq!(d, [("حب".to_owned(), "warning".to_owned(), false)]);
        let (text, _) = run("They said the word means love. حب\n");
        assert_eq!(text, "They said the word means love.\n");
    }

    #[test]
    fn a_name_in_the_wrong_script_is_a_warning_with_an_unapplied_fix() {
        let (text, d) = run("Former Argentina international Эрнан Crespo commented.\n");
        assert!(text.contains("Эрнан"));
        assert_eq!(d, [("Эрнан".to_owned(), "warning".to_owned(), false)]);
    }

    #[test]
    fn quotes_glosses_greek_letters_and_long_runs_are_left_alone() {
        for s in [
            "Alexei Navalny (Алексей Навальный) was jailed.\n",
            "It is reported by \"Лента.ру\" with reference to sources.\n",
            "Levels of α-synuclein rose; pixels are 1,4 μm wide.\n",
            "The sign read Добро пожаловать в город and we went in.\n",
            "Это сообщил NHK и Joe Biden в понедельник.\n",
        ] {
            assert_eq!(run(s).1, [], "{s}");
        }
    }
}
