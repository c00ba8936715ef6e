# Folders that are never part of a site (.git, .cache, node_modules, any
# dot-folder but .well-known and .vite) inside DIST: with --out they are
# left out of the output, the manifest and the headers; .well-known is
# kept. In place the build is refused with exit 2 (the swap would drop
# them), DIST as it was.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p dist/.git dist/sub/node_modules/x dist/.cache dist/.well-known
printf '<!doctype html><title>t</title>\n' > dist/index.html
printf 'ref: refs/heads/main\n' > dist/.git/HEAD
printf 'module.exports = 1;\n' > dist/sub/node_modules/x/index.js
printf 'cached\n' > dist/.cache/entry
printf 'Contact: mailto:security@example.com\n' > dist/.well-known/security.txt
printf 'ok\n' > dist/.nojekyll
fault_build
expect_status 0
assert_file "$OUT/.well-known/security.txt"
assert_file "$OUT/.nojekyll"
for p in .git sub/node_modules .cache; do
	[ ! -e "$OUT/$p" ] || fail "'$p' was copied into the output"
	! grep -q "\"$p/" "$CACHE/manifest.json" || fail "'$p' is in the manifest"
	! grep -qF "/$p" "$OUT/_headers" || fail "'$p' has a header rule"
done

# In place (without .git, which the guard refuses on its own).
rm -rf dist/.git
before=$(tree_listing dist; tree_mtimes dist)
set +e
timeout -k 5 "$FAULT_TIMEOUT" "$DISTILL" build dist --cache "$CACHE" >out.txt 2>err.txt
status=$?
set -e
expect_status 2
grep -q "refusing .*'.cache' in it is not part of the site" err.txt || { cat err.txt >&2; fail "no clear message"; }
assert_eq "$before" "$(tree_listing dist; tree_mtimes dist)" "DIST after the refusal"
