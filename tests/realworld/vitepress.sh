# VitePress 1 (npm, tests/realworld/package.json): the default theme with
# its web fonts, a local search index, pages as page.html and
# dir/index.html, Vite's hashed chunks under assets/ (assets/chunks/,
# assets/*.md.<hash>.lean.js), photos in public/.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/realworld/lib.bash"
need node caddy curl brotli zstd avifdec dwebp vipsheader
vitepress=$REALWORLD/node_modules/vitepress/bin/vitepress.js
[ -f "$vitepress" ] || skip "needs tests/realworld/node_modules (./configure --tests)"
cp -r "$REALWORLD/sites/vitepress" site
cp "$FIXTURES"/demo/dist/images/{dune.jpg,ladybird.jpg,logo.png} site/public/
ln -s "$REALWORLD/node_modules" site/node_modules
(cd site && node "$vitepress" build .) >vitepress.log 2>&1 || { cat vitepress.log >&2; fail "vitepress failed"; }
realworld_check site/.vitepress/dist '\.(?<token>[A-Za-z0-9_-]{8})\.(lean\.)?(js|css|woff2)$'
