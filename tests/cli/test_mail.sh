#!/usr/bin/env bash
# The nightly e-mails (motcua nightly --notify): a failing, deaf or hung
# mailer is recorded, bounded and reported; messages have proper headers and
# a size cap; two runs at once send each message once; the systemd unit's
# mail path (SMTP submission with msmtp) is the one its README documents.
. "$(dirname "$0")/lib.sh"
fresh_db
src=$MOTCUA_SRC
logmail="$src/tests/cli/fake-sendmail-log.sh"
unit="$src/tools/systemd/motcua-nightly.service"
sql() { psql -qAtX -v ON_ERROR_STOP=1 -c "$1" "$MOTCUA_DATABASE_URL"; }
# a fresh mailbox for the fake mailers, and no messages queued
new_mail() {
  [ -n "${FAKE_MAIL_DIR:-}" ] && rm -rf "$FAKE_MAIL_DIR"
  FAKE_MAIL_DIR=$(mktemp -d); export FAKE_MAIL_DIR
  sql "DELETE FROM motcua.notification" >/dev/null
}
trap 'rm -f "$out" "$errf"; [ -n "${FAKE_MAIL_DIR:-}" ] && rm -rf "$FAKE_MAIL_DIR"; psql -qX -d postgres -c "DROP DATABASE IF EXISTS ${MOTCUA_DATABASE_URL#dbname=} WITH (FORCE)" >/dev/null 2>&1' EXIT
count() { ls "$FAKE_MAIL_DIR" | grep -c "^$1-.*\.eml$"; }
# the decoded Subject of a message (RFC 2047 B words, folded)
subject_of() {
  sed -n '/^Subject:/,/^[^ S]/p' "$1" | grep -v '^[^ S]' | grep -o '=?UTF-8?B?[^?]*?=' |
    sed 's/^=?UTF-8?B?//; s/?=$//' | while read -r w; do printf %s "$w" | base64 -d; done
}
unset MOTCUA_SENDMAIL MOTCUA_MAIL_FROM MOTCUA_SENDMAIL_TIMEOUT FAKE_MAIL_SLEEP

test_expect_success 'an office sets up a night with alerts for two units' '
  run db migrate; expect_rc 0
  run catalog load; expect_rc 0
  run import "$src/tests/fixtures/nightly.csv"; expect_rc 0
  run nightly --as-of 2025-06-24; expect_rc 0
'

test_expect_success 'a mailer that exits at once (/bin/false) is recorded, exit 1, not a SIGPIPE death' '
  new_mail
  MOTCUA_SENDMAIL=/bin/false run nightly --as-of 2025-06-24 --notify
  expect_rc 1; expect_err "2 e-mail deliveries failed"
  expect_err "2 messages queued, 0 sent, 2 failed (retried next run)"
  expect_err "'"'"'/bin/false'"'"' exited with status 1"
  [ "$(sql "SELECT count(*) FROM motcua.notification WHERE status = '"'"'pending'"'"' AND attempts = 1
            AND last_attempt_at IS NOT NULL AND claimed_by IS NULL
            AND last_error LIKE '"'"'%/bin/false_ exited with status 1'"'"'")" = 2 ] ||
    fail "each attempt and its error recorded: $(sql "TABLE motcua.notification")"
'

test_expect_success 'a mailer that is not there is recorded with why' '
  MOTCUA_SENDMAIL=/nonexistent/sendmail run nightly --as-of 2025-06-24 --notify
  expect_rc 1; expect_err "cannot run '"'"'/nonexistent/sendmail'"'"': No such file or directory"
  [ "$(sql "SELECT min(attempts)::text || max(attempts) FROM motcua.notification")" = 22 ] ||
    fail "the second run did not record a second attempt"
'

