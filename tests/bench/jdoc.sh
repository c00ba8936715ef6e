#!/bin/bash
# SPDX-License-Identifier: MIT
# jansson against jdoc (src/lib/jdoc.c) on one JSON file, such as a
# build's <cache>/manifest.json, in one run. usage:
#   tests/bench/jdoc.sh FILE [ROUNDS (5)]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -O2 -std=c11 -D_GNU_SOURCE -I"$ROOT/src/lib" -o "$out/jdoc_bench" \
	"$ROOT/tests/bench/jdoc_bench.c" "$ROOT/src/lib/jdoc.c" "$ROOT/src/lib/util.c" \
	"$ROOT/src/lib/buf.c" -ljansson
"$out/jdoc_bench" "$@"
