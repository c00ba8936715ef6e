#!/bin/bash
# SPDX-License-Identifier: MIT
# The npm shim on a machine without a platform package (macOS, Windows, a
# musl Linux, an old glibc) says so and tells how to go on: build from source,
# DISTILL_BINARY, the README section. Node is made to report each platform
# by a preloaded module; DISTILL_BINARY, when set, is run whatever the
# platform.
. "$ROOT/tests/lib.sh"
need node
shim=$ROOT/npm/distill/bin/distill.js

pretend() { # platform arch glibc-or-empty
	cat >pretend.js <<JS
Object.defineProperty(process, 'platform', { value: '$1' });
Object.defineProperty(process, 'arch', { value: '$2' });
const report = process.report.getReport;
process.report.getReport = () => {
	const r = report.call(process.report);
	r.header.glibcVersionRuntime = '$3' || undefined;
	return r;
};
JS
}

check() { # what platform arch glibc
	pretend "$2" "$3" "$4"
	set +e
	env -u DISTILL_BINARY node -r ./pretend.js "$shim" --version >out.txt 2>err.txt
	status=$?
	set -e
	expect_status 1
	for want in DISTILL_BINARY "Building from source" "$1"; do
		grep -qF "$want" err.txt || { cat err.txt >&2; fail "$2-$3: the message does not say '$want'"; }
	done
}
check "no prebuilt binary for 'darwin-arm64'" darwin arm64 ""
check "no prebuilt binary for 'win32-x64'" win32 x64 ""
check "another C library (musl?)" linux x64 ""
check "needs glibc 2.34 or newer; this system has 2.31" linux x64 2.31
check "needs glibc 2.34 or newer; this system has 2.31" linux arm64 2.31

# linux-x64 and linux-arm64 with a recent glibc are served: the shim looks
# for their packages, absent here.
for arch in x64 arm64; do
	pretend linux $arch 2.36
	set +e
	env -u DISTILL_BINARY node -r ./pretend.js "$shim" --version >out.txt 2>err.txt
	status=$?
	set -e
	expect_status 1
	grep -qF "package '@distill/linux-$arch' is not installed" err.txt ||
		{ cat err.txt >&2; fail "linux-$arch: the shim does not look for @distill/linux-$arch"; }
done

# With DISTILL_BINARY, the shim runs it on any platform.
pretend darwin arm64 ""
DISTILL_BINARY=$DISTILL node -r ./pretend.js "$shim" --version >out.txt 2>err.txt ||
	{ cat err.txt >&2; fail "the shim did not run DISTILL_BINARY"; }
grep -q '^distill ' out.txt || fail "DISTILL_BINARY's output did not come through"
