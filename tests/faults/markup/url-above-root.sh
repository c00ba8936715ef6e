# References that climb above the site root: a browser stops at the root
# (RFC 3986 remove_dot_segments), so "../../img/photo.jpg" in a page at
# the root names /img/photo.jpg, and so does "img/photo.jpg" under
# <base href="../../../">. They must still name the file after the build.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips python3
markup_site
cat > dist/index.html <<'HTML'
<!doctype html><html><head><link rel="stylesheet" href="../../css/site.css"></head>
<body><img src="../../img/photo.jpg" alt="a"><img src="img/logo.png" alt="b"></body></html>
HTML
cat > dist/sub/root.html <<'HTML'
<!doctype html><html><head><base href="../../../../"></head>
<body><img src="img/photo.jpg" alt="c"><img src="img/logo.png" alt="d"></body></html>
HTML
printf '.a{background:url(../../../img/logo.png)}\n' > dist/css/up.css
refs_ok dist
fault_build
expect_status 0
refs_ok out
