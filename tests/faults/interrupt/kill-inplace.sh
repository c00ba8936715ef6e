# In-place builds (no --out) killed with SIGKILL or SIGTERM at random
# points: after every kill DIST is either the tree it was or the finished
# tree, never a mix, and after a SIGTERM nothing is left beside it; a rerun
# finishes the job, leaves no temp or staging file, and gives the same
# tree as an uninterrupted build.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p site
for i in $(seq 1 10); do
	head -c 50000 /dev/urandom | base64 > "site/text-$i.txt"
	printf '.c%s{background:url(text-%s.txt)}%40000s\n' $i $i "" > "site/page-$i.css"
done
printf '<!doctype html><link rel="stylesheet" href="page-1.css"><a href="text-1.txt">x</a>\n' > site/index.html
cp -a site dist
"$DISTILL" build dist --cache clean-cache -q >/dev/null 2>&1 || fail "clean build failed"
mv dist clean
original=$(tree_listing site)
built=$(tree_listing clean)
# After a killed build: DIST is the old tree or the new one, nothing but
# the clean build's folder is left beside it when the signal could be
# caught, and a rerun gives the uninterrupted build's tree.
after_kill() { # what signal
	local now left
	now=$(tree_listing dist)
	[ "$now" = "$original" ] || [ "$now" = "$built" ] ||
		fail "$1: DIST is neither the old nor the new tree"
	sleep 0.3   # ninja and jobs get SIGTERM from the kernel on SIGKILL
	if [ "$2" != KILL ]; then
		left=$(leftovers . | grep -v '^./clean' || true)
		[ -z "$left" ] || fail "$1 left behind: $left"
	fi
	set +e
	timeout -k 5 "$FAULT_TIMEOUT" "$DISTILL" build dist --cache cache >out.txt 2>err.txt
	status=$?
	set -e
	rm -f .input-before
	OUT=dist check_sane
	expect_status 0
	diff <(echo "$built") <(tree_listing dist) >&2 ||
		fail "$1: the rerun differs from an uninterrupted build"
}

# The kill points are drawn from a fixed seed and printed; any point
# must give the same result, whatever the machine.
RANDOM=1
for round in 1 2 3; do
	for sig in KILL TERM; do
		rm -rf dist cache && cp -a site dist
		"$DISTILL" build dist --cache cache -q >/dev/null 2>&1 &
		pid=$!
		delay="0.$(( RANDOM % 8 ))$(( RANDOM % 10 ))"
		echo "# round $round: $sig after $delay s"
		sleep "$delay"
		kill -s $sig $pid 2>/dev/null || true
		wait $pid 2>/dev/null || true
		after_kill "round $round, SIG$sig" $sig
	done
done

# The same, with the signal sent while the staging folder exists: the
# build is stopped as soon as it appears, signalled, then let go. Small
# extra files make the commit long enough to be caught every time.
for i in $(seq 1 300); do echo "note $i" > "site/note-$i.txt"; done
rm -rf dist && cp -a site dist
"$DISTILL" build dist --cache clean-cache -q >/dev/null 2>&1 || fail "clean build failed"
original=$(tree_listing site)
built=$(tree_listing dist)
for sig in TERM INT HUP KILL; do
	rm -rf dist cache && cp -a site dist
	"$DISTILL" build dist --cache cache -q >/dev/null 2>&1 &
	pid=$!
	caught=
	while kill -0 $pid 2>/dev/null; do
		if compgen -G '.dist.distill-new-*' >/dev/null; then
			kill -s STOP $pid && kill -s $sig $pid && kill -s CONT $pid
			caught=1
			break
		fi
	done
	wait $pid 2>/dev/null || true
	[ -n "$caught" ] || fail "SIG$sig: the build ended before its commit began"
	after_kill "SIG$sig during the commit" $sig
done
