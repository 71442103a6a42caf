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
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;

/// The key under which the article report is added to each record.
pub const REPORT_KEY: &str = "newsclean";

/// A chunk ends after this many lines...
const CHUNK_LINES: usize = 1024;
/// ...or once it holds this many bytes, whichever comes first.
const CHUNK_BYTES: usize = 2 << 20;

/// An object's fields as borrowed from its JSON text, in order: each key (unescaped, so
/// borrowed unless it held an escape) and its value's raw JSON text (borrowed, or written
/// anew for a replaced value). Borrowing is what makes a record cheap: a line's other fields
/// are never copied until the line is written out again.
struct Fields<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);

/// A key, borrowed from the JSON text when it holds no escape.
#[derive(Deserialize)]
struct Key<'a>(#[serde(borrow)] Cow<'a, str>);

impl<'a> Fields<'a> {
    /// The fields of the JSON object `json`. A key given twice keeps its first place and
    /// its last value, as a map would.
    fn parse(json: &'a str) -> serde_json::Result<Fields<'a>> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Self::Value, M::Error> {
                let mut entries = Vec::new();
                while let Some((Key(key), value)) = map.next_entry::<Key<'de>, &'de RawValue>()? {
                    entries.push((key, Cow::Borrowed(value.get())));
                }
                Ok(Fields::from_entries(entries))
            }
        }
        let mut de = serde_json::Deserializer::from_str(json);
        let fields = serde::Deserializer::deserialize_map(&mut de, Visitor)?;
        de.end()?;
        Ok(fields)
    }

    /// The fields of `entries` in order, a repeated key in its first place with its last
    /// value. A record has a few dozen fields: a linear search for each beats hashing them,
    /// but an object with thousands (hostile input) is indexed, so that it costs no more
    /// than its length.
    fn from_entries(entries: Vec<(Cow<'a, str>, Cow<'a, str>)>) -> Fields<'a> {
        if entries.len() <= 32 {
            let mut fields = Fields(Vec::with_capacity(entries.len()));
            for (key, value) in entries {
                fields.set(key, value);
            }
            return fields;
        }
        // Where each key first appears, then one pass that keeps first places.
        let mut first_at: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
        let first: Vec<usize> = entries
            .iter()
            .enumerate()
            .map(|(i, (key, _))| *first_at.entry(key.as_ref()).or_insert(i))
            .collect();
        drop(first_at);
        let mut kept: Vec<(Cow<'a, str>, Cow<'a, str>)> = Vec::with_capacity(entries.len());
        let mut place = vec![0; entries.len()];
        for (i, (key, value)) in entries.into_iter().enumerate() {
            if first[i] == i {
                place[i] = kept.len();
                kept.push((key, value));
            } else {
                kept[place[first[i]]].1 = value;
            }
        }
        Fields(kept)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_ref())
    }

    /// Sets `key` to the raw JSON `value`: in its place when it is there, else last.
    fn set(&mut self, key: Cow<'a, str>, value: Cow<'a, str>) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key, value)),
        }
    }

    /// The object as compact JSON, keys escaped as JSON needs and values as they are.
    fn write(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.push(b'{');
        for (i, (key, value)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            crate::json_string::push(out, key);
            out.push(b':');
            out.extend_from_slice(value.as_bytes());
        }
        out.push(b'}');
        Ok(())
    }
}

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

/// A parsed record: its top-level fields as raw JSON borrowed from the line, and the text
/// to clean.
pub struct Record<'a> {
    fields: Fields<'a>,
    pub text: String,
}

/// Parses one line (without its line ending) into a record, or says why it is not one.
pub fn parse<'a>(line: &'a [u8], field: &FieldPath) -> Result<Record<'a>, String> {
    let line = std::str::from_utf8(line).map_err(|e| {
        format!(
            "not valid UTF-8 (byte offset {}); convert the stream to UTF-8",
            e.valid_up_to()
        )
    })?;
    let fields = Fields::parse(line).map_err(|e| {
        match serde_json::from_str::<serde::de::IgnoredAny>(line) {
            Ok(_) => "not a JSON object".to_owned(),
            Err(_) => format!("invalid JSON: {e}"),
        }
    })?;
    let text = get_text(&fields, &field.parts, &field.dotted)?;
    Ok(Record { fields, text })
}

fn get_text(fields: &Fields<'_>, parts: &[String], dotted: &str) -> Result<String, String> {
    let raw = fields
        .get(&parts[0])
        .ok_or_else(|| format!("no field '{dotted}'"))?;
    if parts.len() == 1 {
        return serde_json::from_str::<String>(raw)
            .map_err(|_| format!("field '{dotted}' is not a string"));
    }
    let inner = Fields::parse(raw).map_err(|_| format!("no field '{dotted}'"))?;
    get_text(&inner, &parts[1..], dotted)
}

