#!/usr/bin/env bash
# motcua serve, driven with curl over a Unix socket, on a private cluster
# this test may stop and start: health, logins (wrong password, unknown
# login, lockout), CSRF, an idempotent receipt, If-Match (stale: 412 and
# nothing changed), an action the state does not allow (409), two clients
# racing on one dossier, an auditor's write refused by the database's door
# (403), malformed and oversized bodies, the slip PDF, logout and a
# disabled account, PostgreSQL stopping and coming back (503, then the
# same session works again), a request log with no secret or personal
# data in it, and a clean stop on SIGTERM.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh" serve
pw_an='mật-khẩu An 2024'; pw_binh='binh-pass-9876'; pw_chi='chi-pass-5432'; pw_khoa='khoa-pass-1111'

# api [--as JAR] METHOD PATH [curl args...]: the reply's body in $out, its
# headers in $hdr, its status in $status. JAR is a cookie file (default:
# the clerk's).
body='{"procedure":"2.002131","channel":"online","applicant":{"name":"Nguyễn Thị Hoa","phone":"0905777888","address":"12 Lê Lợi, TP Quảng Ngãi","id_number":"051190001234"}}'

test_expect_success 'the office sets up a database and adds a clerk, a second clerk, an auditor' - <<\EOT
  run db migrate; expect_rc 0; expect_out "0013_accounts.sql"
  run catalog load; expect_rc 0
  printf '%s\n' "$pw_an" | "$MOTCUA" user add nv.an --name "Trần Văn An" --role clerk --unit mot_cua --password-stdin >"$out" 2>"$errf"
  rc=$?; expect_rc 0; expect_out "user nv.an added"
  printf '%s\n' "$pw_binh" | "$MOTCUA" user add nv.binh --name "Lê Thị Bình" --role specialist --password-stdin >/dev/null || fail "add nv.binh"
  printf '%s\n' "$pw_chi" | "$MOTCUA" user add kt.chi --name "Phạm Văn Chi" --role auditor --password-stdin >/dev/null || fail "add kt.chi"
  printf '%s\n' "$pw_khoa" | "$MOTCUA" user add nv.khoa --name "Võ Minh Khoa" --role clerk --password-stdin >/dev/null || fail "add nv.khoa"
  printf '%s\n' "$pw_an" | "$MOTCUA" user add nv.an --name "X" --role clerk --password-stdin >"$out" 2>"$errf"
  rc=$?; expect_rc 4; expect_err "user 'nv.an' already exists"
  printf '%s\n' "$pw_an" | "$MOTCUA" user add nv.x --name "X" --role clerc --password-stdin >"$out" 2>"$errf"
  rc=$?; expect_rc 2; expect_err "did you mean 'clerk'"
  printf 'short\n' | "$MOTCUA" user add nv.y --name "Y" --role clerk --password-stdin >"$out" 2>"$errf"
  rc=$?; expect_rc 2; expect_err "shorter than 8"
  run user list --json; expect_rc 0
  [ "$(jq length "$out")" = 4 ] || fail "expected 4 users"
  [ "$(jq -r '.[] | select(.login == "nv.an") | .unit' "$out")" = mot_cua ] || fail "the unit was not kept"
  [ "$(sql "SELECT count(*) FROM motcua.app_user WHERE password_hash LIKE '\$argon2id\$%'")" = 4 ] ||
    fail "passwords are not Argon2id hashes"
  grep -qF "$pw_an" <(sql "SELECT password_hash FROM motcua.app_user") && fail "a password is stored in clear"
  true
EOT

test_expect_success 'the server starts on a Unix socket and says it is healthy' - <<\EOT
  "$MOTCUA" serve --listen "unix:$sock" --db-connections 3 --threads 3 --max-body 16384 2>"$log" &
  srv_pid=$!
  wait_for "the server answers /health" healthy
  api GET /api/v1/health; expect_status 200
  expect_js .status ok; expect_js .database ok; expect_js .schema "$(ls "$MOTCUA_HOME"/migrations/*.sql | sed 's|.*/0*\([0-9]*\)_[^/]*$|\1|' | sort -n | tail -1)"
  grep -q "listening on unix:$sock" "$log" || fail "no 'listening' line"
