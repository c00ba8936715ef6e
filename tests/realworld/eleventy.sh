# Eleventy 3 (npm, tests/realworld/package.json): a small blog of
# Markdown pages in a Nunjucks layout, a stylesheet with a web font,
# photos and a logo copied through; Eleventy hashes no file name.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/realworld/lib.bash"
need node caddy curl brotli zstd avifdec dwebp vipsheader
eleventy=$REALWORLD/node_modules/@11ty/eleventy/cmd.cjs
[ -f "$eleventy" ] || skip "needs tests/realworld/node_modules (./configure --tests)"
cp -r "$REALWORLD/sites/eleventy" site
mkdir -p site/img site/fonts
cp "$FIXTURES"/demo/dist/images/{dune.jpg,ladybird.jpg,logo.png} site/img/
cp "$FIXTURES"/demo/dist/fonts/meadow.woff* site/fonts/
(cd site && node "$eleventy" --quiet) >eleventy.log 2>&1 || { cat eleventy.log >&2; fail "eleventy failed"; }
realworld_check site/_site