fn set_text(fields: &mut Fields<'_>, parts: &[String], text: &str) -> serde_json::Result<()> {
    let key = Cow::Owned(parts[0].clone());
    if parts.len() == 1 {
        fields.set(key, Cow::Owned(crate::json_string::to_string(text)));
        return Ok(());
    }
    let mut json = Vec::new();
    {
        let mut inner = match fields.get(&parts[0]) {
            Some(raw) => Fields::parse(raw)?,
            None => Fields(Vec::new()),
        };
        set_text(&mut inner, &parts[1..], text)?;
        inner.write(&mut json)?;
    }
    let json = String::from_utf8(json).expect("JSON written from strings is UTF-8");
    fields.set(key, Cow::Owned(json));
    Ok(())
}

impl Record<'_> {
    /// The record with its text field replaced and, when given, the report under
    /// [`REPORT_KEY`] (replacing one an earlier run put there), as one line without `\n`.
    pub fn into_line(
        mut self,
        field: &FieldPath,
        cleaned: &str,
        report: Option<Box<RawValue>>,
    ) -> serde_json::Result<String> {
        set_text(&mut self.fields, &field.parts, cleaned)?;
        let capacity = self.text.len() + cleaned.len() + 1024;
        write_line(self.fields, report.as_deref(), capacity)
    }
}

/// `fields` with the report set, as one line (the report borrowed for as long as it takes).
fn write_line<'s>(
    mut fields: Fields<'s>,
    report: Option<&'s RawValue>,
    capacity: usize,
) -> serde_json::Result<String> {
    if let Some(report) = report {
        fields.set(Cow::Borrowed(REPORT_KEY), Cow::Borrowed(report.get()));
    }
    let mut line = Vec::with_capacity(capacity);
    fields.write(&mut line)?;
    Ok(String::from_utf8(line).expect("JSON written from strings is UTF-8"))
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
    fn a_key_given_twice_keeps_its_first_place_and_last_value() {
        let field = FieldPath::parse("text").unwrap();
        let line = br#"{"a":1,"text":"x","a":{"b":2},"newsclean":0}"#;
        let record = parse(line, &field).unwrap();
        let report = serde_json::value::to_raw_value(&[1]).unwrap();
        let out = record.into_line(&field, "y", Some(report)).unwrap();
        assert_eq!(out, r#"{"a":{"b":2},"text":"y","newsclean":[1]}"#);
    }

    #[test]
    fn an_object_of_many_keys_reads_as_a_map_reads_it() {
        // Past the small-object path: 300 keys, every tenth given again later.
        let field = FieldPath::parse("text").unwrap();
        let mut parts: Vec<String> = (0..300).map(|k| format!("\"k{k}\":{k}")).collect();
        parts.extend(
            (0..300)
                .step_by(10)
                .map(|k| format!("\"k{k}\":\"again {k}\"")),
        );
        parts.push("\"text\":\"old\"".to_owned());
        let line = format!("{{{}}}", parts.join(","));
        let record = parse(line.as_bytes(), &field).unwrap();
        let out = record.into_line(&field, "new", None).unwrap();
        let mut want: serde_json::Value = serde_json::from_str(&line).unwrap();
        want["text"] = serde_json::Value::from("new");
        let got: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            got.as_object().unwrap().iter().collect::<Vec<_>>(),
            want.as_object().unwrap().iter().collect::<Vec<_>>()
        );
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

    proptest::proptest! {
        /// Any object with a string at `text`: the record read back has the text, and the
        /// line written is the same object (a repeated key in its first place with its last
        /// value, as a JSON map reads it) with the new text.
        #[test]
        fn records_round_trip_with_the_text_replaced(
            fields in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["text", "id", "t\\u00e9", "a\\\"b", "n"]),
                    proptest::sample::select(vec![
                        "1", "-2.50", "null", "true", "\"x\"", "\"\\u00e9\\n\"", "[1, {\"k\": []}]",
                        "{\"text\": \"inner\"}", "\"\"",
                    ]),
                ),
                0..8,
            ),
            text in "[a-z \"\\\\é\n]{0,12}",
        ) {
            let field = FieldPath::parse("text").unwrap();
            let mut line = String::from("{");
            for (i, (k, v)) in fields.iter().enumerate() {
                if i > 0 {
                    line.push_str(", ");
                }
                line.push_str(&format!("\"{k}\": {v}"));
            }
            if !fields.is_empty() {
                line.push_str(", ");
            }
            line.push_str(&format!("\"text\": {}}}", serde_json::to_string(&text).unwrap()));
            let record = parse(line.as_bytes(), &field).unwrap();
            proptest::prop_assert_eq!(&record.text, &text);
            let out = record.into_line(&field, "new", None).unwrap();
            let mut want: serde_json::Value = serde_json::from_str(&line).unwrap();
            want["text"] = serde_json::Value::from("new");
            let got: serde_json::Value = serde_json::from_str(&out).unwrap();
            proptest::prop_assert_eq!(
                got.as_object().unwrap().iter().collect::<Vec<_>>(),
                want.as_object().unwrap().iter().collect::<Vec<_>>()
            );
        }
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
