# Only what is provably content-addressed is immutable. Vite's chunks in the
# folder the pages load them from, and a font Vite's manifest lists, are;
# names that only look hashed (a plain word after a dash: touch-icon,
# portrait, redirect), a hashed-looking script outside any bundler folder, a
# page and the keep list are revalidated: checked through _headers
# (@netlify/headers-parser), headers.json and the Vercel routes
# (@vercel/routing-utils), and in the precache list (revision null exactly
# for the immutable ones it holds). hash.trustedDirs then trusts a second folder.
. "$ROOT/tests/lib.sh"
need node
need jq
[ -d "$NODE_PATH/@netlify/headers-parser" ] || skip "needs tests/node_modules (npm install in tests/)"

mkdir -p dist/assets dist/icons dist/photos dist/vendor dist/fonts dist/.vite
printf 'export const a = 1;\n' > dist/assets/index-Bq3xK9aZ.js
printf 'body{color:red}\n' > dist/assets/index-D4mN7pQr.css
python3 - <<'PY'
import struct, zlib
def png(path, seed):
    raw = b''.join(b'\0' + bytes((x * seed + y) & 255 for x in range(48)) for y in range(16))
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 16, 16, 8, 2, 0, 0, 0))
                           + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
for i, p in enumerate(('assets/logo-portrait.png', 'icons/apple-touch-icon.png', 'photos/altai-portrait.png')):
    png('dist/' + p, i + 3)
PY
printf 'export const b = 2;\n' > dist/vendor/lib-Ab12Cd34.js
printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' > dist/assets/sprite-Ab3dE9xY.svg
printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' > dist/assets/menu-navigation.svg
head -c 3000 /dev/zero > dist/fonts/roboto-condensed.woff2
printf 'export const c = 3;\n' > dist/assets/vue-component.js
head -c 3000 /dev/urandom > dist/fonts/inter-latinext.woff2
printf '<!doctype html><title>redirect</title>\n' > dist/oauth2-redirect.html
cat > dist/index.html <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="/assets/index-D4mN7pQr.css">
<script type="module" src="/assets/index-Bq3xK9aZ.js"></script></head>
<body><p>hello</p></body></html>
HTML
cat > dist/.vite/manifest.json <<'JSON'
{"index.html": {"file": "assets/index-Bq3xK9aZ.js", "isEntry": true,
  "css": ["assets/index-D4mN7pQr.css"], "assets": ["fonts/inter-latinext.woff2"]}}
JSON

expect_rules() { # OUT CACHE IMMUTABLE REVALIDATED (JSON arrays)
	node "$ROOT/tests/cli/headers/check.mjs" "$2/manifest.json" "$2/gen/headers" \
		"$2/gen/headers/vercel-config.json" --expect "{\"immutable\": $3, \"revalidated\": $4}" ||
		fail "headers of '$1'"
	jq -r '.[] | "\(.url) \(.revision)"' "$1/static/precache-manifest.json" > precache.txt
	for p in $(echo "$3" | jq -r '.[]'); do
		! grep -q "^/$p [^n]" precache.txt || fail "'$p' is precached with a revision"
	done
	grep -qx "/assets/index-Bq3xK9aZ.js null" precache.txt ||
		fail "the entry script is not precached with revision null"
	for p in $(echo "$4" | jq -r '.[]'); do
		! grep -qx "/$p null" precache.txt || fail "'$p' is precached with revision null"
	done
}

run_distill build dist --out out --cache cache --vercel
expect_status 0
grep -q "^distill: 6 files only look hashed (e.g. 'assets/logo-portrait.png')" err.txt ||
	{ cat err.txt >&2; fail "no warning counts the names that only look hashed"; }
expect_rules out cache \
	'["assets/index-Bq3xK9aZ.js", "assets/index-D4mN7pQr.css", "fonts/inter-latinext.woff2",
	  "assets/sprite-Ab3dE9xY.svg"]' \
	'["assets/logo-portrait.png", "icons/apple-touch-icon.png", "photos/altai-portrait.png",
	  "vendor/lib-Ab12Cd34.js", "oauth2-redirect.html", "index.html",
	  "assets/menu-navigation.svg", "fonts/roboto-condensed.woff2", "assets/vue-component.js"]'

printf '{"hash": {"trustedDirs": ["/vendor/"]}}\n' > distill.config.json
run_distill build dist --out out2 --cache cache2 --vercel --config distill.config.json
expect_status 0
expect_rules out2 cache2 \
	'["assets/index-Bq3xK9aZ.js", "vendor/lib-Ab12Cd34.js"]' \
	'["assets/logo-portrait.png", "photos/altai-portrait.png", "oauth2-redirect.html"]'
