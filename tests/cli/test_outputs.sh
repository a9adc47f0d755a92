#!/usr/bin/env bash
# One output model, many renderers: --json on every command that prints
# data (valid JSON, values escaped), one CSV writer (quoting, BOM), options
# read one way (--at=X), working days printed exactly.
. "$(dirname "$0")/lib.sh"
fresh_db
# valid_json FILE: the file is one JSON document (python's parser decides)
valid_json() { python3 -m json.tool "$1" >/dev/null 2>&1 || fail "not valid JSON: $1"; }
# jget EXPR: EXPR evaluated on the JSON document in $out (d is the document)
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$out" "$1"; }
expect_json() { # EXPR WANT
  local got; got=$(jget "$1") || { fail "cannot evaluate $1"; return; }
  [ "$got" = "$2" ] || fail "$1 is '$got', expected '$2'"
}
home=$(mktemp -d); trap 'rm -rf "$home"; rm -f "$out" "$errf"' EXIT
run db migrate; run catalog load
code=000.00.00.H48-240304-0001

test_expect_success 'a clerk receives a dossier with --at=MOMENT' '
  run receive --procedure=1.000173 --channel=online --applicant="Nguyễn Văn An" --at=2024-03-04T09:00 --reason="kiểm thử" --json &&
  expect_rc 0 && valid_json "$out" &&
  expect_json "d[\"code\"]" "$code" && expect_json "d[\"received_at\"]" "2024-03-04T09:00:00+07:00"
'

test_expect_success 'act --json prints the new state as JSON' '
  run act $code forward --at=2024-03-04T10:00 --reason="kiểm thử" --json && expect_rc 0 && valid_json "$out" &&
  expect_out "\"code\":\"$code\",\"action\":\"forward\",\"state\":\"in_step\"" &&
  expect_json "d[\"step\"]" "tham_dinh" && expect_json "d[\"status\"]" "within_time" &&
  expect_json "d[\"due_at\"]" "2024-03-13T09:00:00+07:00"
'

test_expect_success 'act without --json still prints its one line' '
  run act $code pause --at 2024-03-05T09:00 --reason "kiểm thử" && expect_rc 0 &&
  expect_out "$code: pause -> '\''paused'\'' at step '\''tham_dinh'\''; due 2024-03-13T09:00:00+07:00" &&
  run act $code resume --at=2024-03-05T10:00 --reason="kiểm thử" --json && expect_rc 0 && expect_json "d[\"state\"]" "in_step"
'

test_expect_success 'every command that takes --at accepts --at=X' '
  run show $code --at=2024-03-08T09:00 --json && expect_rc 0 && expect_json "d[\"status\"]" "within_time" &&
  run show $code --at=2024-03-20T09:00 --json && expect_json "d[\"status\"]" "overdue" &&
  run list --overdue --at=2024-03-20T09:00 && expect_rc 0 && expect_out "1 hồ sơ" &&
  run list --overdue --at=2024-03-08T09:00 && expect_rc 0 && expect_out "0 hồ sơ" &&
  run catalog list --at=2016-01-01 --json && expect_rc 0 && expect_out "[]" &&
  run catalog show qng.atbx.01 --at=2019-12-02 --json && expect_rc 0 && expect_json "d[\"effective_from\"]" 2019-11-19 &&
  run apology --pending --at=2024-03-14T09:00 --json && expect_rc 0 && valid_json "$out" &&
  run nightly --as-of=2024-03-20 --json && expect_rc 0 && expect_json "d[\"as_of\"]" "2024-03-20" &&
  run report --half=2024H1 --json && expect_rc 0 && expect_json "d[\"received_total\"]" 1
'

test_expect_success 'an option missing its value, or unknown, is a usage error' '
  run show $code --at && expect_rc 2 && expect_err "option '\''--at'\'' needs a value" &&
  run list --frob && expect_rc 2 && expect_err "unknown option '\''--frob'\''" &&
  run act $code forward --json=yes && expect_rc 2 && expect_err "unknown option '\''--json=yes'\''"
'

test_expect_success 'nightly --json is --format json, and they cannot disagree' '
  run nightly --as-of 2024-03-20 --format json && cp "$out" "$home/f.json" &&
  run nightly --as-of 2024-03-20 --json && cmp -s "$out" "$home/f.json" || fail "--json differs from --format json"
  run nightly --as-of 2024-03-20 --json --format csv && expect_rc 2 && expect_err "exclude each other"
'

test_expect_success 'apology --json prints the letter as data' '
  run apology $code --reason "Lãnh đạo \"đi\" công tác" --at=2024-03-14T09:00 --backdate-reason="kiểm thử" --json && expect_rc 0 &&
  valid_json "$out" && expect_json "d[\"number\"]" 1 && expect_json "d[\"issued\"]" True &&
  expect_json "d[\"reason\"]" "Lãnh đạo \"đi\" công tác" && expect_err "letter 1/2024 issued" &&
  run apology --pending --at 2024-03-14T09:00 --json && expect_rc 0 && expect_out "[]"
