#!/usr/bin/env bash
# Run the benchmarks; each prints
#   BENCH <name> <value> <unit> vs <baseline-name> <baseline-value> ratio <r>
# with the baseline measured in the same run.
# usage: tools/bench/run.sh [--smoke] [--api]   (--api: the API block alone)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
smoke=; api_only=
for a in "$@"; do
  case $a in
    --smoke) smoke=1 ;;
    --api) api_only=1 ;;
    *) echo "usage: tools/bench/run.sh [--smoke] [--api]" >&2; exit 2 ;;
  esac
done
n=10000000; secs=15
[ -n "$smoke" ] && { n=20000; secs=2; }
tmp=$(mktemp -d); chmod 755 "$tmp"
api_pid=
cleanup() {
  if [ -n "$api_pid" ]; then kill -TERM "$api_pid" 2>/dev/null; wait "$api_pid" 2>/dev/null || true; fi
  # (the PG* variables exported below name this server: without them
  # `db stop` acts on the project-local cluster in $tmp/pg)
  if [ -d "$tmp/pg" ]; then
    env -u PGHOST -u PGUSER -u PGPORT -u PGDATABASE -u MOTCUA_DATABASE_URL \
      MOTCUA_PGDATA="$tmp/pg" build/tools/motcua db stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -z "$api_only" ]; then
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
[ -n "$smoke" ] && reps=1
build/tools/bench/bench_load "$reps"

fi

# receive: receipts per second with 8 concurrent clerks vs pgbench running
# single-row inserts into a similar table, same throwaway server (target >= 0.5)
env -u MOTCUA_DATABASE_URL -u PGHOST -u PGDATABASE -u PGUSER -u PGPORT \
  MOTCUA_PGDATA="$tmp/pg" build/tools/motcua db start >/dev/null
export PGHOST="$tmp/pg" PGUSER=motcua PGPORT=5432
psql -qX -d postgres -c "CREATE DATABASE bench" >/dev/null
MOTCUA_DATABASE_URL=dbname=bench build/tools/motcua db migrate >/dev/null
if [ -z "$api_only" ]; then
rate=$(MOTCUA_DATABASE_URL=dbname=bench build/tools/bench/bench_receive 8 "$secs" | awk '/^receive /{print $2}')
psql -qX -d bench -c "CREATE TABLE bench_insert (agency_id text, code text, received_at timestamptz,
  applicant text, due_at timestamptz, state text, PRIMARY KEY (agency_id, code))" >/dev/null
pgbench=$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1)
base=$("$pgbench" -n -c 8 -j 2 -T "$secs" -f tools/bench/receive-baseline.sql bench 2>/dev/null |
  awk '/^tps = /{print int($3)}')
ratio=$(awk -v a="$rate" -v b="$base" 'BEGIN{printf "%.2f", a/b}')
echo "BENCH receive $rate per_s vs pgbench_single_insert $base ratio $ratio"
# the same receipts against the cost of the gap-free counter alone
psql -qX -d bench -c "CREATE TABLE bench_counter (agency_id text, day date, last int,
  PRIMARY KEY (agency_id, day))" >/dev/null
floor=$("$pgbench" -n -c 8 -j 2 -T "$secs" -f tools/bench/receive-counter.sql bench 2>/dev/null |
  awk '/^tps = /{print int($3)}')
ratio=$(awk -v a="$rate" -v b="$floor" 'BEGIN{printf "%.2f", a/b}')
echo "BENCH receive $rate per_s vs pgbench_gapless_counter_only $floor ratio $ratio"

# nightly: 1M open among 10M (NIGHTLY_TOTAL / NIGHTLY_OPEN to change), vs a
# bare SQL scan of the same open rows (target <= 2), with peak memory (< 64 MB)
total=${NIGHTLY_TOTAL:-10000000}; open=${NIGHTLY_OPEN:-1000000}
[ -n "$smoke" ] && { total=20000; open=2000; }
psql -qX -d postgres -c "CREATE DATABASE bench_nightly" >/dev/null
MOTCUA_DATABASE_URL=dbname=bench_nightly build/tools/motcua db migrate >/dev/null
read -r job scan rss listing < <(MOTCUA_DATABASE_URL=dbname=bench_nightly build/tools/bench/bench_nightly "$total" "$open" | awk '/^nightly /{print $2, $3, $4, $5}')
ratio=$(awk -v a="$job" -v b="$scan" 'BEGIN{printf "%.2f", a/b}')
echo "BENCH nightly $job s vs bare_sql_scan $scan s ratio $ratio ($open open of $total; peak memory $rss MB)"
echo "(listing the night's alerts afterwards, sorted per unit, kind and dossier: $listing s)"

