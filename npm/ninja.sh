#!/bin/sh
# SPDX-License-Identifier: MIT
# The ninja the npm platform package carries: Debian 12's ninja-build source
# package at the installed version (npm/debsrc.sh), built with Debian's
# flags as Debian builds it, but with the C++
# library linked in (-static-libstdc++), which the GCC Runtime Library
# Exception allows under any licence: the package then carries no
# libstdc++, whose licence is the GPL. libgcc_s stays shared: it is part of
# every glibc system (glibc loads it itself), and its static unwinder would
# need glibc 2.35's _dl_find_object.
#
#   sh npm/ninja.sh fetch DIR   download the source package into DIR/src
#   sh npm/ninja.sh build DIR   build DIR/bin/ninja (fetching first if
#                               needed); does nothing when DIR holds the
#                               build of this script for this version
#   --host TRIPLET              build for another machine (aarch64-linux-gnu)
#                               into DIR/TRIPLET, from the same DIR/src
#
# DIR/copyright and DIR/package are as npm/vips.sh writes them.
# Needs python3, a C++ compiler, dpkg-dev and this machine's ninja.
set -eu

die() { echo "ninja.sh: $*" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
. "$here/debsrc.sh"
debsrc_start ninja.sh ninja-build bin/ninja "$@"
for t in python3 ninja dpkg-buildflags; do
	command -v $t >/dev/null 2>&1 || die "'$t' not found (apt-get install python3 ninja-build dpkg-dev)"
done
command -v "$cxx" >/dev/null 2>&1 || die "'$cxx' not found (apt-get install g++)"
rm -rf "$out/bin"
# configure.py writes a build.ninja for $CXX; this machine's ninja runs it
# (--bootstrap would run the ninja it builds, which a cross build cannot).
(
	cd "$work/src"
	cppflags=$(buildflags CPPFLAGS)
	CXX=$cxx CFLAGS="$(buildflags CFLAGS) $cppflags" \
	CXXFLAGS="$(buildflags CXXFLAGS) $cppflags" \
	LDFLAGS="$(buildflags LDFLAGS) -static-libstdc++" \
	python3 ./configure.py >configure.log 2>&1 &&
	ninja ninja >build.log 2>&1 ||
		{ tail -n 30 configure.log build.log >&2; exit 1; }
) || die "cannot build $source $version${host:+ for $host} (above)"
mkdir -p "$out/bin"
cp "$work/src/ninja" "$out/bin/ninja"
$strip --strip-unneeded "$out/bin/ninja"
if readelf -d "$out/bin/ninja" | grep 'libstdc++' >&2; then
	die "the ninja built still needs libstdc++ (above)"
fi
debsrc_finish
echo "ninja.sh: $out/bin/ninja ($source $version${host:+ for $host}, $(ls -l "$out/bin/ninja" | awk '{ print $5 }') bytes)"