EOT

test_expect_success 'the server also listens on TCP (a free port on 127.0.0.1), Secure cookies on request' - <<\EOT
  "$MOTCUA" serve --listen 127.0.0.1:0 --secure-cookies 2>"$home/tcp.log" & tcp_pid=$!
  tcp_port() { sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$home/tcp.log" | grep -q .; }
  wait_for "the TCP server says its port" tcp_port
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$home/tcp.log")
  [ "$(curl -s "http://127.0.0.1:$port/api/v1/health" | jq -r .status)" = ok ] || fail "no health over TCP"
  curl -s -D "$hdr" -o /dev/null -d "{\"login\":\"nv.an\",\"password\":\"$pw_an\"}" "http://127.0.0.1:$port/api/v1/session"
  grep -i "^Set-Cookie:" "$hdr" | grep -q "; Secure" || fail "no Secure cookie with --secure-cookies"
  grep -q "POST /api/v1/session 200 .* nv.an" "$home/tcp.log" || fail "no log line for the TCP login"
  kill -TERM $tcp_pid; wait $tcp_pid || fail "the TCP server did not exit 0"
EOT

test_expect_success 'no session: 401 with a problem document' - <<\EOT
  jar="$home/nobody" api GET /api/v1/me; expect_status 401
  expect_header "Content-Type: application/problem+json"
  expect_js .code unauthenticated; expect_js .status 401
  [ -n "$(js .title)" ] || fail "no title"
  jar="$home/nobody" api GET /api/v1/dossiers/000.00.00.H48-240101-0001; expect_status 401
EOT

test_expect_success 'a clerk logs in: an HttpOnly SameSite=Strict cookie and a CSRF token' - <<\EOT
  login "$home/jar.an" nv.an "$pw_an"; expect_status 200
  expect_header "Set-Cookie: motcua_session="; expect_header "HttpOnly"; expect_header "SameSite=Strict"
  [ ${#csrf} = 64 ] || fail "no CSRF token in the reply"
  csrf_an=$csrf
  expect_js .user.login nv.an; expect_js .user.role clerk; expect_js .user.name "Trần Văn An"
  api GET /api/v1/me; expect_status 200; expect_js .login nv.an; expect_js .unit mot_cua
  token=$(awk '$6 == "motcua_session" { print $7 }' "$home/jar.an")
  [ ${#token} = 64 ] || fail "no token in the cookie jar"
  [ "$(sql "SELECT count(*) FROM motcua.app_session WHERE token_hash = sha256(decode('$token', 'hex'))")" = 1 ] ||
    fail "the session is not stored as the token's SHA-256"
  [ "$(sql "SELECT count(*) FROM motcua.app_session WHERE encode(token_hash, 'hex') = '$token'")" = 0 ] ||
    fail "the token is stored in clear"
  [ "$(sql "SELECT count(*) FROM motcua.auth_log WHERE login = 'nv.an' AND event = 'login'")" = 2 ] ||
    fail "the login was not logged (one over TCP, one here)"
EOT

test_expect_success 'a wrong password and an unknown login get the same 401' - <<\EOT
  login "$home/jar.x" nv.an "wrong-password"; expect_status 401; expect_js .code invalid_credentials
  cp "$out" "$home/wrong"
  login "$home/jar.x" nobody.here "wrong-password"; expect_status 401
  cmp -s "$out" "$home/wrong" || fail "an unknown login is told apart from a wrong password"
  [ "$(sql "SELECT count(*) FROM motcua.auth_log WHERE event = 'login_failed' AND login IN ('nv.an', 'nobody.here')")" = 2 ] ||
    fail "the failures were not logged"
EOT

test_expect_success 'five wrong passwords lock the login: 429 with Retry-After, even with the right one' - <<\EOT
  for i in 1 2 3 4 5; do
    login "$home/jar.k" nv.khoa "wrong-$i"; expect_status 401 "attempt $i"
  done
  login "$home/jar.k" nv.khoa "$pw_khoa"; expect_status 429; expect_js .code too_many_attempts
  expect_header "Retry-After: "
  ra=$(sed -n 's/^Retry-After: *\([0-9]*\).*/\1/ip' "$hdr")
  [ "${ra:-0}" -gt 0 ] && [ "$ra" -le 900 ] || fail "Retry-After '$ra' is not within the 15 min window"
  [ "$(sql "SELECT count(*) FROM motcua.auth_log WHERE login = 'nv.khoa' AND event = 'login_locked'")" = 1 ] ||
    fail "the locked attempt was not logged"
  # another login is not locked
  login "$home/jar.binh" nv.binh "$pw_binh"; expect_status 200; csrf_binh=$csrf
EOT

test_expect_success 'a state change without the CSRF token (or a wrong one) is 403 and changes nothing' - <<\EOT
  api POST /api/v1/dossiers -H 'Idempotency-Key: csrf-1' -d "$body"; expect_status 403; expect_js .code csrf
  api POST /api/v1/dossiers -H 'Idempotency-Key: csrf-1' -H "X-CSRF-Token: $csrf_binh" -d "$body"
  expect_status 403 "another session's token"
  [ "$(sql "SELECT count(*) FROM motcua.dossier")" = 0 ] || fail "a dossier was received"
EOT

test_expect_success 'a clerk receives a dossier: 201, its code, appointment, steps, Location, ETag' - <<\EOT
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: hoa-1' -d "$body"
  expect_status 201; expect_header 'ETag: "1"'
  code=$(js .code)
  case $code in 000.00.00.H48-*-0001) ;; *) fail "unexpected code '$code'" ;; esac
  expect_header "Location: /api/v1/dossiers/$code"
  expect_js .state in_step; expect_js .revision 1; expect_js .procedure 2.002131
  [ "$(js .appointment)" = "$(js .due_at)" ] || fail "no appointment"
  [ "$(js '.steps | length')" = 4 ] || fail "expected 4 steps"
  [ "$(js '.steps[0].due')" != null ] || fail "the first step has no due moment"
  [ "$(sql "SELECT actor || ' ' || db_user FROM motcua.dossier_event WHERE code = '$code'")" = "nv.an motcua" ] ||
    fail "the event's actor is not the logged-in user"
  [ "$(sql "SELECT abs(extract(epoch FROM at - recorded_at)) < 5 FROM motcua.dossier_event WHERE code = '$code'")" = t ] ||
    fail "the receipt's moment is not the server's clock"
EOT

test_expect_success 'the same Idempotency-Key: the same dossier (200); another body: 409; none: 400' - <<\EOT
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: hoa-1' -d "$body"
  expect_status 200; expect_js .code "$code"
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: hoa-1' \
    -d '{"procedure":"2.002131","channel":"post","applicant":{"name":"Nguyễn Thị Hoa"}}'
  expect_status 409; expect_js .code idempotency_conflict
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -d "$body"
  expect_status 400; expect_js .field Idempotency-Key
  [ "$(sql "SELECT count(*) FROM motcua.dossier")" = 1 ] || fail "a retry received another dossier"
EOT

test_expect_success 'four retries of one receipt at once: one dossier, every reply names it' - <<\EOT
  retries=()
  for i in 1 2 3 4; do
    curl -s --unix-socket "$sock" -b "$jar" -o "$home/retry.$i" -w '%{http_code}\n' \
      -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: tuan-1' \
      -d '{"procedure":"1.000173","channel":"in_person","applicant":{"name":"Đỗ Văn Tuấn"}}' \
      http://motcua/api/v1/dossiers >"$home/retry.$i.status" & retries+=($!)
  done
  wait "${retries[@]}"
  s=$(cat "$home"/retry.?.status | sort | tr '\n' ' ')
  [ "$s" = "200 200 200 201 " ] || fail "expected one 201 and three 200, got: $s"
  [ "$(jq -r .code "$home"/retry.? | sort -u | wc -l)" = 1 ] || fail "the retries name different dossiers"
  [ "$(sql "SELECT count(*) FROM motcua.dossier WHERE applicant_name = 'Đỗ Văn Tuấn'")" = 1 ] ||
    fail "the retries received more than one dossier"
EOT

test_expect_success 'invalid fields are 422 naming the field; the actor is never a field' - <<\EOT
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: bad-1' \
    -d '{"procedure":"2.002131","channel":"online","applicant":{"phone":"1"}}'
  expect_status 422; expect_js .field applicant.name
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: bad-2' \
    -d '{"procedure":"2.002131","channel":"fax","applicant":{"name":"A"}}'
  expect_status 422; expect_js .field channel
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: bad-3' \
    -d '{"procedure":"9.999999","channel":"online","applicant":{"name":"A"}}'
  expect_status 422; expect_js .field procedure
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: bad-4' \
    -d '{"procedure":"2.002131","channel":"online","actor":"Giám đốc","applicant":{"name":"A"}}'
  expect_status 422; expect_js .field actor
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: bad-5' \
    -d '{"procedure":"2.002131","channel":"online","applicant":{"name":"A\u0007B"}}'
  expect_status 422; expect_js .field applicant.name
  [ "$(sql "SELECT count(*) FROM motcua.dossier")" = 2 ] || fail "an invalid receipt was written"
EOT

test_expect_success 'malformed JSON is 400, too deep 400, an oversized body 413' - <<\EOT
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: m-1' -d '{"procedure":'
  expect_status 400; expect_js .code malformed_json
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: m-2' -d '[1,2]'
  expect_status 400
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: m-3' \
    -d '{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{}}}}}}}}}}'
  expect_status 400; expect_js .code malformed_json
  head -c 20000 /dev/zero | tr '\0' ' ' >"$home/big.json"; echo '{}' >>"$home/big.json"
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: m-4' --data-binary @"$home/big.json"
  expect_status 413; expect_js .code body_too_large
  # chunked: no Content-Length, the limit still holds
  api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: m-5' \
    -H 'Transfer-Encoding: chunked' --data-binary @"$home/big.json"
  expect_status 413
  [ "$(sql "SELECT count(*) FROM motcua.dossier")" = 2 ] || fail "a bad body received a dossier"
