//! The `backslash-remnant` rule: backslashes left where a scrape turned a line break into a
//! backslash (`second\team` for `second⏎team`) or kept an escape (`\$10`). Prose has no use
//! for a backslash, but paths and markup do (`C:\Windows`), so only unambiguous shapes are
//! fixed and the rest is reported.

use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::rescan::{offsets_in, touched_lines};
use crate::rules::{FixSafety, Rule, Severity};

pub static BACKSLASH_REMNANT: Rule = Rule {
    code: "E109",
    name: "backslash-remnant",
    family: "encoding",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "Backslashes left from escaped line breaks or escapes (`second\\team`, `\\$10`)",
    doc: r#"## What it does
Finds backslashes in prose. A backslash between two words, where the word before has a
lowercase letter (or is a number and the word after is lowercase), stood for a line break and
becomes a space (`second\team` → `second team`, `33\moons` → `33 moons`). A backslash before
a dollar amount is an escape and goes (`\$10` → `$10`), and so does one left at the end of a
line after a sentence. Other shapes get an unsafe fix: `OS\and` (an upper-case word on the
left, as in `DOMAIN\user`) becomes `OS and`, a backslash glued to the start of a word goes,
and a double backslash between sentences becomes a space. Paths and markup (a token with a
colon, slash, `=`, `&`, angle brackets or several backslashes) are left alone and not reported.

## Why it matters
`second\team` is neither `second` nor `team` to a search index or tokenizer, and the escape
in `\$10` hides the amount from number extraction.

## Example
`A second\team of rocketeers` becomes `A second team of rocketeers`.

## Fix safety
Safe for a lowercase word before the backslash, an escaped dollar and a line-final
backslash, shapes that do not occur in prose otherwise. Unsafe where an upper-case word on the
left could be a Windows account (`CORP\jsmith`), and for a double backslash, which may have
stood for a paragraph break. Paths such as `C:\Windows\System32` are never touched."#,
};

static RULES: &[&Rule] = &[&BACKSLASH_REMNANT];

pub struct BackslashRemnant;

impl Pass for BackslashRemnant {
    // A finding reads the token around the backslash and the rest of its line (whitespace,
    // `\n` included, ends a token): run again, the lines that changed are enough.
    fn rescans_changes(&self) -> bool {
        true
    }

    // It reads the backslash's word and its neighbours, reading spaces before a line's end
    // as that end and a no-break space as a plain one, as they are once tidied.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "backslash-remnant"
    }

    fn stage(&self) -> Stage {
        Stage::Encoding
    }

    fn rules(&self) -> &'static [&'static Rule] {
        RULES
    }

    fn run(&self, cx: &mut Context<'_>) {
        let text = cx.text;
        let bytes = text.as_bytes();
        let mut next_free = 0;
        let windows = touched_lines(text, cx.changed);
        for at in offsets_in(bytes, windows, |w| memchr::memchr_iter(b'\\', w)) {
            if at < next_free {
                continue;
            }
            let double = bytes.get(at + 1) == Some(&b'\\');
            let end = if double { at + 2 } else { at + 1 };
            next_free = end;
            let before = text[..at].chars().next_back();
            let after = text[end..].chars().next();
            // The whitespace-delimited token around the backslash.
            let tok_start = text[..at]
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace())
                .map_or(0, |(p, c)| p + c.len_utf8());
            let tok_end = text[end..]
                .find(char::is_whitespace)
                .map_or(text.len(), |p| end + p);
            let token = &text[tok_start..tok_end];
            // Paths, markup and escapes in code are not prose: say nothing about them.
            let pathlike = token.contains([':', '/', '<', '>', '%', '=', '&', '{', '}'])
                || token.matches('\\').count() > if double { 2 } else { 1 };
            if pathlike {
                continue;
            }
            let left = &text[tok_start..at];
            let right = &text[end..tok_end];
            let range = at..end;
            // Spaces after it before the line's end count as the end (the whitespace rule
            // removes them); the search stops at the first other character.
            let line_end = !matches!(
                text[end..].chars().find(|c| !matches!(c, ' ' | '\t' | '\u{a0}')),
                Some(c) if c != '\n' && c != '\r'
            );
            let finding = if double {
                let content = match (before, after) {
                    (Some(b), Some(a)) if !b.is_whitespace() && !a.is_whitespace() => " ",
                    _ => "",
                };
                Finding::new(
                    &BACKSLASH_REMNANT,
                    range.clone(),
                    "double backslash in prose (a lost paragraph break?)",
                )
                .with_fix(Fix::unsafe_(vec![Edit::new(range, content)]))
            } else if after == Some('$') {
                Finding::new(
                    &BACKSLASH_REMNANT,
                    range.clone(),
                    "escaped dollar sign `\\$`",
                )
                .with_fix(Fix::safe_one(Edit::delete(range)))
            } else if line_end && before.is_some_and(|c| ".!?\"' \u{a0}".contains(c)) {
                Finding::new(
                    &BACKSLASH_REMNANT,
                    range.clone(),
                    "backslash left at the end of a line",
                )
                .with_fix(Fix::safe_one(Edit::delete(range)))
            } else if !left.is_empty()
                && before.is_some_and(|c| c.is_alphanumeric() || ".,;!?)\"'".contains(c))
                && after.is_some_and(char::is_alphanumeric)
            {
                // `second\team`, `33\moons`, `a\48-hour`: a lowercase word on one side (and
                // not an upper-case name on the left, as in `CORP\jsmith`) makes it prose.
                let left_lower = left.chars().any(char::is_lowercase);
                let left_digits = left.chars().all(|c| !c.is_alphabetic());
                let right_lower = right.chars().next().is_some_and(char::is_lowercase);
                let message = "backslash standing for a line break between words";
                if left_lower || (left_digits && right_lower) {
                    Finding::new(&BACKSLASH_REMNANT, range.clone(), message)
                        .with_fix(Fix::safe_one(Edit::new(range, " ")))
                } else {
                    Finding::new(&BACKSLASH_REMNANT, range.clone(), message)
                        .with_fix(Fix::unsafe_(vec![Edit::new(range, " ")]))
                }
            } else if left.is_empty() && after.is_some_and(char::is_alphanumeric) {
                Finding::new(&BACKSLASH_REMNANT, range.clone(), "backslash before a word")
                    .with_fix(Fix::unsafe_(vec![Edit::delete(range)]))
            } else {
                Finding::new(&BACKSLASH_REMNANT, range, "backslash in prose")
            };
            cx.report(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::clean_only;

    fn fix(s: &str) -> String {
        clean_only(&["backslash-remnant"], s).text
    }

    #[test]
    fn fixes_unambiguous_shapes_only() {
        assert_eq!(
            fix("A second\\team of rocketeers"),
            "A second team of rocketeers"
        );
        assert_eq!(
            fix("for just over \\$1 billion"),
            "for just over $1 billion"
        );
        assert_eq!(
            fix("the country's\\already fragile"),
            "the country's already fragile"
        );
        // Spaces before the line's end read as its end.
        assert_eq!(fix("across the US.\\  \nNext"), "across the US.  \nNext");
        for s in [
            "C:\\Windows\\System32",
            "log in as CORP\\jsmith",
            "a \\ b",
            "see \\\\server\\share",
        ] {
            assert_eq!(fix(s), s);
        }
    }
}
