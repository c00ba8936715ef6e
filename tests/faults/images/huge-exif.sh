# A JPEG with a full 64 KiB Exif block of 5000 entries pointing past the
# end, plus 8 more junk APP1 segments: built with the metadata stripped, or
# rejected by name.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen jpeg-huge-exif dist/exif.jpg
page_for exif.jpg
fault_build
if grep -F -q "'exif.jpg'" err.txt; then
	expect_rejected exif.jpg
else
	variants=$(expect_variants exif.jpg 96 48)
	for v in $variants; do
		[ "$(stat -c %s "out/$v")" -lt 60000 ] || fail "'$v' kept the Exif junk"
	done
fi
