#!/usr/bin/env bash
# A stand-in for sendmail in the tests: stores each message in
# $FAKE_MAIL_DIR, or fails when $FAKE_MAIL_DIR/fail exists.
[ -e "$FAKE_MAIL_DIR/fail" ] && { cat >/dev/null; echo "fake sendmail: refusing" >&2; exit 75; }
n=$(ls "$FAKE_MAIL_DIR" | grep -c '\.eml$')
cat > "$FAKE_MAIL_DIR/$((n + 1)).eml"
