# SPDX-License-Identifier: MIT
# Sourced by the image tests (not a test itself). They run the image job
# directly (`distill job image`), so they need no other part of the build,
# and make their inputs with the vips command-line tool and python3.
need vips vipsheader avifdec dwebp jq python3

# The pass version, from the job's own complaint about a wrong one.
IMAGE_V=$({ "$DISTILL" job image --pass-version=0 2>&1 || true; } |
	sed -n 's/.*--pass-version=\([0-9][0-9]*\).*/\1/p')
[ -n "$IMAGE_V" ] || fail "cannot learn the image pass version"

# image_config FILE [MEMBERS]: a config whose "image" section is the
# default one, but at avifSpeed 6, with MEMBERS (JSON object members)
# replacing keys. Speed 6 is the fastest that libavif 0.11 (avifenc, the
# reference of libavif.sh) runs in libaom's all-intra mode: from 7 it
# switches to real-time mode.
image_config() {
	jq -n --argjson over "{${2:-}}" '{image: ({widths: [320, 640, 768, 1024, 1280, 1920],
		quality: 85, formats: ["avif", "webp"], avifSpeed: 6,
		avifChroma: "444", webpMethod: 4} + $over)}' >"$1"
}

# image_job SRC OUT [CONFIG]: run the job; status in $status, stderr in
# err.txt. SRC is made absolute, as the planner passes it.
image_job() {
	local src cfg=${3:-}
	src=$(realpath "$1")
	set +e
	if [ -n "$cfg" ]; then
		"$DISTILL" job image --pass-version="$IMAGE_V" --config="$cfg" \
			--out="$PWD/$2" "$src" >out.txt 2>err.txt
	else
		"$DISTILL" job image --pass-version="$IMAGE_V" --out="$PWD/$2" \
			"$src" >out.txt 2>err.txt
	fi
	status=$?
	set -e
}

expect_job_ok() {
	[ "$status" = 0 ] || { cat err.txt >&2; fail "image job failed with status $status"; }
	[ ! -s err.txt ] || { cat err.txt >&2; fail "image job printed on success"; }
}

# The variant widths of one format in OUT/record.json, ascending.
record_widths() { # out format
	jq -r --arg f "$2" '[.variants[] | select(.format == $f) | .width] | join(" ")' "$1/record.json"
}

# gradient FILE W H: a colourful 8-bit sRGB image (red rising left to right,
# blue falling), written as a PPM by python3, saved by suffix by vips.
gradient() {
	python3 - "$2" "$3" >grad.ppm <<'PY'
import sys
w, h = int(sys.argv[1]), int(sys.argv[2])
row = b"".join(bytes((x * 255 // max(w - 1, 1), 90, 255 - x * 255 // max(w - 1, 1))) for x in range(w))
sys.stdout.buffer.write(b"P6 %d %d 255\n" % (w, h) + row * h)
PY
	vips copy grad.ppm "$1"
	rm -f grad.ppm
}

# decoded_size FILE: "WxH" of an .avif or .webp through its own decoder.
decoded_size() {
	case $1 in
	*.avif) avifdec -q "$1" dec.png >/dev/null 2>&1 || avifdec "$1" dec.png >/dev/null || fail "avifdec cannot decode '$1'" ;;
	*.webp) dwebp -quiet "$1" -o dec.png || fail "dwebp cannot decode '$1'" ;;
	esac
	# Width and height from the PNG's IHDR, without starting libvips.
	od -An -tu1 -j16 -N8 dec.png | awk '{ printf "%dx%d\n", (($1 * 256 + $2) * 256 + $3) * 256 + $4, (($5 * 256 + $6) * 256 + $7) * 256 + $8 }'
}

# point X Y: a pixel of the last decoded file, its bands as integers.
point() {
	vips getpoint dec.png "$1" "$2" | tr -s ' \n' ' ' |
		awk '{ for (i = 1; i <= NF; i++) printf "%s%d", (i > 1 ? " " : ""), $i + 0.5; print "" }'
}

# pixel FILE X Y: decode FILE, then point X Y.
pixel() {
	decoded_size "$1" >/dev/null
	point "$2" "$3"
}

# near "R G B" "R G B" [tolerance]: every band within tolerance.
near() {
	local tol=${3:-24}
	awk -v a="$1" -v b="$2" -v t="$tol" 'BEGIN {
		n = split(a, x, " "); m = split(b, y, " ")
		if (n != m) exit 1
		for (i = 1; i <= n; i++) { d = x[i] - y[i]; if (d < -t || d > t) exit 1 }
	}'
}

# halves FILE W H: left half red, right half blue (PPM through vips).
halves() {
	python3 - "$2" "$3" >halves.ppm <<'PY'
import sys
w, h = int(sys.argv[1]), int(sys.argv[2])
row = b"\xdc\x14\x14" * (w // 2) + b"\x14\x14\xdc" * (w - w // 2)
sys.stdout.buffer.write(b"P6 %d %d 255\n" % (w, h) + row * h)
PY
	vips copy halves.ppm "$1"
	rm -f halves.ppm
}

# add_jpeg_meta IN OUT ORIENTATION: IN with an EXIF block (orientation and
# a camera make "DistillCamera"), an XMP packet and a comment inserted
# after SOI, as cameras and editors write them.
add_jpeg_meta() {
	python3 - "$1" "$2" "$3" <<'PY'
import struct, sys
src, dst, orient = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, "rb").read()
assert data[:2] == b"\xff\xd8"
make = b"DistillCamera\0"
# TIFF, little-endian: IFD0 with Make (ASCII, out of line) and Orientation.
ifd_off = 8
entries = 2
make_off = ifd_off + 2 + entries * 12 + 4
tiff = b"II*\0" + struct.pack("<I", ifd_off) + struct.pack("<H", entries)
tiff += struct.pack("<HHII", 0x010F, 2, len(make), make_off)
tiff += struct.pack("<HHIHH", 0x0112, 3, 1, orient, 0)
tiff += struct.pack("<I", 0) + make
exif = b"Exif\0\0" + tiff
xmp = (b"http://ns.adobe.com/xap/1.0/\0" +
       b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>DistillXmpAuthor</dc:creator>'
       b"</rdf:Description></rdf:RDF></x:xmpmeta>")
com = b"DistillComment"
seg = lambda m, p: b"\xff" + bytes([m]) + struct.pack(">H", len(p) + 2) + p
open(dst, "wb").write(data[:2] + seg(0xE1, exif) + seg(0xE1, xmp) + seg(0xFE, com) + data[2:])
PY
}

# rgba_png FILE W H: an RGBA PNG written by python3: the left half opaque
# red, the right half blue at alpha 128 above and transparent green below.
rgba_png() {
	python3 - "$1" "$2" "$3" <<'PY'
import struct, sys, zlib
path, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = []
for y in range(h):
    right = b"\x14\x14\xdc\x80" if y < h // 2 else b"\x00\xff\x00\x00"
    rows.append(b"\0" + b"\xdc\x14\x14\xff" * (w // 2) + right * (w - w // 2))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) +
       chunk(b"tEXt", b"Comment\0DistillPngText") +
       chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
open(path, "wb").write(png)
PY
}
