#!/usr/bin/env bash
# The receipt's further facts (migration 0016): the applicant's e-mail and
# kind (citizen or organisation) and where the result is collected (desk,
# post, online), through the API (validated, 422 naming the field), the CLI
# (motcua receive --email --applicant-kind --delivery; show), the database's
# door (columns with checks, written only by receive_dossier), and the
# desk's receipt page: the form posted twice makes one dossier, a bad field
# is 422 and writes nothing, a role that does not receive gets 403; the
# slip PDF holds two copies.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh" receipt
pw_an='mật-khẩu An 2024'; pw_binh='binh-pass-9876'

count() { sql "SELECT count(*) FROM motcua.dossier"; }
receipt() { # receipt KEY BODY
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H "Idempotency-Key: $1" -d "$2"
}
full='{"procedure":"2.002131","channel":"in_person","delivery":"post","applicant":{"name":"Công ty TNHH Sông Trà","kind":"organisation","email":"lienhe@songtra.vn","phone":"0255 3822 999","id_number":"4300123456"}}'

test_expect_success 'the office migrates to 0016, adds a clerk and a specialist; the server starts' - <<\EOT
  run db migrate; expect_rc 0; expect_out "0016_receipt_details.sql"
  run catalog load; expect_rc 0
  printf '%s\n' "$pw_an" | "$MOTCUA" user add nv.an --name "Trần Văn An" --role clerk --unit mot_cua --password-stdin >/dev/null || fail "add nv.an"
  printf '%s\n' "$pw_binh" | "$MOTCUA" user add cv.binh --name "Lê Thị Bình" --role specialist --password-stdin >/dev/null || fail "add cv.binh"
  "$MOTCUA" serve --listen "unix:$sock" --db-connections 3 --threads 3 2>"$log" &
  srv_pid=$!
  wait_for "the server answers /health" healthy
  login "$home/jar.an" nv.an "$pw_an"; expect_status 200; csrf_an=$csrf
  login "$home/jar.binh" cv.binh "$pw_binh"; expect_status 200; csrf_binh=$csrf
EOT

test_expect_success 'a receipt through the API keeps the e-mail, the applicant kind and the delivery' - <<\EOT
  receipt full-1 "$full"; expect_status 201
  code=$(js .code)
  expect_js .applicant_email lienhe@songtra.vn; expect_js .applicant_kind organisation; expect_js .delivery post
  api GET "/api/v1/dossiers/$code"; expect_status 200
  expect_js .applicant_email lienhe@songtra.vn; expect_js .applicant_kind organisation; expect_js .delivery post
  [ "$(sql "SELECT applicant_email || ' ' || applicant_kind || ' ' || delivery FROM motcua.dossier WHERE code = '$code'")" = \
    "lienhe@songtra.vn organisation post" ] || fail "the columns do not hold the facts"
  [ "$(sql "SELECT data->'applicant'->>'email' || ' ' || (data->'applicant'->>'kind') || ' ' || (data->>'delivery') FROM motcua.dossier_event WHERE code = '$code' AND seq = 1")" = \
    "lienhe@songtra.vn organisation post" ] || fail "the receive event does not log the facts"
  run show "$code" --json; expect_rc 0
  [ "$(jq -r '.applicant_email + " " + .applicant_kind + " " + .delivery' "$out")" = "lienhe@songtra.vn organisation post" ] ||
    fail "motcua show --json lacks the facts"
  run show "$code"; expect_rc 0; expect_out "Người nộp: Công ty TNHH Sông Trà (Tổ chức)"
  expect_out "Thư điện tử: lienhe@songtra.vn"; expect_out "Nhận kết quả: Nhận qua bưu chính"
  run db verify; expect_rc 0; expect_out "0 problems"
  # without them: none in the reply (the old receipt's JSON is unchanged)
  receipt plain-1 '{"procedure":"2.002131","channel":"online","applicant":{"name":"Nguyễn Thị Hoa"}}'
  expect_status 201
  [ "$(js 'has("applicant_email") or has("applicant_kind") or has("delivery")')" = false ] ||
    fail "facts not given appear in the reply"
EOT

