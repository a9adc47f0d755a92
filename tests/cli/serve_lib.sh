# Shared by the tests that run `motcua serve` on a private cluster
# (sourced after lib.sh): `. serve_lib.sh NAME` makes $home (/tmp/mc-NAME.*,
# removed at exit with the cluster stopped and the server, if $srv_pid,
# terminated), the cluster's environment, $sock, $log, $hdr, and helpers:
#   sql SQL            psql on the private database as the superuser motcua
#   expect_status N    the last reply's status ($status) is N
#   expect_header TEXT the last reply's headers ($hdr) hold TEXT
#   js FILTER, expect_js FILTER VALUE   jq on the last reply's body ($out)
#   healthy            the server answers /api/v1/health with 200
#   api [--as JAR] METHOD PATH [curl args...]   a request through $sock with
#                      the cookie jar $jar (or JAR): body $out, headers $hdr,
#                      status $status
#   login JAR LOGIN PASSWORD   a session in JAR, its CSRF token in $csrf
home=$(mktemp -d "/tmp/mc-${1:?serve_lib.sh needs a name}.XXXXXX"); chmod 755 "$home"
srv_pid=
cleanup() {
  [ -n "$srv_pid" ] && kill -TERM "$srv_pid" 2>/dev/null && wait "$srv_pid" 2>/dev/null
  MOTCUA_PGDATA="$home/pg" "$MOTCUA" db stop >/dev/null 2>&1
  rm -rf "$home" "$out" "$errf"
}
trap cleanup EXIT
unset MOTCUA_DATABASE_URL PGHOST PGDATABASE PGUSER PGPORT PGSERVICE
export MOTCUA_PGDATA="$home/pg" MOTCUA_PG_FAST=1
sock="$home/motcua.sock"
log="$home/serve.log"
hdr="$home/headers"
sql() { psql -qAtX -h "$home/pg" -U motcua -d motcua -c "$1"; }
expect_status() { [ "$status" = "$1" ] || fail "expected HTTP $1, got $status (${2:-})"; }
expect_header() { grep -qiF -- "$1" "$hdr" || fail "the reply's headers lack '$1'"; }
js() { jq -r "$1" "$out"; }
expect_js() { local v; v=$(js "$1"); [ "$v" = "$2" ] || fail "$1 is '$v', expected '$2'"; }
healthy() { curl -s --unix-socket "$sock" -o /dev/null -w '%{http_code}' http://motcua/api/v1/health | grep -q 200; }
jar="$home/jar.an"
api() {
  local j=$jar
  if [ "$1" = --as ]; then j=$2; shift 2; fi
  local m=$1 p=$2; shift 2
  status=$(curl -sS --unix-socket "$sock" -X "$m" -b "$j" -c "$j" -D "$hdr" -o "$out" \
    -w '%{http_code}' "$@" "http://motcua$p" 2>"$errf")
}
login() { # login JAR LOGIN PASSWORD -> csrf in $csrf
  jar=$1 api POST /api/v1/session -H 'Content-Type: application/json' \
    -d "$(jq -nc --arg l "$2" --arg p "$3" '{login: $l, password: $p}')"
  csrf=$(js '.csrf // empty')
}