test_expect_success 'a mailer killed by a signal is recorded as such' '
  printf "#!/bin/sh\nkill -TERM \$\$\n" > "$FAKE_MAIL_DIR/killed.sh"; chmod +x "$FAKE_MAIL_DIR/killed.sh"
  MOTCUA_SENDMAIL="$FAKE_MAIL_DIR/killed.sh" run nightly --as-of 2025-06-24 --notify
  expect_rc 1; expect_err "was killed by signal 15"
'

test_expect_success 'five failed attempts give a message up: recorded, reported, not retried' '
  touch "$FAKE_MAIL_DIR/fail"
  MOTCUA_SENDMAIL=$logmail run nightly --as-of 2025-06-24 --notify
  expect_rc 1; expect_err "attempt 4 of 5: "; expect_err "mail system is down"
  [ "$(count try)" = 2 ] || fail "a run tried a message more than once: $(count try) tries"
  MOTCUA_SENDMAIL=$logmail run nightly --as-of 2025-06-24 --notify
  expect_rc 1; expect_err "attempt 5 of 5, given up: "; expect_err "(some given up"
  [ "$(sql "SELECT string_agg(status || attempts, '"'"','"'"') FROM motcua.notification")" = "failed5,failed5" ] ||
    fail "not given up after 5 attempts: $(sql "TABLE motcua.notification")"
  sql "SELECT last_error FROM motcua.notification" | grep -q "exited with status 75: fake sendmail: mail system is down" ||
    fail "the mailer'"'"'s status and first line are not recorded"
  rm "$FAKE_MAIL_DIR/fail"
  MOTCUA_SENDMAIL=$logmail run nightly --as-of 2025-06-24 --notify
  expect_rc 0; expect_err "0 messages queued, 0 sent, 0 failed"
  [ "$(count try)" = 4 ] || fail "a given-up message was tried again"
'

test_expect_success 'a retried message keeps its Message-ID' '
  new_mail; touch "$FAKE_MAIL_DIR/fail"
  MOTCUA_SENDMAIL=$logmail run nightly --as-of 2025-06-24 --notify; expect_rc 1
  rm "$FAKE_MAIL_DIR/fail"
  MOTCUA_SENDMAIL=$logmail run nightly --as-of 2025-06-24 --notify; expect_rc 0
  expect_err "0 messages queued, 2 sent, 0 failed"
  ids=$(grep -h "^Message-ID: " "$FAKE_MAIL_DIR"/try-*.eml | sort | uniq -c | awk "{print \$1}" | sort -u)
  [ "$ids" = 2 ] || fail "each message should carry one id on both tries: $(grep -h ^Message-ID: "$FAKE_MAIL_DIR"/try-*.eml)"
'

test_expect_success 'a message has From, To, Date, Message-ID, MIME headers and an RFC 2047 subject' '
  new_mail
  MOTCUA_MAIL_FROM=motcua-noreply@skhcn.quangngai.invalid MOTCUA_SENDMAIL=$logmail run nightly --as-of 2025-06-24 --notify
  expect_rc 0
  m=$(grep -l "^To: qlcnganh@skhcn.quangngai.invalid$" "$FAKE_MAIL_DIR"/sent-*.eml)
  [ -n "$m" ] || fail "no message to qlcnganh"
  sed "/^$/q" "$m" > "$FAKE_MAIL_DIR/head"
  for h in "^From: motcua-noreply@skhcn\.quangngai\.invalid$" \
           "^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20[0-9]{2} [0-2][0-9]:[0-5][0-9]:[0-6][0-9] \+0700$" \
           "^Message-ID: <[A-Za-z0-9.]+@skhcn\.quangngai\.invalid>$" \
           "^MIME-Version: 1\.0$" "^Content-Type: text/plain; charset=UTF-8$" \
           "^Content-Transfer-Encoding: 8bit$" "^Subject: =\?UTF-8\?B\?"; do
    grep -Eq "$h" "$FAKE_MAIL_DIR/head" || fail "no header matching $h in: $(cat "$FAKE_MAIL_DIR/head")"
  done
  LC_ALL=C grep -q "[^ -~]" "$FAKE_MAIL_DIR/head" && fail "a header is not ASCII"
  awk "length > 78" "$FAKE_MAIL_DIR/head" | grep -q . && fail "a header line is longer than 78 characters"
  s=$(subject_of "$m")
  [ "$s" = "[motcua] Cảnh báo hồ sơ đêm 24/06/2025: 6 mục" ] || fail "the subject decodes to '"'"'$s'"'"'"
  grep -q "Bệnh viện" "$m" && fail "a message names the applicant"
  grep -q "^- QUÁ HẠN: hồ sơ N-1" "$m" || fail "the alerts are not in the message"
