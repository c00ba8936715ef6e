# An --out that contains DIST, or lies inside it, or is DIST: refused with
# exit 2 before anything is written, whatever --force says.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p site/dist
printf '<!doctype html><title>t</title>\n' > site/dist/index.html
printf 'body{color:red}\n' > site/dist/site.css
expect_refused site . build site/dist --out site --cache "$PWD/cache"
grep -q 'overlap' err.txt || fail "the message does not say they overlap"
expect_refused site . build site/dist --out site/dist/out --cache "$PWD/cache"
expect_refused site . build site/dist --out site/dist --cache "$PWD/cache" --force
[ ! -e cache ] || fail "a refused build made its cache folder"
