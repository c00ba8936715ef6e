# A CMYK JPEG becomes sRGB variants of its size, and its red corner stays
# red and in place (the colour conversion is done, not skipped).
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen jpeg-cmyk dist/cmyk.jpg
page_for cmyk.jpg
fault_build
expect_status 0
variants=$(expect_variants cmyk.jpg 96 48)
for v in $variants; do
	vipsheader -f interpretation "out/$v" | grep -qi srgb || fail "'$v' is not sRGB"
	assert_eq tl "$(check corner "out/$v")" "red corner of $v"
done
