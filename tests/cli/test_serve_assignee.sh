#!/usr/bin/env bash
# motcua serve, the holder of a dossier's current step (migration 0020),
# driven with curl over a Unix socket on a private cluster: a head assigns
# a dossier to a specialist, that specialist's `assignee=me` finds it and
# another's does not (the counts and the desk's "Hồ sơ của tôi" too), the
# queue's items and the dossier carry the holder's login and full name, a
# clerk may not assign (403), an unknown login or a clerk's is 422 naming
# the field with nothing written, a forward names the next holder or
# nobody, and `db verify` is clean after.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh" serve-assignee
pw='một mật khẩu dài 2026'
api() { # api JAR METHOD PATH [curl args...]
  local j=$home/jar.$1 m=$2 p=$3; shift 3
  status=$(curl -sS --unix-socket "$sock" -X "$m" -b "$j" -c "$j" -D "$hdr" -o "$out" \
    -w '%{http_code}' "$@" "http://motcua$p" 2>"$errf")
}
declare -A csrf
login() { # login WHO
  api "$1" POST /api/v1/session -H 'Content-Type: application/json' \
    -d "$(jq -nc --arg l "$1" --arg p "$pw" '{login: $l, password: $p}')"
  expect_status 200 "login $1"
  csrf[$1]=$(js .csrf)
}
act() { # act WHO JSON: an action on $code at its current revision
  api "$1" GET "/api/v1/dossiers/$code"; local rev; rev=$(js .revision)
  api "$1" POST "/api/v1/dossiers/$code/actions" -H "X-CSRF-Token: ${csrf[$1]}" \
    -H "If-Match: \"$rev\"" -H 'Content-Type: application/json' -d "$2"
}
events() { sql "SELECT count(*) FROM motcua.dossier_event WHERE code = '$code'"; }
holder() { sql "SELECT coalesce(assignee, '-') FROM motcua.dossier WHERE code = '$code'"; }

test_expect_success 'the office sets up a database, a clerk, two specialists and a head' - <<\EOT
  run db migrate; expect_rc 0; expect_out "0020_assignee.sql"
  run catalog load; expect_rc 0
  while read -r l r u n; do
    printf '%s\n' "$pw" | "$MOTCUA" user add "$l" --name "$n" --role "$r" --unit "$u" --password-stdin \
      >/dev/null || fail "add $l"
  done <<'USERS'
tn.an clerk mot_cua Trần Văn An
cv.binh specialist qlcnganh Lê Thị Bình
cv.chau specialist qlcnganh Ngô Minh Châu
tp.dung head qlcnganh Phạm Văn Dũng
USERS
  "$MOTCUA" serve --listen "unix:$sock" --db-connections 3 --threads 3 2>"$log" &
  srv_pid=$!
  wait_for "the server answers /health" healthy
  for w in tn.an cv.binh cv.chau tp.dung; do login "$w"; done
EOT

test_expect_success 'the clerk receives a dossier; nobody holds it yet' - <<\EOT
  api tn.an POST /api/v1/dossiers -H "X-CSRF-Token: ${csrf[tn.an]}" -H 'Idempotency-Key: giao-1' \
    -d '{"procedure":"2.002131","channel":"in_person","applicant":{"name":"Hoàng Thị Giao","phone":"0905111222"}}'
  expect_status 201
  code=$(js .code)
  expect_js .assignee null; expect_js .assignee_name null
  act tn.an '{"action":"forward"}'; expect_status 200
  expect_js .assignee null
EOT

test_expect_success 'a clerk may not assign (403), and nothing is written' - <<\EOT
  before=$(events)
  act tn.an '{"action":"assign","assignee":"cv.binh"}'
  expect_status 403; expect_js .field action
  [ "$(events)" = "$before" ] || fail "a clerk's assignment was logged"
EOT

