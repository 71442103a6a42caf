//! The `html-entity` rule: character references left in text (`&amp;`, `&#39;`, `&#x2019;`),
//! double-escaped ones (`&amp;quot;`) and bare remnants whose `&` a scraper turned into a
//! space (` #39;s`, ` quot;`), decoded to the characters they stand for.
//!
//! A reference must end in `;` and name a real HTML5 entity or a valid code point, so text
//! that merely contains `&` (`AT&T`, `R&D`, `Q&A`) is never touched. Numeric references in
//! 0x80-0x9F mean windows-1252 characters, as browsers read them. References to control
//! characters (Reuters' `&#3;`) are decoded too; the `control-character` rule then removes them.

use crate::edit::Edit;
use crate::pass::{Context, Finding, Fix, Message, Pass, Stage};
use crate::passes::entity_data::ENTITIES;
use crate::passes::prose::nbsp_ends_at;
use crate::rescan::{offsets_in, touched_lines};
use crate::rules::{FixSafety, Rule, Severity};
use std::borrow::Cow;

pub static HTML_ENTITY: Rule = Rule {
    code: "E103",
    name: "html-entity",
    family: "encoding",
    severity: Severity::Warning,
    fix: FixSafety::Safe,
    summary: "HTML character references left in text (`&amp;`, `&#39;`, bare ` #39;s`)",
    doc: r#"## What it does
Decodes HTML character references that a scrape left in the text: named (`&quot;`,
`&eacute;`), decimal (`&#39;`) and hexadecimal (`&#x2019;`), also when escaped twice
(`&amp;amp;`, `&amp;#39;`), and the bare remnants that lost their `&` to a space (` #39;s`,
` quot;helping`, ` #36;10 million`), where the name is one of the common punctuation
entities, so the remnant cannot be real text. Numeric references in 0x80-0x9F are read as
windows-1252, as browsers do. References to control characters (`&#3;`) are decoded and then
removed by `control-character`.

## Why it matters
`Google&#39;s` and `AT&amp;T` are not the words `Google's` and `AT&T`: search, counting and
language models all see the markup instead of the character.

## Example
`Google #39;s  #36;10 million &quot;deal&quot;` becomes `Google's $10 million "deal"`.

## Fix safety
Safe: only complete references (ending in `;`, naming a real entity or code point) are
decoded, and bare remnants only for the punctuation entities whose names never occur as words
(`quot;`, `amp;`, `#39;`, ...). A bare `&` is never touched."#,
};

static RULES: &[&Rule] = &[&HTML_ENTITY];

pub struct HtmlEntity;

/// Entity names whose bare remnant (` quot;`) is decoded: punctuation only, none of them a
/// word (`cent;`, `pound;` and `euro;` are left out: `one cent; the` is prose).
const REMNANT_NAMES: &[&str] = &[
    "quot", "amp", "lt", "gt", "apos", "hellip", "nbsp", "mdash", "ndash", "lsquo", "rsquo",
    "ldquo", "rdquo", "laquo", "raquo",
];

/// Code points whose bare numeric remnant (` #39;`) is decoded: quotes, dollar, ampersand,
/// dashes and ellipsis (as such or as windows-1252 bytes). Others (` #33;` could be a rank
/// followed by a semicolon) are left alone.
fn remnant_code(n: u32) -> bool {
    matches!(n, 34 | 36 | 38 | 39 | 133 | 145..=151 | 160 | 8211..=8212 | 8216..=8222 | 8230)
}

/// A bare remnant ending at the `;` at `semi`: a space (the lost `&`; a no-break one too) or
/// a line start, then `#` and 2-4 digits or one of `REMNANT_NAMES`. Returns its start (the
/// space, which goes too) and its body without `;`.
fn remnant_before(text: &str, semi: usize) -> Option<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut start = semi;
    while start > 0 && bytes[start - 1].is_ascii_alphanumeric() && semi - start < 7 {
        start -= 1;
    }
    let body_start = if start > 0 && bytes[start - 1] == b'#' {
        start - 1
    } else {
        start
    };
    let body = &text[body_start..semi];
    let ok = match body.strip_prefix('#') {
        Some(num) => {
            (2..=4).contains(&num.len())
                && num.bytes().all(|b| b.is_ascii_digit())
                && num.parse().is_ok_and(remnant_code)
        }
        None => REMNANT_NAMES.contains(&body),
    };
    if !ok {
        return None;
    }
    match body_start.checked_sub(1).map(|p| bytes[p]) {
        None | Some(b'\n') => Some((body_start, body)),
        Some(b' ') => Some((body_start - 1, body)),
        // A no-break space reads as the plain one the whitespace rule makes of it.
        Some(0xa0) if nbsp_ends_at(bytes, body_start) => Some((body_start - 2, body)),
        _ => None,
    }
}