test_expect_success 'a bad e-mail, kind or delivery is 422 naming the field, and writes nothing' - <<\EOT
  n=$(count)
  receipt bad-1 '{"procedure":"2.002131","channel":"online","applicant":{"name":"A","email":"not-an-address"}}'
  expect_status 422; expect_js .field applicant.email
  receipt bad-2 '{"procedure":"2.002131","channel":"online","applicant":{"name":"A","kind":"person"}}'
  expect_status 422; expect_js .field applicant.kind
  receipt bad-3 '{"procedure":"2.002131","channel":"online","delivery":"home","applicant":{"name":"A"}}'
  expect_status 422; expect_js .field delivery
  receipt bad-4 '{"procedure":"2.002131","channel":"online","applicant":{"name":"A","email":"a@b.vn\u0007"}}'
  expect_status 422; expect_js .field applicant.email
  [ "$(count)" = "$n" ] || fail "a refused receipt wrote a dossier"
EOT

test_expect_success 'the same key with another delivery is a conflict, not a second dossier' - <<\EOT
  n=$(count)
  receipt full-1 "$full"; expect_status 200
  receipt full-1 "$(jq -c '.delivery = "desk"' <<<"$full")"; expect_status 409; expect_js .code idempotency_conflict
  receipt full-1 "$(jq -c '.applicant.email = "khac@songtra.vn"' <<<"$full")"; expect_status 409
  [ "$(count)" = "$n" ] || fail "a retry wrote a dossier"
EOT

test_expect_success 'the door and its checks: no other writer, no bad value in the columns' - <<\EOT
  code=$(sql "SELECT code FROM motcua.dossier WHERE applicant_email IS NOT NULL LIMIT 1")
  sql "UPDATE motcua.dossier SET delivery = 'home' WHERE code = '$code'" 2>"$errf" && fail "a bad delivery was stored"
  grep -q "dossier_delivery_check" "$errf" || fail "not refused by the column's check: $(cat "$errf")"
  sql "UPDATE motcua.dossier SET applicant_email = 'no at sign' WHERE code = '$code'" 2>"$errf" && fail "a bad e-mail was stored"
  sql "UPDATE motcua.dossier SET applicant_kind = 'robot' WHERE code = '$code'" 2>"$errf" && fail "a bad kind was stored"
  [ "$(sql "SELECT has_column_privilege('motcua_clerk', 'motcua.dossier', 'delivery', 'UPDATE')")" = f ] ||
    fail "the clerks' role may write the column itself"
  [ "$(sql "SELECT count(*) FROM pg_proc WHERE proname = 'receive_dossier'")" = 1 ] ||
    fail "the old receive_dossier is still there"
  true
EOT

test_expect_success 'motcua receive --email --applicant-kind --delivery; bad values are usage errors' - <<\EOT
  run receive --procedure 2.002131 --channel in_person --applicant "Phạm Thị Mai" --email mai@example.vn \
    --applicant-kind citizen --delivery online --json
  expect_rc 0
  code=$(jq -r .code "$out")
  run show "$code" --receipt; expect_rc 0
  expect_out "Thư điện tử: mai@example.vn"; expect_out "6. Hình thức nhận kết quả: Nhận trực tuyến"
  run show "$code" --json; expect_rc 0
  [ "$(jq -r .applicant_kind "$out")" = citizen ] || fail "the kind was not kept"
  n=$(count)
  run receive --procedure 2.002131 --channel in_person --applicant "X" --email "x@"; expect_rc 2
  expect_err "'x@' is not an e-mail address"
  run receive --procedure 2.002131 --channel in_person --applicant "X" --applicant-kind person; expect_rc 2
  expect_err "unknown applicant kind 'person'"
  run receive --procedure 2.002131 --channel in_person --applicant "X" --delivery fax; expect_rc 2
  expect_err "unknown result delivery 'fax'"
  [ "$(count)" = "$n" ] || fail "a refused receipt wrote a dossier"
  run receive --help; expect_rc 0; expect_out "--applicant-kind citizen|organisation"
EOT

