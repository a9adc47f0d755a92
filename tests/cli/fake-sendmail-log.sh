#!/usr/bin/env bash
# A sendmail stand-in that keeps every attempt, failed or not: each message
# it is given goes to $FAKE_MAIL_DIR/try-N.eml and its arguments to
# try-N.args (N counts attempts across concurrent runs, under a lock). Then:
#   $FAKE_MAIL_DIR/started   is touched once it has the message
#   $FAKE_MAIL_SLEEP         seconds it sleeps before answering (a slow or
#                            hung mailer); its pid goes to try-N.pid
#   $FAKE_MAIL_DIR/fail      when present it fails (exit 75, a message on
#                            stderr), else the message is also kept as
#                            sent-N.eml (sent-* are what was delivered)
set -u
d=$FAKE_MAIL_DIR
exec 9>"$d/.lock"
flock 9
n=$(($(cat "$d/.count" 2>/dev/null || echo 0) + 1))
echo "$n" > "$d/.count"
flock -u 9
printf '%s\n' "$@" > "$d/try-$n.args"
echo $$ > "$d/try-$n.pid"
cat > "$d/try-$n.eml"
touch "$d/started"
[ -n "${FAKE_MAIL_SLEEP:-}" ] && sleep "$FAKE_MAIL_SLEEP"
if [ -e "$d/fail" ]; then
  echo "fake sendmail: mail system is down (try $n)" >&2
  exit 75
fi
cp "$d/try-$n.eml" "$d/sent-$n.eml"
