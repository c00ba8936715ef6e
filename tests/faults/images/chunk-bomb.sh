# Compressed side chunks that inflate to 64 MiB (zTXt text, iCCP profile)
# on a valid image: the image builds (the chunk ignored or stripped) or is
# rejected by name; never a hang, a crash or 64 MiB of metadata kept.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen png-chunk-bomb dist/ztxt.png ztxt
gen png-chunk-bomb dist/iccp.png iccp
page_for ztxt.png iccp.png
fault_build
for f in ztxt.png iccp.png; do
	if grep -F -q "'$f'" err.txt; then
		expect_rejected "$f"
	else
		variants=$(expect_variants "$f" 96 48)
		for v in $variants; do
			[ "$(stat -c %s "out/$v")" -lt 100000 ] || fail "variant '$v' kept the bomb"
		done
	fi
done
