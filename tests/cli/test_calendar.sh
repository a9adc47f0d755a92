#!/usr/bin/env bash
# `motcua calendar`: exact JSON forms, golden year listings, invalid input.
. "$(dirname "$0")/lib.sh"
g="$MOTCUA_SRC/tests/golden"

test_expect_success 'user converts Tết between solar and lunar and adds working days, exact JSON' - <<\EOT
  run calendar lunar 2026-02-17 --json; expect_rc 0
  echo '{"solar":"2026-02-17","lunar":{"year":2026,"month":1,"day":1,"leap":false}}' > "$errf.want"; golden "$errf.want"
  run calendar solar 2026-01-01 --json; expect_rc 0
  echo '{"lunar":{"year":2026,"month":1,"day":1,"leap":false},"solar":"2026-02-17"}' > "$errf.want"; golden "$errf.want"
  run calendar add 2024-02-07T16:30 3wd --json; expect_rc 0
  echo '{"start":"2024-02-07T16:30:00+07:00","duration":"3wd","due":"2024-02-19T16:30:00+07:00"}' > "$errf.want"; golden "$errf.want"
  rm -f "$errf.want"
EOT

test_expect_success 'user asks about leap months, due moments, spans and single days' - <<\EOT
  run calendar solar 2023-02-15 --leap --json; expect_rc 0; expect_out '"solar":"2023-04-05"'
  run calendar add 2024-04-20T09:00 10d;      expect_rc 0; expect_out "17:00 Thứ Năm, 02/05/2024"
  run calendar between 2024-03-08T16:00 2024-03-11T08:00 --json; expect_rc 0
  expect_out '"working_days":0.25,"working_minutes":120'
  run calendar lunar 2026-02-17;  expect_rc 0; expect_out "ngày 01/01 năm Bính Ngọ (2026) âm lịch"
  run calendar day 2026-02-17;    expect_rc 0; expect_out "ngày nghỉ"; expect_out "Tết Nguyên đán"
  run calendar day 2026-01-10 --json; expect_rc 0; expect_out '"working":true,"kind":"worked_saturday"'
EOT

test_expect_success 'user lists a whole year, as text and as JSON (golden)' '
  run calendar show 2026;         expect_rc 0; golden "$g/calendar-show-2026.txt"
  run calendar show 2027 --json;  expect_rc 0; golden "$g/calendar-show-2027.json"
'

# invalid input names the bad part, exit 2, nothing on stdout
test_expect_success 'user gives an impossible date, time or duration and is told which part (exit 2)' - <<\EOT
  run calendar add 2026-02-30T09:00 3wd; expect_rc 2; expect_err "invalid date '2026-02-30T09:00': February 2026 has 28 days"; expect_empty_out
  run calendar add 2026-02-03T25:00 3wd; expect_rc 2; expect_err "time 25:00:00 does not exist"
  run calendar add 2026-02-03T09:00 3x;  expect_rc 2; expect_err "invalid duration '3x'"
  run calendar solar 2026-01-01 --leap;  expect_rc 2; expect_err "lunar year 2026 has no leap month 1"
  run calendar solar 2023-03-01 --leap;  expect_rc 2; expect_err "its leap month is 2"
  run calendar lunar 2026-13-01;         expect_rc 2; expect_err "month 13 does not exist"
  run calendar show 1800;                expect_rc 2; expect_err "invalid year '1800'"
EOT

test_expect_success 'user misuses calendar (typo, missing argument, wrong option) and is told (exit 2)' - <<\EOT
  run calendar shwo 2026;                expect_rc 2; expect_err "did you mean 'show'"
  run calendar add 2026-01-01;           expect_rc 2; expect_err "takes 2 arguments"
  run calendar lunar 2026-01-01 --leap;  expect_rc 2; expect_err "--leap applies to 'calendar solar' only"
  run calendar lunar 2026-01-01 --frob;  expect_rc 2; expect_err "unknown option '--frob'"
EOT
finish
