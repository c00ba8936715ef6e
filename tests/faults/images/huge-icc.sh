# A JPEG carrying 2 MiB of bogus ICC profile in 33 APP2 segments: built
# (the profile ignored, not copied into every variant) or rejected by name.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen jpeg-huge-icc dist/icc.jpg
page_for icc.jpg
fault_build
if grep -F -q "'icc.jpg'" err.txt; then
	expect_rejected icc.jpg
else
	variants=$(expect_variants icc.jpg 96 48)
	for v in $variants; do
		[ "$(stat -c %s "out/$v")" -lt 100000 ] || fail "'$v' carries the 2 MiB profile"
	done
fi
