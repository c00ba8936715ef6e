# Without ninja on PATH the build stops with a clear message and exit 1.
. "$ROOT/tests/lib.sh"
copy_fixture copy-only
mkdir bin && ln -s "$(command -v sh)" bin/sh
set +e
PATH=$PWD/bin "$DISTILL" build dist --out out --cache cache >out.txt 2>err.txt
status=$?
set -e
expect_status 1
assert_grep "cannot find 'ninja' on PATH" err.txt
assert_no_file out
