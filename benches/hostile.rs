//! Throughput on hostile input, and whether it stays linear: each input family is cleaned at
//! about 1 MB and 10 MB (all rules, unsafe fixes on) and the bench prints MB/s and the ratio
//! of the two times, which is about 10 for linear work and about 100 for quadratic work.
//!
//! `cargo bench --bench hostile` (optionally a substring of the family names to run only
//! those). A plain timing harness, not criterion: the point is the 1x/10x ratio of inputs
//! large enough that noise does not matter, and it keeps `cargo test` free of criterion's
//! dependencies. The unit tests count work instead of timing it (tests/it/hostile.rs).

use newsclean::{clean, Config};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Builds an input of about `n` bytes.
type Make = Box<dyn Fn(usize) -> String>;

/// Input families: a repeating unit (or a builder, for nested shapes) to fill `n` bytes.
fn families() -> Vec<(&'static str, Make)> {
    fn repeat(unit: &'static str) -> Make {
        Box::new(move |n| unit.repeat(n / unit.len() + 1))
    }
    let seed = include_str!("../fixtures/000_6acf8a639d1bd296.txt");
    vec![
        (
            "seed article",
            Box::new(move |n| seed.repeat(n / seed.len() + 1)),
        ),
        (
            "prose one line",
            repeat("The minister said on Friday that the plan would work. "),
        ),
        ("tiny lines", repeat("a\n")),
        ("dirty tiny lines", repeat("a \r\n")),
        ("nul bytes", repeat("\0")),
        ("controls", repeat("\u{1}\u{7}\u{8}\u{b}\u{1b}[0m\u{7f}")),
        (
            "nested parens",
            Box::new(|n| "(".repeat(n / 2) + &")".repeat(n / 2)),
        ),
        ("open quotes", repeat("\u{201c}a ")),
        ("straight quotes", repeat("\"")),
        (
            "nested mixed quotes",
            Box::new(|n| "«“‘([{".repeat(n / 30) + &"}])’”»".repeat(n / 30)),
        ),
        (
            "combining marks",
            Box::new(|n| "e".to_owned() + &"\u{301}".repeat(n / 2)),
        ),
        (
            "mixed combining",
            Box::new(|n| "a".to_owned() + &"\u{301}\u{316}".repeat(n / 4)),
        ),
        (
            "bidi controls",
            repeat("\u{202e}\u{2066}x\u{2069}\u{202c}\u{200f}"),
        ),
        ("amp chain", repeat("&amp;")),
        (
            "amp nested",
            Box::new(|n| "&".to_owned() + &"amp;".repeat(n / 4)),
        ),
        ("entities", repeat("&#8217;&quot;&nbsp;&#x2019;&lt;")),
        ("mojibake", repeat("Ã© â€™ â€œ Ã¼ ")),
        ("dots", repeat(".")),
        (
            "spaces",
            Box::new(|n| "a".to_owned() + &" ".repeat(n) + "b"),
        ),
        ("dot space", repeat(". ")),
        ("nbsp", repeat("a\u{a0}")),
        (
            "captions",
            repeat("(REUTERS / X) Photo: EFE By John Smith\n"),
        ),
        (
            "datelines",
            repeat("date 2022-01-14\nWASHINGTON (Reuters) - Text.\n"),
        ),
        ("mixed script", repeat("Mосква அது 東京 ")),
    ]
}

fn time(input: &str, config: &Config) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            black_box(clean(black_box(input), config));
            start.elapsed()
        })
        .min()
        .unwrap()
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let config = Config::new().with_unsafe_fixes(true);
    println!(
        "{:<22} {:>10} {:>10} {:>7}",
        "input", "1 MB/s", "10 MB/s", "10x/1x"
    );
    for (name, make) in families() {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let one = make(1 << 20);
        let ten = make(10 << 20);
        let t1 = time(&one, &config);
        let t10 = time(&ten, &config);
        let mbps = |len: usize, t: Duration| len as f64 / (1 << 20) as f64 / t.as_secs_f64();
        println!(
            "{name:<22} {:>10.1} {:>10.1} {:>7.1}",
            mbps(one.len(), t1),
            mbps(ten.len(), t10),
            t10.as_secs_f64() / t1.as_secs_f64()
        );
    }
}
