#!/usr/bin/env python3
"""Clean a JSON Lines dump with newsclean as the mapper of Spark (local mode), then check
that the result equals a plain `newsclean clean --jsonl` run, record for record.

    pip install pyspark          # needs Java 17 or later
    cargo build --release
    python3 examples/spark_clean.py DUMP.jsonl [--limit 2000] [--mode pipe|partitions]

Each Spark partition is piped through one `newsclean clean --jsonl` process that reads
records on stdin and writes cleaned records on stdout, in order. Not part of `cargo test`.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump", help="a JSON Lines file (records with a 'text' field)")
    ap.add_argument("--limit", type=int, default=2000, help="records taken from the dump")
    ap.add_argument("--mode", choices=["pipe", "partitions"], default="pipe",
                    help="RDD.pipe, or mapPartitions with a subprocess")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--newsclean", default=None,
                    help="the binary (default: target/release/newsclean, else PATH)")
    args = ap.parse_args()

    exe = args.newsclean or os.path.abspath("target/release/newsclean")
    if not os.path.exists(exe):
        exe = shutil.which("newsclean") or sys.exit("newsclean not found: cargo build --release")
    # One thread per process: Spark already runs one process per partition and core.
    command = [exe, "clean", "--jsonl", "--quiet", "-j", "1"]

    work = tempfile.mkdtemp(prefix="newsclean-spark-")
    sample = os.path.join(work, "sample.jsonl")
    with open(args.dump, "rb") as src, open(sample, "wb") as dst:
        for i, line in enumerate(src):
            if i >= args.limit:
                break
            dst.write(line if line.endswith(b"\n") else line + b"\n")

    # The reference: one plain run over the whole sample.
    with open(sample, "rb") as f:
        plain = subprocess.run(command, stdin=f, capture_output=True, check=True).stdout
    expected = plain.decode("utf-8").splitlines()

    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("newsclean")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    rdd = spark.sparkContext.textFile(sample, minPartitions=args.partitions)
    if args.mode == "pipe":
        import shlex
        cleaned = rdd.pipe(" ".join(shlex.quote(c) for c in command), checkCode=True)
    else:
        def clean_partition(lines):
            # Feed the partition from a thread so a large one cannot fill both pipes.
            import threading
            proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

            def feed():
                for line in lines:
                    proc.stdin.write(line.encode("utf-8") + b"\n")
                proc.stdin.close()

            feeder = threading.Thread(target=feed)
            feeder.start()
            for out in proc.stdout:
                yield out.decode("utf-8").rstrip("\n")
            feeder.join()
            if proc.wait() != 0:
                raise RuntimeError(f"newsclean exited with {proc.returncode}")

        cleaned = rdd.mapPartitions(clean_partition)
    got = cleaned.collect()
    partitions = rdd.getNumPartitions()
    spark.stop()

    mismatches = [i for i, (a, b) in enumerate(zip(got, expected)) if a != b]
    print(f"mode={args.mode} partitions={partitions} records in={args.limit if len(expected) >= args.limit else len(expected)} "
          f"spark out={len(got)} plain out={len(expected)} mismatches={len(mismatches)}")
    shutil.rmtree(work, ignore_errors=True)
    if len(got) != len(expected) or mismatches:
        for i in mismatches[:3]:
            print(f"record {i + 1} differs:\n  spark: {got[i][:200]}\n  plain: {expected[i][:200]}")
        print("FAIL: Spark output differs from the plain run")
        return 1
    print("OK: Spark output equals the plain `newsclean clean --jsonl` run, record for record")
    return 0


if __name__ == "__main__":
    sys.exit(main())
