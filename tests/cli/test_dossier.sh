#!/usr/bin/env bash
# Clerks' commands end to end: receive (golden receipt slip), act, show
# (golden control slip, JSON), list (CSV), import; refusals and exit codes.
. "$(dirname "$0")/lib.sh"
fresh_db
g="$MOTCUA_SRC/tests/golden"

test_expect_success 'officer migrates the database and loads the catalogue' '
  run db migrate;    expect_rc 0
  run catalog load;  expect_rc 0
'

test_expect_success 'clerk receives a dossier and gets the slip' '
  run receive --procedure 1.000173 --channel online --applicant "Nguyễn Văn An" \
      --address "12 Quang Trung, TP Quảng Ngãi" --phone 0905123456 --at 2024-03-04T09:00 --reason "kiểm thử" --by "Lê Thị Bình"
  expect_rc 0; golden "$g/receipt-slip.txt"
  code=000.00.00.H48-240304-0001
'

test_expect_success 'clerk forwards the dossier, and an action not allowed now is refused with the allowed ones' - <<\EOT
  run act $code forward --by "Lê Thị Bình" --at 2024-03-04T10:00 --reason "kiểm thử"; expect_rc 0
  run act $code return --at 2024-03-04T11:00 --reason "kiểm thử"
  expect_rc 4; expect_err "cannot return: the dossier is in step 'tham_dinh'"
  expect_err "allowed now: forward, supplement_request, pause, refuse, withdraw, return_unprocessed, apology, assign"
EOT

test_expect_success 'a supplement request without saying what is missing is refused and changes nothing' '
  run act $code supplement_request --by "Trần Văn Cường" --at 2024-03-05T09:00 --reason "kiểm thử"
  expect_rc 2; expect_err "'"'"'supplement_request'"'"' needs what is missing: --note TEXT"
  run show $code --json; expect_rc 0; expect_out "\"state\":\"in_step\""
'

test_expect_success 'specialist asks for a supplement and the clerk receives it: the due moment moves' '
  run act $code supplement_request --by "Trần Văn Cường" --note "Thiếu giấy xác nhận" --at 2024-03-05T09:00 --reason "kiểm thử"; expect_rc 0
  run act $code supplement_received --by "Lê Thị Bình" --at 2024-03-07T09:00 --reason "kiểm thử"; expect_rc 0
  expect_out "due 2024-03-15T09:00:00+07:00"
'

test_expect_success 'clerk acts out of order, without a reason, with a typo or on no dossier and is told' - <<\EOT
  run act $code forward --at 2024-03-06T09:00 --reason "kiểm thử"; expect_rc 4; expect_err "the dossier's last action was at"
  run act $code refuse --at 2024-03-08T09:00 --reason "kiểm thử"; expect_rc 2; expect_err "needs the reason"
  run act $code frobnicate; expect_rc 2; expect_err "unknown action 'frobnicate'"
  run act $code forwrd; expect_rc 2; expect_err "did you mean 'forward'"
  run act 000.00.00.H48-240304-9999 forward --at 2024-03-08T09:00 --reason "kiểm thử"; expect_rc 3; expect_err "no dossier"
EOT

test_expect_success 'clerk shows the dossier and gets the control slip' '
  run show $code --at 2024-03-08T09:00; expect_rc 0; golden "$g/control-slip.txt"
'

# PDFs render, with the Vietnamese intact
test_expect_success 'clerk prints the control slip and the receipt as PDFs, the Vietnamese intact' '
  pdf=$(mktemp --suffix=.pdf)
  run show $code --at 2024-03-08T09:00 --pdf "$pdf"; expect_rc 0; expect_out "wrote $pdf"
  pdftotext "$pdf" - | tr -s " \n" " " > "$pdf.txt"
  grep -qF "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" "$pdf.txt" || fail "control slip PDF lacks its title"
  grep -qF "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "$pdf.txt" || fail "control slip PDF lacks the national heading"
  grep -qF "Thẩm định hồ sơ, trình lãnh đạo" "$pdf.txt" || fail "control slip PDF lacks the steps"
  run show $code --receipt --pdf "$pdf"; expect_rc 0
  pdftotext "$pdf" - | tr -s " \n" " " > "$pdf.txt"
  grep -qF "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" "$pdf.txt" || fail "receipt PDF lacks its title"
  grep -qF "Nguyễn Văn An" "$pdf.txt" || fail "receipt PDF lacks the applicant"
'

