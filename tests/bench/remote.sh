# SPDX-License-Identifier: MIT
# The shared remote cache (README, "Shared cache") on the image bench's
# seven photographs and a page showing them, with Debian's nginx (WebDAV)
# on 127.0.0.1 as the remote. In one run, side by side:
#   cold          an empty local cache, no remote
#   warm local    the local cache of that build, no remote
#   warm remote   "machine B": another folder, an empty local cache, the
#                 remote that machine A filled
# and the ratio of warm remote to warm local (goal: at most 1.5x). Each
# warm figure is the median of 5 builds.
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
DISTILL=${DISTILL:-$ROOT/distill}
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/bench/image-lib.bash"
cache=${BENCH_CACHE:-$ROOT/build/bench-cache}/images
work=${BENCH_DIR:-/tmp/distill-bench-remote}
mkdir -p "$cache"
rm -rf "$work" && mkdir -p "$work" && cd "$work"

image_pictures a/dist >/dev/null
{
	echo '<!doctype html><html><head><meta charset="utf-8"><title>photos</title></head><body>'
	for f in a/dist/*; do echo "<img src=\"$(basename "$f")\" alt=\"\">"; done
	echo '</body></html>'
} > a/index.html
mv a/index.html a/dist/
cp -a a b

start_nginx
remote=$nginx_url/bench

now() { date +%s.%N; }
# build DIR [env...]: one build of DIR/dist into DIR/out with DIR/cache;
# prints its wall seconds.
build() {
	local dir=$1 t0
	shift
	t0=$(now)
	(cd "$dir" && env "$@" "$DISTILL" build dist --out out --cache cache -q --no-fail >/dev/null 2>err.txt) ||
		{ cat "$dir/err.txt"; exit 1; }
	echo "$(now) - $t0" | bc
}
median() { sort -n | sed -n 3p; }

cold=$(build a)
# Machine A once more, with the remote: it uploads what its jobs make.
rm -rf a/cache a/out
upload=$(build a DISTILL_REMOTE_CACHE=$remote)
local_runs=$(for _ in 1 2 3 4 5; do rm -rf a/out; build a; done | median)
remote_runs=$(for _ in 1 2 3 4 5; do rm -rf b/cache b/out; build b DISTILL_REMOTE_CACHE=$remote; done | median)
cmp -s <(cd a/out && find . -type f -print0 | sort -z | xargs -0 sha256sum) \
	<(cd b/out && find . -type f -print0 | sort -z | xargs -0 sha256sum) ||
	{ echo "machine B's tree differs from machine A's"; exit 1; }
echo "7 photographs and a page; remote: nginx $(nginx -v 2>&1 | sed 's|.*/||') on 127.0.0.1"
printf 'cold, no remote:                 %6.2f s\n' "$cold"
printf 'cold, uploading to the remote:   %6.2f s\n' "$upload"
printf 'warm local cache (median of 5):  %6.3f s\n' "$local_runs"
printf 'warm remote, empty local cache:  %6.3f s (median of 5)\n' "$remote_runs"
printf 'warm remote / warm local:        %6.2fx (goal: at most 1.5x)\n' \
	"$(echo "$remote_runs / $local_runs" | bc -l)"
printf 'remote entries: %s, blobs: %s (%s)\n' "$(ls "$nginx_root/bench/ac" | wc -l)" \
	"$(ls "$nginx_root/bench/cas" | wc -l)" "$(du -sh "$nginx_root/bench/cas" | cut -f1)"
