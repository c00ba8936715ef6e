#!/bin/bash
# SPDX-License-Identifier: MIT
# No-change rebuild: a generated tree of 5,000 files (about 200 MB) is built
# once, then copied again with the same bytes and new mtimes (what vite
# build does). Times the warm `distill build` against `xxhsum -H2` (XXH128)
# over the same files, in the same run, and prints the ratio. Goal: <= 3x.
set -euo pipefail
: "${DISTILL:?}"
command -v xxhsum >/dev/null || { echo "needs xxhsum (apt-get install xxhash)"; exit 1; }
work=${BENCH_DIR:-/tmp/distill-bench-rebuild}
rm -rf "$work" && mkdir -p "$work/dist"
# A private copy: relinking the tree's binary must not disturb the run.
cp "$DISTILL" "$work/distill" && cp "$DISTILL-image" "$work/distill-image" && DISTILL=$work/distill
cd "$work"
# 4,000 small text files (JS, CSS, HTML, JSON) and 1,000 binary files.
python3 - <<'PY'
import os, random
random.seed(1)
words = [w.strip() for w in open('/usr/share/dict/words')] if os.path.exists('/usr/share/dict/words') else ['const', 'function', 'return', 'value', 'export', 'import', 'render', 'state']
exts = ['js', 'css', 'html', 'json']
for i in range(4000):
    d = f'dist/section{i % 40}'
    os.makedirs(d, exist_ok=True)
    n = random.randint(2000, 16000)
    text = []
    size = 0
    while size < n:
        w = random.choice(words)
        text.append(w)
        size += len(w) + 1
    open(f'{d}/file{i}.{exts[i % 4]}', 'w').write(' '.join(text))
for i in range(1000):
    d = f'dist/media{i % 20}'
    os.makedirs(d, exist_ok=True)
    open(f'{d}/blob{i}.woff2', 'wb').write(os.urandom(random.randint(120000, 260000)))
PY
echo "tree: $(find dist -type f | wc -l) files, $(du -sm dist | cut -f1) MB"
cfg='{"image":{"enabled":false},"sw":{"enabled":false},"budget":{"enabled":false}}'
echo "$cfg" > distill.config.json
start=$(date +%s.%N)
"$DISTILL" build dist --out out --cache cache -q
echo "cold build: $(echo "$(date +%s.%N) - $start" | bc) s"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_cmd() { # runs
	for _ in 1 2 3 4 5; do
		find dist -type f -exec touch {} +
		s=$(date +%s.%N)
		"$@" >/dev/null
		echo "$(date +%s.%N) - $s" | bc
	done | median
}
# Both read the same files from the page cache.
find dist -type f -print0 | xargs -0 cat >/dev/null
t_distill=$(time_cmd "$DISTILL" build dist --out out --cache cache -q)
t_xxhsum=$(time_cmd sh -c 'find dist -type f -print0 | xargs -0 xxhsum -H2')
echo "warm distill build: ${t_distill} s (median of 5)"
echo "xxhsum -H2 of the same files: ${t_xxhsum} s (median of 5)"
echo "ratio: $(echo "scale=2; $t_distill / $t_xxhsum" | bc)x (goal: <= 3x)"
