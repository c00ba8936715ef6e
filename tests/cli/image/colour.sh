#!/bin/bash
# SPDX-License-Identifier: MIT
# Everything comes out as 8-bit sRGB: a Display P3 JPEG through its
# profile, CMYK JPEGs through their profile (or libvips' CMYK profile when
# they have none), 16-bit RGB and grey PNGs scaled to 8 bits.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/image/helpers.bash"

check() { # source expected-rgb tolerance
	local out=out-${1%.*}-${1##*.}
	image_job "$1" "$out"
	expect_job_ok
	for f in "$out/320.avif" "$out/320.webp"; do
		assert_eq 320x32 "$(decoded_size "$f")" "decoded size of $f"
		assert_eq 3 "$(vipsheader -f bands dec.png)" "bands of $f"
		p=$(point 80 16)
		near "$2" "$p" "$3" || fail "$f (from $1): $p where $2 was expected"
	done
}

halves plain.ppm 400 40

# Display P3: the stored numbers differ from sRGB's; the output must not.
vips icc_transform plain.ppm p3.jpg p3 --input-profile srgb
vips getpoint p3.jpg 80 20 >p3.txt
check p3.jpg "220 20 20" 10

# CMYK with its profile, and the same numbers without one.
vips icc_transform plain.ppm cmyk.jpg cmyk --input-profile srgb
assert_eq 4 "$(vipsheader -f bands cmyk.jpg)" "bands of the CMYK input"
check cmyk.jpg "220 20 20" 30
vips copy cmyk.jpg "bare.jpg[strip]"
vipsheader -f icc-profile-data bare.jpg >/dev/null 2>&1 && fail "bare.jpg kept its profile"
check bare.jpg "220 20 20" 30

# 16-bit PNGs, written by python3.
python3 - <<'PY'
import struct, zlib
def png(path, ctype, px, w=400, h=40):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    row = b"\0" + px * w
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" +
        chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, ctype, 0, 0, 0)) +
        chunk(b"IDAT", zlib.compress(row * h)) + chunk(b"IEND", b""))
png("rgb16.png", 2, struct.pack(">HHH", 220 * 257, 20 * 257, 20 * 257))
png("grey16.png", 0, struct.pack(">H", 117 * 257))
PY
vipsheader rgb16.png | grep -q ushort || fail "rgb16.png is not 16-bit"
check rgb16.png "220 20 20" 6
check grey16.png "117 117 117" 6
