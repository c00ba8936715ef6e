#!/bin/bash
# SPDX-License-Identifier: MIT
# An image job opens no libvips module (HEIF, JXL, ImageMagick, PDF,
# OpenSlide): only the JPEG and PNG loaders built into libvips run, so the
# modules' code is neither attack surface nor start-up time, and their
# static initializers (libhwy's, which valgrind cannot run on some CPUs)
# never run. The dynamic loader's own log (LD_DEBUG=files) lists every
# shared object a process opens, dlopen included.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/image/helpers.bash"

gradient in.ppm 700 40
vips copy in.ppm in.jpg
mkdir out
LD_DEBUG=files LD_DEBUG_OUTPUT=$PWD/ld image_job in.jpg out
expect_job_ok
ls out/*.avif out/*.webp >/dev/null || fail "the job wrote no variants"
log=$(cat ld.*)
grep -q 'file=.*libvips\.so' <<<"$log" || fail "the loader log does not show libvips: LD_DEBUG had no effect"
if grep 'file=.*vips-modules' <<<"$log" >&2; then
	fail "the image job loaded a libvips module (above)"
fi
echo "# $(grep -o 'file=[^ ]*' <<<"$log" | sort -u | wc -l) shared objects opened, no libvips module among them"
