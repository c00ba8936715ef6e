# The change since the previous build of the same DIST: absent on the first
# build, "+N KB since last build" naming the grown file on the next.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/budget/helpers.bash"
copy_fixture budget-over
make_big 100000

run_distill build dist --out out
expect_status 0
grep -q 'since last build' out.txt && fail "a delta on the first build: $(cat out.txt)"

# Vite renames a chunk whose content changed; the delta follows the name
# without its hash.
rm dist/assets/big-Bg78Hi90.js
node "$FIXTURES/budget-over/make-big.js" dist/assets/big-Zz11Yy22.js 112300
sed -i 's/big-Bg78Hi90/big-Zz11Yy22/' dist/assets/main-Mn34Op56.js
run_distill build dist --out out
expect_status 0
assert_grep '^+12.3 KB since last build: assets/big-Zz11Yy22.js +12.3 KB$' out.txt

run_distill budget dist
expect_status 0
assert_grep '^JavaScript unchanged since last build$' out.txt
exit 0
