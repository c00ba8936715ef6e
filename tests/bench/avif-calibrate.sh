#!/bin/bash
# SPDX-License-Identifier: MIT
# AVIF quality calibration, run by hand (neither `ninja test` nor
# tests/bench/run.sh runs it; 5-10 minutes on two cores):
#   DISTILL=./distill ROOT=. bash tests/bench/avif-calibrate.sh
# On the seven pictures of image.sh, resized by sharp to each width in
# $CALIBRATE_WIDTHS (1280 by default) and saved losslessly, it encodes each
# reference with sharp's .avif({quality}) at every quality in
# $CALIBRATE_QUALITIES, and with distill (`distill build` of the references,
# AVIF only, each at its own width) at the same quality and at whatever
# qualities a bisection asks for. Both encoders get the same pixels, so
# only the encoders are compared. For every quality it prints sharp's
# bytes and mean SSIM (RGB/luma), distill's at the same quality with the
# byte ratio, and the distill quality whose mean RGB SSIM is nearest
# sharp's. A calibrated distill names its own quality (or one with the
# same quantizer) as the nearest.
#
# To calibrate, run it with a binary using libheif's formula, quantizer =
# ((100 - quality) * 63 + 50) / 100, which reaches every quantizer but 63:
# the nearest quality then names the quantizer that matches sharp's SSIM.
set -euo pipefail
. "$(dirname "$0")/image-lib.bash"
: "${DISTILL:?}" "${ROOT:?}"
for t in apt-get dpkg-deb vips vipsheader avifdec node npm cc pkg-config jq; do
	command -v $t >/dev/null || { echo "needs $t"; exit 1; }
done
qualities=${CALIBRATE_QUALITIES:-50 60 70 80 85 90 95}
widths=${CALIBRATE_WIDTHS:-1280}
cache=${BENCH_CACHE:-$ROOT/build/bench-cache}/images
work=${BENCH_DIR:-/tmp/distill-bench-image}
mkdir -p "$cache" "$work"
# The cal-* files only: image.sh owns the rest of the work folder. sharp's
# files are kept for another run with the same widths.
[ "$(cat "$work/cal-widths" 2>/dev/null)" = "$widths" ] || rm -rf "$work"/cal-*
rm -rf "$work"/cal-distill*
install -m 755 "$DISTILL" "$work/cal-distill"
install -m 755 "$DISTILL-image" "$work/cal-distill-image" && DISTILL=$work/cal-distill
cd "$work"

