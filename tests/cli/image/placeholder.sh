#!/bin/bash
# SPDX-License-Identifier: MIT
# The placeholder the image job records from its one decode
# (passes/image_placeholder.c): the dominant colour, and a blurred WebP of
# at most 32 px a side and 600 bytes as a data: URI; none for an image
# with alpha, through which it would show.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/image/helpers.bash"

# Three quarters orange, one quarter blue: orange dominates.
python3 - >mostly.ppm <<'PY'
import sys
w, h = 400, 40
row = b"\xc8\x3c\x14" * (w * 3 // 4) + b"\x14\x3c\xc8" * (w - w * 3 // 4)
sys.stdout.buffer.write(b"P6 %d %d 255\n" % (w, h) + row * h)
PY
vips copy mostly.ppm mostly.jpg[Q=95]
image_job mostly.jpg out
expect_job_ok
colour=$(jq -r .placeholder.color out/record.json)
[[ $colour =~ ^#[0-9a-f]{6}$ ]] || fail "placeholder colour '$colour'"
near "200 60 20" "$((16#${colour:1:2})) $((16#${colour:3:2})) $((16#${colour:5:2}))" 8 ||
	fail "dominant colour $colour, expected about #c83c14"
lqip=$(jq -r .placeholder.lqip out/record.json)
case $lqip in data:image/webp\;base64,*) ;; *) fail "lqip is not a WebP data: URI: ${lqip:0:40}" ;; esac
printf '%s' "${lqip#data:image/webp;base64,}" | base64 -d >lqip.webp
[ "$(stat -c %s lqip.webp)" -le 600 ] || fail "lqip of $(stat -c %s lqip.webp) bytes"
assert_eq 32x3 "$(decoded_size lqip.webp)" "lqip size"
near "200 60 20" "$(point 4 1)" 40 || fail "lqip's left is $(point 4 1)"

# A photo: a busier picture still fits.
image_job "$FIXTURES/demo/dist/images/ladybird.jpg" photo
expect_job_ok
jq -r .placeholder.lqip photo/record.json | sed 's/^data:image\/webp;base64,//' | base64 -d >photo.webp
[ "$(stat -c %s photo.webp)" -le 600 ] || fail "photo lqip of $(stat -c %s photo.webp) bytes"
assert_eq 32x20 "$(decoded_size photo.webp)" "photo lqip size"

# With alpha: no placeholder.
vips bandjoin_const mostly.ppm alpha.png 128
image_job alpha.png translucent
expect_job_ok
assert_eq null "$(jq -c .placeholder translucent/record.json)" "placeholder of an image with alpha"
