#!/usr/bin/env bash
# Roles and row-level security, tried with psql (libpq) as each role: a
# clerk of agency A cannot read, change or count agency B's dossiers by any
# SQL; nobody rewrites the event log, not even its owner; the auditor reads
# only. motcua itself works as a clerk with the agency set per session.
. "$(dirname "$0")/lib.sh"
fresh_db
db=${MOTCUA_DATABASE_URL#dbname=}
run db migrate;   expect_rc 0
run catalog load; expect_rc 0
run import "$MOTCUA_SRC/tests/fixtures/history.csv"; expect_rc 0

su() { psql -qAtX -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
as() { # as ROLE AGENCY SQL -> stdout, status
  PGOPTIONS="-c motcua.agency=$2" psql -qAtX -v ON_ERROR_STOP=1 -U "$1" -d "$db" -c "$3" 2>&1
}
suffix=$$
export PGPASSWORD=pw-$suffix  # the roles below log in with it (scram-sha-256)
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
A=skhcn-quangngai B=stp-quangngai
ca=clerk_a_$suffix; cb=clerk_b_$suffix; au=auditor_a_$suffix

[ "$(as $ca $A 'SELECT count(*) FROM motcua.dossier')" = 3 ] || fail "clerk A should see A's 3 dossiers"
[ "$(as $ca $A "SELECT count(*) FROM motcua.dossier WHERE agency_id = '$B'")" = 0 ] || fail "clerk A counts B's dossiers"
[ "$(as $ca $B 'SELECT count(*) FROM motcua.dossier')" = 0 ] || fail "clerk A reads B by naming B's agency"
[ "$(as $ca $A 'SELECT count(*) FROM motcua.dossier_event')" = 16 ] || fail "clerk A should see A's 16 events"
[ "$(as $ca $A "SELECT count(*) FROM motcua.dossier_event WHERE agency_id = '$B'")" = 0 ] || fail "events leak"
[ "$(as $cb $B 'SELECT count(*) FROM motcua.dossier')" = 1 ] || fail "clerk B should see B's dossier"
# the policy asks for the session's agency once per statement (an init plan),
# not once per row (migration 0010: 40x on a seq scan of a million rows)
as $ca $A "EXPLAIN (COSTS OFF) SELECT count(*) FROM motcua.dossier_event" | grep -q "InitPlan" ||
  fail "the row-level security policy calls session_agency() for every row"
[ "$(as $cb $A 'SELECT count(*) FROM motcua.dossier')" = 0 ] || fail "clerk B reads A"
as $ca $A "UPDATE motcua.dossier SET applicant_name = 'x' WHERE agency_id = '$B'" >/dev/null
[ "$(su "SELECT applicant_name FROM motcua.dossier WHERE code = 'B-1'")" = "Bí mật" ] || fail "clerk A changed B's dossier"
o=$(as $ca $A "INSERT INTO motcua.dossier_event (agency_id, code, seq, at, action, actor, to_state)
      VALUES ('$B', 'B-1', 2, now(), 'withdraw', 'x', 'withdrawn')") && fail "clerk A wrote into B's log"
echo "$o" | grep -q "row-level security" || fail "expected a row-level security error, got: $o"
o=$(as $ca $A 'SELECT count(*) FROM motcua.agency_member') && fail "a clerk reads the membership list"
echo "$o" | grep -q "permission denied" || fail "expected permission denied on agency_member, got: $o"
# the event log is append-only for every role, the owner included
o=$(as $ca $A "UPDATE motcua.dossier_event SET note = 'x'") && fail "clerk updated the log"
echo "$o" | grep -q "permission denied" || fail "expected permission denied, got: $o"
o=$(as $ca $A "DELETE FROM motcua.dossier_event") && fail "clerk deleted from the log"
o=$(su "UPDATE motcua.dossier_event SET note = 'x' WHERE seq = 1" 2>&1) && fail "the owner updated the log"
echo "$o" | grep -q "append-only" || fail "expected the append-only trigger, got: $o"
o=$(su "DELETE FROM motcua.dossier_event" 2>&1) && fail "the owner deleted the log"
# the auditor reads, and only reads
[ "$(as $au $A 'SELECT count(*) FROM motcua.dossier')" = 3 ] || fail "the auditor should read A"
o=$(as $au $A "UPDATE motcua.dossier SET applicant_name = 'x'") && fail "the auditor wrote"
echo "$o" | grep -q "permission denied" || fail "expected permission denied for the auditor, got: $o"
# motcua as clerk A: the session's agency is set, A's work goes on, B stays apart
MOTCUA_DATABASE_URL="dbname=$db user=$ca" run list --all; expect_rc 0; expect_out "3 hồ sơ"
grep -q "B-1" "$out" && fail "motcua listed B's dossier to clerk A"
MOTCUA_DATABASE_URL="dbname=$db user=$ca" run receive --procedure 2.002131 --channel online \
    --applicant "Clerk A" --at 2023-07-03T09:00
expect_rc 0; expect_out "000.00.00.H48-230703-0001"
MOTCUA_DATABASE_URL="dbname=$db user=$cb" run show 000.00.00.H48-230703-0001; expect_rc 3
for r in $ca $cb $au; do su "DELETE FROM motcua.agency_member WHERE role_name = '$r'"; su "DROP ROLE $r"; done
finish
