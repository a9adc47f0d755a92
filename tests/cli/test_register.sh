#!/usr/bin/env bash
# `motcua register`: the register of dossiers (Sổ theo dõi hồ sơ, Mẫu 06 of
# Circular 01/2018/TT-VPCP before 01/07/2025, Mẫu 07 of 03/2025/TT-VPCP from
# then) as text and CSV (golden), PDF (A4 landscape, read back with
# pdftotext, fonts with pdffonts) and xlsx (read back from its XML); and
# Biểu 06a of `motcua report --format xlsx`, whose rows add up.
. "$(dirname "$0")/lib.sh"
fresh_db
g="$MOTCUA_SRC/tests/golden"
tmpd=$(mktemp -d)
trap 'rm -f "$out" "$errf"; rm -rf "$tmpd"; psql -qX -d postgres -c "DROP DATABASE IF EXISTS ${MOTCUA_DATABASE_URL#dbname=} WITH (FORCE)" >/dev/null 2>&1' EXIT
A=000.00.00.H48-250616-0001
B=000.00.00.H48-250617-0001
E=000.00.00.H48-250618-0001
C=000.00.00.H48-250701-0001
D=000.00.00.H48-250702-0001
p=(--reason "kiểm thử")

# xlsx_xml FILE: the first sheet and the shared strings as $tmpd/sheet.xml, $tmpd/strings.xml
xlsx_xml() {
  unzip -p "$1" xl/worksheets/sheet1.xml > "$tmpd/sheet.xml" || { fail "no sheet1.xml in $1"; return; }
  unzip -p "$1" xl/sharedStrings.xml > "$tmpd/strings.xml" || { fail "no sharedStrings.xml in $1"; return; }
}

test_expect_success 'officer migrates the database and loads the catalogue' '
  run db migrate;    expect_rc 0
  run catalog load;  expect_rc 0
'

test_expect_success 'clerks receive dossiers in June and July 2025: one returned, refused, voided, waiting' - <<\EOT
  run receive --procedure 1.000173 --channel in_person --applicant "Nguyễn Văn An" \
      --address "12 Quang Trung, TP Quảng Ngãi" --phone 0905123456 --at 2025-06-16T08:00 "${p[@]}" --by "Lê Thị Bình"
  expect_rc 0; expect_out "$A"
  run act $A forward --by "Lê Thị Bình" --at 2025-06-16T09:00 "${p[@]}"; expect_rc 0
  run act $A supplement_request --by "Trần Văn Cường" --at 2025-06-17T09:00 "${p[@]}" --note "Thiếu bản sao chứng chỉ"; expect_rc 0
  run act $A supplement_received --by "Lê Thị Bình" --at 2025-06-18T09:00 "${p[@]}"; expect_rc 0
  run act $A forward --by "Trần Văn Cường" --at 2025-06-20T09:00 "${p[@]}"; expect_rc 0
  run act $A forward --by "Lãnh đạo" --at 2025-06-23T09:00 "${p[@]}"; expect_rc 0
  run act $A result_ready --by "Lê Thị Bình" --at 2025-06-24T09:00 "${p[@]}"; expect_rc 0
  run act $A return --by "Lê Thị Bình" --at 2025-06-25T10:00 "${p[@]}"; expect_rc 0
  run receive --procedure 1.000173 --channel in_person --applicant "Công ty TNHH Thiết bị Y tế Sơn Trà" \
      --address "5 Lê Lợi, TP Quảng Ngãi" --at 2025-06-17T10:00 "${p[@]}" --by "Lê Thị Bình"
  expect_rc 0; expect_out "$B"
  run act $B refuse --by "Lê Thị Bình" --at 2025-06-17T10:30 "${p[@]}" --note "Thiết bị không thuộc danh mục"; expect_rc 0
  run receive --procedure 1.000173 --channel in_person --applicant "Nhập nhầm" --at 2025-06-18T10:00 "${p[@]}" --by "Lê Thị Bình"
  expect_rc 0; expect_out "$E"
  run act $E void --note "nhập nhầm hồ sơ" --at 2025-06-18T10:05 "${p[@]}"; expect_rc 0
  run receive --procedure 1.000173 --channel online --applicant "Phòng khám Đa khoa Đức Phổ" \
      --address "Quốc lộ 1A, thị xã Đức Phổ" --phone 0255384567 --at 2025-07-01T18:00 "${p[@]}" --by "Lê Thị Bình"
  expect_rc 0; expect_out "$C"
  run act $C forward --by "Lê Thị Bình" --at 2025-07-02T08:00 "${p[@]}"; expect_rc 0
  run act $C supplement_request --by "Trần Văn Cường" --at 2025-07-02T10:00 "${p[@]}" --note "Thiếu giấy chứng nhận kiểm định"
  expect_rc 0
  run receive --procedure 1.000173 --channel post --applicant "Bệnh viện Đa khoa Sơn Tịnh" \
      --address "Tịnh Hà, Sơn Tịnh" --at 2025-07-02T14:00 "${p[@]}" --by "Phạm Thị Dung"
  expect_rc 0; expect_out "$D"