EOT

test_expect_success 'the dossier with its revision as ETag; 404 for no such dossier' - <<\EOT
  api GET "/api/v1/dossiers/$code"; expect_status 200; expect_header 'ETag: "1"'
  expect_js .code "$code"; expect_js .applicant "Nguyễn Thị Hoa"
  api GET /api/v1/dossiers/000.00.00.H48-990101-9999; expect_status 404; expect_js .code not_found
  api GET /api/v1/nothing; expect_status 404
EOT

test_expect_success 'act with a stale If-Match: 412 and the dossier unchanged' - <<\EOT
  api POST "/api/v1/dossiers/$code/actions" -H "X-CSRF-Token: $csrf_an" -H 'If-Match: "1"' \
    -d '{"action":"forward"}'
  expect_status 200; expect_header 'ETag: "2"'; expect_js .revision 2
  api POST "/api/v1/dossiers/$code/actions" -H "X-CSRF-Token: $csrf_an" -H 'If-Match: "1"' \
    -d '{"action":"forward"}'
  expect_status 412; expect_js .code stale_revision; expect_js .revision 2
  [ "$(sql "SELECT revision || ' ' || step_id FROM motcua.dossier WHERE code = '$code'")" = "2 tham_dinh" ] ||
    fail "a stale action changed the dossier"
  [ "$(sql "SELECT count(*) FROM motcua.dossier_event WHERE code = '$code'")" = 2 ] || fail "a stale action was logged"
  api POST "/api/v1/dossiers/$code/actions" -H "X-CSRF-Token: $csrf_an" -d '{"action":"forward"}'
  expect_status 428
