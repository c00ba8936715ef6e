# A real server serves the sidecars: Caddy's file_server with
# `precompressed zstd br gzip` over a built site answers each file with
# Content-Encoding br or zstd when asked, or with the plain bytes when not,
# and every body decodes to the file itself. Files the build writes (sw.js,
# headers.json), a TrueType font from an npm package and
# the web manifest have sidecars too.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/compress/site.bash"
need caddy curl brotli zstd node
[ -d "$NODE_PATH" ] || skip "needs tests/node_modules (npm install in tests/)"

make_site dist
font=$(cd "$NODE_PATH" && find -L . -name '*.ttf' -size +20k | LC_ALL=C sort | head -n 1)
[ -n "$font" ] || fail "no TrueType font under '$NODE_PATH'"
mkdir -p dist/fonts
cp "$NODE_PATH/$font" dist/fonts/icons.ttf
{
	printf '{"name": "Site", "short_name": "Site", "start_url": "/", "display": "standalone",\n'
	printf ' "description": "%s",\n' "$(printf 'A small site built to check its sidecars. %.0s' $(seq 1 40))"
	printf ' "icons": [{"src": "/favicon.svg", "sizes": "any", "type": "image/svg+xml"}]}\n'
} > dist/manifest.webmanifest
run_distill build dist --out out --cache cache
expect_status 0
for f in sw.js headers.json fonts/icons.ttf manifest.webmanifest; do
	assert_file "out/$f.br"
	assert_file "out/$f.zst"
done

start_caddy "$PWD/out"
port=$caddy_port

fetch() { # path accept-encoding -> prints the Content-Encoding, body in body
	rm -f body headers
	curl -sS --fail ${2:+-H "Accept-Encoding: $2"} -D headers -o body \
		"http://127.0.0.1:$port/$1" || fail "GET /$1 ($2) failed"
	sed -n 's/^[Cc]ontent-[Ee]ncoding: *//p' headers | tr -d '\r'
}

checked=0
while read -r f; do
	rel=${f#out/}
	for enc in br zstd ""; do
		got=$(fetch "$rel" "$enc")
		want=$enc
		case $enc in
		br) [ -f "$f.br" ] || want= ;;
		zstd) [ -f "$f.zst" ] || want= ;;
		esac
		assert_eq "$want" "$got" "Content-Encoding of /$rel for Accept-Encoding '$enc'"
		case $got in
		br) brotli -dc body > plain ;;
		zstd) zstd -qdc body > plain ;;
		*) mv body plain ;;
		esac
		cmp -s plain "$f" || fail "/$rel with Accept-Encoding '$enc' does not decode to the file"
		[ -n "$got" ] && checked=$((checked + 1))
	done
done < <(find out -type f ! -name '*.br' ! -name '*.zst' | LC_ALL=C sort)
[ $checked -ge 22 ] || fail "only $checked compressed responses were checked"
