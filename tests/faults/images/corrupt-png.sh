# A PNG whose zlib data is damaged but whose CRCs are right (only the
# decompressor can tell), and one with a bad CRC: both rejected by name.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen corrupt-png dist/zlib.png
gen png-bad-crc dist/crc.png
gen valid dist/ok.png png
page_for zlib.png crc.png ok.png
fault_build
expect_rejected zlib.png
expect_rejected crc.png
expect_variants ok.png 96 48
