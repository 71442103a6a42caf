//! Which writing systems a document is written in, shared by the `stray-script` and
//! `mixed-script-word` passes: letters counted per script for the whole document and per
//! paragraph, and the words of a line with the scripts of their letters.
//!
//! A character's script is taken from its Script_Extensions, not its Script property, so
//! that characters shared by several scripts (Arabic comma, Indic dandas, the Japanese
//! long-vowel mark) count for none of them in particular instead of for a wrong one. Common
//! and Inherited characters (punctuation, digits, symbols, emoji, mathematical letters,
//! combining accents) are neutral. Han, Hiragana, Katakana, Hangul and Bopomofo are folded
//! into one writing system, since Japanese and Korean text mixes them by design.

use super::script_data::CREDIT_WORDS;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;
use unicode_normalization::char::is_combining_mark;
use unicode_script::{Script, ScriptExtension, UnicodeScript};

/// Folds the scripts that one writing system mixes by design into one (see the module doc).
pub fn fold(script: Script) -> Script {
    match script {
        Script::Hiragana | Script::Katakana | Script::Hangul | Script::Bopomofo => Script::Han,
        s => s,
    }
}

/// The writing system of `c`, or `None` when it is neutral: Common, Inherited, unassigned,
/// or shared by scripts that do not fold into one.
pub fn script_of(c: char) -> Option<Script> {
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphabetic().then_some(Script::Latin);
    }
    // Latin-1 letters and Latin Extended-A/B need no table look-up (× and ÷ are symbols).
    if (0xc0..0x250).contains(&u) && u != 0xd7 && u != 0xf7 {
        return Some(Script::Latin);
    }
    if u < 0xc0 || (0x2000..0x2070).contains(&u) {
        return None; // Latin-1 punctuation and symbols, general punctuation
    }
    single_script(c.script_extension())
}

/// The one (folded) script of an extension set, or `None` for neutral or ambiguous sets.
fn single_script(ext: ScriptExtension) -> Option<Script> {
    if ext.is_common() || ext.is_inherited() || ext.is_empty() {
        return None;
    }
    let mut found = None;
    for s in ext.iter() {
        let s = fold(s);
        match found {
            None => found = Some(s),
            Some(f) if f == s => {}
            Some(_) => return None,
        }
    }
    found
}

/// True when `c` may be written in `script`: its extensions (folded) include it. Neutral
/// characters fit every script.
pub fn fits(c: char, script: Script) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_alphabetic() || script == Script::Latin;
    }
    let ext = c.script_extension();
    if ext.is_common() || ext.is_inherited() || ext.is_empty() {
        return true;
    }
    ext.iter().any(|s| fold(s) == script)
}

/// True for a letter that is a letter of its own, not a combining sign (a Tamil vowel sign
/// is alphabetic but adds no letter).
pub fn is_base_letter(c: char) -> bool {
    c.is_alphabetic() && !is_combining_mark(c)
}

/// The script's name for messages (`Cyrillic`, `Tamil`; the folded East Asian group is
/// called `CJK`).
pub fn name(script: Script) -> &'static str {
    match script {
        Script::Han => "CJK",
        s => s.full_name(),
    }
}

/// Characters counted per script; a handful of scripts at most, so a small vector.
#[derive(Clone, Debug, Default)]
pub struct ScriptCounts {
    counts: Vec<(Script, usize)>,
}

impl ScriptCounts {
    pub fn add(&mut self, script: Script, n: usize) {
        match self.counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, c)) => *c += n,
            None => self.counts.push((script, n)),
        }
    }

    pub fn get(&self, script: Script) -> usize {
        self.counts
            .iter()
            .find(|(s, _)| *s == script)
            .map_or(0, |(_, c)| *c)
    }

    pub fn remove(&mut self, script: Script) {
        self.counts.retain(|(s, _)| *s != script);
    }

    pub fn clear(&mut self) {
        self.counts.clear();
    }

    pub fn total(&self) -> usize {
        self.counts.iter().map(|(_, c)| c).sum()
    }

    /// How many scripts have at least one character.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The script with the most characters. A tie goes to Latin, else to the script that
    /// comes first in Unicode's list, never to the one that happens to come first in the
    /// text, so that fixes elsewhere in the text cannot change it.
    pub fn main(&self) -> Option<Script> {
        let rank = |s: Script| (s != Script::Latin, s as u8);
        let mut best: Option<(Script, usize)> = None;
        for &(s, c) in &self.counts {
            match best {
                Some((b, bc)) if bc > c || (bc == c && rank(b) < rank(s)) => {}
                _ => best = Some((s, c)),
            }
        }
        best.map(|(s, _)| s)
    }
}

/// True when every letter of `text` belongs to one script (or there are none): the cheap
/// check both script passes make before any other work.
pub fn is_single_script(text: &str) -> bool {
    let first = crate::scan::first_non_ascii(text.as_bytes()).unwrap_or(text.len());
    is_single_script_from(text, first)
}

/// `is_single_script`, given the offset of the text's first non-ASCII byte
/// (`Context::first_non_ascii`): only non-ASCII characters can bring a second script, and
/// only they are looked up.
pub fn is_single_script_from(text: &str, first_non_ascii: usize) -> bool {
    let mut seen: Option<Script> = if text.bytes().any(|b| b.is_ascii_alphabetic()) {
        Some(Script::Latin)
    } else {
        None
    };
    // Only non-ASCII characters can bring a second script: jump from one to the next.
    let rest = &text[first_non_ascii..];
    for at in crate::scan::non_ascii_starts(rest).map(|i| first_non_ascii + i) {
        let c = text[at..].chars().next().expect("a character starts here");
        if let Some(s) = script_of(c) {
            match seen {
                None => seen = Some(s),
                Some(t) if t == s => {}
                Some(_) => return false,
            }
        }
    }
    true
}

