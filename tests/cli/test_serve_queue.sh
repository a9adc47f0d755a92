#!/usr/bin/env bash
# motcua serve, the work queue's filters (GET /api/v1/dossiers), driven
# with curl over a Unix socket on a private cluster: by procedure, channel,
# received and due between, the sort orders with keyset paging in each (no
# dossier twice, none missing), bad values refused by name, and the desk's
# page /ho-so drawing the same filtered list.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh" serve-queue
pw_an='mật-khẩu An 2024'
jar="$home/jar.an"
api() {
  local m=$1 p=$2; shift 2
  status=$(curl -sS --unix-socket "$sock" -X "$m" -b "$jar" -c "$jar" -D "$hdr" -o "$out" \
    -w '%{http_code}' "$@" "http://motcua$p" 2>"$errf")
}
codes_of() { js '[.items[].code] | join(",")'; }
receive() { # receive KEY PROCEDURE CHANNEL NAME PHONE: its code in $code
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf" -H "Idempotency-Key: $1" \
    -d "$(jq -nc --arg pr "$2" --arg c "$3" --arg n "$4" --arg p "$5" \
      '{procedure: $pr, channel: $c, applicant: {name: $n, phone: $p}}')"
  expect_status 201 "receipt $1"
  code=$(js .code)
}
today=$(TZ=Asia/Ho_Chi_Minh date +%F)
ago=$(TZ=Asia/Ho_Chi_Minh date -d '30 days ago' +%F)
yesterday=$(TZ=Asia/Ho_Chi_Minh date -d '1 day ago' +%F)

test_expect_success 'the office sets up a database and a clerk; the server starts' - <<\EOT
  run db migrate; expect_rc 0
  run catalog load; expect_rc 0
  printf '%s\n' "$pw_an" | "$MOTCUA" user add nv.an --name "Trần Văn An" --role clerk --unit mot_cua --password-stdin >/dev/null || fail "add nv.an"
  "$MOTCUA" serve --listen "unix:$sock" --db-connections 3 --threads 3 2>"$log" &
  srv_pid=$!
  wait_for "the server answers /health" healthy
  api POST /api/v1/session -H 'Content-Type: application/json' \
    -d "$(jq -nc --arg p "$pw_an" '{login: "nv.an", password: $p}')"
  expect_status 200; csrf=$(js .csrf)
EOT

test_expect_success 'seven dossiers: two procedures, three channels, one received 30 days ago' - <<\EOT
  x=(); y=()
  receive q1 2.002131 online "Phan Văn Một" 0906000001; x+=("$code")
  receive q2 2.002131 post "Phan Văn Hai" 0906000002; x+=("$code")
  receive q3 2.002131 in_person "Phan Văn Ba" 0906000003; x+=("$code")
  receive q4 2.002131 online "Phan Văn Bốn" 0906000004; x+=("$code")
  receive q5 1.000173 in_person "Phan Văn Năm" 0906000005; y+=("$code")
  receive q6 1.000173 post "Phan Văn Sáu" 0906000006; y+=("$code")
  run receive --procedure 2.002131 --channel in_person --applicant "Lê Thị Quá Hạn" --phone 0911222333 \
    --at "${ago}T09:00" --reason "hồ sơ giấy nhập lại"
  expect_rc 0
  late=$(sql "SELECT code FROM motcua.dossier WHERE applicant_phone = '0911222333'")
  [ -n "$late" ] || fail "the backdated receipt is not stored"
EOT

test_expect_success 'filter by procedure and by channel; an unknown channel is refused by name' - <<\EOT
  api GET '/api/v1/dossiers?procedure=1.000173'; expect_status 200
  [ "$(codes_of)" = "${y[0]},${y[1]}" ] || fail "procedure filter: $(codes_of)"
  api GET '/api/v1/dossiers?channel=post'; expect_status 200
  [ "$(js '[.items[].code] | sort | join(",")')" = "$(printf '%s\n' "${x[1]}" "${y[1]}" | sort | paste -sd,)" ] ||
    fail "channel filter: $(codes_of)"
  api GET '/api/v1/dossiers?channel=online&procedure=2.002131'; expect_status 200
  [ "$(codes_of)" = "${x[0]},${x[3]}" ] || fail "channel and procedure: $(codes_of)"
  api GET '/api/v1/dossiers?procedure=9.999999'; expect_status 200; expect_js '.items | length' 0
  api GET '/api/v1/dossiers?channel=fax'; expect_status 422; expect_js .field channel
