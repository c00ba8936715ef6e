# SPDX-License-Identifier: MIT
# Sourced by the tests of the npm platform packages, with $cpu set to x64
# or arm64 (the arm64 one built by the cross compiler, npm/arm64.ninja, and
# run under qemu-user, registered in the test's own user namespace).
# The npm platform package is self-contained and fits the Vercel build image:
#  1. the loader resolves every library of bin/distill, bin/distill-image and
#     bin/ninja outside the base system (glibc, and libgcc_s, which glibc
#     itself loads) to a file inside the package;
#  2. no file in it needs a glibc symbol version newer than 2.34 (Amazon Linux
#     2023), checked with objdump; what Debian's own files needed beyond that,
#     and how the package answers it, is printed, not hidden;
#  3. the packaged distill builds a site with every library but the base
#     system's out of sight: in a chroot holding only glibc, libgcc_s, sh and
#     the package, so no libvips, libaom or libwebp of the host can be found;
#     that glibc is made to offer no symbol version newer than 2.34, so the
#     loader checks the package as Amazon Linux 2023's would; another
#     machine's package must build it to the same bytes as this machine's
#     distill;
#  4. it carries only the slim libvips, and is at most 25 MB unpacked;
#  5. every file in it has a licence that its copyright file confirms and
#     that is not the GPL (npm/licenses.sh), and a package with a GPL
#     library, or a licence its copyright file does not say, is refused.
. "$ROOT/tests/lib.sh"

case $DISTILL in
*asan*) skip "the npm package carries the release build; not a sanitizer test" ;;
esac
need patchelf unshare chroot
[ "$(uname -m)" = x86_64 ] || skip "the platform packages are built on x86_64"

# What differs between the two: the distill built for the package's
# machine, its libvips and ninja (npm/vips.sh, npm/ninja.sh), its glibc's
# folder and loader, and how a file of it is run and its libraries listed.
glibc_max=2.34
case $cpu in
x64)
	triplet=x86_64-linux-gnu loader=/lib64/ld-linux-x86-64.so.2
	distill=$DISTILL
	vips=$ROOT/build/vips ninja_dir=$ROOT/build/ninja
	target_cc=cc objdump=objdump run=""
	;;
arm64)
	triplet=aarch64-linux-gnu loader=/lib/ld-linux-aarch64.so.1
	distill=$ROOT/build/arm64/distill
	vips=$ROOT/build/vips/$triplet ninja_dir=$ROOT/build/ninja/$triplet
	target_cc=$triplet-gcc objdump=$triplet-objdump run=qemu-aarch64-static
	need $target_cc $objdump $run
	[ -x "$distill" ] || fail "no '$distill': run 'ninja build/arm64/distill build/arm64/distill-image' (npm/arm64.ninja)"
	;;
*) fail "platform.bash: unknown cpu '$cpu'" ;;
esac
need "$objdump"
[ -f "$vips/lib/libvips.so.42" ] || fail "no '$vips/lib/libvips.so.42': run 'ninja $vips/lib/libvips.so.42' (npm/vips.sh)"
[ -x "$ninja_dir/bin/ninja" ] || fail "no '$ninja_dir/bin/ninja': run 'ninja $ninja_dir/bin/ninja' (npm/ninja.sh)"
# What a file loads, as ldd prints it; for another machine's, that
# machine's loader lists it under qemu (qemu's vdso has no name: left out).
list_loaded() { # file
	if [ -z "$run" ]; then
		ldd "$1"
	else
		"$run" "$loader" --list "$1" | grep -v '^[[:space:]]*(0x'
	fi
}
sh "$ROOT/npm/bundle.sh" --glibc "$glibc_max" --libs "$vips" --ninja "$ninja_dir" "$distill" root/npm >bundle.log 2>&1 ||
	{ cat bundle.log >&2; fail "npm/bundle.sh failed"; }
pkg=root/npm/linux-$cpu
pkg_lib=$(readlink -f "$pkg/lib")
assert_file "$pkg/bin/distill"
assert_file "$pkg/bin/distill-image"
assert_file "$pkg/bin/ninja"
assert_file "$pkg/package.json"
assert_file "$pkg/licenses/README.md"

# The base system: glibc, and libgcc_s, which every glibc system has (glibc
# loads it for pthread_cancel). Everything else must come from the package.
is_base() {
	case $1 in
	linux-vdso.so.1|ld-linux-x86-64.so.2|ld-linux-aarch64.so.1|libc.so.6|libm.so.6|libpthread.so.0|\
	libdl.so.2|librt.so.1|libutil.so.1|libresolv.so.2|libmvec.so.1|\
	libanl.so.1|libgcc_s.so.1) return 0 ;;
	esac
	return 1
}

