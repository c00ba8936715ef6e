#!/bin/sh
# SPDX-License-Identifier: MIT
# The libvips the npm platform package carries: Debian 12's own source
# package at the version of the installed libvips42 (npm/debsrc.sh), so the
# same ABI that distill-image was linked against, built with Debian's
# compiler flags but only what distill calls: the JPEG and PNG loaders
# (libjpeg-turbo, libpng), EXIF (libexif) and colour management (lcms2).
# No modules, no C++, no other format, and no orc: distill-image turns
# libvips' vector code off (passes/image_decode.c). Debian's full libvips
# needs 120 further libraries, among them GPL-2+ fftw3, X11, poppler and
# ImageMagick.
#
#   sh npm/vips.sh fetch DIR   download the source package into DIR/src
#                              (network: ./configure --tests runs it)
#   sh npm/vips.sh build DIR   build DIR/lib/libvips.so.42 and its headers
#                              in DIR/include from it (fetching first if
#                              needed); does nothing when DIR holds the
#                              build of this script for this version
#   --host TRIPLET             build for another machine (aarch64-linux-gnu)
#                              into DIR/TRIPLET, from the same DIR/src
#
# DIR/copyright is the source package's copyright file and DIR/package its
# "name version", for the package's licences/.
# Needs dpkg-source (dpkg-dev), meson, ninja and the -dev packages of the
# libraries above, which libvips-dev already brings; with --host, the cross
# compiler and those -dev packages of the host's architecture (npm/cross.sh).
set -eu

die() { echo "vips.sh: $*" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
. "$here/debsrc.sh"
debsrc_start vips.sh libvips42 lib/libvips.so.42 "$@"
for t in meson ninja dpkg-buildflags; do
	command -v $t >/dev/null 2>&1 || die "'$t' not found (apt-get install meson ninja-build dpkg-dev)"
done
rm -rf "$out/lib" "$out/include"
cross_meson_file "$work/cross.txt"
(
	cd "$work"
	CFLAGS=$(buildflags CFLAGS) CPPFLAGS=$(buildflags CPPFLAGS) LDFLAGS=$(buildflags LDFLAGS) \
	meson setup build src --prefix="$work/prefix" --libdir=lib --buildtype=plain \
		${host:+--cross-file "$work/cross.txt"} \
		-Dauto_features=disabled -Dmodules=disabled -Dcplusplus=false \
		-Ddeprecated=false -Dexamples=false -Dintrospection=false -Dvapi=false \
		-Djpeg=enabled -Dpng=enabled -Dexif=enabled -Dlcms=enabled -Dorc=disabled \
		-Dnsgif=false -Dppm=false -Danalyze=false -Dradiance=false >setup.log 2>&1 ||
		{ cat setup.log >&2; exit 1; }
	ninja -C build install >build.log 2>&1 || { tail -n 30 build.log >&2; exit 1; }
) || die "cannot build $source $version${host:+ for $host} (above)"
mkdir -p "$out/lib"
cp -L "$work/prefix/lib/libvips.so.42" "$out/lib/libvips.so.42"
$strip --strip-unneeded "$out/lib/libvips.so.42"
cp -R "$work/prefix/include" "$out/include"
debsrc_finish
echo "vips.sh: $out/lib/libvips.so.42 ($source $version${host:+ for $host}, $(ls -l "$out/lib/libvips.so.42" | awk '{ print $5 }') bytes)"
