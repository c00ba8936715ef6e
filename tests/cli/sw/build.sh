# SPDX-License-Identifier: MIT
# `distill build` of fixtures/sw-site: sw.js and precache-manifest.json at
# the site root; every precached URL is a file of the output whose hash is
# its revision (or it is fingerprinted and the revision null); images and
# data are not precached; sw.js keeps its name and is never cached by the
# HTTP cache; two clean builds agree; sw.strict (--strict) fails the build.
. "$ROOT/tests/lib.sh"
need jq node xxh128sum

copy_fixture sw-site
run_distill build dist --out out --cache cache -q
expect_status 0
assert_file out/sw.js
assert_file out/precache-manifest.json
node --check out/sw.js || fail "sw.js is not valid JavaScript"
ls out/assets | grep -q '^sw\.' && fail "sw.js was fingerprinted: $(ls out/assets)"

# Each precached URL: a file of the output, revision = its XXH3-128 unless
# the manifest says fingerprinted (then null).
jq -r '.[] | "\(.url) \(.revision)"' out/precache-manifest.json >list.txt
[ -s list.txt ] || fail "empty precache list"
while read -r url revision; do
	file=out${url}
	case $file in */) file=${file}index.html ;; esac
	assert_file "$file"
	fp=$(jq -r --arg o "${file#out/}" '.assets[] | select(.output == $o) | .fingerprinted' cache/manifest.json)
	if [ "$fp" = true ]; then
		assert_eq null "$revision" "revision of fingerprinted $url"
	else
		assert_eq "$(xxh128sum "$file" | cut -d' ' -f1)" "$revision" "revision of $url"
	fi
done <list.txt
for url in / /offline.html /manifest.json /app.js /assets/vendor-Bx7kL2pQ.js /register-sw.js; do
	grep -q "^$url " list.txt || fail "$url is not precached"
done
css=$(jq -r '.assets[] | select(.path == "style.css") | "/" + .output' cache/manifest.json)
grep -q "^$css " list.txt || fail "the stylesheet $css is not precached"
icon=$(jq -r '.assets[] | select(.path == "icon.png") | "/" + .output' cache/manifest.json)
grep -q "^$icon " list.txt || fail "the icon $icon is not precached"
grep -E '\.(jpe?g|webp|avif) ' list.txt && fail "images are precached"
grep -q '^/api/' list.txt && fail "API data is precached"
assert_eq 8 "$(wc -l <list.txt)" "precached URLs"

# sw.js and the list come from the sw pass's record, as placed.
assert_eq "$(jq -r '.files[] | select(.output == "sw.js") | .hash' cache/gen/sw/record.json)" \
	"$(xxh128sum out/sw.js | cut -d' ' -f1)" "sw.js in the output"

# The header rules give /sw.js a response that is always revalidated.
assert_file out/headers.json
cc=$(node -e '
	const rules = JSON.parse(require("fs").readFileSync("out/headers.json", "utf8"));
	let cc = "";
	for (const r of rules)
		if (new RegExp(r.regex).test("/sw.js") && r.headers["Cache-Control"])
			cc = r.headers["Cache-Control"];
	console.log(cc);')
case $cc in *max-age=0*must-revalidate*) ;; *) fail "Cache-Control of /sw.js is '$cc'" ;; esac

# Two clean builds give the same worker.
run_distill build dist --out out2 --cache cache2 -q
expect_status 0
cmp out/sw.js out2/sw.js || fail "two clean builds wrote different sw.js"
cmp out/precache-manifest.json out2/precache-manifest.json || fail "two clean builds differ"

# Over the size limit: a warning naming the file; with --strict a failure.
echo '{"sw": {"maxPrecacheSize": 500}}' >limit.json
run_distill build dist --out out3 --cache cache -q --config limit.json
expect_status 0
assert_grep "'app.js' is not precached: $(wc -c < dist/app.js) bytes is over sw.maxPrecacheSize (500)" err.txt
grep -q '"/app.js"' out3/precache-manifest.json && fail "app.js precached over the limit"
run_distill build dist --out out4 --cache cache -q --config limit.json --strict
expect_status 1
assert_grep "'app.js' is not precached" err.txt
assert_no_file out4/sw.js
