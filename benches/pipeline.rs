//! Throughput of the whole pipeline (all rules on, one thread) and of every pass alone.
//!
//! Inputs, built once in the setup:
//! - `reuters`: Reuters-21578 bodies joined into one stream (almost pure ASCII);
//! - `reuters-articles`: the same bodies cleaned one article at a time (per-document costs);
//! - `fakebr-crlf`: Fake.br Portuguese texts with CRLF line ends (dense non-ASCII);
//! - `seed`: the seed fixture repeated;
//! - `mojibake`: the Reuters stream with typographic quotes, apostrophes and dashes, encoded
//!   as UTF-8 and read back as Windows-1252, so that every one of them is mojibake.
//!
//! The corpus is read from `$NEWSCLEAN_CORPUS`, else `../shared/corpus` or
//! `../../shared/corpus` beside the crate (main checkout or a worktree); without it the
//! fixtures stand in for every input. Which one was used is printed first. Input sizes are
//! capped by `$NEWSCLEAN_BENCH_BYTES` (default 2 MB) so a run stays short on a shared machine.
//!
//! Before criterion runs, a direct check prints how the time grows with the input (the same
//! text at 1x and 10x): linear cost means a ratio near 10.
//!
//! Times are the benchmark thread's CPU time, not the wall clock: on a machine shared with
//! other work the wall clock counts the wait for a core too. `NEWSCLEAN_BENCH_CLOCK=wall`
//! measures wall-clock time instead (criterion's default).

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{Criterion, Throughput};
use newsclean::pipeline::Pipeline;
use newsclean::Config;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[path = "support/cpu_time.rs"]
mod cpu_time;
use cpu_time::thread_cpu_time;

struct Input {
    name: &'static str,
    /// One stream, cleaned as one document.
    text: String,
}

fn main() {
    let (inputs, articles) = load_inputs();
    let config = Config::new();
    linearity(&inputs[0].text, &config);

    let wall = std::env::var("NEWSCLEAN_BENCH_CLOCK").is_ok_and(|v| v == "wall");
    println!("clock: {}", if wall { "wall" } else { "thread CPU time" });
    if wall {
        benches(configure(Criterion::default()), &inputs, &articles, &config);
    } else {
        let c = Criterion::default().with_measurement(CpuTime(WallTime));
        benches(configure(c), &inputs, &articles, &config);
    }
}

fn configure<M: Measurement>(c: Criterion<M>) -> Criterion<M> {
    c.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args()
}

fn benches<M: Measurement>(
    mut c: Criterion<M>,
    inputs: &[Input],
    articles: &[String],
    config: &Config,
) {
    let mut group = c.benchmark_group("pipeline");
    for input in inputs {
        group.throughput(Throughput::Bytes(input.text.len() as u64));
        group.bench_function(input.name, |b| {
            b.iter(|| newsclean::clean(black_box(&input.text), config))
        });
    }
    let total: usize = articles.iter().map(String::len).sum();
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("reuters-articles", |b| {
        b.iter(|| {
            for a in articles {
                black_box(newsclean::clean(black_box(a), config));
            }
        })
    });
    group.bench_function("reuters-articles-read-only", |b| {
        // The floor for per-document work outside the passes: copying each text once.
        b.iter(|| {
            for a in articles {
                black_box(black_box(a).to_owned());
            }
        })
    });
    group.finish();

    // Each pass alone, with the document language given so that detection is not counted
    // in every pass of the script stage and later; detection has its own line.
    let mut group = c.benchmark_group("pass");
    for input in inputs {
        if input.name == "seed" {
            continue;
        }
        let lang = newsclean::language::detect(&input.text);
        let mut config = Config::new();
        config.language = lang.code().map(str::to_owned);
        group.throughput(Throughput::Bytes(input.text.len() as u64));
        group.bench_function(format!("language-detect/{}", input.name), |b| {
            b.iter(|| newsclean::language::detect(black_box(&input.text)))
        });
        for pass in newsclean::passes::all() {
            let name = pass.name();
            let alone = Pipeline::new(vec![pass]);
            group.bench_function(format!("{name}/{}", input.name), |b| {
                b.iter(|| alone.run(black_box(&input.text), "utf-8", &config))
            });
        }
        // The pipeline with no pass: copying, line index, source map.
        let empty = Pipeline::new(Vec::new());
        group.bench_function(format!("none/{}", input.name), |b| {
            b.iter(|| empty.run(black_box(&input.text), "utf-8", &config))
        });
    }
    group.finish();
    c.final_summary();
}

/// Criterion's measurement by the calling thread's CPU time (the benchmarks are single
/// threaded), shown like wall-clock durations.
struct CpuTime(WallTime);

impl Measurement for CpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        thread_cpu_time()
    }

    fn end(&self, start: Duration) -> Duration {
        thread_cpu_time().saturating_sub(start)
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        self.0.formatter()
    }
}