test_expect_success 'an unknown login, a clerk or no assignee at all: 422 naming the field, nothing written' - <<\EOT
  before=$(events)
  for who in cv.khong tn.an; do
    act tp.dung "$(jq -nc --arg a "$who" '{action: "assign", assignee: $a}')"
    expect_status 422 "assign to $who"; expect_js .field assignee
    expect_js '.detail | contains("is not an active specialist, head or leader")' true
  done
  act tp.dung '{"action":"assign"}'; expect_status 422; expect_js .field assignee
  act tp.dung '{"action":"assign","assignee":"Lê Thị Bình"}'; expect_status 422; expect_js .field assignee
  act tp.dung '{"action":"pause","assignee":"cv.binh"}'; expect_status 422; expect_js .field assignee
  [ "$(events)" = "$before" ] || fail "a refused assignment was logged"
  [ "$(holder)" = - ] || fail "a refused assignment changed the holder: $(holder)"
EOT

test_expect_success 'a head assigns the dossier to a specialist: the reply and the dossier carry the holder' - <<\EOT
  act tp.dung '{"action":"assign","assignee":"cv.binh","note":"Chị Bình thẩm định giúp"}'
  expect_status 200
  expect_js .assignee cv.binh; expect_js .assignee_name "Lê Thị Bình"; expect_js .state in_step
  api cv.chau GET "/api/v1/dossiers/$code"; expect_status 200
  expect_js .assignee cv.binh; expect_js .assignee_name "Lê Thị Bình"
  [ "$(sql "SELECT actor || ' ' || assignee || ' ' || desk_role FROM motcua.dossier_event WHERE code = '$code' AND action = 'assign'")" = "tp.dung cv.binh head" ] ||
    fail "the log does not say who assigned whom"
EOT

test_expect_success "the specialist's assignee=me finds it, another specialist's does not" - <<\EOT
  api cv.binh GET '/api/v1/dossiers?assignee=me'; expect_status 200
  expect_js '[.items[].code] | join(",")' "$code"
  expect_js '.items[0].assignee' cv.binh; expect_js '.items[0].assignee_name' "Lê Thị Bình"
  api cv.chau GET '/api/v1/dossiers?assignee=me'; expect_status 200
  expect_js '.items | length' 0
  api cv.chau GET '/api/v1/dossiers?assignee=cv.binh'; expect_status 200
  expect_js '[.items[].code] | join(",")' "$code"
  api cv.chau GET '/api/v1/dossiers?assignee=cv.binh&unit=qlcnganh'; expect_status 200
  expect_js '.items | length' 1
  api cv.chau GET '/api/v1/dossiers?assignee=cv.binh&unit=mot_cua'; expect_status 200
  expect_js '.items | length' 0
  api cv.chau GET '/api/v1/dossiers?assignee=NOT%20A%20LOGIN'; expect_status 422; expect_js .field assignee
  # the whole queue names the holder of each item (null for nobody)
  api tn.an GET '/api/v1/dossiers'; expect_status 200
  [ "$(jq -r --arg c "$code" '.items[] | select(.code == $c) | .assignee' "$out")" = cv.binh ] ||
    fail "the queue's item lacks its holder"
  api tn.an GET /api/v1/openapi.json; expect_status 200
  [ "$(jq '[.paths["/api/v1/dossiers"].get.parameters[] | select(.name == "assignee")] | length' "$out")" = 1 ] ||
    fail "the OpenAPI document lacks the query parameter assignee"
  [ "$(jq -r '.paths["/api/v1/dossiers/{code}/actions"].post.requestBody.content["application/json"].schema.properties.assignee.type' "$out")" = string ] ||
    fail "the OpenAPI document lacks the action's assignee"
EOT