EOT

test_expect_success 'desk prints the June register as text and CSV, in the 2018 form (golden)' - <<\EOT
  run register --from 2025-06-01 --to 2025-06-30; expect_rc 0; golden "$g/register-2025-06.txt"
  expect_out "(Mẫu số 06, Thông tư số 01/2018/TT-VPCP)"; expect_out "2 hồ sơ tiếp nhận"
  ! grep -q "$E" "$out" || fail "the voided receipt is in the register"
  run register --from 2025-06-01 --to 2025-06-30 --csv; expect_rc 0; golden "$g/register-2025-06.csv"
  head -c 3 "$out" | od -An -tx1 | grep -q "ef bb bf" || fail "the CSV has no BOM"
EOT

test_expect_success 'desk prints the July register in the 2025 form (golden)' - <<\EOT
  run register --from 2025-07-01 --to 2025-07-31; expect_rc 0; golden "$g/register-2025-07.txt"
  expect_out "(Mẫu số 07, Thông tư số 03/2025/TT-VPCP)"
  run register --from 2025-07-01 --to 2025-07-31 --csv; expect_rc 0; golden "$g/register-2025-07.csv"
EOT

test_expect_success 'the register row has the form facts: dates, transfer, result, return, the notes' - <<\EOT
  run register --from 2025-06-01 --to 2025-06-30 --csv
  python3 - "$out" "$A" "$B" <<'PY' || fail "the June register's rows are wrong"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
head, a, b = rows[0], rows[1], rows[2]
assert len(rows) == 3 and len(head) == 14, rows
assert head[:3] == ["STT", "Mã hồ sơ", "Tên thủ tục hành chính"], head
assert head[7] == "Ngày, tháng, năm: Nhận hồ sơ" and head[12] == "Trả kết quả: Ký nhận", head
assert a[0] == "1" and a[1] == sys.argv[2] and a[3] == "1", a
assert a[5] == "12 Quang Trung, TP Quảng Ngãi ĐT: 0905123456", a[5]
assert a[6].startswith("Phòng Quản lý chuyên ngành"), a[6]
assert a[7] == "16/06/2025 08:00" and a[9] == "16/06/2025 09:00", a
assert "YC bổ sung: 17/06/2025 09:00" in a[10] and "Có kết quả: 24/06/2025 09:00" in a[10], a[10]
assert a[11] == "25/06/2025 10:00" and a[12] == "", a
assert b[1] == sys.argv[3] and b[11] == "" and b[13].startswith("Từ chối"), b
PY
EOT

test_expect_success 'desk asks for a register across 01/07/2025, backwards, or without a period: refused' - <<\EOT
  run register --from 2025-06-15 --to 2025-07-14; expect_rc 2
  expect_err "the forms change on 01/07/2025 (Thông tư số 03/2025/TT-VPCP): one register is in one form"
  expect_err "give a period up to 30/06/2025 and one from 01/07/2025"; expect_empty_out
  run register --from 2025-07-14 --to 2025-07-01; expect_rc 2; expect_err "the period ends (2025-07-01) before it starts (2025-07-14)"
  run register --from 2025-07-01; expect_rc 2; expect_err "give the period"
  run register --from 2025-07-01 --to 2025-07-02 --csv --pdf "$tmpd/x.pdf"; expect_rc 2; expect_err "give one of"
  [ ! -e "$tmpd/x.pdf" ] || fail "a refused register wrote a file"
  run register --from 2024-01-01 --to 2024-01-31; expect_rc 0; expect_out "Không có hồ sơ nào được tiếp nhận"
EOT

# The register entry (migration 0024): each desk receipt gets the next
# number (Số thứ tự) in the register of its receipt day's year (Quyển số),
# shown on the slip, by `show --json` and in the register's STT column; a
# receipt written into history takes the next number of its year and moves
# no other; the next year's register starts at 1; `db verify` checks them.
test_expect_success 'each receipt has its number in the year'\''s register: slip, show, register' - <<\EOT
  run show $A --json; expect_rc 0; expect_out '"register":{"book":2025,"number":1}'
  run show $D --json; expect_rc 0; expect_out '"register":{"book":2025,"number":5}'
  run form $D receipt; expect_rc 0; expect_out "Vào Sổ theo dõi hồ sơ, Quyển số: 2025, Số thứ tự: 5"
  run register --from 2025-07-01 --to 2025-07-31; expect_rc 0; expect_out "Quyển số: 2025"
  expect_out "| 5      | 000.00.00.H48-2"
EOT

