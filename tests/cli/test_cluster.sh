#!/usr/bin/env bash
# The project-local cluster is created safely: as root no link planted where
# the cluster goes hands a file to the server user, a directory others can
# write to is refused, a path with a quote or a backslash works (quoted in
# postgresql.conf) and one pg_ctl or libpq would misread is refused, nobody but
# its owner gets in without a password, and twelve first commands at once
# all succeed (one creates, the others wait for it).
. "$(dirname "$0")/lib.sh"

home=$(mktemp -d /tmp/mc-clu.XXXXXX); chmod 755 "$home"
unset MOTCUA_DATABASE_URL PGHOST PGHOSTADDR PGDATABASE PGUSER PGPORT PGSERVICE PGPASSWORD MOTCUA_PGDATA
clusters=()
stop_all() {
  for d in "${clusters[@]}"; do MOTCUA_PGDATA=$d "$MOTCUA" db stop >/dev/null 2>&1; done
  rm -rf "$home"; rm -f "$out" "$errf"
}
trap stop_all EXIT
# at PGDATA run ARGS...: motcua with its cluster in PGDATA (stopped at the end)
at() { local d=$1; shift; clusters+=("$d"); MOTCUA_PGDATA=$d run "$@"; }
root=0; [ "$(id -u)" = 0 ] && root=1
# a root-owned file and directory outside, the targets of the planted links
mkdir -m 755 "$home/outside" "$home/outside/victim-dir"
printf 'secret\n' >"$home/outside/secret"; chmod 600 "$home/outside/secret"
untouched() { # PATH [CONTENT]: still ours, content unchanged (a directory: empty)
  [ "$(stat -c %u "$1")" = "$(id -u)" ] || fail "'$1' was given to $(stat -c %U "$1")"
  if [ -f "$1" ]; then
    [ "$(cat "$1")" = "$2" ] || fail "'$1' was written to: $(head -c 200 "$1")"
  else
    [ -z "$(ls -A "$1")" ] || fail "'$1' was filled: $(ls -A "$1" | head -3)"
  fi
}

test_expect_success 'a link planted at the place of initdb.log is refused, its target untouched' '
  mkdir -m 755 "$home/a" && ln -s "$home/outside/secret" "$home/a/initdb.log" &&
  at "$home/a/pg" db migrate; expect_rc 4
  expect_err "refusing to open '\''$home/a/initdb.log'\'': it is a symbolic link"
  untouched "$home/outside/secret" secret
'

test_expect_success 'a link planted at the place of the data directory is refused, its target untouched' '
  mkdir -m 755 "$home/b" && ln -s "$home/outside/victim-dir" "$home/b/pg" &&
  at "$home/b/pg" db migrate; expect_rc 4
  expect_err "refusing the cluster directory '\''$home/b/pg'\'': it is a symbolic link"
  untouched "$home/outside/victim-dir"
  ln -s "$home/outside/secret" "$home/b/pg2"
  at "$home/b/pg2" db start; expect_rc 4; expect_err "it is a symbolic link"
  untouched "$home/outside/secret" secret
'

test_expect_success 'a link planted at the place of pg_ctl.log of a stopped cluster is refused' '
  mkdir -m 755 "$home/c" &&
  at "$home/c/pg" db start; expect_rc 0
  at "$home/c/pg" db stop; expect_rc 0; expect_out "stopped the cluster"
  rm -f "$home/c/pg_ctl.log" && ln -s "$home/outside/secret" "$home/c/pg_ctl.log" &&
  at "$home/c/pg" db migrate; expect_rc 4
  expect_err "refusing to open '\''$home/c/pg_ctl.log'\'': it is a symbolic link"
  untouched "$home/outside/secret" secret
  [ ! -S "$home/c/pg/.s.PGSQL.5432" ] || fail "the cluster was started anyway"
  # a hard link is no better (a root-owned file in the same file system)
  rm "$home/c/pg_ctl.log" && ln "$home/outside/secret" "$home/c/pg_ctl.log" &&
  at "$home/c/pg" db migrate; expect_rc 4; expect_err "it has more than one hard link"
  untouched "$home/outside/secret" secret
  rm "$home/c/pg_ctl.log"
'

test_expect_success 'an existing directory that holds something but no cluster is refused, not taken' '
  mkdir -m 755 "$home/d" "$home/d/pg" && printf "keep\n" >"$home/d/pg/file" &&
  at "$home/d/pg" db migrate; expect_rc 4
  expect_err "refusing the cluster directory '\''$home/d/pg'\'': it is not empty and holds no cluster"
  [ "$(stat -c %u "$home/d/pg")" = "$(id -u)" ] || fail "the directory was given to $(stat -c %U "$home/d/pg")"
  [ "$(stat -c %a "$home/d/pg")" = 755 ] || fail "the directory was chmodded"
  # an empty one is fine
  mkdir -m 755 "$home/d/pg2" && at "$home/d/pg2" db start; expect_rc 0; expect_out "created the project-local cluster"
