#!/bin/bash
# SPDX-License-Identifier: MIT
# Source-map attribution on a real minified bundle: swagger-ui-dist's
# swagger-ui-bundle.js (about 1.4 MB on one line, its map about 5 MB),
# fetched with npm pack. Side by side in one run: the budget job alone
# (`distill budget` after its record is removed, so that only the budget
# job runs; it reads the bundle and its map and attributes every byte),
# and source-map-explorer 2.5.3 on the same two files. Prints the median
# of 3 of each and the largest modules each found. Goal: the budget job
# under 0.5 s.
set -euo pipefail
: "${DISTILL:?}" "${ROOT:?}"
work=${BENCH_DIR:-/tmp/distill-bench-sourcemap}
mkdir -p "$work" && cd "$work"

cat >package.json <<'JSON'
{"name": "bench", "private": true,
 "devDependencies": {"source-map-explorer": "2.5.3"}}
JSON
[ -x node_modules/.bin/source-map-explorer ] ||
	npm install --silent --no-audit --no-fund >/dev/null
if [ ! -f package/swagger-ui-bundle.js.map ]; then
	tgz=$(npm pack --silent swagger-ui-dist@5.17.14)
	tar -xzf "$tgz" package/swagger-ui-bundle.js package/swagger-ui-bundle.js.map
fi

rm -rf dist cache && mkdir -p dist
cp package/swagger-ui-bundle.js package/swagger-ui-bundle.js.map dist/
echo '<!doctype html><html><head><title>API</title><script src="/swagger-ui-bundle.js"></script></head><body></body></html>' >dist/index.html
echo "bundle: $(wc -c <dist/swagger-ui-bundle.js) bytes, $(wc -l <dist/swagger-ui-bundle.js) newlines;" \
	"map: $(wc -c <dist/swagger-ui-bundle.js.map) bytes"
"$DISTILL" budget dist --cache "$work/cache" -q --no-fail >/dev/null

median3() { sort -n | sed -n 2p; }
seconds() { # command... : wall seconds of one run
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc -l
}
budget_job() {
	rm -rf "$work/cache/gen/budget"
	"$DISTILL" budget dist --cache "$work/cache" -q --no-fail
}
explorer() {
	node_modules/.bin/source-map-explorer dist/swagger-ui-bundle.js \
		dist/swagger-ui-bundle.js.map --json --no-border-checks
}
d=$(for i in 1 2 3; do seconds budget_job; done | median3)
e=$(for i in 1 2 3; do seconds explorer; done | median3)
printf '  distill budget job      %6.2f s (median of 3)\n' "$d"
printf '  source-map-explorer     %6.2f s (median of 3)\n' "$e"
printf '  ratio explorer/distill  %6.1fx; goal: distill under 0.5 s\n' "$(echo "$e / $d" | bc -l)"
echo "  largest modules, distill:"
jq -r '.modules[:3][] | "    \(.bytes) \(.source)"' cache/gen/budget/report.json
echo "  largest modules, source-map-explorer:"
explorer | jq -r '.results[0].files | to_entries | sort_by(-.value.size) | .[:3][] | "    \(.value.size) \(.key)"'