'

test_expect_success 'db status --json names the database and each migration' '
  run db status --json && expect_rc 0 && valid_json "$out" &&
  expect_json "d[\"database\"][\"kind\"]" "MOTCUA_DATABASE_URL" && expect_json "d[\"pending\"]" 0 &&
  expect_json "all(m[\"applied\"] for m in d[\"migrations\"])" True &&
  expect_json "len(d[\"migrations\"]) > 5" True &&
  run db start --json && expect_rc 2 && expect_err "--json applies to '\''db status'\'' only"
'

test_expect_success 'db status --json without a cluster: applied is unknown' '
  env -u MOTCUA_DATABASE_URL -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGSERVICE \
    MOTCUA_PGDATA="$home/none" "$MOTCUA" db status --json >"$out" 2>"$errf"; rc=$?
  expect_rc 0 && valid_json "$out" && expect_json "d[\"database\"][\"state\"]" "absent" &&
  expect_json "d[\"pending\"]" None && expect_json "d[\"migrations\"][0][\"applied\"]" None
'

test_expect_success 'quotes, backslashes and markup come out of --json escaped; control characters never get in' '
  nasty=$(printf "Nguyễn \"Văn\" \\\\ An </script> & <b>")
  run receive --procedure 1.000173 --channel post --applicant "$nasty" --at 2024-03-05T09:00 --reason "kiểm thử" --json &&
  expect_rc 0 && valid_json "$out" &&
  c2=$(jget "d[\"code\"]") && run show "$c2" --json && expect_rc 0 && valid_json "$out" &&
  printf "%s" "$nasty" > "$home/want" &&
  python3 -c "import json,sys; sys.stdout.write(json.load(open(sys.argv[1]))[\"applicant\"])" "$out" > "$home/got" &&
  cmp -s "$home/want" "$home/got" || fail "the applicant did not round-trip through JSON"
  expect_out "\\\"Văn\\\""
  run receive --procedure 1.000173 --channel post --applicant "$(printf "line 1\nline 2\ttab\001ctl")" --json
  expect_rc 2; expect_err "contains a control character"; expect_empty_out
'

test_expect_success 'list --csv starts with the BOM, like every CSV motcua writes' '
  run list --all --csv && expect_rc 0 &&
  [ "$(head -c 3 "$out" | od -An -tx1 | tr -d " ")" = efbbbf ] || fail "list --csv has no BOM"
  run list --all --json && valid_json "$out" && expect_json "len(d)" 2
'

test_expect_success 'nightly --format csv quotes a field holding a comma or a quote' '
  run nightly --as-of 2024-03-21 --format csv && expect_rc 0 &&
  psql -qX -v ON_ERROR_STOP=1 -d "${MOTCUA_DATABASE_URL#dbname=}" -c \
    "INSERT INTO motcua.alert (agency_id, code, kind, scope, as_of, unit, due_at)
     SELECT agency_id, code, '\''overdue'\'', '\''a,b \"c\"'\'', '\''2024-03-21'\'', '\''x,y'\'', due_at
     FROM motcua.dossier WHERE code = '\''$code'\''" >/dev/null &&
  run nightly --as-of 2024-03-21 --format csv && expect_rc 0 &&
  expect_out "$code,overdue,\"a,b \"\"c\"\"\",\"x,y\"," &&
  python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding=\"utf-8-sig\", newline=\"\")))
assert rows[0][0] == \"code\", rows[0]
assert any(r[2] == \"a,b \\\"c\\\"\" and r[3] == \"x,y\" for r in rows[1:]), rows
assert all(len(r) == 7 for r in rows), rows
" "$out" || fail "the CSV does not parse back to the alert"
  run nightly --as-of 2024-03-21 --json && expect_rc 0 && valid_json "$out" &&
  expect_json "[a[\"scope\"] for a in d[\"alerts\"] if a[\"unit\"] == \"x,y\"][0]" "a,b \"c\""
'

test_expect_success 'calendar between prints the working days exactly, never with an exponent' '
  run calendar between 2020-01-02T08:00 2025-01-02T12:00 --json && expect_rc 0 &&
  expect_out "\"working_days\":1251.4375,\"working_minutes\":600690" &&
  run calendar between 1950-01-02T08:00 1995-01-03T12:00 --json && expect_rc 0 &&
  expect_out "\"working_days\":11290.5625," &&
  run calendar between 1950-01-02T08:00 1995-01-03T12:00 && expect_rc 0 &&
  expect_out ": 11290.5625 ngày làm việc (90324 giờ 30 phút)" &&
  run calendar between 2024-03-08T16:00 2024-03-11T08:00 && expect_out ": 0.25 ngày làm việc" &&
  run calendar between 2024-03-11T08:00 2024-03-08T16:00 --json && expect_out "\"working_days\":-0.25,"
'

finish
