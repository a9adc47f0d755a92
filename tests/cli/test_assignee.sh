#!/usr/bin/env bash
# The holder of a dossier's current step on the command line (migration
# 0020): a head gives a step to a specialist (`act CODE assign --assignee`),
# the listing finds the dossiers a person holds (`list --assignee`), a
# forward names the next holder or nobody, anyone who is not an active
# specialist, head or leader of the agency is refused with nothing written,
# and `db verify` replays the holder and finds a row that disagrees.
. "$(dirname "$0")/lib.sh"
fresh_db
db=${MOTCUA_DATABASE_URL#dbname=}
su() { psql -qAtX -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
holder() { su "SELECT coalesce(assignee, '-') FROM motcua.dossier WHERE code = '$code'"; }
events() { su "SELECT count(*) FROM motcua.dossier_event WHERE code = '$code'"; }
add_user() { # LOGIN NAME ROLE UNIT
  printf '%s\n' 'một mật khẩu dài' |
    "$MOTCUA" user add "$1" --name "$2" --role "$3" --unit "$4" --password-stdin >/dev/null ||
    fail "user add $1"
}

test_expect_success 'the office sets up the database and its people' - <<\EOT
  run db migrate; expect_rc 0
  run catalog load; expect_rc 0
  add_user cv.an "Nguyễn Văn An" specialist qlcnganh
  add_user cv.binh "Trần Thị Bình" specialist qlcnganh
  add_user tp.cuong "Lê Văn Cường" head qlcnganh
  add_user tn.dung "Phạm Thị Dung" clerk mot_cua
  add_user cv.cu "Võ Văn Cũ" specialist qlcnganh
  run user disable cv.cu; expect_rc 0
  run receive --procedure 1.000173 --channel in_person --applicant "Đặng Văn Giao" --json
  expect_rc 0
  code=$(jq -r .code "$out")
  [ "$(holder)" = - ] || fail "a new dossier has a holder: $(holder)"
EOT

test_expect_success 'a head gives the step to a specialist; the listing finds it by its holder' - <<\EOT
  run act "$code" assign --assignee cv.an --by tp.cuong
  expect_rc 0
  expect_out "assign -> step 'tiep_nhan'"
  expect_out "người xử lý: Nguyễn Văn An (cv.an)"
  [ "$(holder)" = cv.an ] || fail "the row's holder is $(holder)"
  [ "$(su "SELECT action || ':' || assignee FROM motcua.dossier_event WHERE code = '$code' AND seq = 2")" = assign:cv.an ] ||
    fail "the log does not keep the assignee"
  [ "$(su "SELECT state FROM motcua.dossier WHERE code = '$code'")" = in_step ] || fail "assign moved the state"
  run show "$code" --json; expect_rc 0
  [ "$(jq -r '.assignee + " " + .assignee_name' "$out")" = "cv.an Nguyễn Văn An" ] ||
    fail "show --json does not say who holds the step: $(cat "$out")"
  run list --assignee cv.an; expect_rc 0
  expect_out "$code"; expect_out "1 hồ sơ"
  run list --assignee cv.binh; expect_rc 0
  expect_out "0 hồ sơ"
  run list --assignee cv.an --csv; expect_rc 0
  expect_out "$code"
EOT

test_expect_success 'an assignee who may not hold a step is refused and nothing is written' - <<\EOT
  before=$(events)
  for who in tn.dung cv.cu cv.khong; do
    run act "$code" assign --assignee "$who" --by tp.cuong
    expect_rc 2 "assign to $who"
    expect_err "the assignee $who is not an active specialist, head or leader"
  done
  run act "$code" assign --by tp.cuong
  expect_rc 2; expect_err "'assign' needs --assignee LOGIN"
  run act "$code" assign --assignee "Nguyễn Văn An"
  expect_rc 2; expect_err "is not a login"
  run act "$code" pause --assignee cv.binh
  expect_rc 2; expect_err "--assignee goes with 'assign' and 'forward'"
  run list --assignee "NOT A LOGIN"
  expect_rc 2
  [ "$(events)" = "$before" ] || fail "a refused assignment was logged"
  [ "$(holder)" = cv.an ] || fail "a refused assignment changed the holder: $(holder)"
EOT

test_expect_success 'a forward names the next holder, or nobody' - <<\EOT
  run act "$code" forward --assignee tp.cuong --by cv.an
  expect_rc 0
  expect_out "người xử lý: Lê Văn Cường (tp.cuong)"
  [ "$(holder)" = tp.cuong ] || fail "forward --assignee: holder $(holder)"
  run list --assignee cv.an; expect_out "0 hồ sơ"
  run list --assignee tp.cuong; expect_out "$code"
  run act "$code" forward --by tp.cuong
  expect_rc 0
  [ "$(holder)" = - ] || fail "a forward without one left the holder: $(holder)"
  # assigning while the clock is stopped is allowed; the state stays
  run act "$code" pause --by tp.cuong; expect_rc 0
  run act "$code" assign --assignee cv.binh --by tp.cuong; expect_rc 0
  [ "$(su "SELECT state || ':' || assignee FROM motcua.dossier WHERE code = '$code'")" = paused:cv.binh ] ||
    fail "assign while paused"
EOT

test_expect_success 'db verify replays the holder and finds a row that disagrees with its log' - <<\EOT
  run db verify; expect_rc 0
  expect_out "0 problems"
  su "UPDATE motcua.dossier SET assignee = 'cv.an' WHERE code = '$code'" >/dev/null
  run db verify
  [ "$rc" -ne 0 ] || fail "db verify passed a forged holder"
  grep -qF "column assignee is 'cv.an' but its log gives 'cv.binh'" "$out" "$errf" ||
    fail "db verify does not name the column assignee"
EOT

finish