test_expect_success 'the desk: "Hồ sơ của tôi" is the specialist'"'"'s first view, with its count and the holder named' - <<\EOT
  api cv.binh GET /ho-so; expect_status 200
  grep -q 'id="scope-toi" aria-current="page">Hồ sơ của tôi <span class="count">1</span>' "$out" ||
    fail "'Hồ sơ của tôi' is not the specialist's first view with its count"
  grep -qF "data-code=\"$code\"" "$out" || fail "the dossier is not in the specialist's own view"
  grep -qF '<td class="assignee" data-assignee="cv.binh">Lê Thị Bình</td>' "$out" || fail "no 'Người xử lý' column"
  api cv.chau GET /ho-so; expect_status 200
  grep -q 'Hồ sơ của tôi <span class="count">0</span>' "$out" || fail "the other specialist's count is not 0"
  grep -qF "data-code=\"$code\"" "$out" && fail "the dossier is in another specialist's own view"
  api cv.chau GET '/ho-so?scope=phong'; expect_status 200
  grep -qF "data-code=\"$code\"" "$out" || fail "the dossier is not in the unit's view"
  api tp.dung GET "/ho-so/$code"; expect_status 200
  grep -qF 'name="assignee"' "$out" || fail "the head has no assign form"
  grep -qF '<option value="cv.chau">Ngô Minh Châu' "$out" || fail "the assign form does not list the specialists"
  grep -qF '<option value="tn.an"' "$out" && fail "the assign form lists a clerk"
  api cv.binh GET "/ho-so/$code"; expect_status 200
  grep -qF 'act-assign' "$out" && fail "a specialist is offered the assign form"
  grep -qF 'id="assignee-forward"' "$out" || fail "the forward form has no 'Chuyển cho'"
  true
EOT

test_expect_success 'the desk'"'"'s assign form: a forged assignee is refused on the page, nothing written' - <<\EOT
  form() { # form WHO ASSIGNEE: the assign form of $code posted at its revision
    api "$1" GET "/api/v1/dossiers/$code"; local rev; rev=$(js .revision)
    api "$1" POST "/ho-so/$code" --data-urlencode "csrf=${csrf[$1]}" --data-urlencode action=assign \
      --data-urlencode "revision=$rev" --data-urlencode "assignee=$2"
  }
  before=$(events)
  form tp.dung tn.an
  expect_status 422
  grep -qF 'người được chọn không phải chuyên viên' "$out" || fail "no message for a forged assignee"
  grep -qF 'id="d-assign" open' "$out" || fail "the assign form is not open again"
  form tp.dung ''
  expect_status 422
  grep -qF 'cần chọn người xử lý' "$out" || fail "no message for an assign without a person"
  [ "$(events)" = "$before" ] || fail "a refused form was logged"
  [ "$(holder)" = cv.binh ] || fail "a refused form changed the holder: $(holder)"
  form cv.binh cv.chau
  expect_status 403
  form tp.dung cv.chau
  expect_status 303
  [ "$(holder)" = cv.chau ] || fail "the form did not give the step to cv.chau"
  form tp.dung cv.binh
  expect_status 303
  [ "$(holder)" = cv.binh ] || fail "the form did not give the step back to cv.binh"
EOT

test_expect_success 'a forward names the next holder, or nobody; db verify is clean after' - <<\EOT
  act cv.binh '{"action":"forward","assignee":"tp.dung"}'; expect_status 200
  expect_js .assignee tp.dung; expect_js .assignee_name "Phạm Văn Dũng"
  api cv.binh GET '/api/v1/dossiers?assignee=me'; expect_js '.items | length' 0
  api tp.dung GET '/api/v1/dossiers?assignee=me'; expect_js '[.items[].code] | join(",")' "$code"
  act tp.dung '{"action":"forward","assignee":"cv.khong"}'; expect_status 422; expect_js .field assignee
  [ "$(holder)" = tp.dung ] || fail "a refused forward changed the holder"
  act tp.dung '{"action":"forward"}'; expect_status 200
  expect_js .assignee null
  [ "$(holder)" = - ] || fail "a forward without one left the holder: $(holder)"
  act tp.dung '{"action":"result_ready"}'; expect_status 200
  expect_js .assignee null
  run db verify; expect_rc 0; expect_out "0 problems"
EOT

finish
