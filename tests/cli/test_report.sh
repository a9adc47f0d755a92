#!/usr/bin/env bash
# Period reports from a fixed history: golden text, CSV, JSON and HTML;
# period boundaries (received on the 14th vs the 15th, carried over across
# two periods, finished on the last day); the HTML renders in Chromium; the
# report as the department sends it (PDF and HTML: letterhead, number,
# recipient, sections, signature; charts by reporting month, 15th to 14th).
. "$(dirname "$0")/lib.sh"
fresh_db
g="$MOTCUA_SRC/tests/golden"

test_expect_success 'officer migrates, loads the catalogue and imports the history' '
  run db migrate;   expect_rc 0
  run catalog load; expect_rc 0
  run import "$MOTCUA_SRC/tests/fixtures/report.csv"; expect_rc 0
'

test_expect_success 'an imported dossier keeps its old code and is in no register of this system' '
  run show R-1 --json; expect_rc 0; expect_out "\"register\":null"
  run db verify; expect_rc 0
'

test_expect_success 'leader gets the half-year report as text, CSV (with a BOM), HTML and JSON (golden)' '
  run report --half 2023H1;                expect_rc 0; golden "$g/report-2023H1.txt"
  run report --half 2023H1 --format csv;   expect_rc 0; golden "$g/report-2023H1.csv"
  head -c 3 "$g/report-2023H1.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "the CSV has no BOM"
  run report --half 2023H1 --format html --number 5 --date 2023-06-20; expect_rc 0; golden "$g/report-2023H1.html"
  run report --half 2023H1 --format json;  expect_rc 0; golden "$g/report-2023H1.json"
'

# exactly the keys, integers, and every handled dossier counted once
test_expect_success 'the JSON report has exactly the keys, integers, and each dossier counted once' - <<\EOT
python3 - "$out" <<'PY' || fail "JSON keys or sums are wrong"
import json, sys
d = json.load(open(sys.argv[1]))
keys = ["received_total", "received_carried_over", "received_online", "received_in_person",
        "received_post", "resolved_early", "resolved_on_time", "resolved_late", "withdrawn",
        "returned_unprocessed", "refused", "in_progress_within_time", "in_progress_overdue"]
assert sorted(d) == sorted(keys + ["indicators"]), sorted(d)
assert all(isinstance(d[k], int) for k in keys)
assert d["received_total"] == d["received_carried_over"] + d["received_online"] + d["received_in_person"] + d["received_post"]
assert d["received_total"] == sum(d[k] for k in keys[5:])
# boundaries: R-1 (received 14/12, open on 15/12) and R-3 (November) are carried
# over; R-9 (received 15/06) is not in the period; R-4 finished on 14/06 on time
assert d["received_carried_over"] == 2 and d["received_total"] == 8, d
assert d["resolved_on_time"] == 1 and d["resolved_early"] == 2 and d["resolved_late"] == 1, d
assert d["withdrawn"] == 1 and d["in_progress_within_time"] == 2 and d["in_progress_overdue"] == 1, d
assert d["indicators"]["second_supplement_requests"] == 1
PY
EOT

# the period before: R-1 and R-3 received, both still open at its end
test_expect_success 'leader reports the year before: two received, both still open at its end' - <<\EOT
  run report --year 2022 --format json; expect_rc 0
  expect_out '"received_total":2,"received_carried_over":0'
  expect_out '"in_progress_within_time":1,"in_progress_overdue":1'
EOT

# the period after: R-3 carried over a second time, R-8 waiting (clock stopped)
test_expect_success 'leader reports the half after: a dossier carried over a second time' - <<\EOT
  run report --half 2023H2 --format json; expect_rc 0
  expect_out '"received_total":4,"received_carried_over":3,"received_online":1'
  expect_out '"in_progress_within_time":1,"in_progress_overdue":3'
EOT

test_expect_success 'leader reports single days on the boundary: the 14th and the 15th of June' - <<\EOT
  run report --from 2023-06-15 --to 2023-06-15 --format json; expect_out '"received_online":1'
  run report --from 2023-06-14 --to 2023-06-14 --format json; expect_out '"received_online":2'
EOT

test_expect_success 'leader asks for an impossible period or format and is told (exit 2)' - <<\EOT
  run report --quarter 2023Q5;  expect_rc 2; expect_err "invalid quarter '2023Q5'"
  run report --from 2023-06-14; expect_rc 2
  run report --from 2023-06-14 --to 2023-01-01; expect_rc 2; expect_err "ends (2023-01-01) before it starts"
  run report --half 2023H1 --format docx; expect_rc 2; expect_err "unknown format 'docx'"
  run report --half 2023H1 --format pdf; expect_rc 2; expect_err "give --out FILE"
  run report --half 2023H1 --format pdf --out /dev/null --number 0; expect_rc 2; expect_err "invalid report number '0'"
  run report --half 2023H1 --format text --number 3; expect_rc 2; expect_err "are for --format html or pdf"
  run report --half 2023H1 --format pdf --out /dev/null --date 2023-02-30; expect_rc 2
EOT

