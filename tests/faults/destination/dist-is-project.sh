# `distill build .` (in place) in a project root: refused with exit 2; its
# .git, package.json and node_modules are never taken for a built site.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
project_tree p
mkdir -p p/node_modules/x
printf 'module.exports = 1;\n' > p/node_modules/x/index.js
expect_refused p p build . --cache "$PWD/cache"
expect_refused p . build p --cache "$PWD/cache"
# A site folder in place is fine.
cache=$PWD/cache
set +e
(cd p && "$DISTILL" build dist --cache "$cache" -q) >out.txt 2>err.txt
status=$?
set -e
[ "$status" = 0 ] || { cat err.txt >&2; fail "building p/dist in place failed ($status)"; }
