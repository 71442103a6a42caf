#!/usr/bin/env bash
# Times, in one run on the same inputs: `cat`, `newsclean clean` (whole pipeline, all rules,
# one process) and, when a Python with ftfy is found, ftfy's `fix_text`. Prints MB/s, the
# ratios, and peak memory (maximum resident set size of each process, as /usr/bin/time -v
# reports it: both read the kernel's rusage).
#
# Times are the best of RUNS runs. Both wall-clock and CPU (user + system) time are printed:
# on a shared, loaded machine the wall clock measures the queue for a core as much as the
# program, and CPU time is the fairer figure; on a quiet machine the two agree.
#
# Inputs, written once under $WORK (default /tmp/newsclean-compare):
#   reuters   Reuters-21578 bodies as one stream (what `scorecard speed` uses)
#   mojibake  the same stream with typographic quotes and dashes, UTF-8 read as Windows-1252
#   fakebr    Fake.br Portuguese texts as one stream with CRLF line ends
#   bbc       the 2,225 BBC files as one stream; then the same files as a batch, to measure
#             the per-file overhead: (batch time - stream time) / file count
# and, not written out, the Reuters records as they come (JSON Lines, each article its own
# document), through `clean --jsonl` and `check --jsonl`, beside ftfy on each record.
#
# Usage: bench/compare.sh [--quick]   from the crate root, after `cargo build --release`.
#   --quick: a 2 MB prefix of each stream, one run each, no batch.
# Environment: NEWSCLEAN (binary, default target/release/newsclean), NEWSCLEAN_CORPUS
# (default ../shared/corpus or ../../shared/corpus), PYTHON (default python3), RUNS
# (default 3), WORK. Needs /usr/bin/time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${NEWSCLEAN_CORPUS:-}
if [[ -z $CORPUS ]]; then
    for d in ../shared/corpus ../../shared/corpus; do
        if [[ -f $d/reuters21578/reuters21578.jsonl ]]; then CORPUS=$d; break; fi
    done
fi
[[ -n $CORPUS ]] || { echo "no corpus found: set NEWSCLEAN_CORPUS" >&2; exit 2; }
BIN=${NEWSCLEAN:-target/release/newsclean}
[[ -x $BIN ]] || { echo "$BIN missing: run cargo build --release" >&2; exit 2; }

export CORPUS BIN WORK=${WORK:-/tmp/newsclean-compare} RUNS=${RUNS:-3}
exec "${PYTHON:-python3}" - "$@" <<'EOF'
import codecs, json, os, pathlib, shutil, subprocess, sys, time

corpus = pathlib.Path(os.environ["CORPUS"])
exe = os.path.abspath(os.environ["BIN"])
work = pathlib.Path(os.environ["WORK"])
quick = "--quick" in sys.argv[1:]
runs = 1 if quick else int(os.environ["RUNS"])
work.mkdir(parents=True, exist_ok=True)
try:
    import ftfy
except ImportError:
    ftfy = None

