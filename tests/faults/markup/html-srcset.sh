# srcset edge cases: no spaces after commas, commas inside URLs, data:
# URIs with commas, empty and only-comma values, trailing commas, w and x
# descriptors, huge numbers, odd whitespace. What is a reference is
# rewritten, the rest left alone, and nothing breaks.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips python3
markup_site
cp dist/img/logo.png "dist/img/a,b.png"
cat > dist/index.html <<'HTML'
<!doctype html><html><body>
<img srcset="img/photo.jpg 1x,img/logo.png 2x" src="img/photo.jpg" alt="1">
<img srcset="img/a,b.png 1x, img/logo.png 2x" src="img/a,b.png" alt="2">
<img srcset="data:image/png;base64,iVBORw0KGgo=,AAAA 1x, img/logo.png 2x" src="img/logo.png" alt="3">
<img srcset="" src="img/logo.png" alt="4">
<img srcset=" , ,, " src="img/logo.png" alt="5">
<img srcset="img/logo.png 100w, img/photo.jpg 99999999999999999999999w," sizes="(max-width: 10px) 100vw, 50vw" src="img/logo.png" alt="6">
<img srcset="
	img/logo.png	1x,
	img/photo.jpg
	2x" src="img/photo.jpg" alt="7">
<picture><source srcset="img/logo.png" type="image/png"><img src="img/photo.jpg" alt="8"></picture>
<link rel="preload" as="image" imagesrcset="img/logo.png 1x, img/photo.jpg 2x" href="img/logo.png">
</body></html>
HTML
fault_build
expect_status 0
html_same index.html
# srcset read by the HTML standard's algorithm (refcheck.py splits at ", ").
python3 - "out/$(check output cache index.html)" out <<'PY' || fail "a srcset candidate names no file"
import os, re, sys
from html.parser import HTMLParser
from urllib.parse import unquote
def candidates(v):
    i, n = 0, len(v)
    while True:
        while i < n and (v[i].isspace() or v[i] == ","):
            i += 1
        if i >= n:
            return
        j = i
        while j < n and not v[j].isspace():
            j += 1
        url = v[i:j]
        if url.endswith(","):
            url = url.rstrip(",")
            i = j
        else:
            depth = 0
            while j < n and (depth or v[j] != ","):
                depth += {"(": 1, ")": -1}.get(v[j], 0)
                j += 1
            i = j
        yield url
class P(HTMLParser):
    urls = []
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("srcset", "imagesrcset") and v is not None:
                self.urls += candidates(v)
            elif k in ("src", "href"):
                self.urls.append(v)
p = P()
p.feed(open(sys.argv[1]).read())
assert len(p.urls) >= 20, p.urls
for u in p.urls:
    if u.startswith("data:"):
        continue
    path = os.path.join(sys.argv[2], unquote(u).lstrip("/"))
    if not os.path.isfile(path):
        sys.exit(f"{u!r}: no file")
PY
