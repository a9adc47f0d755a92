#!/usr/bin/env bash
# 16 concurrent clerks receiving and moving the same dossiers for a few
# seconds (the 60-second run is documented in README.md): no error, no lost
# update, no duplicate or missing code, every row equal to its log's replay.
. "$(dirname "$0")/lib.sh"
fresh_db

test_expect_success 'officer migrates a fresh database' '
  run db migrate; expect_rc 0
'

test_expect_success '16 clerks work on the same dossiers at once: no error, no lost update, many actions' '
  "$MOTCUA_LOAD_CLERKS" 16 "${MOTCUA_LOAD_SECONDS:-5}" >"$out" 2>"$errf"; rc=$?
  expect_rc 0
  read -r _ rate actions conflicts errors problems < "$out"
  [ "${errors:-1}" = 0 ] && [ "${problems:-1}" = 0 ] || fail "errors=$errors problems=$problems"
  [ "${actions:-0}" -gt 100 ] || fail "only $actions actions in the run"
'

test_expect_success 'officer verifies the database after the load: every row equals its log' '
  run db verify; expect_rc 0; expect_out ": 0 problems"
'
finish
