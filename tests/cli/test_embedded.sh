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

test_expect_success 'newcomer asks for the status before any cluster exists' '
  run db status;  expect_rc 0; expect_out "not created yet"; expect_out "0001_agency.sql"
'

test_expect_success 'newcomer runs the demo: a cluster is created and every document written' - <<\EOT
  run demo;       expect_rc 0; expect_out "created the project-local cluster in $home/var/pg"
  expect_out "catalogue: 60 procedures"; expect_out "nights evaluated"; expect_out "apology letters issued"
  expect_out "Tiếp nhận 160 hồ sơ"; expect_out "Kỳ báo cáo: từ ngày 15/12/2022 đến ngày 14/12/2023"
  for f in bao-cao-nam-2023.html bao-cao-6-thang-2023.json giay-tiep-nhan.pdf phieu-kiem-soat-ho-so-tre-han.pdf van-ban-xin-loi.pdf; do
    [ -s "$home/out/demo/$f" ] || fail "demo did not write $f"
  done
  pdftotext "$home/out/demo/van-ban-xin-loi.pdf" - | grep -q "XIN LỖI" || fail "the demo letter PDF lacks its title"
EOT

# a second run finds the year and only reports
test_expect_success 'newcomer runs the demo again: the year is found and only reported' '
  run demo; expect_rc 0; expect_out "is already in this database (160 dossiers)"
'

test_expect_success 'the cluster listens on a Unix socket only and reports itself running and migrated' - <<\EOT
  [ -S "$home/var/pg/.s.PGSQL.5432" ] || fail "no Unix socket in the data directory"
  grep -q "^listen_addresses = ''" "$home/var/pg/postgresql.conf" || fail "TCP not disabled"
  run db status;  expect_rc 0; expect_out "running"; expect_out "applied  0001_agency.sql"
  expect_out "0 pending"
EOT

test_expect_success 'tester generates dossiers, and is told when the count is missing' '
  run generate --dossiers 20 --seed 7 --from 2024-01-01 --to 2024-03-31; expect_rc 0
  expect_out "generated 20 dossiers"
  run generate --seed 7; expect_rc 2; expect_err "--dossiers N is required"
'

test_expect_success 'officer migrates, starts and stops the cluster, and a command starts it again' '
  run db migrate; expect_rc 0; expect_out "nothing to apply"
  run db start;   expect_rc 0; expect_out "already running"
  run db stop;    expect_rc 0; expect_out "stopped the cluster"
  run db status;  expect_rc 0; expect_out "stopped"
  # any command needing the database starts it again
  run db migrate; expect_rc 0; expect_out "started the cluster"
'

# a configured server wins, and start/stop refuse to touch it
test_expect_success 'officer with a configured server: it is used, and db stop refuses to touch it' '
  MOTCUA_DATABASE_URL="host=/nonexistent-dir dbname=x connect_timeout=2" run db migrate
  expect_rc 6; expect_err "cannot connect to the database"
  MOTCUA_DATABASE_URL="dbname=x" run db stop
  expect_rc 2; expect_err "motcua manages only its own cluster"
'
finish
