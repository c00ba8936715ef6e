# SPDX-License-Identifier: MIT
# The budget job keeps what each page loads in a memo (gen/budget/
# measure.memo, under a key of the page's bytes and refs): a page that did
# not change is not read again, and the report is byte for byte a clean
# build's, whether the sizes of what the pages load changed or not. A
# damaged memo is not read. So with a script's modules, kept with the
# source map they were read from: a changed map is read again.
. "$ROOT/tests/lib.sh"
copy_fixture demo
build() { # [CACHE [OUT]]
	run_distill build dist --out "${2:-out}" --cache "${1:-cache}" -vv
	expect_status 0
}
pages() { sed -n 's/.*budget: \([0-9]*\) pages, .*/\1/p' err.txt; }
read_pages() { sed -n 's/.*budget: [0-9]* pages, \([0-9]*\) read.*/\1/p' err.txt; }
same_as_clean() { # WHAT
	rm -rf clean out-clean
	build clean out-clean
	cmp -s cache/gen/budget/report.json clean/gen/budget/report.json ||
		fail "$1: the budget report differs from a clean build's"
}
memo=cache/gen/budget/measure.memo

build
n=$(pages)
[ "${n:-0}" -ge 3 ] || fail "the budget job reported ${n:-no} pages"
assert_eq "$n" "$(read_pages)" "pages read by the first build"
[ -f "$memo" ] || fail "no memo of pages at $memo"

# What the pages load grows; no page changes: none is read, the sizes are new.
js=$(cd dist && ls assets/index-*.js)
printf '\n/* %0800d */\n' 0 >>"dist/$js"
build
assert_eq 0 "$(read_pages)" "pages read after a script changed"
same_as_clean "a script the pages load changed"
grep -q '"raw":[0-9]' cache/gen/budget/report.json || fail "no sizes in the report"

# One page changes: that one is read.
echo '<p>one more line</p>' >>dist/about/index.html
build
assert_eq 1 "$(read_pages)" "pages read after one page changed"
same_as_clean "one page changed"

# A damaged memo is not read: every page is read again, same report.
printf 'x' | dd of="$memo" bs=1 seek=100 conv=notrunc 2>/dev/null
echo '/* changed */' >>dist/styles/theme.css
build
assert_eq "$n" "$(read_pages)" "pages read with a damaged memo"
same_as_clean "a damaged memo"

# A script's modules, from its source map, come from the memo while the
# script and its map are the same; a new map is read again.
rm -rf dist cache out
copy_fixture budget-report
remembered_scripts() { sed -n 's/.*scripts, \([0-9]*\) attributed from the memo.*/\1/p' err.txt; }
build
assert_eq 0 "$(remembered_scripts)" "scripts attributed from the memo by the first build"
grep -q '"sourcemaps":1' cache/gen/budget/report.json || fail "the source map was not read"
echo '<p>one more line</p>' >>dist/about/index.html
build
[ "$(remembered_scripts)" -gt 0 ] || fail "no script attributed from the memo after a page changed"
same_as_clean "a page changed, the modules from the memo"
map=dist/assets/index-AbCd1234.js.map
sed -i 's|node_modules/tiny/index.js|node_modules/other/index.js|' "$map"
build
grep -q 'node_modules/other/index.js' cache/gen/budget/report.json ||
	fail "a changed source map was not read again"
same_as_clean "a source map changed"
