#!/bin/bash
# SPDX-License-Identifier: MIT
# The site-wide jobs (budget, sw, headers) of two distill binaries side by
# side, on the manifest a build left in CACHE: each job runs as its plan
# runs it (the command and arguments of its edge in CACHE/build.ninja),
# with its output folder and stamp moved to a folder of each binary's own,
# so that neither reads what the other remembered. One warm-up run each,
# then ROUNDS rounds of every job by one binary then the other; prints
# each job's median wall time (and range) per binary and the ratio, its
# largest resident memory over the rounds (GNU time's %M), and
# whether the two wrote the same files (budget's report.json compared as
# JSON, whose fields' order may differ; report.html not at all, as its
# table follows the printer's choice of rows). usage:
#   tests/bench/aggregates.sh OLD-DISTILL NEW-DISTILL CACHE [ROUNDS (5)]
set -euo pipefail
old=${1:?old distill} new=${2:?new distill} cache=${3:?cache folder} rounds=${4:-5}
cd "$cache"
[ -f build.ninja ] && [ -f manifest.json ] || { echo "aggregates: no plan or manifest in '$cache'" >&2; exit 2; }
work=$(mktemp -d "$PWD/bench-aggregates.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$old" "$work/A-distill" && cp "$new" "$work/B-distill"

# The job's command line from the plan: its rule's flags and its edge's args,
# the output folder and stamp under $work/WHO/JOB.
command_of() { # JOB WHO
	local version args
	version=$(sed -n "/^rule $1\$/,/command/s/.*--pass-version=\([0-9]*\).*/\1/p" build.ninja)
	args=$(sed -n "/^build gen\/$1\/record.json/,/args =/s/^  args = //p" build.ninja |
		sed "s|--stamp=gen/$1/|--stamp=$work/$2/$1/|")
	echo "$work/$2-distill job $1 --pass-version=$version --config=config.json --out=$work/$2/$1 $args"
}
run() { # JOB WHO: one run; prints its wall time in seconds and peak KB
	local s e
	mkdir -p "$work/$2/$1"
	s=$(date +%s.%N)
	eval "/usr/bin/time -f %M -o $work/rss $(command_of "$1" "$2")" >/dev/null 2>"$work/err" ||
		{ cat "$work/err" >&2; echo "aggregates: $2's $1 job failed" >&2; exit 1; }
	e=$(date +%s.%N)
	echo "$(echo "$e - $s" | bc) $(cat "$work/rss")"
}
median() { sort -n | awk '{v[NR] = $1} END {printf "%.2f %.2f %.2f\n", v[int((NR + 1) / 2)], v[1], v[NR]}'; }

jobs="budget sw headers"
for job in $jobs; do run "$job" A >/dev/null; run "$job" B >/dev/null; done
: >"$work/times"
for i in $(seq "$rounds"); do
	for job in $jobs; do
		echo "$job A $(run "$job" A)" >>"$work/times"
		echo "$job B $(run "$job" B)" >>"$work/times"
	done
done
for job in $jobs; do
	read -r a alo ahi < <(grep "^$job A " "$work/times" | cut -d' ' -f3 | median)
	read -r b blo bhi < <(grep "^$job B " "$work/times" | cut -d' ' -f3 | median)
	amem=$(grep "^$job A " "$work/times" | cut -d' ' -f4 | sort -n | tail -n 1)
	bmem=$(grep "^$job B " "$work/times" | cut -d' ' -f4 | sort -n | tail -n 1)
	same=same
	for f in $(cd "$work/A/$job" && ls | grep -v -e '^key-' -e '\.memo$' -e '^record.json$'); do
		if [ "$f" = report.json ]; then
			python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' \
				"$work/A/$job/$f" "$work/B/$job/$f" || same="differ ($f)"
		elif [ "$f" != report.html ]; then
			cmp -s "$work/A/$job/$f" "$work/B/$job/$f" || same="differ ($f)"
		fi
	done
	echo "$job: old median $a s ($alo-$ahi), new $b s ($blo-$bhi), new/old $(echo "scale=2; $b / $a" | bc)x;" \
		"peak $((amem / 1024)) MB and $((bmem / 1024)) MB; output $same"
done
