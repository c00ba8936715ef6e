# A 16-bit PNG becomes 8-bit variants of its size with its colours.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen png-16bit dist/deep.png
page_for deep.png
fault_build
expect_status 0
variants=$(expect_variants deep.png 96 48)
for v in $variants; do
	vipsheader -f format "out/$v" | grep -qi uchar || fail "'$v' is not 8-bit"
	assert_eq tl "$(check corner "out/$v")" "red corner of $v"
done
