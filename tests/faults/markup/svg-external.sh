# SVG with external entities, XInclude, file:// and http:// references, as
# a file, in <img>, in CSS url() and inline in HTML: copied as it is; the
# file outside DIST is never opened and the URL never fetched.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
canary_start
mkdir -p dist
gen svg-external dist/evil.svg "$CANARY_SECRET" "$CANARY_URL"
cat > dist/index.html <<HTML
<!doctype html><html><head><link rel="stylesheet" href="s.css"></head><body>
<img src="evil.svg"><img src="file://$CANARY_SECRET"><img src="$CANARY_URL/x.png">
$(sed 1,2d dist/evil.svg)
<object data="evil.svg"></object><iframe src="file://$CANARY_SECRET"></iframe>
</body></html>
HTML
printf ".a{background:url(evil.svg)} .b{background:url(file://%s)} @import \"%s/x.css\";\n" \
	"$CANARY_SECRET" "$CANARY_URL" > dist/s.css
fault_build
canary_check
expect_status 0
expect_carried evil.svg
grep -F -q "file://$CANARY_SECRET" "out/$(check output cache index.html)" ||
	fail "the file:// reference was not kept as it was"
