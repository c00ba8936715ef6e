# Four 512 MiB files of zero bytes (sparse, so they cost no disk to make):
# a .txt, a .js, an .html and a .css, named by a page beside a small
# stylesheet and an image. Every site file is hashed, searched and
# compressed a block at a time, and none is read whole past its limit, so
# the build takes under 400 MiB in its largest process and in all of them
# together (tests/faults/peak.py), within 60 s. The .txt and .js come out
# byte for byte with no sidecars (over compress.maxSize); the .html and
# .css are rejected (too large to parse) and carried over at their own
# paths; the rest of the site builds. Exit 3: 512 MiB of script is over
# the JS budget. Under --strict a page over 16 MiB fails the build.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
FAULT_TIMEOUT=60
big="big.txt big.js big.html big.css"
mkdir -p dist/img
for f in $big; do
	truncate -s 512M "dist/$f"
done
printf '<!doctype html><title>t</title><link rel="stylesheet" href="site.css">
<link rel="stylesheet" href="big.css"><script src="big.js"></script>
<a href="big.html">big</a><a href="big.txt">text</a>\n' > dist/index.html
printf 'body{background:url(img/dot.svg)}%2000s\n' "" > dist/site.css
printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' > dist/img/dot.svg

# Every process of the build, measured: fault_build runs $DISTILL.
real=$DISTILL
printf '#!/bin/sh\nexec python3 "%s" "%s" "%s" "$@"\n' \
	"$ROOT/tests/faults/peak.py" "$PWD/peak.txt" "$real" > measured
chmod +x measured
DISTILL=$PWD/measured
fault_build
DISTILL=$real
expect_status 3
for f in $big; do
	out=$(check output "$CACHE" "$f")
	assert_eq "$f" "$out" "output path of '$f'"
	cmp -s "dist/$f" "$OUT/$f" || fail "'$f' was not carried over byte for byte"
	assert_no_file "$OUT/$f.br"
	assert_no_file "$OUT/$f.zst"
done
grep -q "'big.txt' gets no .br or .zst" err.txt || fail "no line says big.txt gets no sidecars"
for f in big.html big.css; do
	grep -F -q "'$f': larger than 16 MiB" err.txt || { cat err.txt >&2; fail "'$f' not rejected"; }
done
python3 - "$CACHE/gen/budget/report.json" <<'PY' || fail "the report does not list the rejected files"
import json, sys
rejected = sorted(r["path"] for r in json.load(open(sys.argv[1]))["rejected"])
sys.exit(rejected != ["big.css", "big.html"])
PY
# The rest of the site is built as ever.
css=$(check output "$CACHE" site.css)
case $css in assets/*) ;; *) fail "site.css was not fingerprinted ('$css')" ;; esac
assert_file "$OUT/$css.br"
grep -q "href=\"$css\"" "$OUT/index.html" || fail "index.html does not name '$css'"

read -r _ largest < <(grep '^largest' peak.txt)
read -r _ together < <(grep '^together' peak.txt)
echo "peak: largest process $((largest / 1024)) MiB, all together $((together / 1024)) MiB"
case $real in
*asan*) ;; # ASan's shadow memory and quarantine are not distill's
*)
	[ "$largest" -lt $((400 * 1024)) ] || fail "a process took $((largest / 1024)) MiB"
	[ "$together" -lt $((400 * 1024)) ] || fail "the build took $((together / 1024)) MiB at once"
	;;
esac

# --strict: a page too large to parse fails the build, writing nothing.
mkdir -p strict
truncate -s 17M strict/page.html
set +e
timeout -k 5 30 "$DISTILL" build strict --out strict-out --cache strict-cache --strict \
	>out.txt 2>err.txt
status=$?
set -e
expect_status 1
grep -F -q "'page.html': larger than 16 MiB" err.txt || fail "no message names 'page.html'"
assert_no_file strict-out
