# Symlinks are never followed out of DIST: one pointing outside is skipped
# with a warning (and its target never read); one inside is read as its target.
. "$ROOT/tests/lib.sh"
copy_fixture copy-only
echo secret > outside.txt
ln -s ../outside.txt dist/leak.txt
ln -s /etc dist/etc
ln -s robots.txt dist/robots-copy.txt
run_distill build dist --out out --cache cache
expect_status 0
assert_grep "skipping symlink 'leak.txt'" err.txt
assert_grep "skipping symlink 'etc'" err.txt
assert_no_file out/leak.txt
assert_no_file out/etc
[ ! -L out/robots-copy.txt ] || fail "a symlink was copied as a link"
cmp dist/robots.txt out/robots-copy.txt || fail "inside link not read as its target"
grep -rq secret out && fail "read a file outside DIST"
true