EOT

test_expect_success 'an action the state does not allow: 409 with the state and the actions allowed' - <<\EOT
  api POST "/api/v1/dossiers/$code/actions" -H "X-CSRF-Token: $csrf_an" -H 'If-Match: "2"' \
    -d '{"action":"return"}'
  expect_status 409; expect_js .code action_not_allowed; expect_js .state in_step
  [ "$(js '.allowed_actions | index("forward") != null')" = true ] || fail "forward is not listed as allowed"
  api POST "/api/v1/dossiers/$code/actions" -H "X-CSRF-Token: $csrf_an" -H 'If-Match: "2"' \
    -d '{"action":"refuse"}'
  expect_status 422; expect_js .field note
  [ "$(sql "SELECT revision FROM motcua.dossier WHERE code = '$code'")" = 2 ] || fail "the dossier changed"
EOT

test_expect_success 'two clerks race on one dossier: one wins, the other is told (412 or 409)' - <<\EOT
  racers=()
  for who in an binh; do
    eval "c=\$csrf_$who"
    curl -s --unix-socket "$sock" -b "$home/jar.$who" -o "$home/race.$who" -w '%{http_code}\n' \
      -H "X-CSRF-Token: $c" -H 'If-Match: "2"' -d '{"action":"forward"}' \
      "http://motcua/api/v1/dossiers/$code/actions" >"$home/race.$who.status" & racers+=($!)
  done
  wait "${racers[@]}"
  s=$(cat "$home/race.an.status" "$home/race.binh.status" | sort | tr '\n' ' ')
  case $s in "200 409 "|"200 412 ") ;; *) fail "expected one 200 and one 409/412, got: $s" ;; esac
  [ "$(sql "SELECT revision FROM motcua.dossier WHERE code = '$code'")" = 3 ] || fail "not exactly one action won"
