# Astro 5 (npm, tests/realworld/package.json): pages as dir/index.html and
# a Markdown page in an .astro layout, a bundled stylesheet with a web font,
# a processed <Image> (sharp) and public/ photos, a page script bundled into
# _astro/ with a lazy chunk it imports on click; Astro's hashed names are
# "name.<8 characters>.ext" under _astro/.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/realworld/lib.bash"
astro=$REALWORLD/node_modules/astro/astro.js
need_package "$astro"
cp -r "$REALWORLD/sites/astro" site
mkdir -p site/src/assets site/public/photos
cp "$FIXTURES"/demo/dist/images/dune.jpg site/src/assets/
web_font site/src/assets
cp "$FIXTURES"/demo/dist/images/ladybird.jpg site/public/photos/
cp "$FIXTURES"/demo/dist/images/logo.png site/public/
ln -s "$REALWORLD/node_modules" site/node_modules
generate astro env ASTRO_TELEMETRY_DISABLED=1 node "$astro" build
realworld_check site/dist '\.(?<token>[A-Za-z0-9_-]{8})\.(js|css|woff2?)$'
