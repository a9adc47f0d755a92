#!/usr/bin/env bash
# Roles and row-level security, tried with psql (libpq) as each role: a
# clerk of agency A cannot read, change or count agency B's dossiers by any
# SQL; nobody rewrites the event log, not even its owner; the auditor reads
# only. motcua itself works as a clerk with the agency set per session.
. "$(dirname "$0")/lib.sh"
fresh_db
db=${MOTCUA_DATABASE_URL#dbname=}

su() { psql -qAtX -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
as() { # as ROLE AGENCY SQL -> stdout, status
  PGOPTIONS="-c motcua.agency=$2" psql -qAtX -v ON_ERROR_STOP=1 -U "$1" -d "$db" -c "$3" 2>&1
}
suffix=$$
export PGPASSWORD=pw-$suffix  # the roles below log in with it (scram-sha-256)
A=skhcn-quangngai B=stp-quangngai
ca=clerk_a_$suffix; cb=clerk_b_$suffix; au=auditor_a_$suffix

test_expect_success 'officer migrates, loads the catalogue and imports agency A'\''s history' '
  run db migrate;   expect_rc 0
  run catalog load; expect_rc 0
  run import "$MOTCUA_SRC/tests/fixtures/history.csv"; expect_rc 0
'

test_expect_success 'administrator adds agency B with a dossier, a clerk for each agency and an auditor for A' - <<\EOT
  su "INSERT INTO motcua.agency VALUES ('stp-quangngai', '000.00.99.H48', 'Sở Tư pháp tỉnh Quảng Ngãi')"
  su "INSERT INTO motcua.procedure SELECT 'stp-quangngai', code, code_known, name, field, service_center,
      channels, online_level, fee, source FROM motcua.procedure WHERE code = '2.002131'"
  su "INSERT INTO motcua.procedure_version SELECT 'stp-quangngai', code, version, effective_from,
      effective_to, legal_basis, statutory_halves, statutory_unit, shortened_halves, shortened_unit,
      shortened_decision, on_supplement, steps, checksum FROM motcua.procedure_version WHERE code = '2.002131'"
  su "INSERT INTO motcua.dossier (agency_id, code, procedure_code, procedure_version, channel, applicant_name,
      received_at, due_at_receipt, due_at, state, paused_ticks, supplement_count, revision)
      VALUES ('stp-quangngai', 'B-1', '2.002131', 1, 'online', 'Bí mật', now(), now(), now(), 'in_step', 0, 0, 1)"
  for r in clerk_a clerk_b office_a auditor_a; do su "DROP ROLE IF EXISTS ${r}_$suffix" ; done
  su "CREATE ROLE clerk_a_$suffix LOGIN PASSWORD '$PGPASSWORD' IN ROLE motcua_clerk"
  su "CREATE ROLE clerk_b_$suffix LOGIN PASSWORD '$PGPASSWORD' IN ROLE motcua_clerk"
  su "CREATE ROLE auditor_a_$suffix LOGIN PASSWORD '$PGPASSWORD' IN ROLE motcua_auditor"
  su "INSERT INTO motcua.agency_member VALUES ('clerk_a_$suffix', 'skhcn-quangngai'),
      ('clerk_b_$suffix', 'stp-quangngai'), ('auditor_a_$suffix', 'skhcn-quangngai')"
EOT

test_expect_success 'clerk A counts dossiers and events by any SQL and sees only agency A'\''s' - <<\EOT
  [ "$(as $ca $A 'SELECT count(*) FROM motcua.dossier')" = 3 ] || fail "clerk A should see A's 3 dossiers"
  [ "$(as $ca $A "SELECT count(*) FROM motcua.dossier WHERE agency_id = '$B'")" = 0 ] || fail "clerk A counts B's dossiers"
  [ "$(as $ca $B 'SELECT count(*) FROM motcua.dossier')" = 0 ] || fail "clerk A reads B by naming B's agency"
  [ "$(as $ca $A 'SELECT count(*) FROM motcua.dossier_event')" = 16 ] || fail "clerk A should see A's 16 events"
  [ "$(as $ca $A "SELECT count(*) FROM motcua.dossier_event WHERE agency_id = '$B'")" = 0 ] || fail "events leak"
  [ "$(as $cb $B 'SELECT count(*) FROM motcua.dossier')" = 1 ] || fail "clerk B should see B's dossier"
EOT

# the policy asks for the session's agency once per statement (an init plan),
# not once per row (migration 0010: 40x on a seq scan of a million rows)
test_expect_success 'the row-level security policy asks for the session'\''s agency once per statement' '
  as $ca $A "EXPLAIN (COSTS OFF) SELECT count(*) FROM motcua.dossier_event" | grep -q "InitPlan" ||
    fail "the row-level security policy calls session_agency() for every row"
'

test_expect_success 'clerks try to read, change or write the other agency'\''s dossiers and cannot' - <<\EOT
  [ "$(as $cb $A 'SELECT count(*) FROM motcua.dossier')" = 0 ] || fail "clerk B reads A"
  as $ca $A "UPDATE motcua.dossier SET applicant_name = 'x' WHERE agency_id = '$B'" >/dev/null
  [ "$(su "SELECT applicant_name FROM motcua.dossier WHERE code = 'B-1'")" = "Bí mật" ] || fail "clerk A changed B's dossier"
  if o=$(as $ca $A "INSERT INTO motcua.dossier_event (agency_id, code, seq, at, action, actor, to_state)
        VALUES ('$B', 'B-1', 2, now(), 'withdraw', 'x', 'withdrawn')"); then fail "clerk A wrote into B's log"; fi
  # no direct writes at all since the one door (migration 0012)
  echo "$o" | grep -q "permission denied" || fail "expected permission denied, got: $o"
  # and the door does not act for another agency
  if o=$(as $ca $A "SELECT motcua.append_event('$B', 'B-1', 1, now(), 'withdraw', 'x', NULL, 'withdrawn',
        NULL, NULL, NULL, NULL, now(), NULL, 0, 0, NULL, now(), 'withdrawn', NULL, NULL)"); then
    fail "clerk A wrote into B's log through the door"; fi
  echo "$o" | grep -q "does not act for agency $B" || fail "expected the door's agency refusal, got: $o"
  if o=$(as $ca $A 'SELECT count(*) FROM motcua.agency_member'); then fail "a clerk reads the membership list"; fi
  echo "$o" | grep -q "permission denied" || fail "expected permission denied on agency_member, got: $o"
EOT

# the event log is append-only for every role, the owner included
test_expect_success 'a clerk and then the owner try to rewrite the event log and cannot' - <<\EOT
  if o=$(as $ca $A "UPDATE motcua.dossier_event SET note = 'x'"); then fail "clerk updated the log"; fi
  echo "$o" | grep -q "permission denied" || fail "expected permission denied, got: $o"
  if o=$(as $ca $A "DELETE FROM motcua.dossier_event"); then fail "clerk deleted from the log"; fi
  if o=$(su "UPDATE motcua.dossier_event SET note = 'x' WHERE seq = 1" 2>&1); then fail "the owner updated the log"; fi
  echo "$o" | grep -q "append-only" || fail "expected the append-only trigger, got: $o"
  if o=$(su "DELETE FROM motcua.dossier_event" 2>&1); then fail "the owner deleted the log"; fi
EOT

# the auditor reads, and only reads
test_expect_success 'the auditor reads agency A and cannot write' - <<\EOT
  [ "$(as $au $A 'SELECT count(*) FROM motcua.dossier')" = 3 ] || fail "the auditor should read A"
  if o=$(as $au $A "UPDATE motcua.dossier SET applicant_name = 'x'"); then fail "the auditor wrote"; fi
  echo "$o" | grep -q "permission denied" || fail "expected permission denied for the auditor, got: $o"
EOT

# motcua as clerk A: the session's agency is set, A's work goes on, B stays apart
test_expect_success 'clerk A works through motcua: lists and receives A'\''s dossiers, B'\''s stay apart' '
  MOTCUA_DATABASE_URL="dbname=$db user=$ca" run list --all; expect_rc 0; expect_out "3 hồ sơ"
  ! grep -q "B-1" "$out" || fail "motcua listed B'\''s dossier to clerk A"
  MOTCUA_DATABASE_URL="dbname=$db user=$ca" run receive --procedure 2.002131 --channel online \
      --applicant "Clerk A"
  today=$(TZ=Asia/Ho_Chi_Minh date +%y%m%d)
  expect_rc 0; expect_out "000.00.00.H48-$today-0001"
  MOTCUA_DATABASE_URL="dbname=$db user=$cb" run show 000.00.00.H48-$today-0001; expect_rc 3
  # a clerk may not write history (another moment than now)
  MOTCUA_DATABASE_URL="dbname=$db user=$ca" run receive --procedure 2.002131 --channel online \
      --applicant "Clerk A" --at 2023-07-03T09:00 --reason "kiểm thử"
  expect_rc 4; expect_err "needs the office role"
'

test_expect_success 'administrator removes the test roles' - <<\EOT
  for r in $ca $cb $au; do su "DELETE FROM motcua.agency_member WHERE role_name = '$r'"; su "DROP ROLE $r"; done
EOT
finish
