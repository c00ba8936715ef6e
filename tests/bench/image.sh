#!/bin/bash
# SPDX-License-Identifier: MIT
# Images: a cold `distill build -j 2` of a dist holding seven real pictures
# from Debian's wallpaper packages, against sharp (npm, installed into the
# work folder) running the reference script: for each size in 320, 640,
# 768, 1024, 1280, 1920, resize (without enlargement) then WebP quality 85,
# then AVIF quality 85, awaited one after another. Prints (a) the wall-time
# ratio on this machine, (b) the ratio of output bytes, (c) the mean SSIM of
# the 1280w variants against a lossless 1280 px reference (sharp's own
# resize saved as PNG, so any difference in resizing counts against
# distill), per channel over RGB and on luma alone, (d) distill's peak
# memory: the largest process (GNU time) and the sum over all of its
# processes (sampled). Goals: >= 4x faster, no more bytes, SSIM no more
# than 0.003 worse, peak under 400 MiB.
#
# The pictures (licences: the packages' copyright files, GPL-2+ and
# CC-BY-SA): a 5640 px JPEG (MATE's Elephants), three 2560 px photos of
# Plasma (Path, ColorfulCups, and EveningGlow converted to PNG by vips,
# because neither package ships a photograph as PNG), MATE's RGBA PNG
# (Arc-Colors-Transparent, 2140 px), and two MATE photos of 1600 and 1920 px
# (FreshFlower, Storm). The .debs are kept in $BENCH_CACHE.
set -euo pipefail
. "$(dirname "$0")/image-lib.bash"
: "${DISTILL:?}" "${ROOT:?}"
for t in apt-get dpkg-deb vips vipsheader avifdec dwebp node npm cc pkg-config jq; do
	command -v $t >/dev/null || { echo "needs $t"; exit 1; }
done
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)"; exit 1; }
cache=${BENCH_CACHE:-$ROOT/build/bench-cache}/images
work=${BENCH_DIR:-/tmp/distill-bench-image}
mkdir -p "$cache" "$work"
# BENCH_IMAGE_SHARP_AGAIN=no keeps both sharp runs of the last invocation
# (outputs and times), for trying distill settings quickly; the ratios are
# then not of one run.
rm -rf "$work/dist" "$work/out" "$work/cache" "$work/ref"
again=${BENCH_IMAGE_SHARP_AGAIN:-yes}
[ -s "$work/ref.wall" ] && [ -s "$work/tuned.wall" ] || again=yes
[ "$again" = no ] || rm -rf "$work/ref-out" "$work/tuned-out"
# A private copy: relinking the tree's binary must not disturb the run.
install -m 755 "$DISTILL" "$work/distill"
install -m 755 "$DISTILL-image" "$work/distill-image" && DISTILL=$work/distill
cd "$work"

