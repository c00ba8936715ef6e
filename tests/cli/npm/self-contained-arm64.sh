# SPDX-License-Identifier: MIT
# @distill/linux-arm64, built by the cross compiler, is self-contained, runs
# on glibc 2.34 and carries no GPL library (tests/cli/npm/platform.bash),
# all checked with its programs run under qemu-user.
cpu=arm64
. "$ROOT/tests/cli/npm/platform.bash"
