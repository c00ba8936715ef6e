#!/bin/bash
# SPDX-License-Identifier: MIT
# The width set: configured widths up to the source width, plus the source
# width under the largest one; never enlarged, never twice the same. Every
# variant decodes, with the AVIF and WebP decoders, at the size it claims.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/image/helpers.bash"

check() { # source-width expected-widths [suffix]
	local w=$1 want=$2 ext=${3:-jpg} out=out-$1 f fmt vw vh size files
	gradient "src-$w.$ext" "$w" 40
	image_job "src-$w.$ext" "$out"
	expect_job_ok
	for fmt in avif webp; do
		assert_eq "$want" "$(record_widths "$out" $fmt)" "$fmt widths of a $w px source"
	done
	assert_eq "$w" "$(jq .width "$out/record.json")" "record width"
	assert_eq 40 "$(jq .height "$out/record.json")" "record height"
	assert_eq false "$(jq .alpha "$out/record.json")" "record alpha"
	assert_eq "$([ "$ext" = png ] && echo png || echo jpeg)" \
		"$(jq -r .format "$out/record.json")" "record format"
	# Each variant: its file, named by width, decoding at the recorded size.
	jq -r '.variants[] | "\(.file) \(.format) \(.width) \(.height) \(.size)"' \
		"$out/record.json" >variants.txt
	while read -r f fmt vw vh size; do
		assert_eq "$vw.$fmt" "$f" "variant file name"
		assert_eq "${vw}x$vh" "$(decoded_size "$out/$f")" "decoded size of $f"
		assert_eq "$size" "$(stat -c %s "$out/$f")" "size of $f"
		[ "$vh" -ge 1 ] || fail "variant $f has height $vh"
	done <variants.txt
	# Nothing but the variants and the record.
	files=$(cd "$out" && ls | sort | tr '\n' ' ')
	assert_eq "$(cd "$out" && { echo record.json; jq -r '.variants[].file' record.json; } |
		sort | tr '\n' ' ')" "$files" "files in the store folder"
	assert_eq "$(jq -r '.variants[].file' "$out/record.json" | sort | tr '\n' ' ')" \
		"$(jq -r '.files[].name' "$out/record.json" | sort | tr '\n' ' ')" \
		"variants listed in files"
}

check 250 "250"
check 640 "320 640"
check 1000 "320 640 768 1000" png
check 1920 "320 640 768 1024 1280 1920"
check 4000 "320 640 768 1024 1280 1920"

# Widths and formats come from the config.
gradient src.png 400 30
image_config custom.json '"widths": [500, 100], "formats": ["webp"]'
image_job src.png custom custom.json
expect_job_ok
assert_eq "100 400" "$(record_widths custom webp)" "configured widths"
assert_eq "" "$(record_widths custom avif)" "no AVIF when not configured"
assert_no_file custom/500.avif

# A bad config is a job failure, not an image error.
image_config bad.json '"quality": 0'
image_job src.png bad bad.json
[ "$status" = 1 ] || fail "a bad config gave status $status"
assert_grep "image.quality" err.txt
assert_no_file bad/record.json