test_expect_success 'the slip PDF holds two copies (Liên 1, Liên 2)' - <<\EOT
  command -v pdfinfo >/dev/null || { echo "(no pdfinfo: skipped)"; exit 0; }
  code=$(sql "SELECT code FROM motcua.dossier WHERE applicant_email = 'lienhe@songtra.vn'")
  api GET "/api/v1/dossiers/$code/slip.pdf"; expect_status 200
  [ "$(head -c 4 "$out")" = "%PDF" ] || fail "not a PDF"
  [ "$(pdfinfo "$out" | sed -n 's/^Pages: *//p')" = 2 ] || fail "the slip is not two pages"
  pdftotext "$out" - | grep -q "Liên 2" || fail "no second copy"
EOT

test_expect_success 'the receipt page: the form posted twice is one dossier; errors 422 write nothing; roles' - <<\EOT
  api GET "/tiep-nhan?procedure=2.002131"; expect_status 200
  grep -q 'id="receipt"' "$out" || fail "no receipt form"
  pcsrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$out" | head -1)
  key=$(sed -n 's/.*name="key" value="\([0-9a-f]*\)".*/\1/p' "$out" | head -1)
  [ ${#key} = 64 ] || fail "no idempotency key in the form"
  n=$(count)
  form=(--data-urlencode "csrf=$pcsrf" --data-urlencode procedure=2.002131 --data-urlencode "key=$key"
        --data-urlencode "applicant=Đinh Văn Quầy" --data-urlencode kind=citizen
        --data-urlencode phone=0905123456 --data-urlencode email=quay@example.vn
        --data-urlencode channel=in_person --data-urlencode delivery=desk --data-urlencode doc=0)
  api POST /tiep-nhan "${form[@]}"; expect_status 303
  first=$(sed -n 's/^Location: *\([^\r]*\).*/\1/Ip' "$hdr")
  api POST /tiep-nhan "${form[@]}"; expect_status 303
  [ "$(sed -n 's/^Location: *\([^\r]*\).*/\1/Ip' "$hdr")" = "$first" ] || fail "the second post went elsewhere"
  [ "$(count)" = $((n + 1)) ] || fail "two posts of one form made $(( $(count) - n )) dossiers"
  case $first in /tiep-nhan?da-nhan=000.00.00.H48-*) ;; *) fail "redirected to '$first'" ;; esac
  [ "$(sql "SELECT idempotency_key FROM motcua.dossier WHERE applicant_name = 'Đinh Văn Quầy'")" = "web:nv.an:$key" ] ||
    fail "the key is not scoped to the user"
  api GET "$first"; expect_status 200
  grep -q "In phiếu hẹn" "$out" || fail "no slip button on the result"
  # a bad phone and no name: 422, the messages in Vietnamese, nothing written
  api POST /tiep-nhan --data-urlencode "csrf=$pcsrf" --data-urlencode procedure=2.002131 \
    --data-urlencode "key=$(printf 'b%.0s' {1..64})" --data-urlencode phone=abc --data-urlencode "address=Số 1"
  expect_status 422
  grep -q "Vui lòng nhập họ và tên người nộp hồ sơ." "$out" || fail "no required-name message"
  grep -q "Số điện thoại không hợp lệ" "$out" || fail "no phone message"
  grep -q 'value="Số 1"' "$out" || fail "the form was not refilled"
  api POST /tiep-nhan --data-urlencode "csrf=$pcsrf" --data-urlencode procedure=qng.tcd.01 \
    --data-urlencode "key=$key" --data-urlencode applicant=X
  expect_status 422; grep -q "chưa có thời hạn giải quyết" "$out" || fail "a procedure of unknown time was not refused"
  [ "$(count)" = $((n + 1)) ] || fail "a refused form wrote a dossier"
  # no CSRF field: refused
  api POST /tiep-nhan --data-urlencode procedure=2.002131 --data-urlencode "key=$key" --data-urlencode applicant=Y
  expect_status 403
  # a specialist may not receive
  api --as "$home/jar.binh" GET /tiep-nhan; expect_status 403
  grep -q "Không có quyền" "$out" || fail "no refusal page"
  [ "$(count)" = $((n + 1)) ] || fail "a refused post wrote a dossier"
EOT

# The documents received (migration 0019): the desk's checklist, through the
# API ("documents": an array of names), the CLI (--document), the slip's
# numbered list, the idempotency key and the database's checks.
docs='{"procedure":"1.000173","channel":"in_person","applicant":{"name":"Võ Thị Lan"},"documents":["Đơn đề nghị","Ảnh cỡ 3x4"]}'