EOT

test_expect_success 'received between and due from: a date includes its whole day' - <<\EOT
  api GET "/api/v1/dossiers?received_from=$today&received_to=$today"; expect_status 200
  expect_js '.items | length' 6
  api GET "/api/v1/dossiers?received_to=$yesterday"; expect_status 200
  [ "$(codes_of)" = "$late" ] || fail "received until yesterday: $(codes_of)"
  api GET "/api/v1/dossiers?received_from=$ago&received_to=$ago"; expect_status 200
  [ "$(codes_of)" = "$late" ] || fail "received on the day 30 days ago: $(codes_of)"
  api GET "/api/v1/dossiers?due_from=$today"; expect_status 200
  expect_js '.items | length' 6
  [ "$(jq --arg l "$late" '[.items[] | select(.code == $l)] | length' "$out")" = 0 ] ||
    fail "due_from today lets the overdue one through"
  api GET "/api/v1/dossiers?due_from=$today&due_before=$today"; expect_status 200
  expect_js '.items | length' 0
  api GET "/api/v1/dossiers?due_to=$today"; expect_status 200
  [ "$(codes_of)" = "$late" ] || fail "due_to (due_before's other name) today: $(codes_of)"
  api GET '/api/v1/dossiers?received_from=2026-13-01'; expect_status 422; expect_js .field received_from
  api GET '/api/v1/dossiers?due_from=yesterday'; expect_status 422; expect_js .field due_from
  api GET '/api/v1/dossiers?received_to=2026-02-30'; expect_status 422; expect_js .field received_to
EOT

test_expect_success 'sort by receipt and by code, each paged by its own key; a bad sort is refused' - <<\EOT
  api GET '/api/v1/dossiers?sort=received'; expect_status 200
  expect_js '.items[0].code' "$late"
  [ "$(jq -c '[.items[] | [.received_at, .code]] == ([.items[] | [.received_at, .code]] | sort)' "$out")" = true ] ||
    fail "not sorted by receipt"
  for s in received code due; do
    api GET "/api/v1/dossiers?sort=$s&limit=3"; expect_status 200
    js '.items[].code' >"$home/p.$s"
    cur=$(js .next_cursor); n=1
    while [ "$cur" != null ] && [ $n -lt 10 ]; do
      api GET "/api/v1/dossiers?sort=$s&limit=3&cursor=$cur"; expect_status 200
      js '.items[].code' >>"$home/p.$s"
      cur=$(js .next_cursor); n=$((n + 1))
    done
    [ "$(wc -l <"$home/p.$s")" = 7 ] || fail "sort=$s: $(wc -l <"$home/p.$s") rows over the pages"
    [ "$(sort -u "$home/p.$s" | wc -l)" = 7 ] || fail "sort=$s: a dossier twice"
  done
  sort "$home/p.code" | diff - "$home/p.code" >/dev/null || fail "sort=code pages are not in code order"
  api GET '/api/v1/dossiers?sort=name'; expect_status 422; expect_js .field sort
EOT

test_expect_success 'the old parameters still work beside the new ones' - <<\EOT
  api GET "/api/v1/dossiers?overdue=1&procedure=2.002131"; expect_status 200
  [ "$(codes_of)" = "$late" ] || fail "overdue and procedure: $(codes_of)"
  api GET "/api/v1/dossiers?state=in_step&channel=online"; expect_status 200
  expect_js '.items | length' 2
  api GET "/api/v1/dossiers?q=0906000005&procedure=1.000173"; expect_status 200
  [ "$(codes_of)" = "${y[0]}" ] || fail "search and procedure: $(codes_of)"
  api GET "/api/v1/dossiers?q=0906000005&procedure=2.002131"; expect_status 200
  expect_js '.items | length' 0
  api GET /api/v1/openapi.json; expect_status 200
  for p in procedure channel received_from received_to due_from sort; do
    [ "$(jq --arg p "$p" '[.paths["/api/v1/dossiers"].get.parameters[] | select(.name == $p)] | length' "$out")" = 1 ] ||
      fail "the OpenAPI document lacks '$p'"
  done
