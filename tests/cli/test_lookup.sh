#!/usr/bin/env bash
# The citizen's look-up (Tra cứu hồ sơ, migration 0017), on a private
# cluster with `motcua serve` on a Unix socket behind a "proxy" (curl sends
# X-Forwarded-For, so one test plays many addresses): the public role
# reads no table and may only call the two look-up functions; every
# dossier has its own unguessable token; the slip's QR code carries the
# look-up link (or, with no lookup_url configured, the code, and the slip
# says why); the pages answer with the public facts only, the same way for
# "no such code", "wrong digits" and "no such token", keep the token out of
# the request log, and refuse an address or a code after 10 failures.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh" lookup
sql() { psql -qAtX -h "$home/pg" -U motcua -d motcua -c "$1" 2>&1; }
# page METHOD PATH [ADDRESS] [curl args...]: the body in $out, the status in $status
page() {
  local m=$1 p=$2 ip=${3:-198.51.100.1}; shift 3 2>/dev/null || shift $#
  status=$(curl -sS --unix-socket "$sock" -X "$m" -D "$hdr" -o "$out" -w '%{http_code}' \
    -H "X-Forwarded-For: $ip" "$@" "http://motcua$p" 2>"$errf")
}
expect_no() { ! grep -qF -- "$1" "$out" || fail "the page shows '$1'"; }
# the main part of a page (its answer), for comparing two answers
answer() { sed -n '/<main/,/<\/main>/p' "$out"; }

test_expect_success 'the office migrates a database and receives two dossiers' - <<\EOT
  run db migrate; expect_rc 0; expect_out "0017_public_lookup.sql"
  run catalog load; expect_rc 0
  run receive --procedure 2.002131 --channel in_person --applicant "Nguyễn Thị Hoa" \
    --phone "0905 777 888" --id-number 051190001234 --address "12 Lê Lợi" --json
  expect_rc 0; A=$(jq -r .code "$out")
  run receive --procedure 2.002131 --channel online --applicant "Trần Văn Bảo" --json
  expect_rc 0; B=$(jq -r .code "$out")
  [ -n "$A" ] && [ -n "$B" ] || fail "no codes"
  tokA=$(sql "SELECT lookup_token FROM motcua.dossier WHERE code = '$A'")
  tokB=$(sql "SELECT lookup_token FROM motcua.dossier WHERE code = '$B'")
  [[ $tokA =~ ^[A-Za-z0-9_-]{32}$ ]] || fail "the token '$tokA' is not 32 characters of base64url"
  [ "$tokA" != "$tokB" ] || fail "two dossiers share a token"
EOT

test_expect_success 'the public role reads no table and may only call the look-up functions' - <<\EOT
  r=$(sql "SET ROLE motcua_public; SELECT applicant_name FROM motcua.dossier")
  [[ $r == *"permission denied for table dossier"* ]] || fail "the public role read dossier: $r"
  for t in $(sql "SELECT tablename FROM pg_tables WHERE schemaname = 'motcua'"); do
    r=$(sql "SET ROLE motcua_public; SELECT count(*) FROM motcua.$t")
    [[ $r == *"permission denied"* ]] || fail "the public role can read motcua.$t: $r"
  done
  [ "$(sql "SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = 'motcua_public'")" = 0 ] ||
    fail "the public role has table rights"
  [ "$(sql "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'motcua_public'")" = f ] || fail "motcua_public can log in"
  r=$(sql "SET ROLE motcua_public; SELECT * FROM motcua.lookup_limited('skhcn-quangngai', 'x', NULL)")
  [[ $r == *"permission denied for function"* ]] || fail "the public role may call lookup_limited: $r"
  r=$(sql "SET ROLE motcua_public; INSERT INTO motcua.lookup_failure VALUES ('skhcn-quangngai', now(), 'x', NULL)")
  [[ $r == *"permission denied"* ]] || fail "the public role may write lookup_failure: $r"
EOT

