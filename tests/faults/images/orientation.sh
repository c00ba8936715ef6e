# Every EXIF orientation (1-8): the variants are upright (5-8 swap width
# and height) and the red corner of the stored pixels lands where the tag
# says it is displayed.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips
mkdir -p dist
for n in 1 2 3 4 5 6 7 8; do gen jpeg-orientation "dist/o$n.jpg" $n; done
page_for o1.jpg o2.jpg o3.jpg o4.jpg o5.jpg o6.jpg o7.jpg o8.jpg
fault_build
expect_status 0
# Stored top-left corner, after applying each orientation for display.
corner=(- tl tr br bl tl tr br bl)
files=() want=()
for n in 1 2 3 4 5 6 7 8; do
	if [ $n -le 4 ]; then size="96 48"; else size="48 96"; fi
	variants=$(expect_variants "o$n.jpg" $size)
	for v in $variants; do files+=("out/$v"); want+=("${corner[$n]}"); done
done
got=($(check corner "${files[@]}")) || fail "cannot read the corners"
for i in "${!files[@]}"; do
	assert_eq "${want[$i]}" "${got[$i]:-}" "red corner of ${files[$i]}"
done