/// Script counts of a document and of each of its paragraphs (blocks of lines between blank
/// lines).
#[derive(Debug, Default)]
pub struct Survey {
    pub document: ScriptCounts,
    pub paragraphs: Vec<(Range<usize>, ScriptCounts)>,
}

impl Survey {
    pub fn new(text: &str) -> Survey {
        let mut survey = Survey::default();
        let mut para_start = None::<usize>;
        let mut counts = ScriptCounts::default();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let blank = line.trim().is_empty();
            if blank {
                if let Some(start) = para_start.take() {
                    survey
                        .paragraphs
                        .push((start..at, std::mem::take(&mut counts)));
                }
            } else {
                para_start.get_or_insert(at);
                count_line(line, &mut counts);
            }
            at += line.len();
        }
        if let Some(start) = para_start {
            survey.paragraphs.push((start..at, counts));
        }
        for (_, c) in &survey.paragraphs {
            for &(s, n) in &c.counts {
                survey.document.add(s, n);
            }
        }
        survey
    }

    /// The counts of the paragraph holding byte `at`.
    pub fn paragraph_at(&self, at: usize) -> Option<&ScriptCounts> {
        let i = self.paragraphs.partition_point(|(r, _)| r.end <= at);
        self.paragraphs
            .get(i)
            .filter(|(r, _)| r.contains(&at))
            .map(|(_, c)| c)
    }
}

/// A parenthesized photo credit: `(REUTERS / Name)`, `(AP Photo/Name)`, `(Foto: EFE)`.
pub static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    let words = CREDIT_WORDS.join("|");
    Regex::new(&format!(
        r"\([^()\n]{{0,60}}?\b(?:{words})\b[^()\n]{{0,80}}\)"
    ))
    .unwrap()
});

/// Adds the letters of `line` outside photo credits to `counts`. Credits are metadata that
/// the structure passes lift out of the body later: counting their letters would make the
/// main script depend on whether they are still there, and cleaning twice would differ.
fn count_line(line: &str, counts: &mut ScriptCounts) {
    if !line.contains('(') {
        count_into(line, counts);
        return;
    }
    let mut at = 0;
    for m in CREDIT.find_iter(line) {
        count_into(&line[at..m.start()], counts);
        at = m.end();
    }
    count_into(&line[at..], counts);
}

/// Adds the letters of `line`'s words to `counts`. A word that mixes scripts within itself
/// (a homoglyph word, `μm`) counts wholly for its own main script, the script a fix would
/// give it, so that fixing it does not change what the document's main script is.
fn count_into(line: &str, counts: &mut ScriptCounts) {
    let mut word_counts = ScriptCounts::default();
    for w in words(line, 0..line.len()) {
        let word = &line[w];
        if word.is_ascii() {
            let n = word.bytes().filter(u8::is_ascii_alphabetic).count();
            if n > 0 {
                counts.add(Script::Latin, n);
            }
            continue;
        }
        word_counts.clear();
        for s in word.chars().filter_map(script_of) {
            word_counts.add(s, 1);
        }
        if let Some(main) = word_counts.main() {
            counts.add(main, word_counts.total());
        }
    }
}

/// True for characters that belong inside a word: letters, digits, combining marks and the
/// joiners Indic and Arabic text needs.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || matches!(c, '\u{200c}' | '\u{200d}')
}

/// The words of `text[range]` (maximal runs of word characters), as absolute byte ranges.
pub fn words(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let base = range.start;
    let s = &text[range];
    let mut iter = s.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = iter.by_ref().find(|(_, c)| is_word_char(*c))?;
        let mut end = s.len();
        while let Some(&(i, c)) = iter.peek() {
            if !is_word_char(c) {
                end = i;
                break;
            }
            iter.next();
        }
        Some(base + start..base + end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_characters_are_neutral_and_east_asian_scripts_fold() {
        assert_eq!(script_of('a'), Some(Script::Latin));
        assert_eq!(script_of('é'), Some(Script::Latin));
        assert_eq!(script_of('д'), Some(Script::Cyrillic));
        assert_eq!(script_of('அ'), Some(Script::Tamil));
        assert_eq!(script_of('ு'), Some(Script::Tamil));
        assert_eq!(script_of('カ'), Some(Script::Han));
        assert_eq!(script_of('ー'), Some(Script::Han)); // Hiragana + Katakana, folded
        assert_eq!(script_of('،'), None); // Arabic comma: several scripts
        assert_eq!(script_of('।'), None); // danda: several Indic scripts
        assert_eq!(script_of('µ'), None); // micro sign is Common
        assert_eq!(script_of('𝑥'), None); // mathematical italic x
        assert_eq!(script_of('😀'), None);
        assert_eq!(script_of('1'), None);
    }

    #[test]
    fn counts_per_document_and_paragraph() {
        let s = Survey::new("Hello world\n\nПривет мир и all\n");
        assert_eq!(s.document.main(), Some(Script::Latin));
        assert_eq!(s.paragraphs.len(), 2);
        let p = s.paragraph_at(14).unwrap();
        assert_eq!(p.main(), Some(Script::Cyrillic));
        assert_eq!(p.get(Script::Latin), 3);
        assert!(is_single_script("naïve café"));
        assert!(!is_single_script("naïve Какко"));
        assert!(!is_single_script("plain ASCII, then Какко"));
        assert!(is_single_script("plain ASCII only"));
    }

    #[test]
    fn words_split_on_punctuation_but_keep_marks() {
        let t = "அது (REUTERS/Name) x-y";
        let w: Vec<&str> = words(t, 0..t.len()).map(|r| &t[r]).collect();
        assert_eq!(w, ["அது", "REUTERS", "Name", "x", "y"]);
    }
}
