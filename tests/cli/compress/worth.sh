# Sidecars by content, not by a list of text suffixes: a compressible file
# of any kind (.ico, .ttf, .map, .xml, .d.ts, no suffix at all) gets .br and
# .zst; random bytes (saving under a tenth) and formats compressed already
# (.woff2, .webp, .zip, named so whatever their bytes) get none; nor does a
# file under compress.minSize.
. "$ROOT/tests/lib.sh"
need python3 brotli
mkdir -p dist
python3 - <<'PY'
import os, random
rnd = random.Random(7)
text = ''.join(f'<entry id="{i}">item number {i} of the list</entry>\n' for i in range(200)).encode()
for name in ('icon.ico', 'font.ttf', 'app.js.map', 'feed.xml', 'types.d.ts', 'LICENSE'):
    open(f'dist/{name}', 'wb').write(text)
for name in ('font.woff2', 'photo.webp', 'bundle.zip'):
    open(f'dist/{name}', 'wb').write(text)
open('dist/noise.bin', 'wb').write(bytes(rnd.randrange(256) for _ in range(8192)))
open('dist/small.txt', 'wb').write(text[:900])
PY
run_distill build dist --out out --cache cache
expect_status 0
for f in icon.ico font.ttf app.js.map feed.xml types.d.ts LICENSE; do
	assert_file "out/$f.br"
	assert_file "out/$f.zst"
	brotli -dc "out/$f.br" | cmp -s - "out/$f" || fail "out/$f.br does not decode to the file"
done
for f in font.woff2 photo.webp bundle.zip noise.bin small.txt; do
	[ ! -e "out/$f.br" ] && [ ! -e "out/$f.zst" ] || fail "'$f' got a sidecar"
done
