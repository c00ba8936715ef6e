# A content change that keeps the size and the mtime, in an input (with
# --out and in place) and in the output: hashes, not mtimes, decide, so the
# next build shows the new input, and a tampered output is put right.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need brotli
mkdir -p dist
printf 'hello world\n' > dist/a.txt
printf '.a{color:red}%2000s\n' "" > dist/site.css
printf '<!doctype html><link rel="stylesheet" href="site.css"><a href="a.txt">x</a>\n' > dist/index.html
fault_build
expect_status 0
same_stat_write() { # FILE TEXT
	cp -p "$1" stamp
	printf '%s' "$2" > "$1"
	touch -r stamp "$1"
	rm stamp
}
same_stat_write dist/a.txt $'HELLO WORLD\n'
same_stat_write dist/site.css ".a{color:#0f0}$(printf '%2000s' '')"$'\n'
fault_build
expect_status 0
expect_carried a.txt
grep -q '#0f0' "out/$(check output cache site.css)" || fail "the changed stylesheet was not rebuilt"
brotli -dc "out/$(check output cache site.css).br" | grep -q '#0f0' || fail "a stale .br sidecar"

# The output itself, rewritten behind distill's back.
same_stat_write out/a.txt $'hello WORLD\n'
fault_build
expect_status 0
expect_carried a.txt

# In place: build, then change an input of the built tree the same way.
rm -rf out
"$DISTILL" build dist --cache inplace-cache -q >/dev/null 2>&1 || fail "in-place build failed"
same_stat_write dist/a.txt $'HeLLo WoRLD\n'
"$DISTILL" build dist --cache inplace-cache -q >/dev/null 2>err.txt || fail "second in-place build failed"
grep -q "already optimised" err.txt && fail "a changed file was taken for the optimised tree"
[ "$(cat dist/a.txt)" = "HeLLo WoRLD" ] || fail "the in-place build lost the change"
