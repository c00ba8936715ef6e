#!/bin/bash
# SPDX-License-Identifier: MIT
# The one-page change of two distill binaries side by side: SITE is a
# folder holding dist/ (a site of tests/browser/gen-site.mjs, as scale.sh
# makes them); each binary builds it into its own output with its own
# cache, then ROUNDS times one blog page changes and both build again,
# one after the other, -j 2. Prints each binary's median (and range) and
# the ratio of the medians. usage:
#   tests/bench/one-page.sh OLD-DISTILL NEW-DISTILL SITE [ROUNDS (7)]
# Each binary's distill-image must sit beside it. A copy of each is run,
# so that rebuilding the tree does not disturb the run.
set -euo pipefail
old=${1:?old distill} new=${2:?new distill} site=${3:?site folder} rounds=${4:-7}
cd "$site"
[ -d dist ] || { echo "one-page: no dist/ in '$site'" >&2; exit 2; }
cp "$old" A-distill && cp "$old-image" A-distill-image
cp "$new" B-distill && cp "$new-image" B-distill-image

build() { # A|B: one build; prints its wall time in seconds
	local s e status
	s=$(date +%s.%N)
	set +e
	"./$1-distill" build dist --out "out-$1" --cache "cache-$1" -j 2 -q >/dev/null 2>"err-$1.txt"
	status=$?
	set -e
	e=$(date +%s.%N)
	case $status in 0|3) ;; *) cat "err-$1.txt" >&2; echo "one-page: $1 failed ($status)" >&2; exit 1 ;; esac
	echo "$e - $s" | bc
}
median() { sort -n | awk '{v[NR] = $1} END {printf "%.2f %.2f %.2f\n", v[int((NR + 1) / 2)], v[1], v[NR]}'; }

# Warm: whatever either binary has not built yet.
build A >/dev/null; build B >/dev/null
page=$(find dist/blog -name index.html | sort | sed -n 2p)
: >times.txt
for i in $(seq "$rounds"); do
	echo "<p>round $i $RANDOM</p>" >>"$page"
	echo "A $(build A)" >>times.txt
	echo "B $(build B)" >>times.txt
done
read -r a alo ahi < <(grep '^A ' times.txt | cut -d' ' -f2 | median)
read -r b blo bhi < <(grep '^B ' times.txt | cut -d' ' -f2 | median)
echo "old: median $a s ($alo-$ahi) of $rounds"
echo "new: median $b s ($blo-$bhi) of $rounds"
echo "new/old: $(echo "scale=2; $b / $a" | bc)x"
