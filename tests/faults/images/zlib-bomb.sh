# Decompression bombs: a valid 12000 x 12000 PNG of zeros (144 MB decoded
# from 140 KB, within the pixel limit) builds within the job limits or is
# rejected by name; a 1 x 1 PNG whose IDAT inflates to 64 MiB is rejected
# by name or built from its one pixel; neither may hang or crash.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen png-zlib-bomb dist/bomb.png 12000
gen png-too-much-data dist/much.png
page_for bomb.png much.png
fault_build
expect_carried_or_rejected_image() {
	if grep -F -q "'$1'" err.txt; then
		[ "$status" = 1 ] || fail "'$1' named, but exit $status"
		expect_carried "$1"
	else
		expect_variants "$1" "$2" "$3" >/dev/null
	fi
}
expect_carried_or_rejected_image bomb.png 12000 12000
expect_carried_or_rejected_image much.png 1 1
