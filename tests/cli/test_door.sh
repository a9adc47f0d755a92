#!/usr/bin/env bash
# The one door for writes (migration 0012), tried as a careless clerk and as
# an attacker with psql: no direct DML on dossiers, events or counters; every
# event checked against the state machine; the moment of a desk action is
# the server's clock, another moment needs a reason and the office role;
# every fact of a receipt in the log and checked by db verify; corrections
# and voids; bounded texts; idempotency keys that cannot return another
# person's slip; the stored procedure version as the truth.
. "$(dirname "$0")/lib.sh"
fresh_db
db=${MOTCUA_DATABASE_URL#dbname=}
A=skhcn-quangngai
suffix=$$
ck=door_clerk_$suffix; of=door_office_$suffix
export PGPASSWORD=pw-$suffix      # the roles below log in with it (scram-sha-256)
su() { psql -qAtX -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
as() { # as ROLE SQL -> stdout and stderr, status
  PGOPTIONS="-c motcua.agency=$A" psql -qAtX -v ON_ERROR_STOP=1 -U "$1" -d "$db" -c "$2" 2>&1
}
as_clerk() { MOTCUA_DATABASE_URL="dbname=$db user=$ck" run "$@"; }
as_office() { MOTCUA_DATABASE_URL="dbname=$db user=$of" run "$@"; }
today=$(TZ=Asia/Ho_Chi_Minh date +%y%m%d)
count() { su "SELECT count(*) FROM motcua.$1"; }
cleanup_roles() {
  for r in $ck $of; do
    su "DELETE FROM motcua.agency_member WHERE role_name = '$r'" >/dev/null 2>&1
    su "DROP ROLE IF EXISTS $r" >/dev/null 2>&1
  done
}

test_expect_success 'the office sets up the database, a clerk and an office user' - <<\EOT
  run db migrate;   expect_rc 0
  run catalog load; expect_rc 0
  cleanup_roles
  su "CREATE ROLE $ck LOGIN PASSWORD '$PGPASSWORD' IN ROLE motcua_clerk"
  su "CREATE ROLE $of LOGIN PASSWORD '$PGPASSWORD' IN ROLE motcua_office"
  su "INSERT INTO motcua.agency_member VALUES ('$ck', '$A'), ('$of', '$A')"
EOT

test_expect_success 'a clerk receives at the desk: the moment is the server clock' - <<\EOT
  as_clerk receive --procedure 1.000173 --channel online --applicant "Nguyễn Văn An" \
      --phone 0905123456 --by "Lê Thị Bình" --json
  expect_rc 0; expect_out "000.00.00.H48-$today-0001"
  code=000.00.00.H48-$today-0001
  [ "$(su "SELECT db_user FROM motcua.dossier_event WHERE code = '$code'")" = "$ck" ] ||
    fail "the event does not record the connected user"
  [ "$(su "SELECT abs(extract(epoch FROM at - recorded_at)) < 5 FROM motcua.dossier_event WHERE code = '$code'")" = t ] ||
    fail "the receipt's moment is not the server's clock"
  [ "$(su "SELECT data->'applicant'->>'phone' FROM motcua.dossier_event WHERE code = '$code' AND seq = 1")" = 0905123456 ] ||
    fail "the receive event lacks the applicant's facts"
EOT

test_expect_success 'a clerk with psql cannot write the tables directly' - <<\EOT
  o=$(as $ck "UPDATE motcua.dossier SET applicant_name = 'x', channel = 'post', received_at = received_at + interval '400 days'") &&
    fail "a clerk updated a dossier directly"
  echo "$o" | grep -q "permission denied" || fail "expected permission denied, got: $o"
  o=$(as $ck "INSERT INTO motcua.dossier_event (agency_id, code, seq, at, action, actor, to_state)
        VALUES ('$A', '$code', 99, now(), 'forward', 'x', 'in_step')") && fail "a clerk wrote into the log"
  echo "$o" | grep -q "permission denied" || fail "expected permission denied, got: $o"
  o=$(as $ck "UPDATE motcua.dossier_counter SET last = 9999") && fail "a clerk blocked the day's counter"
  echo "$o" | grep -q "permission denied" || fail "expected permission denied, got: $o"
  [ "$(su "SELECT last FROM motcua.dossier_counter")" = 1 ] || fail "the counter moved"
EOT

test_expect_success 'a forged event through the door is refused and the dossier still replays' - <<\EOT
  # result_ready at the first of four steps, then a step that does not exist
  o=$(as $ck "SELECT motcua.append_event('$A', '$code', 1, now(), 'result_ready', 'x', NULL, 'result_ready',
        NULL, NULL, NULL, NULL, now(), NULL, 0, 0, now(), NULL, 'early', NULL, NULL)") &&
    fail "the door took a result_ready at the first step"
  echo "$o" | grep -q "does not follow the procedure's steps" || fail "unexpected refusal: $o"
  o=$(as $ck "SELECT motcua.append_event('$A', '$code', 1, now(), 'forward', 'x', NULL, 'in_step',
        3, 'ky_duyet', 'lanh_dao', now(), now(), NULL, 0, 0, NULL, NULL, NULL, NULL, NULL)") &&
    fail "the door took a forward that skips steps"
  o=$(as $ck "SELECT motcua.append_event('$A', '$code', 7, now(), 'withdraw', 'x', NULL, 'withdrawn',
        NULL, NULL, NULL, NULL, now(), NULL, 0, 0, NULL, now(), 'withdrawn', NULL, NULL)") &&
    fail "the door took a stale revision"
  echo "$o" | grep -q "changed by someone else" || fail "expected a conflict, got: $o"
  o=$(as $ck "SELECT motcua.append_event('$A', '$code', 1, now(), 'void', 'x', 'nhầm', 'voided',
        NULL, NULL, NULL, NULL, now(), NULL, 0, 0, NULL, now(), 'voided', NULL, NULL)") &&
    fail "a clerk voided a dossier"
  echo "$o" | grep -q "may not void" || fail "expected the role refusal, got: $o"
  run show "$code"; expect_rc 0
  run db verify; expect_rc 0; expect_out "0 problems"
EOT

test_expect_success 'back-dating is a correction: it needs a reason and the office role' - <<\EOT
  as_clerk receive --procedure 1.000173 --channel online --applicant "B" --at 2024-03-04T09:00
  expect_rc 2; expect_err "a moment other than now"; expect_err "it needs a reason"
  as_clerk receive --procedure 1.000173 --channel online --applicant "B" --at 2024-03-04T09:00 --reason "lùi ngày"
  expect_rc 4; expect_err "needs the office role"
  [ "$(count dossier)" = 1 ] || fail "a refused back-dated receipt was stored"
  as_office receive --procedure 1.000173 --channel online --applicant "Giấy cũ" --at 2024-03-04T09:00 \
      --reason "phiếu giấy ngày mất điện"
  expect_rc 0; expect_out "000.00.00.H48-240304-0001"
  [ "$(su "SELECT backdate_reason FROM motcua.dossier_event WHERE code = '000.00.00.H48-240304-0001'")" = "phiếu giấy ngày mất điện" ] ||
    fail "the back-dated receipt does not record why"
  # an overdue dossier made "early" by an action dated before its due moment
  as_clerk act 000.00.00.H48-240304-0001 forward --at 2024-03-04T10:00 --reason "quên bấm chuyển"
  expect_rc 4; expect_err "needs the office role"
  as_clerk act 000.00.00.H48-240304-0001 forward --at 2024-03-04T10:00
  expect_rc 2; expect_err "it needs a reason"
  [ "$(su "SELECT revision FROM motcua.dossier WHERE code = '000.00.00.H48-240304-0001'")" = 1 ] ||
    fail "a refused back-dated action was stored"
  run act "$code" forward --reason "x"; expect_rc 2; expect_err "--reason goes with --at"
EOT

test_expect_success 'nothing is dated in the future' - <<\EOT
  run receive --procedure 1.000173 --channel online --applicant "C" --at 2126-12-01T10:00 --reason "x"
  expect_rc 2; expect_err "is in the future"
  run act "$code" forward --at 2126-12-01T10:00 --reason "x"
  expect_rc 2; expect_err "is in the future"
  run nightly --as-of 2126-12-01
  expect_rc 2; expect_err "has not begun yet"
  [ "$(count dossier_counter)" = 2 ] || fail "a future receipt took a counter"
EOT

test_expect_success 'the office corrects a mistyped name; a clerk may not; a stale value is a conflict' - <<\EOT
  as_clerk act "$code" correct --field applicant_name --old "Nguyễn Văn An" --new "Nguyễn Văn Ân" --note "gõ nhầm dấu"
  expect_rc 4; expect_err "may not correct"
  as_office act "$code" correct --field applicant_name --old "Nguyễn Văn An" --new "Nguyễn Văn Ân" --note "gõ nhầm dấu"
  expect_rc 0
  run show "$code" --json; expect_out '"applicant":"Nguyễn Văn Ân"'
  as_office act "$code" correct --field applicant_name --old "Nguyễn Văn An" --new "X" --note "lần nữa"
  expect_rc 5; expect_err "is no longer 'Nguyễn Văn An'"
  as_office act "$code" correct --field received_at --new 2020-01-01 --note "x"
  expect_rc 2; expect_err "cannot correct 'received_at'"
  as_office act "$code" correct --field applicant_phone --new 0905999888
  expect_rc 2; expect_err "needs the reason"
  run db verify; expect_rc 0; expect_out "0 problems"; expect_out "1 correction"
EOT

test_expect_success 'the office voids a receipt logged by mistake: the code stays taken, the figures drop it' - <<\EOT
  run receive --procedure 2.002131 --channel in_person --applicant "Nhầm"
  expect_rc 0; expect_out "000.00.00.H48-$today-0002"
  as_clerk act 000.00.00.H48-$today-0002 void --note "tiếp nhận nhầm"; expect_rc 4
  as_office act 000.00.00.H48-$today-0002 void --note "tiếp nhận nhầm"
  expect_rc 0; expect_out "Đã hủy"
  run act 000.00.00.H48-$today-0002 forward; expect_rc 4; expect_err "'voided'"
  run receive --procedure 2.002131 --channel in_person --applicant "Đúng"
  expect_rc 0; expect_out "000.00.00.H48-$today-0003"
  d=$(TZ=Asia/Ho_Chi_Minh date +%F)
  run report --from "$d" --to "$d" --json; expect_rc 0
  python3 - "$out" <<\PY || fail "the report counts a voided dossier"
import json, sys
r = json.load(open(sys.argv[1]))
ind = r["indicators"]
assert ind["voided"] == 1, ind
assert r["received_in_person"] == 1, r
PY
  run db verify; expect_rc 0; expect_out "1 voided receipt"
EOT

test_expect_success 'db verify checks every column against the log' - <<\EOT
  for change in "applicant_name = 'Kẻ gian'" "channel = 'post'" "received_at = received_at + interval '400 days'" \
                "applicant_phone = '0000'" "procedure_version = 1" "idempotency_key = 'x'"; do
    su "ALTER TABLE motcua.dossier DISABLE TRIGGER dossier_no_delete"
    saved=$(su "SELECT row_to_json(d)::text FROM motcua.dossier d WHERE code = '$code'")
    su "UPDATE motcua.dossier SET $change WHERE code = '$code'"
    col=${change%% =*}
    run db verify; expect_rc 1; expect_out "column $col is"
    su "UPDATE motcua.dossier d SET (applicant_name, channel, received_at, applicant_phone, procedure_version, idempotency_key) =
        (SELECT r.applicant_name, r.channel, r.received_at, r.applicant_phone, r.procedure_version, r.idempotency_key
         FROM json_populate_record(NULL::motcua.dossier, '$saved'::json) r) WHERE code = '$code'"
    su "ALTER TABLE motcua.dossier ENABLE TRIGGER dossier_no_delete"
  done
  run db verify; expect_rc 0; expect_out "0 problems"
EOT

test_expect_success 'texts are one line, bounded and free of control characters' - <<\EOT
  n=$(count dossier)
  run receive --procedure 1.000173 --channel online --applicant $'An\n4. Thời gian trả kết quả: ngay'
  expect_rc 2; expect_err "contains a control character"
  run receive --procedure 1.000173 --channel online --applicant $'An\e[31m'
  expect_rc 2; expect_err "contains a control character"
  run receive --procedure 1.000173 --channel online --applicant "$(printf 'a%.0s' $(seq 301))"
  expect_rc 2; expect_err "is longer than 300 characters"
  run receive --procedure 1.000173 --channel online --applicant "K" --idempotency-key "$(head -c 6000 /dev/zero | tr '\0' k)"
  expect_rc 2; expect_err "the idempotency key is longer than 200 characters"
  [ "$(count dossier)" = "$n" ] || fail "a refused receipt was stored"
  run act "$code" supplement_request --note $'Thiếu:\n- giấy xác nhận\n- bản sao CCCD'
  expect_rc 0
  if o=$(as $ck "SELECT motcua.door_text('x', E'a\\x1b', 10, false)"); then fail "the door took an ESC"; fi
  echo "$o" | grep -q "contains a control character" || fail "expected the door's refusal, got: $o"
EOT

test_expect_success 'an idempotency key returns the same receipt, never another person'\''s' - <<\EOT
  run receive --procedure 2.002131 --channel online --applicant "Trần Thị C" --phone 0911111111 --idempotency-key k-1
  expect_rc 0; first=$(grep -o "000.00.00.H48-$today-[0-9]*" "$out" | head -1)
  run receive --procedure 2.002131 --channel online --applicant "Trần Thị C" --phone 0911111111 --idempotency-key k-1
  expect_rc 0; expect_out "$first"; expect_out "cùng khóa"
  run receive --procedure 2.002131 --channel online --applicant "Lê Văn D" --phone 0922222222 --idempotency-key k-1
  expect_rc 5; expect_err "the idempotency key 'k-1' was used for another receipt"
  grep -q 0911111111 "$out" && fail "the slip of another person was printed"
  true
EOT

test_expect_success 'two apologies at once on one dossier: one letter, the other a conflict' - <<\EOT
  for i in 1 2 3 4 5 6; do
    run receive --procedure 1.000173 --channel online --applicant "Xin lỗi $i"; expect_rc 0
  done
  codes=$(su "SELECT code FROM motcua.dossier WHERE applicant_name LIKE 'Xin lỗi %' ORDER BY code")
  for c in $codes; do
    "$MOTCUA" apology "$c" --reason "Lãnh đạo Sở đi công tác" >/dev/null 2>"$errf.1" & p1=$!
    "$MOTCUA" apology "$c" --reason "Lãnh đạo Sở đi công tác" >/dev/null 2>"$errf.2" & p2=$!
    wait $p1; r1=$?; wait $p2; r2=$?
    [ $((r1 == 0)) -ne $((r2 == 0)) ] || fail "$c: both or neither apology succeeded ($r1, $r2)"
    [ $r1 -eq 0 ] || [ $r1 -eq 5 ] || [ $r1 -eq 4 ] || fail "$c: unexpected exit $r1"
    [ $r2 -eq 0 ] || [ $r2 -eq 5 ] || [ $r2 -eq 4 ] || fail "$c: unexpected exit $r2"
  done
  rm -f "$errf.1" "$errf.2"
  [ "$(su "SELECT count(*) FROM motcua.apology GROUP BY code HAVING count(*) > 1" | wc -l)" = 0 ] ||
    fail "a dossier got two letters"
  [ "$(su "SELECT count(DISTINCT code) FROM motcua.apology")" = 6 ] || fail "every dossier has its letter"
EOT

test_expect_success 'an edited procedure file does not change dossiers received under the stored version' - <<\EOT
  home=$(mktemp -d)
  cp -r "$MOTCUA_SRC/procedures" "$MOTCUA_SRC/migrations" "$home/"
  due=$(MOTCUA_HOME=$home "$MOTCUA" show "$code" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["due_at"])')
  # version 2 of 1.000173 (in force now): shares 0.5 + 5 -> 1.5 + 4 working days
  python3 - "$home/procedures/catalog/1.000173.yaml" <<\PY
import sys
p = sys.argv[1]; lines = open(p).read().split("\n")
v2 = next(i for i, l in enumerate(lines) if "effective_from: 2018-11-23" in l)
t = next(i for i in range(v2, len(lines)) if "id: tiep_nhan" in lines[i])
assert "days: 0.5}" in lines[t] and "days: 5}" in lines[t + 1], lines[t:t + 2]
lines[t] = lines[t].replace("days: 0.5}", "days: 1.5}")
lines[t + 1] = lines[t + 1].replace("days: 5}", "days: 4}")
open(p, "w").write("\n".join(lines))
PY
  MOTCUA_HOME=$home run catalog load; expect_rc 4; expect_err "dossiers were received under it"
  MOTCUA_HOME=$home run show "$code" --json; expect_rc 0
  expect_err "the stored rules are used"
  expect_out "\"due_at\":\"$due\""
  MOTCUA_HOME=$home run receive --procedure 1.000173 --channel online --applicant "Sau sửa"
  expect_rc 0
  MOTCUA_HOME=$home run db verify; expect_rc 0; expect_out "0 problems"
  rm -rf "$home"
EOT

test_expect_success 'an import keeps the old codes and never holds the desk'\''s counter' - <<\EOT
  run import "$MOTCUA_SRC/tests/fixtures/history.csv"; expect_rc 0
  [ "$(su "SELECT count(*) FROM motcua.dossier WHERE code = 'OLD-001' AND external_ref = 'OLD-001'")" = 1 ] ||
    fail "the imported dossier does not keep its code"
  [ "$(su "SELECT count(*) FROM motcua.dossier_counter WHERE day < current_date")" = 1 ] ||
    fail "the import took day counters"
  # an import still open in another session, with a dossier of today: the
  # desk's receipt of today does not wait for it
  v=$(su "SELECT version FROM motcua.procedure_version WHERE code = '2.002131' ORDER BY version DESC LIMIT 1")
  fifo=$(mktemp -u); mkfifo "$fifo"
  psql -qAtX -v ON_ERROR_STOP=1 -d "$db" <"$fifo" >/dev/null 2>&1 & holder=$!
  exec 7>"$fifo"
  echo "BEGIN; SELECT motcua.receive_dossier('$A', current_date, NULL, '2.002131', $v, 'online', 'Lịch sử',
        NULL, NULL, NULL, 'IMP-TODAY', NULL, now(), now(), now(), 'tiep_nhan', 'mot_cua', now(), 'nv', 'nhập', false,
        'IMP-TODAY');" >&7
  holding() {
    [ "$(su "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
             AND state = 'idle in transaction' AND query LIKE '%receive_dossier%'")" = 1 ]
  }
  wait_for "the import session holds its row" holding
  timeout 20 "$MOTCUA" receive --procedure 2.002131 --channel online --applicant "Quầy" >"$out" 2>"$errf"
  rc=$?; expect_rc 0 "the desk waited for the import"
  echo "ROLLBACK;" >&7; exec 7>&-; wait $holder; rm -f "$fifo"
  run db verify; expect_rc 0; expect_out "0 problems"
EOT

test_expect_success 'a day off announced later moves the open dossiers'\'' due moments, logged' - <<\EOT
  run calendar apply; expect_rc 0; expect_out "recorded"
  home=$(mktemp -d)
  cp -r "$MOTCUA_SRC/procedures" "$MOTCUA_SRC/migrations" "$home/"
  # the first working day at least three days ahead becomes a day off
  for i in 3 4 5 6 7 8 9 10; do
    d=$(TZ=Asia/Ho_Chi_Minh date -d "+$i day" +%F)
    "$MOTCUA" calendar day "$d" | grep -q "ngày làm việc" && break
  done
  y=${d%%-*}; f="$home/procedures/calendar/$y.yaml"
  if [ -f "$f" ]; then
    python3 - "$f" "$d" <<\PY
import sys
p, d = sys.argv[1], sys.argv[2]
s = open(p).read()
line = '  - {date: %s, kind: holiday, name: "Ngày nghỉ được công bố thêm (kiểm thử)", confirmed: true}\n' % d
s = s.replace("worked_saturdays:", line + "worked_saturdays:", 1) if "worked_saturdays:" in s else s + line
open(p, "w").write(s)
PY
  else
    printf 'year: %s\nannouncements: ["kiểm thử"]\nsource: "kiểm thử"\ndays_off:\n  - {date: %s, kind: holiday, name: "Ngày nghỉ được công bố thêm (kiểm thử)", confirmed: true}\n' \
      "$y" "$d" >"$f"
  fi
  MOTCUA_HOME=$home "$MOTCUA" calendar day "$d" | grep -q "ngày nghỉ" || fail "the test calendar lacks the new day off $d"
  MOTCUA_HOME=$home run db verify; expect_rc 1; expect_out "column due_at"
  MOTCUA_HOME=$home MOTCUA_DATABASE_URL="dbname=$db user=$ck" run calendar apply
  expect_rc 4; expect_err "may not recompute"
  MOTCUA_HOME=$home run calendar apply; expect_rc 0; expect_out "due moments of"
  [ "$(su "SELECT count(*) FROM motcua.due_change WHERE new_due_at > old_due_at")" -ge 1 ] ||
    fail "no change was logged"
  MOTCUA_HOME=$home run db verify; expect_rc 0; expect_out "0 problems"
  MOTCUA_HOME=$home run calendar apply; expect_rc 0; expect_out "nothing to do"
  rm -rf "$home"
EOT

cleanup_roles
finish
