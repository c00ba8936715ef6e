# A progressive JPEG header (4096 x 4096) followed by 5000 empty scans:
# each scan costs a pass over every block, so it must be rejected (or
# built) within the time limit, never hang.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen jpeg-many-scans dist/scans.jpg 5000
gen valid dist/ok.jpg jpg
page_for scans.jpg ok.jpg
FAULT_TIMEOUT=60 fault_build
expect_rejected scans.jpg
expect_variants ok.jpg 96 48
