#!/usr/bin/env bash
# CLI manners: help on stdout with exit 0, misuse on stderr with exit 2,
# "did you mean", named exit codes documented.
. "$(dirname "$0")/lib.sh"

test_expect_success 'user asks for help and sees the usage and the exit codes' '
  run --help;            expect_rc 0; expect_out "usage: motcua COMMAND"; expect_out "exit status:"
  expect_out "6  database unavailable"
'

test_expect_success 'user asks for help on one command, in each of three ways' '
  run help db;           expect_rc 0; expect_out "usage: motcua db start|stop|status|migrate|verify"
  run db --help;         expect_rc 0; expect_out "motcua db - manage the database"
  run demo -h;           expect_rc 0; expect_out "usage: motcua demo"
'

test_expect_success 'user gives no command, or a mistyped one, and is told (exit 2)' - <<\EOT
  run;                   expect_rc 2; expect_err "no command given"; expect_empty_out
  run dmo;               expect_rc 2; expect_err "unknown command 'dmo'"; expect_err "did you mean 'motcua demo'?"
  run zzzzzz;            expect_rc 2; expect_err "unknown command 'zzzzzz'"
  ! grep -q "did you mean" "$errf" || fail "no suggestion expected for zzzzzz"
  run help nosuch;       expect_rc 2; expect_err "unknown command 'nosuch'"
EOT

test_expect_success 'user misuses db and is told what it needs (exit 2)' - <<\EOT
  run db;                expect_rc 2; expect_err "'db' needs an action"; expect_err "usage: motcua db"
  run db migrat;         expect_rc 2; expect_err "did you mean 'migrate'"
  run db status extra;   expect_rc 2; expect_err "unexpected argument 'extra'"
EOT

test_expect_success 'user asks for the version' '
  run --version;         expect_rc 0; expect_out "motcua "
'
finish
