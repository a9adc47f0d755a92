#!/usr/bin/env bash
# `motcua form CODE KIND`: every form of a dossier in both regimes, as text
# (golden) and as PDF (read back with pdftotext; fonts with pdffonts).
# Dossiers A and B are received before 01/07/2025 (Circular 01/2018), C and
# D from then (Circular 03/2025); C is received after office hours.
. "$(dirname "$0")/lib.sh"
fresh_db
g="$MOTCUA_SRC/tests/golden"
pdf=$(mktemp --suffix=.pdf)
trap 'rm -f "$out" "$out".apology-* "$errf" "$pdf" "$pdf.txt"; rm -rf "${home2:-}"; psql -qX -d postgres -c "DROP DATABASE IF EXISTS ${MOTCUA_DATABASE_URL#dbname=} WITH (FORCE)" >/dev/null 2>&1' EXIT
A=000.00.00.H48-250616-0001
B=000.00.00.H48-250617-0001
C=000.00.00.H48-250701-0001
D=000.00.00.H48-250702-0001

# pdf_has TEXT...: the PDF's text (pdftotext, spaces squeezed) has each TEXT
pdf_has() {
  pdftotext "$pdf" - | tr -s ' \n' ' ' > "$pdf.txt" || { fail "pdftotext cannot read the PDF"; return; }
  local s
  for s in "$@"; do grep -qF -- "$s" "$pdf.txt" || fail "the PDF lacks '$s'"; done
}
# pdf_fonts: Liberation Serif is embedded, and every font is
pdf_fonts() {
  pdffonts "$pdf" > "$pdf.txt" || { fail "pdffonts cannot read the PDF"; return; }
  grep -q "LiberationSerif" "$pdf.txt" || fail "the PDF does not use Liberation Serif"
  grep -q "LiberationSerif-Bold" "$pdf.txt" || fail "the PDF has no bold Liberation Serif"
  awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' "$pdf.txt" \
    || fail "a font of the PDF is not embedded"
}

test_expect_success 'officer migrates the database and loads the catalogue' '
  run db migrate;    expect_rc 0
  run catalog load;  expect_rc 0
'

