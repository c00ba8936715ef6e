# Text in a file named .png, and a PNG named .jpg: the first is rejected
# by name (it is not a PNG) and carried over; the second is a valid image
# in the wrong dress: carried over or rejected, never decoded by a loader
# the suffix did not choose.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
echo "this is not a PNG" > dist/text.png
gen valid dist/png-inside.jpg png
gen valid dist/ok.png png
page_for text.png png-inside.jpg ok.png
fault_build
expect_rejected text.png
expect_carried_or_rejected png-inside.jpg
expect_variants ok.png 96 48
