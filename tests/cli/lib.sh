# Shared helpers for the CLI tests (sourced). MOTCUA is the binary under test.
set -u
: "${MOTCUA:?MOTCUA must name the motcua binary}"
fails=0
out=$(mktemp); errf=$(mktemp)
trap 'rm -f "$out" "$errf"' EXIT

# run CMD...: runs motcua, keeps stdout in $out, stderr in $errf, status in $rc
run() { "$MOTCUA" "$@" >"$out" 2>"$errf"; rc=$?; }
fail() { echo "FAIL: $*" >&2; echo "--- stdout:" >&2; cat "$out" >&2; echo "--- stderr:" >&2; cat "$errf" >&2; fails=$((fails + 1)); }
expect_rc() { [ "$rc" -eq "$1" ] || fail "expected exit $1, got $rc (${2:-})"; }
expect_out() { grep -qF -- "$1" "$out" || fail "stdout lacks '$1'"; }
expect_err() { grep -qF -- "$1" "$errf" || fail "stderr lacks '$1'"; }
expect_empty_out() { [ ! -s "$out" ] || fail "stdout should be empty"; }
# golden FILE: stdout must equal the file byte for byte
# (MOTCUA_GOLDEN_UPDATE=1 rewrites the file instead: review the diff)
golden() {
  if [ "${MOTCUA_GOLDEN_UPDATE:-}" = 1 ]; then cp "$out" "$1"; return; fi
  diff -u "$1" "$out" >&2 || fail "stdout differs from $1"
}

# fresh_db: a new database on the test server, exported as MOTCUA_DATABASE_URL
fresh_db() {
  if [ -z "${PGHOST:-}" ]; then
    [ "${MOTCUA_TEST_REQUIRE_DB:-}" = 1 ] && { echo "no test server" >&2; exit 1; }
    echo "skipped: no database server"; exit 77
  fi
  local name="c_$$_$RANDOM"
  psql -qX -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $name" >/dev/null || exit 1
  export MOTCUA_DATABASE_URL="dbname=$name"
  trap 'rm -f "$out" "$errf"; psql -qX -d postgres -c "DROP DATABASE IF EXISTS '"$name"' WITH (FORCE)" >/dev/null 2>&1' EXIT
}

finish() { [ "$fails" -eq 0 ] && exit 0; echo "$fails check(s) failed" >&2; exit 1; }