EOT

test_expect_success 'an auditor reads but may not write: the door refuses (403)' - <<\EOT
  login "$home/jar.chi" kt.chi "$pw_chi"; expect_status 200; csrf_chi=$csrf
  jar="$home/jar.chi" api GET "/api/v1/dossiers/$code"; expect_status 200
  jar="$home/jar.chi" api POST /api/v1/dossiers -H "X-CSRF-Token: $csrf_chi" -H 'Idempotency-Key: au-1' -d "$body"
  expect_status 403; expect_js .code forbidden
  jar="$home/jar.chi" api POST "/api/v1/dossiers/$code/actions" -H "X-CSRF-Token: $csrf_chi" \
    -H 'If-Match: "3"' -d '{"action":"forward"}'
  expect_status 403; expect_js .code forbidden
  [ "$(sql "SELECT count(*) FROM motcua.dossier")" = 2 ] && [ "$(sql "SELECT revision FROM motcua.dossier WHERE code = '$code'")" = 3 ] ||
    fail "the auditor changed something"
EOT

test_expect_success 'the receipt slip is a PDF showing the code' - <<\EOT
  api GET "/api/v1/dossiers/$code/slip.pdf"; expect_status 200; expect_header "Content-Type: application/pdf"
  [ "$(head -c 5 "$out")" = "%PDF-" ] || fail "not a PDF"
  pdftotext "$out" - | grep -qF "$code" || fail "the slip does not show the code"
EOT

test_expect_success 'the catalogue: procedures in force and one procedure' - <<\EOT
  api GET "/api/v1/procedures?at=2024-03-04"; expect_status 200
  [ "$(js 'map(select(.code == "2.002131")) | length')" = 1 ] || fail "2.002131 not listed"
  api GET /api/v1/procedures/2.002131; expect_status 200; expect_js .code 2.002131
  [ "$(js '.steps | length')" = 4 ] || fail "expected 4 steps"
  api GET "/api/v1/procedures?at=2024-02-30"; expect_status 422; expect_js .field at
  api GET /api/v1/procedures/9.999999; expect_status 404
EOT

test_expect_success 'an applicant reads which documents a procedure needs, or that nobody knows' - <<\EOT
  api GET /api/v1/procedures/1.000173; expect_status 200
  [ "$(js '.documents | length')" = 5 ] || fail "expected the 5 documents of 1.000173"
  expect_js '.documents[2].form' 'bản sao'; expect_js '.documents[0].required' true
  expect_js '.documents[0].form' null; expect_js .sets 1
  js .documents_source | grep -qF caobang.gov.vn || fail "the list's source is missing"
  api GET /api/v1/procedures/qng.tdc.06; expect_status 200
  expect_js '.documents[3].condition' 'nếu có'; expect_js '.documents[3].required' false
  api GET /api/v1/procedures/qng.khcn.01; expect_status 200
  expect_js .documents null; expect_js .sets null
