# The exit contract for a rejected input. By default: exit 0, a warning
# naming the file (and a GitHub warning annotation under Actions), the file
# listed under "rejected" in the JSON report, carried over unchanged. With
# --strict: exit 1, and DIST and the old output byte for byte as they were,
# in place as with --out.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen valid dist/ok.jpg jpg
page_for ok.jpg
fault_build
expect_status 0

gen corrupt-jpeg dist/noise.jpg
page_for noise.jpg ok.jpg
GITHUB_ACTIONS=true fault_build --report json
expect_rejected noise.jpg
grep -q "^::warning file=dist/noise.jpg,title=Input rejected::'noise.jpg': " out.txt ||
	{ cat out.txt >&2; fail "no warning annotation on dist/noise.jpg"; }
sed -n '/^{/,/^}/p' out.txt >report.json
assert_eq noise.jpg "$(jq -r '.rejected[].path' report.json)" "rejected inputs in the report"

# --strict, into an output the last build wrote: nothing changes.
rm -rf "$OUT" && fault_build && expect_status 0
printf 'changed\n' >dist/more.txt
dist_before=$(tree_listing dist; tree_mtimes dist)
out_before=$(tree_listing "$OUT"; tree_mtimes "$OUT")
GITHUB_ACTIONS=true fault_build --strict
expect_status 1
grep -q "'noise.jpg': .*rejected (--strict)" err.txt || { cat err.txt >&2; fail "no error names noise.jpg"; }
grep -q "^::error file=dist/noise.jpg," out.txt || { cat out.txt >&2; fail "no error annotation"; }
assert_eq "$dist_before" "$(tree_listing dist; tree_mtimes dist)" "DIST after --strict"
assert_eq "$out_before" "$(tree_listing "$OUT"; tree_mtimes "$OUT")" "the output after --strict"

# In place: DIST is the output, and it stays as it was.
set +e
timeout -k 5 "$FAULT_TIMEOUT" "$DISTILL" build dist --cache "$CACHE" --strict >out.txt 2>err.txt
status=$?
set -e
expect_status 1
assert_eq "$dist_before" "$(tree_listing dist; tree_mtimes dist)" "DIST after --strict in place"
