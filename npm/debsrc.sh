# SPDX-License-Identifier: MIT
# Sourced by npm/vips.sh and npm/ninja.sh (not run): Debian 12's source
# package of an installed binary package, at the installed version, so that
# what the npm package carries is built from the same code and security
# patches as the binary package it replaces.
#
#   debsrc_init BINARY DIR   set $source and $version from the installed
#                            BINARY package; DIR is the build folder
#   debsrc_fetch             download the source package into DIR/src
#                            (network: ./configure --tests runs it)
#   debsrc_unpack WORK       unpack it into WORK/src
#   debsrc_start SCRIPT BINARY PRODUCT ARGS...
#                            the common start of vips.sh and ninja.sh:
#                            parse [--host TRIPLET] fetch|build DIR, fetch
#                            and exit, or exit when $out/PRODUCT is the
#                            build of SCRIPT for this version; else set
#                            $out, $work and $key, fetch, unpack into
#                            $work and set the compilers (npm/cross.sh)
#   debsrc_finish            record the copyright, package and key in $out
# Needs apt-get and dpkg-source (dpkg-dev).

debsrc_init() {
	source=$(dpkg-query -W -f '${source:Package}' "$1" 2>/dev/null) ||
		die "$1 is not installed (apt-get install $1)"
	version=$(dpkg-query -W -f '${source:Version}' "$1")
	mkdir -p "$2"
	dir=$(cd "$2" && pwd)
}

# apt-get source with a private list of deb-src lines and private state: the
# machine's apt configuration is neither needed nor changed.
debsrc_fetch() {
	[ -f "$dir/src/${source}_$version.dsc" ] && return 0
	apt=$dir/apt
	rm -rf "$apt" "$dir/src"
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$dir/src"
	for suite in bookworm bookworm-updates; do
		echo "deb-src http://deb.debian.org/debian $suite main"
	done > "$apt/sources.list"
	echo "deb-src http://deb.debian.org/debian-security bookworm-security main" >> "$apt/sources.list"
	set -- -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o APT::Sandbox::User=root
	apt-get "$@" -qq update || die "cannot read Debian's source index"
	(cd "$dir/src" && apt-get "$@" -qq source --download-only "$source=$version") ||
		die "cannot download the source package $source $version"
	rm -rf "$apt"
}

debsrc_unpack() {
	command -v dpkg-source >/dev/null 2>&1 || die "'dpkg-source' not found (apt-get install dpkg-dev)"
	rm -rf "$1/src"
	mkdir -p "$1"
	dpkg-source --no-check -x "$dir/src/${source}_$version.dsc" "$1/src" >/dev/null ||
		die "cannot unpack $source $version"
}

debsrc_start() {
	_script=$1 _binary=$2 _product=$3
	shift 3
	host=""
	if [ "${1:-}" = --host ]; then
		host=$2
		shift 2
	fi
	[ $# -eq 2 ] || die "usage: sh npm/$_script [--host TRIPLET] fetch|build DIR"
	debsrc_init "$_binary" "$2"
	out=$dir${host:+/$host}
	case $1 in
	fetch) debsrc_fetch; exit 0 ;;
	build) ;;
	*) die "unknown command '$1'" ;;
	esac
	key="$(cat "$here/$_script" "$here/debsrc.sh" "$here/cross.sh" | cksum) $source $version $host"
	if [ -f "$out/$_product" ] && [ "$(cat "$out/key" 2>/dev/null)" = "$key" ]; then
		exit 0
	fi
	debsrc_fetch
	. "$here/cross.sh"
	cross_init "$host"
	work=$out/work
	rm -rf "$work" "$out/key"
	debsrc_unpack "$work"
}

debsrc_finish() {
	cp "$work/src/debian/copyright" "$out/copyright"
	echo "$source $version" > "$out/package"
	rm -rf "$work"
	echo "$key" > "$out/key"
}
