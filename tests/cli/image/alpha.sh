#!/bin/bash
# SPDX-License-Identifier: MIT
# Alpha is kept: an RGBA PNG gives WebP and AVIF variants with alpha, the
# opaque, half-transparent and transparent parts where they were.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/image/helpers.bash"

rgba_png in.png 700 200
image_job in.png out
expect_job_ok
assert_eq true "$(jq .alpha out/record.json)" "record alpha"
assert_eq png "$(jq -r .format out/record.json)" "record format"
assert_eq "320 640 700" "$(record_widths out avif)" "widths"
for f in out/*.avif out/*.webp; do
	w=${f#out/}; w=${w%%.*}
	h=$(( (200 * w + 350) / 700 ))
	assert_eq "${w}x$h" "$(decoded_size "$f")" "decoded size of $f"
	assert_eq 4 "$(vipsheader -f bands dec.png)" "bands of $f"
	x=$(( w / 4 )) xr=$(( w * 3 / 4 )) yt=$(( h / 4 )) yb=$(( h * 3 / 4 ))
	p=$(point $x $yt)
	near "220 20 20 255" "$p" || fail "$f: opaque part is $p"
	p=$(point $xr $yt)
	near "20 20 220 128" "$p" || fail "$f: half-transparent part is $p"
	a=$(point $xr $yb | awk '{ print $4 }')
	[ "$a" -le 8 ] || fail "$f: transparent part has alpha $a"
done

# 16-bit RGBA with an ICC profile: the alpha scaled to 8 bits with the rest.
vips icc_transform in.png in16.png srgb --input-profile srgb --depth 16
vipsheader in16.png | grep -q ushort || fail "in16.png is not 16-bit"
image_job in16.png out16
expect_job_ok
for f in out16/320.avif out16/320.webp; do
	assert_eq 320x91 "$(decoded_size "$f")" "decoded size of $f"
	p=$(point 80 22)
	near "220 20 20 255" "$p" || fail "$f: opaque part is $p"
	p=$(point 240 22)
	near "20 20 220 128" "$p" || fail "$f: half-transparent part is $p"
done
