//! Inputs and outputs on disk: which articles a command line names, reading and decoding
//! them, and writing cleaned text atomically.
//!
//! A directory is walked recursively for `.txt` files in sorted path order, so reports come
//! out in the same order on every run; symbolic links inside a directory are not followed
//! (they could lead out of the tree); the same file named twice is processed once. Writes go
//! to a temporary file in the target directory, renamed over the target only when complete,
//! so an interrupted run never leaves a half-written file; the temporary names carry the
//! process id, so a later run can remove those a killed run left behind.
//!
//! Articles are processed on a rayon pool in chunks: each chunk is cleaned in parallel and
//! its results handed on in input order, so output order never depends on scheduling and
//! memory stays bounded by one chunk.

use crate::input::{self, Decoded};
use anyhow::{bail, Context as _, Result};
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::io::{IsTerminal as _, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub mod jsonl;

/// Which files a directory walk picks up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Articles as `.txt` files.
    Text,
    /// JSON Lines dumps: `.jsonl`, `.ndjson`, optionally `.gz` or `.zst` compressed.
    Jsonl,
}

impl Kind {
    fn wants(self, path: &Path) -> bool {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return false;
        };
        match self {
            Kind::Text => name.ends_with(".txt"),
            Kind::Jsonl => {
                let name = name
                    .strip_suffix(".gz")
                    .or_else(|| name.strip_suffix(".zst"))
                    .unwrap_or(name);
                name.ends_with(".jsonl") || name.ends_with(".ndjson")
            }
        }
    }
}

/// One article to process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File {
        /// Where to read it.
        path: PathBuf,
        /// Its path relative to the named directory (or its file name), for `-o DIR`.
        relative: PathBuf,
        /// Found while walking a named directory rather than named itself: a binary file
        /// there is skipped with a warning instead of failing the run.
        walked: bool,
    },
}

impl Source {
    /// The file's path; `None` for stdin.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Stdin => None,
            Source::File { path, .. } => Some(path),
        }
    }

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
    collect_kind(paths, Kind::Text)
}

/// Like [`collect`], walking directories for files of the given kind.
pub fn collect_kind(paths: &[PathBuf], kind: Kind) -> Collected {
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
            if let Err(e) = walk(path, kind, &mut files) {
                out.errors.push(e);
            }
            files.sort();
            // The walk follows no links, so a file's canonical path is the directory's
            // canonical path joined with its relative path: one lookup per directory named,
            // not one per file (which costs more than cleaning small articles).
            let root = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            for file in files {
                let relative = file.strip_prefix(path).unwrap_or(&file).to_path_buf();
                let key = root.join(&relative);
                if seen.insert(key) {
                    out.sources.push(Source::File {
                        path: file,
                        relative,
                        walked: true,
                    });
                }
            }
        } else {
            let relative = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
            let key = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if seen.insert(key) {
                out.sources.push(Source::File {
                    path: path.clone(),
                    relative,
                    walked: false,
                });
            }
        }
    }
    out
}

/// Collects the files of `kind` under `dir`, not following symbolic links.
fn walk(dir: &Path, kind: Kind, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list this directory", dir.display()))?;
    for entry in entries {
        let entry =
            entry.with_context(|| format!("{}: cannot list this directory", dir.display()))?;
        let path = entry.path();
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            walk(&path, kind, files)?;
        } else if file_type.is_file() && kind.wants(&path) {
            files.push(path);
        }
    }
    Ok(())
}

