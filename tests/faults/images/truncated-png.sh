# A PNG cut in half is rejected by name and carried over unchanged; the
# valid image beside it still becomes variants.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen truncated dist/cut.png png
gen valid dist/ok.png png
page_for cut.png ok.png
fault_build
expect_rejected cut.png
expect_variants ok.png 96 48
