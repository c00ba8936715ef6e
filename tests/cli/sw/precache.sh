# SPDX-License-Identifier: MIT
# The sw job on a hand-written manifest: which assets are precached, their
# URLs and revisions, the warning for a file over the size limit, and the
# worker that carries the list.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/sw/manifest.inc"
need jq node

mkdir -p dist
printf '{"name": "t", "icons": [{"src": "icons/192.png", "sizes": "192x192"}, {"src": "https://cdn.example/x.png"}]}' \
	>dist/site.webmanifest
link='{"refs": [{"url": "/site.webmanifest", "kind": "link-tag", "target": "site.webmanifest"},
		{"url": "/favicon.svg", "kind": "link-tag", "target": "favicon.svg"},
		{"url": "/photos/hero.jpg", "kind": "img", "target": "photos/hero.jpg"},
		{"url": "https://fonts.googleapis.com/css", "kind": "stylesheet", "target": null}]}'
variants='{"image": {"width": 800, "height": 600, "format": "jpeg", "alpha": false,
	"variants": [{"output": "assets/hero.aaaaaaaaaa-640.webp", "format": "webp", "width": 640, "height": 480, "size": 100}]}}'
make_manifest "$PWD/dist" >manifest.json <<SPEC
index.html|html|index.html|900|false|$(echo "$link" | jq -c .)
blog/index.html|html|blog/index.html|500|false
my page.html|html|my page.html|300|false
offline.html|html|offline.html|200|false
assets/index-Bx7kL2pQ.js|js|assets/index-Bx7kL2pQ.js|5000|true
lazy.js|js|lazy.js|100|false
style.css|css|assets/style.k3j5d2m8aa.css|700|true
app.wasm|wasm|app.wasm|4000|false
fonts/inter.woff2|font|assets/inter.abcdefghij.woff2|20000|true
fonts/inter.ttf|font|fonts/inter.ttf|30000|false
site.webmanifest|json|site.webmanifest|300|false
data/items.json|json|data/items.json|100|false
favicon.svg|svg|assets/favicon.abcdefghij.svg|400|true
favicon.ico|image|favicon.ico|1000|false
icons/192.png|raster|icons/192.png|3000|false|$(echo "$variants" | jq -c .)
photos/hero.jpg|raster|photos/hero.jpg|90000|false|$(echo "$variants" | jq -c .)
logo.gif|gif|logo.gif|1000|false
broken.png|raster|broken.png|10|false|{"error": "corrupt PNG"}
broken.js|js|broken.js|10|false|{"error": "rejected"}
readme.txt|text|readme.txt|50|false
app.js.map|text|app.js.map|5000|false
big.js|js|big.js|3000000|false
odd\name.js|js|odd\name.js|10|false
q"uote.js|js|q"uote.js|10|false
é.css|css|é.css|10|false
SPEC

sw_job out manifest.json
expect_status 0
assert_grep "'big.js' is not precached: 3000000 bytes is over sw.maxPrecacheSize (2097152)" err.txt
[ "$(wc -l <err.txt)" -eq 1 ] || fail "expected one warning, got: $(cat err.txt)"

# The expected list, by URL; revisions null exactly where fingerprinted.
expect() { # url output fingerprinted
	if [ "$3" = true ]; then
		printf '{"url": "%s", "revision": null}\n' "$1"
	else
		printf '{"url": "%s", "revision": "%s"}\n' "$1" "$(revision_of "$2")"
	fi
}
{
	expect / index.html false
	expect /%C3%A9.css é.css false
	expect /app.wasm app.wasm false
	expect /assets/favicon.abcdefghij.svg assets/favicon.abcdefghij.svg true
	expect /assets/index-Bx7kL2pQ.js assets/index-Bx7kL2pQ.js true
	expect /assets/inter.abcdefghij.woff2 assets/inter.abcdefghij.woff2 true
	expect /assets/style.k3j5d2m8aa.css assets/style.k3j5d2m8aa.css true
	expect /blog/ blog/index.html false
	expect /favicon.ico favicon.ico false
	expect /fonts/inter.ttf fonts/inter.ttf false
	expect /icons/192.png icons/192.png false
	expect /lazy.js lazy.js false
	expect /my%20page.html "my page.html" false
	expect /odd%5Cname.js 'odd\name.js' false
	expect /offline.html offline.html false
	expect /q%22uote.js 'q"uote.js' false
	expect /site.webmanifest site.webmanifest false
} | jq -s . >want.json
assert_file out/precache-manifest.json
jq . out/precache-manifest.json >got.json
diff -u want.json got.json || fail "precache-manifest.json differs from the expected list"

# Revisions are null exactly for the fingerprinted outputs of the manifest.
jq -r '.assets[] | select(.fingerprinted) | "/" + .output' manifest.json | sort >fp.txt
jq -r '.[] | select(.revision == null) | .url' got.json | sort >null.txt
comm -13 fp.txt null.txt | grep . && fail "null revisions for files that are not fingerprinted"

# The record names the files and their sidecars with their place in the
# output tree: the list's one chunk here, and no sidecars of
# precache-manifest.json, which no browser reads.
jq -r '[.files[].output] | sort | join(" ")' out/record.json |
	grep -Ex 'precache-manifest\.json (sw-precache/[a-z2-7]{10}\.js)( \1\.br)( \1\.zst) sw\.js sw\.js\.br sw\.js\.zst' >/dev/null ||
	fail "record outputs: $(jq -r '[.files[].output] | sort | join(" ")' out/record.json)"
assert_eq 17 "$(jq .precache out/record.json)" "record precache count"
# Each URL is already what a browser makes of it (URL.pathname).
node -e '
	for (const { url } of JSON.parse(require("fs").readFileSync("out/precache-manifest.json", "utf8")))
		if (new URL(url, "http://127.0.0.1").pathname !== url) {
			console.error(`${url} is not a normalised path`);
			process.exit(1);
		}' || fail "precache URLs differ from URL.pathname"

# The worker: valid JavaScript, the placeholder replaced by the same list,
# the version from the record, runtime settings without build-only keys.
node --check out/sw.js || fail "sw.js is not valid JavaScript"
grep -q '__DISTILL_SW__' out/sw.js && fail "sw.js still holds the placeholder"
sw_tree out tree
sw_object tree/sw.js >object.json
diff -u <(jq .precache object.json) got.json || fail "sw.js holds another list than precache-manifest.json"
assert_eq "$(jq -r .cache_version out/record.json)" "$(jq -r .version object.json)" "cache version"
jq -e '.version | test("^[a-z2-7]{10}$")' object.json >/dev/null || fail "odd cache version $(jq .version object.json)"
assert_eq '"/api/" 100 2592000 300 50 86400 20 86400 50 false false true "/offline.html"' \
	"$(jq -c -j '.config | [.api.prefix, .static.maxEntries, .static.maxAgeSeconds, .api.maxAgeSeconds,
		.api.maxEntries, .fonts.maxAgeSeconds, .fonts.maxEntries, .data.maxAgeSeconds,
		.data.maxEntries, .skipWaiting, .clientsClaim, .navigationPreload, .offlinePage]
		| map(tojson) | join(" ")' object.json)" "runtime config"
assert_eq '[]' "$(jq -c '.config | keys - ["api","cachePrefix","clientsClaim","data","fonts",
	"navigationPreload","offlinePage","skipWaiting","static"]' object.json)" "runtime config keys"
