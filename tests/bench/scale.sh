#!/bin/bash
# SPDX-License-Identifier: MIT
# How cost grows with the site. For generated sites (tests/browser/
# gen-site.mjs: pages, Vite-hashed chunks, CSS, fonts, JSON, SVG, and one
# small PNG in a hundred files, at most 300) of each size in
# SCALE_SIZES (default 10000 30000 100000 files): a cold build, a rebuild
# with nothing changed, and a rebuild after one page changed; the wall time,
# the jobs run, and the peak memory of the largest single process and of
# all of the build's processes together (tests/faults/peak.py). Then each
# step's growth against the growth of the file count: at most 1.2x the file
# ratio is linear enough. Goals (issue "Fast at every size"): one-page
# change <= 0.5 s at 5,000 files and <= 2 s at 100,000; planner under
# 1 GiB at 100,000; plan and manifest not rewritten when nothing changed.
set -euo pipefail
: "${DISTILL:?}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
sizes=${SCALE_SIZES:-10000 30000 100000}
work=${BENCH_DIR:-/tmp/distill-bench-scale}
rm -rf "$work" && mkdir -p "$work"
# A private copy: relinking the tree's binary must not disturb the run.
cp "$DISTILL" "$work/distill" && cp "$DISTILL-image" "$work/distill-image"
DISTILL=$work/distill
cd "$work"

now() { date +%s.%N; }
seconds() { echo "$(now) - $1" | bc; }
jobs_of() { sed -n 's/.* \([0-9][0-9]*\) jobs in .*/\1/p' "$1" | tail -n 1; }
mib() { echo "scale=1; $(sed -n "s/^$1 //p" "$2") / 1024" | bc; }
build() { # LOG MEMREPORT: one build, timed; sets $took
	local s status
	s=$(now)
	set +e
	python3 "$ROOT/tests/faults/peak.py" "$2" "$DISTILL" build dist --out out \
		--cache cache -j 2 2>"$1" >/dev/null
	status=$?
	set -e
	took=$(seconds "$s")
	case $status in 0|3) ;; *) cat "$1" >&2; echo "build failed: $status" >&2; exit 1 ;; esac
}

printf '%8s %9s %6s %9s %9s %9s %11s %11s\n' files cold jobs no-change one-page jobs \
	"largest MB" "together MB"
prev_n= prev_cold= prev_one= prev_mem=
declare -a rows
for n in $sizes; do
	rm -rf dist out cache
	images=$(( n / 100 < 300 ? n / 100 : 300 ))
	node "$ROOT/tests/browser/gen-site.mjs" dist "$n" --images="$images" >/dev/null
	build cold.log cold.mem
	cold=$took cold_jobs=$(jobs_of cold.log)
	plan_before=$(stat -c %y cache/build.ninja) manifest_before=$(stat -c %y cache/manifest.json)
	build same.log same.mem
	same=$took
	[ "$plan_before" = "$(stat -c %y cache/build.ninja)" ] &&
		[ "$manifest_before" = "$(stat -c %y cache/manifest.json)" ] ||
		echo "# $n files: the plan or the manifest was rewritten with nothing changed"
	page=$(find dist/blog -name index.html | sort | sed -n '2p')
	sed -i 's|</h1>|</h1>\n<p>Edited.</p>|' "$page"
	build one.log one.mem
	one=$took one_jobs=$(jobs_of one.log)
	largest=$(mib largest cold.mem) together=$(mib together cold.mem)
	printf '%8d %8.2fs %6s %8.2fs %8.2fs %9s %11s %11s\n' "$n" "$cold" "$cold_jobs" "$same" \
		"$one" "$one_jobs" "$largest" "$together"
	if [ -n "$prev_n" ]; then
		rows+=("$(printf '%6d -> %-6d files x%.2f: cold x%.2f, one-page x%.2f, largest process x%.2f' \
			"$prev_n" "$n" "$(echo "$n / $prev_n" | bc -l)" "$(echo "$cold / $prev_cold" | bc -l)" \
			"$(echo "$one / $prev_one" | bc -l)" "$(echo "$largest / $prev_mem" | bc -l)")")
	fi
	prev_n=$n prev_cold=$cold prev_one=$one prev_mem=$largest
done
echo "growth (linear: each factor at most 1.2x the file ratio):"
for r in "${rows[@]}"; do echo "  $r"; done
