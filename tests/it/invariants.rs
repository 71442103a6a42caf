//! The invariants every cleaned article must satisfy, whatever the input: shared by the
//! property tests, the hostile-input tests and the fuzz target (which includes this file by
//! path, so it may use only the public `newsclean` API and std).
//!
//! Each check returns a message naming the broken invariant instead of panicking, so a
//! proptest failure shrinks and a fuzz crash says what went wrong.

use newsclean::edit::{apply, are_well_formed};
use newsclean::pass::Stage;
use newsclean::pipeline::{Keep, Pipeline};
use newsclean::report::{concise::Concise, full::Full, sanitize, Renderer, Reported};
use newsclean::{Article, Config};

/// Everything on: all rules (the default) and, when `unsafe_fixes`, unsafe fixes too.
pub fn config(unsafe_fixes: bool) -> Config {
    Config::new().with_unsafe_fixes(unsafe_fixes)
}

/// Cleans `input` and checks every invariant; returns the article for further checks.
pub fn check(input: &str, config: &Config) -> Result<Article, String> {
    let article = newsclean::clean(input, config);
    check_article(input, config, &article)?;
    Ok(article)
}

pub fn check_article(input: &str, config: &Config, article: &Article) -> Result<(), String> {
    check_stable(input, config, article)?;
    check_idempotent(config, article)
}

/// Every invariant but idempotence (which several passes still break on hostile input: see
/// `fuzz_regressions/open`).
pub fn check_stable(input: &str, config: &Config, article: &Article) -> Result<(), String> {
    check_edits(input, article)?;
    check_locations(input, article)?;
    check_metadata(input, config, article)?;
    check_counts_run(input, config)
}

/// A run that keeps only counts of its findings (`newsclean clean` without a report) cleans
/// exactly as a run that keeps every diagnostic: same text, metadata, `changed` and counts.
pub fn check_counts_run(input: &str, config: &Config) -> Result<(), String> {
    let full = newsclean::pipeline().run(input, "utf-8", config);
    let brief = newsclean::pipeline().run_keeping(input, "utf-8", config, Keep::Counts);
    let same = (&brief.text, &brief.metadata, brief.changed, brief.counts)
        == (&full.text, &full.metadata, full.changed, full.counts);
    if same && brief.diagnostics.is_empty() && brief.edits.is_empty() {
        return Ok(());
    }
    Err(format!(
        "a counts-only run differs from a full one:\n  text {:?} / {:?}\n  changed {} / {}, counts {:?} / {:?}\n  metadata {:?} / {:?}",
        brief.text, full.text, brief.changed, full.changed, brief.counts, full.counts,
        brief.metadata, full.metadata
    ))
}

/// Applying the report's edits to the input gives exactly the cleaned text.
pub fn check_edits(input: &str, article: &Article) -> Result<(), String> {
    if !are_well_formed(&article.edits, input) {
        return Err(format!(
            "composed edits not well formed: {:?}",
            article.edits
        ));
    }
    let rebuilt = apply(input, &article.edits);
    if rebuilt != article.text {
        return Err(format!(
            "edits do not rebuild the cleaned text:\n  rebuilt {rebuilt:?}\n  cleaned {:?}",
            article.text
        ));
    }
    if article.changed == article.edits.is_empty() {
        return Err("`changed` disagrees with the edits".into());
    }
    Ok(())
}

