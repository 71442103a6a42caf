//! Small text helpers shared by the punctuation and translation passes: paragraph splitting,
//! the characters around an offset, and whether a token is an address (URL, e-mail, domain,
//! file name) whose dots and punctuation are not sentence punctuation.
//!
//! Everything here works on byte offsets of the working text, looks at a bounded window
//! around an offset and never allocates per character, so the passes stay linear.

use crate::passes::punctuation_data::{FILE_EXTENSIONS, TOP_LEVEL_DOMAINS};
use std::ops::Range;

/// How far a token is looked at on each side of an offset; longer tokens are addresses or
/// junk either way.
const TOKEN_WINDOW: usize = 256;

/// The character just before byte `i`, if any.
pub fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// The character starting at byte `i`, if any.
pub fn char_at(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

/// All the paragraphs of `text` (the tests' reference for the walks below).
#[cfg(test)]
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    paragraphs_from(text, 0).collect()
}

/// The paragraphs of `text` from byte `from` on, as byte ranges without their line ends. A
/// paragraph ends at a blank line, and a line that starts with a space or a tab starts a new
/// one (Reuters indents paragraphs and wraps their lines without blank lines between them).
/// `from` must start a line that is blank or opens a paragraph (the line after a paragraph's
/// last one always is; so is the start of the text), so a pass can walk on from a paragraph
/// it jumped to.
pub fn paragraphs_from(text: &str, from: usize) -> Paragraphs<'_> {
    Paragraphs {
        text,
        // Line ends from one block-wise scan, not a search per (short) line.
        newlines: crate::scan::byte_offsets(&text.as_bytes()[from..], b'\n'),
        from,
        line_start: Some(from),
        peeked: None,
    }
}

pub struct Paragraphs<'t> {
    text: &'t str,
    newlines: crate::scan::ByteOffsets<'t>,
    /// Where the scan of line ends began (its offsets are relative to it).
    from: usize,
    /// The start of the next line to scan, until the text is read.
    line_start: Option<usize>,
    /// A line (start, end) read but not used: the one that ended the last paragraph.
    peeked: Option<(usize, usize)>,
}

impl Paragraphs<'_> {
    fn next_line(&mut self) -> Option<(usize, usize)> {
        if let Some(line) = self.peeked.take() {
            return Some(line);
        }
        let start = self.line_start?;
        let end = self
            .newlines
            .next()
            .map_or(self.text.len(), |i| self.from + i);
        self.line_start = (end < self.text.len()).then_some(end + 1);
        Some((start, end))
    }
}

impl Iterator for Paragraphs<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let mut current: Option<Range<usize>> = None;
        while let Some((start, end)) = self.next_line() {
            let (blank, indented) = line_shape(self.text, start, end);
            if (blank || indented) && current.is_some() {
                // It opens (or is blank before) the next paragraph: read again next time.
                self.peeked = Some((start, end));
                return current;
            }
            if !blank {
                let content_len = self.text.as_bytes()[start..end]
                    .iter()
                    .rposition(|&c| c != b'\r')
                    .map_or(0, |i| i + 1);
                match &mut current {
                    Some(p) => p.end = start + content_len,
                    None => current = Some(start..start + content_len),
                }
            }
        }
        current
    }
}

/// The paragraph (as `paragraphs_from` gives it) holding the line of byte `i`, or `None` when
/// that line is blank. Found from the lines around `i` alone: a pass that looks only at the
/// few paragraphs holding some rare byte need not split the whole text.
pub fn paragraph_around(text: &str, i: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let line_start = |at: usize| memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
    let line_end = |at: usize| memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |n| at + n);
    let start_i = line_start(i);
    let end_i = line_end(i);
    if line_shape(text, start_i, end_i).0 {
        return None;
    }
    // Back to the line that opens the paragraph: an indented one, or one after a blank
    // line or at the start of the text.
    let mut start = start_i;
    while start > 0 && !line_shape(text, start, line_end(start)).1 {
        let prev = line_start(start - 1);
        if line_shape(text, prev, start - 1).0 {
            break;
        }
        start = prev;
    }
    // On to the last line before a blank or indented one, or the end of the text.
    let mut end = end_i;
    while end < text.len() {
        let next_end = line_end(end + 1);
        let (blank, indented) = line_shape(text, end + 1, next_end);
        if blank || indented {
            break;
        }
        end = next_end;
    }
    let line = &bytes[line_start(end)..end];
    let trailing_cr = line.len() - line.iter().rposition(|&c| c != b'\r').map_or(0, |k| k + 1);
    Some(start..end - trailing_cr)
}

