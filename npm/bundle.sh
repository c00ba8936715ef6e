#!/bin/sh
# SPDX-License-Identifier: MIT
# Build distill's two npm packages, ready for `npm pack`:
#
#   OUT/distill/     the main package: bin/distill.js, a shim that finds the
#                    platform package and runs its binary
#   OUT/PLATFORM/    @distill/PLATFORM (linux-x64 or linux-arm64, as the
#                    binary's ELF header says): bin/distill,
#                    bin/distill-image (BINARY-image, which runs the image
#                    jobs), bin/ninja, and lib/ with every shared library they need
#                    that is not part of a base glibc system, found through
#                    an $ORIGIN rpath; licenses/ with their copyright files,
#                    packages.tsv (file, package, version, licence) and a
#                    README.md of the same
#
# usage: sh npm/bundle.sh [--version V] [--glibc MAX] [--libs DIR]
#                         [--ninja DIR] BINARY OUT
#
# --libs DIR: shared libraries to carry instead of the system's of the same
# soname, built from Debian's source by a script that leaves DIR/package
# ("name version") and DIR/copyright beside DIR/lib (npm/vips.sh: a libvips
# with only what distill calls).
# --ninja DIR: DIR/bin/ninja rather than the system's, with DIR/package and
# DIR/copyright (npm/ninja.sh: a ninja with the C++ runtime linked in;
# Debian's needs libstdc++, whose copyright file names the GPL).
#
# The base system is glibc (libc, libm, libpthread, libdl, librt, libutil,
# libresolv, libmvec, the dynamic loader) and libgcc_s, which every glibc
# system has (glibc itself loads it for pthread_cancel, and Node.js links it).
# Every file carried must have a licence in npm/licenses.tsv that its
# copyright file confirms and that is not the GPL (npm/licenses.sh).
#
# The binary and every bundled library must need no glibc newer than MAX
# (default 2.34, Amazon Linux 2023's, the Vercel build image); glibc-floor.c
# makes the few references that can safely be made older, and the bundle fails
# if any other remains. Needs cc, patchelf and ldd (Debian: gcc, patchelf);
# for an arm64 binary on another machine, also aarch64-linux-gnu-gcc and
# qemu-user-static, whose qemu-aarch64-static runs arm64's dynamic loader
# to list what a file loads (crossbuild-essential-arm64, libc6:arm64).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
version=""
glibc_max=2.34
libs=""
ninja_dir=""
while [ $# -gt 0 ]; do
	case $1 in
	--version) version=$2; shift 2 ;;
	--glibc) glibc_max=$2; shift 2 ;;
	--libs) libs=$(cd "$2" && pwd); shift 2 ;;
	--ninja) ninja_dir=$(cd "$2" && pwd); shift 2 ;;
	--) shift; break ;;
	-*) echo "bundle.sh: unknown option '$1'" >&2; exit 2 ;;
	*) break ;;
	esac
done
if [ $# -ne 2 ]; then
	echo "usage: sh npm/bundle.sh [--version V] [--glibc MAX] [--libs DIR] [--ninja DIR] BINARY OUT" >&2
	exit 2
fi
binary=$1
out=$2

die() { echo "bundle.sh: $*" >&2; exit 1; }

[ -x "$binary" ] || die "no executable '$binary'"
image=$binary-image
[ -x "$image" ] || die "no executable '$image' (distill's image program, built beside it)"
command -v patchelf >/dev/null 2>&1 || die "'patchelf' not found (apt-get install patchelf)"
if [ -n "$ninja_dir" ]; then
	ninja_bin=$ninja_dir/bin/ninja
	[ -x "$ninja_bin" ] && [ -f "$ninja_dir/package" ] && [ -f "$ninja_dir/copyright" ] ||
		die "'$ninja_dir' has no 'bin/ninja', 'package' and 'copyright'"
else
	ninja_bin=$(command -v ninja 2>/dev/null) || die "'ninja' not found (apt-get install ninja-build)"
fi

# The machine the binary is for, from e_machine in its ELF header; the
# package's name, the compiler of its compat library and the way to list
# what a file loads follow from it.
case $(od -An -tx1 -j18 -N2 "$binary" | tr -d ' \n') in
3e00) cpu=x64 debarch=amd64 triplet=x86_64-linux-gnu loader=/lib64/ld-linux-x86-64.so.2 ;;
b700) cpu=arm64 debarch=arm64 triplet=aarch64-linux-gnu loader=/lib/ld-linux-aarch64.so.1 ;;
*) die "'$binary' is for a machine distill has no package for" ;;
esac
os=linux
platform=$os-$cpu
target_cc=cc
run_foreign=""
if [ "$triplet" != "$(gcc -dumpmachine)" ]; then
	target_cc=$triplet-gcc
	run_foreign=qemu-${triplet%%-*}-static
	for t in $target_cc $run_foreign; do
		command -v $t >/dev/null 2>&1 || die "'$t' not found (apt-get install crossbuild-essential-$cpu qemu-user-static)"
	done
	[ -e "$loader" ] || die "no '$loader' (apt-get install libc6:$cpu)"
fi