/// Every diagnostic range and every fix edit lies inside the input, on char boundaries; the
/// diagnostics come in input order; and each line/column points where its byte offset is
/// (computed here by one independent sweep, so a long line with many findings stays cheap).
pub fn check_locations(input: &str, article: &Article) -> Result<(), String> {
    let mut targets = Vec::with_capacity(2 * article.diagnostics.len());
    let mut last_start = 0;
    for (k, d) in article.diagnostics.iter().enumerate() {
        let r = &d.byte_range;
        if r.start > r.end || r.end > input.len() {
            return Err(format!(
                "{} range {r:?} outside the input ({})",
                d.code,
                input.len()
            ));
        }
        if !input.is_char_boundary(r.start) || !input.is_char_boundary(r.end) {
            return Err(format!("{} range {r:?} not on char boundaries", d.code));
        }
        if r.start < last_start {
            return Err(format!("{} at {r:?} out of input order", d.code));
        }
        last_start = r.start;
        // A fix's own edits lie in the input, in order. Two of them may map onto one input
        // range when both fall inside text an earlier fix produced (the source map can only
        // point at that fix's whole input range), so they are not required to be disjoint.
        if let Some(fix) = &d.fix {
            let mut at = 0;
            for e in &fix.edits {
                let r = &e.byte_range;
                let inside = r.start <= r.end
                    && r.end <= input.len()
                    && input.is_char_boundary(r.start)
                    && input.is_char_boundary(r.end);
                if !inside || r.start < at {
                    return Err(format!(
                        "{} fix edits out of place: {:?}",
                        d.code, fix.edits
                    ));
                }
                at = r.start;
            }
        }
        targets.push((r.start, k, false));
        targets.push((r.end, k, true));
    }
    targets.sort_unstable();
    // Lines end at \n, \r\n and a lone \r; columns count scalar values from 1.
    let bytes = input.as_bytes();
    let (mut line, mut column) = (1, 1);
    let mut chars = input.char_indices().peekable();
    for (offset, k, is_end) in targets {
        while let Some(&(i, c)) = chars.peek() {
            if i >= offset {
                break;
            }
            chars.next();
            if c == '\n' || (c == '\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        let d = &article.diagnostics[k];
        let found = if is_end { d.end_location } else { d.location };
        if (found.line, found.column) != (line, column) {
            let what = if is_end { "end" } else { "start" };
            return Err(format!(
                "{} {what} location {found:?} is not byte {offset} (line {line}, column {column})",
                d.code
            ));
        }
    }
    Ok(())
}

/// The text passes of the structure stage see: the input after every earlier stage. What
/// they lift into metadata comes from it.
pub fn pre_structure_text(input: &str, config: &Config) -> String {
    static PREFIX: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    let pipeline = PREFIX.get_or_init(|| {
        Pipeline::new(
            newsclean::passes::all()
                .into_iter()
                .filter(|p| p.stage() < Stage::Structure)
                .collect(),
        )
    });
    pipeline.run(input, "utf-8", config).text
}

/// Whitespace runs collapsed to one space and trimmed, so a caption whose line breaks were
/// joined still matches the text it came from.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` decomposed, without its combining marks: a stray mark that a cut brings next to a
/// letter composes with it (`EFE(AP Photo/X)\u{340}` loses the credit, and normalization
/// makes `EFÈ`), which changes no letter of the input.
fn without_marks(s: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    s.nfd().filter(|&c| !is_combining_mark(c)).collect()
}

/// Nothing invented: every word of every caption, credit and byline is taken from the input
/// (or from its repaired forms, which the structure passes read); dates are ISO 8601.
pub fn check_metadata(input: &str, config: &Config, article: &Article) -> Result<(), String> {
    let m = &article.metadata;
    let mut pieces: Vec<(&str, &str)> = Vec::new();
    for c in &m.captions {
        // A bare photo credit is a caption with empty text.
        if !c.text.is_empty() || c.credit.is_none() {
            pieces.push(("caption", &c.text));
        }
        if let Some(credit) = &c.credit {
            pieces.push(("credit", credit));
        }
    }
    for b in &m.bylines {
        pieces.push(("byline", b));
    }
    if let Some(d) = &m.dateline {
        if let Some(p) = &d.place {
            pieces.push(("dateline place", p));
        }
    }
    // Unsafe fixes may transliterate a stray-script word before the structure passes read
    // it, so the words are compared with the input under safe fixes only.
    if !pieces.is_empty() && !config.unsafe_fixes {
        // Also the input without invisible and control characters, which the encoding
        // passes take out in whichever round they run.
        let visible: String = input
            .chars()
            .filter(|&c| !sanitize::is_unsafe(c) || c.is_whitespace())
            .collect();
        // And the input with every repair but no structure lifted: a structure pass in a
        // later round reads what the punctuation passes made of the text (a turned quote).
        let unlifted = config
            .clone()
            .with_selection(&[], &["structure".to_owned()])
            .map(|c| newsclean::clean(input, &c).text)
            .unwrap_or_default();
        let sources = [
            squeeze(input),
            squeeze(&pre_structure_text(input, config)),
            squeeze(&visible),
            squeeze(&unlifted),
        ]
        .map(|s| without_marks(&s));
        for (what, piece) in pieces {
            let p = squeeze(piece);
            if p.is_empty() {
                return Err(format!("empty {what} in metadata"));
            }
            // Word by word: a piece may span a place where an earlier structure fix took
            // something out (`x;(AP Photo/Y)ðŸ‘` leaves `x;ðŸ‘`), but no word of it (a run of
            // letters and digits) may be invented or glued from two.
            if let Some(w) = p
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .find(|w| !sources.iter().any(|s| s.contains(&without_marks(w))))
            {
                return Err(format!("{what} {piece:?}: {w:?} is not in the input"));
            }
        }
    }
    // Sources are canonical agency names (`AP` for `The Associated Press`, `Reuters` for the
    // old `Reuter` sign-off), so they need not appear as written; they must not be empty.
    if let Some(s) = m.sources.iter().find(|s| s.trim().is_empty()) {
        return Err(format!("empty source {s:?}"));
    }
    for date in m
        .date
        .iter()
        .chain(m.dateline.as_ref().and_then(|d| d.date.as_ref()))
    {
        let b = date.as_bytes();
        let iso = b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..10].iter().all(u8::is_ascii_digit);
        if !iso {
            return Err(format!("date {date:?} is not ISO 8601"));
        }
    }
    Ok(())
}

/// Cleaning the cleaned text changes nothing.
pub fn check_idempotent(config: &Config, article: &Article) -> Result<(), String> {
    let again = newsclean::clean(&article.text, config);
    if again.text != article.text {
        return Err(format!(
            "not idempotent:\n  once  {:?}\n  twice {:?}",
            article.text, again.text
        ));
    }
    Ok(())
}

/// Renders the `full` and `concise` reports of `article` and checks that no raw control,
/// bidi, zero-width or escape character of the article reaches the terminal (line feeds
/// between report lines aside).
pub fn check_terminal_safe(path: &str, input: &str, article: &Article) -> Result<(), String> {
    let item = Reported {
        path,
        input,
        article,
    };
    let renderers: [(&str, Box<dyn Renderer>); 2] =
        [("full", Box::new(Full)), ("concise", Box::new(Concise))];
    for (name, mut r) in renderers {
        let mut out = Vec::new();
        r.article(&mut out, &item)
            .and_then(|()| r.finish(&mut out))
            .map_err(|e| format!("{name}: {e}"))?;
        let out = String::from_utf8(out).map_err(|e| format!("{name}: not UTF-8: {e}"))?;
        if let Some(c) = out.chars().find(|&c| c != '\n' && sanitize::is_unsafe(c)) {
            return Err(format!(
                "{name} report emits raw U+{:04X}:\n{out}",
                c as u32
            ));
        }
    }
    Ok(())
}
