#!/bin/sh
# SPDX-License-Identifier: MIT
# The ninja the npm platform package carries: Debian 12's ninja-build source
# package at the installed version (npm/debsrc.sh), built as Debian builds
# it (configure.py --bootstrap with Debian's flags) but with the C++
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
#
# DIR/copyright and DIR/package are as npm/vips.sh writes them.
# Needs python3, a C++ compiler and dpkg-dev.
set -eu

die() { echo "ninja.sh: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: sh npm/ninja.sh fetch|build DIR"
what=$1
here=$(cd "$(dirname "$0")" && pwd)

. "$here/debsrc.sh"
debsrc_init ninja-build "$2"

case $what in
fetch) debsrc_fetch; exit 0 ;;
build) ;;
*) die "unknown command '$what'" ;;
esac

key="$(cat "$here/ninja.sh" "$here/debsrc.sh" | cksum) $source $version"
if [ -f "$dir/bin/ninja" ] && [ "$(cat "$dir/key" 2>/dev/null)" = "$key" ]; then
	exit 0
fi
debsrc_fetch
for t in python3 c++ dpkg-buildflags; do
	command -v $t >/dev/null 2>&1 || die "'$t' not found (apt-get install python3 g++ dpkg-dev)"
done
work=$dir/work
rm -rf "$work" "$dir/bin" "$dir/key"
debsrc_unpack "$work"
(
	cd "$work/src"
	cppflags=$(dpkg-buildflags --get CPPFLAGS)
	CFLAGS="$(dpkg-buildflags --get CFLAGS) $cppflags" \
	CXXFLAGS="$(dpkg-buildflags --get CXXFLAGS) $cppflags" \
	LDFLAGS="$(dpkg-buildflags --get LDFLAGS) -static-libstdc++" \
	python3 ./configure.py --bootstrap >bootstrap.log 2>&1 ||
		{ tail -n 30 bootstrap.log >&2; exit 1; }
) || die "cannot build $source $version (above)"
mkdir -p "$dir/bin"
cp "$work/src/ninja" "$dir/bin/ninja"
strip --strip-unneeded "$dir/bin/ninja"
if ldd "$dir/bin/ninja" | grep 'libstdc++' >&2; then
	die "the ninja built still loads libstdc++ (above)"
fi
cp "$work/src/debian/copyright" "$dir/copyright"
echo "$source $version" > "$dir/package"
rm -rf "$work"
echo "$key" > "$dir/key"
echo "ninja.sh: $dir/bin/ninja ($source $version, $(ls -l "$dir/bin/ninja" | awk '{ print $5 }') bytes)"
