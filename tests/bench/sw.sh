#!/bin/bash
# SPDX-License-Identifier: MIT
# Precache manifest: distill's sw job against workbox-build's getManifest
# (globPatterns **/*.{js,css,html,wasm,woff2,webmanifest,json}) on the same
# generated tree of 5,000 files (tests/browser/gen-site.mjs), each timed as
# a whole process (the sw job 10 times in a row per sample, for the timer's
# sake), median of 5. The sw job reads the build's manifest, where
# scan has hashed every file once for all passes; getManifest globs and
# hashes the tree itself. So the cold build and a one-file rebuild are
# printed too. Goal: the sw job >= 10x faster than getManifest in CPU time
# (user + system): wall-clock time on a shared machine depends on whatever
# else runs; both are printed.
set -euo pipefail
: "${DISTILL:?}" "${ROOT:?}" "${NODE_PATH:?}"
[ -d "$NODE_PATH/workbox-build" ] || { echo "needs workbox-build: npm install in tests/"; exit 1; }
work=${BENCH_DIR:-/tmp/distill-bench-sw}
rm -rf "$work" && mkdir -p "$work"
cd "$work"

node "$ROOT/tests/browser/gen-site.mjs" dist 5000
echo "tree: $(find dist -type f | wc -l) files, $(du -sb dist | cut -f1) bytes"

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
# time_of command...: prints "WALL CPU" in seconds (CPU = user + system,
# children included), failing the bench if the command fails.
time_of() {
	/usr/bin/time -f '%e %U %S' -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || {
		echo "failed: $*" >&2
		grep -v '^ ' "$work/stderr.txt" | tail -n 5 >&2
		exit 1
	}
	awk '{printf "%s %.3f\n", $1, $2 + $3}' "$work/time.txt"
}
# runs N K command...: "WALL CPU" of one run, the median of N samples,
# each sample timing K runs in a row (the timer counts in 10 ms steps).
runs() {
	local n=$1 k=$2 i
	shift 2
	printf '%q ' "$@" >"$work/cmd.sh"
	for i in $(seq "$n"); do
		time_of bash -c "for i in \$(seq $k); do $(cat "$work/cmd.sh") >/dev/null || exit 1; done"
	done >"$work/runs.txt"
	for f in 1 2; do
		cut -d' ' -f$f "$work/runs.txt" | median | awk -v k="$k" '{printf "%.3f ", $1 / k}'
	done
	echo
}

read -r cold cold_cpu < <(time_of "$DISTILL" build dist --out out --cache cache -q)
echo "distill build, cold cache: $cold s wall, $cold_cpu s CPU"
version=$(sed -n 's/.*job sw --pass-version=\([0-9]*\).*/\1/p' cache/build.ninja)
sw_job=("$DISTILL" job sw --pass-version="$version" --config=cache/config.json
	--out="$work/swjob" --manifest=cache/manifest.json)
cat >getmanifest.cjs <<'JS'
const { getManifest } = require('workbox-build');
getManifest({
	globDirectory: process.argv[2],
	globPatterns: ['**/*.{js,css,html,wasm,woff2,webmanifest,json}'],
	globIgnores: ['sw.js', 'precache-manifest.json'],
}).then((r) => console.log(r.count), (e) => { console.error(e); process.exit(1); });
JS
getmanifest=(node getmanifest.cjs out)

read -r d d_cpu < <(runs 5 10 "${sw_job[@]}")
read -r w w_cpu < <(runs 5 1 "${getmanifest[@]}")
echo "precached: distill $(jq length swjob/precache-manifest.json) URLs," \
	"workbox $("${getmanifest[@]}") URLs"
echo "distill job sw (median of 5 samples of 10 runs): $d s wall, $d_cpu s CPU"
echo "workbox-build getManifest (median of 5 runs): $w s wall, $w_cpu s CPU"
ratio=$(echo "scale=1; $w / $d" | bc)
ratio_cpu=$(echo "scale=1; $w_cpu / $d_cpu" | bc)
[ -s swjob/precache-manifest.json ] || { echo "the sw job wrote nothing"; exit 1; }
echo "ratio: ${ratio}x wall, ${ratio_cpu}x CPU (goal >= 10x, on CPU time)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# The developer's loop: one page changed, the whole build again.
for i in 1 2 3; do
	echo "<!-- edit $i -->" >>dist/pages/p00001.html
	time_of "$DISTILL" build dist --out out --cache cache -q
done >"$work/runs.txt"
echo "distill build after one file changed (median of 3):" \
	"$(cut -d' ' -f1 "$work/runs.txt" | median) s wall, $(cut -d' ' -f2 "$work/runs.txt" | median) s CPU"
[ "$(echo "$ratio_cpu >= 10" | bc)" = 1 ] || { echo "the sw job is not 10x faster than getManifest"; exit 1; }
