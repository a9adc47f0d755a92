#!/usr/bin/env bash
# Faults, on a private cluster this test may restart: the server restarting
# in the middle of an import (the import fails cleanly, changes nothing, and
# the next command works), the server crashing while clerks receive (every
# code a clerk was given survives, codes stay gap-free), and a read-only
# database (a clear message, exit 7, nothing written).
. "$(dirname "$0")/lib.sh"
home=$(mktemp -d /tmp/mc-fault.XXXXXX); chmod 755 "$home"
cleanup() { MOTCUA_PGDATA="$home/pg" "$MOTCUA" db stop >/dev/null 2>&1; rm -rf "$home" "$out" "$errf"; }
trap cleanup EXIT
unset MOTCUA_DATABASE_URL PGHOST PGDATABASE PGUSER PGPORT PGSERVICE
unset MOTCUA_PG_FAST   # this cluster must be durable: a crash is part of the test
export MOTCUA_PGDATA="$home/pg"
pgdata="$home/pg"
pgctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)
count() { psql -qAtX -h "$home/pg" -U motcua -d motcua -c "SELECT count(*) FROM motcua.$1"; }

test_expect_success 'officer sets up a private cluster and loads the catalogue' '
  run db migrate; expect_rc 0
  run catalog load; expect_rc 0
'

# a big history to import: 5000 dossiers, 15000 rows; the server restarts
# once the server shows the import's transaction writing (it has a
# transaction id), or once the import has ended (then the test says so)
import_writing() {
  kill -0 "$pid" 2>/dev/null || return 0
  [ "$(psql -qAtX -h "$home/pg" -U motcua -d motcua -c "SELECT count(*) FROM pg_stat_activity
      WHERE backend_type = 'client backend' AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()")" -gt 0 ]
}
test_expect_success 'the server restarts in the middle of an import: it fails cleanly and leaves nothing' - <<\EOT
  csv="$home/big.csv"
  awk 'BEGIN { print "dossier,at,action,procedure,channel,applicant,actor,note";
    for (i = 1; i <= 5000; i++) { d = 1 + i % 28;
      printf "X-%d,2024-02-%02dT09:00,receive,2.002131,online,Bench %d,nv,\n", i, d, i;
      printf "X-%d,2024-02-%02dT10:00,forward,,,,nv,\n", i, d;
      printf "X-%d,2024-02-%02dT11:00,pause,,,,cv,chờ\n", i, d } }' > "$csv"
  "$MOTCUA" import "$csv" >"$out" 2>"$errf" & pid=$!
  wait_for "the import is writing" import_writing
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pgctl" -D "$home/pg" -m fast -w restart -l "$home/pg/server.log" >/dev/null
  else "$pgctl" -D "$home/pg" -m fast -w restart -l "$home/pg/server.log" >/dev/null; fi
  wait $pid; rc=$?; import_rc=$rc
  if [ $rc -eq 0 ]; then
    fail "the import finished before the restart: make the history bigger"
  else
    expect_rc 6; expect_err "lost the database connection"; expect_err "nothing was imported"
    [ "$(count dossier)" = 0 ] || fail "a failed import left dossiers behind"
    [ "$(count dossier_counter)" = 0 ] || fail "a failed import left counters behind"
  fi
EOT

# the next command works, and imports everything once
test_expect_success 'officer imports again after the restart: everything once, the database verifies' - <<\EOT
  psql -qAtX -h "$home/pg" -U motcua -d motcua -c "DELETE FROM motcua.dossier_counter" >/dev/null 2>&1
  if [ $import_rc -ne 0 ]; then
    run import "$csv"; expect_rc 0; expect_out "5000 dossiers received"
    [ "$(count dossier)" = 5000 ] || fail "the retried import is incomplete"
  fi
  run db verify; expect_rc 0; expect_out ": 0 problems"
EOT