EOT

test_expect_success 'logout revokes the session; a disabled account loses its sessions' - <<\EOT
  login "$home/jar.an2" nv.an "$pw_an"; expect_status 200; c2=$csrf
  cp "$home/jar.an2" "$home/jar.an2.copy"
  jar="$home/jar.an2" api DELETE /api/v1/session; expect_status 403 "logout needs the CSRF token"
  jar="$home/jar.an2" api DELETE /api/v1/session -H "X-CSRF-Token: $c2"; expect_status 204
  jar="$home/jar.an2.copy" api GET /api/v1/me; expect_status 401 "the revoked token still works"
  [ "$(sql "SELECT count(*) FROM motcua.auth_log WHERE login = 'nv.an' AND event = 'logout'")" = 1 ] ||
    fail "the logout was not logged"
  jar="$home/jar.binh" api GET /api/v1/me; expect_status 200
  run user disable nv.binh; expect_rc 0; expect_out "sessions closed"
  jar="$home/jar.binh" api GET /api/v1/me; expect_status 401 "a disabled user's session"
  login "$home/jar.x" nv.binh "$pw_binh"; expect_status 401 "a disabled user logs in"
EOT

test_expect_success 'a session unused for 30 minutes, or past its 12 hours, has ended' - <<\EOT
  login "$home/jar.idle" nv.an "$pw_an"; expect_status 200
  t=$(awk '$6 == "motcua_session" { print $7 }' "$home/jar.idle")
  sql "UPDATE motcua.app_session SET last_seen = now() - interval '31 minutes' WHERE token_hash = sha256(decode('$t', 'hex'))" >/dev/null
  jar="$home/jar.idle" api GET /api/v1/me; expect_status 401 "an idle session"
  login "$home/jar.abs" nv.an "$pw_an"; expect_status 200
  t=$(awk '$6 == "motcua_session" { print $7 }' "$home/jar.abs")
  jar="$home/jar.abs" api GET /api/v1/me; expect_status 200 "a fresh session"
  sql "UPDATE motcua.app_session SET expires_at = now() - interval '1 second' WHERE token_hash = sha256(decode('$t', 'hex'))" >/dev/null
  jar="$home/jar.abs" api GET /api/v1/me; expect_status 401 "a session past its absolute end"
  jar="$home/jar.abs" api PUT /api/v1/dossiers; expect_status 405
EOT

test_expect_success 'a changed password closes the sessions; the new one works' - <<\EOT
  login "$home/jar.an3" nv.an "$pw_an"; expect_status 200
  printf 'mat-khau-moi-2025\n' | "$MOTCUA" user passwd nv.an --password-stdin >/dev/null || fail "passwd"
  jar="$home/jar.an3" api GET /api/v1/me; expect_status 401
  login "$home/jar.an3" nv.an "$pw_an"; expect_status 401 "the old password"
  login "$home/jar.an" nv.an "mat-khau-moi-2025"; expect_status 200; csrf_an=$csrf
EOT

test_expect_success 'PostgreSQL stops: 503 with a problem document; it comes back: the same session works' - <<\EOT
  "$MOTCUA" db stop >/dev/null 2>&1 || fail "could not stop the cluster"
  api GET /api/v1/health; expect_status 503; expect_js .code database_unavailable
  expect_header "Content-Type: application/problem+json"
  api GET "/api/v1/dossiers/$code"; expect_status 503; expect_js .code database_unavailable
  # people get what to do in Vietnamese, not libpq's English (that goes to the log)
  expect_js .detail "Vui lòng thử lại sau ít phút; nếu vẫn lỗi, báo quản trị hệ thống."
  "$MOTCUA" db start >/dev/null 2>&1 || fail "could not start the cluster"
  api GET /api/v1/health; expect_status 200
  api GET "/api/v1/dossiers/$code"; expect_status 200 "after the database came back"
  api POST "/api/v1/dossiers/$code/actions" -H "X-CSRF-Token: $csrf_an" -H 'If-Match: "3"' \
    -d '{"action":"forward"}'
  expect_status 200 "a write after the database came back"
