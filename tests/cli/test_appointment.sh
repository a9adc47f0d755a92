#!/usr/bin/env bash
# Appointments set by hand (issue 18, migration 0022): a procedure whose time
# the sources do not give (qng.tcd.01) is received only by the office, with
# the appointment it sets and the reason; a clerk is refused by the engine
# and by the database's door, a receipt without the reason is refused, and
# so is a manual appointment on a procedure whose time is known. The slip
# shows the appointment, the log keeps it and why, db verify replays it, the
# nightly job takes it as the due moment and the reports flag the dossier.
# And a time counted in months (1.003542: 01 tháng) at the desk.
. "$(dirname "$0")/lib.sh"
fresh_db
db=${MOTCUA_DATABASE_URL#dbname=}
A=skhcn-quangngai
suffix=$$
ck=appt_clerk_$suffix; of=appt_office_$suffix
export PGPASSWORD=pw-$suffix      # the roles below log in with it (scram-sha-256)
su() { psql -qAtX -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
as() { # as ROLE SQL -> stdout and stderr, status
  PGOPTIONS="-c motcua.agency=$A" psql -qAtX -v ON_ERROR_STOP=1 -U "$1" -d "$db" -c "$2" 2>&1
}
as_clerk() { MOTCUA_DATABASE_URL="dbname=$db user=$ck" run "$@"; }
as_office() { MOTCUA_DATABASE_URL="dbname=$db user=$of" run "$@"; }
count() { su "SELECT count(*) FROM motcua.dossier"; }
cleanup_roles() {
  for r in $ck $of; do
    su "DELETE FROM motcua.agency_member WHERE role_name = '$r'" >/dev/null 2>&1
    su "DROP ROLE IF EXISTS $r" >/dev/null 2>&1
  done
}
trap 'cleanup_roles; rm -f "$out" "$errf"; psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1' EXIT
why="Luật Tiếp công dân không quy định thời hạn; hẹn theo lịch tiếp của Lãnh đạo Sở"
# the door's receipt with the appointment's reason $2, as role $1
door_receipt() {
  as "$1" "SELECT motcua.receive_dossier('$A', (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
    '000.00.00.H48-' || to_char(now() AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYMMDD') || '-', '$3', 1,
    'in_person', 'X', NULL, NULL, NULL, NULL, NULL, now(), now() + interval '3 days',
    now() + interval '3 days', 'giai_quyet', 'mot_cua', now() + interval '3 days', 'x', NULL, false,
    NULL, NULL, NULL, NULL, NULL, $2)"
}

test_expect_success 'the office sets up the database, a clerk and an office user' - <<\EOT
  run db migrate;   expect_rc 0; expect_out "0022_manual_appointment.sql"
  run catalog load; expect_rc 0
  cleanup_roles
  su "CREATE ROLE $ck LOGIN PASSWORD '$PGPASSWORD' IN ROLE motcua_clerk"
  su "CREATE ROLE $of LOGIN PASSWORD '$PGPASSWORD' IN ROLE motcua_office"
  su "INSERT INTO motcua.agency_member VALUES ('$ck', '$A'), ('$of', '$A')"
  # a moment the desk is open, five working days from now
  appt=$("$MOTCUA" calendar add "$(date +%Y-%m-%dT%H:%M)" 5wd | tail -n 1)
  case $appt in 20*T*) ;; *) fail "no appointment moment: '$appt'" ;; esac
EOT

test_expect_success 'catalog check --gaps: the months are known, qng.tcd.01 needs the office' - <<\EOT
  run catalog check --gaps; expect_rc 0
  expect_out "qng.tcd.01: version 1: processing time unknown (receipts need an appointment set by hand, office role)"
  grep -q "1.003542: version 1: processing time unknown" "$out" && fail "1.003542 still listed as of unknown time"
  grep -q "1.011937: version 1: processing time unknown" "$out" && fail "1.011937 still listed as of unknown time"
  run catalog show 1.003542; expect_rc 0; expect_out "01 tháng"
EOT

test_expect_success 'a clerk receives a procedure counted in months: the appointment is a month on' - <<\EOT
  as_clerk receive --procedure 1.003542 --channel in_person --applicant "Công ty Giám định A" --json
  expect_rc 0
  code=$(jq -r .code "$out"); due=$(jq -r .due_at "$out"); at=$(jq -r .received_at "$out")
  # the Civil Code's month, by the calendar: the same as calendar add 1mo
  [ "$due" = "$("$MOTCUA" calendar add "$at" 1mo | tail -n 1)" ] || fail "due $due is not a month after $at"
  run show "$code" --receipt; expect_rc 0
  expect_out "2. Thời gian giải quyết hồ sơ theo quy định là: 01 tháng"