/// Whether the line from `start` to `end` (its line end) is blank and whether it is
/// indented, as `paragraphs` decides them.
fn line_shape(text: &str, start: usize, end: usize) -> (bool, bool) {
    let line = &text.as_bytes()[start..end];
    // Bytes, not characters: `\r` and ASCII whitespace (U+0009..U+000D, space) are single
    // bytes that no multi-byte character contains.
    let content_len = line.iter().rposition(|&c| c != b'\r').map_or(0, |k| k + 1);
    let content = &text[start..start + content_len];
    // Blank: only whitespace. Past the ASCII whitespace, an ASCII byte settles it; a
    // non-ASCII one may be whitespace too (U+00A0, U+3000...).
    let blank = match content
        .bytes()
        .position(|c| !matches!(c, b'\t'..=b'\r' | b' '))
    {
        None => true,
        Some(k) if content.as_bytes()[k] < 0x80 => false,
        Some(k) => content[k..].trim_start().is_empty(),
    };
    (blank, content.starts_with([' ', '\t']))
}

/// The line around byte `i`, without its line end.
pub fn line_around(text: &str, i: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let start = memchr::memrchr(b'\n', &bytes[..i]).map_or(0, |n| n + 1);
    let end = memchr::memchr(b'\n', &bytes[i..]).map_or(text.len(), |n| i + n);
    let end = if end > start && bytes[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    start..end
}

/// Lines whose columns are aligned with runs of spaces (Reuters tables): two or more gaps of
/// three or more spaces inside the line.
pub fn is_table_line(line: &str) -> bool {
    // A gap is a run of three or more spaces; the trimmed line ends in a non-space, so every
    // run is inside it. A vectorized search finds the runs (a news paragraph can be
    // thousands of bytes on one line, with no gap at all): a match counts as a new gap when
    // no space precedes it, later matches inside the same run do not.
    let inner = line.trim().as_bytes();
    crate::finder!(b"   ")
        .find_iter(inner)
        .filter(|&j| j == 0 || inner[j - 1] != b' ')
        .nth(1)
        .is_some()
}

/// Whether the line around a byte is a table line, for bytes asked in increasing order: each
/// line is found and measured once, however many candidates it holds (a long paragraph with
/// a thousand spaced commas costs one scan, not a thousand).
#[derive(Default)]
pub struct TableLines {
    last: Option<(Range<usize>, bool)>,
}

impl TableLines {
    pub fn is_table_at(&mut self, text: &str, i: usize) -> bool {
        if let Some((line, table)) = &self.last {
            if line.start <= i && i <= line.end {
                return *table;
            }
        }
        let line = line_around(text, i);
        let table = is_table_line(&text[line.clone()]);
        self.last = Some((line, table));
        table
    }
}

/// Whether the bytes before `end` end with a no-break space (U+00A0 is C2 A0).
pub fn nbsp_ends_at(bytes: &[u8], end: usize) -> bool {
    bytes.get(end.wrapping_sub(2)..end) == Some(&[0xc2, 0xa0][..])
}

/// Whether the bytes before `end` end with a space, plain or no-break: what the whitespace
/// rule leaves as one plain space, so that passes read spacing as it will be once tidied.
pub fn space_ends_at(bytes: &[u8], end: usize) -> bool {
    (end > 0 && bytes[end - 1] == b' ') || nbsp_ends_at(bytes, end)
}

/// The start of the run of spaces (plain or no-break) that ends at `end`.
pub fn space_run_start(bytes: &[u8], mut end: usize) -> usize {
    while space_ends_at(bytes, end) {
        end -= if bytes[end - 1] == b' ' { 1 } else { 2 };
    }
    end
}

/// The whitespace-delimited token around byte `i` (at most `TOKEN_WINDOW` bytes each side).
/// A no-break space delimits it too, as the plain space the whitespace rule makes of it.
pub fn token_around(text: &str, i: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let nbsp_ends_at = |at: usize| nbsp_ends_at(bytes, at);
    let mut start = i;
    let low = i.saturating_sub(TOKEN_WINDOW);
    while start > low && !bytes[start - 1].is_ascii_whitespace() && !nbsp_ends_at(start) {
        start -= 1;
    }
    let mut end = i;
    let high = (i + TOKEN_WINDOW).min(bytes.len());
    while end < high && !bytes[end].is_ascii_whitespace() && !nbsp_ends_at(end + 2) {
        end += 1;
    }
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    start..end
}

/// True when `token` is (or holds) an address: a URL, an e-mail address, a path.
pub fn is_address(token: &str) -> bool {
    let lower_has = |needle: &str| {
        token
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    token.contains("://")
        || token.contains('@')
        || token.contains('/')
        || token.contains('\\')
        || token.contains('_')
        || token.contains('=')
        || lower_has("www.")
}

/// True when `word` (the letters after a dot) is a top-level domain or a file extension, so
/// the dot before it is part of a name (`Infobae.com`, `report.PDF`).
pub fn is_domain_or_extension(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    TOP_LEVEL_DOMAINS.binary_search(&lower.as_str()).is_ok()
        || FILE_EXTENSIONS.binary_search(&lower.as_str()).is_ok()
}

/// True for the characters that close a quotation or a bracket.
pub fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | '»' | ')' | ']')
}

