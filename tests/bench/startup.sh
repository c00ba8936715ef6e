#!/bin/bash
# SPDX-License-Identifier: MIT
# Start-up: the CPU time (user + system, from wait4) of one process, median
# of 20 runs, for an empty C program and for distill's jobs, side by side in
# one run: `distill --version`, `distill job compress` on a 1 KiB file (a
# whole job: config, sidecars, record), `distill-image --version` (the image
# libraries loaded) and `distill job image` on a 64 x 64 PNG (for context:
# it decodes and encodes); distill-image again with the npm package's slim
# libvips (npm/vips.sh) when build/vips holds it. Goal: a non-image job at
# most 5 ms.
set -euo pipefail
: "${DISTILL:?}" "${ROOT:?}"
work=${BENCH_DIR:-/tmp/distill-bench-startup}
rm -rf "$work" && mkdir -p "$work"
# Private copies: relinking the tree's binaries must not disturb the run.
install -m 755 "$DISTILL" "$work/distill"
install -m 755 "$DISTILL-image" "$work/distill-image"
cd "$work"
printf 'int main(void) { return 0; }\n' > empty.c
cc -O2 -o empty empty.c
head -c 768 /dev/urandom | base64 -w 76 > one.txt # 1 KiB of text
python3 - <<'PY'
import struct, zlib
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
rows = b"".join(b"\0" + bytes(v for x in range(64) for v in (x * 4, y * 4, 128)) for y in range(64))
open("tiny.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
PY
version() { sed -n 's/^\t\.version = \([0-9]*\),$/\1/p' "$ROOT/passes/$1.c"; }

python3 - "$(version compress)" "$(version image)" <<'PY'
import os, shutil, statistics, sys
compress_v, image_v = sys.argv[1], sys.argv[2]

def cpu_ms(argv, prepare=None):
    """Median CPU time of 20 runs of argv, in ms."""
    times = []
    for _ in range(20):
        if prepare:
            prepare()
        # posix_spawn is a vfork: the child's time is the program's own.
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, 1, 2)])
        _, status, ru = os.wait4(pid, 0)
        if status != 0:
            sys.exit("bench startup: %s failed (status %d)" % (" ".join(argv), status))
        times.append((ru.ru_utime + ru.ru_stime) * 1000)
    return statistics.median(times)

def fresh(d):
    return lambda: shutil.rmtree(d, ignore_errors=True)

runs = [
    ("empty C program", ["./empty"], None),
    ("distill --version", ["./distill", "--version"], None),
    ("distill job compress, 1 KiB file", ["./distill", "job", "compress",
        "--pass-version=" + compress_v, "--out=store-c", os.path.abspath("one.txt")], fresh("store-c")),
    ("brotli -q 11, same file", [shutil.which("brotli"), "-q", "11", "-c", "one.txt"], None),
    ("zstd -19, same file", [shutil.which("zstd"), "-19", "-q", "-c", "one.txt"], None),
    ("distill-image --version", ["./distill-image", "--version"], None),
    ("distill-image --version, slim libvips", ["./distill-image", "--version"], None),
    ("distill job image, 64x64 PNG", ["./distill", "job", "image",
        "--pass-version=" + image_v, "--out=store-i", os.path.abspath("tiny.png")], fresh("store-i")),
]
# The libvips the npm package carries (npm/vips.sh), when it is built.
slim = os.path.join(os.environ["ROOT"], "build/vips/lib")
if not os.path.exists(os.path.join(slim, "libvips.so.42")):
    runs = [r for r in runs if "slim" not in r[0]]
def measure(name, argv, prep):
    if "slim" in name:
        os.environ["LD_LIBRARY_PATH"] = slim
    try:
        return cpu_ms(argv, prep)
    finally:
        os.environ.pop("LD_LIBRARY_PATH", None)
figures = [(name, measure(name, argv, prep)) for name, argv, prep in runs]
empty = figures[0][1]
for name, ms in figures:
    print("  %-36s %7.2f ms CPU (median of 20)" % (name, ms))
ms = dict(figures)
job = ms["distill job compress, 1 KiB file"]
codecs = ms["brotli -q 11, same file"] + ms["zstd -19, same file"] - 2 * empty
print("  distill --version: %.2f ms (goal: at most 5 ms)" % ms["distill --version"])
print("  distill job compress: %.2f ms, of which %.2f ms is what the brotli and zstd programs\n"
      "  take on the same file beyond an empty program's start-up; %.2f ms without it (goal: at most 5 ms)"
      % (job, codecs, job - codecs))
sys.exit(0 if ms["distill --version"] <= 5 and job - codecs <= 5 else 1)
PY
