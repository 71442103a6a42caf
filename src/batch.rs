//! Inputs and outputs on disk: which articles a command line names, reading and decoding
//! them, and writing cleaned text atomically.
//!
//! A directory is walked recursively for `.txt` files in sorted path order, so reports come
//! out in the same order on every run; symbolic links inside a directory are not followed
//! (they could lead out of the tree); the same file named twice is processed once. Writes go
//! to a temporary file in the target directory, renamed over the target only when complete,
//! so an interrupted run never leaves a half-written file.

use crate::input::{self, Decoded};
use anyhow::{bail, Context as _, Result};
use std::collections::HashSet;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// One article to process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File {
        /// Where to read it.
        path: PathBuf,
        /// Its path relative to the named directory (or its file name), for `-o DIR`.
        relative: PathBuf,
    },
}

impl Source {
    /// How reports name it: the path as given, or `-` for stdin.
    pub fn display(&self) -> String {
        match self {
            Source::Stdin => "-".to_owned(),
            Source::File { path, .. } => path.display().to_string(),
        }
    }
}

/// What the command line named: the articles found, and the paths that could not be used
/// (each with a message that names it).
#[derive(Debug, Default)]
pub struct Collected {
    pub sources: Vec<Source>,
    pub errors: Vec<anyhow::Error>,
    /// Whether any named path was a directory (then output needs -o or --in-place).
    pub had_directory: bool,
}

/// Resolves command-line paths into sources. No path, or `-`, means stdin.
pub fn collect(paths: &[PathBuf]) -> Collected {
    let mut out = Collected::default();
    if paths.is_empty() {
        out.sources.push(Source::Stdin);
        return out;
    }
    let mut seen = HashSet::new();
    for path in paths {
        if path.as_os_str() == "-" {
            if !out.sources.contains(&Source::Stdin) {
                out.sources.push(Source::Stdin);
            }
            continue;
        }
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                out.errors.push(anyhow::Error::new(e).context(format!(
                    "{}: cannot read this path; check that it exists and is readable",
                    path.display()
                )));
                continue;
            }
        };
        if meta.is_dir() {
            out.had_directory = true;
            let mut files = Vec::new();
            if let Err(e) = walk(path, &mut files) {
                out.errors.push(e);
            }
            files.sort();
            for file in files {
                let relative = file.strip_prefix(path).unwrap_or(&file).to_path_buf();
                push_unique(&mut out.sources, &mut seen, file, relative);
            }
        } else {
            let relative = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
            push_unique(&mut out.sources, &mut seen, path.clone(), relative);
        }
    }
    out
}

fn push_unique(
    sources: &mut Vec<Source>,
    seen: &mut HashSet<PathBuf>,
    path: PathBuf,
    relative: PathBuf,
) {
    let key = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
    if seen.insert(key) {
        sources.push(Source::File { path, relative });
    }
}

/// Collects `.txt` files under `dir`, not following symbolic links.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list this directory", dir.display()))?;
    for entry in entries {
        let entry =
            entry.with_context(|| format!("{}: cannot list this directory", dir.display()))?;
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            walk(&path, files)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
    Ok(())
}

/// Reads and decodes one source. Errors name the source.
pub fn read(source: &Source) -> Result<Decoded> {
    let bytes = match source {
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .context("reading standard input")?;
            buf
        }
        Source::File { path, .. } => {
            fs::read(path).with_context(|| format!("{}: cannot read this file", path.display()))?
        }
    };
    if let Some(kind) = crate::binary::binary_kind(&bytes) {
        bail!(
            "{}: looks like a binary file ({kind}), not text; skipped",
            source.display()
        );
    }
    input::decode_owned(bytes).with_context(|| source.display())
}

/// Writes `contents` to `target` atomically: a temporary file beside it, flushed, then
/// renamed over it. The target's directory is created when missing.
pub fn write_atomic(target: &Path, contents: &[u8]) -> Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create this directory", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".newsclean-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot create a temporary file here", dir.display()))?;
    tmp.write_all(contents)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("{}: cannot write (is the disk full?)", target.display()))?;
    if let Ok(meta) = fs::metadata(target) {
        // Keep the permissions of a file being replaced in place.
        let _ = fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(target)
        .with_context(|| format!("{}: cannot replace this file", target.display()))?;
    Ok(())
}

/// Refuses an output directory inside one of the input directories: the next run would read
/// its own output as input.
pub fn check_out_dir(out_dir: &Path, paths: &[PathBuf]) -> Result<()> {
    let out = absolute(out_dir);
    for p in paths {
        if p.is_dir() {
            let input = absolute(p);
            if out.starts_with(&input) {
                bail!(
                    "-o {}: the output directory is inside the input directory {}; choose a directory outside it",
                    out_dir.display(),
                    p.display()
                );
            }
        }
    }
    Ok(())
}

/// An absolute, canonical form of a path that may not exist yet.
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
    match (parent, p.file_name()) {
        (Some(d), Some(name)) => absolute(d).join(name),
        (None, Some(name)) => std::env::current_dir().unwrap_or_default().join(name),
        _ => p.to_path_buf(),
    }
}
