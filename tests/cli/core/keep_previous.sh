# SPDX-License-Identifier: MIT
# Deploy-skew protection (hash.keepPrevious): a build in place carries the
# fingerprinted files of the 2 builds before it (Vite's chunks, distill's
# renamed files) into its output, so a page loaded before a deploy still
# finds its lazy chunks. They are served immutable (their folder's rule)
# but not precached, not in the manifest nor the budget, and a file of
# the new build wins. Off with --out unless set; a build older than
# keepPreviousDays is not carried; damaged kept bytes are not placed; a
# rerun on distill's own output does not take carried files for the
# site's. In Chromium: a page of build 1 left open opens its lazy route
# after build 2 is deployed in place, and cannot with keepPrevious 0.
. "$ROOT/tests/lib.sh"
need python3
make_build() { # N: a Vite-like build N of the site, from an empty dist/
	rm -rf dist
	mkdir -p dist/assets
	cat > dist/index.html <<HTML
<!doctype html>
<html><head><meta charset="utf-8"><title>Build $1</title>
<link rel="stylesheet" href="/style.css">
<script type="module" src="/assets/index-B$1xxxxx$1.js"></script></head>
<body><button id="open">open</button></body></html>
HTML
	printf 'document.documentElement.dataset.main = "%s";\n' "$1" > "dist/assets/index-B$1xxxxx$1.js"
	cat >> "dist/assets/index-B$1xxxxx$1.js" <<JS
document.getElementById('open').onclick = () => import('./route-R$1yyyyy$1.js').then(
	(m) => { document.documentElement.dataset.route = m.route; },
	(e) => { document.documentElement.dataset.error = String(e); });
JS
	printf 'export const route = "build %s route";\n' "$1" > "dist/assets/route-R$1yyyyy$1.js"
	printf 'body { margin: %spx; }\n' "$1" > dist/style.css
	# A file that keeps its name: assets/ is no folder of hashed names
	# alone, so its files get rules of their own.
	printf 'notes\n' > dist/assets/notes.txt
}
files_of() { (cd "$1" && find assets -type f ! -name '*.br' ! -name '*.zst' | sort | tr '\n' ' '); }

for n in 1 2 3; do
	make_build $n
	run_distill build dist --cache cache -q
	expect_status 0
done
style3=$(cd dist && ls assets/style.*.css)
# Build 3 carries builds 2 and 1; distill's renamed stylesheets too.
assert_eq 3 "$(ls dist/assets/index-*.js | wc -l)" "entry chunks of builds 1 to 3"
assert_eq 3 "$(ls dist/assets/route-*.js | wc -l)" "lazy chunks of builds 1 to 3"
assert_eq 3 "$(ls dist/assets/style.*.css | wc -l)" "renamed stylesheets of builds 1 to 3"
cmp -s dist/assets/route-R1yyyyy1.js <(printf 'export const route = "build 1 route";\n') ||
	fail "build 1's chunk was not carried byte for byte"
python3 - cache/manifest.json dist/precache-manifest.json <<'PY' || fail "carried files are the site's"
import json, sys
m = json.load(open(sys.argv[1]))
paths = [e["path"] for e in m["assets"]] + [f["output"] for f in m["files"]]
assert not any("B1xxxxx1" in p or "R1yyyyy1" in p or "B2xxxxx2" in p for p in paths), paths
urls = [e["url"] for e in json.load(open(sys.argv[2]))]
assert not any("xxxxx1" in u or "yyyyy1" in u or "yyyyy2" in u for u in urls), urls
PY
# Carried files are served immutable, though assets/ holds a file that
# keeps its name: headers.json's rules resolved for each.
python3 - dist/headers.json <<'PY' || fail "carried files are not immutable"
import json, re, sys
rules = json.load(open(sys.argv[1]))
def cache(path):
    return [r["headers"]["Cache-Control"] for r in rules
            if "Cache-Control" in r["headers"] and re.match(r["regex"], path)]