test_expect_success 'the slip of a dossier carries the look-up link with its token in the QR code' - <<\EOT
  run form "$A" receipt; expect_rc 0; expect_no "Chưa có địa chỉ tra cứu"
  run form "$A" receipt --pdf "$home/slip.pdf"; expect_rc 0
  pdftoppm -r 150 -png -f 1 -l 1 "$home/slip.pdf" "$home/slip" || fail "pdftoppm"
  qr=$(zbarimg -q --raw "$home"/slip-1.png 2>/dev/null)
  [ "$qr" = "https://motcua.skhcn.quangngai.invalid/tra-cuu/$tokA" ] || fail "the QR code holds '$qr'"
EOT

test_expect_success 'without lookup_url the slip says there is no look-up address, and the QR holds the code' - <<\EOT
  home2=$(mktemp -d)
  cp -r "$MOTCUA_SRC/procedures" "$MOTCUA_SRC/migrations" "$home2/"
  sed -i '/^lookup_url:/d' "$home2/procedures/agency.yaml"
  MOTCUA_HOME=$home2 run form "$A" receipt; expect_rc 0
  expect_out "(Chưa có địa chỉ tra cứu hồ sơ qua mạng: mã QR trên giấy này chỉ ghi mã hồ sơ.)"
  MOTCUA_HOME=$home2 run form "$A" receipt --pdf "$home/slip2.pdf"; expect_rc 0
  pdftoppm -r 150 -png -f 1 -l 1 "$home/slip2.pdf" "$home/slip2" || fail "pdftoppm"
  [ "$(zbarimg -q --raw "$home"/slip2-1.png 2>/dev/null)" = "$A" ] || fail "the QR code does not hold the code"
  printf 'lookup_url: "ftp://x y"\n' >>"$home2/procedures/agency.yaml"
  MOTCUA_HOME=$home2 run form "$A" receipt
  [ "$rc" -ne 0 ] || fail "a bad lookup_url was accepted"; expect_err "lookup_url"
  rm -rf "$home2"
EOT