/// Reads and decodes one source, in `forced` encoding when given. Errors name the source.
pub fn read(source: &Source, forced: Option<&'static encoding_rs::Encoding>) -> Result<Decoded> {
    let bytes = match source {
        Source::Stdin => {
            let mut buf = Vec::with_capacity(stdin_size_hint());
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
        if matches!(source, Source::File { walked: true, .. }) {
            return Err(anyhow::Error::new(Skipped(format!(
                "{}: looks like a binary file ({kind}), not text; skipped",
                source.display()
            ))));
        }
        bail!(
            "{}: looks like a binary file ({kind}), not text; name a text file",
            source.display()
        );
    }
    match forced {
        Some(enc) => Ok(input::decode_forced(&bytes, enc)),
        None => input::decode_owned(bytes).with_context(|| source.display()),
    }
}

/// A file found while walking a directory that is not an article (a binary file named
/// `.txt`): the run goes on without it, with a warning, as linters skip such files; it is not
/// an input error and does not change the exit status. A file named on the command line is
/// an error instead.
#[derive(Debug)]
pub struct Skipped(pub String);

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Skipped {}

/// The size of standard input when it is a regular file (`< file`), so that it is read into
/// one allocation instead of a buffer doubled and copied a dozen times; 0 otherwise.
fn stdin_size_hint() -> usize {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdin().as_fd().try_clone_to_owned() {
            if let Ok(meta) = fs::File::from(fd).metadata() {
                if meta.is_file() {
                    return usize::try_from(meta.len()).unwrap_or(0).saturating_add(1);
                }
            }
        }
    }
    0
}

/// The prefix of every temporary file newsclean writes; the process id follows it.
const TEMP_PREFIX: &str = ".newsclean-";
const TEMP_SUFFIX: &str = ".tmp";

/// A temporary file beside `target` (whose directory is created when missing), to be filled
/// and then handed to [`commit`]. Dropped without commit, it disappears.
pub fn create_temp_for(target: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create this directory", dir.display()))?;
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        // A new output file gets the usual permissions (0666 less the umask), not the
        // private 0600 of a temporary file; a replaced file keeps its own (see `commit`).
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir).with_context(|| {
        format!(
            "{}: cannot create a file in this directory (is it writable?)",
            dir.display()
        )
    })
}

/// A cleaned file written beside its target under a temporary name, not yet in place.
pub struct Staged {
    temp: tempfile::TempPath,
    target: PathBuf,
}

/// Writes `contents` to a temporary file beside `target`, not synced and not yet renamed:
/// [`commit_staged`] puts a whole run's files in place with one sync, instead of one sync per
/// file (which cost a millisecond a file on a batch of small articles).
pub fn stage(target: &Path, contents: &[u8]) -> Result<Staged> {
    let mut tmp = create_temp_for(target)?;
    tmp.write_all(contents)
        .with_context(|| format!("{}: cannot write (is the disk full?)", target.display()))?;
    Ok(Staged {
        temp: tmp.into_temp_path(),
        target: target.to_owned(),
    })
}

/// Makes the staged files durable (one `syncfs` per filesystem they are on, or one `fsync` a
/// file where that call is missing), then renames each over its target. Until the renames no
/// target has changed, so a run that fails before them leaves every output and input as it
/// was; the staged files are removed when dropped.
pub fn commit_staged(staged: Vec<Staged>) -> Result<()> {
    sync_staged(&staged)?;
    for Staged { temp, target } in staged {
        put_in_place(temp, &target)?;
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn sync_staged(staged: &[Staged]) -> Result<()> {
    use std::os::fd::AsRawFd as _;
    use std::os::unix::fs::MetadataExt as _;
    let mut synced_devices = Vec::new();
    let mut seen_dirs: std::collections::HashSet<&Path> = std::collections::HashSet::new();
    for s in staged {
        // Staged files sit beside their targets: one look per directory finds the devices.
        let dir = s.temp.parent().unwrap_or(Path::new("."));
        if !seen_dirs.insert(dir) {
            continue;
        }
        let meta = fs::metadata(&s.temp)
            .with_context(|| format!("{}: the staged output vanished", s.target.display()))?;
        if synced_devices.contains(&meta.dev()) {
            continue;
        }
        let file = fs::File::open(&s.temp)
            .with_context(|| format!("{}: cannot reopen the staged output", s.target.display()))?;
        // SAFETY: syncfs only reads the descriptor, which `file` keeps open during the call.
        if unsafe { libc::syncfs(file.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error()).with_context(|| {
                format!("{}: cannot write (is the disk full?)", s.target.display())
            });
        }
        synced_devices.push(meta.dev());
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn sync_staged(staged: &[Staged]) -> Result<()> {
    for s in staged {
        fs::File::open(&s.temp)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("{}: cannot write (is the disk full?)", s.target.display()))?;
    }
    Ok(())
}

/// Flushes a filled temporary file to disk and renames it over `target`.
pub fn commit(tmp: tempfile::NamedTempFile, target: &Path) -> Result<()> {
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("{}: cannot write (is the disk full?)", target.display()))?;
    put_in_place(tmp.into_temp_path(), target)
}

/// Renames a written temporary file over `target`, which keeps its permissions when it
/// exists.
fn put_in_place(temp: tempfile::TempPath, target: &Path) -> Result<()> {
    if let Ok(meta) = fs::metadata(target) {
        let _ = fs::set_permissions(&temp, meta.permissions());
    }
    temp.persist(target)
        .with_context(|| format!("{}: cannot replace this file", target.display()))?;
    Ok(())
}

/// Removes the temporary files that killed runs left under `dir` (those whose process is
/// gone), so a re-run leaves the tree as a complete run would. Returns how many it removed.
pub fn remove_stale_temps(dir: &Path, recursive: bool) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() {
            if recursive {
                removed += remove_stale_temps(&path, true);
            }
            continue;
        }
        let name = entry.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .filter(|n| n.ends_with(TEMP_SUFFIX))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| p != std::process::id() && !process_alive(p))
            && fs::remove_file(&path).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Whether a process with this id still runs (on systems without /proc, assume it does, so
/// nothing is removed that might be in use).
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return true;
    }
    proc.join(pid.to_string()).exists()
}

