# <img> to <picture> corner cases, through distill job rewrite: the author's
# width, height and sizes; self-closing and unquoted tags; adjacent images;
# a rejected image, a record without variants, and picture switched off.
. "$ROOT/tests/lib.sh"
need python3
mkdir -p dist img/good img/bad img/novariants img/nosize
python3 - "$ROOT/tests" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from checked import dump
def variants(w, h, widths):
    return [{"format": f, "width": x, "height": round(h * x / w),
             "hash": "%032x" % (i * 7919 + x)} for i, f in enumerate(("webp", "avif")) for x in widths]
dump({"pass": "image", "version": 1, "files": [], "width": 800, "height": 600,
      "variants": variants(800, 600, [320, 640, 800])}, "img/good/record.json")
dump({"pass": "image", "version": 1, "files": [], "error": "cannot decode"},
     "img/bad/record.json")
dump({"pass": "image", "version": 1, "files": [], "width": 10, "height": 10,
      "variants": []}, "img/novariants/record.json")
dump({"pass": "image", "version": 1, "files": [],
      "variants": variants(500, 100, [320, 500])}, "img/nosize/record.json")
PY
printf '%s\n' "{\"p.html\": {\"output\": \"p.html\", \"image\": null},
 \"a.jpg\": {\"output\": \"assets/a.1111111111.jpg\", \"image\": \"$PWD/img/good\"},
 \"b.jpg\": {\"output\": \"b.jpg\", \"image\": \"$PWD/img/bad\"},
 \"c.jpg\": {\"output\": \"assets/c.2222222222.jpg\", \"image\": \"$PWD/img/novariants\"},
 \"d.png\": {\"output\": \"d.png\", \"image\": \"$PWD/img/nosize\"},
 \"e.gif\": {\"output\": \"assets/e.3333333333.gif\", \"image\": null}}" > urls.json

run() { # html [config-json]: loading hints off unless it sets them (loading.sh tests them)
	printf '%s' "$1" > dist/p.html
	rm -rf out
	printf '%s' "${2:-"{}"}" | python3 -c 'import json, sys
c = json.load(sys.stdin)
c.setdefault("rewrite", {}).setdefault("loadingHints", False)
print(json.dumps(c))' > config.json
	args=(--config="$PWD/config.json")
	"$DISTILL" job rewrite --pass-version=$(pass_version rewrite) "${args[@]}" --out="$PWD/out" --urls="$PWD/urls.json" \
		--path=p.html --output=p.html "$PWD/dist/p.html" || fail "job failed on: $1"
	python3 "$ROOT/tests/cli/rewrite/htmlcheck.py" dist/p.html out/out || fail "htmlcheck failed on: $1"
}
expect() { # html expected [config-json]
	run "$1" "${3:-}"
	[ "$(cat out/out)" = "$2" ] || fail "for: $1
expected: $2
got:      $(cat out/out)"
}

# The plain case: both sources, default sizes, the record's size.
run '<img src="a.jpg" alt="">'
python3 - out/out <<'PY' || fail "picture structure: $(cat out/out)"
import re, sys
s = open(sys.argv[1]).read()
m = re.fullmatch(r'<picture><source type="image/avif" srcset="([^"]*)" sizes="100vw">'
                 r'<source type="image/webp" srcset="([^"]*)" sizes="100vw">'
                 r'<img src="assets/a\.1111111111\.jpg" alt="" width="800" height="600"></picture>', s)
assert m, s
for fmt, srcset in zip(("avif", "webp"), m.groups()):
    items = [c.strip().split(" ") for c in srcset.split(",")]
    assert [w for _, w in items] == ["320w", "640w", "800w"], srcset
    for url, w in items:
        assert re.fullmatch(r"assets/a-%s\.[a-z2-7]{10}\.%s" % (w, fmt), url), url
PY