impl Pass for HtmlEntity {
    // A reference or a bare remnant lies within a line: run again, the lines that changed
    // are enough.
    fn rescans_changes(&self) -> bool {
        true
    }

    // An entity is `&`, a name or number and `;`: no spacing is part of one.
    fn unaffected_by_spacing(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "html-entity"
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
        if memchr::memchr(b';', bytes).is_none() {
            return;
        }
        let mut next_free = 0;
        // One search for both bytes, in text order.
        let windows = touched_lines(text, cx.changed);
        for at in offsets_in(bytes, windows, |w| memchr::memchr2_iter(b'&', b';', w)) {
            // A `;` inside a reference just found ends one of its layers, not a remnant.
            if at < next_free {
                continue;
            }
            let finding = if bytes[at] == b'&' {
                reference_at(text, at)
            } else {
                remnant_at(text, at)
            };
            // In text order: a remnant holds no `&`, so it never overlaps a reference.
            if let Some(finding) = finding {
                next_free = finding.range.end;
                cx.report(finding);
            }
        }
    }
}

/// The finding for a reference that starts at `amp` (which holds `&`), if one does.
fn reference_at(text: &str, amp: usize) -> Option<Finding> {
    let (end, decoded, layers) = parse_reference(text, amp)?;
    // Messages are made from the reference when a report keeps them (a 16 MB dump has 31k
    // of these findings).
    Some(match decoded {
        Some(s) => {
            let message: fn(&str) -> String = if layers > 1 {
                |shown| format!("double-escaped HTML entity `{shown}`")
            } else {
                |shown| format!("HTML entity `{shown}`")
            };
            Finding::new(&HTML_ENTITY, amp..end, Message::Of(message))
                .with_fix(Fix::safe_one(Edit::new(amp..end, s)))
        }
        None => Finding::new(
            &HTML_ENTITY,
            amp..end,
            Message::Of(|shown| format!("HTML entity `{shown}` names no valid character")),
        ),
    })
}

/// The finding for a bare remnant that ends at the `;` at `semi`, if one does.
fn remnant_at(text: &str, semi: usize) -> Option<Finding> {
    let (start, body) = remnant_before(text, semi)?;
    let decoded = decode_name(body)?;
    let mut chars = decoded.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    // Only punctuation and symbols: a remnant that decodes to a letter or a control
    // character could be real text (`#12;` in a list).
    if c.is_alphanumeric() || c.is_control() {
        return None;
    }
    let range = start..semi + 1;
    Some(
        Finding::new(
            &HTML_ENTITY,
            range.clone(),
            // What it points at is the remnant after the space that stood for `&`.
            Message::Of(|shown| {
                let body = shown.trim_start();
                format!("bare HTML entity `{body}` (its `&` was lost)")
            }),
        )
        .with_fix(Fix::safe_one(Edit::new(range, decoded))),
    )
}

/// Parses a reference starting at `amp` (which holds `&`). Returns its end, what it decodes
/// to (`None` for a well-formed reference to no valid character) and how many `&amp;`
/// layers it had. `None` when there is no complete reference here.
fn parse_reference(text: &str, amp: usize) -> Option<(usize, Option<Cow<'static, str>>, usize)> {
    let mut at = amp + 1;
    let mut layers = 1;
    loop {
        let (name, end) = reference_body(text, at)?;
        if name == "amp" && reference_body(text, end).is_some() {
            // `&amp;quot;` is `&quot;` escaped once more.
            layers += 1;
            at = end;
            continue;
        }
        return Some((end, decode_name(name), layers));
    }
}

/// The name of a reference body (`quot`, `#39`, `#x2019`) at `at` and the offset after its
/// `;`, or `None` when none is there.
fn reference_body(text: &str, at: usize) -> Option<(&str, usize)> {
    let rest = text.get(at..)?.as_bytes();
    let limit = rest.len().min(34);
    let semi = memchr::memchr(b';', &rest[..limit])?;
    let name = &text[at..at + semi];
    let valid = if let Some(num) = name.strip_prefix('#') {
        match num.strip_prefix(['x', 'X']) {
            Some(hex) => {
                !hex.is_empty() && hex.len() <= 6 && hex.bytes().all(|b| b.is_ascii_hexdigit())
            }
            None => !num.is_empty() && num.len() <= 7 && num.bytes().all(|b| b.is_ascii_digit()),
        }
    } else {
        !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric())
            && lookup(name).is_some()
    };
    valid.then_some((name, at + semi + 1))
}

