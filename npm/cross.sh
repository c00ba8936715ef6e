# SPDX-License-Identifier: MIT
# Sourced by npm/vips.sh and npm/ninja.sh (not run): what differs when the
# npm package is built for another machine than this one.
#
#   cross_init [TRIPLET]     no TRIPLET: build for this machine
#   buildflags NAME          Debian's CFLAGS, LDFLAGS... for the target
#   cross_meson_file PATH    a meson cross file for the target
# and $cc, $cxx, $strip: the target's compilers and strip.

cross_init() {
	cross_host=${1:-}
	if [ -z "$cross_host" ]; then
		cc=cc cxx=c++ strip=strip
		return 0
	fi
	cc=$cross_host-gcc cxx=$cross_host-g++ strip=$cross_host-strip
	command -v "$cc" >/dev/null 2>&1 ||
		die "'$cc' not found (apt-get install crossbuild-essential-$(dpkg-architecture -t "$cross_host" -qDEB_HOST_ARCH 2>/dev/null))"
}

buildflags() {
	if [ -n "$cross_host" ]; then
		dpkg-architecture -t "$cross_host" -c dpkg-buildflags --get "$1" 2>/dev/null
	else
		dpkg-buildflags --get "$1"
	fi
}

cross_meson_file() {
	[ -n "$cross_host" ] || return 0
	cat > "$1" <<EOF2
[binaries]
c = '$cc'
cpp = '$cxx'
ar = '$cross_host-ar'
strip = '$strip'
pkgconfig = '$cross_host-pkg-config'

[host_machine]
system = 'linux'
cpu_family = '${cross_host%%-*}'
cpu = '${cross_host%%-*}'
endian = 'little'
EOF2
}
