# Damaged store entries, each detected and rebuilt, never trusted: a
# record.json cut short, one replaced by valid JSON of the wrong shape, a
# data file deleted, a data file overwritten with same-size garbage, and
# manifest.json garbled. The rebuild exits 0 and equals a clean build.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p dist
# Fixed contents, so the same store entries get the same damage every run.
for i in 1 2 3 4 5; do seq -f "file $i line %g" 1 300 > "dist/t$i.txt"; done
printf '.a{background:url(t1.txt)}%2000s\n' "" > dist/site.css
printf '<!doctype html><link rel="stylesheet" href="site.css"><a href="t2.txt">x</a>\n' > dist/index.html
"$DISTILL" build dist --out clean --cache clean-cache -q >/dev/null 2>&1 || fail "clean build failed"
fault_build
expect_status 0
mapfile -t records < <(find cache/store -name record.json | LC_ALL=C sort)
[ ${#records[@]} -ge 5 ] || fail "expected at least 5 store records, found ${#records[@]}"
head -c 20 "${records[0]}" > cut && mv cut "${records[0]}"
echo '{"pass": "compress", "version": 1, "files": 7}' > "${records[1]}"
data=$(find "$(dirname "${records[2]}")" -type f ! -name record.json | LC_ALL=C sort | head -n 1)
[ -n "$data" ] || fail "no data file beside '${records[2]}' to delete"
rm "$data"
data=$(find "$(dirname "${records[3]}")" -type f ! -name record.json | LC_ALL=C sort | head -n 1)
[ -n "$data" ] || fail "no data file beside '${records[3]}' to overwrite"
head -c "$(stat -c %s "$data")" /dev/zero | tr '\0' '#' > garbage && mv garbage "$data"
printf 'not json' > cache/manifest.json
rm -rf out
fault_build
expect_status 0
diff <(tree_listing clean) <(tree_listing out) || fail "the rebuild differs from a clean build"

# A forged aggregate record naming a file outside the cache (and outside
# the output): refused with a message, never placed.
echo '{"pass": "headers", "version": 1, "files": [{"name": "../../../../../../../../etc/passwd", "output": "passwd", "hash": "00000000000000000000000000000000", "size": 1}, {"name": "x", "output": "../escaped", "hash": "00000000000000000000000000000000", "size": 1}]}' > cache/gen/headers/record.json
rm -rf out
fault_build
[ ! -e out/passwd ] && [ ! -e escaped ] || fail "a forged record placed a file from outside the cache"
if [ "$status" = 1 ]; then
	grep -q "foreign or damaged" err.txt || { cat err.txt >&2; fail "no clear message for the forged record"; }
else
	expect_status 0
	diff <(tree_listing clean) <(tree_listing out) || fail "the rebuild differs from a clean build"
fi
