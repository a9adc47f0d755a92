#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan + UBSan) over engine/core and run
# each one, after replaying its regression corpus.
#
#   tools/fuzz.sh [--seconds N] [TARGET...]
#       explore: N seconds per target (default 30) from a random seed; the
#       corpus in build-fuzz/corpus/TARGET/ grows from run to run. For a
#       person, e.g. tools/fuzz.sh --seconds 3600 parsers.
#   tools/fuzz.sh --runs N [--seed S] [TARGET...]
#       deterministic (what tools/test.sh runs): exactly N inputs per target
#       from seed S (default 1), starting each time from the seed corpus and
#       the regressions alone, so a run finds what the previous one found.
#
# Targets: yaml parsers csv body form (default: all). tests/fuzz/regressions/TARGET/
# is replayed first by every run; a crash is written to build-fuzz/crashes/:
# fix it and add the input there as a regression file.
# Prints "fuzz TARGET ok ..." or "fuzz TARGET FAILED ..." per target.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
secs=30 runs= seed=
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) secs=${2:?--seconds needs a number}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    -*) echo "usage: tools/fuzz.sh [--seconds N | --runs N [--seed S]] [TARGET...]" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ -n "$seed" ] && [ -z "$runs" ] && { echo "tools/fuzz.sh: --seed goes with --runs" >&2; exit 2; }
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(yaml parsers csv body form)
out=build-fuzz
mkdir -p "$out/obj" "$out/crashes"
# the targets exercise the pure core (no libpq, no PDF libraries)
inc="-Iengine/core -Ibuild -I$out"
cflags="-std=c17 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined $(pkg-config --cflags yaml-0.1)"
libs="$(pkg-config --libs yaml-0.1) -lm"
[ -f build/motcua_config.h ] || { meson setup build >/dev/null && ninja -C build >/dev/null; } ||
  { echo "fuzz build FAILED (meson)"; exit 1; }
objs=()
for src in engine/core/*.c; do
  o="$out/obj/$(basename "${src%.c}").o"
  # rebuilt when the source or any core header is newer
  if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find engine/core -name '*.h' -newer "$o")" ]; then
    clang $cflags $inc -c "$src" -o "$o" || { echo "fuzz build FAILED"; exit 1; }
  fi
  objs+=("$o")
done
seed_corpus() { # target dir: the fixtures a target starts from
  case $1 in
    yaml) cp procedures/catalog/*.yaml procedures/calendar/*.yaml procedures/*.yaml tests/yaml/bad/*.yaml "$2/" ;;
    csv) cp tests/fixtures/*.csv "$2/" ;;
    body) cp tests/fuzz/seeds/body/* "$2/" ;;
    form) cp tests/fuzz/seeds/form/* "$2/" ;;
    parsers) local i=0 s
             for s in 2026-02-17 "2024-02-07T16:30 3wd" "2024-04-20T09:00 10d" 2.5wd 15d \
                      "2024-03-04T02:00Z" "2023-02-30" "1900-01-31" "2199-12-31T23:59:59+07:00" \
                      "2024-02-07 43955wd" "1900-01-01 75089wd"; do
               i=$((i + 1)); printf '%s' "$s" > "$2/seed$i"; done ;;
  esac
}
status=0
for t in "${targets[@]}"; do
  bin="$out/fuzz_$t"
  [ -f "tests/fuzz/fuzz_$t.c" ] || { echo "fuzz $t FAILED (no tests/fuzz/fuzz_$t.c)"; status=1; continue; }
  # body: the server's request-body handlers, over jansson (and libpq's
  # header for the request type; nothing of libpq is called)
  extra=()
  [ "$t" = body ] && extra=(-Iengine/server -Iengine/store -Iengine/outputs
    $(pkg-config --cflags jansson libpq) engine/server/bodyspec.c engine/server/http_reply.c
    engine/outputs/json_out.c $(pkg-config --libs jansson))
  clang $cflags -fsanitize=fuzzer $inc "tests/fuzz/fuzz_$t.c" "${extra[@]}" "${objs[@]}" $libs -o "$bin" ||
    { echo "fuzz $t FAILED (build)"; status=1; continue; }
  export ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="suppressions=$top/tests/lsan.supp"
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  regress="tests/fuzz/regressions/$t"
  nreg=0
  if [ -d "$regress" ] && ls "$regress"/* >/dev/null 2>&1; then
    nreg=$(ls "$regress" | wc -l)
    "$bin" "$regress"/* >"$out/$t.regress.log" 2>&1 ||
      { echo "fuzz $t FAILED (regression): see $out/$t.regress.log"; tail -20 "$out/$t.regress.log" >&2
        status=1; continue; }
  fi
  if [ -n "$runs" ]; then
    # a fresh corpus each time: the seeds and the regressions, nothing else
    corpus=$(mktemp -d "$out/corpus-$t.XXXXXX")
    seed_corpus "$t" "$corpus"
    [ "$nreg" -gt 0 ] && cp "$regress"/* "$corpus/"
    bound=(-runs="$runs" -seed="${seed:-1}" -reload=0)
    what="$runs runs from seed ${seed:-1}"
  else
    corpus="$out/corpus/$t"; mkdir -p "$corpus"
    seed_corpus "$t" "$corpus"
    [ "$nreg" -gt 0 ] && cp "$regress"/* "$corpus/"
    bound=(-max_total_time="$secs")
    what="${secs}s"
  fi
  # the same inputs each time needs the same addresses too (the comparison
  # tables libFuzzer mutates from are indexed by code address): no ASLR
  norand=()
  [ -n "$runs" ] && setarch "$(uname -m)" -R true 2>/dev/null && norand=(setarch "$(uname -m)" -R)
  start=$SECONDS
  "${norand[@]}" "$bin" "${bound[@]}" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$out/crashes/$t-" "$corpus" >"$out/$t.log" 2>&1
  rc=$?
  [ -n "$runs" ] && rm -rf "$corpus"
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/$t.log" | grep -o '[0-9]*$')
  [ -z "$execs" ] && execs=$(grep -Eo '#[0-9]+' "$out/$t.log" | tail -1 | tr -d '#')
  if [ $rc -eq 0 ]; then
    echo "fuzz $t ok ${execs:-?} executions ($what, $((SECONDS - start))s), $nreg regressions replayed"
  else
    echo "fuzz $t FAILED ($what): see $out/$t.log and $out/crashes/"; tail -20 "$out/$t.log" >&2; status=1
  fi
done
exit $status
