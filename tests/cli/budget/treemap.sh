# The HTML report: written beside the cache (not into the site), one file
# that renders its treemap in headless Chromium (tests/browser/budget-treemap.mjs).
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/budget/helpers.bash"
need_chromium
[ -d "$NODE_PATH/rollup" ] || skip "needs rollup in tests/node_modules"
node "$FIXTURES/budget-lazy/build.js" dist >/dev/null

run_distill build dist --out out --cache cache
expect_status 0
report=$PWD/cache/gen/budget/report.html
assert_file "$report"
grep -qxF "treemap: $report" out.txt || fail "no treemap line naming '$report'"
[ -z "$(find out -name 'report.*')" ] || fail "the report went into the site"
node "$ROOT/tests/browser/budget-treemap.mjs" "$report" treemap.png 6 src/util.js
assert_file treemap.png
exit 0