EOT

test_expect_success 'the portal reads the queue with its token: each use recorded, a revoked token refused and recorded' - <<\EOT
  qtok=$("$MOTCUA" token add cong.queue --role integration 2>/dev/null)
  [ ${#qtok} = 64 ] || fail "no token"
  uses() { sql "SELECT count(*) FROM motcua.auth_log WHERE login = 'cong.queue' AND event = '$1'"; }
  api GET '/api/v1/dossiers?limit=500' -b /dev/null -H "Authorization: Bearer $qtok"; expect_status 200
  expect_js '.items | length' 7
  [ "$(js '[.items[].code] | sort | join(",")')" = \
    "$(sql "SELECT string_agg(code, ',' ORDER BY code) FROM motcua.dossier WHERE result IS NULL")" ] ||
    fail "the token's page is not the open dossiers: $(codes_of)"
  [ "$(js '[.items[] | select(.href != "/api/v1/dossiers/" + .code)] | length')" = 0 ] || fail "an item's href"
  [ "$(uses token_use)" = 1 ] || fail "the page's use is not recorded"
  api GET '/api/v1/dossiers?sort=nonsense' -b /dev/null -H "Authorization: Bearer $qtok"; expect_status 422
  [ "$(uses token_use)" = 2 ] || fail "a refused query's use is not recorded"
  api GET '/api/v1/me' -b /dev/null -H "Authorization: Bearer $qtok"; expect_status 200
  expect_js .login cong.queue
  run token revoke cong.queue; expect_rc 0
  api GET '/api/v1/dossiers' -b /dev/null -H "Authorization: Bearer $qtok"; expect_status 401
  expect_js .code unauthenticated
  [ "$(uses token_refused)" = 1 ] || fail "the revoked token's attempt is not recorded"
  [ "$(uses token_use)" = 3 ] || fail "uses: $(uses token_use)"
EOT

test_expect_success 'a name longer than the page keeps comes out cut, as valid JSON (no half character)' - <<\EOT
  # 1 + 3 x 200 bytes: the row's 400-byte field keeps 399, a character's
  # first two bytes at its end, each shown as U+FFFD
  sql "UPDATE motcua.dossier SET applicant_name = 'a' || repeat('Ễ', 200) WHERE code = '${y[1]}'" >/dev/null
  api GET '/api/v1/dossiers?q=0906000006'; expect_status 200
  want="a$(for i in $(seq 132); do printf 'Ễ'; done)$(printf '\xef\xbf\xbd\xef\xbf\xbd')"
  [ "$(js '.items[0].applicant')" = "$want" ] || fail "the cut name: $(js '.items[0].applicant')"
  api GET '/api/v1/dossiers?limit=500'; expect_status 200; expect_js '.items | length' 7
  sql "UPDATE motcua.dossier SET applicant_name = 'Phan Văn Sáu' WHERE code = '${y[1]}'" >/dev/null
EOT

test_expect_success 'the desk page /ho-so draws the same filtered list, with counts per state' - <<\EOT
  api GET '/ho-so?procedure=1.000173'; expect_status 200
  [ "$(grep -o 'data-code="[^"]*"' "$out" | wc -l)" = 2 ] || fail "the page's procedure filter"
  grep -q "data-code=\"${y[0]}\"" "$out" || fail "the page lacks ${y[0]}"
  grep -q 'data-state="in_step"[^>]*>Đang giải quyết <span class="count">2</span>' "$out" ||
    fail "the page's count per state"
  api GET '/ho-so?view=qua-han'; expect_status 200
  [ "$(grep -o 'data-code="[^"]*"' "$out")" = "data-code=\"$late\"" ] || fail "the overdue view"
  grep -q "<tr data-code=\"$late\" class=\"overdue\"" "$out" || fail "the overdue row is not marked"
  api GET '/ho-so?channel=fax'; expect_status 422
  api GET '/ho-so?received_from=nonsense'; expect_status 422
  api GET '/ho-so?after=zz'; expect_status 422
  kill -TERM $srv_pid; wait $srv_pid; st=$?; srv_pid=
  [ $st = 0 ] || fail "the server exited $st"
EOT
finish