# report: the yearly report over 10M dossiers (REPORT_TOTAL to change) vs a
# plain SQL count(*) ... GROUP BY over the same table (target <= 1.5)
rtotal=${REPORT_TOTAL:-10000000}
[ -n "$smoke" ] && rtotal=20000
psql -qX -d postgres -c "CREATE DATABASE bench_report" >/dev/null
MOTCUA_DATABASE_URL=dbname=bench_report build/tools/motcua db migrate >/dev/null
read -r rep agg < <(MOTCUA_DATABASE_URL=dbname=bench_report build/tools/bench/bench_report "$rtotal" | awk '/^report /{print $2, $3}')
ratio=$(awk -v a="$rep" -v b="$agg" 'BEGIN{printf "%.2f", a/b}')
echo "BENCH report $rep s vs plain_sql_group_by $agg s ratio $ratio ($rtotal dossiers)"

fi

# api: receipts per second through `motcua serve` (16 clients, each on a
# keep-alive HTTP/1.1 connection to its Unix socket, with a bearer token, as
# the portal calls it) vs the same receipts through the library
# (mc_store_receive, 16 processes), same PostgreSQL server, a fresh database
# each: receipts are dated now and one agency's day holds 9999, so the runs
# are short (target ratio >= 0.8). p50/p99: the API's latency per receipt.
asecs=${API_SECONDS:-3}
[ -n "$smoke" ] && asecs=1
for d in bench_api_srv bench_api_lib bench_api_door; do
  psql -qX -d postgres -c "CREATE DATABASE $d" >/dev/null
  MOTCUA_DATABASE_URL=dbname=$d build/tools/motcua db migrate >/dev/null
  MOTCUA_DATABASE_URL=dbname=$d build/tools/motcua catalog load >/dev/null
done
tok=$(MOTCUA_DATABASE_URL=dbname=bench_api_srv build/tools/motcua token add bench --role integration 2>/dev/null)
MOTCUA_DATABASE_URL=dbname=bench_api_srv build/tools/motcua serve --listen "unix:$tmp/api.sock" \
  --threads 16 --db-connections 16 2>"$tmp/api.log" & api_pid=$!
for _ in $(seq 300); do
  curl -sf --unix-socket "$tmp/api.sock" -o /dev/null http://motcua/api/v1/health && break
  sleep 0.1
done
curl -sf --unix-socket "$tmp/api.sock" -o /dev/null http://motcua/api/v1/health ||
  { echo "bench: motcua serve did not start:" >&2; cat "$tmp/api.log" >&2; exit 1; }
res=$(BENCH_TOKEN=$tok MOTCUA_DATABASE_URL=dbname=bench_api_lib BENCH_DOOR_URL=dbname=bench_api_door \
  build/tools/bench/bench_api "$tmp/api.sock" 16 "$asecs")
# queue: the work-queue page of 500 dossiers through GET /api/v1/dossiers
# (as the portal's token, row-level security, JSON, HTTP) vs the bare SQL
# reading the same rows as the owner (target ratio <= 1.5)
qreps=${QUEUE_REPS:-200}
[ -n "$smoke" ] && qreps=10
qres=$(BENCH_TOKEN=$tok MOTCUA_DATABASE_URL=dbname=bench_api_srv build/tools/bench/bench_queue "$tmp/api.sock" "$qreps")
kill -TERM "$api_pid"; wait "$api_pid" || true; api_pid=
read -r arate p50 p99 < <(awk '/^api_receive /{print $2, $3, $4}' <<<"$res")
lrate=$(awk '/^library_receive /{print $2}' <<<"$res")
ratio=$(awk -v a="$arate" -v b="$lrate" 'BEGIN{printf "%.2f", a/b}')
echo "BENCH api_receive $arate per_s vs library_receive $lrate per_s ratio $ratio (p50 $p50 ms, p99 $p99 ms)"
drate=$(awk '/^library_as_clerk_receive /{print $2}' <<<"$res")
echo "(the same receipts through the library as the API's database role motcua_clerk: $drate per_s)"
read -r qapi qsql qrows < <(awk '/^queue_page /{print $2, $3, $4}' <<<"$qres")
ratio=$(awk -v a="$qapi" -v b="$qsql" 'BEGIN{printf "%.2f", a/b}')
echo "BENCH queue_page $qapi ms vs bare_sql_same_rows $qsql ms ratio $ratio ($qrows rows a page, $qreps pages)"
