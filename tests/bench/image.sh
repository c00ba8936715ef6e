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
: "${DISTILL:?}" "${ROOT:?}"
for t in apt-get dpkg-deb vips vipsheader avifdec dwebp node npm cc pkg-config jq; do
	command -v $t >/dev/null || { echo "needs $t"; exit 1; }
done
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)"; exit 1; }
cache=${BENCH_CACHE:-$ROOT/build/bench-cache}/images
work=${BENCH_DIR:-/tmp/distill-bench-image}
mkdir -p "$cache" "$work"
rm -rf "$work/dist" "$work/out" "$work/cache" "$work/sharp-out" "$work/ref"
# A private copy: relinking the tree's binary must not disturb the run.
install -m 755 "$DISTILL" "$work/distill" && DISTILL=$work/distill
cd "$work"

# The pictures.
if [ ! -d "$cache/x" ]; then
	(cd "$cache" && apt-get download plasma-workspace-wallpapers mate-backgrounds >/dev/null 2>&1)
	for d in "$cache"/*.deb; do dpkg-deb -x "$d" "$cache/x"; done
fi
w=$cache/x/usr/share/wallpapers
m=$cache/x/usr/share/backgrounds/mate
mkdir -p dist
cp "$m/abstract/Elephants_5640x3172.jpg" dist/elephants.jpg
cp "$w/Path/contents/images/2560x1600.jpg" dist/path.jpg
cp "$w/ColorfulCups/contents/images/2560x1600.jpg" dist/cups.jpg
vips copy "$w/EveningGlow/contents/images/2560x1600.jpg" dist/boats.png 2>/dev/null
cp "$m/abstract/Arc-Colors-Transparent-Wallpaper.png" dist/arc.png
cp "$m/nature/FreshFlower.jpg" dist/flower.jpg
cp "$m/nature/Storm.jpg" dist/storm.jpg
for f in dist/*; do
	echo "  $(basename "$f"): $(vipsheader "$f" 2>/dev/null | cut -d' ' -f2-), $(stat -c %s "$f") bytes"
done

# sharp, and the reference script.
if [ ! -d sharp/node_modules/sharp ]; then
	mkdir -p sharp
	(cd sharp && echo '{"name": "bench", "private": true}' >package.json &&
		npm install --silent --no-audit --no-fund sharp >/dev/null)
fi
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

# SSIM (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 0.01, K2
# 0.03) of two images of the same size, read through libvips. Prints the
# mean over the R, G and B channels (alpha-premultiplied, and alpha itself
# when present) and the SSIM of luma (BT.601 weights).
cat >ssim.c <<'C'
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <vips/vips.h>

static float *load(const char *path, int *w, int *h, int *bands)
{
	VipsImage *im = vips_image_new_from_file(path, NULL), *t;
	size_t n;
	float *p;

	if (!im || vips_colourspace(im, &t, VIPS_INTERPRETATION_sRGB, NULL))
		vips_error_exit("%s", path);
	g_object_unref(im);
	if (vips_cast(t, &im, VIPS_FORMAT_FLOAT, NULL))
		vips_error_exit("%s", path);
	g_object_unref(t);
	if (!(p = vips_image_write_to_memory(im, &n)))
		vips_error_exit("%s", path);
	*w = im->Xsize, *h = im->Ysize, *bands = im->Bands;
	g_object_unref(im);
	return p;
}

static void blur(const float *in, float *out, float *tmp, int w, int h)
{
	float k[11], s = 0;

	for (int i = 0; i < 11; i++)
		s += k[i] = expf(-(i - 5) * (i - 5) / 4.5f);
	for (int i = 0; i < 11; i++)
		k[i] /= s;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			float a = 0;
			for (int i = -5; i <= 5; i++) {
				int xx = x + i < 0 ? 0 : x + i >= w ? w - 1 : x + i;
				a += k[i + 5] * in[(size_t)y * w + xx];
			}
			tmp[(size_t)y * w + x] = a;
		}
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			float a = 0;
			for (int i = -5; i <= 5; i++) {
				int yy = y + i < 0 ? 0 : y + i >= h ? h - 1 : y + i;
				a += k[i + 5] * tmp[(size_t)yy * w + x];
			}
			out[(size_t)y * w + x] = a;
		}
}

static double ssim(const float *a, const float *b, int w, int h)
{
	size_t n = (size_t)w * h;
	float *m = malloc(n * sizeof(float) * 9), *ma = m, *mb = m + n,
	      *aa = m + 2 * n, *bb = m + 3 * n, *ab = m + 4 * n, *saa = m + 5 * n,
	      *sbb = m + 6 * n, *sab = m + 7 * n, *tmp = m + 8 * n;
	const double c1 = 6.5025, c2 = 58.5225;
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		aa[i] = a[i] * a[i], bb[i] = b[i] * b[i], ab[i] = a[i] * b[i];
	blur(a, ma, tmp, w, h);
	blur(b, mb, tmp, w, h);
	blur(aa, saa, tmp, w, h);
	blur(bb, sbb, tmp, w, h);
	blur(ab, sab, tmp, w, h);
	for (size_t i = 0; i < n; i++) {
		double x = ma[i], y = mb[i];
		sum += (2 * x * y + c1) * (2 * (sab[i] - x * y) + c2) /
		       ((x * x + y * y + c1) * (saa[i] - x * x + sbb[i] - y * y + c2));
	}
	free(m);
	return sum / n;
}

int main(int argc, char **argv)
{
	int w, h, nb, w2, h2, nb2;
	float *a, *b, *pa, *pb;
	double total = 0;
	size_t n;

	if (VIPS_INIT(argv[0]) || argc != 3)
		return 2;
	a = load(argv[1], &w, &h, &nb);
	b = load(argv[2], &w2, &h2, &nb2);
	if (w != w2 || h != h2 || nb != nb2) {
		fprintf(stderr, "ssim: %dx%dx%d against %dx%dx%d\n", w, h, nb, w2, h2, nb2);
		return 1;
	}
	n = (size_t)w * h;
	if (nb == 4)
		for (size_t i = 0; i < n; i++)
			for (int c = 0; c < 3; c++)
				a[i * 4 + c] *= a[i * 4 + 3] / 255, b[i * 4 + c] *= b[i * 4 + 3] / 255;
	pa = malloc(n * sizeof(float));
	pb = malloc(n * sizeof(float));
	for (int c = 0; c < nb; c++) {
		for (size_t i = 0; i < n; i++)
			pa[i] = a[i * nb + c], pb[i] = b[i * nb + c];
		total += ssim(pa, pb, w, h);
	}
	for (size_t i = 0; i < n; i++) {
		pa[i] = .299f * a[i * nb] + .587f * a[i * nb + 1] + .114f * a[i * nb + 2];
		pb[i] = .299f * b[i * nb] + .587f * b[i * nb + 1] + .114f * b[i * nb + 2];
	}
	printf("%.5f %.5f\n", total / nb, ssim(pa, pb, w, h));
	return 0;
}
C
cc -O2 -o ssim ssim.c $(pkg-config --cflags --libs vips) -lm

now() { date +%s.%N; }
load() { cut -d' ' -f1 /proc/loadavg; }

# sharp.
mkdir -p sharp-out
echo "load average before sharp: $(load)"
t0=$(now)
/usr/bin/time -f '%U %S %M' -o sharp.time node sharp/ref.js sharp-out dist/*
sharp_wall=$(echo "$(now) - $t0" | bc)
read -r su ss smax <sharp.time
sharp_bytes=$(cat sharp-out/* | wc -c)

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
	kb=$(ps -s $pid -o rss= 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
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
decode() { # in out.png
	case $1 in
	*.avif) avifdec -q "$1" "$2" >/dev/null 2>&1 || avifdec "$1" "$2" >/dev/null ;;
	*.webp) dwebp -quiet "$1" -o "$2" ;;
	esac
}
declare -A sum
printf '\n%-10s %-5s %9s %9s   %-15s %-15s\n' picture fmt "sharp B" "distill B" "SSIM sharp" "SSIM distill"
for f in dist/*; do
	stem=$(basename "${f%.*}")
	for fmt in avif webp; do
		mine=out/$(jq -r --arg p "$(basename "$f")" --arg f $fmt \
			'.assets[] | select(.path == $p) | .image.variants[] |
			 select(.format == $f and .width == 1280) | .output' cache/manifest.json)
		decode "sharp-out/$stem-1280.$fmt" a.png
		decode "$mine" b.png
		read -r s1 y1 < <(./ssim "ref/$stem.png" a.png)
		read -r s2 y2 < <(./ssim "ref/$stem.png" b.png)
		printf '%-10s %-5s %9d %9d   %.5f/%.5f %.5f/%.5f\n' "$stem" $fmt \
			"$(stat -c %s "sharp-out/$stem-1280.$fmt")" "$(stat -c %s "$mine")" \
			"$s1" "$y1" "$s2" "$y2"
		for k in s1 y1 s2 y2; do
			sum[$fmt$k]=$(echo "${sum[$fmt$k]:-0} + ${!k}" | bc -l)
		done
	done
done
n=$(ls dist | wc -l)
echo
printf 'sharp:   %6.1f s wall, %6.1f s CPU, %4d MiB peak, %9d bytes\n' \
	"$sharp_wall" "$(echo "$su + $ss" | bc)" $((smax / 1024)) "$sharp_bytes"
printf 'distill: %6.1f s wall, %6.1f s CPU, %4d MiB peak process, %4d MiB all processes, %9d bytes\n' \
	"$distill_wall" "$(echo "$du + $ds" | bc)" $((dmax / 1024)) $((peak / 1024)) "$distill_bytes"
printf '(a) wall time: distill %.2fx faster (goal >= 4)\n' "$(echo "$sharp_wall / $distill_wall" | bc -l)"
printf '(b) bytes: distill/sharp %.3f (goal <= 1)\n' "$(echo "$distill_bytes / $sharp_bytes" | bc -l)"
for fmt in avif webp; do
	printf '(c) %s SSIM at 1280w, mean of %d, RGB/luma: sharp %.5f/%.5f, distill %.5f/%.5f (goal: no worse than -0.003)\n' \
		$fmt "$n" "$(echo "${sum[${fmt}s1]} / $n" | bc -l)" "$(echo "${sum[${fmt}y1]} / $n" | bc -l)" \
		"$(echo "${sum[${fmt}s2]} / $n" | bc -l)" "$(echo "${sum[${fmt}y2]} / $n" | bc -l)"
done
printf '(d) distill peak memory at -j 2: %d MiB in one process, %d MiB summed (goal < 400)\n' \
	$((dmax / 1024)) $((peak / 1024))