test_expect_success 'a receipt written into history takes the next number of its year; the others keep theirs' - <<\EOT
  run receive --procedure 1.000173 --channel in_person --applicant "Trần Thị Giấy" --at 2025-06-10T09:00 \
      "${p[@]}" --by "Lê Thị Bình" --json
  expect_rc 0; expect_out '"register":{"book":2025,"number":6}'
  late=$(sed -n 's/.*"code":"\([^"]*\)".*/\1/p' "$out")
  run show $A --json; expect_out '"register":{"book":2025,"number":1}'
  run show $D --json; expect_out '"register":{"book":2025,"number":5}'
  run register --from 2025-06-01 --to 2025-06-30; expect_rc 0; expect_out "| 6      | 000.00.00.H48-2"; expect_out "${late#000.00.00.H48-2}"
  run receive --procedure 1.000173 --channel online --applicant "Nguyễn Năm Mới" --by "Lê Thị Bình" --json
  expect_rc 0; expect_out '"register":{"book":'"$(TZ=Asia/Ho_Chi_Minh date +%Y)"',"number":1}'
  run db verify; expect_rc 0
EOT

test_expect_success 'db verify names a register entry changed behind the engine'\''s back' - <<\EOT
  psql -qAtX -v ON_ERROR_STOP=1 -d "${MOTCUA_DATABASE_URL#dbname=}" \
    -c "UPDATE motcua.dossier SET register_no = 7 WHERE code = '$D'" >/dev/null || fail "psql could not change the row"
  run db verify; expect_rc 1; expect_out "register 2025: 6 entries numbered 1..7"
  psql -qAtX -v ON_ERROR_STOP=1 -d "${MOTCUA_DATABASE_URL#dbname=}" \
    -c "UPDATE motcua.dossier SET register_no = 5 WHERE code = '$D'" >/dev/null
  run db verify; expect_rc 0
EOT

# PDF: A4 landscape, Liberation Serif embedded, the columns and rows read back
for spec in "06 2025-06-01 2025-06-30 01/2018/TT-VPCP $A" "07 2025-07-01 2025-07-31 03/2025/TT-VPCP $C"; do
  set -- $spec
  test_expect_success "desk prints the register in Mẫu $1 as a PDF on A4 landscape, Liberation Serif" "
    run register --from $2 --to $3 --pdf \"\$tmpd/register-$1.pdf\"; expect_rc 0; expect_out \"wrote \$tmpd/register-$1.pdf\"
    pdfinfo \"\$tmpd/register-$1.pdf\" | grep -q 'Page size: *841.89 x 595.2' || fail 'the register is not on A4 landscape'
    paper_shot \"\$tmpd/register-$1.pdf\" register-mau-$1
    pdffonts \"\$tmpd/register-$1.pdf\" > \"\$tmpd/fonts\"
    grep -q LiberationSerif-Bold \"\$tmpd/fonts\" || fail 'no bold Liberation Serif'
    grep -q 'LiberationSerif-Regular\\|LiberationSerif ' \"\$tmpd/fonts\" || fail 'no Liberation Serif'
    awk 'NR > 2 && \$(NF-4) != \"yes\" { bad = 1 } END { exit bad }' \"\$tmpd/fonts\" || fail 'a font is not embedded'
    pdftotext -layout \"\$tmpd/register-$1.pdf\" \"\$tmpd/text\"
    for s in 'SỔ THEO DÕI HỒ SƠ' '(Mẫu số $1, Thông tư số $4)' '(1)' '(14)' 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'; do
      grep -qF \"\$s\" \"\$tmpd/text\" || fail \"the PDF lacks '\$s'\"
    done
    # (in the order drawn, a cell after the other: the cells' lines joined)
    pdftotext -raw \"\$tmpd/register-$1.pdf\" - | tr -d ' \\n' > \"\$tmpd/text\"
    for s in '$5' 'Thủtụccấpvàcấplạichứngchỉnhânviênbứcxạ' 'STT(1)' 'Mãhồsơ(2)' 'Trảkếtquả:Kýnhận(13)' 'Ghichú(14)'; do
      grep -qF \"\$s\" \"\$tmpd/text\" || fail \"the PDF lacks '\$s'\"
    done
  "
done

test_expect_success 'desk exports the June register as xlsx: the grouped header, the rows, A4 landscape' - <<\EOT
  run register --from 2025-06-01 --to 2025-06-30 --xlsx "$tmpd/register.xlsx"; expect_rc 0
  xlsx_xml "$tmpd/register.xlsx"
  for s in "SỔ THEO DÕI HỒ SƠ" "(Mẫu số 06, Thông tư số 01/2018/TT-VPCP)" "Mã hồ sơ" "Ngày, tháng, năm" \
           "Trả kết quả" "Ký nhận" "Nguyễn Văn An" "$A" "$B"; do
    grep -qF "$s" "$tmpd/strings.xml" || fail "the workbook lacks '$s'"
  done
  grep -q 'orientation="landscape"' "$tmpd/sheet.xml" || fail "the sheet is not landscape"
  grep -q 'paperSize="9"' "$tmpd/sheet.xml" || fail "the sheet is not on A4"
  grep -q '<mergeCell ref="H[0-9]*:K[0-9]*"/>' "$tmpd/sheet.xml" || fail "no group over the four dates"