EOT

test_expect_success 'a clerk cannot receive a procedure of unknown time, with or without an appointment' - <<\EOT
  n=$(count)
  as_clerk receive --procedure qng.tcd.01 --channel in_person --applicant "Ông B"
  expect_rc 4; expect_err "the procedure's processing time is unknown"
  expect_err "the office may receive it with an appointment set by hand"
  as_clerk receive --procedure qng.tcd.01 --channel in_person --applicant "Ông B" \
    --appointment "$appt" --appointment-reason "$why"
  expect_rc 4; expect_err "setting an appointment by hand needs the office role"
  # the database's door says the same to a clerk who calls it directly
  o=$(door_receipt $ck "'x'" qng.tcd.01) && fail "the door let a clerk set an appointment: $o"
  case $o in *"needs the office role"*) ;; *) fail "the door's refusal: $o" ;; esac
  [ "$(count)" = "$n" ] || fail "a refused receipt wrote a dossier"
EOT

test_expect_success 'without its reason an appointment set by hand is refused, and written nowhere' - <<\EOT
  n=$(count)
  as_office receive --procedure qng.tcd.01 --channel in_person --applicant "Ông B" --appointment "$appt"
  expect_rc 2; expect_err "--appointment needs --appointment-reason"
  as_office receive --procedure qng.tcd.01 --channel in_person --applicant "Ông B" --appointment-reason "$why"
  expect_rc 2; expect_err "--appointment-reason goes with --appointment"
  as_office receive --procedure qng.tcd.01 --channel in_person --applicant "Ông B" \
    --appointment "$appt" --appointment-reason "   "
  expect_rc 2; expect_err "an appointment set by hand needs its reason"
  o=$(door_receipt $of NULL qng.tcd.01) && fail "the door took an appointment without its reason: $o"
  case $o in *"needs its reason"*) ;; *) fail "the door's refusal: $o" ;; esac
  [ "$(count)" = "$n" ] || fail "a refused receipt wrote a dossier"
EOT

test_expect_success 'a manual appointment on a procedure whose time is known is refused' - <<\EOT
  n=$(count)
  as_office receive --procedure 1.000173 --channel in_person --applicant "Ông B" \
    --appointment "$appt" --appointment-reason "$why"
  expect_rc 4; expect_err "the procedure's processing time is known"
  o=$(door_receipt $of "'x'" 1.000173) && fail "the door took a manual appointment on a known time: $o"
  case $o in *"known processing time"*) ;; *) fail "the door's refusal: $o" ;; esac
  # outside office hours, or not after the receipt
  as_office receive --procedure qng.tcd.01 --channel in_person --applicant "Ông B" \
    --appointment "${appt%%T*}T19:00" --appointment-reason "$why"
  expect_rc 2; expect_err "is not within office hours"
  as_office receive --procedure qng.tcd.01 --channel in_person --applicant "Ông B" \
    --appointment "2020-01-02 09:00" --appointment-reason "$why"
  expect_rc 2; expect_err "is not after the receipt"
  [ "$(count)" = "$n" ] || fail "a refused receipt wrote a dossier"
EOT

