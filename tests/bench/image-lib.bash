# SPDX-License-Identifier: MIT
# Shared by the image benchmarks (image.sh, avif-calibrate.sh); sourced, not
# run. Each function works in the current folder and expects $cache (where
# the .debs and their contents are kept).

# Copy the seven bench pictures into the folder $1 (dist by default),
# fetching the two wallpaper packages into $cache first if needed.
image_pictures() {
	local to=${1:-dist} w m d f
	if [ ! -d "$cache/x" ]; then
		(cd "$cache" && apt-get download plasma-workspace-wallpapers mate-backgrounds >/dev/null 2>&1)
		for d in "$cache"/*.deb; do dpkg-deb -x "$d" "$cache/x"; done
	fi
	w=$cache/x/usr/share/wallpapers
	m=$cache/x/usr/share/backgrounds/mate
	mkdir -p "$to"
	cp "$m/abstract/Elephants_5640x3172.jpg" "$to"/elephants.jpg
	cp "$w/Path/contents/images/2560x1600.jpg" "$to"/path.jpg
	cp "$w/ColorfulCups/contents/images/2560x1600.jpg" "$to"/cups.jpg
	vips copy "$w/EveningGlow/contents/images/2560x1600.jpg" "$to"/boats.png 2>/dev/null
	cp "$m/abstract/Arc-Colors-Transparent-Wallpaper.png" "$to"/arc.png
	cp "$m/nature/FreshFlower.jpg" "$to"/flower.jpg
	cp "$m/nature/Storm.jpg" "$to"/storm.jpg
	for f in "$to"/*; do
		echo "  $(basename "$f"): $(vipsheader "$f" 2>/dev/null | cut -d' ' -f2-), $(stat -c %s "$f") bytes"
	done
}

# Install sharp (npm) into sharp/ unless it is there.
image_sharp() {
	if [ ! -d sharp/node_modules/sharp ]; then
		mkdir -p sharp
		(cd sharp && echo '{"name": "bench", "private": true}' >package.json &&
			npm install --silent --no-audit --no-fund sharp >/dev/null)
	fi
}

# Build ./ssim, the SSIM (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 0.01, K2
# 0.03) of two images of the same size, read through libvips. Prints the
# mean over the R, G and B channels (alpha-premultiplied, and alpha itself
# when present) and the SSIM of luma (BT.601 weights): `./ssim a.png b.png`.
image_ssim() {
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
}

# Decode an AVIF or WebP file to PNG.
image_decode() { # in out.png
	case $1 in
	*.avif) avifdec -q "$1" "$2" >/dev/null 2>&1 || avifdec "$1" "$2" >/dev/null ;;
	*.webp) dwebp -quiet "$1" -o "$2" ;;
	esac
}