# a crash while 4 clerks receive: every code a clerk was given is there after
# recovery and each day's codes are still 1..N. A receipt commits without
# waiting for the disk and is then flushed by a second transaction before
# its code is given (store_dossier.c); the WAL writer is slowed to 10 s so
# that only that flush can have made a receipt durable. The crash comes
# once the clerks have been given 50 codes (about what 3 s gave).
codes_given() { [ "$(cat "$home"/given.* 2>/dev/null | wc -l)" -ge 50 ]; }
test_expect_success 'the server crashes while 4 clerks receive: every code a clerk was given survives' - <<\EOT
  psql -qAtX -h "$pgdata" -U motcua -d motcua -c "ALTER SYSTEM SET wal_writer_delay = '10s'" -c "SELECT pg_reload_conf()" >/dev/null
  # (straight to the socket: the embedded default would restart the server)
  for k in 1 2 3 4; do
    ( for i in $(seq 1 2000); do
        j=$(MOTCUA_DATABASE_URL="host=$pgdata user=motcua dbname=motcua" "$MOTCUA" receive \
            --procedure 2.002131 --channel online --applicant "Crash $k-$i" \
            --at 2024-04-0${k}T09:00 --reason "kiểm thử" --json 2>/dev/null) || break
        sed -n 's/^{"code":"\([^"]*\)".*/\1/p' <<<"$j"
      done >"$home/given.$k" ) &
  done
  wait_for "the clerks have been given 50 codes" codes_given
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pgctl" -D "$pgdata" -m immediate -w stop >/dev/null
  else "$pgctl" -D "$pgdata" -m immediate -w stop >/dev/null; fi
  wait
  run db start; expect_rc 0
  given=$(cat "$home"/given.* | wc -l); echo "$given codes given before the crash"
  [ "$given" -gt 10 ] || fail "only $given receipts before the crash: the test proves nothing"
  missing=$(cat "$home"/given.* | while read -r c; do
    [ "$(psql -qAtX -h "$pgdata" -U motcua -d motcua -c "SELECT count(*) FROM motcua.dossier WHERE code = '$c'")" = 1 ] || echo "$c"
  done)
  if [ -n "$missing" ]; then
    psql -qAtX -h "$pgdata" -U motcua -d motcua -c "SELECT day, last FROM motcua.dossier_counter ORDER BY day" \
      -c "SELECT max(code), count(*) FROM motcua.dossier WHERE code LIKE '%-2404%'" >&2
    grep -h 2404 "$home"/given.* | sort | tail -5 >&2
    [ -n "${MOTCUA_KEEP_LOG:-}" ] && cp "$pgdata/server.log" "$MOTCUA_KEEP_LOG"
    fail "codes given to clerks were lost in the crash: $missing"
  fi
  run db verify; expect_rc 0; expect_out ": 0 problems"
  psql -qAtX -h "$pgdata" -U motcua -d motcua -c "ALTER SYSTEM RESET wal_writer_delay" -c "SELECT pg_reload_conf()" >/dev/null
EOT

# read-only: a clear message, exit 7, nothing written
test_expect_success 'clerk receives and acts on a read-only database: told (exit 7), nothing written' - <<\EOT
  psql -qAtX -h "$home/pg" -U motcua -d motcua -c "ALTER DATABASE motcua SET default_transaction_read_only = on" >/dev/null
  before=$(count dossier)
  run receive --procedure 2.002131 --channel online --applicant X --at 2024-03-04T09:00 --reason "kiểm thử"
  expect_rc 7; expect_err "the database is read-only, nothing was changed"
  # (a paused dossier of the import, which resume would change: LIMIT 1
  # alone sometimes picked a crash receipt, which resume refuses first)
  run act "$(psql -qAtX -h "$home/pg" -U motcua -d motcua -c "SELECT code FROM motcua.dossier WHERE state = 'paused' ORDER BY code LIMIT 1")" resume --at 2024-03-29T09:00 --reason "kiểm thử"
  expect_rc 7; expect_err "read-only"
  [ "$(count dossier)" = "$before" ] || fail "a read-only database was written"
  psql -qAtX -h "$home/pg" -U motcua -d motcua -c "SET default_transaction_read_only = off" \
    -c "ALTER DATABASE motcua SET default_transaction_read_only = off" >/dev/null
EOT
finish
