# An empty DIST builds (to an output holding only generated files).
. "$ROOT/tests/lib.sh"
mkdir dist
run_distill build dist --out out --cache cache
expect_status 0
[ -d out ] || fail "no output folder"