# the receipt carries the citizen's look-up link (agency.yaml lookup_url and
# the dossier's token, migration 0017) as a QR code that a scanner reads back
test_expect_success 'applicant scans the QR code on the receipt and reads the look-up link' - <<\EOT
  pdftoppm -png -r 150 -f 1 -l 1 "$pdf" "$pdf.page"
  qr=$(zbarimg -q --raw "$pdf.page-1.png" 2>/dev/null | head -1)
  tok=$(psql -qAtX -d "$MOTCUA_DATABASE_URL" -c "SELECT lookup_token FROM motcua.dossier WHERE code = '$code'")
  [ -n "$tok" ] && [ "$qr" = "https://motcua.skhcn.quangngai.invalid/tra-cuu/$tok" ] ||
    fail "the QR code reads '$qr', expected the look-up link with the token '$tok'"
  rm -f "$pdf.page-1.png"
  rm -f "$pdf" "$pdf.txt"
EOT

test_expect_success 'clerk shows the dossier as JSON: within time, then overdue' - <<\EOT
  run show $code --at 2024-03-08T09:00 --json; expect_rc 0
  expect_out '"state":"in_step","status":"within_time"'; expect_out '"due_at":"2024-03-15T09:00:00+07:00"'
  run show $code --at 2024-03-15T10:00 --json; expect_out '"status":"overdue"'
EOT

test_expect_success 'leader lists overdue dossiers as CSV and by unit; a bad unit or state is refused' - <<\EOT
  run list --overdue --at 2024-03-20T09:00 --csv; expect_rc 0; golden "$g/list-overdue.csv"
  run list --unit qlcnganh --at 2024-03-08T09:00; expect_rc 0; expect_out "1 hồ sơ"
  run list --unit nope; expect_rc 2; expect_err "unknown unit 'nope'"
  run list --state nope; expect_rc 2; expect_err "unknown state 'nope'"
EOT

test_expect_success 'specialists finish the dossier early and the clerk returns the result' '
  run act $code forward --at 2024-03-13T10:00 --reason "kiểm thử"; expect_rc 0
  run act $code forward --at 2024-03-14T09:00 --reason "kiểm thử"; expect_rc 0
  run act $code result_ready --at 2024-03-14T16:00 --reason "kiểm thử"; expect_rc 0; expect_out "Trước hạn"
  run act $code return --at 2024-03-15T08:00 --reason "kiểm thử"; expect_rc 0
'

test_expect_success 'portal sends the same receipt twice with one idempotency key: one dossier' - <<\EOT
  run receive --procedure 1.000173 --channel online --applicant X --at 2024-03-04T10:00 --reason "kiểm thử" --json --idempotency-key k1
  expect_rc 0; expect_out '"code":"000.00.00.H48-240304-0002","existed":false'
  run receive --procedure 1.000173 --channel online --applicant X --at 2024-03-04T10:00 --reason "kiểm thử" --json --idempotency-key k1
  expect_rc 0; expect_out '"code":"000.00.00.H48-240304-0002","existed":true'
EOT

# the regime in force decides the forms: Circular 03/2025 from 01/07/2025
test_expect_success 'clerk receives on either side of 01/07/2025 and gets the forms of the regime in force' '
  run receive --procedure 1.000173 --channel post --applicant Y --at 2025-06-30T16:00 --reason "kiểm thử"
  expect_rc 0; expect_out "(Mẫu số 01, Thông tư số 01/2018/TT-VPCP)"
  run receive --procedure 1.000173 --channel post --applicant Y --at 2025-07-01T08:00 --reason "kiểm thử"
  expect_rc 0; expect_out "(Mẫu số 01, Thông tư số 03/2025/TT-VPCP)"
  run show 000.00.00.H48-250701-0001 --at 2025-07-01T09:00; expect_rc 0
  expect_out "(Mẫu số 06, Thông tư số 03/2025/TT-VPCP)"
  run show 000.00.00.H48-250630-0001 --at 2025-07-01T09:00; expect_out "(Mẫu số 05, Thông tư số 01/2018/TT-VPCP)"
'

test_expect_success 'clerk receives for an unknown-time or unknown procedure, a bad channel, or too little: refused' - <<\EOT
  run receive --procedure qng.tcd.01 --channel in_person --applicant X --at 2024-03-04T10:00 --reason "kiểm thử"
  expect_rc 4; expect_err "processing time is unknown"
  run receive --procedure nope --channel post --applicant X; expect_rc 3
  run receive --procedure 1.000173 --channel fax --applicant X; expect_rc 2; expect_err "unknown channel 'fax'"
  run receive --channel post --applicant X; expect_rc 2; expect_err "--procedure, --channel and --applicant are required"
EOT

test_expect_success 'officer imports a broken history (refused, nothing imported), then a good one' '
  run import "$MOTCUA_SRC/tests/fixtures/history-bad.csv"
  expect_rc 2; expect_err "history-bad.csv:12:1:"; expect_err "nothing was imported"
  run list --all; expect_out "4 hồ sơ"
  run import "$MOTCUA_SRC/tests/fixtures/history.csv"
  expect_rc 0; expect_out "imported 16 rows: 3 dossiers received, 13 actions"
  run list --all; expect_out "7 hồ sơ"
'
finish
