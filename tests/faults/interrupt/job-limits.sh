# Every job runs bounded: 600 s of CPU and 3 GiB of address space
# (src/main.c limit_job), checked in /proc on a job held waiting on a named
# pipe. (Sanitizer builds keep the CPU limit only.)
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
[ -r /proc/self/limits ] || skip "needs /proc"
mkdir -p dist out
printf 'x\n' > dist/a.txt
printf '<!doctype html><title>t</title>\n' > dist/index.html
"$DISTILL" build dist --out built --cache cache -q >/dev/null 2>&1 || fail "build failed"
version=$(sed -n 's/.*job headers --pass-version=\([0-9]*\).*/\1/p' cache/build.ninja | head -n 1)
[ -n "$version" ] || fail "no headers job in the plan"
mkfifo manifest.json
"$DISTILL" job headers --pass-version="$version" --out="$PWD/out" --manifest="$PWD/manifest.json" \
	>job.txt 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
	grep -q '^Max cpu time *600 ' /proc/$pid/limits 2>/dev/null && break
	sleep 0.05
done
limits=$(cat /proc/$pid/limits)
echo "$limits" | grep -q '^Max cpu time *600 *605 *seconds' || fail "CPU limit not 600 s: $(echo "$limits" | grep cpu)"
case $DISTILL in
*asan*) ;;
*) echo "$limits" | grep -q '^Max address space *3221225472 *3221225472 *bytes' ||
	fail "address space not 3 GiB: $(echo "$limits" | grep 'address space')" ;;
esac
kill $pid
wait $pid 2>/dev/null || true
