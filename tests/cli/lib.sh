# Shared helpers for the CLI tests (sourced). MOTCUA is the binary under test.
set -u
: "${MOTCUA:?MOTCUA must name the motcua binary}"
fails=0
out=$(mktemp); errf=$(mktemp)
trap 'rm -f "$out" "$errf"' EXIT

# run CMD...: runs motcua, keeps stdout in $out, stderr in $errf, status in $rc
run() { "$MOTCUA" "$@" >"$out" 2>"$errf"; rc=$?; }
current_scenario=
fail() { echo "FAIL: ${current_scenario:+[$current_scenario] }$*" >&2; echo "--- stdout:" >&2; cat "$out" >&2; echo "--- stderr:" >&2; cat "$errf" >&2; fails=$((fails + 1)); }
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

# test_expect_success 'what a user does' 'commands...': one named scenario
# (git's style). The commands run in this shell, so scenarios share the
# variables they set; a scenario fails when its commands call fail (through
# the expect_* helpers) or when its last command exits non-zero. The name
# heads every failure it causes, and the summary lists the failed names.
# A body that needs single quotes can come from a here-document instead, as
# in git:  test_expect_success 'what a user does' - <<\EOT ... EOT
scenarios=0; failed_names=()
test_expect_success() {
  if [ $# -ne 2 ]; then
    echo "test_expect_success takes a name and a body, not $# arguments${1:+ (after '$1')}" >&2
    exit 2
  fi
  # (odd local names: a body sets variables of its own, such as before)
  local _t_name=$1 _t_body=$2 _t_before=$fails _t_st
  if [ "$_t_body" = - ]; then
    _t_body=$(cat)
    [ -n "$_t_body" ] || { echo "scenario '$_t_name': '-' but no body on stdin" >&2; exit 2; }
  fi
  scenarios=$((scenarios + 1))
  current_scenario=$_t_name
  eval "$_t_body"; _t_st=$?
  if [ $_t_st -ne 0 ] && [ $fails -eq $_t_before ]; then
    fail "the scenario's last command exited $_t_st"
  fi
  if [ $fails -gt $_t_before ]; then
    failed_names+=("$_t_name"); echo "not ok $scenarios - $_t_name" >&2
  else
    echo "ok $scenarios - $_t_name"
  fi
  current_scenario=
}

# wait_for WHAT CMD...: run CMD until it succeeds, at most
# MOTCUA_WAIT_TRIES times (default 300) 0.1 s apart; fail naming WHAT when it
# never does. Returns 0 when it succeeded, 1 when it gave up. (A wait asks
# about the state it waits for, never sleeps a guessed time.)
wait_for() {
  local what=$1 i; shift
  for ((i = 0; i < ${MOTCUA_WAIT_TRIES:-300}; i++)); do
    "$@" && return 0
    sleep 0.1
  done
  fail "gave up waiting until $what"
  return 1
}

# paper_shot PDF NAME: the PDF's first page as build/paper-shots/NAME.png, to
# look at (the forms are judged by eye against the circulars' forms too)
paper_shot() {
  local dir="${MOTCUA_PAPER_SHOTS:-$MOTCUA_SRC/build/paper-shots}"
  mkdir -p "$dir" 2>/dev/null && pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$1" "$dir/$2" 2>/dev/null || true
}

finish() {
  if [ ${#failed_names[@]} -gt 0 ]; then
    printf 'failed scenario: %s\n' "${failed_names[@]}" >&2
  fi
  [ "$fails" -eq 0 ] && exit 0
  echo "$fails check(s) failed" >&2
  exit 1
}
