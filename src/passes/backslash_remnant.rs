//! The `backslash-remnant` rule: backslashes left where a scrape turned a line break into a
//! backslash (`second\team` for `second⏎team`) or kept an escape (`\$10`). Prose has no use
//! for a backslash, but paths and markup do (`C:\Windows`), so only unambiguous shapes are
//! fixed and the rest is reported.

use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Pass, Stage};
use crate::rules::{FixSafety, Rule, Severity};

pub static BACKSLASH_REMNANT: Rule = Rule {
    code: "E109",
    name: "backslash-remnant",
    family: "encoding",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "Backslashes left from escaped line breaks or escapes (`second\\team`, `\\$10`)",
    doc: r#"## What it does
Finds backslashes in prose. A single backslash between a word (or sentence punctuation) and a
following word, in a token that has no other backslash, colon or slash, stood for a line
break and becomes a space (`second\team` → `second team`). A backslash before a dollar
amount is an escape and goes (`\$10` → `$10`). A double backslash between sentences is
reported with an unsafe fix (a space); any other backslash is only reported.

## Why it matters
`second\team` is neither `second` nor `team` to a search index or tokenizer, and the escape
in `\$10` hides the amount from number extraction.

## Example
`A second\team of rocketeers` becomes `A second team of rocketeers`.

## Fix safety
Safe for the two shapes above, which do not occur in prose otherwise; paths such as
`C:\Windows\System32` or `DOMAIN\user` have a colon, several backslashes or no word on one side
and are left alone. The double backslash fix is unsafe: it may have stood for a paragraph
break."#,
};

static RULES: &[&Rule] = &[&BACKSLASH_REMNANT];

pub struct BackslashRemnant;

impl Pass for BackslashRemnant {
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
        for at in memchr::memchr_iter(b'\\', bytes) {
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
            let pathlike = token.contains([':', '/', '<', '>', '%', '='])
                || token.matches('\\').count() > if double { 2 } else { 1 };
            let range = at..end;
            let finding = if !double && after == Some('$') {
                Finding::new(
                    &BACKSLASH_REMNANT,
                    range.clone(),
                    "escaped dollar sign `\\$`",
                )
                .with_fix(Fix::safe(vec![Edit::delete(range)]))
            } else if !double
                && !pathlike
                && before.is_some_and(|c| c.is_alphanumeric() || ".,;!?)\"'".contains(c))
                && after.is_some_and(|c| c.is_alphabetic())
                && token_has_lowercase_word(token)
            {
                Finding::new(
                    &BACKSLASH_REMNANT,
                    range.clone(),
                    "backslash standing for a line break between words",
                )
                .with_fix(Fix::safe(vec![Edit::new(range, " ")]))
            } else if double && !pathlike {
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
            } else {
                Finding::new(&BACKSLASH_REMNANT, range, "backslash in prose")
            };
            cx.report(finding);
        }
    }
}

/// True when the token's part before the backslash ends a lowercase word or sentence (so it is
/// prose, not `DOMAIN\user`).
fn token_has_lowercase_word(token: &str) -> bool {
    let left = token.split('\\').next().unwrap_or("");
    left.chars().any(|c| c.is_lowercase())
        || left.ends_with(['.', ',', ';', '!', '?', ')', '"', '\''])
}

#[cfg(test)]
mod tests {
    use crate::{clean, Config};

    fn fix(s: &str) -> String {
        let config = Config::new()
            .with_selection(&["backslash-remnant".into()], &[])
            .unwrap();
        clean(s, &config).text
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
