# A JPEG cut in half is rejected by name and carried over unchanged; the
# valid image beside it still becomes variants.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen truncated dist/cut.jpg jpg
gen valid dist/ok.jpg jpg
page_for cut.jpg ok.jpg
fault_build
expect_rejected cut.jpg
expect_variants ok.jpg 96 48
