# swagger-ui-dist 5.17.14 (npm, tests/realworld/package.json), served as
# its README says: the published folder as it is, with
# swagger-initializer.js pointed at the site's own OpenAPI document. A
# large minified bundle on one line (swagger-ui-bundle.js, 1.4 MB) with its
# source map, three more bundles with theirs, unhashed names throughout.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/realworld/lib.bash"
dist=$REALWORLD/node_modules/swagger-ui-dist
need_package "$dist/swagger-ui-bundle.js.map"
cp -r "$dist" site
cp "$REALWORLD/sites/swagger-ui/openapi.json" site/
sed -i 's|url: "https://petstore.swagger.io/v2/swagger.json"|url: "/openapi.json"|' site/swagger-initializer.js
grep -q '"/openapi.json"' site/swagger-initializer.js || fail "swagger-initializer.js has no URL to replace"
realworld_check site
