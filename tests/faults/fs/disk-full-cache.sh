# The cache on a 600 KiB tmpfs: jobs fail writing their outputs; a clear
# error with "No space left on device", exit 1, no output folder, no temp
# file in the cache, the input untouched. With room again, the same cache
# is trusted only where it is whole: the rebuild equals a clean build.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
private_mounts
mkdir -p dist
for i in 1 2 3 4 5 6; do head -c 120000 /dev/urandom | base64 -w 100 > "dist/t$i.txt"; done
printf '<!doctype html><a href="t1.txt">t</a>\n' > dist/index.html
small_disk small 600k
CACHE=small/cache
fault_build
expect_status 1
grep -q "No space left on device" err.txt || { cat err.txt >&2; fail "no clear message"; }
assert_no_file out
mkdir keep && cp -a small/cache keep/
umount small
small_disk small 64m
cp -a keep/cache small/
fault_build
expect_status 0
"$DISTILL" build dist --out clean --cache clean-cache -q >/dev/null 2>&1 || fail "clean build failed"
diff <(tree_listing clean) <(tree_listing out) || fail "the rebuild differs from a clean build"
