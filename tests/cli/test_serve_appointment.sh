#!/usr/bin/env bash
# Appointments set by hand through `motcua serve` (issue 18, migration 0022):
# POST /api/v1/dossiers with "appointment" and "appointment_reason" is the
# office's (a clerk: 403, nothing written), needs both (422 naming the
# field), only for a procedure whose time is unknown (409 otherwise); the
# dossier and its slip show the appointment and say it was set by hand. The
# receipt page offers the fields to the office for such a procedure and
# refuses the clerk. A time in months (1.003542) through the API.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh" appointment
pw_an='mật-khẩu An 2024'; pw_lan='lan-pass-5678'

count() { sql "SELECT count(*) FROM motcua.dossier"; }
receipt() { # receipt JAR CSRF KEY BODY
  api --as "$1" POST /api/v1/dossiers -H "X-CSRF-Token: $2" -H "Idempotency-Key: $3" -d "$4"
}
why="Văn bản quy định chưa nêu thời hạn; hẹn theo lịch tiếp công dân"
body() { # body PROCEDURE [APPOINTMENT [REASON]]
  jq -nc --arg p "$1" --arg a "${2-}" --arg r "${3-}" \
    '{procedure: $p, channel: "in_person", applicant: {name: "Ông Phạm Văn D"}}
     + (if $a != "" then {appointment: $a} else {} end)
     + (if $r != "" then {appointment_reason: $r} else {} end)'
}

test_expect_success 'the office migrates to 0022, adds a clerk and an office user; the server starts' - <<\EOT
  run db migrate; expect_rc 0; expect_out "0022_manual_appointment.sql"
  run catalog load; expect_rc 0
  printf '%s\n' "$pw_an" | "$MOTCUA" user add nv.an --name "Trần Văn An" --role clerk --unit mot_cua --password-stdin >/dev/null || fail "add nv.an"
  printf '%s\n' "$pw_lan" | "$MOTCUA" user add vp.lan --name "Ngô Thị Lan" --role office --password-stdin >/dev/null || fail "add vp.lan"
  "$MOTCUA" serve --listen "unix:$sock" --db-connections 3 --threads 3 2>"$log" &
  srv_pid=$!
  wait_for "the server answers /health" healthy
  login "$home/jar.an" nv.an "$pw_an"; expect_status 200; csrf_an=$csrf
  login "$home/jar.lan" vp.lan "$pw_lan"; expect_status 200; csrf_lan=$csrf
  appt=$("$MOTCUA" calendar add "$(date +%Y-%m-%dT%H:%M)" 5wd | tail -n 1)
  case $appt in 20*T*) ;; *) fail "no appointment moment: '$appt'" ;; esac
EOT

test_expect_success 'a procedure counted in months through the API: due a month on' - <<\EOT
  receipt "$home/jar.an" "$csrf_an" months-1 "$(body 1.003542)"; expect_status 201
  [ "$(js .due_at)" = "$("$MOTCUA" calendar add "$(js .received_at)" 1mo | tail -n 1)" ] ||
    fail "due $(js .due_at), received $(js .received_at)"
  [ "$(js '.appointment_manual // "absent"')" = absent ] || fail "a counted appointment is flagged"
  api GET /api/v1/procedures/1.003542; expect_status 200
  grep -q '1mo' "$out" || fail "the procedure's time is not 1mo: $(cat "$out")"
EOT

test_expect_success 'a clerk may not set an appointment by hand (403), nor receive without one (409)' - <<\EOT
  n=$(count)
  receipt "$home/jar.an" "$csrf_an" clerk-1 "$(body qng.tcd.01 "$appt" "$why")"
  expect_status 403; expect_js .code forbidden
  receipt "$home/jar.an" "$csrf_an" clerk-2 "$(body qng.tcd.01)"
  expect_status 409; grep -q "processing time is unknown" "$out" || fail "the refusal: $(cat "$out")"
  [ "$(count)" = "$n" ] || fail "a refused receipt wrote a dossier"
EOT

test_expect_success 'the office: without the reason or the moment 422 naming the field; a known time 409' - <<\EOT
  n=$(count)
  receipt "$home/jar.lan" "$csrf_lan" office-1 "$(body qng.tcd.01 "$appt")"
  expect_status 422; expect_js .field appointment_reason
  receipt "$home/jar.lan" "$csrf_lan" office-2 "$(body qng.tcd.01 "" "$why")"
  expect_status 422; expect_js .field appointment
  receipt "$home/jar.lan" "$csrf_lan" office-3 "$(body qng.tcd.01 "ngày mai" "$why")"
  expect_status 422; expect_js .field appointment
  receipt "$home/jar.lan" "$csrf_lan" office-4 "$(body 1.000173 "$appt" "$why")"
  expect_status 409; grep -q "processing time is known" "$out" || fail "the refusal: $(cat "$out")"
  receipt "$home/jar.lan" "$csrf_lan" office-5 "$(body qng.tcd.01 "${appt%%T*}T19:30" "$why")"
  expect_status 422; grep -q "not within office hours" "$out" || fail "the refusal: $(cat "$out")"
  [ "$(count)" = "$n" ] || fail "a refused receipt wrote a dossier"