# 1. The loader's list.
base_libs=""
for exe in distill distill-image ninja; do
	(unset LD_LIBRARY_PATH; list_loaded "$pkg/bin/$exe") >"ldd.$exe" || fail "cannot list the libraries of '$exe'"
	if grep -q 'not found' "ldd.$exe"; then
		cat "ldd.$exe" >&2
		fail "packaged '$exe' has libraries that are not found"
	fi
	while read -r soname arrow path _; do
		if [ "$arrow" != "=>" ]; then  # the loader: "/lib64/ld-linux-x86-64.so.2 (0x...)"
			soname=$(basename "$soname")
			path=$soname
		fi
		case $(readlink -f "$path") in "$pkg_lib"/*) continue ;; esac
		is_base "$soname" ||
			fail "packaged '$exe' loads '$soname' from '$path', outside the package"
		case " $base_libs " in *" $soname "*) ;; *) base_libs="$base_libs $soname" ;; esac
	done <"ldd.$exe"
done
# What the host's build of distill takes from the system (with the slim
# libvips of npm/vips.sh), the package must carry: in particular libvips,
# libaom and libwebp.
for f in "$distill" "$distill-image" "$ninja_dir/bin/ninja"; do
	LD_LIBRARY_PATH=$vips/lib list_loaded "$f"
done >host.ldd
for lib in $(awk '$2 == "=>" { print $1 }' host.ldd | sort -u); do
	is_base "$lib" || assert_file "$pkg/lib/$lib"
done
echo "ldd: outside the package only:$base_libs"

# 2. glibc symbol versions, read with objdump: -T lists each undefined symbol
# with the version it needs, -p the version requirements (flag 0x2: weak).
# One objdump run over all files; "FILE:     file format" starts each.
versions_awk='
function key(v, a) { gsub(/[()]/, "", v); sub(/^GLIBC_/, "", v); split(v, a, "."); return a[1] * 1000 + a[2] }
/:     file format / { file = $1; sub(/:$/, "", file); n = split(file, p, "/"); file = p[n]; refs = 0; next }
/^Version References:/ { refs = 1; next }
/^[A-Z]/ { refs = 0 }
refs && NF == 4 && $4 ~ /^GLIBC_/ && key($4) > max && $2 !~ /[2367abef]$/ { print file, "requires", $4, "(not weak)" }
/\*UND\*/ && $(NF-1) ~ /^\(GLIBC_/ && key($(NF-1)) > max { v = $(NF-1); gsub(/[()]/, "", v); print file, "needs", $NF "@" v }
'
max_key=$(echo "$glibc_max" | awk -F. '{ print $1 * 1000 + $2 }')
$objdump -T -p "$pkg"/bin/* "$pkg"/lib/* >package.dump
awk -v max="$max_key" "$versions_awk" package.dump >too-new.txt
if [ -s too-new.txt ]; then
	cat too-new.txt >&2
	fail "the package needs glibc newer than $glibc_max (above)"
fi

# Say what Debian's files needed beyond the floor, and check how the package
# answers each: the compat library defines it, or glibc $glibc_max has an
# older version of the same symbol for the unversioned reference to bind to.
compat=$pkg/lib/libdistill-glibc-compat.so
$objdump -T "$compat" | awk '$4 == ".text" { print $NF }' >compat.symbols
$objdump -T "/lib/$triplet/libc.so.6" "/lib/$triplet/libm.so.6" |
	awk -v max="$max_key" '
	function key(v, a) { gsub(/[()]/, "", v); sub(/^GLIBC_/, "", v); split(v, a, "."); return a[1] * 1000 + a[2] }
	NF >= 6 && !/\*UND\*/ && $(NF-1) ~ /GLIBC_/ && key($(NF-1)) <= max { v = $(NF-1); gsub(/[()]/, "", v); print $NF, v }' >glibc-old.symbols
originals=$(awk '$2 == "=>" { print $3 }' host.ldd | sort -u |
	while read -r path; do
		is_base "$(basename "$path")" || echo "$path"
	done)
# shellcheck disable=SC2086
$objdump -T -p "$distill" "$distill-image" "$ninja_dir/bin/ninja" $originals >host.dump
awk -v max="$max_key" "$versions_awk" host.dump | awk '$2 == "needs"' | sort -u >debian-too-new.txt
while read -r file _ symver; do
	sym=${symver%@*}
	if grep -qx "$sym" compat.symbols; then
		how="defined by libdistill-glibc-compat.so"
	elif older=$(awk -v s="$sym" '$1 == s { print $2; exit }' glibc-old.symbols) && [ -n "$older" ]; then
		how="binds to $sym@$older, which glibc $glibc_max has"
	else
		fail "Debian's '$file' needs $symver; the package neither defines it nor has an older version"
	fi
	echo "glibc: Debian's $file needs $symver; in the package it is unversioned and $how"
done <debian-too-new.txt
echo "glibc: $(ls "$pkg"/bin "$pkg"/lib | wc -l) files need no glibc newer than $glibc_max" \
	"(objdump; the sandbox below loads them against a glibc $(ldd --version | awk 'NR == 1 { print $NF }') cut down to $glibc_max's versions)"

# The compat library's functions, called where its definitions win (the
# program links it before libc): random bytes, and uniform in range.
cat >compat_test.c <<'EOF'
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
void arc4random_buf(void *, size_t);
uint32_t arc4random_uniform(uint32_t);
int main(void)
{
	unsigned char a[64] = { 0 }, b[64] = { 0 };
	int seen[10] = { 0 }, i;
	Dl_info info;

	if (!dladdr((void *)arc4random_buf, &info) || !strstr(info.dli_fname, "glibc-compat"))
		return printf("arc4random_buf is not the compat library's\n"), 1;
	arc4random_buf(a, sizeof a);
	arc4random_buf(b, sizeof b);
	if (memcmp(a, b, sizeof a) == 0)
		return puts("arc4random_buf gave the same bytes twice"), 1;
	for (i = 0; i < 1000; i++) {
		uint32_t v = arc4random_uniform(10);
		if (v >= 10)
			return printf("arc4random_uniform(10) = %u\n", v), 1;
		seen[v]++;
	}
	for (i = 0; i < 10; i++)
		if (!seen[i])
			return printf("arc4random_uniform(10) never gave %d\n", i), 1;
	return arc4random_uniform(1) != 0;
}
EOF
$target_cc -std=c11 -D_GNU_SOURCE -o compat_test compat_test.c "$(readlink -f "$compat")" \
	-Wl,-rpath,"$pkg_lib" -ldl || fail "cannot build the compat library test"
$run ./compat_test || fail "libdistill-glibc-compat.so misbehaves"

# 3. Run with the host's libraries out of sight.
mkdir -p "root/lib/$triplet" "root/$(dirname "$loader")" root/bin root/proc root/tmp root/work
for soname in $base_libs; do
	case $soname in linux-vdso.so.1|ld-linux-*) continue ;; esac
	cp -L "/lib/$triplet/$soname" "root/lib/$triplet/"