# ------------------------------------------------------------------ inputs
def texts(path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            t = json.loads(line).get("text") or ""
            if t.strip():
                yield t

def write(name, make_text):
    p = work / f"{name}{'-quick' if quick else ''}.txt"
    if not p.exists():
        data = make_text().encode("utf-8")
        if quick:
            data = data[:2_000_000].decode("utf-8", "ignore").encode("utf-8")
        p.write_bytes(data)
    return p

def typographic(text):
    out, open_q, prev = [], True, " "
    for i, c in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if c == "'":
            out.append("\u2019" if prev.isalnum() else "\u2018")
        elif c == '"':
            out.append("\u201c" if open_q else "\u201d")
            open_q = not open_q
        elif c == "-" and prev == " " and nxt == " ":
            out.append("\u2013")
        else:
            out.append(c)
        if c == "\n":
            open_q = True
        prev = c
    return "".join(out)

# Windows-1252 leaves five bytes undefined; read them as the C1 control of the same value.
codecs.register_error("c1", lambda e: (chr(e.object[e.start]), e.start + 1))

bbc_files = sorted((corpus / "bbc-fulltext").glob("*/*.txt"))
make = {
    "reuters": lambda: reuters_stream(),
    "mojibake": lambda: typographic(reuters_stream()).encode("utf-8").decode("cp1252", "c1"),
    "fakebr": lambda: "".join(t.replace("\r\n", "\n") + "\n\n"
                              for t in texts(corpus / "fakebr-pt/fakebr.jsonl")).replace("\n", "\r\n"),
    "bbc": lambda: "".join(p.read_text("utf-8", "replace") + "\n\n" for p in bbc_files),
}
def reuters_stream():
    return "".join(t + "\n\n" for t in texts(corpus / "reuters21578/reuters21578.jsonl"))
# Built once: a file that exists is used as it is (delete $WORK to rebuild).
inputs = {name: write(name, f) for name, f in make.items()}

# ------------------------------------------------------------------ timing
RSS_FILE = work / "rss.txt"

def timed(cmd):
    """`cmd` under /usr/bin/time, which reports its peak RSS (a process forked from this
    Python would count the Python's memory in its own peak)."""
    return ["/usr/bin/time", "-f", "%M", "-o", str(RSS_FILE), *cmd]

def peak_rss_mb():
    return int(RSS_FILE.read_text().split()[-1]) / 1024

def run(cmd, stdin_path=None):
    """(wall s, cpu s, peak RSS MB) of one run of `cmd`, output dropped."""
    fin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    t0 = time.perf_counter()
    p = subprocess.Popen(timed(cmd), stdin=fin, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if fin is not subprocess.DEVNULL:
        fin.close()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{cmd} failed with status {status}")
    return wall, ru.ru_utime + ru.ru_stime, peak_rss_mb()

def best(cmd, stdin_path=None, n=runs):
    rs = [run(cmd, stdin_path) for _ in range(n)]
    return min(r[0] for r in rs), min(r[1] for r in rs), max(r[2] for r in rs)

FTFY = """
import sys, time, ftfy
text = open(sys.argv[1], encoding="utf-8", newline="").read()
w, c = time.perf_counter(), time.process_time()
ftfy.fix_text(text)
print(time.perf_counter() - w, time.process_time() - c)
"""

def ftfy_time(path):
    """(wall s, cpu s, peak RSS MB) of fix_text alone; the interpreter start is excluded."""
    out = subprocess.run(timed([sys.executable, "-c", FTFY, str(path)]),
                         capture_output=True, text=True, check=True).stdout
    wall, cpu = map(float, out.split())
    return wall, cpu, peak_rss_mb()

# ------------------------------------------------------------------ report
load = open("/proc/loadavg").read().split()[:3]
version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
print(f"{version} ({exe}); corpus {corpus}")
print(f"machine: {os.cpu_count()} cores, load average {' '.join(load)}")
if ftfy:
    print(f"ftfy {ftfy.__version__} (fix_text on the whole text, interpreter start excluded)")
else:
    print("ftfy not found (pip install ftfy): its columns are empty")
print(f"best of {runs} (ftfy: 1 run); MB/s from CPU time (wall-clock MB/s in brackets)\n")
head = f"{'input':9} {'MB':>6} {'cat':>15} {'newsclean':>15} {'ftfy':>13} {'nc/cat':>7} {'ftfy/nc':>8} {'nc RSS':>7} {'ftfy RSS':>9}"
print(head)
stream_time = {}
for name, path in inputs.items():
    size = path.stat().st_size
    mb = size / 1e6
    cat = best(["cat"], path)
    nc = best([exe, "clean"], path)
    stream_time[name] = nc
    ft = ftfy_time(path) if ftfy else None
    rate = lambda t: f"{mb / max(t[1], 1e-6):6.1f} ({mb / t[0]:6.1f})"
    print(f"{name:9} {mb:6.1f} {rate(cat):>15} {rate(nc):>15} "
          f"{(f'{mb / ft[1]:5.2f} ({mb / ft[0]:5.2f})' if ft else '-'):>13} "
          f"{nc[1] / max(cat[1], 1e-6):6.1f}x {(f'{ft[1] / nc[1]:7.0f}x' if ft else '-'):>8} "
          f"{nc[2]:6.1f}M {(f'{ft[2]:8.1f}M' if ft else '-'):>9}")
print("(nc/cat and ftfy/nc: ratios of CPU time; cat's CPU time is tiny and coarse: trust its wall column)")

if not quick:
    n = len(bbc_files)
    help_text = subprocess.run([exe, "clean", "--help"], capture_output=True, text=True).stdout
    jobs = ["-j", "1"] if "--jobs" in help_text else []
    out = work / "bbc-out"
    def batch_clean():
        shutil.rmtree(out, ignore_errors=True)
        return run([exe, "clean", str(corpus / "bbc-fulltext"), *jobs, "-o", str(out)])
    check = best([exe, "check", str(corpus / "bbc-fulltext"), *jobs, "--format", "jsonl"])
    clean = min((batch_clean() for _ in range(runs)), key=lambda r: r[0])
    shutil.rmtree(out, ignore_errors=True)
    s = stream_time["bbc"]
    print(f"\nbatch of {n} BBC files, one process{' -j 1' if jobs else ''} (per-file overhead = (batch - stream) / files):")
    print(f"  one stream of the same text  wall {s[0]:7.3f} s  cpu {s[1]:7.3f} s")
    for label, r in (("check DIR --format jsonl", check), ("clean DIR -o OUT", clean)):
        print(f"  {label:28} wall {r[0]:7.3f} s  cpu {r[1]:7.3f} s  per-file overhead: "
              f"wall {(r[0] - s[0]) / n * 1e6:6.1f} us, cpu {(r[1] - s[1]) / n * 1e6:6.1f} us")

    # The Reuters bodies once more, as what they are: 21,578 short articles, each cleaned on
    # its own (the stream above is one 16 MB document). Per-article costs (language, date
    # and dateline reading, the report written into each record) show here, not there.
    jl = corpus / "reuters21578/reuters21578.jsonl"
    with open(jl, encoding="utf-8") as fh:
        bodies = [json.loads(line).get("text") or "" for line in fh]
    text_mb = sum(len(t.encode("utf-8")) for t in bodies) / 1e6
    jl_clean = best([exe, "clean", "--jsonl", *jobs, "-q"], jl)
    jl_check = best([exe, "check", "--jsonl", *jobs, "-q", "--format", "concise", "--exit-zero"], jl)
    ft = None
    if ftfy:
        script = ("import json, sys, time, ftfy\n"
                  "texts = [json.loads(l).get('text') or '' for l in open(sys.argv[1], encoding='utf-8')]\n"
                  "w, c = time.perf_counter(), time.process_time()\n"
                  "for t in texts: ftfy.fix_text(t)\n"
                  "print(time.perf_counter() - w, time.process_time() - c)\n")
        out = subprocess.run(timed([sys.executable, "-c", script, str(jl)]),
                             capture_output=True, text=True, check=True).stdout
        wall, cpu = map(float, out.split())
        ft = (wall, cpu, peak_rss_mb())
    print(f"\nReuters as JSON Lines: {len(bodies)} records, {text_mb:.1f} MB of article text, each "
          f"record its own document{' (-j 1)' if jobs else ''}; MB/s of article text from CPU time:")
    for label, r in (("clean --jsonl (report in each record)", jl_clean),
                     ("check --jsonl --format concise", jl_check)):
        vs = f"  {ft[1] / r[1]:5.0f}x ftfy" if ft else ""
        print(f"  {label:38} cpu {r[1]:7.3f} s  {text_mb / r[1]:6.1f} MB/s  "
              f"{r[1] / len(bodies) * 1e6:5.1f} us/record  RSS {r[2]:5.1f}M{vs}")
    if ft:
        print(f"  {'ftfy fix_text on each record':38} cpu {ft[1]:7.3f} s  {text_mb / ft[1]:6.1f} MB/s")
EOF
