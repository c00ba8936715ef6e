# A PNG header declaring 20000 x 20000 (each side allowed, but 400 million
# pixels, over the 268,402,689 limit): rejected from the header.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen png-header dist/wide.png 20000 20000
gen valid dist/ok.png png
page_for wide.png ok.png
FAULT_TIMEOUT=30 fault_build
expect_rejected wide.png
expect_variants ok.png 96 48