EOT

test_expect_success 'the office sets the appointment and says why: the dossier, its log and its slip' - <<\EOT
  receipt "$home/jar.lan" "$csrf_lan" office-ok "$(body qng.tcd.01 "$appt" "$why")"
  expect_status 201
  code=$(js .code)
  expect_js .appointment "$appt"; expect_js .appointment_manual true; expect_js .appointment_reason "$why"
  # the same key and body again: the same dossier
  receipt "$home/jar.lan" "$csrf_lan" office-ok "$(body qng.tcd.01 "$appt" "$why")"
  expect_status 200; expect_js .code "$code"
  # ... with another appointment: another receipt, a conflict
  alt=${appt%%T*}T07:30; [ "$alt:00+07:00" = "$appt" ] && alt=${appt%%T*}T07:45
  receipt "$home/jar.lan" "$csrf_lan" office-ok "$(body qng.tcd.01 "$alt" "$why")"
  expect_status 409; expect_js .code idempotency_conflict
  api --as "$home/jar.an" GET "/api/v1/dossiers/$code"; expect_status 200
  expect_js .appointment_reason "$why"; expect_js '.steps[0].due' "$appt"
  [ "$(sql "SELECT appointment_manual || ' ' || (SELECT desk_role FROM motcua.dossier_event e WHERE e.code = d.code AND seq = 1) FROM motcua.dossier d WHERE code = '$code'")" = "true office" ] ||
    fail "the row or the log does not record it"
  api --as "$home/jar.an" GET "/ho-so/$code"; expect_status 200
  grep -q 'id="manual-appointment"' "$out" || fail "the dossier's page does not flag the appointment"
  grep -q "Giải quyết hồ sơ (ngày hẹn trả" "$out" || fail "the dossier's page lacks its one step"
  api --as "$home/jar.an" GET "/api/v1/dossiers/$code/slip.pdf"; expect_status 200
  pdftotext "$out" - | tr '\n' ' ' | grep -q "do cơ quan ấn định" || fail "the slip does not say the appointment was set by hand"
  run db verify; expect_rc 0; expect_out "0 problems"
EOT

test_expect_success 'the receipt page: the office gets the appointment fields, the clerk a refusal' - <<\EOT
  api --as "$home/jar.an" GET "/tiep-nhan?procedure=qng.tcd.01"; expect_status 422
  grep -q "chưa có thời hạn giải quyết" "$out" || fail "the clerk was not told"
  grep -q 'id="receipt"' "$out" && fail "a receipt form for the clerk"
  api --as "$home/jar.lan" GET "/tiep-nhan?procedure=qng.tcd.01"; expect_status 200
  grep -q 'id="appointment-by-hand"' "$out" || fail "no appointment fields for the office"
  grep -q 'name="appointment_reason"' "$out" || fail "no reason field"
  pcsrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$out" | head -1)
  key=$(sed -n 's/.*name="key" value="\([0-9a-f]*\)".*/\1/p' "$out" | head -1)
  n=$(count)
  form=(--data-urlencode "csrf=$pcsrf" --data-urlencode procedure=qng.tcd.01 --data-urlencode "key=$key"
        --data-urlencode "applicant=Bà Lê Thị E" --data-urlencode channel=in_person
        --data-urlencode "appointment=${appt%%+*}")
  api --as "$home/jar.lan" POST /tiep-nhan "${form[@]}"; expect_status 422
  grep -q "Vui lòng ghi lý do ấn định ngày hẹn." "$out" || fail "no message for the missing reason"
  [ "$(count)" = "$n" ] || fail "a refused form wrote a dossier"
  api --as "$home/jar.lan" POST /tiep-nhan "${form[@]}" --data-urlencode "appointment_reason=$why"
  expect_status 303
  [ "$(count)" = $((n + 1)) ] || fail "the form did not write the dossier"
  [ "$(sql "SELECT appointment_reason FROM motcua.dossier WHERE applicant_name = 'Bà Lê Thị E'")" = "$why" ] ||
    fail "the page's receipt lacks its reason"
  run db verify; expect_rc 0; expect_out "0 problems"
EOT

finish
