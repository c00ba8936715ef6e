# Zero-byte files of every kind: a zero-byte JPEG or PNG is a truncated
# image (rejected by name, carried over); the rest are carried over as
# empty files with no error.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
for f in a.jpg b.png c.webp d.gif e.svg f.css g.js h.txt i.json j.woff2 k.html; do
	: > "dist/$f"
done
gen valid dist/ok.jpg jpg
cat > dist/index.html <<HTML
<!doctype html><link rel="stylesheet" href="f.css"><script src="g.js"></script>
<img src="a.jpg"><img src="b.png"><img src="c.webp"><img src="d.gif"><img src="e.svg"><img src="ok.jpg">
HTML
fault_build
expect_rejected a.jpg
expect_rejected b.png
for f in c.webp d.gif e.svg f.css g.js h.txt i.json j.woff2 k.html; do
	expect_carried "$f"
	grep -F -q "'$f'" err.txt && fail "an empty '$f' gave a message: $(cat err.txt)"
done
expect_variants ok.jpg 96 48
