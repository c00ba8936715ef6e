# One job process (distill job ...) killed with SIGKILL while the build
# runs: the build stops with exit 1 and a message naming the failed job, no
# output folder, no temp file; a rerun gives the same tree as a clean build.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p dist
for i in $(seq 1 4); do head -c 200000 /dev/urandom | base64 > "dist/text-$i.txt"; done
printf '<!doctype html><a href="text-1.txt">x</a>\n' > dist/index.html
"$DISTILL" build dist --out clean --cache clean-cache -q >/dev/null 2>&1 || fail "clean build failed"
tree_listing dist > .input-before
"$DISTILL" build dist --out out --cache cache -j 1 >out.txt 2>err.txt &
pid=$!
need pgrep
descendants() { local c; for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done; }
job=
for _ in $(seq 1 200); do
	for p in $(descendants $pid); do
		if tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -q " job compress "; then job=$p; break 2; fi
	done
	sleep 0.05
done
[ -n "$job" ] || { wait $pid; skip "no compress job seen running (machine too fast?)"; }
kill -KILL "$job"
set +e
wait $pid
status=$?
set -e
check_sane
expect_status 1
grep -q "FAILED\|job compress" err.txt || { cat err.txt >&2; fail "no message names the failed job"; }
assert_no_file out
fault_build
expect_status 0
diff <(tree_listing clean) <(tree_listing out) || fail "the rerun differs from a clean build"
