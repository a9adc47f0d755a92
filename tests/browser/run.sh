#!/usr/bin/env bash
# The desk in a real browser: a private PostgreSQL cluster and `motcua
# serve` on loopback, both under libfaketime reading one offset file (the
# scenarios set the moment they need: lib.mjs setClock), users for every
# role, then the scenarios of scenarios/ in headless Chromium (Debian's
# chromium, driven by puppeteer-core from tests/browser/node_modules).
#
# Skipped (exit 77) where Chromium, Node, libfaketime or `npm ci` is
# missing, except with MOTCUA_BROWSER_REQUIRED=1 (.ci/run sets it): there a
# missing piece fails. Screenshots go to $MOTCUA_SHOTS (default
# build/browser-shots). One scenario file: tests/browser/run.sh 20-receive
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${MOTCUA:?MOTCUA must name the motcua binary}"
: "${MOTCUA_HOME:=$(cd "$here/../.." && pwd)}"
export MOTCUA_HOME
faketime_lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
[ -e "$faketime_lib" ] || faketime_lib=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -1)

missing() {
  if [ "${MOTCUA_BROWSER_REQUIRED:-}" = 1 ]; then echo "browser tests: $1 (required here)" >&2; exit 1; fi
  echo "skipped: $1"; exit 77
}
command -v node >/dev/null || missing "no node"
[ -x "${MOTCUA_CHROMIUM:-/usr/bin/chromium}" ] || missing "no chromium"
[ -n "$faketime_lib" ] && [ -e "$faketime_lib" ] || missing "no libfaketime"
[ -d "$here/node_modules/puppeteer-core" ] || missing "no node_modules: run 'npm ci' in tests/browser"

home=$(mktemp -d /tmp/mc-browser.XXXXXX); chmod 755 "$home"
srv_pid=
cleanup() {
  if [ -n "$srv_pid" ] && kill -TERM "$srv_pid" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$srv_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$srv_pid" 2>/dev/null
  fi
  MOTCUA_PGDATA="$home/pg" "$MOTCUA" db stop >/dev/null 2>&1
  rm -rf "$home"
}
trap cleanup EXIT
unset MOTCUA_DATABASE_URL PGHOST PGDATABASE PGUSER PGPORT PGSERVICE
export MOTCUA_PGDATA="$home/pg" MOTCUA_PG_FAST=1
# the test clock: every process below reads its offset from this file
export MOTCUA_CLOCK_FILE="$home/clock"
echo "+0s" >"$MOTCUA_CLOCK_FILE"; chmod 644 "$MOTCUA_CLOCK_FILE"
export FAKETIME_TIMESTAMP_FILE="$MOTCUA_CLOCK_FILE" FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1
fake() { LD_PRELOAD="$faketime_lib" "$@"; }
# a sanitizer build: libfaketime is preloaded before ASan's runtime
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

fake "$MOTCUA" db migrate >"$home/setup.log" 2>&1 && fake "$MOTCUA" catalog load >>"$home/setup.log" 2>&1 ||
  { cat "$home/setup.log" >&2; echo "browser tests: could not set up the database" >&2; exit 1; }

# one account per role (and a second clerk), with random passwords
users="{"
add_user() { # key login name role unit
  local pw="pw-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf '%s\n' "$pw" | fake "$MOTCUA" user add "$2" --name "$3" --role "$4" --unit "$5" --password-stdin \
    >>"$home/setup.log" 2>&1 || { cat "$home/setup.log" >&2; exit 1; }
  users="$users\"$1\":{\"login\":\"$2\",\"password\":\"$pw\",\"name\":\"$3\",\"role\":\"$4\"},"
}
add_user clerk nv.an "Trần Văn An" clerk mot_cua
add_user clerk2 nv.khoa "Võ Minh Khoa" clerk mot_cua
add_user specialist cv.binh "Lê Thị Bình" specialist qlcnganh
add_user specialist2 cv.giang "Đỗ Thu Giang" specialist qlcnganh
add_user head tp.chi "Phạm Văn Chi" head qlcnganh
add_user leader ld.dao "Phạm Minh Đạo" leader lanh_dao
add_user office vp.dung "Hoàng Thị Dung" office van_phong
add_user auditor kt.hai "Ngô Văn Hải" auditor thanh_tra
add_user admin qt.em "Đặng Quốc Em" admin van_phong
export MOTCUA_USERS="${users%,}}"

# (env, not the function fake: $! must be the server itself, for the kill)
env LD_PRELOAD="$faketime_lib" "$MOTCUA" serve --listen 127.0.0.1:0 --threads 4 --db-connections 4 \
  2>"$home/serve.log" </dev/null >/dev/null &
srv_pid=$!
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$home/serve.log")
  [ -n "$port" ] && break
  kill -0 "$srv_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "${port:-}" ] || { cat "$home/serve.log" >&2; echo "browser tests: the server did not start" >&2; exit 1; }
export MOTCUA_DESK_URL="http://127.0.0.1:$port"
export MOTCUA_SHOTS="${MOTCUA_SHOTS:-$MOTCUA_HOME/build/browser-shots}"
# this run's screenshots only (an earlier run's FAILED-… would mislead)
rm -f "$MOTCUA_SHOTS"/*.png
export MOTCUA_SERVE_LOG="$home/serve.log" MOTCUA_FAKETIME_LIB="$faketime_lib"

node "$here/run.mjs" "$@"
rc=$?
# the request log may hold no password, token or applicant's data
if grep -F -e "password" -e "pw-" -e "0905" -e "motcua_session=" "$home/serve.log" >/dev/null; then
  echo "not ok the request log holds a secret or personal data:" >&2
  grep -F -e "password" -e "pw-" -e "0905" -e "motcua_session=" "$home/serve.log" | head -5 >&2
  rc=1
fi
[ "$rc" = 0 ] || { echo "--- server log (last lines)"; tail -30 "$home/serve.log";
  echo "--- PostgreSQL's log (last lines)"; tail -20 "$home/pg_ctl.log" 2>/dev/null; }
exit "$rc"