test_expect_success 'the server starts as a trusted proxy'"'"'s backend and shows the look-up form' - <<\EOT
  "$MOTCUA" serve --listen "unix:$sock" --trusted-proxy --db-connections 2 --threads 2 2>"$log" &
  srv_pid=$!
  wait_for "the server answers /health" healthy
  page GET /tra-cuu; expect_status 200
  expect_out '<label for="ma">Mã hồ sơ</label>'; expect_out 'action="/tra-cuu"'
  # the function, as the server calls it (its login is now in agency_member):
  # the agency set, the public role taken
  r=$(sql "SELECT set_config('motcua.agency', 'skhcn-quangngai', false); SET ROLE motcua_public;
           SELECT outcome || '|' || procedure_name || '|' || state FROM motcua.public_lookup('$A', '7888', 'psql')")
  [[ $r == *"found|"*"|in_step" ]] || fail "the function did not find the dossier by phone: $r"
  [[ $r != *"Hoa"* ]] || fail "the function returned the applicant's name"
EOT

test_expect_success 'a citizen with the right digits of the phone or the ID number sees the public facts only' - <<\EOT
  page POST /tra-cuu 198.51.100.1 --data-urlencode "ma=$A" --data-urlencode "so=7888"; expect_status 200
  expect_out "Hồ sơ đang được giải quyết."; expect_out "Hẹn trả kết quả"; expect_out "Chưa có kết quả."
  expect_no "Hoa"; expect_no "0905"; expect_no "777"; expect_no "Lê Lợi"; expect_no "051190001234"
  # no CSRF token, no cookie: the form needs none
  page POST /tra-cuu 198.51.100.1 --data-urlencode "ma= ${A,,} " --data-urlencode "so=12 34"; expect_status 200
  expect_out "$A"
EOT

test_expect_success 'no such code, wrong digits and a made-up token get the same answer' - <<\EOT
  page POST /tra-cuu 198.51.100.2 --data-urlencode "ma=$A" --data-urlencode "so=0000"; expect_status 404
  answer >"$home/wrong"
  page POST /tra-cuu 198.51.100.2 --data-urlencode "ma=$A" --data-urlencode "so=0000"
  page POST /tra-cuu 198.51.100.2 --data-urlencode "ma=${A%????}9999" --data-urlencode "so=7888"; expect_status 404
  sed "s|${A%????}9999|$A|" <(answer) | cmp -s - "$home/wrong" || fail "no such code is told apart from wrong digits"
  expect_out "Không tìm thấy hồ sơ khớp với thông tin đã nhập"
  page POST /tra-cuu 198.51.100.2 --data-urlencode "ma=$B" --data-urlencode "so=7888"; expect_status 404
  page GET "/tra-cuu/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" 198.51.100.2; expect_status 404
  expect_out "Không tìm thấy hồ sơ khớp với thông tin đã nhập"
  [ "$(sql "SELECT count(*) FROM motcua.lookup_failure WHERE client = '198.51.100.2'")" = 5 ] ||
    fail "the failures were not recorded (committed although the reply was 404)"
  page POST /tra-cuu 198.51.100.2 --data-urlencode "ma=$A" --data-urlencode "so=12a4"; expect_status 400
  [ "$(sql "SELECT count(*) FROM motcua.lookup_failure WHERE client = '198.51.100.2'")" = 5 ] ||
    fail "a malformed form counted as a failure"
EOT

test_expect_success 'the QR link shows the facts; the token stays out of the request log' - <<\EOT
  page GET "/tra-cuu/$tokA" 198.51.100.3; expect_status 200
  expect_out "$A"; expect_out "Hồ sơ đang được giải quyết."; expect_no "Hoa"; expect_no "0905"
  ! grep -qF "$tokA" "$log" || fail "the request log holds the token"
  grep -qF "GET /tra-cuu/{token} 200" "$log" || fail "no log line for the token's page"
EOT

test_expect_success 'ten failures from one address: 429 in Vietnamese, even with the right digits; others unaffected' - <<\EOT
  for i in 1 2 3 4 5 6 7 8 9 10; do
    page POST /tra-cuu 203.0.113.9 --data-urlencode "ma=X-$i" --data-urlencode "so=1111"
    expect_status 404 "attempt $i"
  done
  page POST /tra-cuu 203.0.113.9 --data-urlencode "ma=$A" --data-urlencode "so=7888"; expect_status 429
  expect_out "Đã nhập sai quá nhiều lần"; expect_no "đang được giải quyết"
  grep -qi "^Retry-After: [1-9]" "$hdr" || fail "no Retry-After"
  page GET "/tra-cuu/$tokA" 203.0.113.9; expect_status 429
  page POST /tra-cuu 203.0.113.10 --data-urlencode "ma=$A" --data-urlencode "so=7888"; expect_status 200
EOT

test_expect_success 'ten failures on one code from many addresses: that code is refused, its token still works' - <<\EOT
  for i in 1 2 3 4 5 6 7 8 9 10; do
    page POST /tra-cuu "192.0.2.$i" --data-urlencode "ma=$B" --data-urlencode "so=$((1000 + i))"
  done
  page POST /tra-cuu 192.0.2.200 --data-urlencode "ma=$B" --data-urlencode "so=1234"; expect_status 429
  page GET "/tra-cuu/$tokB" 192.0.2.201; expect_status 200; expect_out "$B"
EOT

test_expect_success 'the slip a receipt writes itself (receive --pdf) carries the look-up link in its QR code' - <<\EOT
  pdf=$(mktemp --suffix=.pdf)
  run receive --procedure 2.002131 --channel in_person --applicant "Lê Văn Cường" --pdf "$pdf" --json
  expect_rc 0; C=$(jq -r .code "$out")
  pdftoppm -png -r 150 -f 1 -l 1 "$pdf" "$pdf.page"
  qr=$(zbarimg -q --raw "$pdf.page-1.png" 2>/dev/null | head -1)
  tokC=$(sql "SELECT lookup_token FROM motcua.dossier WHERE code = '$C'")
  rm -f "$pdf" "$pdf.page-1.png"
  [ -n "$tokC" ] && [ "$qr" = "https://motcua.skhcn.quangngai.invalid/tra-cuu/$tokC" ] ||
    fail "the QR code reads '$qr', expected the look-up link with the token '$tokC'"
EOT

finish