# What FILE... load, in ldd's format: ldd itself for this machine's files,
# the target's dynamic loader under qemu for another's.
list_loaded() {
	if [ -z "$run_foreign" ]; then
		ldd "$@"
		return
	fi
	for f; do
		echo "$f:"
		"$run_foreign" "$loader" --list "$f" || return 1
	done
}

if list_loaded "$binary" "$image" 2>/dev/null | grep -q 'libasan\|libubsan'; then
	die "'$binary' is a sanitizer build; bundle the release binary"
fi

# npm wants semver: "0.1.0", "v0.2.0-3-gabc" and "abc1234-dirty" become
# "0.1.0", "0.2.0-3-gabc" and "0.0.0-abc1234-dirty".
[ -n "$version" ] || version=$(git -C "$here/.." describe --tags --always --dirty 2>/dev/null || echo 0.0.0)
version=${version#v}
case $version in
[0-9]*.[0-9]*.[0-9]*) ;;
*) version=0.0.0-$version ;;
esac
version=$(printf '%s' "$version" | tr -c '0-9A-Za-z.+-' '-')

# Sonames of the base system: never bundled.
is_base() {
	case $1 in
	ld-linux*|linux-vdso*|libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|\
	librt.so.*|libutil.so.*|libresolv.so.*|libmvec.so.*|libanl.so.*|\
	libgcc_s.so.*) return 0 ;;
	esac
	return 1
}

mkdir -p "$out"
stage=$(mktemp -d "$out/.bundle.XXXXXX")
trap 'rm -rf "$stage"' EXIT INT TERM
main=$stage/distill
plat=$stage/$platform
mkdir -p "$main/bin" "$plat/bin" "$plat/lib" "$plat/licenses" "$stage/tools"

cp "$binary" "$plat/bin/distill"
cp "$image" "$plat/bin/distill-image"
cp "$ninja_bin" "$plat/bin/ninja"
chmod 755 "$plat/bin/distill" "$plat/bin/distill-image" "$plat/bin/ninja"
$triplet-strip --strip-debug "$plat/bin/distill" "$plat/bin/distill-image"

# Every library the three programs load, as "soname path" (ldd resolves the
# whole tree). A library that is not found is an error, not a skip.
if [ -n "$libs" ] && { [ ! -f "$libs/package" ] || [ ! -f "$libs/copyright" ]; }; then
	die "'$libs' has no 'package' and 'copyright' files"
fi
LD_LIBRARY_PATH=${libs:+$libs/lib} list_loaded "$binary" "$image" "$ninja_bin" > "$stage/ldd.txt" ||
	die "ldd failed on '$binary'"
if grep -q 'not found' "$stage/ldd.txt"; then
	grep 'not found' "$stage/ldd.txt" >&2
	die "'$binary' needs libraries that are not installed"
fi
awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' "$stage/ldd.txt" | sort -u > "$stage/libs.txt"
: > "$stage/bundled.txt"
while read -r soname path; do
	is_base "$soname" && continue
	cp -L "$path" "$plat/lib/$soname"
	chmod 644 "$plat/lib/$soname"
	echo "$soname $path" >> "$stage/bundled.txt"
done < "$stage/libs.txt"

# The helpers: the ELF version editor runs here; the compat library ships.
cflags="-std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror"
# shellcheck disable=SC2086 # cflags is a list
cc $cflags -o "$stage/tools/glibc-floor" "$here/glibc-floor.c"
# shellcheck disable=SC2086
$target_cc $cflags -shared -fPIC -Wl,-soname,libdistill-glibc-compat.so \
	-o "$plat/lib/libdistill-glibc-compat.so" "$here/glibc-compat.c"

"$stage/tools/glibc-floor" "$glibc_max" "$plat"/bin/* "$plat"/lib/* > "$stage/floor.txt" ||
	die "cannot make the package run on glibc $glibc_max (above)"
sed 's|^.*/||' "$stage/floor.txt" | grep -v ': needs compat$' || true
for f in $(sed -n 's/: needs compat$//p' "$stage/floor.txt"); do
	patchelf --add-needed libdistill-glibc-compat.so "$f"
done

