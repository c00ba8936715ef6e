# SPDX-License-Identifier: MIT
# Loading hints, through distill job rewrite (passes/rewrite_loading.c): the
# page's first large image gets fetchpriority="high", every other image of
# the site's own loading="lazy" and decoding="async"; the author's
# attributes win; a marked image moves the priority; images in <noscript>,
# <template> or under [hidden], small ones and lazy ones are not the LCP
# image; the preload of a <picture> distill made; the switches.
. "$ROOT/tests/lib.sh"
need python3
mkdir -p dist img/big
python3 - "$ROOT/tests" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from checked import dump
dump({"pass": "image", "version": 1, "files": [], "width": 1200, "height": 800,
      "variants": [{"format": f, "width": w, "height": w * 2 // 3, "hash": "%032x" % (w + len(f))}
                   for f in ("webp", "avif") for w in (320, 640)]}, "img/big/record.json")
PY
printf '%s\n' "{\"p.html\": {\"output\": \"p.html\", \"image\": null},
 \"a.jpg\": {\"output\": \"a.jpg\", \"image\": null},
 \"b.jpg\": {\"output\": \"b.jpg\", \"image\": null},
 \"c.jpg\": {\"output\": \"c.jpg\", \"image\": null},
 \"big.jpg\": {\"output\": \"assets/big.1111111111.jpg\", \"image\": \"$PWD/img/big\"}}" > urls.json

# run HTML [REWRITE-CONFIG-JSON]: the page through the job, into out/out.
run() {
	printf '%s' "$1" > dist/p.html
	printf '{"rewrite": %s}' "${2:-"{}"}" > config.json
	rm -rf out
	"$DISTILL" job rewrite --pass-version=$(pass_version rewrite) --config="$PWD/config.json" \
		--out="$PWD/out" --urls="$PWD/urls.json" --path=p.html --output=p.html "$PWD/dist/p.html" ||
		fail "job failed on: $1"
	python3 "$ROOT/tests/cli/rewrite/htmlcheck.py" dist/p.html out/out || fail "htmlcheck failed on: $1"
}
expect() { # HTML EXPECTED [REWRITE-CONFIG-JSON]
	run "$1" "${3:-}"
	[ "$(cat out/out)" = "$2" ] || fail "for: $1
expected: $2
got:      $(cat out/out)"
}
H='fetchpriority="high"' L='loading="lazy" decoding="async"'

# The first image is the LCP one; the others wait; external and data:
# images, and a page without images, are left alone.
expect '<img src="a.jpg"><p>x</p><img src="b.jpg" alt=""><img src="https://cdn.example/c.jpg"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' \
	"<img src=\"a.jpg\" $H><p>x</p><img src=\"b.jpg\" alt=\"\" $L><img src=\"https://cdn.example/c.jpg\"><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">"
expect '<p>no images</p>' '<p>no images</p>'
# Self-closing and unquoted tags keep their ending (an unquoted value takes
# the '/').
expect '<img src=a.jpg alt=x/><img src="b.jpg" />' \
	"<img src=a.jpg alt=x/ $H><img src=\"b.jpg\"  $L/>"

# The author's attributes win, and are never added twice.
expect '<img src="a.jpg" fetchpriority="low"><img src="b.jpg" loading="eager"><img src="c.jpg" decoding="sync">' \
	'<img src="a.jpg" fetchpriority="low"><img src="b.jpg" loading="eager" decoding="async"><img src="c.jpg" decoding="sync" loading="lazy">'
# A marked image is the LCP one wherever it is.
expect '<img src="a.jpg"><img src="b.jpg" data-distill-priority>' \
	"<img src=\"a.jpg\" $L><img src=\"b.jpg\" data-distill-priority $H>"
expect '<img src="a.jpg"><img src="b.jpg" fetchpriority="HIGH">' \
	"<img src=\"a.jpg\" $L><img src=\"b.jpg\" fetchpriority=\"HIGH\">"

# Not the LCP image: small, made lazy by its author, hidden, or not loaded
# with the page (<noscript>, <template>: left as they are).
expect '<img src="a.jpg" width="64" height="64"><img src="b.jpg" loading="lazy"><div hidden><p><img src="c.jpg"></p></div><img src="a.jpg">' \
	"<img src=\"a.jpg\" width=\"64\" height=\"64\" $L><img src=\"b.jpg\" loading=\"lazy\" decoding=\"async\"><div hidden><p><img src=\"c.jpg\" $L></p></div><img src=\"a.jpg\" $H>"
expect '<noscript><img src="a.jpg"></noscript><template><img src="b.jpg"></template><img src="c.jpg">' \
	"<noscript><img src=\"a.jpg\"></noscript><template><img src=\"b.jpg\"></template><img src=\"c.jpg\" $H>"

# A <picture> distill made: its preload goes in <head> after <meta
# charset> and <base>, AVIF first, with the same sizes.
run '<!doctype html><html><head><meta charset="utf-8"><base href="/"><title>t</title></head><body><img src="big.jpg" alt="" sizes="50vw"><img src="a.jpg"></body></html>'
python3 - out/out <<'PY' || fail "preload: $(cat out/out)"
import re, sys
s = open(sys.argv[1]).read()
m = re.search(r'<base href="/"><link rel="preload" as="image" type="image/avif" imagesrcset="([^"]*)" '
              r'imagesizes="50vw" fetchpriority="high"><title>', s)
assert m, "no preload after <base>"
assert m.group(1) == re.search(r'<source type="image/avif" srcset="([^"]*)"', s).group(1), m.group(1)
assert re.search(r'<img src="/?assets/big\.1111111111\.jpg" alt="" sizes="50vw" width="1200" height="800" fetchpriority="high"></picture>', s), s
assert '<img src="a.jpg" loading="lazy" decoding="async">' in s, s
PY
# Not in a page without <head>: the image still gets its priority.
run '<img src="big.jpg">'
grep -q 'rel="preload"' out/out && fail "a preload without a <head>: $(cat out/out)"
assert_grep 'fetchpriority="high"' out/out

# Switches: lcp "none" makes every image lazy; loadingHints false, nothing;
# a page a framework hydrates is left as it is.
expect '<img src="a.jpg"><img src="b.jpg">' "<img src=\"a.jpg\" $L><img src=\"b.jpg\" $L>" '{"lcp": "none"}'
expect '<img src="a.jpg"><img src="b.jpg">' '<img src="a.jpg"><img src="b.jpg">' '{"loadingHints": false}'
expect '<div id="__next"><img src="a.jpg"></div>' '<div id="__next"><img src="a.jpg"></div>'
printf '{"rewrite": {"lcp": "largest"}}' > config.json
"$DISTILL" job rewrite --pass-version=$(pass_version rewrite) --config="$PWD/config.json" \
	--out="$PWD/out3" --urls="$PWD/urls.json" --path=p.html --output=p.html "$PWD/dist/p.html" 2>err.txt &&
	fail "a bad rewrite.lcp was accepted"
assert_grep "rewrite.lcp" err.txt
