# A file the plan wrote for a job (input/PASS/HASH.json) damaged while the
# job must run again: garbage of the same length, then a file cut short,
# each with the job's store entry gone. The job finds the damage by the
# hash in the name, drops the file, and the build writes it again: exit 0
# and a tree equal to a clean build's.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p dist/css
seq -f "body{margin:%g}" 1 300 > dist/css/site.css
printf '<!doctype html><link rel="stylesheet" href="css/site.css"><a href="t.txt">x</a>\n' > dist/index.html
seq 1 2000 > dist/t.txt
"$DISTILL" build dist --out clean --cache clean-cache -q >/dev/null 2>&1 || fail "clean build failed"
fault_build
expect_status 0
mapfile -t inputs < <(find cache/input/rewrite -name '*.json' | LC_ALL=C sort)
[ ${#inputs[@]} -ge 1 ] || fail "no input file of the rewrite pass in the cache"
for damage in garble cut; do
	f=${inputs[0]}
	size=$(stat -c %s "$f")
	if [ $damage = garble ]; then
		head -c "$size" /dev/zero | tr '\0' '{' > garbage && mv garbage "$f"
	else
		head -c $((size / 2)) "$f" > cut && mv cut "$f"
	fi
	rm -rf cache/store/rewrite
	rm -rf out
	fault_build
	expect_status 0
	grep -q "damaged" err.txt || { cat err.txt >&2; fail "$damage: the damaged input went unnamed"; }
	diff <(tree_listing clean) <(tree_listing out) || fail "$damage: the rebuild differs from a clean build"
	cmp -s "$f" "$(find clean-cache/input/rewrite -name "$(basename "$f")")" ||
		fail "$damage: the input file was not written again"
done