'

# The parent of the data directory holds the logs, the lock file and the data
# directory itself: others able to write there could plant those names first,
# so it is refused when writable by group or others, sticky bit or not (/tmp
# itself cannot be the parent). Higher up, a world-writable directory is
# accepted only with the sticky bit, as /tmp is.
test_expect_success 'a data directory whose parent others can write to is refused' '
  mkdir "$home/ww" "$home/ws" "$home/gw" "$home/up" && chmod 777 "$home/ww" && chmod 1777 "$home/ws" &&
  chmod 775 "$home/gw" && chmod 777 "$home/up" && mkdir -m 755 "$home/up/sub" &&
  for d in ww ws gw; do
    at "$home/$d/pg" db migrate; expect_rc 4
    expect_err "refusing the cluster directory below '\''$home/$d'\'': others can write to it"
    [ ! -e "$home/$d/pg" ] || fail "$d/pg was created"
  done
  at "$home/up/sub/pg" db migrate; expect_rc 4
  expect_err "anyone can write to '\''$home/up'\''"
  [ ! -e "$home/up/sub/pg" ] || fail "up/sub/pg was created"
'

test_expect_success 'a cluster directory with a quote, a backslash and spaces in its path works' '
  q="$home/it'\''s a \\ b" && mkdir -m 755 "$q" &&
  at "$q/pg" db migrate; expect_rc 0; expect_out "created the project-local cluster in $q/pg"
  [ -S "$q/pg/.s.PGSQL.5432" ] || fail "no socket in $q/pg"
  [ "$(psql -qAtX -h "$q/pg" -U motcua -d motcua -c "SELECT count(*) > 0 FROM motcua.schema_migration" 2>&1)" = t ] ||
    fail "psql cannot reach the cluster in $q/pg"
  at "$q/pg" db status; expect_rc 0; expect_out "running"
  # libpq splits a host on commas, pg_ctl start puts the path in "..." for
  # /bin/sh: such paths cannot work, and say so
  at "$home/a,b/pg" db migrate; expect_rc 2
  expect_err "the cluster directory '\''$home/a,b/pg'\'' contains a comma"
  for bad in "\"" "\$" "\`" "\\\\"; do
    at "$home/a${bad}b/pg" db migrate; expect_rc 2
    expect_err "the cluster directory '\''$home/a${bad}b/pg'\'' contains '\''$bad'\'', which pg_ctl would pass to the shell"
    [ ! -e "$home/a${bad}b" ] || fail "$home/a${bad}b was created"
  done
'

p="$home/p/pg"
su_p() { psql -qAtX -v ON_ERROR_STOP=1 -h "$p" -U motcua -d motcua -c "$1"; }
test_expect_success 'a new cluster trusts nobody: roles need a password, the owner uses peer' '
  mkdir -m 755 "$home/p" &&
  at "$p" db migrate; expect_rc 0
  grep -Ev "^[[:space:]]*(#|$)" "$p/pg_hba.conf" >"$home/hba" &&
  grep -Eqw "trust|replication" "$home/hba" && fail "pg_hba.conf still has: $(grep -Ew "trust|replication" "$home/hba")"
  grep -Eq "^local +all +motcua +peer map=motcua$" "$home/hba" || fail "no peer line for the owner"
  [ "$(su_p "SELECT current_user")" = motcua ] || fail "the owner cannot connect as motcua"
  su_p "CREATE ROLE intruder LOGIN; CREATE ROLE friend LOGIN PASSWORD '\''s3cret'\''"
  o=$(psql -qAtX -h "$p" -U intruder -d motcua -c "SELECT 1" 2>&1) && fail "a role without a password got in"
  echo "$o" | grep -q "no password supplied" || fail "expected a password request, got: $o"
  o=$(PGPASSWORD=wrong psql -qAtX -h "$p" -U friend -d motcua -c "SELECT 1" 2>&1) && fail "a wrong password got in"
  echo "$o" | grep -q "password authentication failed" || fail "expected a failed password, got: $o"
  [ "$(PGPASSWORD=s3cret psql -qAtX -h "$p" -U friend -d motcua -c "SELECT current_user")" = friend ] ||
    fail "a role with its password cannot connect"
  at "$p" db status; expect_rc 0; expect_out "running"; expect_out "0 pending"
'

