#!/bin/bash
# SPDX-License-Identifier: MIT
# Variants carry pixels only: no EXIF, XMP, comment, text chunk or ICC
# profile from the input survives (Debian 12's libvips WebP saver ignores
# "strip", which is why distill calls libwebp itself).
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/image/helpers.bash"

markers=(Exif "http://ns.adobe.com/xap" DistillCamera DistillXmpAuthor
	DistillComment DistillPngText acsp ICC_PROFILE)

# A JPEG with a Display P3 profile, EXIF, XMP and a comment; a PNG with a
# text chunk and an sRGB profile.
gradient plain.ppm 700 40
vips icc_transform plain.ppm p3.jpg p3 --input-profile srgb
add_jpeg_meta p3.jpg in.jpg 1
rgba_png text.png 700 40
vips icc_transform text.png icc.png srgb --input-profile srgb
# The PNG keeps its text chunk only if vips copied it: add it afresh.
cp text.png in.png
python3 - in.png icc.png <<'PY'
import sys
# Splice the iCCP chunk of icc.png in after the IHDR of in.png.
data, icc = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
i = icc.index(b"iCCP") - 4
n = int.from_bytes(icc[i:i + 4], "big")
open(sys.argv[1], "wb").write(data[:33] + icc[i:i + n + 12] + data[33:])
PY
grep -q DistillPngText in.png && grep -q iCCP in.png || fail "the PNG input lacks its metadata"
for m in Exif "http://ns.adobe.com/xap" DistillCamera DistillXmpAuthor DistillComment ICC_PROFILE; do
	grep -q -a -F "$m" in.jpg || fail "the JPEG input lacks '$m'"
done

for src in in.jpg in.png; do
	out=out-${src#in.}
	image_job "$src" "$out"
	expect_job_ok
	n=0
	for f in "$out"/*.avif "$out"/*.webp; do
		n=$((n + 1))
		for m in "${markers[@]}"; do
			if grep -q -a -F "$m" "$f"; then
				fail "'$f' (from $src) holds '$m'"
			fi
		done
	done
	assert_eq 6 "$n" "variants of $src"
done
