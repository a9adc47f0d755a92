#!/usr/bin/env bash
# Run the benchmarks; each prints
#   BENCH <name> <value> <unit> vs <baseline-name> <baseline-value> ratio <r>
# with the baseline measured in the same run. usage: tools/bench/run.sh [--smoke]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
n=10000000
[ "${1:-}" = "--smoke" ] && n=20000
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# deadline: due moments per second vs numpy busday_offset (target ratio >= 3)
ours=$(build/tools/bench/bench_deadline "$n" "$tmp" 2>/dev/null)
rate=$(awk '/^deadline /{print $2}' <<<"$ours")
load=$(awk '/^load_ms /{print $2}' <<<"$ours")
base=$(/usr/bin/python3 tools/bench/deadline.py "$tmp" 2>/dev/null | awk '{print $2}')
ratio=$(awk -v a="$rate" -v b="$base" 'BEGIN{printf "%.2f", a/b}')
echo "BENCH deadline $rate per_s vs numpy_busday_offset $base ratio $ratio"
echo "(calendar load: $load ms, N=$n)"

# load: the whole catalogue and calendar, validated (target < 20 ms), next to
# libyaml parsing the same files into events
reps=20
[ "${1:-}" = "--smoke" ] && reps=1
build/tools/bench/bench_load "$reps"