for path in ("/assets/index-B1xxxxx1.js", "/assets/route-R2yyyyy2.js", "/assets/index-B3xxxxx3.js"):
    got = cache(path)
    assert len(got) == 1 and "immutable" in got[0], (path, got)
assert not any("immutable" in v for v in cache("/assets/notes.txt")), cache("/assets/notes.txt")
PY

# A fourth build drops the first.
make_build 4
run_distill build dist --cache cache -q
expect_status 0
assert_eq "assets/index-B2xxxxx2.js assets/index-B3xxxxx3.js assets/index-B4xxxxx4.js" \
	"$(cd dist && ls assets/index-*.js | tr '\n' ' ' | sed 's/ $//')" "entry chunks after build 4"

# distill's own output changed in place (a page edited): the carried files
# stay carried, not taken for the site's.
sed -i 's/<title>Build 4/<title>Build four/' dist/index.html
run_distill build dist --cache cache -q
expect_status 0
assert_eq 3 "$(ls dist/assets/route-*.js | wc -l)" "lazy chunks after a page of the output changed"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); assert not any("xxxxx2" in e["path"] for e in m["assets"])' \
	cache/manifest.json || fail "a carried file became an asset"

# Damaged kept bytes (an "x" appended to each) are not placed, and the
# build still succeeds.
for f in cache/previous/*/bytes; do printf 'x' >> "$f"; done
make_build 5
run_distill build dist --cache cache -q
expect_status 0
for f in dist/assets/*; do
	[ "$(tail -c1 "$f")" != x ] || fail "damaged bytes placed at $f"
done
assert_eq "assets/index-B5xxxxx5.js" "$(cd dist && ls assets/index-*.js)" "entry chunks after damage"

# Older than keepPreviousDays: not carried.
make_build 6
python3 - cache/previous/builds <<'PY'
import re, sys
p = sys.argv[1]
t = open(p).read()
open(p, "w").write(re.sub(r"^build (\d+)$", lambda m: "build %d" % (int(m.group(1)) - 8 * 86400), t, flags=re.M))
PY
run_distill build dist --cache cache -q
expect_status 0
assert_eq "assets/index-B6xxxxx6.js" "$(cd dist && ls assets/index-*.js)" "entry chunks past 7 days"

# With --out, off unless set.
make_build 7
run_distill build dist --out out --cache other -q
expect_status 0
make_build 8
run_distill build dist --out out --cache other -q
expect_status 0
assert_eq "assets/index-B8xxxxx8.js" "$(cd out && ls assets/index-*.js)" "--out without keepPrevious"
echo '{"hash": {"keepPrevious": 1}}' > one.json
run_distill build dist --out out2 --cache other2 --config one.json -q
make_build 9
run_distill build dist --out out2 --cache other2 --config one.json -q
expect_status 0
assert_eq "assets/index-B8xxxxx8.js assets/index-B9xxxxx9.js" \
	"$(cd out2 && ls assets/index-*.js | tr '\n' ' ' | sed 's/ $//')" "--out with keepPrevious 1"
echo '{"hash": {"keepPrevious": -1}}' > bad.json
run_distill build dist --out out3 --cache other3 --config bad.json -q
expect_status 1
assert_grep "hash.keepPrevious" err.txt

need_chromium
# A page without a service worker, which would answer from its precache.
for keep in null 0; do
	echo "{\"hash\": {\"keepPrevious\": $keep}, \"sw\": {\"register\": false}}" > skew.json
	rm -rf skew-cache
	make_build 1
	run_distill build dist --cache skew-cache --config skew.json -q
	expect_status 0
	cat > rebuild.sh <<SH
set -e
$(declare -f make_build)
make_build 2
"$DISTILL" build dist --cache skew-cache --config skew.json -q
SH
	want=loads; [ "$keep" = 0 ] && want=fails
	node "$ROOT/tests/browser/deploy-skew.mjs" dist "bash rebuild.sh" $want ||
		fail "deploy skew with keepPrevious $keep"
done