# DT_RPATH rather than DT_RUNPATH: it is searched before LD_LIBRARY_PATH and
# for the libraries' own dependencies, so a library of the host never stands
# in for a bundled one.
patchelf --force-rpath --set-rpath '$ORIGIN/../lib' "$plat"/bin/*
for f in "$plat"/lib/*; do
	patchelf --force-rpath --set-rpath '$ORIGIN' "$f"
done

# The bundle must be closed: nothing outside it but the base system.
list_loaded "$plat"/bin/* |
	awk '$2 == "=>" { print $1, $3 }' | sort -u |
	while read -r soname path; do
		case $(readlink -f "$path") in "$(readlink -f "$plat")"/lib/*) continue ;; esac
		is_base "$soname" || die "'$soname' resolves to '$path', outside the package"
	done

# Where each file comes from: a Debian binary package (dpkg -S), a source
# package built by --libs or --ninja ("src:NAME"), or distill itself.
echo "ninja $ninja_bin" >> "$stage/bundled.txt"
# One dpkg query for all (it is slow per call); a file may be registered
# under its /lib or its /usr/lib name, so ask for every spelling.
while read -r soname path; do
	real=$(readlink -f "$path")
	echo "$soname $real"
	echo "$soname ${real#/usr}"
	echo "$soname /usr${real#/usr}"
done < "$stage/bundled.txt" > "$stage/spellings.txt"
dpkg -S $(cut -d' ' -f2 "$stage/spellings.txt" | sort -u) 2>/dev/null |
	sed -n 's/^\([^:,]*\)\(:[^:]*\)\{0,1\}: \(\/.*\)$/\3 \1/p' > "$stage/owners.txt" || true
cut -d' ' -f1 "$stage/bundled.txt" | while read -r soname; do
	if [ -n "$libs" ] && [ -f "$libs/lib/$soname" ]; then
		echo "$soname src:$(cut -d' ' -f1 "$libs/package")"
		continue
	fi
	if [ "$soname" = ninja ] && [ -n "$ninja_dir" ]; then
		echo "$soname src:$(cut -d' ' -f1 "$ninja_dir/package")"
		continue
	fi
	pkg=$(awk -v s="$soname" '$1 == s { print $2 }' "$stage/spellings.txt" |
		while read -r f; do awk -v f="$f" '$1 == f { print $2; exit }' "$stage/owners.txt"; done |
		head -n 1)
	[ -n "$pkg" ] || die "no Debian package owns '$soname'"
	echo "$soname $pkg"
done > "$stage/packages.txt"
for f in distill distill-image libdistill-glibc-compat.so; do
	echo "$f distill"
done >> "$stage/packages.txt"

# Copyright files: a source package's from its build folder, a binary
# package's from its documentation, distill's LICENSE. Several are LGPL,
# which asks for their notices to travel with the libraries.
# With a second architecture installed, a library package is listed once
# per architecture: the version is that of the package's own.
dpkg-query -W -f '${Package} ${Architecture} ${Version}\n' $(cut -d' ' -f2 "$stage/packages.txt" | grep -v '^src:\|^distill$' | sort -u) |
	awk -v a="$debarch" '($2 == a || $2 == "all") && !seen[$1]++ { print $1, $3 }' > "$stage/versions.txt"
echo "distill $version" >> "$stage/versions.txt"
for d in $libs $ninja_dir; do
	sed 's/^/src:/' "$d/package" >> "$stage/versions.txt"
	cp "$d/copyright" "$plat/licenses/$(cut -d' ' -f1 "$d/package").copyright"
done
cp "$here/../LICENSE" "$plat/licenses/distill.copyright"
for pkg in $(cut -d' ' -f2 "$stage/packages.txt" | grep -v '^src:\|^distill$' | sort -u); do
	[ -f "/usr/share/doc/$pkg/copyright" ] || die "no copyright file for '$pkg'"
	cp "/usr/share/doc/$pkg/copyright" "$plat/licenses/$pkg.copyright"
done
while read -r file pkg; do
	v=$(awk -v p="$pkg" '$1 == p { print $2 }' "$stage/versions.txt")
	licence=$(sh "$here/licenses.sh" of "$pkg") || die "add '$pkg' ($file) to npm/licenses.tsv"
	printf '%s\t%s\t%s\t%s\n' "$file" "$pkg" "$v" "$licence"
done < "$stage/packages.txt" > "$plat/licenses/packages.tsv"
sh "$here/licenses.sh" check "$plat" > "$stage/licenses.txt" ||
	die "the package would carry a file whose licence is unknown, unconfirmed or the GPL (above)"
{
	echo "# Licences"
	echo
	echo "@distill/$platform carries distill (MIT, \`distill.copyright\`) and the"
	echo "files below, copied from the Debian 12 packages named here or built from"
	echo "the Debian 12 source package named here (src:). Each package's copyright"
	echo "file is beside this one; \`packages.tsv\` has the same table."
	echo
	echo "| file | Debian package | version | licence |"
	echo "| --- | --- | --- | --- |"
	awk -F '\t' '$2 != "distill" { print "| " $1 " | " $2 " | " $3 " | " $4 " |" }' "$plat/licenses/packages.tsv"
} > "$plat/licenses/README.md"

subst() {
	sed -e "s|@VERSION@|$version|g" -e "s|@PLATFORM@|$platform|g" \
	    -e "s|@OS@|$os|g" -e "s|@CPU@|$cpu|g" "$1" > "$2"
}
subst "$here/platform/package.json.in" "$plat/package.json"
subst "$here/platform/README.md.in" "$plat/README.md"
subst "$here/distill/package.json.in" "$main/package.json"
cp "$here/distill/bin/distill.js" "$main/bin/distill.js"
chmod 755 "$main/bin/distill.js"
cp "$here/README.md" "$main/README.md"

# Swap the finished packages in.
rm -rf "$out/distill" "$out/$platform"
mv "$main" "$out/distill"
mv "$plat" "$out/$platform"
echo "bundle.sh: $out/distill and $out/$platform ($version, $(ls "$out/$platform/lib" | wc -l) libraries, $(du -sh "$out/$platform" | cut -f1))"