/// True when the character at `at` closes a quotation or a bracket: a closer, or an opening
/// curly quote `“` followed by a space, a line end or the end of the text, which can only
/// close (it is the German closing quote, or an English one pointing the wrong way that
/// `quotes` turns later). The punctuation passes before `quotes` judge a mark before it as
/// they will judge it before the turned quote, so a turn never gives them new work in a
/// later round.
pub fn closes_at(text: &str, at: usize) -> bool {
    match char_at(text, at) {
        Some('“') => char_at(text, at + '“'.len_utf8()).map_or(true, is_space_like),
        Some(c) => is_closer(c),
        None => false,
    }
}

/// Whitespace, or an invisible character that later passes remove or trim (a stray byte
/// order mark, zero-width spaces): after a mark it counts as a space, so that the result is
/// the same whether or not it is still there.
pub fn is_space_like(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
        )
}

/// True for letters and digits.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {

    #[test]
    fn table_lines_have_two_gaps_of_three_spaces() {
        // The byte-by-byte count the vectorized search replaces.
        fn by_bytes(line: &str) -> bool {
            let (mut gaps, mut run) = (0, 0);
            for b in line.trim().bytes() {
                if b == b' ' {
                    run += 1;
                } else {
                    gaps += usize::from(run >= 3);
                    run = 0;
                }
            }
            gaps >= 2
        }
        let pieces = ["a", " ", "  ", "   ", "     ", "\t", "é", "\u{a0}"];
        let mut n = 0u32;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let line = format!("x{a}y{b}z{c}w{d}v");
                        assert_eq!(is_table_line(&line), by_bytes(&line), "{line:?}");
                        n += u32::from(by_bytes(&line));
                    }
                }
            }
        }
        assert!(n > 100);
        assert!(is_table_line("Natl   Loan      Release"));
        assert!(!is_table_line("  one   gap only  "));
    }
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_and_indented_lines() {
        let t = "a b\nc\n\nd\n    e\n  f\ng\n";
        let ps: Vec<&str> = paragraphs(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(ps, vec!["a b\nc", "d", "    e", "  f\ng"]);
        assert!(paragraphs("").is_empty());
    }

    /// The paragraphs as the first version split them: one loop over the lines.
    fn paragraphs_by_loop(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut current: Option<Range<usize>> = None;
        let mut line_start = 0;
        loop {
            let line_end = text[line_start..]
                .find('\n')
                .map_or(text.len(), |i| line_start + i);
            let (blank, indented) = line_shape(text, line_start, line_end);
            if blank || indented {
                out.extend(current.take());
            }
            if !blank {
                let end = line_start + text[line_start..line_end].trim_end_matches('\r').len();
                match &mut current {
                    Some(p) => p.end = end,
                    None => current = Some(line_start..end),
                }
            }
            if line_end >= text.len() {
                break;
            }
            line_start = line_end + 1;
        }
        out.extend(current);
        out
    }

    proptest::proptest! {
        #[test]
        fn paragraphs_are_those_of_the_line_loop_and_go_on_from_any_paragraph(
            text in "([ \t]?[a-z\u{a0}\u{2003}]{0,4}\r?\n?){0,16}"
        ) {
            let all = paragraphs(&text);
            proptest::prop_assert_eq!(&all, &paragraphs_by_loop(&text));
            for (k, p) in all.iter().enumerate() {
                // From the line after a paragraph's last one: the paragraphs after it.
                let after = text[p.end..].find('\n').map_or(text.len(), |i| p.end + i + 1);
                let rest: Vec<_> = paragraphs_from(&text, after).collect();
                proptest::prop_assert_eq!(&rest[..], &all[k + 1..]);
                // From its own first line: it and the ones after.
                let line_start = text[..p.start].rfind('\n').map_or(0, |i| i + 1);
                let from_it: Vec<_> = paragraphs_from(&text, line_start).collect();
                proptest::prop_assert_eq!(&from_it[..], &all[k..]);
            }
        }
    }

    #[test]
    fn paragraph_around_finds_the_paragraph_of_every_byte_in_one() {
        let pieces = [
            "w", "  i", "\tx", "", "\r", " ", "\u{a0}", "\u{2003}", "é", "a\r\r", "\x0bz", "\r\rq",
        ];
        let mut texts = vec![String::new()];
        let mut longest = vec![String::new()];
        for _ in 0..4 {
            longest = longest
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}\n")))
                .collect();
            texts.extend(longest.iter().cloned());
        }
        for t in &texts {
            for text in [t.as_str(), t.trim_end_matches('\n')] {
                for p in paragraphs(text) {
                    for i in p.clone() {
                        if text.is_char_boundary(i) {
                            assert_eq!(paragraph_around(text, i), Some(p.clone()), "{text:?} {i}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn addresses() {
        assert!(is_address("http://x.com/A"));
        assert!(is_address("me@Mail.com"));
        assert!(is_address("www.Infobae.com"));
        assert!(!is_address("tsunami.Steve"));
        assert!(is_domain_or_extension("Com"));
        assert!(is_domain_or_extension("pdf"));
        assert!(!is_domain_or_extension("Steve"));
    }
}