/// The worker pool of a run: `jobs` threads, or one per core when 0.
pub fn pool(jobs: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("newsclean-{i}"))
        .build()
        .context("cannot start the worker threads")
}

/// Runs `work` over `items` on `pool`, a chunk at a time, and hands each result to `sink` in
/// the order of `items`, whatever order the threads finish in. Stops at the first error
/// `sink` returns.
pub fn ordered_map<T, R, W, S>(
    pool: &rayon::ThreadPool,
    items: &[T],
    work: W,
    sink: S,
) -> Result<()>
where
    T: Sync,
    R: Send,
    W: Fn(&T) -> R + Sync + Send,
    S: FnMut(&T, R) -> Result<()>,
{
    // Enough per chunk that the threads rarely wait at its end, few enough that memory stays
    // small when articles are large.
    let size = 32 * pool.current_num_threads().max(1);
    let mut chunks = items.chunks(size);
    pipeline(
        pool,
        || chunks.next().map(|c| c.iter().collect::<Vec<&T>>()),
        |item: &&T| work(item),
        sink,
    )
}

/// How many chunks may be in the pool at once: while the oldest is handed on, the workers
/// go on with the next ones instead of waiting for this thread to be scheduled.
const CHUNKS_AHEAD: usize = 3;

/// The engine under [`ordered_map`] and the JSON Lines reader: takes chunks from
/// `next_chunk` until it returns `None`, runs `work` on each chunk's items in parallel on
/// `pool`, and hands items and results to `sink` in order, on the calling thread. Up to
/// [`CHUNKS_AHEAD`] chunks are being computed while the oldest is handed on, so the workers
/// never wait for the sink, and memory stays bounded by those chunks. With a pool of one
/// thread everything runs in turn on the calling thread.
pub fn pipeline<T, R, N, W, S>(
    pool: &rayon::ThreadPool,
    mut next_chunk: N,
    work: W,
    mut sink: S,
) -> Result<()>
where
    T: Send + Sync,
    R: Send,
    N: FnMut() -> Option<Vec<T>>,
    W: Fn(&T) -> R + Sync + Send,
    S: FnMut(T, R) -> Result<()>,
{
    if pool.current_num_threads() <= 1 {
        // `-j 1` means one thread: no pool, no overlap, everything in turn here.
        while let Some(chunk) = next_chunk() {
            for item in chunk {
                let result = work(&item);
                sink(item, result)?;
            }
        }
        return Ok(());
    }
    let work = &work;
    pool.in_place_scope(|scope| {
        let mut in_flight = std::collections::VecDeque::with_capacity(CHUNKS_AHEAD);
        let mut exhausted = false;
        loop {
            while !exhausted && in_flight.len() < CHUNKS_AHEAD {
                match next_chunk() {
                    Some(chunk) => {
                        let (done, receive) = std::sync::mpsc::sync_channel(1);
                        scope.spawn(move |_| {
                            let results: Vec<R> = chunk.par_iter().map(work).collect();
                            let _ = done.send((chunk, results));
                        });
                        in_flight.push_back(receive);
                    }
                    None => exhausted = true,
                }
            }
            let Some(receive) = in_flight.pop_front() else {
                return Ok(());
            };
            // A closed channel means the task panicked; the scope re-raises that panic.
            let Ok((chunk, results)) = receive.recv() else {
                return Ok(());
            };
            for (item, result) in chunk.into_iter().zip(results) {
                sink(item, result)?;
            }
        }
    })
}

