#!/usr/bin/env bash
# The nightly job and apology letters end to end: golden alerts (text, CSV,
# JSON), exactly once on rerun, a concurrent run refused, e-mail once with
# retries, letters in both regimes with gap-free numbers, PDFs.
. "$(dirname "$0")/lib.sh"
fresh_db
g="$MOTCUA_SRC/tests/golden"

test_expect_success 'officer migrates, loads the catalogue and imports the history' '
  run db migrate;   expect_rc 0
  run catalog load; expect_rc 0
  run import "$MOTCUA_SRC/tests/fixtures/nightly.csv"; expect_rc 0
'

test_expect_success 'officer runs the night and gets the alerts as text, CSV and JSON (golden)' - <<\EOT
  run nightly --as-of 2025-06-24;                expect_rc 0; golden "$g/nightly-2025-06-24.txt"
  run nightly --as-of 2025-06-24 --format csv;   expect_rc 0; golden "$g/nightly-2025-06-24.csv"
  run nightly --as-of 2025-06-24 --format json;  expect_rc 0; golden "$g/nightly-2025-06-24.json"
  expect_out '"new":0'      # the rerun recorded nothing twice
  expect_out '"already_evaluated":true'
EOT

test_expect_success 'officer reruns the night: told it was evaluated, the alerts recorded once' - <<\EOT
  run nightly --as-of 2025-06-24; expect_rc 0; expect_out "Đêm này đã được xét trước đó (5 hồ sơ"
  n=$(psql -qAtX -c "SELECT count(*) FROM motcua.alert" "$MOTCUA_DATABASE_URL")
  [ "$n" = 8 ] || fail "expected 8 alerts recorded once, found $n"
EOT

test_expect_success 'officer gives an impossible night or an unknown format (exit 2)' - <<\EOT
  run nightly --as-of 2025-06-31; expect_rc 2; expect_err "June 2025 has 30 days"
  run nightly --format xml;       expect_rc 2; expect_err "unknown format 'xml'"
EOT

# a second run while one holds the lock exits 5 and does nothing (the run
# starts once the server shows the holder's lock granted; the holder keeps
# it until it is ended after the run)
nightly_lock_held() {
  [ "$(psql -qAtX -c "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
      WHERE d.datname = current_database() AND l.locktype = 'advisory' AND l.granted
        AND l.classid = 1852401768 AND l.pid <> pg_backend_pid()" "$MOTCUA_DATABASE_URL")" = 1 ]
}
end_lock_holder() {
  psql -qAtX -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'nightly-lock-holder'" \
    "$MOTCUA_DATABASE_URL" >/dev/null
}
test_expect_success 'officer starts a night while another run holds the lock: exit 5, nothing recorded' - <<\EOT
  PGAPPNAME=nightly-lock-holder psql -qAtX "$MOTCUA_DATABASE_URL" <<SQL >/dev/null 2>&1 &
SELECT pg_advisory_lock(1852401768, hashtext('skhcn-quangngai')); SELECT pg_sleep(120);
SQL
  wait_for "the other run holds the nightly lock" nightly_lock_held
  run nightly --as-of 2025-06-25; expect_rc 5; expect_err "another nightly run for this agency is in progress"
  end_lock_holder; wait
  n=$(psql -qAtX -c "SELECT count(*) FROM motcua.alert WHERE as_of = '2025-06-25'" "$MOTCUA_DATABASE_URL")
  [ "$n" = 0 ] || fail "the refused run recorded $n alerts"
EOT

