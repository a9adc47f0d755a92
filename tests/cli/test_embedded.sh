#!/usr/bin/env bash
# The project-local cluster: with no database configured, motcua creates,
# starts, uses, reports and stops its own cluster (Unix socket only).
. "$(dirname "$0")/lib.sh"

home=$(mktemp -d /tmp/mc-emb.XXXXXX); chmod 755 "$home"
mkdir "$home/migrations"; cp "$MOTCUA_SRC/migrations/"*.sql "$home/migrations/"; cp -r "$MOTCUA_SRC/procedures" "$home/"
stop_it() { env -u PGHOST -u PGDATABASE -u PGUSER -u PGPORT MOTCUA_HOME="$home" "$MOTCUA" db stop >/dev/null 2>&1; rm -rf "$home"; rm -f "$out" "$errf"; }
trap stop_it EXIT
unset MOTCUA_DATABASE_URL PGHOST PGDATABASE PGUSER PGPORT PGSERVICE MOTCUA_PGDATA
export MOTCUA_HOME="$home"

run db status;  expect_rc 0; expect_out "not created yet"; expect_out "0001_agency.sql"
run demo;       expect_rc 0; expect_out "created the project-local cluster in $home/var/pg"
expect_out "60 procedures loaded"; expect_out "version 3  10 ngày         due 2019-12-12T17:00:00+07:00"
expect_out "applied 0001_agency.sql"
[ -S "$home/var/pg/.s.PGSQL.5432" ] || fail "no Unix socket in the data directory"
grep -q "^listen_addresses = ''" "$home/var/pg/postgresql.conf" || fail "TCP not disabled"
run db status;  expect_rc 0; expect_out "running"; expect_out "applied  0001_agency.sql"
expect_out "0 pending"
run db migrate; expect_rc 0; expect_out "nothing to apply"
run db start;   expect_rc 0; expect_out "already running"
run db stop;    expect_rc 0; expect_out "stopped the cluster"
run db status;  expect_rc 0; expect_out "stopped"
# any command needing the database starts it again
run db migrate; expect_rc 0; expect_out "started the cluster"

# a configured server wins, and start/stop refuse to touch it
MOTCUA_DATABASE_URL="host=/nonexistent-dir dbname=x connect_timeout=2" run db migrate
expect_rc 6; expect_err "cannot connect to the database"
MOTCUA_DATABASE_URL="dbname=x" run db stop
expect_rc 2; expect_err "motcua manages only its own cluster"
finish
