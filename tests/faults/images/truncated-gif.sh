# A GIF cut in half: GIF is copied, not rasterised, so it is carried over
# byte for byte (or, if decoded, rejected by name).
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen truncated dist/cut.gif gif
gen valid dist/ok.jpg jpg
page_for cut.gif ok.jpg
fault_build
expect_carried_or_rejected cut.gif
expect_variants ok.jpg 96 48
