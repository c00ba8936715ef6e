# SPDX-License-Identifier: MIT
# @distill/linux-x64 is self-contained, runs on glibc 2.34 and carries no
# GPL library (tests/cli/npm/platform.bash).
cpu=x64
. "$ROOT/tests/cli/npm/platform.bash"