test_expect_success 'a receipt through the API keeps the documents received, in order' - <<\EOT
  receipt docs-1 "$docs"; expect_status 201
  code=$(js .code); docs_code=$code
  expect_js '.documents | join("|")' "Đơn đề nghị|Ảnh cỡ 3x4"
  api GET "/api/v1/dossiers/$code"; expect_status 200; expect_js '.documents | join("|")' "Đơn đề nghị|Ảnh cỡ 3x4"
  [ "$(sql "SELECT documents::text FROM motcua.dossier WHERE code = '$code'")" = '["Đơn đề nghị", "Ảnh cỡ 3x4"]' ] ||
    fail "the column does not hold the documents"
  [ "$(sql "SELECT (data->'documents')::text FROM motcua.dossier_event WHERE code = '$code' AND seq = 1")" = '["Đơn đề nghị", "Ảnh cỡ 3x4"]' ] ||
    fail "the receive event does not log the documents"
  run show "$code"; expect_rc 0; expect_out "Giấy tờ đã nhận:"; expect_out "  2) Ảnh cỡ 3x4"
  run db verify; expect_rc 0; expect_out "0 problems"
EOT

test_expect_success 'the slip lists the documents received, numbered, with the number of sets' - <<\EOT
  run show "$docs_code" --receipt; expect_rc 0
  expect_out "Thành phần hồ sơ đã nhận gồm:"; expect_out "  1) Đơn đề nghị"; expect_out "  2) Ảnh cỡ 3x4"
  expect_out "1. Số lượng hồ sơ: 01 (bộ)"
  command -v pdftotext >/dev/null || { echo "(no pdftotext: skipped)"; exit 0; }
  api GET "/api/v1/dossiers/$docs_code/slip.pdf"; expect_status 200
  pdftotext -layout "$out" "$home/slip.txt"
  grep -q "1) Đơn đề nghị" "$home/slip.txt" || fail "the PDF lacks the first document"
  grep -q "2) Ảnh cỡ 3x4" "$home/slip.txt" || fail "the PDF lacks the second document"
  [ "$(grep -c "Thành phần hồ sơ đã nhận gồm:" "$home/slip.txt")" = 2 ] || fail "not on both copies"
EOT

test_expect_success 'the same key with other documents is a conflict; the same documents a retry' - <<\EOT
  n=$(count)
  receipt docs-1 "$docs"; expect_status 200; expect_js .code "$docs_code"
  receipt docs-1 "$(jq -c '.documents = ["Đơn đề nghị"]' <<<"$docs")"; expect_status 409; expect_js .code idempotency_conflict
  receipt docs-1 "$(jq -c '.documents = ["Ảnh cỡ 3x4", "Đơn đề nghị"]' <<<"$docs")"; expect_status 409
  receipt docs-1 "$(jq -c 'del(.documents)' <<<"$docs")"; expect_status 409
  [ "$(count)" = "$n" ] || fail "a retry wrote a dossier"
EOT

test_expect_success 'bad documents are 422 naming the field, and write nothing' - <<\EOT
  n=$(count)
  receipt dbad-1 "$(jq -c '.documents = "Đơn đề nghị"' <<<"$docs")"; expect_status 422; expect_js .field documents
  receipt dbad-2 "$(jq -c '.documents = [1]' <<<"$docs")"; expect_status 422; expect_js .field 'documents[0]'
  receipt dbad-3 "$(jq -c '.documents = ["Đơn", ""]' <<<"$docs")"; expect_status 422; expect_js .field 'documents[1]'
  receipt dbad-4 "$(jq -c '.documents = ["Đơn\nẢnh"]' <<<"$docs")"; expect_status 422; expect_js .field 'documents[0]'
  receipt dbad-5 "$(jq -c --arg s "$(printf 'a%.0s' {1..301})" '.documents = [$s]' <<<"$docs")"; expect_status 422
  expect_js .field 'documents[0]'
  receipt dbad-6 "$(jq -c '.documents = [range(51) | "Giấy \(.)"]' <<<"$docs")"; expect_status 422; expect_js .field documents
  receipt dbad-7 "$(jq -c '.documents = [{"name": "Đơn"}]' <<<"$docs")"; expect_status 422; expect_js .field 'documents[0]'
  [ "$(count)" = "$n" ] || fail "a refused receipt wrote a dossier"
