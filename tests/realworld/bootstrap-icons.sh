# bootstrap-icons 1.13.2 (npm, tests/realworld/package.json): a published
# folder of 2,089 files, most of them small SVG icons, served as it is with
# one page of the site's own that uses the icon font (a stylesheet with
# woff2 and woff and a query string in their URLs), icons as <img> and the
# SVG sprite. Thousands of small files, none hashed.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/realworld/lib.bash"
dist=$REALWORLD/node_modules/bootstrap-icons
need_package "$dist/bootstrap-icons.svg"
cp -r "$dist" site
cp "$REALWORLD/sites/bootstrap-icons/index.html" site/
[ "$(find site -type f | wc -l)" -gt 2000 ] || fail "bootstrap-icons has fewer files than expected"
realworld_check site
