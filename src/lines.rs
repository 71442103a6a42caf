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

/// Locates many offsets in one sweep over the text, without an index of every line: the
/// offsets are sorted, then a cursor moves forward once, counting line breaks and then
/// characters only between consecutive offsets. Costs one pass over the text up to the last
/// offset (and nothing when there are none), however many offsets share a long line.
pub fn locate_all(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut out = vec![(0, 0); offsets.len()];
    // Line breaks before `scanned` are counted; `line_start` is where the current line
    // begins; `col_at`/`col` are a position on that line and its 0-based column.
    let (mut scanned, mut line, mut line_start) = (0usize, 0usize, 0usize);
    let (mut col_at, mut col) = (0usize, 0usize);
    for i in order {
        let offset = offsets[i];
        // A line starts after each `\n`, and after each `\r` not followed by `\n`.
        let gap = &bytes[scanned..offset];
        if memchr::memchr(b'\r', gap).is_none() {
            // The common case: counted by a loop the compiler vectorizes, not hit by hit.
            let breaks = count_where(gap, |b| b == b'\n');
            if breaks > 0 {
                line += breaks;
                line_start = scanned + memchr::memrchr(b'\n', gap).expect("a break") + 1;
            }
        } else {
            for j in memchr::memchr2_iter(b'\n', b'\r', gap) {
                let j = scanned + j;
                if bytes[j] == b'\n' || bytes.get(j + 1) != Some(&b'\n') {
                    line += 1;
                    line_start = j + 1;
                }
            }
        }
        scanned = scanned.max(offset);
        if col_at < line_start {
            (col_at, col) = (line_start, 0);
        }
        col += count_chars(&bytes[col_at..offset]);
        col_at = offset;
        out[i] = (line + 1, col + 1);
    }
    out
}

/// Counts UTF-8 scalar values by counting non-continuation bytes.
pub fn count_chars(bytes: &[u8]) -> usize {
    count_where(bytes, |b| (b as i8) >= -0x40)
}

/// Counts the bytes that satisfy `is`, in blocks whose count fits a byte: the compiler turns
/// the block sums into vector adds (a plain `filter().count()` widens every byte to 64 bits).
#[inline]
fn count_where(bytes: &[u8], is: impl Fn(u8) -> bool) -> usize {
    let mut blocks = bytes.chunks_exact(128);
    let mut n: usize = blocks
        .by_ref()
        .map(|block| usize::from(block.iter().fold(0u8, |sum, &b| sum + u8::from(is(b)))))
        .sum();
    n += blocks.remainder().iter().filter(|&&b| is(b)).count();
    n
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
    }

    #[test]
    fn the_sweep_agrees_with_the_index() {
        let text = "ab\r\ncé\rx\ny\n\n\r\r\nlong line with é and ü\n";
        let idx = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len())
            .rev()
            .filter(|&i| text.is_char_boundary(i))
            .chain([3, 3, 0, text.len()])
            .collect();
        let want: Vec<(usize, usize)> = offsets.iter().map(|&o| idx.locate(text, o)).collect();
        assert_eq!(locate_all(text, &offsets), want);
        assert!(locate_all(text, &[]).is_empty());
    }
}
