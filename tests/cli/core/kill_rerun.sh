# A build killed with SIGKILL or SIGTERM at a random point, then run again,
# gives the same tree as a clean build, and leaves no temp or staging files.
. "$ROOT/tests/lib.sh"
copy_fixture copy-only
for i in $(seq 1 12); do
	head -c 60000 /dev/urandom | base64 > "dist/text-$i.txt"
	sed 's/[+\/]/ /g' "dist/text-$i.txt" > "dist/page-$i.css"
done
"$DISTILL" build dist --out clean --cache clean-cache -q >/dev/null 2>&1 || fail "clean build failed"
# The kill points are drawn from a fixed seed and printed; any point
# must give the same result, whatever the machine.
RANDOM=1
for round in 1 2 3 4; do
	rm -rf out cache
	for sig in KILL TERM; do
		"$DISTILL" build dist --out out --cache cache -q >/dev/null 2>&1 &
		pid=$!
		delay="0.$(( RANDOM % 9 ))$(( RANDOM % 10 ))"
		echo "# round $round: $sig after $delay s"
		sleep "$delay"
		kill -s $sig $pid 2>/dev/null || true
		wait $pid 2>/dev/null || true
	done
	sleep 0.2
	run_distill build dist --out out --cache cache
	expect_status 0
	diff <(tree_listing clean) <(tree_listing out) || fail "round $round: rerun differs from a clean build"
	leftovers=$(find . -name '*.tmp-*' -o -name '.*distill-new-*' | grep -v '^./clean' || true)
	[ -z "$leftovers" ] || fail "round $round: left behind: $leftovers"
done
