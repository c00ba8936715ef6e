# <base href> changes how every relative reference resolves: a root-relative
# base, and an external base (references then left alone). A base that
# climbs past the root is in url-above-root.sh.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips python3
markup_site
cat > dist/sub/index.html <<'HTML'
<!doctype html><html><head><base href="/img/"><link rel="stylesheet" href="/css/site.css"></head>
<body><img src="photo.jpg" alt="a"><img src="./logo.png" alt="b"></body></html>
HTML
cat > dist/external.html <<'HTML'
<!doctype html><html><head><base href="https://cdn.example.invalid/x/"></head>
<body><img src="img/photo.jpg" alt="e"><a href="page.html">p</a></body></html>
HTML
refs_ok dist external.html
fault_build
expect_status 0
refs_ok out external.html
html_same sub/index.html
cmp dist/external.html "out/$(check output cache external.html)" ||
	fail "references under an external base were changed"
