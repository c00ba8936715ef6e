# A second build with nothing changed runs no job and touches no file; so
# does a build after DIST was copied again with new mtimes (what vite build
# does), and an in-place build of a tree distill already wrote.
. "$ROOT/tests/lib.sh"
copy_fixture copy-only
run_distill build dist --out out --cache cache
expect_status 0
tree_mtimes out > before
sleep 1.1
run_distill build dist --out out --cache cache
expect_status 0
assert_eq 0 "$(jobs_run)" "jobs on the second run"
diff before <(tree_mtimes out) || fail "the second run changed mtimes"

# Vite rewrites every file: same bytes, new mtimes.
rm -rf dist && copy_fixture copy-only && find dist -type f -exec touch -d '+1 hour' {} +
run_distill build dist --out out --cache cache
expect_status 0
assert_eq 0 "$(jobs_run)" "jobs after re-copying DIST"
diff before <(tree_mtimes out) || fail "re-copying DIST changed the output"

# The same build by a copy of distill installed elsewhere: the plan runs
# jobs through a link in the cache, so its commands are unchanged.
cp "$DISTILL" ./distill-elsewhere
DISTILL=./distill-elsewhere run_distill build dist --out out --cache cache -vvv
expect_status 0
! grep -q "same inputs" err.txt || fail "another binary was taken for the same"
assert_eq 0 "$(jobs_run)" "jobs when distill moved"

# In place: the first build replaces DIST, the second finds it done.
run_distill build dist --cache cache2
expect_status 0
diff <(tree_listing out) <(tree_listing dist) || fail "in-place output differs from --out output"
tree_mtimes dist > inplace
run_distill build dist --cache cache2
expect_status 0
assert_grep "already optimised" err.txt
diff inplace <(tree_mtimes dist) || fail "rebuilding an optimised tree changed it"
