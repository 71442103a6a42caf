//! JSON Lines streams: one record per line, the article in a text field (a dotted path
//! reaches into nested objects). Records come out in the order they came in, with every
//! other field's value exactly as it was: values are kept as raw JSON and only the path to
//! the text field is parsed and written again (keys keep their order; the space between
//! tokens of the top level and an escaped key's escapes are not kept). The article report
//! goes under a `newsclean` key.
//!
//! Streams are read a chunk at a time (a bounded number of lines and bytes), each chunk
//! cleaned in parallel, so memory follows the chunk size, not the stream size. A line that is
//! not a usable record (not UTF-8, not JSON, not an object, no string at the text field) is
//! named with its line number and passed through unchanged, or dropped on request; it never
//! stops the stream. Gzip and Zstandard input is recognized by its first bytes; output files
//! are compressed when their name ends in `.gz` or `.zst`.

use super::Source;
use anyhow::{Context as _, Result};
use indexmap::IndexMap;
use serde_json::value::RawValue;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;

/// The key under which the article report is added to each record.
pub const REPORT_KEY: &str = "newsclean";

/// A chunk ends after this many lines...
const CHUNK_LINES: usize = 1024;
/// ...or once it holds this many bytes, whichever comes first.
const CHUNK_BYTES: usize = 2 << 20;

type RawMap = IndexMap<String, Box<RawValue>>;

/// A dotted field path, split once.
#[derive(Clone, Debug)]
pub struct FieldPath {
    parts: Vec<String>,
    dotted: String,
}

impl FieldPath {
    pub fn parse(dotted: &str) -> Result<FieldPath> {
        let parts: Vec<String> = dotted.split('.').map(str::to_owned).collect();
        if parts.iter().any(String::is_empty) {
            anyhow::bail!("--text-field '{dotted}': empty part in the path; write it like 'text' or 'article.body'");
        }
        Ok(FieldPath {
            parts,
            dotted: dotted.to_owned(),
        })
    }
}

/// A parsed record: its top-level fields as raw JSON, and the text to clean.
pub struct Record {
    map: RawMap,
    pub text: String,
}

/// Parses one line (without its line ending) into a record, or says why it is not one.
pub fn parse(line: &[u8], field: &FieldPath) -> Result<Record, String> {
    let line = std::str::from_utf8(line).map_err(|e| {
        format!(
            "not valid UTF-8 (byte offset {}); convert the stream to UTF-8",
            e.valid_up_to()
        )
    })?;
    let map: RawMap = serde_json::from_str(line).map_err(|e| {
        match serde_json::from_str::<serde::de::IgnoredAny>(line) {
            Ok(_) => "not a JSON object".to_owned(),
            Err(_) => format!("invalid JSON: {e}"),
        }
    })?;
    let text = get_text(&map, &field.parts, &field.dotted)?;
    Ok(Record { map, text })
}

fn get_text(map: &RawMap, parts: &[String], dotted: &str) -> Result<String, String> {
    let raw = map
        .get(&parts[0])
        .ok_or_else(|| format!("no field '{dotted}'"))?;
    if parts.len() == 1 {
        return serde_json::from_str::<String>(raw.get())
            .map_err(|_| format!("field '{dotted}' is not a string"));
    }
    let inner: RawMap =
        serde_json::from_str(raw.get()).map_err(|_| format!("no field '{dotted}'"))?;
    get_text(&inner, &parts[1..], dotted)
}

fn set_text(map: &mut RawMap, parts: &[String], text: &str) -> serde_json::Result<()> {
    let key = &parts[0];
    if parts.len() == 1 {
        map.insert(key.clone(), serde_json::value::to_raw_value(text)?);
        return Ok(());
    }
    let mut inner: RawMap = match map.get(key) {
        Some(raw) => serde_json::from_str(raw.get())?,
        None => RawMap::new(),
    };
    set_text(&mut inner, &parts[1..], text)?;
    map.insert(key.clone(), serde_json::value::to_raw_value(&inner)?);
    Ok(())
}

impl Record {
    /// The record with its text field replaced and, when given, the report under
    /// [`REPORT_KEY`] (replacing one an earlier run put there), as one line without `\n`.
    pub fn into_line(
        mut self,
        field: &FieldPath,
        cleaned: &str,
        report: Option<Box<RawValue>>,
    ) -> serde_json::Result<String> {
        set_text(&mut self.map, &field.parts, cleaned)?;
        if let Some(report) = report {
            self.map.insert(REPORT_KEY.to_owned(), report);
        }
        serde_json::to_string(&self.map)
    }
}

/// Opens a source for reading lines, decompressing gzip or zstd when its first bytes say so.
pub fn open(source: &Source) -> Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = match source {
        Source::Stdin => Box::new(io::stdin()),
        Source::File { path, .. } => Box::new(
            File::open(path)
                .with_context(|| format!("{}: cannot read this file", path.display()))?,
        ),
    };
    let mut reader = BufReader::with_capacity(1 << 16, raw);
    let head = reader
        .fill_buf()
        .with_context(|| format!("{}: cannot read", source.display()))?;
    Ok(if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(reader)))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Box::new(BufReader::new(
            zstd::stream::read::Decoder::with_buffer(reader)
                .with_context(|| format!("{}: cannot start zstd decoding", source.display()))?,
        ))
    } else {
        Box::new(reader)
    })
}

/// An output file written atomically, compressed according to its name.
pub struct OutputFile {
    sink: Sink,
    target: std::path::PathBuf,
}

