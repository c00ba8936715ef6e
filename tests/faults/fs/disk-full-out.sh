# --out on a 2 MiB tmpfs, for a 3 MiB site: a clear error naming the file
# and "No space left on device", exit 1, no partial file or staging tree
# left on the small disk, the input untouched. With room again, the same
# cache builds a tree equal to a clean build.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
private_mounts
mkdir -p dist
# Sidecars off: the point is the commit, and brotli would take the time.
echo '{"compress": {"enabled": false}}' > distill.config.json
for i in 1 2 3 4 5 6; do head -c 400000 /dev/urandom | base64 -w 100 > "dist/t$i.txt"; done
printf '<!doctype html><a href="t1.txt">t</a>\n' > dist/index.html
small_disk small 2m
OUT=small/out
fault_build
expect_status 1
grep -q "No space left on device" err.txt || { cat err.txt >&2; fail "no clear message"; }
[ -z "$(ls -A small)" ] || fail "left on the full disk: $(ls -A small)"
umount small
small_disk small 64m
fault_build
expect_status 0
"$DISTILL" build dist --out clean --cache clean-cache -q >/dev/null 2>&1 || fail "clean build failed"
diff <(tree_listing clean) <(tree_listing small/out) || fail "the rebuild differs from a clean build"
