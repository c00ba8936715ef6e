# Usage errors exit 2 with the usage on stderr; --help goes to stdout.
. "$ROOT/tests/lib.sh"
run_distill --help
expect_status 0
assert_grep "Exit status" out.txt
run_distill build --no-such-option
expect_status 2
assert_grep "unknown option '--no-such-option'" err.txt
assert_grep "usage: distill \\[build\\]" err.txt
run_distill build --out
expect_status 2
assert_grep "option '--out' needs an argument" err.txt
# "distill DIST" is "distill build DIST".
run_distill frobnicate --out out --cache cache
expect_status 1
assert_grep "cannot read 'frobnicate'" err.txt
run_distill build -j zero
expect_status 2
assert_grep "invalid -j 'zero'" err.txt
run_distill build does-not-exist --out out --cache cache
expect_status 1
assert_grep "cannot read 'does-not-exist'" err.txt
run_distill --version
expect_status 0
assert_grep "^distill " out.txt