test_expect_success 'the office receives with an appointment and its reason: slip, log, verify' - <<\EOT
  as_office receive --procedure qng.tcd.01 --channel in_person --applicant "Ông Trần Văn B" \
    --appointment "$appt" --appointment-reason "$why" --by "Văn phòng Sở"
  expect_rc 0
  expect_out "ngày hẹn trả kết quả do cơ quan ấn định (lý do: $why)"
  expect_out "4. Thời gian trả kết quả giải quyết hồ sơ:"
  code=$(sed -n 's/^Mã hồ sơ: //p' "$out")
  [ -n "$code" ] || fail "no code on the slip"
  run show "$code" --json; expect_rc 0
  [ "$(jq -r '[.appointment_manual, .appointment_reason, .due_at, .steps[0].id] | join("|")' "$out")" = \
    "true|$why|$appt|giai_quyet" ] || fail "the dossier: $(cat "$out")"
  [ "$(su "SELECT appointment_manual, appointment_reason FROM motcua.dossier WHERE code = '$code'")" = "t|$why" ] ||
    fail "the row does not record the appointment set by hand"
  [ "$(su "SELECT data->>'appointment_reason' FROM motcua.dossier_event WHERE code = '$code' AND seq = 1")" = "$why" ] ||
    fail "the receive event does not log the reason"
  # its one step: forward is refused, the result ready and returned are not
  as_office act "$code" forward; expect_rc 4; expect_err "allowed now: result_ready"
  as_office act "$code" supplement_request --note "Thiếu đơn"; expect_rc 0
  as_office act "$code" supplement_received; expect_rc 0
  as_office act "$code" result_ready; expect_rc 0
  as_clerk act "$code" return; expect_rc 0
  run db verify; expect_rc 0; expect_out "0 problems"
  # a row that lies about it is caught
  su "ALTER TABLE motcua.dossier DISABLE TRIGGER USER"
  su "UPDATE motcua.dossier SET appointment_reason = 'khác' WHERE code = '$code'"
  run db verify; expect_rc 1; expect_out "column appointment_reason is 'khác'"
  su "UPDATE motcua.dossier SET appointment_reason = '$why' WHERE code = '$code'"
  su "ALTER TABLE motcua.dossier ENABLE TRIGGER USER"
  run db verify; expect_rc 0; expect_out "0 problems"
EOT

test_expect_success 'history: the nightly job takes the appointment as the due moment; the reports flag it' - <<\EOT
  as_office receive --procedure qng.tcd.01 --channel post --applicant "Bà C" --at 2025-06-16T09:00 \
    --reason "phiếu giấy ngày mất điện" --appointment "2025-06-20 10:00" --appointment-reason "$why"
  expect_rc 0
  old=$(sed -n 's/^Mã hồ sơ: //p' "$out")
  run nightly --as-of 2025-06-24 --format json; expect_rc 0
  [ "$(jq -r --arg c "$old" '[.alerts[] | select(.code == $c and .kind == "overdue")][0].due_at' "$out")" = \
    "2025-06-20T10:00:00+07:00" ] || fail "the nightly job: $(cat "$out")"
  as_office report --from 2025-06-01 --to 2025-06-30; expect_rc 0
  expect_out "Hồ sơ có ngày hẹn trả do cơ quan ấn định"
  expect_out "$old (qng.tcd.01): $why"
  expect_out "Ghi chú: 1 hồ sơ có ngày hẹn trả do cơ quan ấn định"
  as_office report --from 2025-06-01 --to 2025-06-30 --format json; expect_rc 0
  [ "$(jq -r '.indicators.manual_appointments' "$out")" = 1 ] || fail "the JSON report lacks the flag"
  as_office report --from 2025-06-01 --to 2025-06-30 --format xlsx --out "$out.xlsx"; expect_rc 0
  unzip -p "$out.xlsx" xl/sharedStrings.xml | grep -q "Ghi chú: 1 hồ sơ có ngày hẹn trả do cơ quan ấn định" ||
    fail "Biểu 06a's notes lack the flag"
  rm -f "$out.xlsx"
  # a period without one says nothing of it
  as_office report --from 2024-01-01 --to 2024-01-31; expect_rc 0
  grep -q "ấn định" "$out" && fail "a period without manual appointments flags some"
  run db verify; expect_rc 0; expect_out "0 problems"
EOT

test_expect_success 'the office runs the next night under its own login: row-level security and all' - <<\EOT
  # (COPY cannot write a table whose row-level security applies: the job
  # stages its pages for such a role)
  as_office nightly --as-of 2025-06-25 --format json; expect_rc 0
  [ "$(jq -r --arg c "$old" '[.alerts[] | select(.code == $c and .kind == "overdue" and .scope == "dossier")] | length' "$out")" = 1 ] ||
    fail "the office's night: $(cat "$out")"
  [ "$(su "SELECT count(*) FROM motcua.alert WHERE as_of = '2025-06-25' AND code = '$old'")" -ge 1 ] ||
    fail "the office's night recorded no alert"
  [ "$(su "SELECT count(*) FROM motcua.nightly_run WHERE as_of = '2025-06-25'")" = 1 ] ||
    fail "the office's night is not recorded as run"
  as_office nightly --as-of 2025-06-25; expect_rc 0
  [ "$(su "SELECT count(*) FROM motcua.alert WHERE as_of = '2025-06-25' AND code = '$old' AND kind = 'overdue' AND scope = 'dossier'")" = 1 ] ||
    fail "a rerun recorded the alert twice"
EOT

finish
