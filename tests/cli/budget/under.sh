# A site within every budget: exit 0, every row "ok", and `distill budget`
# writes nothing into DIST.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/budget/helpers.bash"
copy_fixture budget-ok
tree_listing dist >before.txt
tree_mtimes dist >before-mtimes.txt

run_distill budget dist
expect_status 0
assert_grep '^JS total (raw) .* ok$' out.txt
assert_grep '^index.html script .* ok$' out.txt
grep -q OVER out.txt && fail "a budget is over: $(cat out.txt)"
tree_listing dist >after.txt
tree_mtimes dist >after-mtimes.txt
cmp -s before.txt after.txt || fail "distill budget changed DIST"
cmp -s before-mtimes.txt after-mtimes.txt || fail "distill budget touched DIST"
# The report lives in the cache, not in the site.
[ -z "$(find dist -name 'report.*')" ] || fail "a report was written into DIST"

run_distill build dist --out out
expect_status 0
assert_file out/index.html
[ -z "$(find out -name 'report.*')" ] || fail "a report was written into the site"
exit 0
