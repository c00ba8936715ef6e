# VitePress 1 (npm, tests/realworld/package.json): the default theme with
# its web fonts, a local search index, pages as page.html and
# dir/index.html, Vite's hashed chunks under assets/ (assets/chunks/,
# assets/*.md.<hash>.lean.js), photos in public/.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/realworld/lib.bash"
vitepress=$REALWORLD/node_modules/vitepress/bin/vitepress.js
need_package "$vitepress"
cp -r "$REALWORLD/sites/vitepress" site
cp "$FIXTURES"/demo/dist/images/{dune.jpg,ladybird.jpg,logo.png} site/public/
ln -s "$REALWORLD/node_modules" site/node_modules
generate vitepress node "$vitepress" build .
realworld_check site/.vitepress/dist '\.(?<token>[A-Za-z0-9_-]{8})\.(lean\.)?(js|css|woff2)$'
