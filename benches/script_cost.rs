//! What the script passes (stray-script, mixed-script-word) cost on Latin-only text, beside
//! the whole pipeline: the passes must stay on their fast path there (an ASCII check, then
//! one scan for a second script).
//!
//! `cargo bench --bench script_cost` times the fixtures' Latin-only articles;
//! `NEWSCLEAN_BENCH_DIR=DIR cargo bench --bench script_cost` times every `.txt` file under
//! DIR instead (for example a folder the scorecard wrote out). A plain timing harness, no
//! statistics: each figure is the best of several rounds.

use newsclean::passes::script_context::is_single_script;
use newsclean::{clean, Config};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

fn texts() -> Vec<String> {
    let mut out = Vec::new();
    match std::env::var_os("NEWSCLEAN_BENCH_DIR") {
        Some(dir) => collect(Path::new(&dir), &mut out),
        None => {
            // The fixtures, cleaned once (so they are Latin-only), repeated to a few MB.
            let mut base = Vec::new();
            collect(Path::new("fixtures"), &mut base);
            let latin: Vec<String> = base
                .iter()
                .map(|t| clean(t, &Config::new()).text)
                .filter(|t| is_single_script(t))
                .collect();
            for _ in 0..400 {
                out.extend(latin.iter().cloned());
            }
        }
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            if let Ok(t) = std::fs::read_to_string(&p) {
                out.push(t);
            }
        }
    }
}

fn best_of(rounds: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn main() {
    let texts = texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let all = Config::new();
    let no_script = Config::new()
        .with_selection(&[], &["script".to_owned()])
        .unwrap();
    let run = |config: &Config| {
        for t in &texts {
            black_box(clean(t, config));
        }
    };
    // Alternate the two configurations so that load from other processes hits both alike.
    let (mut full, mut without) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        full = full.min(best_of(1, || run(&all)));
        without = without.min(best_of(1, || run(&no_script)));
    }
    let multi = texts.iter().filter(|t| !is_single_script(t)).count();
    // What each of the two passes does first on every text.
    let fast = best_of(5, || {
        for t in &texts {
            black_box(t.is_ascii() || is_single_script(t));
        }
    });
    let mb = bytes as f64 / 1e6;
    println!(
        "{} texts, {mb:.1} MB, {multi} with more than one script",
        texts.len()
    );
    println!(
        "pipeline, all rules:       {full:?} ({:.1} MB/s)",
        mb / full.as_secs_f64()
    );
    println!("pipeline, script rules off: {without:?}");
    println!(
        "script passes' fast path:   {:?} x2 passes = {:.1}% of the pipeline",
        fast,
        200.0 * fast.as_secs_f64() / full.as_secs_f64()
    );
}
