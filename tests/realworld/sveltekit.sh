# SvelteKit 2 with adapter-static (npm, tests/realworld/package.json):
# prerendered pages as about.html beside index.html, a layout with a
# stylesheet and a web font, photos in static/, an inline start-up script
# in every page, the app's hashed bundles under _app/immutable/ (entry,
# nodes, chunks, assets) with a lazy chunk, _app/version.json unhashed.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/realworld/lib.bash"
vite=$REALWORLD/node_modules/vite/bin/vite.js
need_package "$REALWORLD/node_modules/@sveltejs/kit/package.json"
cp -r "$REALWORLD/sites/sveltekit" site
mkdir -p site/static/photos
cp "$FIXTURES"/demo/dist/images/{dune.jpg,ladybird.jpg} site/static/photos/
cp "$FIXTURES"/demo/dist/images/logo.png site/static/
cp "$FIXTURES"/demo/dist/images/logo.png site/static/favicon.png
web_font site/src/lib
ln -s "$REALWORLD/node_modules" site/node_modules
generate sveltekit node "$vite" build
realworld_check site/build '(^|\.)(?<token>[A-Za-z0-9_-]{8})\.(js|css|woff2?)$'
