# An HTML comment that never closes swallows the rest of the page: the
# references inside it are not references, and its bytes come out as they
# went in; a CSS comment that never closes likewise.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips python3
markup_site
cat > dist/index.html <<'HTML'
<!doctype html><html><head><link rel="stylesheet" href="css/site.css"></head><body>
<img src="img/photo.jpg" alt="before">
<!-- <img src="img/logo.png"> <a href="nowhere.html"> the end never comes
HTML
printf '.a{background:url(img/logo.png)} /* url(nowhere.png) never closed\n' > dist/open.css
refs_ok dist open.css
fault_build
expect_status 0
refs_ok out open.css
html_same index.html
from_comment() { sed -n "/$1/,\$p" "$2"; }
cmp <(from_comment '<!--' dist/index.html) \
	<(from_comment '<!--' "out/$(check output cache index.html)") || fail "the unclosed comment changed"
cmp <(grep -o '/\*.*' dist/open.css) \
	<(grep -o '/\*.*' "out/$(check output cache open.css)") || fail "the unclosed CSS comment changed"
