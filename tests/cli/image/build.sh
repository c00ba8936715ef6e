#!/bin/bash
# SPDX-License-Identifier: MIT
# The image pass inside `distill build`: variants land under assets/ named
# <stem>-<width>w.<fingerprint>.<format>, files with the same bytes share one
# job, an image only JS names still gets variants, a bad image is carried
# over with a warning (status 0, named once) while the rest is built, and a
# second build runs no image job.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/image/helpers.bash"

mkdir -p dist/img dist/assets
gradient dist/img/a.jpg 700 50
cp dist/img/a.jpg dist/img/copy.jpg
rgba_png dist/img/js-only.png 400 30
echo "not an image" >dist/img/bad.png
echo 'const u = "/img/js-only.png"; console.log(u);' >dist/assets/app-Ab12Cd34.js
cat >dist/index.html <<'HTML'
<!doctype html><html><head><title>Images</title>
<script type="module" src="/assets/app-Ab12Cd34.js"></script></head>
<body><img src="/img/a.jpg" alt="a"><img src="/img/copy.jpg" alt="copy">
<img src="/img/bad.png" alt="bad"></body></html>
HTML

run_distill build dist --out out --cache cache
expect_status 0
assert_eq 1 "$(grep -c "bad.png" err.txt)" "lines naming bad.png"
assert_grep "'img/bad.png': not a PNG image" err.txt

m=cache/manifest.json
assert_eq "not a PNG image, whatever its name says" \
	"$(jq -r '.assets[] | select(.path == "img/bad.png") | .error' $m)" "manifest error"
assert_file out/img/bad.png

# Each raster asset: variants in the manifest and in the output tree, with
# the names the rewrite pass is promised, decoding at their width.
for p in img/a.jpg img/copy.jpg img/js-only.png; do
	stem=$(basename "${p%.*}")
	want=$([ $stem = js-only ] && echo "320 400" || echo "320 640 700")
	for fmt in avif webp; do
		got=$(jq -r --arg p "$p" --arg f "$fmt" \
			'[.assets[] | select(.path == $p) | .image.variants[] | select(.format == $f) | .width] | join(" ")' $m)
		assert_eq "$want" "$got" "$fmt widths of $p"
	done
	jq -r --arg p "$p" '.assets[] | select(.path == $p) | .image.variants[] |
		"\(.output) \(.width) \(.format)"' $m >variants.txt
	while read -r output width fmt; do
		[[ $output =~ ^assets/$stem-${width}w\.[a-z0-9]{10}\.$fmt$ ]] ||
			fail "variant name '$output'"
		assert_file "out/$output"
		assert_eq "$width" "$(decoded_size "out/$output" | cut -dx -f1)" "width of $output"
		assert_eq variant "$(jq -r --arg o "$output" '.files[] | select(.output == $o) | .role' $m)" \
			"role of $output"
	done <variants.txt
done
# Same bytes, same fingerprints, one job.
a=$(jq -r '.assets[] | select(.path == "img/a.jpg") | .image.variants[].output' $m | sed 's/^assets\/a-//')
c=$(jq -r '.assets[] | select(.path == "img/copy.jpg") | .image.variants[].output' $m | sed 's/^assets\/copy-//')
assert_eq "$a" "$c" "variants of identical files"
assert_eq 3 "$(ls cache/store/image | wc -l)" "image jobs (store folders)"

# Nothing to do the second time: no image job runs.
before=$(tree_mtimes cache/store/image)
run_distill build dist --out out2 --cache cache
expect_status 0
assert_eq "$before" "$(tree_mtimes cache/store/image)" "image store after a second build"