test_expect_success 'a cluster an earlier motcua left trusting everyone is fixed by the next command' '
  printf "local all all trust\nlocal replication all trust\nhost all all 127.0.0.1/32 trust\n" >"$p/pg_hba.conf" &&
  su_p "SELECT pg_reload_conf()" >/dev/null &&
  [ "$(psql -qAtX -h "$p" -U intruder -d motcua -c "SELECT current_user")" = intruder ] ||
    fail "the old trust rules did not take (the scenario proves nothing)"
  at "$p" db migrate; expect_rc 0; expect_out "nothing to apply"
  grep -Ev "^[[:space:]]*(#|$)" "$p/pg_hba.conf" | grep -qw trust && fail "pg_hba.conf still trusts: $(cat "$p/pg_hba.conf")"
  o=$(psql -qAtX -h "$p" -U intruder -d motcua -c "SELECT 1" 2>&1) && fail "intruder still gets in"
  echo "$o" | grep -q "no password supplied" || fail "expected a password request, got: $o"
  [ "$(su_p "SELECT current_user")" = motcua ] || fail "the owner lost access"
  # a file someone edited is theirs: left alone
  printf "local all all trust\nlocal all motcua peer map=motcua\n" >"$p/pg_hba.conf" &&
  at "$p" db migrate; expect_rc 0
  [ "$(grep -c . "$p/pg_hba.conf")" = 2 ] || fail "an edited pg_hba.conf was rewritten"
  at "$p" db stop; expect_rc 0
  printf "local all all trust\n" >"$p/pg_hba.conf" &&
  at "$p" db start; expect_rc 0; expect_out "started the cluster"
  grep -q "^local   all       all                   scram-sha-256$" "$p/pg_hba.conf" ||
    fail "a stopped cluster was not fixed: $(cat "$p/pg_hba.conf")"
'

test_expect_success 'another OS user reaching the socket or TCP without a password is refused' '
  if [ $root = 0 ] || ! command -v runuser >/dev/null; then echo "(needs root: skipped)"; else
  # open a second socket directory to everyone, and TCP on 127.0.0.1 when free
  mkdir -m 755 "$home/open" && chown postgres: "$home/open" &&
  tcp=0; if command -v ss >/dev/null && ! ss -Hltn "sport = :5432" | grep -q .; then tcp=1; fi
  su_p "ALTER SYSTEM SET unix_socket_directories = '\''$p'\'', '\''$home/open'\''" &&
  su_p "ALTER SYSTEM SET unix_socket_permissions = '\''0777'\''" &&
  { [ $tcp = 0 ] || su_p "ALTER SYSTEM SET listen_addresses = '\''127.0.0.1'\''"; } &&
  MOTCUA_PGDATA=$p "$MOTCUA" db stop >/dev/null &&
  MOTCUA_PGDATA=$p "$MOTCUA" db start >/dev/null &&
  [ -S "$home/open/.s.PGSQL.5432" ] || fail "no socket in the open directory"
  o=$(runuser -u nobody -- psql -qAtX -h "$home/open" -U motcua -d motcua -c "SELECT 1" 2>&1) &&
    fail "OS user nobody got in as the superuser"
  echo "$o" | grep -q "Peer authentication failed" || fail "expected peer to refuse nobody, got: $o"
  o=$(runuser -u nobody -- psql -qAtX -h "$home/open" -U intruder -d motcua -c "SELECT 1" 2>&1) &&
    fail "OS user nobody got in as intruder"
  echo "$o" | grep -q "no password supplied" || fail "expected a password request, got: $o"
  if [ $tcp = 1 ]; then
    for u in motcua intruder; do
      o=$(psql -qAtX -h 127.0.0.1 -U $u -d motcua -c "SELECT 1" 2>&1) && fail "$u got in over TCP without a password"
      echo "$o" | grep -q "no password supplied" || fail "expected a password request over TCP, got: $o"
    done
    [ "$(PGPASSWORD=s3cret psql -qAtX -h 127.0.0.1 -U friend -d motcua -c "SELECT current_user")" = friend ] ||
      fail "a role with its password cannot connect over TCP"
  else
    echo "(port 5432 is taken on this machine: TCP not tried)"
  fi
  at "$p" db status; expect_rc 0; expect_out "running"
  su_p "ALTER SYSTEM RESET unix_socket_directories" && su_p "ALTER SYSTEM RESET unix_socket_permissions" &&
  su_p "ALTER SYSTEM RESET listen_addresses" && MOTCUA_PGDATA=$p "$MOTCUA" db stop >/dev/null
  fi
'

test_expect_success 'twelve first commands at once on a fresh checkout all succeed' '
  mkdir -m 755 "$home/many" && clusters+=("$home/many/pg") &&
  for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
    MOTCUA_PGDATA="$home/many/pg" "$MOTCUA" db migrate >"$home/many/$i.out" 2>&1 &
  done
  st=0; for j in $(jobs -p); do wait "$j" || st=$((st + 1)); done
  [ $st = 0 ] || fail "$st of 12 failed: $(grep -h error "$home"/many/*.out | sort | uniq -c)"
  [ "$(cat "$home"/many/*.out | grep -c "created the project-local cluster")" = 1 ] ||
    fail "not exactly one command created the cluster"
  at "$home/many/pg" db status; expect_rc 0; expect_out "running"; expect_out "0 pending"
'
finish
