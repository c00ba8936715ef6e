# Eleventy 3 (npm, tests/realworld/package.json): a small blog of
# Markdown pages in a Nunjucks layout, a stylesheet with a web font,
# photos and a logo copied through; Eleventy hashes no file name.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/realworld/lib.bash"
eleventy=$REALWORLD/node_modules/@11ty/eleventy/cmd.cjs
need_package "$eleventy"
cp -r "$REALWORLD/sites/eleventy" site
mkdir -p site/img site/fonts
cp "$FIXTURES"/demo/dist/images/{dune.jpg,ladybird.jpg,logo.png} site/img/
web_font site/fonts
generate eleventy node "$eleventy" --quiet
realworld_check site/_site
