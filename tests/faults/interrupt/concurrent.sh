# Two builds at once: into one --out with two caches (no lock between
# them, and --force: the second cache does not know the first wrote the
# output), and with one cache (the second waits for the first). Both exit
# 0, the output is exactly one clean build, nothing is left behind.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p dist
for i in $(seq 1 8); do seq -f "text $i line %g" 1 6000 > "dist/text-$i.txt"; done
printf '<!doctype html><a href="text-1.txt">x</a>\n' > dist/index.html
"$DISTILL" build dist --out clean --cache clean-cache -q >/dev/null 2>&1 || fail "clean build failed"
tree_listing dist > .input-before
for caches in "c1 c2 --force" "c3 c3"; do
	set -- $caches
	rm -rf out
	"$DISTILL" build dist --out out --cache "$1" ${3:-} >a.txt 2>&1 &
	a=$!
	"$DISTILL" build dist --out out --cache "$2" ${3:-} >b.txt 2>&1 &
	b=$!
	wait $a || fail "first build ($caches) failed: $(cat a.txt)"
	wait $b || fail "second build ($caches) failed: $(cat b.txt)"
	cat a.txt b.txt > err.txt
	status=0
	CACHE=$1 check_sane
	diff <(tree_listing clean) <(tree_listing out) || fail "two builds ($caches) left a tree unlike one"
done