'

test_expect_success 'a bad mail setting is refused before anything is sent' '
  new_mail
  MOTCUA_MAIL_FROM="x@y
Bcc: all@example.org" MOTCUA_SENDMAIL=$logmail run nightly --as-of 2025-06-24 --notify
  expect_rc 2; expect_err "invalid MOTCUA_MAIL_FROM"
  MOTCUA_SENDMAIL_TIMEOUT=soon MOTCUA_SENDMAIL=$logmail run nightly --as-of 2025-06-24 --notify
  expect_rc 2; expect_err "invalid MOTCUA_SENDMAIL_TIMEOUT '"'"'soon'"'"'"
  [ "$(count try)" = 0 ] && [ "$(sql "SELECT count(*) FROM motcua.notification")" = 0 ] ||
    fail "a refused run queued or sent mail"
'

test_expect_success 'a hung mailer is killed after MOTCUA_SENDMAIL_TIMEOUT seconds, with what it started' '
  new_mail
  t0=$(date +%s)
  FAKE_MAIL_SLEEP=8 MOTCUA_SENDMAIL_TIMEOUT=1 MOTCUA_SENDMAIL=$logmail run nightly --as-of 2025-06-24 --notify
  t=$(($(date +%s) - t0))
  expect_rc 1; expect_err "timed out after 1 s and was killed"
  [ "$t" -le 6 ] || fail "two deliveries with a 1 s timeout took $t s"
  [ "$(count sent)" = 0 ] || fail "a killed mailer delivered"
  sleep 0.2
  for p in "$FAKE_MAIL_DIR"/try-*.pid; do
    # (a zombie may wait for its reaper: only live ones count)
    ps -eo pgid=,stat= | awk -v g="$(cat "$p")" "\$1 == g && \$2 !~ /^Z/" | grep -q . &&
      fail "the mailer'"'"'s process group $(cat "$p") outlived the timeout"
  done
  [ "$(sql "SELECT count(*) FROM motcua.notification WHERE last_error LIKE '"'"'%timed out after 1 s%'"'"' AND attempts = 1")" = 2 ] ||
    fail "the timeouts are not recorded: $(sql "TABLE motcua.notification")"
'

