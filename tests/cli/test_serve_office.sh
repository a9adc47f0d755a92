#!/usr/bin/env bash
# motcua serve, the office's routes, driven with curl over a Unix socket on
# a private cluster: the work queue with its filters and keyset paging (no
# dossier twice, none missing), search by phone and by name, the calendar,
# the night's alerts, apology letters (the office issues, a clerk is
# refused), reports in JSON and CSV, a correction and a void through the
# API (a clerk refused by the database's door), the control slip PDF, and
# the OpenAPI document matching server.c's routing table.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh" serve-office
src=${MOTCUA_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
pw_an='mật-khẩu An 2024'; pw_dung='dung-office-2468'

# api [--as JAR] METHOD PATH [curl args...]: the reply's body in $out, its
# headers in $hdr, its status in $status. JAR is a cookie file (default:
# the clerk's).
receive() { # receive KEY NAME PHONE: a receipt by the clerk, its code in $code
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H "Idempotency-Key: $1" \
    -d "$(jq -nc --arg n "$2" --arg p "$3" \
      '{procedure: "2.002131", channel: "online", applicant: {name: $n, phone: $p, id_number: ("0511" + $p)}}')"
  expect_status 201 "receipt $1"
  code=$(js .code)
}
# act CODE BODY [JAR CSRF]: an action at the dossier's current revision
act() {
  local j=${3:-$jar} c=${4:-$csrf_an}
  api --as "$j" GET "/api/v1/dossiers/$1"
  local rev; rev=$(js .revision)
  api --as "$j" POST "/api/v1/dossiers/$1/actions" -H "X-CSRF-Token: $c" -H "If-Match: \"$rev\"" -d "$2"
}
today=$(TZ=Asia/Ho_Chi_Minh date +%F)

test_expect_success 'the office sets up a database, a clerk and an office user; the server starts' - <<\EOT
  run db migrate; expect_rc 0
  run catalog load; expect_rc 0
  printf '%s\n' "$pw_an" | "$MOTCUA" user add nv.an --name "Trần Văn An" --role clerk --unit mot_cua --password-stdin >/dev/null || fail "add nv.an"
  printf '%s\n' "$pw_dung" | "$MOTCUA" user add vp.dung --name "Đỗ Thị Dung" --role office --password-stdin >/dev/null || fail "add vp.dung"
  "$MOTCUA" serve --listen "unix:$sock" --db-connections 3 --threads 3 2>"$log" &
  srv_pid=$!
  wait_for "the server answers /health" healthy
  login "$home/jar.an" nv.an "$pw_an"; expect_status 200; csrf_an=$csrf
  login "$home/jar.dung" vp.dung "$pw_dung"; expect_status 200; csrf_dung=$csrf
  jar="$home/jar.an"
  [ ${#csrf_an} = 64 ] && [ ${#csrf_dung} = 64 ] || fail "no CSRF tokens"
EOT

test_expect_success 'five receipts and one received 30 days ago (overdue)' - <<\EOT
  codes=()
  for i in 1 2 3 4 5; do
    receive "q-$i" "Nguyễn Văn Số$i" "090500000$i"; codes+=("$code")
  done
  run receive --procedure 2.002131 --channel in_person --applicant "Lê Thị Quá Hạn" --phone 0911222333 \
    --at "$(TZ=Asia/Ho_Chi_Minh date -d '30 days ago' +%F)T09:00" --reason "hồ sơ giấy nhập lại"
  expect_rc 0
  late=$(sql "SELECT code FROM motcua.dossier WHERE applicant_phone = '0911222333'")
  [ -n "$late" ] || fail "the backdated receipt is not stored"
  [ "$(sql "SELECT count(*) FROM motcua.dossier")" = 6 ] || fail "expected 6 dossiers"
EOT

test_expect_success 'the queue: soonest due first, each item with its status and working days left' - <<\EOT
  api GET /api/v1/dossiers; expect_status 200
  [ "$(js '.items | length')" = 6 ] || fail "expected 6 items"
  expect_js .next_cursor null
  expect_js '.items[0].code' "$late"
  expect_js '.items[0].status' overdue
  [ "$(js '.items[0].working_days_left < 0')" = true ] || fail "an overdue dossier has time left"
  expect_js '.items[1].status' within_time
  [ "$(js '.items[1].working_days_left > 1')" = true ] || fail "a new dossier has no time left"
  expect_js '.items[1].applicant' "Nguyễn Văn Số1"
  expect_js '.items[1].procedure' 2.002131
  expect_js '.items[1].state' in_step
  [ "$(js '.items[1].step')" != null ] && [ "$(js '.items[1].unit')" != null ] || fail "no step or unit"
  [ "$(js '.items[1].step_due_at')" != null ] && [ "$(js '.items[1].received_at')" != null ] || fail "no moments"
  # sorted by (due_at, code)
  [ "$(jq -c '[.items[] | [.due_at, .code]] == ([.items[] | [.due_at, .code]] | sort)' "$out")" = true ] ||
    fail "the queue is not sorted by due moment and code"
EOT

test_expect_success 'keyset paging: two pages of 4 and 2, no dossier twice, none missing' - <<\EOT
  api GET '/api/v1/dossiers?limit=4'; expect_status 200
  [ "$(js '.items | length')" = 4 ] || fail "the first page is not 4 items"
  cur=$(js .next_cursor); [ "$cur" != null ] || fail "no next_cursor on the first page"
  js '.items[].code' >"$home/page1"
  api GET "/api/v1/dossiers?limit=4&cursor=$cur"; expect_status 200
  [ "$(js '.items | length')" = 2 ] || fail "the second page is not 2 items"
  expect_js .next_cursor null
  js '.items[].code' >"$home/page2"
  sort "$home/page1" "$home/page2" | uniq -d | grep -q . && fail "a dossier is on both pages"
  [ "$(sort -u "$home/page1" "$home/page2" | wc -l)" = 6 ] || fail "a dossier is missing from the pages"
  api GET '/api/v1/dossiers?cursor=zz'; expect_status 422; expect_js .field cursor
  api GET '/api/v1/dossiers?limit=501'; expect_status 422; expect_js .field limit
  api GET '/api/v1/dossiers?limit=0'; expect_status 422
EOT

test_expect_success 'the queue filters: overdue, state, unit, due_before; an unknown state is 422' - <<\EOT
  api GET '/api/v1/dossiers?overdue=1'; expect_status 200
  [ "$(js '[.items[].code] | join(",")')" = "$late" ] || fail "overdue is not just the late dossier"
  api GET '/api/v1/dossiers?due_before='"$today"; expect_status 200
  [ "$(js '[.items[].code] | join(",")')" = "$late" ] || fail "due_before today is not just the late dossier"
  act "${codes[1]}" '{"action":"supplement_request","note":"thiếu bản sao CCCD"}'; expect_status 200
  api GET '/api/v1/dossiers?state=supplement_requested'; expect_status 200
  [ "$(js '[.items[].code] | join(",")')" = "${codes[1]}" ] || fail "state filter"
  api GET '/api/v1/dossiers?state=in_step'; expect_status 200
  [ "$(js '.items | length')" = 5 ] || fail "expected 5 dossiers in a step"
  u=$(js '.items[0].unit')
  api GET "/api/v1/dossiers?unit=$u"; expect_status 200
  [ "$(jq --arg u "$u" '[.items[] | select(.unit != $u)] | length' "$out")" = 0 ] || fail "unit filter lets others through"
  [ "$(js '.items | length')" -ge 1 ] || fail "unit filter found nothing"
  api GET '/api/v1/dossiers?unit=no_such_unit'; expect_status 200; expect_js '.items | length' 0
  api GET '/api/v1/dossiers?state=nonsense'; expect_status 422; expect_js .field state
  api GET '/api/v1/dossiers?overdue=maybe'; expect_status 422; expect_js .field overdue
  jar="$home/nobody" api GET /api/v1/dossiers; expect_status 401
EOT

test_expect_success 'search by phone, by ID number, by part of the name (any case) and by code' - <<\EOT
  api GET '/api/v1/dossiers?q=0905000003'; expect_status 200
  [ "$(js '[.items[].code] | join(",")')" = "${codes[2]}" ] || fail "search by phone"
  api GET '/api/v1/dossiers?q=05110905000004'; expect_status 200
  [ "$(js '[.items[].code] | join(",")')" = "${codes[3]}" ] || fail "search by ID number"
  status=$(curl -sS --unix-socket "$sock" -b "$jar" -o "$out" -w '%{http_code}' -G \
    --data-urlencode 'q=quá hạn' http://motcua/api/v1/dossiers)
  expect_status 200
  [ "$(js '[.items[].code] | join(",")')" = "$late" ] || fail "search by name"
  api GET '/api/v1/dossiers?q=Nguy%E1%BB%85n'; expect_status 200
  [ "$(js '.items | length')" = 5 ] || fail "search by the family name"
  api GET "/api/v1/dossiers?q=${codes[4]}"; expect_status 200
  [ "$(js '[.items[].code] | join(",")')" = "${codes[4]}" ] || fail "search by code"
  status=$(curl -sS --unix-socket "$sock" -b "$jar" -o "$out" -w '%{http_code}' -G \
    --data-urlencode 'q=100%_' http://motcua/api/v1/dossiers)
  expect_status 200; expect_js '.items | length' 0
EOT

test_expect_success 'the calendar: a year, and a due moment from a start and a duration' - <<\EOT
  api GET /api/v1/calendar/2024; expect_status 200
  expect_js .year 2024
  [ "$(js '[.. | strings | select(. == "2024-09-02")] | length')" -ge 1 ] || fail "2 September is not a day off in 2024"
  api GET /api/v1/calendar/1800; expect_status 404
  api GET /api/v1/calendar/abcd; expect_status 404
  api POST /api/v1/calendar/add -d '{"start":"2024-03-04T09:00","duration":"3wd"}'; expect_status 200
  [ "$(js '[.. | strings | select(startswith("2024-03-07T09:00"))] | length')" -ge 1 ] ||
    fail "3 working days from Monday 09:00 is not Thursday 09:00"
  api POST /api/v1/calendar/add -d '{"start":"2024-03-04T09:00","duration":"3 weeks"}'; expect_status 422
  expect_js .field duration
  api POST /api/v1/calendar/add -d '{"start":"2024-03-04T09:00"}'; expect_status 422
  api POST /api/v1/calendar/add -d '{"start":'; expect_status 400
EOT

test_expect_success 'the night'"'"'s alerts after a nightly run list the overdue dossier' - <<\EOT
  api GET "/api/v1/alerts?night=$today"; expect_status 200; expect_js .count 0
  run nightly; expect_rc 0
  api GET "/api/v1/alerts?night=$today"; expect_status 200
  [ "$(jq --arg c "$late" '[.alerts[] | select(.code == $c and .kind == "overdue")] | length' "$out")" -ge 1 ] ||
    fail "no overdue alert for $late"
  api GET /api/v1/alerts; expect_status 200
  [ "$(js .night)" = "$today" ] || fail "the default night is not today"
  api GET '/api/v1/alerts?night=2024-02-30'; expect_status 422; expect_js .field night
EOT

test_expect_success 'apologies: the pending drafts, a letter by the office, 403 for a clerk' - <<\EOT
  api GET '/api/v1/apologies?pending=1'; expect_status 200
  [ "$(jq --arg c "$late" '[.drafts[] | select(.code == $c)] | length' "$out")" = 1 ] ||
    fail "the late dossier is not among the drafts"
  api POST /api/v1/apologies -H "X-CSRF-Token: $csrf_an" \
    -d "$(jq -nc --arg c "$late" '{code: $c, reason: "hồ sơ phức tạp, cần xác minh thêm"}')"
  expect_status 403; expect_js .code forbidden
  [ "$(sql "SELECT count(*) FROM motcua.apology")" = 0 ] || fail "a clerk issued a letter"
  api --as "$home/jar.dung" POST /api/v1/apologies -H "X-CSRF-Token: $csrf_dung" \
    -d "$(jq -nc --arg c "$late" '{code: $c, reason: "hồ sơ phức tạp, cần xác minh thêm"}')"
  expect_status 201
  [ "$(sql "SELECT count(*) || ' ' || min(issued_by) FROM motcua.apology WHERE code = '$late'")" = "1 vp.dung" ] ||
    fail "the letter is not recorded as the office user's"
  api GET '/api/v1/apologies?pending=1'; expect_status 200
  [ "$(jq --arg c "$late" '[.drafts[] | select(.code == $c)] | length' "$out")" = 0 ] ||
    fail "the dossier still needs a letter after one was issued"
  api GET /api/v1/apologies; expect_status 422
  # the database's door refuses the clerk's role too, whatever the server says
  [ "$(psql -qAtX -h "$home/pg" -U motcua -d motcua -c "SET ROLE motcua_clerk; SELECT has_table_privilege('motcua.apology', 'INSERT')")" = f ] ||
    fail "the clerk's database role may insert letters"
EOT

test_expect_success 'a report in JSON (default), CSV (Accept or format=) and HTML, for the office (a clerk: 403)' - <<\EOT
  from=$(TZ=Asia/Ho_Chi_Minh date -d '60 days ago' +%F)
  api GET "/api/v1/reports?from=$from&to=$today"; expect_status 403; expect_js .code forbidden
  jar="$home/jar.dung"
  api GET "/api/v1/reports?from=$from&to=$today"; expect_status 200
  expect_header "Content-Type: application/json"
  expect_js .received_total 6
  api GET "/api/v1/reports?from=$from&to=$today" -H 'Accept: text/csv'; expect_status 200
  expect_header "Content-Type: text/csv"
  head -1 "$out" | grep -q "," || fail "the CSV has no header row"
  [ "$(wc -l <"$out")" -ge 2 ] || fail "the CSV has no row"
  api GET "/api/v1/reports?from=$from&to=$today&format=csv"; expect_status 200; expect_header "text/csv"
  api GET "/api/v1/reports?from=$from&to=$today&format=html"; expect_status 200
  expect_header "text/html"; grep -q "<svg" "$out" || fail "the HTML report has no chart"
  api GET "/api/v1/reports?from=$today&to=$from"; expect_status 422
  api GET "/api/v1/reports?from=$from"; expect_status 422; expect_js .field to
  api GET "/api/v1/reports?from=$from&to=$today&format=xml"; expect_status 422; expect_js .field format
  jar="$home/jar.an"
EOT

test_expect_success 'a correction through the API: 403 for a clerk (the door), done by the office' - <<\EOT
  c=${codes[0]}
  act "$c" '{"action":"correct","field":"applicant_phone","old":"0905000001","new":"0905999111","note":"khách báo số mới"}'
  expect_status 403; expect_js .code forbidden
  [ "$(sql "SELECT applicant_phone FROM motcua.dossier WHERE code = '$c'")" = 0905000001 ] || fail "a clerk corrected"
  act "$c" '{"action":"correct","field":"applicant_phone","old":"0000","new":"0905999111","note":"x"}' "$home/jar.dung" "$csrf_dung"
  expect_status 409; expect_js .code conflict
  act "$c" '{"action":"correct","field":"colour","new":"x","note":"x"}' "$home/jar.dung" "$csrf_dung"
  expect_status 422; expect_js .field field
  act "$c" '{"action":"correct","field":"applicant_phone","old":"0905000001","new":"0905999111"}' "$home/jar.dung" "$csrf_dung"
  expect_status 422; expect_js .field note
  act "$c" '{"action":"correct","field":"applicant_phone","old":"0905000001","new":"0905999111","note":"khách báo số mới"}' "$home/jar.dung" "$csrf_dung"
  expect_status 200
  [ "$(sql "SELECT applicant_phone FROM motcua.dossier WHERE code = '$c'")" = 0905999111 ] || fail "the correction is not stored"
  [ "$(sql "SELECT actor FROM motcua.dossier_event WHERE code = '$c' AND action = 'correct'")" = vp.dung ] ||
    fail "the correction's actor is not the office user"
  api GET '/api/v1/dossiers?q=0905999111'; expect_status 200
  [ "$(js '[.items[].code] | join(",")')" = "$c" ] || fail "the corrected phone does not find the dossier"
  act "$c" '{"action":"forward","field":"applicant_phone"}'; expect_status 422; expect_js .field field
EOT

test_expect_success 'a void through the API: 403 for a clerk (the door), done by the office, gone from the queue' - <<\EOT
  c=${codes[4]}
  act "$c" '{"action":"void","note":"nhập nhầm"}'; expect_status 403
  [ "$(sql "SELECT state FROM motcua.dossier WHERE code = '$c'")" = in_step ] || fail "a clerk voided"
  act "$c" '{"action":"void"}' "$home/jar.dung" "$csrf_dung"; expect_status 422; expect_js .field note
  act "$c" '{"action":"void","note":"nhập nhầm"}' "$home/jar.dung" "$csrf_dung"; expect_status 200
  expect_js .state voided
  api GET /api/v1/dossiers; expect_status 200
  [ "$(jq --arg c "$c" '[.items[] | select(.code == $c)] | length' "$out")" = 0 ] || fail "a voided dossier is in the queue"
  api GET '/api/v1/dossiers?state=voided'; expect_status 200
  [ "$(js '[.items[].code] | join(",")')" = "$c" ] || fail "state=voided does not list it"
EOT

test_expect_success 'the control slip PDF' - <<\EOT
  api GET "/api/v1/dossiers/${codes[2]}/control-slip.pdf"; expect_status 200
  expect_header "Content-Type: application/pdf"
  [ "$(head -c 5 "$out")" = "%PDF-" ] || fail "not a PDF"
  [ "$(stat -c %s "$out")" -gt 1000 ] || fail "the PDF is too small"
  api GET "/api/v1/dossiers/000.00.00.H48-990101-0001/control-slip.pdf"; expect_status 404
  jar="$home/nobody" api GET "/api/v1/dossiers/${codes[2]}/control-slip.pdf"; expect_status 401
EOT

test_expect_success 'the OpenAPI document: 3.0, valid JSON, the same routes as server.c' - <<\EOT
  api GET /api/v1/openapi.json; expect_status 200
  jq -e . "$out" >/dev/null || fail "not JSON"
  case $(js .openapi) in 3.0.*) ;; *) fail "openapi is '$(js .openapi)'" ;; esac
  # the routing table's API routes (the desk's HTML pages are not the
  # API's), METHOD PATH with {x} for a path parameter
  sed -n '/^static const route routes\[\] = {/,/^};/p' "$src/engine/server/server.c" |
    sed -n 's/^[[:space:]]*{ "\([A-Z]*\)", "\([^"]*\)", \(NULL\|"\([^"]*\)"\),.*/\1 \2 \3/p' |
    awk '{ m = $1; p = $2; s = $3; if (s == "NULL") print m, p; else { gsub(/"/, "", s); print m, p "{x}" s } }' |
    grep ' /api/v1/' | sort >"$home/routes.table"
  [ "$(wc -l <"$home/routes.table")" -ge 19 ] || fail "could not read server.c's routes"
  jq -r '.paths | to_entries[] | .key as $p | .value | keys[] | "\(ascii_upcase) \($p)"' "$out" |
    sed 's/{[a-z_]*}/{x}/' | sort >"$home/routes.doc"
  diff -u "$home/routes.table" "$home/routes.doc" >&2 || fail "the document and server.c's table differ"
  # every operation answers its errors with the problem schema
  [ "$(jq '[.paths[][] | .responses | to_entries[] | select(.key | test("^[45]")) |
           select(.value.content["application/problem+json"].schema["$ref"] != "#/components/schemas/Problem")] | length' "$out")" = 0 ] ||
    fail "an error response lacks the problem+json schema"
  [ "$(js '.components.schemas.Problem.required | join(",")')" = "type,code,title,status" ] || fail "no Problem schema"
  [ "$(jq '[.paths[][] | .operationId] | length == (unique | length)' "$out")" = true ] || fail "operationIds repeat"
  [ "$(jq '[.paths | to_entries[] | .key as $p | .value[] |
           ([$p | scan("\\{([a-z_]+)\\}")[]] | sort) == ([.parameters[] | select(.in == "path") | .name] | sort)] | all' "$out")" = true ] ||
    fail "a path parameter is not declared (or one is declared that the path lacks)"
  if python3 -c "import openapi_spec_validator" 2>/dev/null; then
    python3 -c "import json, sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1])))" "$out" ||
      fail "the document does not validate"
  fi
  true
EOT

test_expect_success 'the server stops cleanly; the log holds no applicant data' - <<\EOT
  for secret in "$pw_an" "$pw_dung" 0905000003 "Quá Hạn"; do
    grep -qF -- "$secret" "$log" && fail "the log holds '$secret'"
  done
  kill -TERM $srv_pid; wait $srv_pid; st=$?; srv_pid=
  [ $st = 0 ] || fail "the server exited $st"
EOT
finish