enum Sink {
    Plain(io::BufWriter<tempfile::NamedTempFile>),
    Gzip(flate2::write::GzEncoder<io::BufWriter<tempfile::NamedTempFile>>),
    Zstd(zstd::stream::write::Encoder<'static, io::BufWriter<tempfile::NamedTempFile>>),
}

impl OutputFile {
    pub fn create(target: &Path) -> Result<OutputFile> {
        let tmp = io::BufWriter::with_capacity(1 << 16, super::create_temp_for(target)?);
        let name = target.to_string_lossy();
        let sink = if name.ends_with(".gz") {
            Sink::Gzip(flate2::write::GzEncoder::new(
                tmp,
                flate2::Compression::default(),
            ))
        } else if name.ends_with(".zst") {
            Sink::Zstd(zstd::stream::write::Encoder::new(tmp, 3).context("cannot start zstd")?)
        } else {
            Sink::Plain(tmp)
        };
        Ok(OutputFile {
            sink,
            target: target.to_path_buf(),
        })
    }

    /// Finishes compression, flushes, and renames the file into place.
    pub fn commit(self) -> Result<()> {
        let target = self.target;
        let full = || format!("{}: cannot write (is the disk full?)", target.display());
        let buffered = match self.sink {
            Sink::Plain(w) => w,
            Sink::Gzip(w) => w.finish().with_context(full)?,
            Sink::Zstd(w) => w.finish().with_context(full)?,
        };
        let tmp = buffered
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(full)?;
        super::commit(tmp, &target)
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Sink::Plain(w) => w.write(buf),
            Sink::Gzip(w) => w.write(buf),
            Sink::Zstd(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Plain(w) => w.flush(),
            Sink::Gzip(w) => w.flush(),
            Sink::Zstd(w) => w.flush(),
        }
    }
}

/// Reads `reader` a chunk of lines at a time, runs `work` on each line (1-based line number,
/// bytes without the line ending) in parallel on `pool`, and hands the results to `sink` in
/// line order together with the raw line. `progress` is called after each chunk with the
/// number of lines it held.
///
/// The outer error is the first error of `sink` (it ends the run); the inner one is a read
/// error of the stream (it ends this stream only, after the lines before it are handled).
pub fn for_each_line<R, W, S>(
    reader: &mut dyn BufRead,
    pool: &rayon::ThreadPool,
    work: W,
    mut sink: S,
    mut progress: impl FnMut(u64),
) -> Result<Result<()>>
where
    R: Send,
    W: Fn(usize, &[u8]) -> R + Sync + Send,
    S: FnMut(usize, &[u8], R) -> Result<()>,
{
    let mut line_no = 0usize;
    let mut read_error = None;
    let mut done = false;
    let next_chunk = || {
        if done {
            return None;
        }
        let mut chunk: Vec<(usize, Vec<u8>)> = Vec::new();
        let mut bytes = 0;
        while chunk.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
            let mut buf = Vec::new();
            let n = match reader.read_until(b'\n', &mut buf) {
                Ok(n) => n,
                Err(e) => {
                    read_error = Some(anyhow::Error::new(e).context(format!(
                        "cannot read past line {line_no}; is the file complete?"
                    )));
                    0
                }
            };
            if n == 0 {
                done = true;
                break;
            }
            if buf.last() == Some(&b'\n') {
                buf.pop();
                if buf.last() == Some(&b'\r') {
                    buf.pop();
                }
            }
            line_no += 1;
            bytes += n;
            chunk.push((line_no, buf));
        }
        (!chunk.is_empty()).then_some(chunk)
    };
    let mut in_chunk = 0u64;
    super::pipeline(
        pool,
        next_chunk,
        |(n, line): &(usize, Vec<u8>)| work(*n, line),
        |(n, line), result| {
            sink(n, &line, result)?;
            in_chunk += 1;
            if in_chunk == 256 {
                progress(in_chunk);
                in_chunk = 0;
            }
            Ok(())
        },
    )?;
    progress(in_chunk);
    Ok(match read_error {
        Some(e) => Err(e),
        None => Ok(()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_fields_keep_their_bytes_and_order() {
        let field = FieldPath::parse("text").unwrap();
        let line = br#"{"id":1.50,"text":"a  b","t\u00e9":[1, 2],"z":null}"#;
        let record = parse(line, &field).unwrap();
        assert_eq!(record.text, "a  b");
        let out = record.into_line(&field, "a b", None).unwrap();
        // Values keep their bytes; keys are written plainly (an escaped key is unescaped).
        assert_eq!(out, r#"{"id":1.50,"text":"a b","té":[1, 2],"z":null}"#);
    }

    #[test]
    fn dotted_paths_reach_nested_fields() {
        let field = FieldPath::parse("article.body").unwrap();
        let line = br#"{"article":{"title":"T","body":"x  y"},"n":2}"#;
        let record = parse(line, &field).unwrap();
        assert_eq!(record.text, "x  y");
        let out = record
            .into_line(
                &field,
                "x y",
                Some(serde_json::value::to_raw_value(&1).unwrap()),
            )
            .unwrap();
        assert_eq!(
            out,
            r#"{"article":{"title":"T","body":"x y"},"n":2,"newsclean":1}"#
        );
    }

    #[test]
    fn bad_lines_say_why() {
        let field = FieldPath::parse("text").unwrap();
        assert!(parse(b"{not json", &field)
            .err()
            .unwrap()
            .starts_with("invalid JSON"));
        assert_eq!(parse(b"[1]", &field).err().unwrap(), "not a JSON object");
        assert_eq!(parse(b"{}", &field).err().unwrap(), "no field 'text'");
        assert_eq!(
            parse(br#"{"text":3}"#, &field).err().unwrap(),
            "field 'text' is not a string"
        );
        assert!(parse(b"{\"text\":\"\xff\"}", &field)
            .err()
            .unwrap()
            .starts_with("not valid UTF-8"));
        assert!(FieldPath::parse("a..b").is_err());
    }
}
