# Pages in other encodings than UTF-8: UTF-16LE and UTF-16BE with a byte
# order mark, a windows-1252 page declared by <meta charset="iso-8859-1">
# (with "caf\xe9.css", the browser's URL for the file café.css) and one by
# http-equiv. Each comes out in its own encoding, its references naming
# files of the output as a browser reads them, every other character as it
# was. A UTF-16 page with a lone surrogate is a rejected input: carried
# over unchanged with a warning naming it.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p dist/css dist/js
printf 'body{color:red}\n' > dist/css/site.css
printf 'p{margin:0}\n' > "dist/css/café.css"
printf 'console.log("app");\n' > dist/js/app.js
python3 - <<'PY'
page = ('<!doctype html><html><head>{meta}<title>caf\u00e9 \u20ac \u2603</title>'
        '<link rel="stylesheet" href="css/site.css"><link rel="stylesheet" href="{cafe}">'
        '<script src="js/app.js"></script></head><body><p>d\u00e9j\u00e0 vu</p></body></html>\n')
plain = page.replace('{meta}', '').replace('{cafe}', 'css/caf\u00e9.css')
open('dist/le.html', 'wb').write(b'\xff\xfe' + plain.encode('utf-16-le'))
open('dist/be.html', 'wb').write(b'\xfe\xff' + plain.encode('utf-16-be'))
latin = page.replace('{meta}', '<meta charset="iso-8859-1">').replace('\u2603', '&#x2603;')
open('dist/latin1.html', 'wb').write(latin.replace('{cafe}', 'css/caf\u00e9.css').encode('cp1252'))
equiv = page.replace('{meta}', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
equiv = equiv.replace('\u2603', '&#x2603;').replace('{cafe}', 'css/caf%C3%A9.css')
open('dist/equiv.html', 'wb').write(equiv.encode('cp1252'))
# A lone low surrogate: no browser-valid UTF-16.
open('dist/broken.html', 'wb').write(b'\xff\xfe' + '<link href="css/site.css">'.encode('utf-16-le') + b'\x00\xdc')
PY
fault_build
expect_status 0
grep -F -q "'broken.html': not valid UTF-16LE" err.txt || { cat err.txt >&2; fail "no warning names broken.html"; }
expect_carried broken.html
refs_ok "$OUT" broken.html
python3 - "$OUT" "$(check output "$CACHE" css/site.css)" <<'PY' || fail "a page lost its encoding or its text"
import sys
out, css = sys.argv[1], sys.argv[2]
assert css != 'css/site.css', 'the stylesheet was not fingerprinted'
for name, codec in (('le.html', 'utf-16'), ('be.html', 'utf-16'),
                    ('latin1.html', 'cp1252'), ('equiv.html', 'cp1252')):
    data = open(f'{out}/{name}', 'rb').read()
    text = data.decode(codec)
    assert 'caf\u00e9 \u20ac' in text and 'd\u00e9j\u00e0 vu' in text, name
    assert f'href="{css}"' in text, f'{name}: {css} not referenced'
    if codec == 'utf-16':
        assert data[:2] in (b'\xff\xfe', b'\xfe\xff'), f'{name}: BOM lost'
PY
