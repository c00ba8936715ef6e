#!/bin/bash
# SPDX-License-Identifier: MIT
# Budget report: `distill budget DIST` against size-limit (with
# @size-limit/file, the version that runs on Node 20) on the same dist: real
# JavaScript from tests/node_modules (Rollup, Terser, Acorn, Ajv, ...) as
# the chunks of a site. size-limit brotli-compresses every file on every run;
# distill reads the sizes from its manifest, so a warm `distill budget` only
# rescans. Prints both times (median of 5) and the ratio. Goal: >= 20x.
set -euo pipefail
: "${DISTILL:?}" "${ROOT:?}"
work=${BENCH_DIR:-/tmp/distill-bench-budget}
rm -rf "$work/dist" "$work/cache" && mkdir -p "$work/dist/assets"
cd "$work"

# size-limit finds its plugins in the project's devDependencies. Version 12
# and later need Node 22; 11.2.0 is the last for Node 20.
cat >package.json <<'JSON'
{"name": "bench", "private": true,
 "devDependencies": {"size-limit": "11.2.0", "@size-limit/file": "11.2.0"}}
JSON
[ -x node_modules/.bin/size-limit ] ||
	npm install --silent --no-audit --no-fund >/dev/null

n=0
tags=""
for f in rollup/dist/shared/rollup.js rollup/dist/es/shared/node-entry.js \
	rollup/dist/shared/index.js rollup/dist/es/shared/watch.js \
	terser/dist/bundle.min.js acorn/dist/acorn.js ajv/dist/ajv.bundle.js \
	ajv/dist/ajv.min.js async/dist/async.js \
	source-map-support/node_modules/source-map/dist/source-map.js; do
	[ -f "$NODE_PATH/$f" ] || continue
	n=$((n + 1))
	name=$(basename "$f" .js | tr -c 'a-z\n' x)-$(printf '%08d' $n).js
	cp "$NODE_PATH/$f" "dist/assets/$name"
	tags="$tags<script type=\"module\" src=\"/assets/$name\"></script>"
done
for p in index about contact; do
	echo "<!doctype html><html><head><title>$p</title>$tags</head><body><h1>$p</h1></body></html>" >"dist/$p.html"
done
echo "dist: $n JS files, $(du -sb dist/assets | cut -f1) bytes of JS"
echo '[{"name": "JS", "path": "dist/assets/*.js", "limit": "700 kB"}]' >.size-limit.json

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
time_of() { # command... : seconds
	local s e
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || true
	e=$(date +%s.%N)
	echo "$e - $s" | bc
}

start=$(date +%s.%N)
"$DISTILL" budget dist --cache cache >/dev/null 2>&1 || true
echo "distill budget, cold cache: $(echo "$(date +%s.%N) - $start" | bc) s"
d=$(for i in 1 2 3 4 5; do time_of "$DISTILL" budget dist --cache cache; done | median)
s=$(for i in 1 2 3 4 5; do time_of node_modules/.bin/size-limit; done | median)
node_modules/.bin/size-limit 2>&1 | grep -E 'Size|limit' | sed 's/^ */size-limit: /' || true
"$DISTILL" budget dist --cache cache 2>/dev/null | grep '^JS total' | sed 's/^/distill: /' || true
# The developer's loop: one chunk changed since the last report.
c=$(for i in 1 2 3 4 5; do
	echo "/* edit $i */" >>dist/assets/acorn-00000006.js
	time_of "$DISTILL" budget dist --cache cache
done | median)
echo "distill budget (warm): $d s"
echo "distill budget (one chunk changed): $c s"
echo "size-limit 11.2.0:     $s s"
echo "ratio: $(echo "scale=1; $s / $d" | bc)x warm, $(echo "scale=1; $s / $c" | bc)x one chunk changed (goal >= 20x)"
ok=$(echo "$s / $d >= 20" | bc)
[ "$ok" = 1 ] || { echo "slower than the goal"; exit 1; }