# the report as the department sends it: a Decree 30/2020 document on A4
# portrait, read back with pdftotext (golden, in the order drawn) and
# pdffonts
test_expect_success 'leader prints the half-year report as a PDF: letterhead, number, recipient, sections, signature' - <<\EOT
  pdf=$(mktemp --suffix=.pdf)
  run report --half 2023H1 --format pdf --out "$pdf" --number 5 --date 2023-06-20 --signer "Nguyễn Văn Bình"
  expect_rc 0; expect_err "wrote $pdf"
  pdfinfo "$pdf" | grep -q "Page size: *595.2.* x 841.8" || fail "the report is not on A4 portrait"
  paper_shot "$pdf" report-2023H1
  pdffonts "$pdf" > "$pdf.fonts"
  grep -q "LiberationSerif-Bold" "$pdf.fonts" || fail "no bold Liberation Serif"
  awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' "$pdf.fonts" || fail "a font is not embedded"
  pdftotext -raw "$pdf" "$out"; golden "$g/report-2023H1-pdf.txt"
  tr -s " \n" " " < "$out" > "$pdf.txt"
  for s in "UBND TỈNH QUẢNG NGÃI" "SỞ KHOA HỌC VÀ CÔNG NGHỆ" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" \
           "Độc lập - Tự do - Hạnh phúc" "Số: 05/BC-SKHCN" "Quảng Ngãi, ngày 20 tháng 06 năm 2023" "BÁO CÁO" \
           "6 tháng đầu năm 2023" "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ngãi." \
           "I. TÌNH HÌNH TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ" "II. KẾT QUẢ" \
           "III. HỒ SƠ QUÁ HẠN, NGUYÊN NHÂN VÀ VIỆC XIN LỖI" "IV. ĐỀ XUẤT, KIẾN NGHỊ" \
           "Hồ sơ tiếp nhận theo tháng năm 2023" "T1: từ 15/12/2022 đến 14/01/2023" \
           "KT. GIÁM ĐỐC" "PHÓ GIÁM ĐỐC" "Nguyễn Văn Bình" "Nơi nhận:"; do
    grep -qF "$s" "$pdf.txt" || fail "the PDF lacks '$s'"
  done
  rm -f "$pdf" "$pdf.fonts" "$pdf.txt"
EOT

test_expect_success 'leader leaves the number blank and sends the report elsewhere' - <<\EOT
  pdf=$(mktemp --suffix=.pdf)
  run report --half 2023H1 --format pdf --out "$pdf" --recipient "Văn phòng Ủy ban nhân dân tỉnh" --date 2023-06-20
  expect_rc 0
  pdftotext "$pdf" - | tr -s " \n" " " > "$pdf.txt"
  grep -qF "Số: /BC-SKHCN" "$pdf.txt" || fail "the number is not left blank"
  grep -qF "Kính gửi: Văn phòng Ủy ban nhân dân tỉnh." "$pdf.txt" || fail "the recipient is not the one given"
  grep -qF "(Ký, ghi rõ họ tên và đóng dấu)" "$pdf.txt" || fail "without a signer the hint stays"
  rm -f "$pdf" "$pdf.txt"
EOT

# the charts go by reporting month: R-2, received on 15/12/2022, is in month
# 1 of 2023 (15/12-14/01), not in December; R-6 (01/02) in month 2; a month
# with no dossier is still a bar (0)
test_expect_success 'leader sees the charts by reporting month, 15th to 14th, with the values' - <<\EOT
  run report --from 2022-12-15 --to 2023-01-14 --format html --date 2023-01-20; expect_rc 0
  expect_out "<title>T1: Trực tuyến 1, Trực tiếp 0, Bưu chính 0</title>"
  expect_out "tháng 1 năm 2023"
  [ "$(grep -c "<title>T[0-9]*: Trực tuyến" "$out")" = 1 ] || fail "the month is cut in two"
  run report --half 2023H1 --format html --date 2023-06-20; expect_rc 0
  expect_out "<title>T2: Trực tuyến 1, Trực tiếp 0, Bưu chính 0</title>"
  expect_out "<title>T4: Trực tuyến 0, Trực tiếp 0, Bưu chính 0</title>"
  expect_out "<title>T6: Trực tuyến 3, Trực tiếp 0, Bưu chính 0</title>"
  expect_out "<title>T6: Trước hạn 0, Đúng hạn 1, Quá hạn 0</title>"
EOT

# the HTML page renders in headless Chromium to a non-empty screenshot
test_expect_success 'leader opens the HTML report in a browser: it renders, offline' - <<\EOT
  html=$(mktemp --suffix=.html); png=$(mktemp --suffix=.png); profile=$(mktemp -d)
  run report --half 2023H1 --format html --out "$html"; expect_rc 0; expect_err "wrote $html"
  if grep -q "http" "$html" && grep -o 'src="http[^"]*"' "$html"; then
    fail "the page loads something from the network"
  fi
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=1200,1600 --screenshot="$png" "file://$html" >/dev/null 2>&1
  [ "$(stat -c %s "$png" 2>/dev/null || echo 0)" -gt 10000 ] || fail "Chromium made no screenshot of the report"
  rm -rf "$html" "$png" "$profile"
EOT
finish
