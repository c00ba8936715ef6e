#!/bin/sh
# SPDX-License-Identifier: MIT
# ninja bench: run every benchmark (tests/bench/*.sh but this one and
# avif-calibrate.sh, a measurement run by hand). Each prints its own
# figures; RESULTS.md records what they printed.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export ROOT DISTILL="${DISTILL:-$ROOT/distill}" FIXTURES="$ROOT/fixtures" \
	NODE_PATH="$ROOT/tests/node_modules"
status=0
for b in "$ROOT"/tests/bench/*.sh; do
	case $(basename "$b") in run.sh | avif-calibrate.sh) continue ;; esac
	[ -n "${1:-}" ] && case $b in *"$1"*) ;; *) continue ;; esac
	echo "== $(basename "$b" .sh)"
	bash "$b" || { echo "bench $(basename "$b" .sh) failed"; status=1; }
done
exit $status