fn lookup(name: &str) -> Option<&'static str> {
    // The references scrapes leave nearly always name markup characters: these skip the
    // search through 2,000 names.
    let common = match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        _ => "",
    };
    if !common.is_empty() {
        return Some(common);
    }
    ENTITIES
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| ENTITIES[i].1)
}

/// What a reference body decodes to: borrowed from the entity table, or (for an ASCII
/// character) from a table of them, so that most decodings allocate nothing.
fn decode_name(name: &str) -> Option<Cow<'static, str>> {
    let Some(num) = name.strip_prefix('#') else {
        return lookup(name).map(Cow::Borrowed);
    };
    let value = match num.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => num.parse::<u32>().ok()?,
    };
    if (0x80..=0x9f).contains(&value) {
        // Browsers read these as windows-1252, which is what the author meant.
        let byte = [value as u8];
        let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        return Some(Cow::Owned(s.into_owned()));
    }
    if value == 0 {
        return None;
    }
    let c = char::from_u32(value)?;
    Some(match ASCII.get(c as usize..c as usize + 1) {
        Some(one) => Cow::Borrowed(one),
        None => Cow::Owned(c.to_string()),
    })
}

/// Every ASCII character, each at its own offset.
static ASCII: &str = {
    const BYTES: [u8; 128] = {
        let mut bytes = [0; 128];
        let mut i = 0;
        while i < 128 {
            bytes[i] = i as u8;
            i += 1;
        }
        bytes
    };
    match std::str::from_utf8(&BYTES) {
        Ok(s) => s,
        Err(_) => panic!("ASCII is UTF-8"),
    }
};

#[cfg(test)]
mod tests {
    use crate::passes::entity_data::ENTITIES;
    use crate::test_support::clean_only;

    fn fix(s: &str) -> String {
        clean_only(&["html-entity"], s).text
    }

    #[test]
    fn finds_references_that_later_fixes_complete() {
        // A later pass removes the space before `;`: the next round's run, limited to the
        // lines that changed, finds the reference there (and then the control character it
        // decodes to), on any line of a longer text.
        let filler = "A line of plain text that no pass changes.\n".repeat(200);
        let s = format!("{filler}Tom &amp ; Jerry here.\n{filler}A code &#3 ; here.\n{filler}");
        let cleaned = crate::clean(&s, &crate::Config::new()).text;
        assert_eq!(
            cleaned,
            format!("{filler}Tom & Jerry here.\n{filler}A code here.\n{filler}")
        );
    }

    #[test]
    fn decodes_references() {
        assert_eq!(
            fix("AT&amp;T &lt;IBM&gt; &#39;x&#x2019; caf&eacute;"),
            "AT&T <IBM> 'x\u{2019} caf\u{e9}"
        );
        assert_eq!(fix("&amp;amp; &amp;#39;s &#150;"), "& 's \u{2013}");
        assert_eq!(fix("end&#3;"), "end\u{3}");
    }

    #[test]
    fn leaves_bare_ampersands() {
        for s in [
            "AT&T and R&D; Q&A",
            "a & b;",
            "&nosuchentity; &#;",
            "ranked #3; next",
        ] {
            assert_eq!(fix(s), s);
        }
    }

    #[test]
    fn the_common_names_read_as_the_table_has_them() {
        for name in ["lt", "gt", "amp", "quot", "apos", "nbsp"] {
            let i = ENTITIES.binary_search_by(|(n, _)| (*n).cmp(name)).unwrap();
            assert_eq!(super::lookup(name), Some(ENTITIES[i].1), "{name}");
        }
        assert_eq!(super::lookup("eacute"), Some("\u{e9}"));
        assert_eq!(super::lookup("notaname"), None);
    }

    #[test]
    fn decodes_bare_remnants() {
        assert_eq!(fix("Google #39;s deal"), "Google's deal");
        assert_eq!(fix("for the  #36;10 million"), "for the $10 million");
        assert_eq!(fix("In  quot;helping quot; them"), "In \"helping\" them");
        assert_eq!(fix("Newsday #146;s"), "Newsday\u{2019}s");
        assert_eq!(fix("Google\u{a0}#39;s deal"), "Google's deal");
    }
}
