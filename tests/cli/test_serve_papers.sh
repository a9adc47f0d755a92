#!/usr/bin/env bash
# motcua serve, the official papers through the API (issue 18): a
# dossier's forms (/dossiers/{code}/forms/{form}.pdf, 404 for a paper the
# dossier does not have), the register (/register?format=pdf|xlsx|csv) and
# the period report (/reports?format=pdf|xlsx), each for the roles that may
# see it (engine/core/roles.c), read back with pdftotext and pdffonts, the
# workbooks with unzip and an XML check; and the desk's links to them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh" serve-papers
pw_an='mật-khẩu An 2024'; pw_dung='dung-office-2468'; pw_cuong='cuong-chuyen-vien'; pw_kiem='kiem-tra-13579'

act() { # act CODE BODY: an action by the clerk at the dossier's revision
  api GET "/api/v1/dossiers/$1"
  local rev; rev=$(js .revision)
  api POST "/api/v1/dossiers/$1/actions" -H "X-CSRF-Token: $csrf_an" -H "If-Match: \"$rev\"" -d "$2"
}
# pdf_text: the last reply is a PDF in Liberation Serif (embedded); its
# text, spaces squeezed, in $home/pdf.txt
pdf_text() {
  expect_header "Content-Type: application/pdf"
  cp "$out" "$home/reply.pdf"
  pdffonts "$home/reply.pdf" > "$home/fonts" 2>/dev/null || { fail "pdffonts cannot read the reply"; return; }
  grep -q "LiberationSerif-Bold" "$home/fonts" || fail "the PDF has no bold Liberation Serif"
  awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' "$home/fonts" || fail "a font is not embedded"
  pdftotext "$home/reply.pdf" - | tr -s ' \n' ' ' > "$home/pdf.txt"
}
pdf_has() { local s; for s in "$@"; do grep -qF -- "$s" "$home/pdf.txt" || fail "the PDF lacks '$s'"; done; }
# xlsx_has TEXT...: the last reply is a workbook whose shared strings hold each TEXT
xlsx_has() {
  cp "$out" "$home/reply.xlsx"
  unzip -p "$home/reply.xlsx" xl/sharedStrings.xml > "$home/strings.xml" 2>/dev/null ||
    { fail "the reply is not a workbook"; return; }
  unzip -p "$home/reply.xlsx" xl/worksheets/sheet1.xml > "$home/sheet.xml" || fail "no sheet"
  python3 -c 'import sys, xml.dom.minidom as m; [m.parse(f) for f in sys.argv[1:]]' \
    "$home/strings.xml" "$home/sheet.xml" || fail "the workbook's XML does not parse"
  local s; for s in "$@"; do grep -qF -- "$s" "$home/strings.xml" || fail "the workbook lacks '$s'"; done
}
today=$(TZ=Asia/Ho_Chi_Minh date +%F)
year=$(TZ=Asia/Ho_Chi_Minh date +%Y)

test_expect_success 'the office sets up a clerk, a specialist, an office user and an auditor; the server starts' - <<\EOT
  run db migrate; expect_rc 0
  run catalog load; expect_rc 0
  printf '%s\n' "$pw_an" | "$MOTCUA" user add nv.an --name "Trần Văn An" --role clerk --unit mot_cua --password-stdin >/dev/null || fail "add nv.an"
  printf '%s\n' "$pw_cuong" | "$MOTCUA" user add cv.cuong --name "Lê Văn Cường" --role specialist --unit qlcn --password-stdin >/dev/null || fail "add cv.cuong"
  printf '%s\n' "$pw_dung" | "$MOTCUA" user add vp.dung --name "Đỗ Thị Dung" --role office --password-stdin >/dev/null || fail "add vp.dung"
  printf '%s\n' "$pw_kiem" | "$MOTCUA" user add kt.kiem --name "Phan Văn Kiểm" --role auditor --password-stdin >/dev/null || fail "add kt.kiem"
  "$MOTCUA" serve --listen "unix:$sock" --db-connections 3 --threads 3 2>"$log" &
  srv_pid=$!
  wait_for "the server answers /health" healthy
  login "$home/jar.cuong" cv.cuong "$pw_cuong"; expect_status 200
  login "$home/jar.dung" vp.dung "$pw_dung"; expect_status 200
  login "$home/jar.kiem" kt.kiem "$pw_kiem"; expect_status 200
  login "$home/jar.an" nv.an "$pw_an"; expect_status 200; csrf_an=$csrf
  jar="$home/jar.an"
