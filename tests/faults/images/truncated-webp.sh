# A WebP cut in half: WebP is not re-encoded, so it is carried over byte
# for byte (or, if decoded, rejected by name); the rest of the site builds.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen truncated dist/cut.webp webp
gen valid dist/ok.jpg jpg
page_for cut.webp ok.jpg
fault_build
expect_carried_or_rejected cut.webp
expect_variants ok.jpg 96 48