# The pictures, sharp and the SSIM tool (image-lib.bash).
image_pictures
image_sharp
cat >sharp/ref.js <<'JS'
const sharp = require('sharp');
const path = require('path');
const [outdir, ...inputs] = process.argv.slice(2);
(async () => {
  for (const input of inputs) {
    const stem = path.basename(input).replace(/\.[^.]*$/, '');
    for (const size of [320, 640, 768, 1024, 1280, 1920]) {
      await sharp(input).resize(size, null, { withoutEnlargement: true })
        .webp({ quality: 85 }).toFile(`${outdir}/${stem}-${size}.webp`);
      await sharp(input).resize(size, null, { withoutEnlargement: true })
        .avif({ quality: 85 }).toFile(`${outdir}/${stem}-${size}.avif`);
    }
  }
})().catch((e) => { console.error(e); process.exit(1); });
JS
# The best a user would write by hand: every picture decoded once, into
# raw pixels, each output a clone() of that, all outputs of all pictures
# started together (sharp's own thread pool runs them on every core).
cat >sharp/tuned.js <<'JS'
const sharp = require('sharp');
const path = require('path');
const [outdir, ...inputs] = process.argv.slice(2);
(async () => {
  await Promise.all(inputs.map(async (input) => {
    const stem = path.basename(input).replace(/\.[^.]*$/, '');
    const { data, info } = await sharp(input).raw().toBuffer({ resolveWithObject: true });
    const base = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    const jobs = [];
    for (const size of [320, 640, 768, 1024, 1280, 1920]) {
      const resized = base.clone().resize(size, null, { withoutEnlargement: true });
      jobs.push(resized.clone().webp({ quality: 85 }).toFile(`${outdir}/${stem}-${size}.webp`));
      jobs.push(resized.clone().avif({ quality: 85 }).toFile(`${outdir}/${stem}-${size}.avif`));
    }
    await Promise.all(jobs);
  }));
})().catch((e) => { console.error(e); process.exit(1); });
JS
cat >sharp/lossless.js <<'JS'
const sharp = require('sharp');
const path = require('path');
const [outdir, ...inputs] = process.argv.slice(2);
(async () => {
  for (const input of inputs) {
    const stem = path.basename(input).replace(/\.[^.]*$/, '');
    await sharp(input).resize(1280, null, { withoutEnlargement: true })
      .png({ compressionLevel: 1 }).toFile(`${outdir}/${stem}.png`);
  }
})().catch((e) => { console.error(e); process.exit(1); });
JS
echo "sharp $(node -p 'const v = require("./sharp/node_modules/sharp").versions; `${v.sharp} (libvips ${v.vips}, libheif ${v.heif}, aom ${v.aom}, libwebp ${v.webp})`')"

image_ssim

now() { date +%s.%N; }
load() { cut -d' ' -f1 /proc/loadavg; }