EOT

test_expect_success 'a clerk receives two dossiers, asks one for a supplement and refuses the other' - <<\EOT
  for k in 1 2; do
    api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H "Idempotency-Key: papers-$k" \
      -d "$(jq -nc --arg n "Người Nộp Số $k" '{procedure: "2.002131", channel: "in_person", applicant: {name: $n, phone: "0905000111", address: "12 Quang Trung, TP Quảng Ngãi"}}')"
    expect_status 201
    codes[$k]=$(js .code)
    expect_js .register.number "$k"
  done
  A=${codes[1]} B=${codes[2]}
  act "$A" '{"action":"supplement_request","note":"Thiếu bản sao giấy chứng nhận đăng ký doanh nghiệp"}'
  expect_status 200
  act "$B" '{"action":"refuse","note":"Hồ sơ không thuộc thẩm quyền giải quyết của Sở"}'
  expect_status 200
EOT

test_expect_success 'the clerk prints each paper the dossier has; one it does not have is 404' - <<\EOT
  api GET "/api/v1/dossiers/$A/forms/receipt.pdf"; expect_status 200; pdf_text
  pdf_has "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" "Người Nộp Số 1" "Vào Sổ theo dõi hồ sơ, Quyển số: $year, Số thứ tự: 1"
  api GET "/api/v1/dossiers/$A/forms/supplement.pdf"; expect_status 200; pdf_text
  pdf_has "Thiếu bản sao giấy chứng nhận đăng ký doanh nghiệp" "$A"
  api GET "/api/v1/dossiers/$B/forms/refusal.pdf"; expect_status 200; pdf_text
  pdf_has "Hồ sơ không thuộc thẩm quyền giải quyết của Sở" "Người Nộp Số 2"
  api GET "/api/v1/dossiers/$A/forms/control.pdf"; expect_status 200; pdf_text; pdf_has "$A"
  api GET "/api/v1/dossiers/$A/forms/refusal.pdf"; expect_status 404; expect_js .code no_such_form
  grep -qF "was not refused" "$out" || fail "the 404 does not say why"
  api GET "/api/v1/dossiers/$B/forms/supplement.pdf"; expect_status 404; expect_js .code no_such_form
  api GET "/api/v1/dossiers/$A/forms/apology.pdf"; expect_status 404; expect_js .code no_such_form
  api GET "/api/v1/dossiers/$A/forms/stop.pdf"; expect_status 404; expect_js .code no_such_form
  api GET "/api/v1/dossiers/$A/forms/invoice.pdf"; expect_status 404; expect_js .code not_found
  api GET "/api/v1/dossiers/000.00.00.H48-990101-0001/forms/receipt.pdf"; expect_status 404
  api --as "$home/nobody" GET "/api/v1/dossiers/$A/forms/receipt.pdf"; expect_status 401
  api --as "$home/jar.cuong" GET "/api/v1/dossiers/$B/forms/refusal.pdf"; expect_status 200
  api --as "$home/jar.kiem" GET "/api/v1/dossiers/$A/forms/receipt.pdf"; expect_status 200
EOT