# e-mail: one message per unit and night, sent once; failures retried
export FAKE_MAIL_DIR=$(mktemp -d) MOTCUA_SENDMAIL="$MOTCUA_SRC/tests/cli/fake-sendmail.sh"
test_expect_success 'officer sends the alerts by e-mail: failures retried, each unit mailed once' - <<\EOT
  touch "$FAKE_MAIL_DIR/fail"
  run nightly --as-of 2025-06-24 --notify; expect_rc 1; expect_err "2 messages queued, 0 sent, 2 failed"
  rm "$FAKE_MAIL_DIR/fail"
  run nightly --as-of 2025-06-24 --notify; expect_rc 0; expect_err "0 messages queued, 2 sent, 0 failed"
  run nightly --as-of 2025-06-24 --notify; expect_rc 0; expect_err "0 messages queued, 0 sent, 0 failed"
  [ "$(ls "$FAKE_MAIL_DIR" | wc -l)" = 2 ] || fail "expected 2 messages"
  grep -q "^To: qlcnganh@skhcn.quangngai.invalid" "$FAKE_MAIL_DIR"/*.eml || fail "no message to qlcnganh"
  grep -q "N-1" "$FAKE_MAIL_DIR"/*.eml || fail "alerts not in the message"
  ! grep -q "Bệnh viện" "$FAKE_MAIL_DIR"/*.eml || fail "a message names the applicant"
  rm -rf "$FAKE_MAIL_DIR"
EOT

# apology letters: drafts, then issued with numbers 1, 2 in the year
test_expect_success 'office lists the dossiers that need an apology letter, as drafts' - <<\EOT
  run apology --pending --at 2025-06-24T08:00; expect_rc 0; expect_err "3 dossiers need a letter"
  expect_out "(DỰ THẢO)"
EOT

test_expect_success 'office issues a letter before the deadline: number 1, not late (golden, 2018 regime)' - <<\EOT
  run apology N-2 --reason "Lãnh đạo Sở đi công tác" --at 2025-06-23T16:00 --backdate-reason "kiểm thử" --by "Văn phòng Sở"
  expect_rc 0; golden "$g/apology-2018.txt"; expect_err "letter 1/2025 issued"
  ! grep -q LATE "$errf" || fail "a letter before the deadline is not late"
EOT

test_expect_success 'office issues a late letter with a new appointment, as a PDF' - <<\EOT
  run apology N-1 --reason "Chờ ý kiến chuyên gia" --at 2025-07-01T09:00 --backdate-reason "kiểm thử" \
      --new-appointment 2025-07-04T16:00 --pdf "$out.pdf"
  expect_rc 0; expect_err "letter 2/2025 issued"; expect_err "LATE"
  pdftotext "$out.pdf" - | tr -s ' \n' ' ' > "$out.txt"
  grep -qF "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" "$out.txt" || fail "the 2025 letter PDF lacks its title"
  grep -qF "Bệnh viện Đa khoa Sơn Tịnh" "$out.txt" || fail "the letter PDF lacks the applicant"
  grep -qF "16 giờ 00 phút, ngày 04/07/2025" "$out.txt" || fail "the letter PDF lacks the new appointment"
  rm -f "$out.pdf" "$out.txt"
EOT

# re-set only once; forced second is recorded; the due moment never moves
test_expect_success 'office re-sets a dossier a second time: refused, unless forced with a reason' - <<\EOT
  run apology N-2 --reason "again" --at 2025-06-25T09:00 --backdate-reason "kiểm thử"
  expect_rc 4; expect_err "already re-set once"
  run apology N-2 --reason "again" --force --at 2025-06-25T09:00 --backdate-reason "kiểm thử"; expect_rc 2
  run apology N-2 --reason "Hồ sơ phải xin ý kiến Bộ" --force \
      --force-reason "Bộ KH&CN chưa trả lời" --at 2025-06-25T09:00 --backdate-reason "kiểm thử"
  expect_rc 0; expect_err "letter 3/2025 issued"; expect_err "second re-set, forced"
EOT

test_expect_success 'clerk shows an apologised dossier: its due moment has not moved' - <<\EOT
  run show N-2 --json --at 2025-06-25T10:00
  expect_out '"due_at":"2025-06-24T09:00:00+07:00"'; expect_out '"status":"overdue"'
EOT

test_expect_success 'office issues a letter under Circular 03/2025: number 4 (golden)' '
  run apology N-5 --reason "Thiết bị cần kiểm định lại" --at 2025-07-02T08:00 --backdate-reason "kiểm thử" --by "Văn phòng Sở"
  expect_rc 0; golden "$g/apology-2025.txt"; expect_err "letter 4/2025 issued"
'

test_expect_success 'office asks a letter for no dossier, a closed one, or all pending with a reason: refused' '
  run apology 000.00.00.H48-250605-0001 --reason x --at 2025-06-25T09:00 --backdate-reason "kiểm thử"; expect_rc 3
  run apology N-6 --reason x --at 2025-06-25T09:00 --backdate-reason "kiểm thử"
  expect_rc 4; expect_err "only an open dossier gets an apology"
  run apology --pending --reason x; expect_rc 2
'

# the next night: apologised dossiers no longer need one
test_expect_success 'officer runs the next night: an apologised dossier no longer asks for a letter' '
  run nightly --as-of 2025-06-26 --format csv; expect_rc 0
  ! grep -q "250617-0001,apology_required" "$out" || fail "an apologised dossier still asks for an apology"
'
finish