EOT

test_expect_success 'motcua receive --document records them; bad ones are refused; the column checks its values' - <<\EOT
  run receive --procedure 1.000173 --channel in_person --applicant "Hồ Văn Tâm" \
    --document "Đơn đề nghị" --document "Phiếu khám sức khỏe" --json
  expect_rc 0; code=$(jq -r .code "$out")
  run show "$code" --receipt; expect_rc 0; expect_out "  2) Phiếu khám sức khỏe"
  run show "$code" --json; expect_rc 0
  [ "$(jq -r '.documents | length' "$out")" = 2 ] || fail "show --json lacks the documents"
  n=$(count)
  run receive --procedure 1.000173 --channel in_person --applicant X --document "$(printf 'a\tb')"; expect_rc 2
  expect_err "the document 1 contains a control character"
  run receive --procedure 1.000173 --channel in_person --applicant X --document ""; expect_rc 2
  expect_err "--document needs the document's name"
  [ "$(count)" = "$n" ] || fail "a refused receipt wrote a dossier"
  sql "UPDATE motcua.dossier SET documents = '[\"\"]' WHERE code = '$code'" 2>"$errf" && fail "an empty name was stored"
  grep -q "dossier_documents_check" "$errf" || fail "not refused by the column's check: $(cat "$errf")"
  sql "UPDATE motcua.dossier SET documents = '{\"a\": 1}' WHERE code = '$code'" 2>"$errf" && fail "an object was stored"
  for bad in '[""]' '"Đơn"' '[1]' "[$(printf '"x",%.0s' {1..50})\"x\"]"; do
    sql "SELECT motcua.receive_dossier('$(sql "SELECT agency_id FROM motcua.agency LIMIT 1")', current_date, 'p', '1.000173', 2,
      'in_person', 'A', NULL, NULL, NULL, NULL, NULL, now(), now(), now(), 's', 'u', now(), 'a', NULL, false, NULL,
      NULL, NULL, NULL, '$bad'::jsonb)" 2>"$errf" && fail "the door took the documents $bad"
    grep -q "the documents received must be a list" "$errf" || fail "the door did not name the documents: $(cat "$errf")"
  done
  [ "$(sql "SELECT has_column_privilege('motcua_clerk', 'motcua.dossier', 'documents', 'UPDATE')")" = f ] ||
    fail "the clerks' role may write the column itself"
  run receive --help; expect_rc 0; expect_out "--document NAME"
  true
EOT

test_expect_success 'the receipt page: the checklist, a required document unchecked asks once, then the receipt keeps the checked ones' - <<\EOT
  api GET "/tiep-nhan?procedure=1.000173"; expect_status 200
  [ "$(grep -c 'name="doc"' "$out")" = 5 ] || fail "the checklist of 1.000173 is not five checkboxes"
  grep -q '<label for="f-doc-4">Ảnh cỡ 3x4 <span class="hint">(03 ảnh)</span> <span class="req">(bắt buộc)</span>' "$out" ||
    fail "a required document is not marked"
  pcsrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$out" | head -1)
  key=$(sed -n 's/.*name="key" value="\([0-9a-f]*\)".*/\1/p' "$out" | head -1)
  n=$(count)
  form=(--data-urlencode "csrf=$pcsrf" --data-urlencode procedure=1.000173 --data-urlencode "key=$key"
        --data-urlencode "applicant=Đỗ Thị Thiếu" --data-urlencode doc=0 --data-urlencode doc=4)
  api POST /tiep-nhan "${form[@]}"; expect_status 200
  grep -q 'id="missing-documents"' "$out" || fail "no warning of the missing documents"
  grep -q '<li>Văn bằng, chứng chỉ chuyên môn phù hợp với công việc đảm nhiệm</li>' "$out" || fail "a missing one is not listed"
  grep -q '<li>Đơn đề nghị</li>' "$out" && fail "a checked one is listed as missing"
  grep -q 'id="f-doc-4" value="4" checked' "$out" || fail "the checks were not kept"
  grep -q 'name="confirm" value="missing"' "$out" || fail "no confirmation in the form"
  [ "$(count)" = "$n" ] || fail "the warning saved the dossier"
  api POST /tiep-nhan "${form[@]}" --data-urlencode confirm=missing; expect_status 303
  [ "$(count)" = $((n + 1)) ] || fail "confirmed, nothing was saved"
  [ "$(sql "SELECT documents::text FROM motcua.dossier WHERE applicant_name = 'Đỗ Thị Thiếu'")" = '["Đơn đề nghị", "Ảnh cỡ 3x4"]' ] ||
    fail "the documents checked were not recorded"
  first=$(sed -n 's/^Location: *\([^\r]*\).*/\1/Ip' "$hdr")
  api GET "$first"; expect_status 200; grep -q '<ol id="done-documents">' "$out" || fail "the result does not list the documents"
  # a document not in the list: refused, nothing written
  api POST /tiep-nhan --data-urlencode "csrf=$pcsrf" --data-urlencode procedure=1.000173 \
    --data-urlencode "key=$(printf 'c%.0s' {1..64})" --data-urlencode applicant=X --data-urlencode doc=9
  expect_status 422
  [ "$(count)" = $((n + 1)) ] || fail "a bad checklist wrote a dossier"