done
cp -L "$loader" "root$loader"
# ninja runs jobs with /bin/sh -c: this machine's dash, with its own glibc
# beside the package's when the package is another machine's.
cp -L "$(command -v dash || command -v sh)" root/bin/sh
if [ -n "$run" ]; then
	mkdir -p root/lib/x86_64-linux-gnu root/lib64
	cp -L /lib/x86_64-linux-gnu/libc.so.6 root/lib/x86_64-linux-gnu/
	cp -L /lib64/ld-linux-x86-64.so.2 root/lib64/
fi
# Make the sandbox's glibc answer like glibc 2.34: its version definitions
# newer than that are renamed (GLIBC_2.36 -> XLIBC_2.36) in every base file,
# consistently, so glibc still loads itself, but the loader rejects any other
# file that needs one of them. The symbols themselves stay; the compat test
# above covers what stands in for them.
minor=${glibc_max#*.}
for f in "root/lib/$triplet"/* "root$loader"; do
	perl -0777 -pi -e 's/GLIBC_2\.(\d+)\0/$1 > '"$minor"' ? "XLIBC_2.$1\0" : $&/ge' "$f"
done
# A control: a program that needs GLIBC_2.36 must not load there.
printf '#include <stdlib.h>\nint main(void) { return arc4random() == 42; }\n' >needs_new.c
$target_cc -std=c11 -D_GNU_SOURCE -o root/needs_new needs_new.c
mkdir -p root/work/dist/assets
cp "$FIXTURES/vite-app/src/assets/flower.jpg" "$FIXTURES/vite-app/src/assets/grass.png" root/work/dist/assets/
cp "$FIXTURES/vite-app/src/style.css" root/work/dist/assets/style.css
cat >root/work/dist/index.html <<'EOF'
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>sandbox</title>
<link rel="stylesheet" href="/assets/style.css"></head>
<body><img src="/assets/flower.jpg" alt="flower"><img src="/assets/grass.png" alt="grass"></body>
</html>
EOF

# Run a command in root/, in new mount and pid namespaces: /proc (ld.so reads
# /proc/self/exe for $ORIGIN) and /dev/null (ninja's jobs read it) are
# mounted, nothing else of the host.
# For another machine's package, the kernel must hand each of its programs
# to qemu (they run one another): qemu is registered in the sandbox's own
# binfmt_misc, which a new user namespace has (Linux 6.7 and later), with
# flag F so that qemu is opened at once, outside the chroot.
binfmt=""
if [ -n "$run" ]; then
	binfmt=$(sed "s|:[^:]*:[^:]*\$|:$(command -v "$run"):F|" "/usr/lib/binfmt.d/qemu-${triplet%%-*}.conf") ||
		fail "qemu-user-static has no binfmt entry for ${triplet%%-*}"
fi
sandbox() { # command...
	local setup='mount --bind /dev/null root/dev/null'
	if [ -n "$binfmt" ]; then
		setup="mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc && printf '%s' '$binfmt' >/proc/sys/fs/binfmt_misc/register && $setup"
	fi
	set -- sh -c "$setup"' && exec chroot root "$@"' sandbox "$@"
	if [ "$(id -u)" = 0 ] && [ -z "$binfmt" ]; then
		unshare --mount --pid --fork --mount-proc="$PWD/root/proc" "$@"
	else
		unshare --user --map-root-user --mount --pid --fork --mount-proc="$PWD/root/proc" "$@"
	fi
}
mkdir -p root/dev
: >root/dev/null
[ ! -e root/usr ] || fail "the sandbox must not have /usr"
if sandbox /needs_new >control.out 2>&1 || ! grep -q "GLIBC_2\.3[0-9]' not found" control.out; then
	cat control.out >&2
	fail "the sandbox's glibc accepts a program that needs a glibc newer than $glibc_max"
fi
sandbox "/npm/linux-$cpu/bin/ninja" --version >ninja.version 2>&1 ||
	{ cat ninja.version >&2; fail "packaged ninja does not run in the sandbox"; }
sandbox "/npm/linux-$cpu/bin/distill" --version >distill.version 2>&1 ||
	{ cat distill.version >&2; fail "packaged distill does not run in the sandbox"; }
set +e
sandbox /bin/sh -c "cd /work && DISTILL_NINJA=/npm/linux-$cpu/bin/ninja \
	/npm/linux-$cpu/bin/distill build dist --out out" >build.out 2>&1
status=$?
set -e
if [ $status -ne 0 ]; then
	cat build.out >&2
	fail "packaged distill build in the sandbox exited $status"
fi
# Variants encoded by the bundled libwebp and libaom, sidecars by brotli.
find root/work/out -name '*.avif' | grep . >/dev/null || fail "no AVIF variant in the sandbox build"
find root/work/out -name '*.webp' | grep . >/dev/null || fail "no WebP variant in the sandbox build"
grep -q '<picture' root/work/out/index.html || fail "index.html has no <picture> in the sandbox build"
# Each variant decodes (avifdec, dwebp) to the width its name says, and each
# sidecar decompresses to its file.
need avifdec dwebp vipsheader brotli zstd
variants=0 sidecars=0
for f in $(find root/work/out -name '*.avif' -o -name '*.webp'); do
	case $f in
	*.avif) avifdec "$f" decoded.png >/dev/null 2>&1 || fail "avifdec cannot decode '$f'" ;;
	*) dwebp -quiet "$f" -o decoded.png || fail "dwebp cannot decode '$f'" ;;
	esac
	width=$(basename "$f" | sed -n 's/.*-\([0-9]*\)w\..*/\1/p')
	[ -z "$width" ] || [ "$(vipsheader -f width decoded.png)" = "$width" ] ||
		fail "'$f' decodes to $(vipsheader -f width decoded.png) pixels wide"
	variants=$((variants + 1))
done
for f in $(find root/work/out -name '*.br' -o -name '*.zst'); do
	case $f in
	*.br) brotli -dc "$f" >plain ;;
	*) zstd -dcq "$f" >plain ;;
	esac || fail "cannot decompress '$f'"
	cmp -s plain "${f%.*}" || fail "'$f' does not decompress to '${f%.*}'"
	sidecars=$((sidecars + 1))
