#!/usr/bin/env bash
# `motcua catalog`: check, gaps, list/show by date, load (idempotent) and a
# bad file refused with exit 2, the database unchanged.
. "$(dirname "$0")/lib.sh"
fresh_db

test_expect_success 'officer checks the catalogue and sees its gaps' - <<\EOT
  run catalog check;          expect_rc 0; expect_out "catalogue OK: 60 procedures"
  run catalog check --gaps;   expect_rc 0; expect_out "set 2020: 48 of the 65 declared procedures are identified"
  expect_out "qng.tcd.01: version 1: processing time unknown"
EOT

test_expect_success 'clerk looks up a procedure and the procedures in force on a date' - <<\EOT
  run catalog show qng.atbx.01 --at 2019-06-15; expect_rc 0
  expect_out "Thời gian rút ngắn: 15 ngày (giảm 50.0%, mục tiêu 30%)"
  run catalog show qng.atbx.01 --at 2019-12-02 --json; expect_rc 0
  expect_out '"version":3,"effective_from":"2019-11-19","statutory":"30d","shortened":"10d","cut_percent":66.7'
  run catalog show 1.000173 --at 2020-01-01; expect_rc 0; expect_out "07 ngày làm việc (giảm 30.0%"
  run catalog list --at 2020-12-31; expect_rc 0; expect_out "60 thủ tục có hiệu lực ngày 31/12/2020"
  run catalog list --at 2016-01-01 --json; expect_rc 0; expect_out "[]"
EOT

test_expect_success 'clerk reads the numbered list of documents a procedure needs' - <<\EOT
  run catalog show 1.000173 --at 2024-03-04; expect_rc 0; golden "$MOTCUA_SRC/tests/golden/catalog-show-1.000173.txt"
  run catalog show qng.tdc.06; expect_rc 0
  expect_out "  4. Giấy chứng nhận xuất xứ (C/O) — bản chính hoặc bản sao có kèm bản chính để đối chiếu — không bắt buộc (nếu có)"
  run catalog show qng.khcn.01; expect_rc 0; expect_out "Thành phần hồ sơ: chưa rõ (nguồn chưa cho biết)"
  run catalog check --gaps; expect_rc 0; expect_out "qng.khcn.01: version 1: required documents unknown"
  grep -q "^1.000173: version .: required documents unknown" "$out" && fail "1.000173's list is known"
  run catalog show 2.002131 --json; expect_rc 0
  expect_out '"sets":1,"documents":[{"name":"Phiếu khai báo thiết bị X-quang chẩn đoán y tế (theo mẫu)","form":"01 phiếu","required":true,"condition":null}]'
EOT

# the facts of sources-2026-12b.md: a time from the law's date, not before it
test_expect_success 'clerk looks up procedures whose time or documents a public source gave, from the law that gave them' - <<\EOT
  run catalog show qng.khcn.19 --at 2019-01-02; expect_rc 0
  expect_out "Phiên bản 2, hiệu lực từ 01/07/2018"; expect_out "Thời gian theo quy định: 05 ngày làm việc"
  run catalog show qng.khcn.19 --at 2018-06-30; expect_rc 0; expect_out "Thời gian theo quy định: chưa rõ"
  run catalog show qng.khcn.18 --at 2025-10-14 --json; expect_rc 0
  expect_out '"version":2,"effective_from":"2025-10-14","statutory":"15d"'; expect_out '"sets":1'
  run catalog show qng.khcn.18 --at 2025-10-13; expect_rc 0; expect_out "Thời gian theo quy định: chưa rõ"
  run catalog show qng.khcn.16 --at 2024-02-15; expect_rc 0
  expect_out "  3. Chứng thư giám định máy móc, thiết bị, dây chuyền công nghệ sử dụng trong dự án đầu tư còn hiệu lực"
  run catalog check --gaps; expect_rc 0
  expect_out "qng.khcn.19: version 1: processing time unknown (receipts need an appointment set by hand, office role)"
  expect_out "qng.khcn.16: version 2: processing time unknown"
  grep -q "^qng.khcn.19: version 2: processing time unknown" "$out" && fail "qng.khcn.19 has a time from 2018"
  grep -q "^qng.khcn.18: version 2: processing time unknown" "$out" && fail "qng.khcn.18 has a time from 2025"
  grep -q "^qng.khcn.16: version 2: required documents unknown" "$out" && fail "qng.khcn.16's list is known from 2024"
  true
EOT

test_expect_success 'clerk asks for a procedure or a date that does not exist and is told' - <<\EOT
  run catalog show nope;      expect_rc 3; expect_err "no procedure 'nope' in the catalogue"
  run catalog show qng.atbx.01 --at 2016-01-01; expect_rc 3; expect_err "has no version in force on 01/01/2016"
  run catalog list --at 2026-02-30; expect_rc 2; expect_err "February 2026 has 28 days"
  run catalog chek;           expect_rc 2; expect_err "did you mean 'check'"
EOT

# a database without the schema: a hint, not just the server's words
test_expect_success 'user lists dossiers before migrating and is told to run db migrate' - <<\EOT
  run list; expect_rc 7; expect_err "hint: the database schema is missing or older than this motcua: run 'motcua db migrate'"
EOT

test_expect_success 'officer migrates and loads the catalogue twice, the second load changing nothing' '
  run db migrate;             expect_rc 0
  run catalog load;           expect_rc 0; expect_out "76 added, 0 updated, 0 unchanged"
  run catalog load;           expect_rc 0; expect_out "0 added, 0 updated, 76 unchanged"
'

test_expect_success 'clerk receives for a procedure whose time a source gave, and not before the law that gave it' - <<\EOT
  run receive --procedure qng.khcn.19 --channel in_person --applicant "Công ty TNHH Chuyển giao An Phú" \
      --at 2024-03-04T09:00 --reason "kiểm thử" --by "Lê Thị Bình"
  expect_rc 0
  run receive --procedure qng.khcn.19 --channel in_person --applicant "Công ty TNHH Chuyển giao An Phú" \
      --at 2018-03-05T09:00 --reason "kiểm thử" --by "Lê Thị Bình"
  expect_rc 4; expect_err "processing time is unknown"
EOT

# a broken copy of the catalogue: refused by file:line:column, exit 2, nothing loaded
test_expect_success 'officer loads a broken catalogue: refused by file and line, nothing loaded' - <<\EOT
  bad=$(mktemp -d); cp -r "$MOTCUA_SRC/procedures" "$bad/"
  sed -i 's/qlcnganh, days: 5}/qlcnganh, days: 4}/' "$bad/procedures/catalog/1.000173.yaml"
  MOTCUA_HOME=$bad run catalog check "$bad/procedures"; expect_rc 2
  expect_err "1.000173.yaml:"; expect_err "the steps' shares add up to"
  MOTCUA_HOME=$bad run catalog load; expect_rc 2
  run catalog load;           expect_rc 0; expect_out "0 added, 0 updated, 76 unchanged"
  rm -rf "$bad"
EOT
finish
