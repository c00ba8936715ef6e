# Random bytes over the middle of a WebP: carried over byte for byte (or
# rejected by name if decoded).
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen corrupt-webp dist/noise.webp
gen valid dist/ok.jpg jpg
page_for noise.webp ok.jpg
fault_build
expect_carried_or_rejected noise.webp
expect_variants ok.jpg 96 48