# The author's sizes (entities and all) goes to every source; width and
# height that the author gave stay, one given alone gets its partner.
run '<img src="a.jpg" sizes="(min-width: 40em) 50vw, 100vw" width="400">'
assert_grep 'sizes="(min-width: 40em) 50vw, 100vw"><source type="image/webp"' out/out
assert_grep 'width="400" height="300"></picture>$' out/out
run '<img src=a.jpg height=60>'
assert_grep '<img src=assets/a.1111111111.jpg height=60 width="80"></picture>' out/out
run '<img src=a.jpg width=10 height=20>'
assert_grep '<img src=assets/a.1111111111.jpg width=10 height=20></picture>' out/out
run '<img src=a.jpg width="50%">'
assert_grep '<img src=assets/a.1111111111.jpg width="50%"></picture>' out/out
run '<img src="a.jpg" sizes="a &amp; &quot;b&quot;">'
assert_grep 'sizes="a &amp; &quot;b&quot;">' out/out

# Self-closing tags keep their solidus last; an unquoted value keeps its '/'.
run '<img src="a.jpg"/>'
assert_grep '<img src="assets/a.1111111111.jpg" width="800" height="600"/></picture>$' out/out
run '<img alt=x src=a.jpg />'
assert_grep '<img alt=x src=assets/a.1111111111.jpg  width="800" height="600"/></picture>$' out/out
expect '<img src=a.jpg/>' '<img src=a.jpg/>'
run '<IMG ALT=x/ SRC="a.jpg">'
assert_grep '<IMG ALT=x/ SRC="assets/a.1111111111.jpg" width="800" height="600"></picture>$' out/out

# Adjacent images, an image in a link, and text around them.
run 'x<img src=a.jpg><img src=a.jpg>y<a href=a.jpg><img src=a.jpg></a>z'
[ "$(grep -o '<picture>' out/out | wc -l)" = 3 ] || fail "three pictures expected: $(cat out/out)"
assert_grep '^x<picture>.*</picture><picture>.*</picture>y<a href=assets/a.1111111111.jpg><picture>.*</picture></a>z$' out/out

# No picture: rejected image, no variants, a GIF, inside <picture>, filled
# in by a lazy loader, with srcset, or switched off. The src is still rewritten where the file moved.
expect '<img src="b.jpg">' '<img src="b.jpg">'
expect '<img src="c.jpg">' '<img src="assets/c.2222222222.jpg">'
expect '<img src="e.gif">' '<img src="assets/e.3333333333.gif">'
expect '<picture><img src="a.jpg"></picture>' '<picture><img src="assets/a.1111111111.jpg"></picture>'
expect '<img src="e.gif" data-src="a.jpg">' '<img src="assets/e.3333333333.gif" data-src="assets/a.1111111111.jpg">'
expect '<img src="a.jpg" srcset="a.jpg 2x">' '<img src="assets/a.1111111111.jpg" srcset="assets/a.1111111111.jpg 2x">'
expect '<img src="a.jpg">' '<img src="assets/a.1111111111.jpg">' '{"rewrite": {"picture": false, "sizes": "100vw"}}'
expect '<img src="/a.jpg?x#y">' '<img src="/assets/a.1111111111.jpg?x#y">' '{"rewrite": {"picture": false, "sizes": "100vw"}}'

# A configured default sizes; absolute URLs stay absolute in the sources.
run '<img src="/a.jpg">' '{"rewrite": {"picture": true, "sizes": "(max-width: 50em) 100vw, 50em"}}'
assert_grep '<source type="image/avif" srcset="/assets/a-320w\.[a-z2-7]*\.avif 320w, /assets/' out/out
assert_grep 'sizes="(max-width: 50em) 100vw, 50em"><source type="image/webp"' out/out

# A record without the source size: the largest variant gives the shape.
run '<img src="d.png">'
assert_grep '<img src="d.png" width="500" height="100"></picture>$' out/out

# A bad config value is refused.
printf '<img src=a.jpg>' > dist/p.html
printf '{"rewrite": {"picture": "yes", "sizes": "100vw"}}' > config.json
set +e
"$DISTILL" job rewrite --pass-version=$(pass_version rewrite) --config="$PWD/config.json" --out="$PWD/out2" \
	--urls="$PWD/urls.json" --path=p.html --output=p.html "$PWD/dist/p.html" 2>err.txt
status=$?
set -e
assert_eq 1 "$status" "status with a bad config"
assert_grep "rewrite.picture" err.txt
assert_no_file out2/record.json