/// Whether a progress bar may be drawn: stderr is a terminal, not in CI, not `--quiet`.
pub fn progress_allowed(quiet: bool) -> bool {
    !quiet && std::env::var_os("CI").is_none() && std::io::stderr().is_terminal()
}

/// A progress bar on stderr, or nothing when not allowed. It appears only once a run has
/// lasted a moment, so short runs never flash one. Shared by reference: messages printed
/// through [`Progress::say`] appear above the bar instead of tearing it.
pub struct Progress {
    bar: std::cell::RefCell<Option<indicatif::ProgressBar>>,
    started: Instant,
    allowed: bool,
    total: Option<u64>,
    done: std::cell::Cell<u64>,
}

impl Progress {
    /// `total`: the number of articles when known (files), or `None` (streams).
    pub fn new(total: Option<u64>, allowed: bool) -> Progress {
        Progress {
            bar: std::cell::RefCell::new(None),
            started: Instant::now(),
            allowed,
            total,
            done: std::cell::Cell::new(0),
        }
    }

    pub fn inc(&self, n: u64) {
        self.done.set(self.done.get() + n);
        if !self.allowed {
            return;
        }
        let mut bar = self.bar.borrow_mut();
        if bar.is_none() && self.started.elapsed() > Duration::from_millis(500) {
            let new = match self.total {
                Some(t) => indicatif::ProgressBar::new(t).with_style(
                    indicatif::ProgressStyle::with_template(
                        "{spinner} {bar:40} {pos}/{len} articles  {elapsed} (eta {eta})",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                ),
                None => indicatif::ProgressBar::new_spinner().with_style(
                    indicatif::ProgressStyle::with_template("{spinner} {pos} records  {elapsed}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
                ),
            };
            new.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            *bar = Some(new);
        }
        if let Some(bar) = bar.as_ref() {
            bar.set_position(self.done.get());
        }
    }

    /// Runs `print` (which writes to stderr) with the bar out of the way.
    pub fn say(&self, print: impl FnOnce()) {
        match self.bar.borrow().as_ref() {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = self.bar.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }
}

/// What a run did, for the one-line summary on stderr.
#[derive(Debug, Default)]
pub struct Tally {
    pub articles: u64,
    pub changed: u64,
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
    pub input_errors: u64,
    /// Files skipped with a warning (binary files found in a directory).
    pub skipped: u64,
    /// JSON Lines lines that were not usable records.
    pub invalid_records: u64,
    pub bytes: u64,
}

impl Tally {
    pub fn add(&mut self, article: &crate::Article, input_bytes: usize) {
        self.articles += 1;
        self.changed += u64::from(article.changed);
        self.bytes += input_bytes as u64;
        let counts = &article.counts;
        self.errors += counts.errors as u64;
        self.warnings += counts.warnings as u64;
        self.infos += counts.infos as u64;
    }

    /// One line: `newsclean: 120 articles, 14 changed; findings: 3 error, ...; 1.20 s, 4.1 MB/s`.
    pub fn line(&self, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64();
        let mbps = if secs > 0.0 {
            self.bytes as f64 / 1e6 / secs
        } else {
            0.0
        };
        let mut line = format!(
            "newsclean: {} articles, {} changed; findings: {} error, {} warning, {} info; {} input errors",
            self.articles, self.changed, self.errors, self.warnings, self.infos, self.input_errors
        );
        if self.skipped > 0 {
            line.push_str(&format!("; {} skipped", self.skipped));
        }
        if self.invalid_records > 0 {
            line.push_str(&format!("; {} invalid records", self.invalid_records));
        }
        line.push_str(&format!("; {secs:.2} s, {mbps:.1} MB/s"));
        line
    }
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
