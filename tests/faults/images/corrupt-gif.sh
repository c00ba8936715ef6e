# Random bytes over the middle of a GIF: carried over byte for byte (or
# rejected by name if decoded).
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen corrupt-gif dist/noise.gif
gen valid dist/ok.jpg jpg
page_for noise.gif ok.jpg
fault_build
expect_carried_or_rejected noise.gif
expect_variants ok.jpg 96 48
