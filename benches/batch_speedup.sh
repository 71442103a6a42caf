#!/usr/bin/env bash
# Batch throughput of `newsclean check DIR -j 1` against `-j N` (default 2), alternating runs
# so that load from elsewhere on the machine hits both alike; prints each run's wall time,
# the best and the median of each, and the ratios. The corpus as files comes from
# `../shared/tools/scorecard noise --keep DIR`.
#
#   benches/batch_speedup.sh /tmp/sc-batch [runs=5] [jobs=2]
set -euo pipefail
dir=${1:?usage: $0 DIR [runs] [jobs]}
runs=${2:-5}
jobs=${3:-2}
bin=${NEWSCLEAN:-target/release/newsclean}
one=(); many=()
wall() {
    local s e
    s=$(date +%s.%N)
    "$bin" check "$dir" -j "$1" --format jsonl -q >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    echo "$e - $s" | bc
}
for ((i = 0; i < runs; i++)); do
    a=$(wall 1); b=$(wall "$jobs")
    one+=("$a"); many+=("$b")
    echo "run $((i + 1)): -j 1 ${a}s  -j $jobs ${b}s"
done
stats() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {printf "%.3f %.3f", v[1], v[int((NR+1)/2)]}'; }
read -r best1 med1 <<<"$(stats "${one[@]}")"
read -r bestn medn <<<"$(stats "${many[@]}")"
echo "best:   -j 1 ${best1}s  -j $jobs ${bestn}s  ratio $(echo "scale=2; $best1 / $bestn" | bc)"
echo "median: -j 1 ${med1}s  -j $jobs ${medn}s  ratio $(echo "scale=2; $med1 / $medn" | bc)"
