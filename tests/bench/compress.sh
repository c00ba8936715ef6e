#!/bin/bash
# SPDX-License-Identifier: MIT
# Compression: a cold `distill build -j 2` (its compress jobs: brotli 11,
# zstd 19 and the gzip -9 size of every text file of at least 1 KiB) against
# `brotli -q 11` and `zstd -19` run by `xargs -P2` on the same files, in the
# same order, over three inputs: the Vite-like site of the compress tests, a
# larger corpus of real JavaScript (tests/node_modules) and text
# (/usr/share/doc), and 2,000 small npm files. Prints the median wall times
# of 3 runs, the ratio (goal: at most 1.15; 1.1 for the small files) and the
# compressed sizes side by side.
set -euo pipefail
: "${DISTILL:?}" "${ROOT:?}" "${NODE_PATH:?}"
for t in brotli zstd xargs; do
	command -v $t >/dev/null || { echo "needs $t (apt-get install brotli zstd)"; exit 1; }
done
work=${BENCH_DIR:-/tmp/distill-bench-compress}
rm -rf "$work" && mkdir -p "$work"
# A private copy: relinking the tree's binary must not disturb the run.
install -m 755 "$DISTILL" "$work/distill" && DISTILL=$work/distill
"$DISTILL" --version > /dev/null
cd "$work"
fail() { echo "bench compress: $*" >&2; exit 1; }
. "$ROOT/tests/cli/compress/site.bash"

make_site site/dist
# The corpus: distinct JavaScript files of 1 KiB to 1 MiB in sorted order
# up to 6 MB, then Debian copyright files up to 1 MB more. Repeated
# contents are left out: distill compresses equal bytes once.
mkdir -p corpus/dist
declare -A seen
take() { # src-root byte-limit dest [file-limit] < paths
	local total=0 count=0 p n sum
	while IFS= read -r p; do
		n=$(stat -L -c %s "$1/$p")
		[ $((total + n)) -le "$2" ] && [ $count -lt "${4:-1000000}" ] || { cat >/dev/null; break; }
		sum=$(md5sum < "$1/$p")
		[ -z "${seen[$sum]:-}" ] || continue
		seen[$sum]=1
		mkdir -p "$3/$(dirname "$p")"
		cp -L "$1/$p" "$3/$p"
		total=$((total + n))
		count=$((count + 1))
	done
}
(cd "$NODE_PATH" && find -L . -name '*.js' -size +1k -size -1024k | sed 's|^\./||' | LC_ALL=C sort) |
	take "$NODE_PATH" 6000000 corpus/dist/js
(cd /usr/share/doc && find . -name copyright -size +1k | sed 's|^\./||' | LC_ALL=C sort) |
	take /usr/share/doc 1000000 corpus/dist/doc
# The text-heavy site: 2,000 distinct small JS, CSS and JSON files of npm
# packages (200 bytes to 16 KiB, the size of most of a real site's modules),
# where each job's start-up counts more than its compression.
mkdir -p small/dist
(cd "$NODE_PATH" && find -L . \( -name '*.js' -o -name '*.css' -o -name '*.json' \) \
	-size +199c -size -16385c | sed 's|^\./||' | LC_ALL=C sort) |
	take "$NODE_PATH" 100000000 small/dist 2000
# Give the copyright files a text suffix, so that both sides compress them.
find corpus/dist/doc -name copyright -exec sh -c 'for f; do mv "$f" "$f.txt"; done' sh {} +

echo '{"image": {"enabled": false}, "sw": {"enabled": false}, "budget": {"enabled": false}}' \
	> distill.config.json

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
now() { date +%s.%N; }

bench() { # name goal
	local name=$1 dist=$1/dist list d p t
	# The files distill compresses: text suffixes, at least 1 KiB; in
	# path order, the order of the plan's edges.
	(cd "$dist" && find . -type f -size +1023c \( -name '*.html' -o -name '*.css' \
		-o -name '*.js' -o -name '*.mjs' -o -name '*.json' -o -name '*.svg' \
		-o -name '*.xml' -o -name '*.txt' -o -name '*.wasm' -o -name '*.webmanifest' \
		-o -name '*.map' \) | sed 's|^\./||' | LC_ALL=C sort) > "$name.files"
	list=$name.args
	: > "$list"
	while IFS= read -r p; do
		printf '%s\0' brotli -q 11 -k -f "$PWD/$name/peer/$p" zstd -19 -q -k -f "$PWD/$name/peer/$p" >> "$list"
	done < "$name.files"
	: > "$name.peer" && : > "$name.distill"
	for _ in 1 2 3; do
		rm -rf "$name/peer" && cp -a "$dist" "$name/peer"
		t=$(now)
		xargs -0 -P2 -n6 env < "$list"
		echo "$(now) - $t" | bc >> "$name.peer"

		rm -rf "$name/out" "$name/cache"
		t=$(now)
		"$DISTILL" build "$dist" --out "$name/out" --cache "$name/cache" -j 2 -q \
			--config distill.config.json > /dev/null
		echo "$(now) - $t" | bc >> "$name.distill"
	done
	local peer distill files bytes pbr pzst dbr dzst
	peer=$(median < "$name.peer")
	distill=$(median < "$name.distill")
	files=$(wc -l < "$name.files")
	bytes=$(cd "$dist" && tr '\n' '\0' < "../../$name.files" | du -cb --files0-from=- | tail -1 | cut -f1)
	pbr=$(find "$name/peer" -name '*.br' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
	pzst=$(find "$name/peer" -name '*.zst' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
	dbr=$(find "$name/out" -name '*.br' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
	dzst=$(find "$name/out" -name '*.zst' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
	printf '%s: %d files, %d of them (%d bytes) text of at least 1 KiB, compressed by both\n' \
		"$name" "$(find "$dist" -type f | wc -l)" "$files" "$bytes"
	printf '  brotli -q 11 + zstd -19, xargs -P2: %6.2f s   (.br %d, .zst %d bytes)\n' "$peer" "$pbr" "$pzst"
	printf '  distill build -j 2, cold cache:     %6.2f s   (.br %d, .zst %d bytes, kept when smaller)\n' \
		"$distill" "$dbr" "$dzst"
	printf '  ratio: %.2f (goal: at most %s)\n' "$(echo "$distill / $peer" | bc -l)" "$2"
	[ "$(echo "$distill / $peer <= $2" | bc -l)" = 1 ] || over="$over $name"
}

over=
bench site 1.15
bench corpus 1.15
bench small 1.1
[ -z "$over" ] || { echo "over the goal: $over"; exit 1; }
