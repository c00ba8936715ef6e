# -q prints errors, warnings, each exceeded budget and summary lines, no
# tables: not the budget table, the largest files, the source-map modules
# nor the treemap's path; the default shows them. JSON is whole either way.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/budget/helpers.bash"
copy_fixture budget-over
make_big

run_distill build dist --out out -q
expect_status 3
assert_grep '^OVER JS total (raw): 750\.1 KB, limit 700\.0 KB$' out.txt
assert_grep '^budget: 1 of [0-9]* over$' out.txt
for table in '^budget  *actual' '^over budget:' 'treemap:' '^assets/big-Bg78Hi90.js  '; do
	! grep -q "$table" out.txt err.txt || { cat out.txt; fail "-q printed '$table'"; }
done

run_distill build dist --out out2
expect_status 3
assert_grep '^budget  *actual  *limit' out.txt
assert_grep 'treemap:' out.txt

run_distill build dist --out out3 -q --report json
expect_status 3
sed -n '/^{/,/^}/p' out.txt > report.json
[ "$(jq '.budgets | length' report.json)" -gt 0 ] || fail "-q cut the JSON report"
