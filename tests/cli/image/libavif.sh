#!/bin/bash
# SPDX-License-Identifier: MIT
# distill writes AVIF itself around libaom (passes/avif_file.c). libavif is
# the oracle: its avifenc, given the same pixels and the settings distill
# uses, must make the same AV1 bitstream, and every box of the file but the
# handler's name (and so the item offsets) must be the same bytes. The
# inputs are the demo site's PNGs at their own width, so both programs
# encode the decoded PNG itself: one with alpha, one opaque (no alpha item),
# and a half-transparent gradient.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/image/helpers.bash"
need avifenc

rgba_png grad.png 260 90
cp "$ROOT/fixtures/demo/dist/images/logo.png" logo.png
cp "$ROOT/fixtures/demo/dist/icons/icon-192.png" icon.png
image_config cfg.json

compare() { # ours theirs
	python3 - "$1" "$2" <<'PY'
import struct, sys

def boxes(d, off, end):
    while off < end:
        size, kind = struct.unpack(">I4s", d[off:off + 8])
        yield kind.decode(), d[off + 8:off + size]
        off += size

def flatten(d):
    """Every leaf box as (path, payload); containers are walked."""
    out, containers = [], {"meta": 4, "iprp": 0, "ipco": 0, "iinf": 6, "iref": 4}
    def walk(data, path, skip):
        for kind, body in boxes(data, skip, len(data)):
            if kind in containers:
                if skip or kind == "meta":
                    out.append((path + kind + "(header)", body[:containers[kind]]))
                walk(body, path + kind + "/", containers[kind])
            else:
                out.append((path + kind, body))
    walk(d, "", 0)
    return out

ours, theirs = (flatten(open(f, "rb").read()) for f in sys.argv[1:3])
bad = []
if [p for p, _ in ours] != [p for p, _ in theirs]:
    bad.append("box layout %s against %s" % ([p for p, _ in ours], [p for p, _ in theirs]))
for (path, a), (_, b) in zip(ours, theirs):
    if path == "meta/hdlr":
        a, b = a[:20], b[:20]          # the name differs ("" and "libavif")
    if path == "meta/iloc":            # offsets move with the name; lengths not
        a, b = a[:8], b[:8]
        la = [a for a in ours if a[0] == "meta/iloc"][0][1]
        lb = [b for b in theirs if b[0] == "meta/iloc"][0][1]
        n = struct.unpack(">H", la[6:8])[0]
        for i in range(n):
            at = 8 + i * 14
            if la[at:at + 6] != lb[at:at + 6] or la[at + 10:at + 14] != lb[at + 10:at + 14]:
                bad.append("iloc item %d differs" % i)
    if a != b:
        bad.append("%s: %s against %s" % (path, a[:48].hex(), b[:48].hex()))
if bad:
    print("\n".join(bad))
    sys.exit(1)
print("%d boxes alike" % len(ours))
PY
}

# Quality 85 is quantizer 12 (tests/unit/image_test.c); avifSpeed 6
# (image_config); 4:4:4.
for case in grad:260 logo:300 icon:192; do
	name=${case%:*} width=${case#*:}
	image_job "$name.png" "out.$name" cfg.json
	expect_job_ok
	ours=out.$name/$width.avif
	assert_file "$ours"
	avifenc -j 1 -s 6 --min 12 --max 12 --minalpha 12 --maxalpha 12 -y 444 \
		-r full --cicp 1/13/6 --ignore-icc --ignore-exif --ignore-xmp \
		-a tune=ssim -a color:deltaq-mode=3 -a color:enable-chroma-deltaq=1 \
		-a enable-intrabc=0 "$name.png" "ref.$name.avif" >avifenc.log 2>&1 ||
		{ cat avifenc.log >&2; fail "avifenc failed on $name.png"; }
	compare "$ours" "ref.$name.avif" >cmp.txt ||
		{ cat cmp.txt >&2; fail "$name: distill's AVIF is not libavif's"; }
	echo "# $name.png: $(cat cmp.txt), $(stat -c %s "$ours") bytes"
done
grep -q auxl out.logo/300.avif || fail "logo.png has alpha, its AVIF no alpha item"
! grep -q auxl out.icon/192.avif || fail "icon.png is opaque, its AVIF has an alpha item"
