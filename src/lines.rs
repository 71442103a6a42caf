//! Line and column lookup over the input, for reports: 1-based lines, columns counted in
//! Unicode scalar values. `\n`, `\r\n` and a lone `\r` each end a line, so reports on CRLF
//! and classic-Mac files point where an editor does.

use memchr::memchr_iter;

pub struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        if memchr::memchr(b'\r', bytes).is_none() {
            starts.extend(memchr_iter(b'\n', bytes).map(|i| i + 1));
        } else {
            for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
                let lone_cr = bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
                if bytes[i] == b'\n' || lone_cr {
                    starts.push(i + 1);
                }
            }
        }
        LineIndex { starts }
    }

    /// 0-based line number containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// Byte range of 0-based `line` without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let b = text.as_bytes();
        if end > start && b[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && b[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// 1-based (line, column) of byte `offset` in `text`.
    pub fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.starts[line];
        (line + 1, count_chars(&text.as_bytes()[start..offset]) + 1)
    }
}

/// Locates many offsets of one text in time proportional to the distance walked: a lookup on
/// the line of the previous one, further on, counts on from there instead of from the line's
/// start, so a long single line with many findings is not counted again for each of them.
pub struct Locator<'a> {
    index: &'a LineIndex,
    text: &'a str,
    /// The last offset located: (byte offset, 0-based line, 1-based column).
    last: (usize, usize, usize),
}

impl<'a> Locator<'a> {
    pub fn new(index: &'a LineIndex, text: &'a str) -> Self {
        Locator {
            index,
            text,
            last: (0, 0, 1),
        }
    }

    /// 1-based (line, column) of byte `offset`; cheapest when offsets come in order.
    pub fn locate(&mut self, offset: usize) -> (usize, usize) {
        let line = self.index.line_of(offset);
        let (from, column) = if line == self.last.1 && offset >= self.last.0 {
            (self.last.0, self.last.2)
        } else {
            (self.index.starts[line], 1)
        };
        let column = column + count_chars(&self.text.as_bytes()[from..offset]);
        self.last = (offset, line, column);
        (line + 1, column)
    }

    /// 1-based (line, column) of the end `offset` of a span that starts at `start`, located
    /// at `start_at`: counted from the start when both are on one line. Leaves the cursor of
    /// `locate` where it is, since ends do not come in order.
    pub fn locate_end(
        &self,
        start: usize,
        start_at: (usize, usize),
        offset: usize,
    ) -> (usize, usize) {
        let line = self.index.line_of(offset);
        if line + 1 == start_at.0 && offset >= start {
            (
                start_at.0,
                start_at.1 + count_chars(&self.text.as_bytes()[start..offset]),
            )
        } else {
            self.index.locate(self.text, offset)
        }
    }
}

/// Counts UTF-8 scalar values by counting non-continuation bytes.
pub fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_across_line_ending_styles() {
        let text = "ab\r\ncé\rx\ny";
        let idx = LineIndex::new(text);
        assert_eq!(idx.locate(text, 0), (1, 1));
        assert_eq!(idx.locate(text, 4), (2, 1));
        assert_eq!(idx.locate(text, 7), (2, 3)); // the lone \r after "cé"
        assert_eq!(idx.locate(text, 8), (3, 1));
        assert_eq!(idx.locate(text, 10), (4, 1));
        assert_eq!(idx.line_range(text, 0), 0..2);
        let mut loc = Locator::new(&idx, text);
        for offset in [0, 1, 4, 5, 7, 8, 10, 2] {
            assert_eq!(loc.locate(offset), idx.locate(text, offset), "{offset}");
        }
        assert_eq!(loc.locate_end(4, (2, 1), 7), (2, 3));
        assert_eq!(loc.locate_end(4, (2, 1), 10), (4, 1));
    }
}
