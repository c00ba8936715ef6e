# SVG text in files named .png and .jpg, referencing a file outside DIST
# and a URL: no loader that sniffs content (librsvg) may run on them, so the
# outside file is never opened nor the URL fetched; rejected by name (not a
# PNG/JPEG) and carried over.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
canary_start
mkdir -p dist
gen svg-external dist/evil.png "$CANARY_SECRET" "$CANARY_URL"
gen svg-external dist/evil.jpg "$CANARY_SECRET" "$CANARY_URL"
gen valid dist/ok.png png
page_for evil.png evil.jpg ok.png
fault_build
canary_check
expect_rejected evil.png
expect_rejected evil.jpg
expect_variants ok.png 96 48
