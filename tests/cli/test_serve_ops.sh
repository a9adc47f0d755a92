#!/usr/bin/env bash
# motcua serve in operation, on a private cluster: bearer tokens for
# machines (motcua token add/list/revoke, each use logged, a revoked or
# unknown token 401), systemd readiness (READY=1 and STOPPING=1 to a fake
# NOTIFY_SOCKET; the shipped unit passes systemd-analyze verify), the
# client's address and scheme from a trusted proxy only (X-Forwarded-For,
# X-Forwarded-Proto -> Secure cookies), the per-address login limit (429),
# and the shipped nginx site file end to end over TLS when nginx is here.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh" serve-ops
srv_pid= tcp_pid= notify_pid= nginx_pid=
cleanup() {
  [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [ -n "$srv_pid" ] && kill -TERM "$srv_pid" 2>/dev/null && wait "$srv_pid" 2>/dev/null
  [ -n "$tcp_pid" ] && kill -TERM "$tcp_pid" 2>/dev/null && wait "$tcp_pid" 2>/dev/null
  [ -n "$notify_pid" ] && kill "$notify_pid" 2>/dev/null && wait "$notify_pid" 2>/dev/null
  MOTCUA_PGDATA="$home/pg" "$MOTCUA" db stop >/dev/null 2>&1
  rm -rf "$home" "$out" "$errf"
}
unset MOTCUA_DATABASE_URL PGHOST PGDATABASE PGUSER PGPORT PGSERVICE NOTIFY_SOCKET
src=${MOTCUA_SRC:?}
pw_an='mật-khẩu An 2024'

# api METHOD PATH [curl args...]: over the Unix socket; body in $out,
# headers in $hdr, status in $status
api() {
  local m=$1 p=$2; shift 2
  status=$(curl -sS --unix-socket "$sock" -X "$m" -D "$hdr" -o "$out" -w '%{http_code}' "$@" \
    "http://motcua$p" 2>"$errf")
}
login_body() { jq -nc --arg l "$1" --arg p "$2" '{login: $l, password: $p}'; }
body='{"procedure":"2.002131","channel":"online","applicant":{"name":"Nguyễn Thị Hoa","phone":"0905777888","address":"12 Lê Lợi, TP Quảng Ngãi","id_number":"051190001234"}}'

test_expect_success 'the office sets up a database with accounts and tokens (migration 0015)' - <<\EOT
  run db migrate; expect_rc 0; expect_out "0015_api_tokens.sql"
  run catalog load; expect_rc 0
  printf '%s\n' "$pw_an" | "$MOTCUA" user add nv.an --name "Trần Văn An" --role clerk --password-stdin >/dev/null ||
    fail "add nv.an"
EOT

test_expect_success 'the office makes a token for the portal: shown once, stored as its SHA-256' - <<\EOT
  run token add cong.dvc --role integration; expect_rc 0
  tok=$(cat "$out")
  [[ $tok =~ ^[0-9a-f]{64}$ ]] || fail "token add printed '$tok', not 64 hex digits"
  expect_err "shown this once"
  [ "$(sql "SELECT count(*) FROM motcua.api_token WHERE name = 'cong.dvc' AND token_hash = sha256(decode('$tok', 'hex'))")" = 1 ] ||
    fail "the token is not stored as its SHA-256"
  [ "$(sql "SELECT count(*) FROM motcua.api_token WHERE encode(token_hash, 'hex') = '$tok'")" = 0 ] ||
    fail "the token is stored in clear"
  run token add spare --role integration; expect_rc 0; tok2=$(cat "$out")
  [ "$tok" != "$tok2" ] || fail "two tokens are the same"
  run token list --json; expect_rc 0
  [ "$(jq length "$out")" = 2 ] || fail "expected 2 tokens"
  expect_js '.[0].name' cong.dvc; expect_js '.[0].role' integration; expect_js '.[0].revoked' false
  expect_js '.[0].last_used_at' null
  grep -qF "$tok" "$out" && fail "token list shows a token"
  run token list; expect_rc 0; expect_out "cong.dvc"; expect_out "2 tokens"
  grep -qF "$tok" "$out" && fail "token list shows a token"
  run token add cong.dvc --role integration; expect_rc 4; expect_err "token 'cong.dvc' already exists"
  run token add nv.an --role integration; expect_rc 4; expect_err "'nv.an' is the login of a user"
  run token add robot --role clerk; expect_rc 2; expect_err "a token's role is 'integration'"
  run token add robot; expect_rc 2; expect_err "--role is required"
  run token add "Bad Name" --role integration; expect_rc 2; expect_err "refuses token"
  run token revoke nobody; expect_rc 3; expect_err "no token 'nobody'"
  [ "$(sql "SELECT count(*) FROM motcua.api_token")" = 2 ] || fail "a refused add changed something"
EOT

test_expect_success 'the server under systemd: READY=1 to NOTIFY_SOCKET once listening' - <<\EOT
  python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a") as f:
    while True:
        f.write(s.recv(4096).decode() + "\n"); f.flush()
' "$home/notify.sock" "$home/notify.log" & notify_pid=$!
  bound() { [ -S "$home/notify.sock" ]; }
  wait_for "the fake systemd listens" bound
  NOTIFY_SOCKET="$home/notify.sock" "$MOTCUA" serve --listen "unix:$sock" --trusted-proxy --threads 3 \
    --db-connections 3 2>"$log" & srv_pid=$!
  ready() { grep -qx "READY=1" "$home/notify.log" 2>/dev/null; }
  wait_for "the server says READY=1" ready
  healthy || fail "READY=1 came before the server answers"
  grep -q "listening on unix:$sock" "$log" || fail "no 'listening' line"
EOT

test_expect_success 'the shipped unit is Type=notify, sandboxed, and systemd-analyze verify accepts it' - <<\EOT
  unit="$src/tools/systemd/motcua-serve.service"
  for s in "^Type=notify$" "^User=motcua$" "^RuntimeDirectory=motcua$" "^NoNewPrivileges=true$" \
           "^ProtectSystem=strict$" "^ProtectHome=true$" "^PrivateTmp=true$" \
           "^ExecStart=/usr/local/bin/motcua serve --listen unix:/run/motcua/motcua.sock --trusted-proxy$"; do
    grep -Eq "$s" "$unit" || fail "the unit lacks $s"
  done
  grep -q "motcua-serve.service" "$src/tools/systemd/README.md" || fail "the README does not document the unit"
  if command -v systemd-analyze >/dev/null; then
    d=$(mktemp -d)
    sed "s|^ExecStart=/usr/local/bin/motcua|ExecStart=$MOTCUA|" "$unit" > "$d/motcua-serve.service"
    (cd "$d" && systemd-analyze verify ./motcua-serve.service) > "$d/log" 2>&1 ||
      fail "systemd-analyze verify: $(cat "$d/log")"
    grep -v "^$" "$d/log" | grep -q . && fail "systemd-analyze verify complains: $(cat "$d/log")"
    rm -rf "$d"
  else
    echo "# (no systemd-analyze here: the unit was checked by grep alone)"
  fi
EOT

test_expect_success 'the portal calls with its bearer token: no cookie, no CSRF, acts as its name' - <<\EOT
  api GET /api/v1/me -H "Authorization: Bearer $tok" -H "X-Forwarded-For: 203.0.113.7"
  expect_status 200; expect_js .login cong.dvc; expect_js .role integration
  api POST /api/v1/dossiers -H "Authorization: Bearer $tok" -H 'Idempotency-Key: portal-1' \
    -H 'Content-Type: application/json' -d "$body"
  expect_status 201
  code=$(js .code); [ -n "$code" ] && [ "$code" != null ] || fail "no code in the receipt"
  [ "$(sql "SELECT actor FROM motcua.dossier_event WHERE code = '$code' ORDER BY seq LIMIT 1")" = cong.dvc ] ||
    fail "the receipt's actor is not the token's name"
  api POST /api/v1/dossiers -H "authorization: bearer $tok" -H 'Idempotency-Key: portal-1' \
    -H 'Content-Type: application/json' -d "$body"
  expect_status 200; expect_js .code "$code"
  [ "$(sql "SELECT count(*) FROM motcua.auth_log WHERE login = 'cong.dvc' AND event = 'token_use' AND client = '203.0.113.7'")" = 1 ] ||
    fail "the use from the forwarded address was not logged"
  [ "$(sql "SELECT count(*) FROM motcua.auth_log WHERE login = 'cong.dvc' AND event = 'token_use'")" = 3 ] ||
    fail "not every use was logged"
  run token list --json; [ "$(jq -r '.[0].last_used_at' "$out")" != null ] || fail "token list lacks the last use"
  grep -qF "$tok" "$log" && fail "the request log shows the token"
  grep -q "POST /api/v1/dossiers 201 .* cong.dvc" "$log" || fail "the request log lacks the token's name"
EOT

test_expect_success 'a refused request with a token changes nothing but its use is still logged' - <<\EOT
  before=$(sql "SELECT count(*) FROM motcua.auth_log WHERE event = 'token_use'")
  n=$(sql "SELECT count(*) FROM motcua.dossier")
  api POST /api/v1/dossiers -H "Authorization: Bearer $tok" -H 'Idempotency-Key: portal-2' \
    -H 'Content-Type: application/json' -d '{"procedure":"2.002131","channel":"online","bogus":1}'
  expect_status 422
  [ "$(sql "SELECT count(*) FROM motcua.auth_log WHERE event = 'token_use'")" = $((before + 1)) ] ||
    fail "the use of a refused request was not logged"
  [ "$(sql "SELECT count(*) FROM motcua.dossier")" = "$n" ] || fail "a refused receipt changed the dossiers"
  api DELETE /api/v1/session -H "Authorization: Bearer $tok"; expect_status 409
  expect_js .detail "a bearer token has no session to close: revoke it with 'motcua token revoke NAME'"
EOT

test_expect_success 'an unknown, malformed or revoked token gets 401, and each is logged' - <<\EOT
  bogus=$(printf '%064d' 7)
  api GET /api/v1/me -H "Authorization: Bearer $bogus"; expect_status 401; expect_js .code unauthenticated
  api GET /api/v1/me -H "Authorization: Bearer not-a-token"; expect_status 401
  [ "$(sql "SELECT count(*) FROM motcua.auth_log WHERE event = 'token_refused' AND login = '?'")" = 2 ] ||
    fail "the unknown tokens were not logged"
  run token revoke cong.dvc; expect_rc 0; expect_out "token cong.dvc revoked"
  run token revoke cong.dvc; expect_rc 4; expect_err "already revoked"
  api GET /api/v1/me -H "Authorization: Bearer $tok"; expect_status 401
  api POST /api/v1/dossiers -H "Authorization: Bearer $tok" -H 'Idempotency-Key: portal-3' \
    -H 'Content-Type: application/json' -d "$body"
  expect_status 401
  [ "$(sql "SELECT count(*) FROM motcua.auth_log WHERE event = 'token_refused' AND login = 'cong.dvc'")" = 2 ] ||
    fail "the revoked token's uses were not logged under its name"
  run token list --json; [ "$(jq -r '.[] | select(.name == "cong.dvc") | .revoked' "$out")" = true ] ||
    fail "token list does not show the revocation"
  # the other token still works
  api GET /api/v1/me -H "Authorization: Bearer $tok2"; expect_status 200; expect_js .login spare
EOT

test_expect_success 'a token made for another agency is refused by this server (403), and logged' - <<\EOT
  run token add cong.khac --role integration --agency so-khac; expect_rc 0; tok3=$(cat "$out")
  api GET /api/v1/me -H "Authorization: Bearer $tok3"; expect_status 403; expect_js .code forbidden
  expect_js .detail "this token does not act for this server's agency"
  [ "$(sql "SELECT count(*) FROM motcua.auth_log WHERE event = 'token_use' AND login = 'cong.khac'")" = 1 ] ||
    fail "the refused use was not logged"
EOT

test_expect_success 'behind a trusted proxy: the forwarded address is logged, https gives Secure cookies' - <<\EOT
  api POST /api/v1/session -H 'X-Forwarded-For: 10.9.8.7, 192.0.2.44' -H 'X-Forwarded-Proto: https' \
    -H 'Content-Type: application/json' -d "$(login_body nv.an "$pw_an")"
  expect_status 200
  grep -i "^Set-Cookie:" "$hdr" | grep -q "; Secure" || fail "no Secure cookie behind https"
  [ "$(sql "SELECT client FROM motcua.auth_log WHERE login = 'nv.an' AND event = 'login' ORDER BY id DESC LIMIT 1")" = 192.0.2.44 ] ||
    fail "the login's address is not the last forwarded one"
  api POST /api/v1/session -H 'X-Forwarded-For: 192.0.2.44' -H 'X-Forwarded-Proto: http' \
    -H 'Content-Type: application/json' -d "$(login_body nv.an "$pw_an")"
  expect_status 200
  grep -i "^Set-Cookie:" "$hdr" | grep -q "; Secure" && fail "a Secure cookie over plain http"
  api POST /api/v1/session -H 'X-Forwarded-For: 999.1.1.1' \
    -H 'Content-Type: application/json' -d "$(login_body nv.an "$pw_an")"
  expect_status 200
  [ "$(sql "SELECT client FROM motcua.auth_log WHERE login = 'nv.an' AND event = 'login' ORDER BY id DESC LIMIT 1")" = unix ] ||
    fail "a forwarded value that is not an address was taken"
EOT

test_expect_success 'without --trusted-proxy the forwarded headers are ignored' - <<\EOT
  "$MOTCUA" serve --listen 127.0.0.1:0 --threads 2 --db-connections 2 2>"$home/tcp.log" & tcp_pid=$!
  tcp_port() { sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$home/tcp.log" | grep -q .; }
  wait_for "the TCP server says its port" tcp_port
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$home/tcp.log")
  curl -s -D "$hdr" -o /dev/null -H 'X-Forwarded-For: 198.18.0.1' -H 'X-Forwarded-Proto: https' \
    -d "$(login_body nv.an "$pw_an")" "http://127.0.0.1:$port/api/v1/session"
  grep -qi "^HTTP/1.1 200" "$hdr" || fail "the login over TCP failed"
  grep -i "^Set-Cookie:" "$hdr" | grep -q "; Secure" && fail "an untrusted X-Forwarded-Proto made the cookie Secure"
  [ "$(sql "SELECT client FROM motcua.auth_log WHERE login = 'nv.an' AND event = 'login' ORDER BY id DESC LIMIT 1")" = 127.0.0.1 ] ||
    fail "an untrusted X-Forwarded-For was taken"
  kill -TERM $tcp_pid; wait $tcp_pid || fail "the TCP server did not exit 0"; tcp_pid=
EOT

test_expect_success 'twenty failed logins from one address lock that address (429), not the others' - <<\EOT
  for i in $(seq 1 20); do
    api POST /api/v1/session -H 'X-Forwarded-For: 198.51.100.9' -H 'Content-Type: application/json' \
      -d "$(login_body "ghost$i" wrong-password)"
    expect_status 401 "attempt $i"
  done
  api POST /api/v1/session -H 'X-Forwarded-For: 198.51.100.9' -H 'Content-Type: application/json' \
    -d "$(login_body nv.an "$pw_an")"
  expect_status 429; expect_js .code too_many_attempts
  expect_js .detail "too many failed logins from this address; wait before trying again"
  ra=$(sed -n 's/^Retry-After: *\([0-9]*\).*/\1/ip' "$hdr")
  [ "${ra:-0}" -gt 0 ] && [ "$ra" -le 900 ] || fail "Retry-After '$ra' is not within the 15 min window"
  [ "$(sql "SELECT count(*) FROM motcua.auth_log WHERE event = 'address_locked' AND client = '198.51.100.9' AND login = 'nv.an'")" = 1 ] ||
    fail "the locked attempt was not logged"
  [ "$(sql "SELECT count(*) FROM motcua.auth_log WHERE login = 'nv.an' AND event = 'login' AND client = '198.51.100.9'")" = 0 ] ||
    fail "the locked address logged in"
  api POST /api/v1/session -H 'X-Forwarded-For: 198.51.100.10' -H 'Content-Type: application/json' \
    -d "$(login_body nv.an "$pw_an")"
  expect_status 200 "another address"
EOT

test_expect_success 'the shipped nginx site file serves the API over TLS (when nginx is installed)' - <<\EOT
  nginx=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null)
  if [ -z "$nginx" ] || ! command -v openssl >/dev/null; then
    echo "# (no nginx or openssl here: the site file was not run; the proxy headers were tested above)"
  else
    n="$home/nginx"; mkdir -p "$n"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$n/key.pem" -out "$n/cert.pem" -days 1 \
      -subj /CN=motcua.example.gov.vn -addext subjectAltName=DNS:motcua.example.gov.vn 2>/dev/null ||
      fail "openssl could not make a certificate"
    read -r p80 p443 < <(python3 -c 'import socket
a = [socket.socket() for _ in range(2)]
for s in a: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in a])')
    sed -e "s|listen 80;|listen 127.0.0.1:$p80;|; s|listen 443 ssl http2;|listen 127.0.0.1:$p443 ssl http2;|" \
        -e '/listen \[::\]/d' -e "s|unix:/run/motcua/motcua.sock|unix:$sock|" \
        -e "s|/etc/ssl/motcua/fullchain.pem|$n/cert.pem|; s|/etc/ssl/motcua/privkey.pem|$n/key.pem|" \
        "$src/tools/nginx/motcua.conf" > "$n/motcua.conf"
    { [ "$(id -u)" = 0 ] && echo "user root;"
      echo "daemon off; pid $n/nginx.pid; error_log $n/error.log;"
      echo "events { worker_connections 64; }"
      echo "http { access_log $n/access.log; client_body_temp_path $n/cb; proxy_temp_path $n/px;"
      echo "  fastcgi_temp_path $n/fc; uwsgi_temp_path $n/uw; scgi_temp_path $n/sc;"
      echo "  include $n/motcua.conf; }"; } > "$n/nginx.conf"
    "$nginx" -t -p "$n" -c "$n/nginx.conf" -e "$n/error.log" >"$n/t.log" 2>&1 || fail "nginx -t: $(cat "$n/t.log")"
    "$nginx" -p "$n" -c "$n/nginx.conf" -e "$n/error.log" & nginx_pid=$!
    url="https://motcua.example.gov.vn:$p443"
    tls() { curl -sS --cacert "$n/cert.pem" --resolve "motcua.example.gov.vn:$p443:127.0.0.1" "$@"; }
    up() { tls -o /dev/null "$url/api/v1/health" 2>/dev/null; }
    wait_for "nginx answers over TLS" up
    [ "$(tls "$url/api/v1/health" | jq -r .status)" = ok ] || fail "no health through nginx"
    tls -D "$hdr" -o "$out" -H 'Content-Type: application/json' -d "$(login_body nv.an "$pw_an")" \
      "$url/api/v1/session"
    grep -qi "^HTTP/[0-9.]* 200" "$hdr" || fail "no login through nginx: $(head -1 "$hdr")"
    grep -i "^Set-Cookie:" "$hdr" | grep -q "; Secure" || fail "no Secure cookie through nginx"
    [ "$(sql "SELECT client FROM motcua.auth_log WHERE login = 'nv.an' AND event = 'login' ORDER BY id DESC LIMIT 1")" = 127.0.0.1 ] ||
      fail "the server did not take the client's address from nginx"
    api_tls() { tls -o "$out" -w '%{http_code}' "$@"; }
    [ "$(api_tls -H "Authorization: Bearer $tok2" "$url/api/v1/me")" = 200 ] || fail "no bearer call through nginx"
    expect_js .login spare
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p80/api/v1/health")" = 301 ] ||
      fail "plain http is not redirected to https"
    kill -QUIT $nginx_pid; wait $nginx_pid; nginx_pid=
  fi
EOT

test_expect_success 'SIGTERM: STOPPING=1 to systemd, then a clean exit' - <<\EOT
  kill -TERM $srv_pid
  wait $srv_pid; st=$?; srv_pid=
  [ $st = 0 ] || fail "the server exited $st"
  grep -qx "STOPPING=1" "$home/notify.log" || fail "no STOPPING=1: $(cat "$home/notify.log")"
  [ "$(grep -n . "$home/notify.log" | tr '\n' ' ')" = "1:READY=1 2:STOPPING=1 " ] ||
    fail "the notifications were: $(cat "$home/notify.log")"
EOT
finish