done
echo "sandbox: $variants variants decode to their widths, $sidecars sidecars round-trip"
echo "sandbox: $(cat distill.version) built the site with only glibc and libgcc_s, which offer no version newer than GLIBC_$glibc_max"
# Another machine's package is held to this machine's distill on the same
# site: the same files, byte for byte, images included (libvips' vector
# code, which rounds differently per machine, is off: image_decode.c).
if [ -n "$run" ]; then
	"$DISTILL" build root/work/dist --out host-out --cache host-cache -q >host.out 2>&1 ||
		{ cat host.out >&2; fail "this machine's distill could not build the sandbox's site"; }
	(cd host-out && find . -type f | sort | xargs sha256sum) >host.sums
	(cd root/work/out && find . -type f | sort | xargs sha256sum) >package.sums
	diff host.sums package.sums >&2 ||
		fail "linux-$cpu's output differs from this machine's distill's (above)"
	echo "sandbox: its $(wc -l <package.sums) files are this machine's distill's, byte for byte"
fi

# 4. The libvips inside is npm/vips.sh's: none of the format and tool
# libraries of Debian's (fftw3, ImageMagick, poppler, cairo, X11) came along.
if ls "$pkg/lib" | grep -E '^lib(fftw3|MagickCore|poppler|cairo|X11|rsvg|heif|gsf|hdf5|matio|cfitsio|tiff|OpenEXR)' >&2; then
	fail "the package carries libraries of Debian's full libvips (above)"
