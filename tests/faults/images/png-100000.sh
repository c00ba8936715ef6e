# A PNG header declaring 100000 x 100000 pixels (over 65,535 a side): rejected
# from the header, before any pixel is decoded, fast and in little memory.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen png-header dist/huge.png 100000 100000
gen valid dist/ok.png png
page_for huge.png ok.png
FAULT_TIMEOUT=30 fault_build
expect_rejected huge.png
grep -q -i "pixel\|too large\|dimension\|size" err.txt || fail "the message does not say why: $(cat err.txt)"
expect_variants ok.png 96 48
