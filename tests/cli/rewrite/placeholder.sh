# SPDX-License-Identifier: MIT
# rewrite.placeholder: the <img> of a <picture> distill made shows the
# image's dominant colour, or its blurred data: URI, as a background until
# it loads; not when its author gave it a style, not for an image without
# a placeholder (one with alpha), not by default. A build with it lets
# style-src allow 'unsafe-inline', which style attributes need.
. "$ROOT/tests/lib.sh"
need python3
mkdir -p dist img/opaque img/alpha
python3 - "$ROOT/tests" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from checked import dump
variants = [{"format": f, "width": 320, "height": 240, "hash": "%032x" % i}
            for i, f in enumerate(("webp", "avif"))]
dump({"pass": "image", "version": 3, "files": [], "width": 800, "height": 600, "variants": variants,
      "placeholder": {"color": "#c83c14", "lqip": "data:image/webp;base64,UklGRg=="}},
     "img/opaque/record.json")
dump({"pass": "image", "version": 3, "files": [], "width": 800, "height": 600, "variants": variants},
     "img/alpha/record.json")
PY
printf '%s\n' "{\"p.html\": {\"output\": \"p.html\", \"image\": null},
 \"a.jpg\": {\"output\": \"a.jpg\", \"image\": \"$PWD/img/opaque\"},
 \"b.png\": {\"output\": \"b.png\", \"image\": \"$PWD/img/alpha\"}}" > urls.json

img() { # HTML PLACEHOLDER-JSON: the <img> tags the job makes of HTML
	printf '%s' "$1" > dist/p.html
	printf '{"rewrite": {"placeholder": %s, "loadingHints": false}}' "$2" > config.json
	rm -rf out
	"$DISTILL" job rewrite --pass-version=$(pass_version rewrite) --config="$PWD/config.json" \
		--out="$PWD/out" --urls="$PWD/urls.json" --path=p.html --output=p.html "$PWD/dist/p.html" ||
		fail "job failed on: $1"
	python3 "$ROOT/tests/cli/rewrite/htmlcheck.py" dist/p.html out/out || fail "htmlcheck failed on: $1"
	grep -o '<img[^>]*>' out/out
}

assert_eq '<img src="a.jpg" alt="" width="800" height="600" style="background-color: #c83c14">' \
	"$(img '<img src="a.jpg" alt="">' '"color"')" "colour placeholder"
assert_eq '<img src="a.jpg" alt="" width="800" height="600" style="background-image: url(data:image/webp;base64,UklGRg==); background-size: cover">' \
	"$(img '<img src="a.jpg" alt="">' '"lqip"')" "lqip placeholder"
assert_eq '<img src="a.jpg" style="border: 0" width="800" height="600">' \
	"$(img '<img src="a.jpg" style="border: 0">' '"color"')" "the author's style"
assert_eq '<img src="b.png" width="800" height="600">' \
	"$(img '<img src="b.png">' '"lqip"')" "an image without a placeholder"
assert_eq '<img src="a.jpg" width="800" height="600">' "$(img '<img src="a.jpg">' null)" "off by default"
printf '{"rewrite": {"placeholder": "blur"}}' > config.json
"$DISTILL" job rewrite --pass-version=$(pass_version rewrite) --config="$PWD/config.json" \
	--out="$PWD/out3" --urls="$PWD/urls.json" --path=p.html --output=p.html "$PWD/dist/p.html" 2>err.txt &&
	fail "a bad rewrite.placeholder was accepted"
assert_grep "rewrite.placeholder" err.txt

# A whole build: the photo's placeholder, and a policy that lets it show.
copy_fixture demo
echo '{"rewrite": {"placeholder": "lqip"}}' > lqip.json
run_distill build dist --out site --cache cache --config lqip.json -q
expect_status 0
assert_grep '<img src="/assets/ladybird\.[a-z2-7]*\.jpg"[^>]* style="background-image: url(data:image/webp;base64,[A-Za-z0-9+/=]*); background-size: cover"' \
	site/index.html
sed -n 's/^  Content-Security-Policy: //p' site/_headers | tr ';' '\n' | grep -q "^ *style-src .*'unsafe-inline'" ||
	fail "style-src does not allow the placeholders' style attributes: $(grep Content-Security site/_headers)"
