#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan + UBSan) and run each for a
# bounded time from a seed corpus made of the test fixtures.
#   tools/fuzz.sh [--seconds N] [TARGET...]     (default 30 s each, all targets)
# Crashes are written to build-fuzz/crashes/; turn each into a regression
# test (tests/fuzz/regressions/TARGET/ is replayed by every run).
# Prints "fuzz TARGET ok EXECS" or "fuzz TARGET FAILED" per target.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
secs=30
if [ "${1:-}" = "--seconds" ]; then secs=$2; shift 2; fi
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(yaml parsers csv)
out=build-fuzz
mkdir -p "$out/obj" "$out/crashes"
inc="-Iengine -Ibuild -I$out"
cflags="-std=c17 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer-no-link,address,undefined $(pkg-config --cflags libpq yaml-0.1 pangocairo libqrencode)"
libs="$(pkg-config --libs libpq yaml-0.1 pangocairo libqrencode) -lm"
[ -f build/motcua_config.h ] || { meson setup build >/dev/null && ninja -C build >/dev/null; }
objs=()
for src in engine/*.c; do
  o="$out/obj/$(basename "${src%.c}").o"
  if [ ! -f "$o" ] || [ "$src" -nt "$o" ]; then
    clang $cflags $inc -c "$src" -o "$o" || { echo "fuzz build FAILED"; exit 1; }
  fi
  objs+=("$o")
done
status=0
for t in "${targets[@]}"; do
  bin="$out/fuzz_$t"
  clang $cflags -fsanitize=fuzzer $inc "tests/fuzz/fuzz_$t.c" "${objs[@]}" $libs -o "$bin" ||
    { echo "fuzz $t FAILED (build)"; status=1; continue; }
  corpus="$out/corpus/$t"; mkdir -p "$corpus"
  case $t in
    yaml) cp procedures/catalog/*.yaml procedures/calendar/*.yaml procedures/*.yaml tests/yaml/bad/*.yaml "$corpus/" ;;
    csv) cp tests/fixtures/*.csv "$corpus/" ;;
    parsers) i=0; for s in 2026-02-17 "2024-02-07T16:30 3wd" "2024-04-20T09:00 10d" 2.5wd 15d \
                   "2024-03-04T02:00Z" "2023-02-30" "1900-01-31" "2199-12-31T23:59:59+07:00"; do
               i=$((i + 1)); printf '%s' "$s" > "$corpus/seed$i"; done ;;
  esac
  regress="tests/fuzz/regressions/$t"
  if [ -d "$regress" ] && ls "$regress"/* >/dev/null 2>&1; then
    "$bin" "$regress"/* >"$out/$t.regress.log" 2>&1 || { echo "fuzz $t FAILED (regression)"; status=1; continue; }
  fi
  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="suppressions=$top/tests/lsan.supp" \
  "$bin" -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$out/crashes/$t-" "$corpus" >"$out/$t.log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/$t.log" | grep -o '[0-9]*$')
  [ -z "$execs" ] && execs=$(grep -Eo '#[0-9]+' "$out/$t.log" | tail -1 | tr -d '#')
  if [ $rc -eq 0 ]; then
    echo "fuzz $t ok ${execs:-?} executions in ${secs}s"
  else
    echo "fuzz $t FAILED: see $out/$t.log and $out/crashes/"; tail -20 "$out/$t.log" >&2; status=1
  fi
done
exit $status
