#!/usr/bin/env bash
# Period reports from a fixed history: golden text, CSV, JSON and HTML;
# period boundaries (received on the 14th vs the 15th, carried over across
# two periods, finished on the last day); the HTML renders in Chromium.
. "$(dirname "$0")/lib.sh"
fresh_db
g="$MOTCUA_SRC/tests/golden"

test_expect_success 'officer migrates, loads the catalogue and imports the history' '
  run db migrate;   expect_rc 0
  run catalog load; expect_rc 0
  run import "$MOTCUA_SRC/tests/fixtures/report.csv"; expect_rc 0
'

test_expect_success 'leader gets the half-year report as text, CSV (with a BOM), HTML and JSON (golden)' '
  run report --half 2023H1;                expect_rc 0; golden "$g/report-2023H1.txt"
  run report --half 2023H1 --format csv;   expect_rc 0; golden "$g/report-2023H1.csv"
  head -c 3 "$g/report-2023H1.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "the CSV has no BOM"
  run report --half 2023H1 --format html;  expect_rc 0; golden "$g/report-2023H1.html"
  run report --half 2023H1 --format json;  expect_rc 0; golden "$g/report-2023H1.json"
'

# exactly the keys, integers, and every handled dossier counted once
test_expect_success 'the JSON report has exactly the keys, integers, and each dossier counted once' - <<\EOT
python3 - "$out" <<'PY' || fail "JSON keys or sums are wrong"
import json, sys
d = json.load(open(sys.argv[1]))
keys = ["received_total", "received_carried_over", "received_online", "received_in_person",
        "received_post", "resolved_early", "resolved_on_time", "resolved_late", "withdrawn",
        "returned_unprocessed", "refused", "in_progress_within_time", "in_progress_overdue"]
assert sorted(d) == sorted(keys + ["indicators"]), sorted(d)
assert all(isinstance(d[k], int) for k in keys)
assert d["received_total"] == d["received_carried_over"] + d["received_online"] + d["received_in_person"] + d["received_post"]
assert d["received_total"] == sum(d[k] for k in keys[5:])
# boundaries: R-1 (received 14/12, open on 15/12) and R-3 (November) are carried
# over; R-9 (received 15/06) is not in the period; R-4 finished on 14/06 on time
assert d["received_carried_over"] == 2 and d["received_total"] == 8, d
assert d["resolved_on_time"] == 1 and d["resolved_early"] == 2 and d["resolved_late"] == 1, d
assert d["withdrawn"] == 1 and d["in_progress_within_time"] == 2 and d["in_progress_overdue"] == 1, d
assert d["indicators"]["second_supplement_requests"] == 1
PY
EOT

# the period before: R-1 and R-3 received, both still open at its end
test_expect_success 'leader reports the year before: two received, both still open at its end' - <<\EOT
  run report --year 2022 --format json; expect_rc 0
  expect_out '"received_total":2,"received_carried_over":0'
  expect_out '"in_progress_within_time":1,"in_progress_overdue":1'
EOT

# the period after: R-3 carried over a second time, R-8 waiting (clock stopped)
test_expect_success 'leader reports the half after: a dossier carried over a second time' - <<\EOT
  run report --half 2023H2 --format json; expect_rc 0
  expect_out '"received_total":4,"received_carried_over":3,"received_online":1'
  expect_out '"in_progress_within_time":1,"in_progress_overdue":3'
EOT

test_expect_success 'leader reports single days on the boundary: the 14th and the 15th of June' - <<\EOT
  run report --from 2023-06-15 --to 2023-06-15 --format json; expect_out '"received_online":1'
  run report --from 2023-06-14 --to 2023-06-14 --format json; expect_out '"received_online":2'
EOT

test_expect_success 'leader asks for an impossible period or format and is told (exit 2)' - <<\EOT
  run report --quarter 2023Q5;  expect_rc 2; expect_err "invalid quarter '2023Q5'"
  run report --from 2023-06-14; expect_rc 2
  run report --from 2023-06-14 --to 2023-01-01; expect_rc 2; expect_err "ends (2023-01-01) before it starts"
  run report --half 2023H1 --format pdf; expect_rc 2
EOT

# the HTML page renders in headless Chromium to a non-empty screenshot
test_expect_success 'leader opens the HTML report in a browser: it renders, offline' - <<\EOT
  html=$(mktemp --suffix=.html); png=$(mktemp --suffix=.png); profile=$(mktemp -d)
  run report --half 2023H1 --format html --out "$html"; expect_rc 0; expect_err "wrote $html"
  if grep -q "http" "$html" && grep -o 'src="http[^"]*"' "$html"; then
    fail "the page loads something from the network"
  fi
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=1200,1600 --screenshot="$png" "file://$html" >/dev/null 2>&1
  [ "$(stat -c %s "$png" 2>/dev/null || echo 0)" -gt 10000 ] || fail "Chromium made no screenshot of the report"
  rm -rf "$html" "$png" "$profile"
EOT
finish