EOT

test_expect_success 'PostgreSQL restarts between requests: the next requests work at once' - <<\EOT
  for i in 1 2 3 4; do api GET "/api/v1/dossiers/$code"; done   # every pooled connection used
  pg_restart() {
    local pgctl; pgctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pgctl" -D "$home/pg" -m fast -w restart -l "$home/pg/server.log" >/dev/null
    else "$pgctl" -D "$home/pg" -m fast -w restart -l "$home/pg/server.log" >/dev/null; fi
  }
  pg_restart
  for i in 1 2 3 4; do
    api GET "/api/v1/dossiers/$code"; expect_status 200 "request $i after the restart"
  done
  pg_restart
  api GET /api/v1/health; expect_status 200 "health after the restart"
  login "$home/jar.r" nv.an "mat-khau-moi-2025"; expect_status 200 "a login after the restart"
EOT

test_expect_success 'the request log: one line a request, no password, token, CSRF token or applicant data' - <<\EOT
  grep -q "^motcua serve: POST /api/v1/dossiers 201 [0-9.]*ms nv.an$" "$log" || fail "no log line for the receipt"
  grep -q "^motcua serve: POST /api/v1/session 401 " "$log" || fail "no log line for a failed login"
  grep -q "^motcua serve: GET /api/v1/procedures 200 " "$log" || fail "the query string is logged"
  for secret in "$pw_an" "$pw_khoa" wrong-password mat-khau-moi "$token" "$csrf_an" "Nguyễn Thị Hoa" 0905777888 051190001234 "Lê Lợi"; do
    grep -qF -- "$secret" "$log" && fail "the log holds '$secret'"
  done
  true
EOT

test_expect_success 'SIGTERM: the request in flight finishes, new ones are refused, exit 0' - <<\EOT
  # a receipt whose body arrives slowly (about 5 s) is in flight at SIGTERM
  { printf '%s' "$body" | sed 's/}$//'; head -c 10000 /dev/zero | tr '\0' ' '; printf '}'; } >"$home/slow.json"
  curl -s --unix-socket "$sock" -b "$jar" -o "$home/slow.out" -w '%{http_code}\n' --limit-rate 2k \
    --trace-ascii "$home/slow.trace" -H "X-CSRF-Token: $csrf_an" -H 'Idempotency-Key: slow-1' \
    -H 'Expect:' --data-binary @"$home/slow.json" http://motcua/api/v1/dossiers >"$home/slow.status" & slow=$!
  sending() { grep -q "^=> Send data" "$home/slow.trace" 2>/dev/null; }
  wait_for "curl is sending the body" sending
  kill -TERM $srv_pid
  stopping() { grep -q "no new connections" "$log"; }
  wait_for "the server stops accepting" stopping
  curl -s --unix-socket "$sock" -o /dev/null http://motcua/api/v1/health && fail "a new request was served after SIGTERM"
  wait $slow
  [ "$(cat "$home/slow.status")" = 201 ] || fail "the request in flight got '$(cat "$home/slow.status")', not 201"
  [ "$(jq -r .state "$home/slow.out")" = in_step ] || fail "the request in flight did not receive a dossier"
  # (it was in flight: it ended after the server stopped accepting)
  [ "$(sed -n '/no new connections/,$p' "$log" | grep -c 'POST /api/v1/dossiers 201')" = 1 ] ||
    fail "the slow request was not in flight at SIGTERM"
  wait $srv_pid; st=$?; srv_pid=
  [ $st = 0 ] || fail "the server exited $st"
  grep -q "motcua serve: stopped" "$log" || fail "no 'stopped' line"
  [ ! -e "$sock" ] || fail "the socket was left behind"
EOT
finish
