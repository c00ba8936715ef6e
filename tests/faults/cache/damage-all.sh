# Every file of a warm cache damaged at once: half of them cut to half their
# size, the others with their middle overwritten by other bytes of the same
# length. The next build (--out, a new folder) exits 0 and its tree equals a
# clean build's, file for file.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
copy_fixture rewrite dist
cp -a "$FIXTURES/demo/dist/." dist/demo/ 2>/dev/null || { mkdir -p dist/demo && cp -a "$FIXTURES/demo/dist/." dist/demo/; }
"$DISTILL" build dist --out clean --cache clean-cache -q >/dev/null 2>err.txt ||
	{ cat err.txt >&2; fail "the clean build failed"; }
fault_build
case $status in 0|3) ;; *) cat err.txt >&2; fail "the first build gave $status" ;; esac
clean_status=$status
n=0
while IFS= read -r -d '' f; do
	size=$(stat -c %s "$f")
	[ "$size" -gt 0 ] || continue
	if [ $((n % 2)) = 0 ]; then
		truncate -s $((size / 2)) "$f"
	else
		len=$(( size / 3 > 0 ? size / 3 : 1 ))
		# Deterministic bytes that differ from what is there: each one + 1.
		python3 - "$f" "$((size / 3))" "$len" <<'PY'
import sys
path, at, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, 'r+b') as f:
    f.seek(at); b = f.read(n); f.seek(at)
    f.write(bytes((x + 1) & 255 for x in b))
PY
	fi
	n=$((n + 1))
done < <(find "$CACHE" -type f ! -name lock ! -name distill -print0 | sort -z)
[ $n -ge 20 ] || fail "only $n cache files found to damage"
echo "# $n cache files damaged"
rm -rf "$OUT"
fault_build
[ "$status" = "$clean_status" ] || { cat err.txt >&2; fail "the rebuild gave $status, not $clean_status"; }
if ! diff <(tree_listing clean) <(tree_listing "$OUT"); then
	# What differs, for the record: the text of each changed page and header file.
	for f in $(cd clean && find . -type f \( -name '*.html' -o -name '_headers' \) | sort); do
		cmp -s "clean/$f" "$OUT/$f" || diff -u "clean/$f" "$OUT/$f" | head -n 40
	done
	sed -n '1,60p' err.txt
	fail "the rebuild differs from a clean build"
fi
