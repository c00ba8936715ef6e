# In GitHub Actions: an ::error annotation per exceeded budget, and the
# markdown report appended to the step summary.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/budget/helpers.bash"
copy_fixture budget-over
make_big
echo "# earlier step" >summary.md

GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY=$PWD/summary.md run_distill budget dist
expect_status 3
assert_eq 1 "$(grep -c '^::error ' out.txt)" "annotations"
assert_grep '^::error title=Size budget exceeded::JS total (raw) is 750.1 KB, over its 700.0 KB budget; largest: assets/big-Bg78Hi90.js 750.0 KB, assets/main-Mn34Op56.js 85 B$' out.txt
assert_eq "# earlier step" "$(head -n 1 summary.md)" "summary kept its earlier lines"
assert_grep '^### Size budget: 1 over$' summary.md
assert_grep '^| JS total (raw) | 750.1 KB | 700.0 KB | 107.2% | ❌ over |$' summary.md
assert_grep '^| `assets/big-Bg78Hi90.js` | 750.0 KB | ' summary.md

# --report markdown prints the same table; outside Actions no annotation.
run_distill budget dist --report markdown
expect_status 3
grep -q '^::' out.txt && fail "annotation outside GitHub Actions"
assert_grep '^| JS total (raw) | 750.1 KB | 700.0 KB | 107.2% | ❌ over |$' out.txt
# With --report json the annotations go to stderr, so stdout stays JSON.
GITHUB_ACTIONS=true run_distill budget dist --report json
expect_status 3
json out.txt 'r.over' >/dev/null || fail "stdout is not JSON"
assert_grep '^::error ' err.txt
exit 0