test_expect_success 'clerks take dossiers through supplement, pause, refusal and apology in both regimes' - <<\EOT
  run receive --procedure 1.000173 --channel in_person --applicant "Nguyễn Văn An" \
      --address "12 Quang Trung, TP Quảng Ngãi" --phone 0905123456 --at 2025-06-16T08:00 --reason "kiểm thử" --by "Lê Thị Bình"
  expect_rc 0; expect_out "$A"
  run act $A forward --by "Lê Thị Bình" --at 2025-06-16T09:00 --reason "kiểm thử"; expect_rc 0
  run act $A supplement_request --by "Trần Văn Cường" --at 2025-06-17T09:00 --reason "kiểm thử" \
      --note "Thiếu bản sao chứng chỉ đào tạo an toàn bức xạ; Đơn đề nghị chưa có chữ ký"; expect_rc 0
  run act $A supplement_received --by "Lê Thị Bình" --at 2025-06-18T09:00 --reason "kiểm thử"; expect_rc 0
  run act $A pause --by "Trần Văn Cường" --at 2025-06-19T09:00 --reason "kiểm thử" --note "Chờ ý kiến của Cục An toàn bức xạ"; expect_rc 0
  run act $A resume --by "Trần Văn Cường" --at 2025-06-20T09:00 --reason "kiểm thử"; expect_rc 0
  run apology $A --reason "Chờ ý kiến của Cục An toàn bức xạ" --at 2025-06-26T09:00 --backdate-reason "kiểm thử" --by "Văn phòng Sở"
  expect_rc 0; cp "$out" "$out.apology-2018"
  run receive --procedure 1.000173 --channel in_person --applicant "Công ty TNHH Thiết bị Y tế Sơn Trà" \
      --address "5 Lê Lợi, TP Quảng Ngãi" --at 2025-06-17T10:00 --reason "kiểm thử" --by "Lê Thị Bình"
  expect_rc 0; expect_out "$B"
  run act $B refuse --by "Lê Thị Bình" --at 2025-06-17T10:30 --reason "kiểm thử" --note "Thiết bị không thuộc danh mục phải cấp chứng chỉ"
  expect_rc 0
  run receive --procedure 1.000173 --channel online --applicant "Phòng khám Đa khoa Đức Phổ" \
      --address "Quốc lộ 1A, thị xã Đức Phổ" --phone 0255384567 --at 2025-07-01T18:00 --reason "kiểm thử" --by "Lê Thị Bình"
  expect_rc 0; expect_out "$C"
  run act $C forward --by "Lê Thị Bình" --at 2025-07-02T08:00 --reason "kiểm thử"; expect_rc 0
  run act $C supplement_request --by "Trần Văn Cường" --at 2025-07-02T10:00 --reason "kiểm thử" --note "Thiếu giấy chứng nhận kiểm định thiết bị"
  expect_rc 0
  run act $C supplement_received --by "Lê Thị Bình" --at 2025-07-03T09:00 --reason "kiểm thử"; expect_rc 0
  run act $C pause --by "Trần Văn Cường" --at 2025-07-04T09:00 --reason "kiểm thử" --note "Thiết bị đang được kiểm định lại; Chờ kết quả kiểm định"
  expect_rc 0
  run act $C resume --by "Trần Văn Cường" --at 2025-07-07T09:00 --reason "kiểm thử"; expect_rc 0
  run apology $C --reason "Thiết bị cần kiểm định lại" --at 2025-07-10T08:00 --backdate-reason "kiểm thử" --by "Văn phòng Sở" \
      --new-appointment 2025-07-18T16:00
  expect_rc 0; cp "$out" "$out.apology-2025"
  run receive --procedure 1.000173 --channel in_person --applicant "Bệnh viện Đa khoa Sơn Tịnh" \
      --address "Tịnh Hà, Sơn Tịnh" --at 2025-07-02T14:00 --reason "kiểm thử" --by "Phạm Thị Dung"
  expect_rc 0; expect_out "$D"
  run act $D refuse --by "Phạm Thị Dung" --at 2025-07-02T14:30 --reason "kiểm thử" --note "Hồ sơ thuộc thẩm quyền của Bộ Khoa học và Công nghệ"
  expect_rc 0
EOT

# the text of every form, in the regime of its day (golden)
for kind in receipt supplement control; do
  test_expect_success "clerk prints the $kind form of a dossier received in June 2025 (Circular 01/2018)" "
    run form $A $kind --at 2025-06-30T09:00; expect_rc 0; golden \"\$g/form-$kind-2018.txt\"
  "
  test_expect_success "clerk prints the $kind form of a dossier received in July 2025 (Circular 03/2025)" "
    run form $C $kind --at 2025-07-08T09:00; expect_rc 0; golden \"\$g/form-$kind-2025.txt\"
  "
done
# Mẫu 04 is printed when the letter is issued (motcua apology)
test_expect_success 'office gets the apology letters as issued, in both regimes (golden)' '
  cp "$out.apology-2018" "$out"; golden "$g/form-apology-2018.txt"
  cp "$out.apology-2025" "$out"; golden "$g/form-apology-2025.txt"
'
test_expect_success 'office prints an issued apology letter again: the same letter, from its record (golden)' '
  run form $A apology; expect_rc 0; golden "$g/form-apology-2018.txt"
  run form $C apology; expect_rc 0; golden "$g/form-apology-2025.txt"
  cmp -s "$out" "$out.apology-2025" || fail "the reprint differs from the letter as issued"
'
test_expect_success 'clerk prints the refusal slips, with the reasons, in both regimes' '
  run form $B refusal; expect_rc 0; golden "$g/form-refusal-2018.txt"
  run form $D refusal; expect_rc 0; golden "$g/form-refusal-2025.txt"
'
test_expect_success 'office prints the stop notice of a dossier paused under Decree 118/2025 (golden)' '
  run form $C stop; expect_rc 0; golden "$g/form-stop-2025.txt"
'

