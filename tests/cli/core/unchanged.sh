# SPDX-License-Identifier: MIT
# A build whose inputs are those of the last build, with the output left
# as that build wrote it, stops after the scan. Anything else takes the
# whole way: an output file removed, rewritten (same size, mtime put back)
# or added; a changed input (the files that did not change are linked from
# the old tree); another config; an input that was rejected, which is
# reported again every time.
. "$ROOT/tests/lib.sh"
copy_fixture copy-only
build() { run_distill build dist --out out --cache cache -vvv "$@"; expect_status 0; }
took_shortcut() { grep -q "same inputs, output untouched" err.txt; }

build
took_shortcut && fail "the first build found itself up to date"
tree_listing out >want
find dist -type f -exec touch -d '+1 hour' {} +
build
took_shortcut || fail "an unchanged DIST with new mtimes went the whole way"
assert_eq 0 "$(jobs_run)" "jobs of the shortcut"
grep -q "5 assets\|[0-9] assets" err.txt || fail "no summary line after the shortcut"

# The output, changed behind distill's back, is put right; ninja has
# nothing to run for it, since every job's output is in the store.
rm out/robots.txt
build
took_shortcut && fail "a removed output file went unnoticed"
assert_eq 0 "$(jobs_run)" "jobs after an output file was removed"
diff want <(tree_listing out) || fail "the removed file was not put back"
build
took_shortcut || fail "the repaired output was not taken as current"

cp out/data.json saved && printf 'X' | dd of=out/data.json bs=1 count=1 conv=notrunc status=none
touch -r saved out/data.json
build
took_shortcut && fail "a rewrite that kept size and mtime went unnoticed"
diff want <(tree_listing out) || fail "the rewritten file was not put back"

echo stray >out/stray.txt
build
took_shortcut && fail "a stray output file went unnoticed"
assert_no_file out/stray.txt

# One input changed: the new tree is assembled with the unchanged files of
# the old one linked, not copied, and equals a clean build.
inode=$(stat -c %i out/robots.txt)
echo '{"changed": true}' >dist/data.json
build
assert_eq "$inode" "$(stat -c %i out/robots.txt)" "inode of an unchanged output file"
run_distill build dist --out clean --cache clean-cache
expect_status 0
diff <(tree_listing clean) <(tree_listing out) || fail "the rebuilt tree differs from a clean build"
build
took_shortcut || fail "the tree assembled from links was not taken as current"

# Another config: the same DIST, another output.
echo '{"compress": {"enabled": false}}' >nocompress.json
build --config nocompress.json
took_shortcut && fail "a new config was taken for the old one"
[ -z "$(find out -name '*.br')" ] || fail "sidecars left after compress was switched off"
build --config nocompress.json
took_shortcut || fail "the second build with the new config went the whole way"

# Another target folder is another output.
run_distill build dist --out out2 --cache cache -vvv --config nocompress.json
expect_status 0
took_shortcut && fail "a new --out folder was taken as up to date"
diff <(tree_listing out) <(tree_listing out2) || fail "out and out2 differ"

# A rejected input is reported by every build, naming the file.
echo "this is not an image" >dist/fake.png
for run in 1 2; do
	run_distill build dist --out out --cache cache -vvv --config nocompress.json
	expect_status 0
	assert_grep "fake.png" err.txt
	took_shortcut && fail "run $run: the build with a rejected input took the shortcut"
done
true
