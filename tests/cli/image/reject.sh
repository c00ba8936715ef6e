#!/bin/bash
# SPDX-License-Identifier: MIT
# Bad inputs are refused: the job succeeds, silently, its record holds the
# reason in "error" (the build prints it once, naming the file: build.sh),
# and no variant is left behind. Sizes are checked from the header, before
# any decoding.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/image/helpers.bash"

rejected() { # source out expected-words
	image_job "$1" "$2"
	[ "$status" = 0 ] || { cat err.txt >&2; fail "$1: job status $status, not 0"; }
	assert_file "$2/record.json"
	[ ! -s err.txt ] || { cat err.txt >&2; fail "$1: the job printed"; }
	error=$(jq -r '.error // empty' "$2/record.json")
	[ -n "$error" ] || fail "$1: no error in the record"
	case $error in *"$3"*) ;; *) fail "$1: error '$error' does not say '$3'" ;; esac
	assert_eq 0 "$(jq '.files | length' "$2/record.json")" "$1: files in the record"
	assert_eq "record.json" "$(ls "$2")" "$1: files left in the store folder"
}

gradient good.jpg 700 300
gradient good.png 700 300

# Truncated: the first two thirds of each file.
head -c $(( $(stat -c %s good.jpg) * 2 / 3 )) good.jpg >truncated.jpg
rejected truncated.jpg t1 "end of"
head -c $(( $(stat -c %s good.png) * 2 / 3 )) good.png >truncated.png
rejected truncated.png t2 ""
# Corrupt: garbage in the middle of the entropy-coded data.
cp good.jpg corrupt.jpg
printf '\xff\xd9\x00\x13\x37' | dd of=corrupt.jpg bs=1 seek=$(( $(stat -c %s good.jpg) / 2 )) conv=notrunc status=none
rejected corrupt.jpg t3 ""

# Disguised: text named .png, a JPEG named .png, a PNG named .jpg.
echo "this is not an image" >text.png
rejected text.png d1 "not a PNG image"
cp good.jpg jpeg.png
rejected jpeg.png d2 "JPEG image named as a PNG"
cp good.png png.jpg
rejected png.jpg d3 "PNG image named as a JPEG"

# Oversized, from the header alone: a PNG claiming 100000 x 100000 pixels
# and one 70000 px wide; each with a few bytes of (absent) image data.
python3 - <<'PY'
import struct, zlib
def header(path, w, h):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" +
        chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
        chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
header("huge.png", 100000, 100000)
header("wide.png", 70000, 10)
header("many.png", 20000, 20000)
PY
# Refused for the size the header states (the reason names it), so before
# any decoding: the IDAT holds 64 bytes of pixels.
rejected huge.png o1 "100000x100000"
rejected wide.png o2 "70000x10"
rejected many.png o3 "20000x20000"

# A missing file is an I/O failure: status 1 and no record.
image_job missing.jpg m1 2>/dev/null || true
[ "$status" = 1 ] || fail "a missing input gave status $status"
assert_no_file m1/record.json