test_expect_success 'the desk keeps the register: PDF, xlsx and CSV; a specialist may not (403)' - <<\EOT
  api GET "/api/v1/register?from=$today&to=$today&format=pdf"; expect_status 200; pdf_text
  pdf_has "SỔ THEO DÕI HỒ SƠ" "Quyển số: $year" "Người Nộp Số 1" "Người Nộp Số 2"
  pdfinfo "$home/reply.pdf" | grep -q "Page size: *841.89 x 595.2" || fail "the register is not on A4 landscape"
  api GET "/api/v1/register?from=$today&to=$today&format=xlsx"; expect_status 200
  expect_header "spreadsheetml.sheet"
  xlsx_has "SỔ THEO DÕI HỒ SƠ" "Người Nộp Số 1" "$B" "Ký nhận"
  grep -q 'orientation="landscape"' "$home/sheet.xml" || fail "the sheet is not landscape"
  api GET "/api/v1/register?from=$today&to=$today&format=csv"; expect_status 200; expect_header "text/csv"
  head -c 3 "$out" | od -An -tx1 | grep -q "ef bb bf" || fail "the CSV has no BOM"
  grep -q "^1,$A," "$out" || fail "the CSV lacks the first entry"
  api GET "/api/v1/register?from=$today&to=$today"; expect_status 200; expect_header "application/pdf"
  api GET "/api/v1/register?from=2025-06-01&to=2025-07-31"; expect_status 422; expect_js .field to
  api GET "/api/v1/register?from=$today&to=$today&format=doc"; expect_status 422; expect_js .field format
  api GET "/api/v1/register?from=$today"; expect_status 422; expect_js .field to
  api --as "$home/jar.cuong" GET "/api/v1/register?from=$today&to=$today"; expect_status 403; expect_js .code forbidden
  api --as "$home/jar.kiem" GET "/api/v1/register?from=$today&to=$today&format=csv"; expect_status 200
EOT

test_expect_success 'the office gets the report as the department sends it (PDF) and Biểu 06a (xlsx); a clerk: 403' - <<\EOT
  api GET "/api/v1/reports?from=$today&to=$today&format=pdf"; expect_status 403; expect_js .code forbidden
  api --as "$home/jar.dung" GET "/api/v1/reports?from=$today&to=$today&format=pdf&number=7&date=$today"
  expect_status 200; pdf_text
  pdf_has "BÁO CÁO" "Số: 07/BC-SKHCN" "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ngãi." "I. TÌNH HÌNH TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ" \
    "IV. ĐỀ XUẤT, KIẾN NGHỊ" "KT. GIÁM ĐỐC"
  pdfinfo "$home/reply.pdf" | grep -q "Page size: *595.2.* x 841.8" || fail "the report is not on A4 portrait"
  api --as "$home/jar.dung" GET "/api/v1/reports?from=$today&to=$today&format=xlsx"; expect_status 200
  expect_header "spreadsheetml.sheet"
  xlsx_has "Biểu số 06a/VPCP/KSTT" "TỔNG SỐ" "Lĩnh vực An toàn bức xạ và hạt nhân" "Thủ tục khai báo thiết bị X-quang chẩn đoán trong y tế"
  api --as "$home/jar.kiem" GET "/api/v1/reports?from=$today&to=$today&format=pdf"; expect_status 200
  api --as "$home/jar.dung" GET "/api/v1/reports?from=$today&to=$today&format=pdf&number=0"; expect_status 422
  expect_js .field number
EOT

test_expect_success 'the desk links each paper where it is looked for: the dossier page, the office report' - <<\EOT
  api GET "/ho-so/$B"; expect_status 200
  grep -qF "/api/v1/dossiers/$B/forms/refusal.pdf" "$out" || fail "the refused dossier's page lacks Mẫu 03"
  grep -qF "/api/v1/dossiers/$B/forms/receipt.pdf" "$out" || fail "the page lacks the slip"
  grep -qF "Quyển số $year, số thứ tự 2" "$out" || fail "the page lacks the register entry"
  api GET "/ho-so/$A"; expect_status 200
  grep -qF "/api/v1/dossiers/$A/forms/supplement.pdf" "$out" || fail "the page lacks Mẫu 02"
  ! grep -qF "/forms/refusal.pdf" "$out" || fail "a dossier not refused links a refusal"
  api --as "$home/jar.dung" GET "/van-phong?muc=bao-cao&tu=$today&den=$today"; expect_status 200
  grep -qF "format=pdf" "$out" || fail "the office's report lacks the PDF"
  grep -qF "format=xlsx" "$out" || fail "the office's report lacks Biểu 06a"
  grep -qF "/api/v1/register?from=$today" "$out" || fail "the office's report lacks the register"
EOT

test_expect_success 'the server stops cleanly' - <<\EOT
  kill -TERM $srv_pid; wait $srv_pid; st=$?; srv_pid=
  [ $st = 0 ] || fail "the server exited $st"
EOT
finish