test_expect_success 'the forms carry the regime of their day, the real applicant and no internal codes' - <<\EOT
  run form $A receipt; expect_out "(Mẫu số 01, Thông tư số 01/2018/TT-VPCP)"
  ! grep -qE "phiên bản|1\.000173|qng\." "$out" || fail "the receipt shows internal codes"
  run form $C receipt; expect_out "(Mẫu số 01, Thông tư số 03/2025/TT-VPCP)"
  expect_out "ngoài giờ hành chính; thời gian giải quyết tính từ 07 giờ 00 phút, ngày 02/07/2025"
  run form $A receipt; ! grep -q "ngoài giờ" "$out" || fail "a receipt in office hours says it was outside them"
  run form $A control --at 2025-06-30T09:00; expect_out "(Mẫu số 05, Thông tư số 01/2018/TT-VPCP)"
  run form $C control --at 2025-07-08T09:00; expect_out "(Mẫu số 06, Thông tư số 03/2025/TT-VPCP)"
  run form $C stop; expect_out "(Mẫu số 05, Thông tư số 03/2025/TT-VPCP)"
  cp "$out.apology-2018" "$out"; expect_out "Số: 01/XL-SKHCN"; expect_out "Kính gửi: Nguyễn Văn An"
  ! grep -q "Ông/Bà" "$out" || fail "the letter leaves Ông/Bà/Tổ chức unresolved"
  expect_out "KT. GIÁM ĐỐC"; expect_out "PHÓ GIÁM ĐỐC"; expect_out "Địa chỉ: 12 Quang Trung, TP Quảng Ngãi"
  cp "$out.apology-2025" "$out"; expect_out "Số: 02/XL-SKHCN"; expect_out "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN"
  run form $A supplement; expect_out "1. Thiếu bản sao chứng chỉ đào tạo an toàn bức xạ."
  expect_out "2. Đơn đề nghị chưa có chữ ký."
EOT

test_expect_success 'clerk asks for a form the dossier does not have, or a wrong one: told what is missing' - <<\EOT
  run form $B supplement; expect_rc 4; expect_err "no supplement was requested for dossier '$B'"
  run form $A refusal; expect_rc 4; expect_err "dossier '$A' was not refused"
  run form $A stop; expect_rc 4; expect_err "was paused on 19/06/2025: the stop notice (Mẫu 05, Thông tư số 03/2025/TT-VPCP) exists from 01/07/2025 only"
  run form $D stop; expect_rc 4; expect_err "dossier '$D' was never paused"
  run form $B apology; expect_rc 4; expect_err "no apology letter was issued for dossier '$B'"
  run form $A frobnicate; expect_rc 2; expect_err "unknown form 'frobnicate'"
  run form $A; expect_rc 2; expect_err "needs a dossier code and a form"
  run form 000.00.00.H48-250616-9999 receipt; expect_rc 3
EOT

# PDFs: title, applicant and code read back; Liberation Serif embedded
test_expect_success 'clerk prints every form as a PDF: the title, the applicant and the code read back' - <<\EOT
  for spec in "$A receipt GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ|Nguyễn Văn An" \
              "$A supplement PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ|Nguyễn Văn An" \
              "$B refusal PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ|Công ty TNHH Thiết bị Y tế Sơn Trà" \
              "$A control PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ|Nguyễn Văn An" \
              "$C receipt GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ|Phòng khám Đa khoa Đức Phổ" \
              "$C supplement PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ|Phòng khám Đa khoa Đức Phổ" \
              "$D refusal PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ|Bệnh viện Đa khoa Sơn Tịnh" \
              "$C stop THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ|Phòng khám Đa khoa Đức Phổ" \
              "$C control PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ|Phòng khám Đa khoa Đức Phổ"; do
    code=${spec%% *}; rest=${spec#* }; kind=${rest%% *}; rest=${rest#* }
    run form $code $kind --pdf "$pdf"; expect_rc 0 "$code $kind"; expect_out "wrote $pdf"
    pdf_has "${rest%%|*}" "${rest#*|}" "$code" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Độc lập - Tự do - Hạnh phúc"
    pdf_fonts
    case $code in "$A"|"$B") regime=2018 ;; *) regime=2025 ;; esac
    paper_shot "$pdf" "form-$kind-$regime"
  done
