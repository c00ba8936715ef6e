#!/bin/bash
# SPDX-License-Identifier: MIT
# EXIF orientation: a 400x200 JPEG tagged 6 (rotate 90 degrees clockwise
# to view) comes out upright, 200 wide and 400 high, with its left half
# (red) on top. The record gives the upright size.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/image/helpers.bash"

halves plain.jpg 400 200
add_jpeg_meta plain.jpg rotated.jpg 6
assert_eq 6 "$(vipsheader -f orientation rotated.jpg 2>/dev/null)" "orientation of the input"

image_job rotated.jpg out
expect_job_ok
assert_eq 200 "$(jq .width out/record.json)" "upright width"
assert_eq 400 "$(jq .height out/record.json)" "upright height"
assert_eq "200" "$(record_widths out avif)" "widths"
for f in out/200.avif out/200.webp; do
	assert_eq 200x400 "$(decoded_size "$f")" "decoded size of $f"
	near "220 20 20" "$(pixel "$f" 100 60)" || fail "$f: top is $(pixel "$f" 100 60), not red"
	near "20 20 220" "$(pixel "$f" 100 340)" || fail "$f: bottom is $(pixel "$f" 100 340), not blue"
done

# Orientation 3 (upside down) keeps the size and swaps left and right.
add_jpeg_meta plain.jpg flipped.jpg 3
image_job flipped.jpg out3
expect_job_ok
assert_eq 400 "$(jq .width out3/record.json)" "width with orientation 3"
near "20 20 220" "$(pixel out3/320.webp 40 80)" || fail "orientation 3: left is not blue"