test_expect_success 'a night of 1000 alerts for one unit mails at most 200, then counts the rest' '
  new_mail
  run nightly --as-of 2025-06-27; expect_rc 0
  sql "INSERT INTO motcua.alert (agency_id, code, kind, scope, as_of, unit, due_at, late_ticks)
       SELECT '"'"'skhcn-quangngai'"'"', '"'"'N-1'"'"',
              CASE WHEN i <= 700 THEN '"'"'overdue'"'"' ELSE '"'"'due_soon'"'"' END,
              '"'"'buoc_'"'"' || i, '"'"'2025-06-27'"'"', '"'"'qlcnganh'"'"', '"'"'2025-06-20T09:00+07'"'"', 28800
       FROM generate_series(1, 1000) i" >/dev/null
  total=$(sql "SELECT count(*) FROM motcua.alert WHERE as_of = '"'"'2025-06-27'"'"' AND unit = '"'"'qlcnganh'"'"'")
  # a mailer that reads nothing and exits: the big message meets a closed pipe
  MOTCUA_SENDMAIL="$src/tests/cli/fake-sendmail-deaf.sh" run nightly --as-of 2025-06-27 --notify
  expect_rc 1; expect_err "exited with status 1: fake sendmail: cannot open the queue"
  MOTCUA_SENDMAIL=$logmail run nightly --as-of 2025-06-27 --notify
  expect_rc 0
  m=$(grep -l "^To: qlcnganh@" "$FAKE_MAIL_DIR"/sent-*.eml)
  [ -n "$m" ] || fail "no message to qlcnganh"
  [ "$(grep -c "^- " "$m")" = 200 ] || fail "the message lists $(grep -c "^- " "$m") alerts, not 200"
  grep -qF "... và $((total - 200)) cảnh báo khác không liệt kê trong thư này" "$m" || fail "no count of the rest"
  grep -qF "Xem đầy đủ: motcua nightly --as-of 2025-06-27" "$m" || fail "no command to see them all"
  grep -qF "tính đến 00:00 ngày 27/06/2025: $total cảnh báo" "$m" || fail "no total"
  [ "$(subject_of "$m")" = "[motcua] Cảnh báo hồ sơ đêm 27/06/2025: $total mục" ] || fail "the subject lacks the total"
  [ "$(wc -c < "$m")" -lt 40000 ] || fail "the message is $(wc -c < "$m") bytes"
  sql "DELETE FROM motcua.alert WHERE scope LIKE '"'"'buoc\_%'"'"'" >/dev/null
'

test_expect_success 'two runs at the same moment send each message exactly once' '
  new_mail
  FAKE_MAIL_SLEEP=2 MOTCUA_SENDMAIL=$logmail "$MOTCUA" nightly --as-of 2025-06-24 --notify >/dev/null 2>"$FAKE_MAIL_DIR/a.err" &
  a=$!
  for i in $(seq 100); do [ -e "$FAKE_MAIL_DIR/started" ] && break; sleep 0.1; done
  [ -e "$FAKE_MAIL_DIR/started" ] || fail "the first run never reached its mailer"
  FAKE_MAIL_SLEEP=2 MOTCUA_SENDMAIL=$logmail run nightly --as-of 2025-06-24 --notify
  expect_rc 0
  wait $a; rca=$?
  [ $rca = 0 ] || fail "the first run exited $rca: $(cat "$FAKE_MAIL_DIR/a.err")"
  [ "$(count try)" = 2 ] || fail "the mailer was given $(count try) messages for 2 units"
  [ "$(grep -h "^To: " "$FAKE_MAIL_DIR"/sent-*.eml | sort -u | wc -l)" = 2 ] || fail "not one message per unit"
  [ "$(sql "SELECT string_agg(status || attempts, '"'"','"'"') FROM motcua.notification")" = "sent1,sent1" ] ||
    fail "$(sql "TABLE motcua.notification")"
'

test_expect_success 'a message claimed by a live run is left alone; a stale claim is taken again' '
  new_mail
  touch "$FAKE_MAIL_DIR/fail"
  MOTCUA_SENDMAIL=$logmail run nightly --as-of 2025-06-24 --notify; expect_rc 1
  rm "$FAKE_MAIL_DIR/fail"
  sql "UPDATE motcua.notification SET claimed_by = '"'"'other host pid 1'"'"', claimed_at = now() WHERE unit = '"'"'mot_cua'"'"';
       UPDATE motcua.notification SET claimed_by = '"'"'dead host pid 2'"'"', claimed_at = now() - interval '"'"'1 hour'"'"' WHERE unit = '"'"'qlcnganh'"'"'" >/dev/null
  MOTCUA_SENDMAIL=$logmail run nightly --as-of 2025-06-24 --notify
  expect_rc 0; expect_err "0 messages queued, 1 sent, 0 failed"
  [ "$(sql "SELECT string_agg(unit || '"'"':'"'"' || status, '"'"','"'"' ORDER BY unit) FROM motcua.notification")" = "mot_cua:pending,qlcnganh:sent" ] ||
    fail "$(sql "TABLE motcua.notification")"
  grep -l "^To: qlcnganh@" "$FAKE_MAIL_DIR"/sent-*.eml >/dev/null || fail "the stale claim was not delivered"