/// Times the whole pipeline on a text and on ten copies of it, best of a few runs each, in
/// thread CPU time.
fn linearity(text: &str, config: &Config) {
    let small = &text[..floor_char_boundary(text, text.len().min(200_000))];
    let big = small.repeat(10);
    let best = |t: &str| {
        (0..3)
            .map(|_| {
                let t0 = thread_cpu_time();
                black_box(newsclean::clean(black_box(t), config));
                thread_cpu_time() - t0
            })
            .min()
            .unwrap()
    };
    let (a, b) = (best(small), best(&big));
    println!(
        "linearity: {} KB in {:.2} ms, 10x in {:.2} ms: {:.1}x the time (linear: 10x)",
        small.len() / 1000,
        a.as_secs_f64() * 1e3,
        b.as_secs_f64() * 1e3,
        b.as_secs_f64() / a.as_secs_f64()
    );
}

fn load_inputs() -> (Vec<Input>, Vec<String>) {
    let budget: usize = std::env::var("NEWSCLEAN_BENCH_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000_000);
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = std::fs::read_to_string(manifest.join("fixtures/000_6acf8a639d1bd296.txt"))
        .expect("the seed fixture");
    let corpus = corpus_dir(manifest);

    let (reuters_articles, fakebr) = match &corpus {
        Some(dir) => {
            println!("bench inputs: corpus at {}", dir.display());
            (
                jsonl_texts(&dir.join("reuters21578/reuters21578.jsonl"), budget),
                jsonl_texts(&dir.join("fakebr-pt/fakebr.jsonl"), budget),
            )
        }
        None => {
            println!("bench inputs: no corpus found (set NEWSCLEAN_CORPUS); using fixtures/");
            let fixtures = fixture_texts(&manifest.join("fixtures"));
            (fixtures.clone(), fixtures)
        }
    };
    let reuters = reuters_articles.join("\n\n");
    let fakebr_crlf = fakebr
        .join("\n\n")
        .replace("\r\n", "\n")
        .replace('\n', "\r\n");
    let seed_repeated = seed.repeat((budget / seed.len()).max(1));
    let mojibake = cp1252_mojibake(&typographic(&reuters));
    let inputs = vec![
        Input {
            name: "reuters",
            text: reuters,
        },
        Input {
            name: "fakebr-crlf",
            text: fakebr_crlf,
        },
        Input {
            name: "seed",
            text: seed_repeated,
        },
        Input {
            name: "mojibake",
            text: mojibake,
        },
    ];
    for i in &inputs {
        let non_ascii = i.text.chars().filter(|c| !c.is_ascii()).count();
        println!(
            "  {:12} {:>9} bytes, {:>7} non-ASCII characters",
            i.name,
            i.text.len(),
            non_ascii
        );
    }
    (inputs, reuters_articles)
}

fn corpus_dir(manifest: &Path) -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("NEWSCLEAN_CORPUS").map(PathBuf::from),
        Some(manifest.join("../shared/corpus")),
        Some(manifest.join("../../shared/corpus")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|d| d.join("reuters21578/reuters21578.jsonl").is_file())
}

/// The non-blank `text` fields of a JSON Lines file, up to about `budget` bytes.
fn jsonl_texts(path: &Path, budget: usize) -> Vec<String> {
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let mut size = 0;
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(t) = v.get("text").and_then(|t| t.as_str()) else {
            continue;
        };
        if t.trim().is_empty() {
            continue;
        }
        size += t.len() + 2;
        out.push(t.to_owned());
        if size >= budget {
            break;
        }
    }
    out
}

fn fixture_texts(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// Typesets plain-ASCII punctuation: curly apostrophes and quotes, en dashes between spaced
/// hyphens, so that the text has something for mis-decoding to break.
fn typographic(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut open = true;
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().unwrap_or(' ');
        match c {
            '\'' if prev.is_alphanumeric() => out.push('\u{2019}'),
            '\'' => out.push('\u{2018}'),
            '"' => {
                out.push(if open { '\u{201c}' } else { '\u{201d}' });
                open = !open;
            }
            '-' if prev == ' ' && next == ' ' => out.push('\u{2013}'),
            _ => out.push(c),
        }
        if c == '\n' {
            open = true;
        }
        prev = c;
    }
    out
}

/// Encodes `text` as UTF-8 and decodes the bytes as Windows-1252, the commonest mojibake.
/// The five bytes Windows-1252 leaves undefined become the C1 controls of the same value.
fn cp1252_mojibake(text: &str) -> String {
    const HIGH: [char; 32] = [
        '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}',
        '\u{8f}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}',
        '\u{178}',
    ];
    text.bytes()
        .map(|b| match b {
            0x80..=0x9f => HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

/// The largest char boundary at or below `i`.
fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
