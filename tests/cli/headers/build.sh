# End to end: `distill build` places _headers and headers.json at the site
# root and, with --vercel, the Build Output API config.json beside static/;
# the rules, checked against the build's own manifest, give immutable to
# every fingerprinted file (Vite's chunks, sidecars) and to nothing else.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/compress/site.bash"
need node
[ -d "$NODE_PATH/@netlify/headers-parser" ] || skip "needs tests/node_modules (npm install in tests/)"

make_site dist
run_distill build dist --out out --cache cache
expect_status 0
assert_file out/_headers
assert_file out/headers.json
assert_no_file out/config.json
assert_no_file out/.vercel
cmp -s out/_headers cache/gen/headers/_headers || fail "out/_headers is not the job's"
node "$ROOT/tests/cli/headers/check.mjs" cache/manifest.json cache/gen/headers ||
	fail "rules of the built site"
grep -qx '/assets/\*' out/_headers || fail "no '/assets/*' rule for a folder of Vite chunks"

run_distill build dist --out vercel --cache cache --vercel
expect_status 0
assert_file vercel/config.json
assert_file vercel/static/_headers
assert_file vercel/static/headers.json
assert_file vercel/static/index.html
cmp -s vercel/config.json cache/gen/headers/vercel-config.json || fail "config.json is not the job's"
node "$ROOT/tests/cli/headers/check.mjs" cache/manifest.json cache/gen/headers vercel/config.json ||
	fail "rules of the Vercel build"
