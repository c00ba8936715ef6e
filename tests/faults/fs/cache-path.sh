# Cache folders with odd names: spaces, '$', ':' and quotes work (they are
# escaped in the plan); '|' and line breaks, which ninja cannot write in a
# path, are refused with a clear message and exit 1 before anything runs.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p dist
printf 'body{color:red}%3000s\n' "" > dist/site.css
printf '<!doctype html><link rel="stylesheet" href="site.css">\n' > dist/index.html
CACHE="c a\$c:h'e\"x"
fault_build
expect_status 0
for bad in "c|pipe" $'c\nnewline' $'c\rreturn'; do
	rm -rf out
	CACHE=$bad
	fault_build
	expect_status 1
	grep -q "ninja cannot name a path" err.txt && grep -q "cannot use the cache folder" err.txt || { cat err.txt >&2; fail "no clear message"; }
	assert_no_file out
	assert_no_file "$bad/build.ninja"
done