EOT

test_expect_success 'leader imports a history and gets Biểu 06a as xlsx: names, groups, every row adds up' - <<\EOT
  run import "$MOTCUA_SRC/tests/fixtures/report.csv"; expect_rc 0
  run report --half 2023H1 --format xlsx; expect_rc 2; expect_err "give --out FILE"
  run report --half 2023H1 --format xlsx --out "$tmpd/06a.xlsx"; expect_rc 0; expect_err "wrote $tmpd/06a.xlsx"
  xlsx_xml "$tmpd/06a.xlsx"
  python3 - "$tmpd/sheet.xml" "$tmpd/strings.xml" <<'PY' || fail "Biểu 06a in the workbook is wrong"
import re, sys
import xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
strings = ["".join(t.text or "" for t in si.iter("{%s}t" % ns["m"]))
           for si in ET.parse(sys.argv[2]).getroot().findall("m:si", ns)]
rows = {}
for c in ET.parse(sys.argv[1]).getroot().iter("{%s}c" % ns["m"]):
    col, row = re.match(r"([A-Z]+)(\d+)", c.get("r")).groups()
    v = c.find("m:v", ns)
    if v is None:
        continue
    rows.setdefault(int(row), {})[col] = strings[int(v.text)] if c.get("t") == "s" else float(v.text)
text = [v for r in rows.values() for v in r.values() if isinstance(v, str)]
for s in ["Biểu số 06a/VPCP/KSTT", "Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết",
          "Số hồ sơ rút, trả lại, từ chối", "Số hồ sơ đang giải quyết", "Rút hồ sơ", "STT",
          "TỔNG SỐ", "NGƯỜI LẬP BIỂU", "KT. GIÁM ĐỐC", "(Ký, ghi rõ họ tên, đóng dấu)", "(15)",
          "Đơn vị báo cáo: Sở Khoa học và Công nghệ tỉnh Quảng Ngãi",
          "Kỳ báo cáo: từ ngày 15/12/2022 đến ngày 14/06/2023"]:
    assert s in text, s
assert any("chứng chỉ nhân viên bức xạ" in s for s in text), "no procedure by name"
assert not any(re.fullmatch(r"1\.\d{6}", s) for s in text), "a procedure shown by its code"
head = next(r for r, v in rows.items() if v.get("A") == "STT")
assert rows[head]["C"] == "Số hồ sơ nhận giải quyết" and rows[head + 1]["C"] == "Tổng số", rows[head]
assert rows[head + 2]["A"] == "(1)" and rows[head + 2]["O"] == "(15)"
data = [v for r, v in sorted(rows.items()) if r > head + 2 and isinstance(v.get("C"), float)]
assert data[0]["B"] == "TỔNG SỐ" and data[0]["C"] == 8 and data[0]["F"] == 2, data[0]
assert data[0]["K"] == 1, data[0]          # withdrawn, in its own column
assert len(data) >= 3, data
for r in data:
    n = {k: r[k] for k in "CDEFGHIJKLMNO"}
    assert n["C"] == n["D"] + n["E"] + n["F"], r
    assert n["G"] == n["H"] + n["I"] + n["J"], r
    assert n["C"] == n["G"] + n["K"] + n["L"] + n["M"] + n["N"] + n["O"], r
PY
EOT

test_expect_success 'desk exports into a folder that does not exist: a clear error, exit 1' - <<\EOT
  run register --from 2025-06-01 --to 2025-06-30 --xlsx "$tmpd/none/r.xlsx"; expect_rc 1
  expect_err "the workbook '$tmpd/none/r.xlsx'"
  run report --half 2023H1 --format xlsx --out "$tmpd/none/b.xlsx"; expect_rc 1
  expect_err "the workbook '$tmpd/none/b.xlsx'"
  run register --from 2025-06-01 --to 2025-06-30 --pdf "$tmpd/none/r.pdf"; expect_rc 1
  expect_err "the PDF '$tmpd/none/r.pdf'"
EOT

# MOTCUA_TEST_ARTIFACTS=DIR keeps the PDFs and workbooks, to look at them
[ -n "${MOTCUA_TEST_ARTIFACTS:-}" ] && cp "$tmpd"/*.pdf "$tmpd"/*.xlsx "$MOTCUA_TEST_ARTIFACTS"/
finish