EOT

test_expect_success 'office issues apology letters as PDFs in both regimes: title, applicant, code, signer, fonts' - <<\EOT
  run receive --procedure 1.000173 --channel in_person --applicant "Trường THPT Trần Quốc Tuấn" \
      --address "Nghĩa Chánh, TP Quảng Ngãi" --at 2025-06-18T08:00 --reason "kiểm thử" --by "Lê Thị Bình"
  expect_rc 0; e=000.00.00.H48-250618-0001
  run apology $e --reason "Chờ thẩm định" --at 2025-06-20T09:00 --backdate-reason "kiểm thử" --pdf "$pdf"; expect_rc 0
  pdf_has "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" "Trường THPT Trần Quốc Tuấn" "$e" "Số: 03/XL-SKHCN" \
    "KT. GIÁM ĐỐC" "PHÓ GIÁM ĐỐC" "Nơi nhận:" "Quảng Ngãi, ngày 20 tháng 06 năm 2025"
  pdf_fonts
  paper_shot "$pdf" form-apology-2018
  run receive --procedure 1.000173 --channel in_person --applicant "Trường THPT Ba Gia" \
      --address "Tịnh Bắc, Sơn Tịnh" --at 2025-07-03T08:00 --reason "kiểm thử" --by "Lê Thị Bình"
  expect_rc 0; e=000.00.00.H48-250703-0001
  run apology $e --reason "Chờ thẩm định" --at 2025-07-07T09:00 --backdate-reason "kiểm thử" --pdf "$pdf"; expect_rc 0
  pdf_has "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" "Trường THPT Ba Gia" "$e" "Số: 04/XL-SKHCN"
  pdf_fonts
  paper_shot "$pdf" form-apology-2025
EOT

test_expect_success 'the receipt PDF holds the two copies, each with both signature columns' '
  run form $C receipt --pdf "$pdf"; expect_rc 0
  [ "$(pdfinfo "$pdf" | awk "/^Pages:/ { print \$2 }")" = 2 ] || fail "the receipt PDF is not two pages"
  pdf_has "Liên 1: Lưu tại Bộ phận tiếp nhận và trả kết quả" "Liên 2: Giao người nộp hồ sơ" \
    "NGƯỜI NỘP HỒ SƠ" "NGƯỜI TIẾP NHẬN HỒ SƠ" "Lê Thị Bình"
'

test_expect_success 'the existing --pdf options still write the same forms' '
  run show $A --receipt --pdf "$pdf"; expect_rc 0; pdf_has "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" "$A"; pdf_fonts
  run show $A --pdf "$pdf" --at 2025-06-30T09:00; expect_rc 0; pdf_has "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
'

test_expect_success 'office configures the signer by name: the letter prints it, and no hint for it' - <<\EOT
  home2=$(mktemp -d)
  cp -r "$MOTCUA_SRC/procedures" "$MOTCUA_SRC/migrations" "$home2/"
  sed -i 's/^signer: {title: "KT. GIÁM ĐỐC", subtitle: "PHÓ GIÁM ĐỐC"}$/signer: {title: "KT. GIÁM ĐỐC", subtitle: "PHÓ GIÁM ĐỐC", name: "Người Ký Thử"}/' \
    "$home2/procedures/agency.yaml"
  grep -q "Người Ký Thử" "$home2/procedures/agency.yaml" || fail "the test could not set the signer"
  MOTCUA_HOME=$home2 run form $C stop; expect_rc 0
  expect_out "Người Ký Thử"; ! grep -q "(Ký, ghi rõ họ tên và đóng dấu)" "$out" || fail "a named signer still gets the hint"
  run form $C stop; expect_rc 0
  ! grep -q "Người Ký Thử" "$out" || fail "the default agency.yaml names a signer"
  expect_out "(Ký, ghi rõ họ tên và đóng dấu)"
EOT
finish
