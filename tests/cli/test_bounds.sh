#!/usr/bin/env bash
# The working-time calendar ends on 2199-12-31: a due moment past it is an
# input error (exit 2) with a clear message, never a wrong date, and a
# receipt whose due moment falls past it stores nothing.
. "$(dirname "$0")/lib.sh"
past_end="the due moment falls after the end of the calendar (2199-12-31)"

test_expect_success 'a clerk adds more working days than the calendar holds' '
  run calendar add 2024-02-07 43956wd
  expect_rc 2; expect_err "$past_end"; expect_empty_out
  run calendar add 2024-02-07 78440wd --json
  expect_rc 2; expect_err "$past_end"; expect_empty_out
  run calendar add 2024-02-07 95713wd
  expect_rc 2; expect_err "$past_end"; expect_err "2024-02-07T00:00:00+07:00 plus 95713wd"
  expect_empty_out
'

test_expect_success 'the last working moment of the calendar is still a due moment' '
  run calendar add 2024-02-07 43955wd
  expect_rc 0; expect_out "2199-12-31T17:00:00+07:00"
'

test_expect_success 'a clerk adds calendar days that end past 2199' '
  run calendar add 2199-12-22T09:00 10d
  expect_rc 2; expect_err "$past_end"; expect_empty_out
'

test_expect_success 'a duration with too many digits says how long a duration may be' '
  run calendar add 2024-02-07 99999999999wd
  expect_rc 2; expect_err "invalid duration '"'"'99999999999wd'"'"': at most 100000 days"
  expect_empty_out
'

test_expect_success 'a moment before 1900 is outside the calendar' '
  run calendar add 1899-12-31T09:00 1wd
  expect_rc 2; expect_err "is before the start of the calendar (1900-01-01)"; expect_empty_out
  run calendar between 1899-12-31T09:00 2024-02-07
  expect_rc 2; expect_err "is before the start of the calendar (1900-01-01)"; expect_empty_out
'

fresh_db
test_expect_success 'the database is set up with the catalogue' '
  run db migrate; expect_rc 0
  run catalog load; expect_rc 0
'

counters() {
  psql -qXAt -v ON_ERROR_STOP=1 -d "$MOTCUA_DATABASE_URL" \
    -c "SELECT count(*) FROM motcua.dossier_counter" \
    -c "SELECT count(*) FROM motcua.dossier" -c "SELECT count(*) FROM motcua.dossier_event" | tr '\n' ' '
}

# A receipt at the calendar's end would be dated in the future: the door
# refuses it before the calendar is asked (migration 0012). The state
# machine at the calendar's end is tested in tests/test_calendar.c.
test_expect_success 'a receipt dated at the end of the calendar is refused, nothing stored' '
  run receive --procedure 1.000173 --channel online --applicant X --at 2199-12-26T07:00 --reason "kiểm thử"
  expect_rc 2; expect_err "is in the future"; expect_empty_out
  run receive --procedure 1.000173 --channel online --applicant X --at 2199-12-26T07:00 --reason "kiểm thử" --json
  expect_rc 2; expect_err "is in the future"; expect_empty_out
  [ "$(counters)" = "0 0 0 " ] || fail "counter, dossier, event rows: $(counters), expected none"
  run list --at 2199-12-26T08:00
  expect_rc 0; expect_out "0 hồ sơ"
'

test_expect_success 'a receipt dated after 2199 is refused, nothing stored' '
  run receive --procedure 1.000173 --channel online --applicant X --at 2250-01-03T09:00 --reason "kiểm thử"
  expect_rc 2; expect_err "2250-01-03T09:00:00+07:00"
  expect_empty_out
  [ "$(counters)" = "0 0 0 " ] || fail "counter, dossier, event rows: $(counters), expected none"
'

finish
