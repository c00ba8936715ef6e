# Names that are not UTF-8 (Latin-1 "caf\xe9", a lone \xff) cannot go in
# the manifest (JSON) nor in a URL: a clear error naming the file, exit 1,
# nothing written, the input untouched; never a file silently left out.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p dist
printf 'fine\n' > dist/fine.txt
printf 'latin1\n' > "dist/$(printf 'caf\xe9').txt"
fault_build
expect_status 1
LC_ALL=C grep -q "caf.*not valid UTF-8" err.txt || { cat err.txt >&2; fail "no clear message for the Latin-1 name"; }
assert_no_file out
rm "dist/$(printf 'caf\xe9').txt"
mkdir "dist/$(printf 'dir\xff')"
printf 'x\n' > "dist/$(printf 'dir\xff')/inside.txt"
fault_build
expect_status 1
LC_ALL=C grep -q "inside.txt.*not valid UTF-8" err.txt || { cat err.txt >&2; fail "no clear message for the \\xff folder"; }
assert_no_file out
