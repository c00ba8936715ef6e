# A palette PNG with tRNS transparency (bottom half clear) keeps its
# transparency in every variant.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
gen png-palette-trns dist/pal.png
page_for pal.png
fault_build
expect_status 0
variants=$(expect_variants pal.png 96 48)
for v in $variants; do
	case $v in *.jpg|*.jpeg) continue ;; esac
	[ "$(vipsheader -f bands "out/$v")" = 4 ] || fail "'$v' lost its alpha"
	h=$(vipsheader -f height "out/$v")
	a=$(vips getpoint "out/$v" 2 $((h - 2)) | awk "{print \$4}")
	[ "${a%.*}" -lt 20 ] || fail "'$v' is opaque where the source is transparent (alpha $a)"
done
