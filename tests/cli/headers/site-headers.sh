# The site's own _headers is kept and merged, never replaced: its rules
# come first, as written; where they set a header distill would set, the
# site's wins with a warning naming the rule (distill's X-Frame-Options is
# left out; files the site gives a Cache-Control get none of distill's).
# Checked with @netlify/headers-parser, for _headers, headers.json and the
# Vercel routes. A headers.json of the site's own, which distill would
# replace, stops the build (exit 1) with the output as it was.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/compress/site.bash"
need node
[ -d "$NODE_PATH/@netlify/headers-parser" ] || skip "needs tests/node_modules (npm install in tests/)"

make_site dist
cat > dist/_headers <<'TXT'
# The team's own rules.
/api/*
  Access-Control-Allow-Origin: *
/*
  X-Frame-Options: SAMEORIGIN
/assets/vendor-*
  Cache-Control: public, max-age=600
TXT
cp dist/_headers site-headers
run_distill build dist --out out --cache cache
expect_status 0
assert_grep "_headers rule '/\*' sets X-Frame-Options" err.txt
assert_grep "_headers rule '/assets/vendor-\*' sets Cache-Control for" err.txt
grep -qx '  Access-Control-Allow-Origin: \*' out/_headers || fail "the site's rule for /api/* is lost"
grep -qx '  X-Frame-Options: SAMEORIGIN' out/_headers || fail "the site's X-Frame-Options is lost"
! grep -q 'X-Frame-Options: DENY' out/_headers || fail "distill's X-Frame-Options is still there"
node "$ROOT/tests/cli/headers/check.mjs" cache/manifest.json cache/gen/headers \
	--site-headers site-headers || fail "rules of the merged headers"
run_distill build dist --out vercel --cache cache --vercel
expect_status 0
node "$ROOT/tests/cli/headers/check.mjs" cache/manifest.json cache/gen/headers \
	vercel/config.json --site-headers site-headers || fail "rules of the merged Vercel headers"

# The site's own headers.json: refused, not replaced.
before=$(tree_listing out; tree_mtimes out)
printf '{"mine": true}\n' > dist/headers.json
run_distill build dist --out out --cache cache
expect_status 1
assert_grep "'headers.json' in DIST would be replaced" err.txt
assert_eq "$before" "$(tree_listing out; tree_mtimes out)" "the output after the refusal"
