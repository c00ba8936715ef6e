# References to files with odd names (spaces, %, $, :, #, ?, quotes,
# non-ASCII, a leading '-'), written in the ways HTML and CSS allow
# (percent-escapes, entities, CSS escapes and strings), survive a build: each
# one names the renamed file in the output tree.
. "$ROOT/tests/lib.sh"
need python3
mkdir -p dist/img dist/css
python3 - <<'PY'
import struct, zlib
def png(path, w, h, rgb):
    raw = b"".join(b"\0" + bytes(rgb) * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
names = ["my photo.png", "100%.png", "a$b.png", "c:d.png", "q'uote\".png", "caf\u00e9.png",
         "-lead.png", "hash#.png", "qm?.png", "amp&.png", "paren(1).png", "comma,.png"]
for i, n in enumerate(names):
    png("dist/img/" + n, 400, 300, (i * 20, 100, 200 - i * 10))
PY
cat > dist/index.html <<'HTML'
<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="css/site.css"></head>
<body>
<img src="img/my%20photo.png" alt="1">
<img src="img/my photo.png" alt="2">
<img src="img/100%25.png" alt="3">
<img src="img/a$b.png" alt="4">
<img src="./img/c:d.png" alt="5">
<img src="img/q'uote&quot;.png" alt="6">
<img src='img/q%27uote%22.png' alt="7">
<img src="img/café.png" alt="8">
<img src="img/caf%C3%A9.png" alt="9">
<img src="img/-lead.png" alt="10">
<img src="img/hash%23.png#frag" alt="11">
<img src="img/qm%3F.png?query" alt="12">
<img src="img/amp&amp;.png" alt="13">
<img src=img/paren(1).png alt="14">
<p><img src="/img/comma,.png" srcset="/img/comma,.png 1x, img/my%20photo.png 2x" alt="15"></p>
</body></html>
HTML
cat > dist/css/site.css <<'CSS'
.a { background: url(../img/my\ photo.png); }
.b { background: url("../img/my photo.png"); }
.c { background: url('../img/100%25.png'); }
.d { background: url(../img/a$b.png); }
.e { background: url("../img/q'uote\".png"); }
.f { background: url(../img/caf\e9 .png); }
.g { background: url(../img/-lead.png); }
.h { background: url("../img/hash%23.png#x"); }
.i { background: url(../img/paren\(1\).png); }
.j { background: url(../img/comma,.png); }
CSS
run_distill build dist --out out --cache cache -q
expect_status 0
python3 "$ROOT/tests/cli/rewrite/refcheck.py" out > refs.txt || {
	grep MISSING refs.txt >&2
	fail "broken references in the output"
}
python3 "$ROOT/tests/cli/rewrite/htmlcheck.py" dist/index.html out/index.html ||
	fail "index.html changed outside its references"
# Every image reference now names a renamed file under assets/, whatever the
# original spelling: none is left to find the original by luck.
python3 - <<'PY' || fail "some reference still names an original"
import re
refs = [l.split(" -> ") for l in open("refs.txt").read().splitlines()]
images = [(src, dst) for src, dst in refs if dst.endswith(".png")]
assert len(images) >= 25, images
for src, dst in images:
    assert dst.startswith("assets/"), (src, dst)
html = open("out/index.html").read()
assert html.count('alt="') == 15, html
assert "#frag" in html and "?query" in html, html
PY
