#!/bin/sh
# SPDX-License-Identifier: MIT
# The libvips the npm platform package carries: Debian 12's own source
# package at the version of the installed libvips42 (npm/debsrc.sh), so the
# same ABI that distill-image was linked against, built with Debian's
# compiler flags but only what distill calls: the JPEG and PNG loaders
# (libjpeg-turbo, libpng), EXIF (libexif), colour management (lcms2) and
# orc, as Debian's build uses it for resampling. No modules, no C++ and no other format. Debian's full libvips
# needs 120 further libraries, among them GPL-2+ fftw3, X11, poppler and
# ImageMagick.
#
#   sh npm/vips.sh fetch DIR   download the source package into DIR/src
#                              (network: ./configure --tests runs it)
#   sh npm/vips.sh build DIR   build DIR/lib/libvips.so.42 from it (fetching
#                              first if needed); does nothing when DIR holds
#                              the build of this script for this version
#
# DIR/copyright is the source package's copyright file and DIR/package its
# "name version", for the package's licences/.
# Needs dpkg-source (dpkg-dev), meson, ninja and the -dev packages of the
# libraries above, which libvips-dev already brings.
set -eu

die() { echo "vips.sh: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: sh npm/vips.sh fetch|build DIR"
what=$1
dir=$2
here=$(cd "$(dirname "$0")" && pwd)

. "$here/debsrc.sh"
debsrc_init libvips42 "$dir"

case $what in
fetch) debsrc_fetch; exit 0 ;;
build) ;;
*) die "unknown command '$what'" ;;
esac

key="$(cat "$here/vips.sh" "$here/debsrc.sh" | cksum) $source $version"
if [ -f "$dir/lib/libvips.so.42" ] && [ "$(cat "$dir/key" 2>/dev/null)" = "$key" ]; then
	exit 0
fi
debsrc_fetch
for t in meson ninja dpkg-buildflags; do
	command -v $t >/dev/null 2>&1 || die "'$t' not found (apt-get install meson ninja-build dpkg-dev)"
done
work=$dir/work
rm -rf "$work" "$dir/lib" "$dir/key"
debsrc_unpack "$work"
(
	cd "$work"
	CFLAGS=$(dpkg-buildflags --get CFLAGS) CPPFLAGS=$(dpkg-buildflags --get CPPFLAGS) \
	LDFLAGS=$(dpkg-buildflags --get LDFLAGS) \
	meson setup build src --prefix="$work/prefix" --libdir=lib --buildtype=plain \
		-Dauto_features=disabled -Dmodules=disabled -Dcplusplus=false \
		-Ddeprecated=false -Dexamples=false -Dintrospection=false -Dvapi=false \
		-Djpeg=enabled -Dpng=enabled -Dexif=enabled -Dlcms=enabled -Dorc=enabled \
		-Dnsgif=false -Dppm=false -Danalyze=false -Dradiance=false >setup.log 2>&1 ||
		{ cat setup.log >&2; exit 1; }
	ninja -C build install >build.log 2>&1 || { tail -n 30 build.log >&2; exit 1; }
) || die "cannot build $source $version (above)"
mkdir -p "$dir/lib"
cp -L "$work/prefix/lib/libvips.so.42" "$dir/lib/libvips.so.42"
strip --strip-unneeded "$dir/lib/libvips.so.42"
cp "$work/src/debian/copyright" "$dir/copyright"
echo "$source $version" > "$dir/package"
rm -rf "$work"
echo "$key" > "$dir/key"
echo "vips.sh: $dir/lib/libvips.so.42 ($source $version, $(ls -l "$dir/lib/libvips.so.42" | awk '{ print $5 }') bytes)"
