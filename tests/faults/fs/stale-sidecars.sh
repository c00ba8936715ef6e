# Precompressed files an earlier tool left beside their files (app.css.br,
# .zst, .gz), stale and about to be orphaned when app.css gets a
# fingerprinted name: none is carried over; every .br and .zst in the
# output decodes to the bytes of the file beside it, and none is left
# without its file. A .br with no file beside it (a Unity build's
# game.wasm.br) is the site's own and is carried over, and so is a .gz of
# a file distill leaves as it is (sitemap.xml.gz, fetched by its own URL).
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need brotli zstd
mkdir -p dist
printf 'body{color:red}%3000s\n' "" > dist/app.css
printf '<!doctype html><title>t</title><link rel="stylesheet" href="app.css">\n' > dist/index.html
printf 'stale bytes\n' | brotli -c > dist/app.css.br
printf 'stale bytes\n' | zstd -q -c > dist/app.css.zst
printf 'stale bytes\n' | gzip -c > dist/app.css.gz
printf 'not really wasm %3000s\n' "" | brotli -c > dist/game.wasm.br
printf '<?xml version="1.0"?><urlset></urlset>\n' > dist/sitemap.xml
gzip -c dist/sitemap.xml > dist/sitemap.xml.gz
fault_build
expect_status 0
expect_carried game.wasm.br
expect_carried sitemap.xml.gz
[ "$(cd "$OUT" && find . -name '*.gz')" = ./sitemap.xml.gz ] || fail "a stale .gz was carried over"
grep -q "left out 1 .gz copy (such as 'app.css.gz')" err.txt || fail "the stale .gz left out unnamed"
(cd "$OUT" && find . \( -name '*.br' -o -name '*.zst' \) ! -name game.wasm.br) | while read -r f; do
	base=${f%.*}
	[ -f "$OUT/$base" ] || fail "'$f' has no file beside it"
	case $f in
	*.br) brotli -d -c "$OUT/$f" | cmp -s - "$OUT/$base" || fail "'$f' does not decode to '$base'" ;;
	*.zst) zstd -q -d -c "$OUT/$f" | cmp -s - "$OUT/$base" || fail "'$f' does not decode to '$base'" ;;
	esac
done
[ ! -e "$OUT/app.css.br" ] || [ -e "$OUT/app.css" ] || fail "app.css.br left behind"