image_pictures cal-src
image_sharp
image_ssim
cat >sharp/calibrate.js <<'JS'
const sharp = require('sharp');
const path = require('path');
// lossless WIDTHS OUTDIR INPUT...: OUTDIR/<stem>-<width>.png
// avif QUALITY OUTDIR INPUT...: OUTDIR/<name>.avif, at the input's size
const [mode, arg, outdir, ...inputs] = process.argv.slice(2);
(async () => {
  for (const input of inputs) {
    const stem = path.basename(input).replace(/\.[^.]*$/, '');
    if (mode === 'lossless')
      for (const size of arg.split(' ').map(Number))
        await sharp(input).resize(size, null, { withoutEnlargement: true })
          .png({ compressionLevel: 1 }).toFile(`${outdir}/${stem}-${size}.png`);
    else
      await sharp(input).avif({ quality: Number(arg) })
        .toFile(`${outdir}/${stem}.avif`);
  }
})().catch((e) => { console.error(e); process.exit(1); });
JS
echo "sharp $(node -p 'const v = require("./sharp/node_modules/sharp").versions; `${v.sharp} (libvips ${v.vips}, libheif ${v.heif}, aom ${v.aom})`')"
echo "widths: $widths; sharp qualities: $qualities"
if [ ! -d cal-ref ]; then
	mkdir -p cal-ref
	node sharp/calibrate.js lossless "$widths" cal-ref cal-src/*
	echo "$widths" >cal-widths
fi

# Mean RGB SSIM, mean luma SSIM and total bytes of the AVIF files in $1
# (one per reference, named after it) against the references.
score() {
	local f stem rgb luma sr=0 sy=0 bytes=0 n=0
	for f in cal-ref/*.png; do
		stem=$(basename "$f" .png)
		image_decode "$1/$stem.avif" "$1/$stem.png"
		read -r rgb luma < <(./ssim "$f" "$1/$stem.png")
		sr=$(echo "$sr + $rgb" | bc -l) sy=$(echo "$sy + $luma" | bc -l)
		bytes=$((bytes + $(stat -c %s "$1/$stem.avif"))) n=$((n + 1))
		rm "$1/$stem.png"
	done
	printf '%.5f %.5f %d\n' "$(echo "$sr / $n" | bc -l)" "$(echo "$sy / $n" | bc -l)" $bytes
}

# sharp, two qualities at a time (each encode is single-threaded).
for q in $qualities; do [ -f cal-sharp/$q.score ] || echo "$q"; done |
	xargs -r -P 2 -I{} sh -c 'mkdir -p cal-sharp/{} && node sharp/calibrate.js avif {} cal-sharp/{} cal-ref/*.png'
for q in $qualities; do
	[ -f cal-sharp/$q.score ] || score cal-sharp/$q >cal-sharp/$q.score
done

# distill at quality $1, scored once into cal-distill-$1.score.
measure() {
	local d=cal-distill-$1
	if [ ! -f $d.score ]; then
		mkdir -p $d/avif
		echo "{\"compress\": {\"enabled\": false}, \"sw\": {\"enabled\": false},
 \"headers\": {\"enabled\": false}, \"budget\": {\"enabled\": false},
 \"image\": {\"widths\": [65535], \"formats\": [\"avif\"], \"quality\": $1}}" >$d/config.json
		"$DISTILL" build cal-ref --out $d/out --cache $d/cache --config $d/config.json \
			-j 2 -q 2>$d/build.log || { cat $d/build.log >&2; return 1; }
		jq -r '.assets[] | select(.image) | "\(.path) \(.image.variants[0].output)"' \
			$d/cache/manifest.json | while read -r png avif; do
			cp "$d/out/$avif" "$d/avif/${png%.png}.avif"
		done
		score $d/avif >$d.score
	fi
}

printf '\n%-7s %9s %-15s | %9s %-15s %6s | %-7s %-7s %6s\n' quality "sharp B" \
	"SSIM RGB/luma" "distill B" "SSIM RGB/luma" ratio nearest "RGB" ratio
for q in $qualities; do
	read -r srgb sluma sbytes <cal-sharp/$q.score
	measure $q
	read -r drgb dluma dbytes <cal-distill-$q.score
	printf '%-7s %9d %.5f/%.5f | %9d %.5f/%.5f %6.3f | ' $q $sbytes $srgb $sluma \
		$dbytes $drgb $dluma "$(echo "$dbytes / $sbytes" | bc -l)"
	# The lowest quality at or above sharp's RGB SSIM, then the nearer of
	# it and the quality below.
	lo=1 hi=100
	while [ $lo -lt $hi ]; do
		mid=$(((lo + hi) / 2))
		measure $mid
		read -r rgb _ _ <cal-distill-$mid.score
		if [ "$(echo "$rgb >= $srgb" | bc)" = 1 ]; then hi=$mid; else lo=$((mid + 1)); fi
	done
	if [ $lo -gt 1 ]; then
		measure $lo
		measure $((lo - 1))
		read -r above _ _ <cal-distill-$lo.score
		read -r below _ _ <cal-distill-$((lo - 1)).score
		[ "$(echo "$srgb - $below < $above - $srgb" | bc)" = 1 ] && lo=$((lo - 1))
	fi
	read -r drgb dluma dbytes <cal-distill-$lo.score
	printf '%-7s %.5f %6.3f\n' $lo $drgb "$(echo "$dbytes / $sbytes" | bc -l)"
done