fi
size=$(du -sb "$pkg" | cut -f1)
[ "$size" -le 25000000 ] || fail "the package is $size bytes unpacked, over 25 MB"
echo "# size: $size bytes unpacked, $(ls "$pkg/lib" | wc -l) libraries"

# 5. Licences, read from the copyright files the package carries.
sh "$ROOT/npm/licenses.sh" check "$pkg" >licenses.txt 2>licenses.err ||
	{ cat licenses.err >&2; fail "the package's licences do not check out (above)"; }
echo "# licences: $(wc -l <licenses.txt) files, none GPL:"
sed 's/^/#   /' licenses.txt
# Controls, each a doctored copy of the package: the check refuses Debian's
# libstdc++ (GPL-3+, with the GCC runtime exception, which no table entry
# may make acceptable), a library with no table entry, a licence the table
# does not give, and a table entry the copyright file does not confirm.
refused() { # what expected-message [table]
	if sh "$ROOT/npm/licenses.sh" check doctored ${3:+"$3"} >doctored.out 2>&1; then
		fail "npm/licenses.sh accepts $1"
	fi
	grep -qF "$2" doctored.out || { cat doctored.out >&2; fail "npm/licenses.sh refused $1 for another reason"; }
	rm -r doctored
}
stdcxx=$(ldd "$(command -v ninja)" | awk '$1 ~ /^libstdc/ { print $3 }')
cp -r "$pkg" doctored
cp -L "$stdcxx" doctored/lib/
cp /usr/share/doc/libstdc++6/copyright doctored/licenses/libstdc++6.copyright
printf 'libstdc++.so.6\tlibstdc++6\t12\tGPL-3+\n' >>doctored/licenses/packages.tsv
{ cat "$ROOT/npm/licenses.tsv"; printf 'libstdc++6\tGPL-3+\ttext: GNU General Public License\n'; } >gpl.tsv
refused "Debian's libstdc++" "libstdc++.so.6: libstdc++6 is GPL-3+" "$PWD/gpl.tsv"
cp -r "$pkg" doctored
cp -L "$stdcxx" doctored/lib/
refused "a library with no row" "libstdc++.so.6: not in licenses/packages.tsv"
cp -r "$pkg" doctored
sed -i 's/^\(libzstd.so.1\t[^\t]*\t[^\t]*\t\).*/\1BSD-3-clause/' doctored/licenses/packages.tsv
refused "a licence the table does not give" \
	"libzstd.so.1: licence 'BSD-3-clause', npm/licenses.tsv says 'BSD-3-clause or GPL-2'"
cp -r "$pkg" doctored
sed 's/^libaom3\t.*/libaom3\tMIT\tFiles: */' "$ROOT/npm/licenses.tsv" >mit.tsv
sed -i 's/^\(libaom.so.3\t[^\t]*\t[^\t]*\t\).*/\1MIT/' doctored/licenses/packages.tsv
refused "a licence the copyright file does not say" \
	"libaom.so.3: licenses/libaom3.copyright does not say 'MIT' (Files: *)" "$PWD/mit.tsv"
