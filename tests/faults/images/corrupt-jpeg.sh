# Random bytes over a third of a JPEG's scan data: libjpeg only warns
# ("corrupt JPEG data"), which must be enough to reject the file by name.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen corrupt-jpeg dist/noise.jpg
gen valid dist/ok.jpg jpg
page_for noise.jpg ok.jpg
fault_build
expect_rejected noise.jpg
expect_variants ok.jpg 96 48