'

# tools/systemd: the unit keeps NoNewPrivileges=true and ProtectSystem=strict,
# which a setgid postdrop cannot live with, so it names an SMTP client
test_expect_success 'the shipped unit keeps its sandbox and mails through the msmtp command its README documents' '
  for s in "^NoNewPrivileges=true$" "^ProtectSystem=strict$" "^ProtectHome=true$"; do
    grep -Eq "$s" "$unit" || fail "the unit lacks $s"
  done
  grep -Eiq "^(ReadWritePaths=.*spool|NoNewPrivileges=(false|no)|PrivateNetwork=(true|yes)|IPAddressDeny=)" "$unit" &&
    fail "the unit has a setting that contradicts the documented mail path"
  line=$(grep "^Environment=\"MOTCUA_SENDMAIL=" "$unit")
  [ -n "$line" ] || fail "the unit names no MOTCUA_SENDMAIL"
  cmd=${line#Environment=\"MOTCUA_SENDMAIL=}; cmd=${cmd%\"}
  [ "$cmd" = "/usr/bin/msmtp -C /etc/motcua/msmtprc -t" ] || fail "the unit'"'"'s mailer is '"'"'$cmd'"'"'"
  grep -qF "    $line" "$src/tools/systemd/README.md" || fail "the README does not document the unit'"'"'s mailer"
  grep -q "postdrop" "$src/tools/systemd/README.md" || fail "the README does not say why not postdrop"
  if command -v systemd-analyze >/dev/null; then
    d=$(mktemp -d)
    sed "s|^ExecStart=/usr/local/bin/motcua|ExecStart=$MOTCUA|" "$unit" > "$d/motcua-nightly.service"
    cp "$src/tools/systemd/motcua-nightly.timer" "$d/"
    (cd "$d" && systemd-analyze verify ./motcua-nightly.service ./motcua-nightly.timer) > "$d/log" 2>&1 ||
      fail "systemd-analyze verify: $(cat "$d/log")"
    grep -v "^$" "$d/log" | grep -q . && fail "systemd-analyze verify complains: $(cat "$d/log")"
    rm -rf "$d"
  fi
'

test_expect_success 'the documented msmtp command line delivers (fake msmtp, no new privileges)' '
  new_mail
  cmd=$(sed -n "s/^Environment=\"MOTCUA_SENDMAIL=\(.*\)\"$/\1/p" "$unit")
  # the same arguments to a stand-in in msmtp'"'"'s place
  ln -s "$logmail" "$FAKE_MAIL_DIR/msmtp"
  fake="$FAKE_MAIL_DIR/msmtp ${cmd#/usr/bin/msmtp }"
  pre=
  command -v setpriv >/dev/null && setpriv --no-new-privs true 2>/dev/null && pre="setpriv --no-new-privs"
  MOTCUA_SENDMAIL=$fake $pre "$MOTCUA" nightly --as-of 2025-06-24 --notify >"$out" 2>"$errf"; rc=$?
  expect_rc 0; expect_err "2 messages queued, 2 sent, 0 failed"
  grep -q "2 sent" "$errf" || fail "the messages: $(sql "SELECT unit, status, attempts, claimed_by, last_error FROM motcua.notification")"
  [ "$(cat "$FAKE_MAIL_DIR/try-1.args" | tr "\n" " ")" = "-C /etc/motcua/msmtprc -t " ] ||
    fail "msmtp got the arguments: $(cat "$FAKE_MAIL_DIR/try-1.args")"
  grep -q "^To: " "$FAKE_MAIL_DIR/sent-1.eml" || fail "with -t the recipient must be in the headers"
'

finish
