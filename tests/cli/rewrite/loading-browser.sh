# SPDX-License-Identifier: MIT
# Loading hints in headless Chromium (tests/browser/loading.mjs): the page's
# first large image, made a <picture> and preloaded, is fetched at high
# priority; the images below the fold are fetched only once scrolled to.
. "$ROOT/tests/lib.sh"
need node
need_chromium

mkdir -p dist/images
cp "$FIXTURES/demo/dist/images/ladybird.jpg" dist/images/hero.jpg
for i in 1 2 3; do
	cp "$FIXTURES/demo/dist/images/logo.png" "dist/images/below-$i.png"
done
cat >dist/index.html <<'HTML'
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Loading hints</title>
<meta name="viewport" content="width=device-width"></head>
<body>
<h1>Loading hints</h1>
<img src="images/hero.jpg" alt="A ladybird" sizes="(min-width: 1000px) 1000px, 100vw">
<div style="height: 5000px"></div>
<img src="images/below-1.png" alt="one">
<img src="images/below-2.png" alt="two">
<p><img src="images/below-3.png" alt="three"></p>
</body>
</html>
HTML
run_distill build dist --out out -q
expect_status 0
assert_grep '<link rel="preload" as="image" type="image/avif" imagesrcset=' out/index.html
node "$ROOT/tests/browser/loading.mjs" out
