#!/usr/bin/env bash
# Run the whole test suite against a throwaway PostgreSQL cluster.
#
#   tools/test.sh            build and test twice: a normal build (build/) and an
#                            ASan+UBSan build (build-asan/), then run the fuzz
#                            targets, a fixed number of inputs each from a fixed
#                            seed (MOTCUA_FUZZ_SEED, default 1) after their
#                            regression corpus (tools/fuzz.sh --runs)
#   tools/test.sh --quick    the normal build only
#   tools/test.sh --valgrind the C test programs (unit, db) under valgrind
#
# The cluster is created with motcua's own `db start` in a temporary
# directory (initdb + pg_ctl, Unix socket only) and removed at the end.
# Ends with the line "N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mode=full
case "${1:-}" in
  --quick) mode=quick ;;
  --valgrind) mode=valgrind ;;
  "") ;;
  *) echo "usage: tools/test.sh [--quick|--valgrind]" >&2; exit 2 ;;
esac

die() { echo "test.sh: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

configure() { # dir, extra meson options...
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; return 1; }
  fi
  ninja -C "$dir" >"$dir.ninja.log" 2>&1 || { cat "$dir.ninja.log"; return 1; }
  if grep -q "warning:" "$dir.ninja.log"; then
    grep "warning:" "$dir.ninja.log" | head -20
    echo "test.sh: the build has warnings" >&2
    return 1
  fi
}

configure build || die "build failed"

# the browser suite's puppeteer-core (tests/browser/package-lock.json), once
if [ ! -d tests/browser/node_modules/puppeteer-core ] && command -v npm >/dev/null; then
  (cd tests/browser && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
    echo "test.sh: 'npm ci' in tests/browser failed: the browser suite will skip" >&2
fi

# A throwaway cluster, short path for the socket. When run as root the
# server runs as 'postgres', which must be able to enter the directory.
tmp=$(mktemp -d /tmp/motcua-test.XXXXXX) || die "mktemp failed"
chmod 755 "$tmp"
cleanup() {
  # without the PG* variables exported below, `db stop` acts on the
  # project-local cluster in $tmp/pg (with them it refused, and the server
  # outlived its deleted directory)
  env -u MOTCUA_DATABASE_URL -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGSERVICE \
    MOTCUA_PGDATA="$tmp/pg" "$top/build/tools/motcua" db stop >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
export MOTCUA_PG_FAST=1
env -u MOTCUA_DATABASE_URL -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGSERVICE \
  MOTCUA_PGDATA="$tmp/pg" "$top/build/tools/motcua" db start >/dev/null \
  || die "could not start a throwaway PostgreSQL cluster"
unset MOTCUA_DATABASE_URL PGSERVICE PGHOSTADDR
export PGHOST="$tmp/pg" PGPORT=5432 PGUSER=motcua PGDATABASE=postgres
export MOTCUA_TEST_REQUIRE_DB=1   # a database test may not skip here

passed=0; failed=0
run_suite() { # builddir, extra meson test args...
  local dir=$1; shift
  meson test -C "$dir" --print-errorlogs "$@"
  local log="$dir/meson-logs/testlog.json"
  if [ -f "$log" ]; then
    local p f
    p=$(grep -c '"result": "OK"' "$log")
    f=$(grep -c -E '"result": "(FAIL|ERROR|TIMEOUT|SKIP|UNEXPECTEDPASS)"' "$log")
    passed=$((passed + p)); failed=$((failed + f))
  else
    failed=$((failed + 1))
  fi
}

case $mode in
  quick) run_suite build ;;
  valgrind) run_suite build --setup valgrind --suite unit --suite db ;;
  full)
    run_suite build
    if configure build-asan -Db_sanitize=address,undefined -Db_lundef=false \
         -Dc_args=-fno-sanitize-recover=all; then
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      LSAN_OPTIONS=suppressions="$top/tests/lsan.supp":print_suppressions=0 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        run_suite build-asan
    else
      echo "test.sh: the sanitizer build failed" >&2
      failed=$((failed + 1))
    fi
    # the libFuzzer targets, deterministic: a fixed number of inputs from a
    # fixed seed (MOTCUA_FUZZ_SEED, default 1), from the seed corpus and the
    # regressions, which are replayed first; each takes some 10-30 s here.
    # Exploring is for a person: tools/fuzz.sh --seconds 3600 [TARGET]
    for spec in yaml:100000 parsers:3000000 csv:800000 body:300000 form:500000; do
      said=0
      while read -r word target result rest; do
        [ "$word" = fuzz ] || continue
        said=1
        echo "fuzz $target $result $rest"
        if [ "$result" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
      done < <(tools/fuzz.sh --runs "${spec#*:}" --seed "${MOTCUA_FUZZ_SEED:-1}" "${spec%%:*}" 2>/dev/null)
      [ "$said" = 1 ] || { echo "fuzz ${spec%%:*} FAILED (no result)"; failed=$((failed + 1)); }
    done
    ;;
esac

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