EOT

test_expect_success 'the receipt page without a known list: one document a line' - <<\EOT
  api GET "/tiep-nhan?procedure=1.000373"; expect_status 200
  grep -q 'Giấy tờ đã nhận (mỗi dòng một loại)' "$out" || fail "no free-text field"
  grep -q 'name="doc"' "$out" && fail "a checklist for a procedure whose list is unknown"
  pcsrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$out" | head -1)
  key=$(sed -n 's/.*name="key" value="\([0-9a-f]*\)".*/\1/p' "$out" | head -1)
  api POST /tiep-nhan --data-urlencode "csrf=$pcsrf" --data-urlencode procedure=1.000373 --data-urlencode "key=$key" \
    --data-urlencode "applicant=Ngô Văn Dòng" --data-urlencode $'documents=Đơn đăng ký\r\n\r\n  Bản sao quyết định thành lập  \r\n'
  expect_status 303
  [ "$(sql "SELECT documents::text FROM motcua.dossier WHERE applicant_name = 'Ngô Văn Dòng'")" = '["Đơn đăng ký", "Bản sao quyết định thành lập"]' ] ||
    fail "the lines were not recorded as documents"
  n=$(count)
  api POST /tiep-nhan --data-urlencode "csrf=$pcsrf" --data-urlencode procedure=1.000373 \
    --data-urlencode "key=$(printf 'd%.0s' {1..64})" --data-urlencode applicant=X \
    --data-urlencode "documents=$(printf 'a%.0s' {1..301})"
  expect_status 422; grep -q "Mỗi loại giấy tờ tối đa 300 ký tự" "$out" || fail "no message for a long line"
  [ "$(count)" = "$n" ] || fail "a refused form wrote a dossier"
EOT

test_expect_success 'a supplement request through the API must say what is missing (422 naming the note), and then is taken' - <<\EOT
  api GET "/api/v1/dossiers/$docs_code"; expect_status 200; rev=$(js .revision)
  api POST "/api/v1/dossiers/$docs_code/actions" -H "X-CSRF-Token: $csrf_an" -H "If-Match: \"$rev\"" \
    -d '{"action":"supplement_request"}'
  expect_status 422; expect_js .field note; expect_js .detail "a supplement request needs what is missing as a note"
  api POST "/api/v1/dossiers/$docs_code/actions" -H "X-CSRF-Token: $csrf_an" -H "If-Match: \"$rev\"" \
    -d '{"action":"supplement_request","note":""}'
  expect_status 422; expect_js .field note
  api GET "/api/v1/dossiers/$docs_code"; expect_js .state in_step
  api POST "/api/v1/dossiers/$docs_code/actions" -H "X-CSRF-Token: $csrf_an" -H "If-Match: \"$rev\"" \
    -d '{"action":"supplement_request","note":"Thiếu phiếu khám sức khỏe"}'
  expect_status 200; expect_js .state supplement_requested
EOT
finish