# run_sharp NAME: sharp/NAME.js into NAME-out (unless kept), timed into
# NAME.wall and NAME.time (user, system, peak KiB).
run_sharp() {
	if [ "$again" = yes ]; then
		mkdir -p "$1-out"
		echo "load average before $1: $(load)"
		t0=$(now)
		/usr/bin/time -f '%U %S %M' -o "$1.time" node "sharp/$1.js" "$1-out" dist/*
		echo "$(now) - $t0" | bc >"$1.wall"
	fi
}
run_sharp ref
sharp_wall=$(cat ref.wall)
read -r su ss smax <ref.time
sharp_bytes=$(cat ref-out/* | wc -c)
run_sharp tuned
tuned_wall=$(cat tuned.wall)
read -r tu ts tmax <tuned.time
tuned_bytes=$(cat tuned-out/* | wc -c)

# distill: only the passes an image needs (hash and copy come with it).
# BENCH_IMAGE_CONFIG adds "image" settings, e.g. '"avifChroma": "420"'.
echo "{\"compress\": {\"enabled\": false}, \"sw\": {\"enabled\": false},
 \"headers\": {\"enabled\": false}, \"budget\": {\"enabled\": false},
 \"image\": {${BENCH_IMAGE_CONFIG:-}}}" >distill.config.json
echo "load average before distill: $(load)"
t0=$(now)
setsid /usr/bin/time -f '%U %S %M' -o distill.time \
	"$DISTILL" build dist --out out --cache cache -j 2 -q &
pid=$!
peak=0
while kill -0 $pid 2>/dev/null; do
	# ps fails when the build ends between the two calls.
	kb=$(ps -s $pid -o rss= 2>/dev/null | awk '{ s += $1 } END { print s + 0 }') || kb=0
	[ "$kb" -le "$peak" ] || peak=$kb
	sleep 0.1
done
wait $pid || { echo "distill build failed"; exit 1; }
distill_wall=$(echo "$(now) - $t0" | bc)
read -r du ds dmax <distill.time
distill_bytes=$(jq '[.files[] | select(.role == "variant") | .size] | add' cache/manifest.json)

# SSIM of the 1280w variants against sharp's lossless 1280 px resize.
mkdir -p ref
node sharp/lossless.js ref dist/*
declare -A sum
printf '\n%-10s %-5s %9s %9s %9s   %-15s %-15s %-15s\n' picture fmt "sharp B" "tuned B" "distill B" \
	"SSIM sharp" "SSIM tuned" "SSIM distill"
for f in dist/*; do
	stem=$(basename "${f%.*}")
	for fmt in avif webp; do
		mine=out/$(jq -r --arg p "$(basename "$f")" --arg f $fmt \
			'.assets[] | select(.path == $p) | .image.variants[] |
			 select(.format == $f and .width == 1280) | .output' cache/manifest.json)
		image_decode "ref-out/$stem-1280.$fmt" a.png
		image_decode "$mine" b.png
		image_decode "tuned-out/$stem-1280.$fmt" c.png
		read -r s1 y1 < <(./ssim "ref/$stem.png" a.png)
		read -r s2 y2 < <(./ssim "ref/$stem.png" b.png)
		read -r s3 y3 < <(./ssim "ref/$stem.png" c.png)
		printf '%-10s %-5s %9d %9d %9d   %.5f/%.5f %.5f/%.5f %.5f/%.5f\n' "$stem" $fmt \
			"$(stat -c %s "ref-out/$stem-1280.$fmt")" "$(stat -c %s "tuned-out/$stem-1280.$fmt")" \
			"$(stat -c %s "$mine")" "$s1" "$y1" "$s3" "$y3" "$s2" "$y2"
		for k in s1 y1 s2 y2 s3 y3; do
			sum[$fmt$k]=$(echo "${sum[$fmt$k]:-0} + ${!k}" | bc -l)
		done
	done
done
n=$(ls dist | wc -l)
echo
printf 'sharp:   %6.1f s wall, %6.1f s CPU, %4d MiB peak, %9d bytes\n' \
	"$sharp_wall" "$(echo "$su + $ss" | bc)" $((smax / 1024)) "$sharp_bytes"
printf 'tuned:   %6.1f s wall, %6.1f s CPU, %4d MiB peak, %9d bytes\n' \
	"$tuned_wall" "$(echo "$tu + $ts" | bc)" $((tmax / 1024)) "$tuned_bytes"
printf 'distill: %6.1f s wall, %6.1f s CPU, %4d MiB peak process, %4d MiB all processes, %9d bytes\n' \
	"$distill_wall" "$(echo "$du + $ds" | bc)" $((dmax / 1024)) $((peak / 1024)) "$distill_bytes"
printf '(a) wall time: distill %.2fx faster (goal >= 4)\n' "$(echo "$sharp_wall / $distill_wall" | bc -l)"
printf '(b) bytes: distill/sharp %.3f (goal <= 1)\n' "$(echo "$distill_bytes / $sharp_bytes" | bc -l)"
printf '(e) against the tuned sharp script: wall %.2fx faster (goal >= 6), bytes %.3f (goal <= 1)\n' \
	"$(echo "$tuned_wall / $distill_wall" | bc -l)" "$(echo "$distill_bytes / $tuned_bytes" | bc -l)"
for fmt in avif webp; do
	printf '(c) %s SSIM at 1280w, mean of %d, RGB/luma: sharp %.5f/%.5f, tuned %.5f/%.5f, distill %.5f/%.5f (goal: no worse than -0.003)\n' \
		$fmt "$n" "$(echo "${sum[${fmt}s1]} / $n" | bc -l)" "$(echo "${sum[${fmt}y1]} / $n" | bc -l)" \
		"$(echo "${sum[${fmt}s3]} / $n" | bc -l)" "$(echo "${sum[${fmt}y3]} / $n" | bc -l)" \
		"$(echo "${sum[${fmt}s2]} / $n" | bc -l)" "$(echo "${sum[${fmt}y2]} / $n" | bc -l)"
done
printf '(d) distill peak memory at -j 2: %d MiB in one process, %d MiB summed (goal < 400)\n' \
	$((dmax / 1024)) $((peak / 1024))
