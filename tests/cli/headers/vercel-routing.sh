# --vercel carries the project's vercel.json routing (rewrites, redirects,
# headers, cleanUrls, trailingSlash) into .vercel/output/config.json, since
# Vercel applies none of it to prebuilt output. The oracle is
# @vercel/routing-utils (vercel-routes.mjs): its getTransformedRoutes() on
# the same vercel.json, in order, and the routes resolved for sample URLs.
# A rule distill cannot translate stops the build, naming it, with the
# output left as it was.
. "$ROOT/tests/lib.sh"
need node
mkdir project
echo '{"name": "spa", "private": true}' > project/package.json
copy_fixture demo project/dist
check_routes() { # EXPECT
	NODE_PATH="$ROOT/tests/node_modules" node "$ROOT/tests/cli/headers/vercel-routes.mjs" \
		project/vercel.json project/.vercel/output "$1" || fail "vercel.json's routing was not carried"
}
in_project() { cd project && run_distill "$@"; mv out.txt err.txt ..; cd ..; }

# The React SPA case: every path falls back to index.html, and the assets
# keep their files and their immutable header.
echo '{"rewrites": [{"source": "/(.*)", "destination": "/index.html"}]}' > project/vercel.json
in_project build dist --vercel
expect_status 0
cat > spa.txt <<'TXT'
/calendar/2025 200 index.html
/ 200 index.html
/about/ 200 about/index.html
/assets/index-B2xK9qLm.js 200 assets/index-B2xK9qLm.js Cache-Control: public, max-age=31536000, immutable
TXT
check_routes spa.txt

# Every kind of rule; only vercel.json changed, so only config.json does.
cat > project/vercel.json <<'JSON'
{
  "cleanUrls": true,
  "trailingSlash": false,
  "redirects": [
    { "source": "/old-blog/:slug", "destination": "/blog/:slug" },
    { "source": "/home", "destination": "/", "permanent": false },
    { "source": "/ext/:p*", "destination": "https://example.com/docs/:p*", "statusCode": 301 }
  ],
  "headers": [
    { "source": "/(.*)", "headers": [{ "key": "X-Frame-Options", "value": "SAMEORIGIN" }] },
    { "source": "/fonts/:file", "headers": [{ "key": "X-File", "value": "font :file" }] }
  ],
  "rewrites": [
    { "source": "/blog/:slug", "destination": "/about/index.html" },
    { "source": "/api/:id", "destination": "/offline.html?x=1" },
    { "source": "/docs/:path*", "destination": "/about/:path*" },
    { "source": "/(.*)", "destination": "/index.html" }
  ]
}
JSON
in_project build dist --vercel
expect_status 0
assert_grep "vercel.json sets 'X-Frame-Options', which distill sets too" err.txt
cat > all.txt <<'TXT'
/old-blog/x 308 /blog/x
/home 307 /
/ext/a/b 301 https://example.com/docs/a/b
/about.html 308 /about
/about/ 308 /about
/about 200 about/index.html
/blog/hello 200 about/index.html
/fonts/meadow.woff2 200 fonts/meadow.woff2 X-File: font meadow.woff2
/ 200 index.html X-Frame-Options: SAMEORIGIN
/calendar/2025 200 index.html
/assets/index-B2xK9qLm.js 200 assets/index-B2xK9qLm.js Cache-Control: public, max-age=31536000, immutable
TXT
check_routes all.txt

# The forms of path-to-regexp 6 (optional, repeated, custom and unnamed
# patterns, groups, escapes) and of destinations (queries to escape, a
# hash, a host, optional parameters): the oracle's routes, exactly.
cat > project/vercel.json <<'JSON'
{
  "headers": [
    { "source": "/", "headers": [{ "key": "X-T", "value": "v :a" }] },
    { "source": "/a.b", "headers": [{ "key": "X-T", "value": "v" }] },
    { "source": "/:a/:b?", "headers": [{ "key": "X-T", "value": "v :a and :b" }] },
    { "source": "/x/:y+", "headers": [{ "key": "X-T", "value": "v" }] },
    { "source": "/file.:ext", "headers": [{ "key": "X-T", "value": "v" }] },
    { "source": "/{pre-:id}?", "headers": [{ "key": "X-T", "value": "v" }] },
    { "source": "/(\\d+)", "headers": [{ "key": "X-T", "value": "v" }] },
    { "source": "/:id(\\d+)", "headers": [{ "key": "X-T", "value": "id :id" }] },
    { "source": "/blog/:slug*/edit", "headers": [{ "key": "X-T", "value": "v" }] },
    { "source": "/a\\:b", "headers": [{ "key": "X-T", "value": "v" }] },
    { "source": "/:p(.*)", "headers": [{ "key": "X-T", "value": "v" }] },
    { "source": "/api/:v{/:rest}*", "headers": [{ "key": "X-T", "value": "v" }] },
    { "source": "/e f", "headers": [{ "key": "X-T", "value": "v" }] }
  ],
  "rewrites": [
    { "source": "/q/:id", "destination": "/index.html?a=:id&b=c d" },
    { "source": "/r/:x/:y", "destination": "/:y/index.html" },
    { "source": "/s/:x", "destination": "/index.html#:x" },
    { "source": "/t/:x", "destination": "/index.html?x=%20:x" }
  ],
  "redirects": [
    { "source": "/u/:x", "destination": "https://ex.com" },
    { "source": "/v/:x?", "destination": "/w/:x?" },
    { "source": "/y", "destination": "/z?k=1" }
  ]
}
JSON
in_project build dist --vercel
expect_status 0
: > none.txt
check_routes none.txt

# What distill does not translate stops the build before anything changes.
tree_listing project/.vercel > before.txt
echo '{"rewrites": [{"source": "/x", "destination": "/index.html", "has": [{"type": "query", "key": "q"}]}]}' \
	> project/vercel.json
in_project build dist --vercel
expect_status 1
assert_grep "vercel.json: rewrites\[0\]: uses a condition" err.txt
diff before.txt <(tree_listing project/.vercel) || fail "a refused vercel.json changed the output"
echo '{"rewrites": [' > project/vercel.json
in_project build dist --vercel
expect_status 1
assert_grep "cannot read '.*/project/vercel.json'" err.txt
diff before.txt <(tree_listing project/.vercel) || fail "a broken vercel.json changed the output"
# Without --vercel, vercel.json is not distill's to read.
in_project build dist --out ../plain
expect_status 0
