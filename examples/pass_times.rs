//! A quick profile by pass: the cost of every pass alone and of the whole pipeline on one
//! file, best of a few runs in this thread's CPU time. It answers "which pass costs what"
//! in seconds after a release build, where the criterion bench (`benches/pipeline.rs`) takes
//! minutes but gives confidence intervals.
//!
//! Usage: `cargo run --release --example pass_times -- FILE [RUNS] [PASS]`; with PASS, only
//! that pass is timed (to profile it alone under `perf record`).

use newsclean::pipeline::Pipeline;
use newsclean::Config;
use std::hint::black_box;
use std::time::Duration;

#[path = "../benches/support/cpu_time.rs"]
mod cpu_time;
use cpu_time::thread_cpu_time;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: pass_times FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let only = args.next();
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("pass_times: cannot read {path}: {e}");
        std::process::exit(2);
    });
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let mb = text.len() as f64 / 1e6;

    let config = Config::new();
    let best = |f: &dyn Fn()| -> Duration {
        (0..runs)
            .map(|_| {
                let t0 = thread_cpu_time();
                f();
                thread_cpu_time() - t0
            })
            .min()
            .unwrap_or_default()
    };
    let show = |name: &str, d: Duration| {
        let ms = d.as_secs_f64() * 1e3;
        println!("{name:>32} {ms:9.2} ms {:9.1} MB/s", mb / d.as_secs_f64());
    };

    if only.is_none() {
        show(
            "whole pipeline",
            best(&|| {
                black_box(newsclean::clean(black_box(&text), &config));
            }),
        );
    }
    // Each pass alone, the language given so that detection is not counted in every pass.
    let lang = newsclean::language::detect(&text);
    let mut alone_config = Config::new();
    alone_config.language = lang.code().map(str::to_owned);
    let mut rows = Vec::new();
    for pass in newsclean::passes::all() {
        let name = pass.name();
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let alone = Pipeline::new(vec![pass]);
        let d = best(&|| {
            black_box(alone.run(black_box(&text), "utf-8", &alone_config));
        });
        rows.push((d, name));
    }
    let empty = Pipeline::new(Vec::new());
    rows.push((
        best(&|| {
            black_box(empty.run(black_box(&text), "utf-8", &alone_config));
        }),
        "(no pass)",
    ));
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    let total: Duration = rows.iter().map(|r| r.0).sum();
    for (d, name) in rows {
        show(name, d);
    }
    show("sum of the rows", total);
}
