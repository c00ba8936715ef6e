# CSS url() with escapes, both quotes, escaped newlines, spaces, comments,
# upper case, @import in its forms, an unterminated url( and string at the
# end: every reference rewritten to the file it named, nothing else moved.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips python3
markup_site
cp dist/img/logo.png "dist/img/my logo.png"
cp dist/img/logo.png "dist/img/q'uo\"te.png"
cp dist/img/logo.png "dist/img/paren(1).png"
cat > dist/css/odd.css <<'CSS'
@import "site.css";
@import url(site.css) screen;
@import url( 'site.css' );
.a { background: url(../img/logo.png) }
.b { background: URL( "../img/photo.jpg" ) }
.c { background: url('../img/my logo.png') }
.d { background: url(../img/my\ logo.png) }
.e { background: url("../img/q'uo\"te.png") }
.f { background: url('../img/q\'uo"te.png') }
.g { background: url(../img/paren\(1\).png) }
.h { background: url("../img/lo\
go.png") }
.i { background: url(\2e\2e/img/logo.png) }
.j { background: url(  ../img/logo.png  ) }
/* .k { background: url(../img/nowhere.png) } */
.l { background: image-set("../img/logo.png" 1x, url(../img/photo.jpg) 2x) }
.m { content: "url(../img/nowhere.png)" }
.n { background: url(data:image/svg+xml;charset=utf8,%3Csvg%3E%3C/svg%3E) }
.z { background: url(../img/logo.png
CSS
printf '.y { background: url("../img/logo.png\n' > dist/css/open-string.css
fault_build
expect_status 0
out_css=out/$(check output cache css/odd.css)
grep -F -q "nowhere.png" "$out_css" || fail "a commented or quoted url() was touched"
grep -F -q "data:image/svg+xml;charset=utf8,%3Csvg%3E%3C/svg%3E" "$out_css" || fail "a data: URL changed"
python3 - "$out_css" out <<'PY' || fail "a url() in odd.css names no file"
import os, re, sys
from urllib.parse import unquote
css, out = sys.argv[1], sys.argv[2]
text = re.sub(r"/\*.*?\*/", "", open(css).read(), flags=re.S)
text = re.sub(r"\\\n", "", text)
found = 0
for m in re.finditer(r"""(?:url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|((?:[^\s)"'\\]|\\.)*))\s*\)|image-set\(\s*"([^"]*)")""", text, flags=re.I):
    url = next((g for g in m.groups() if g is not None), "")
    url = re.sub(r"\\([0-9a-fA-F]{1,6}) ?", lambda h: chr(int(h.group(1), 16)), url)
    url = re.sub(r"\\(.)", r"\1", url)
    if not url or url.startswith("data:") or "nowhere" in url:
        continue
    path = os.path.normpath(os.path.join(os.path.dirname(css), unquote(url.split("?")[0].split("#")[0])))
    if not os.path.isfile(path):
        sys.exit(f"{url!r} -> {path} is missing")
    found += 1
assert found >= 14, found
PY
expect_carried css/open-string.css || true
