# SPDX-License-Identifier: MIT
"""Write one bad or unusual input file for the fault suite.

usage: gen.py KIND OUT [ARG...]   (run `gen.py list` for the kinds)

Valid images are drawn here as PPM/PGM pixels and encoded by the vips
command (libvips-tools); the bad ones are made from them byte by byte, so
that nothing binary is kept in the repository. Every "photo" is 96x48 with
a red 24x24 block in its top-left corner on grey, so a test can tell how it
was turned. Random bytes come from a fixed seed: every run writes the same
files.
"""
import os
import random
import struct
import subprocess
import sys
import tempfile
import zlib

W, H, BLOCK = 96, 48, 24


def pixels(w=W, h=H, maxval=255):
    """RGB rows: a red block top-left, grey elsewhere, a little texture."""
    rows = []
    for y in range(h):
        row = []
        for x in range(w):
            if x < BLOCK and y < BLOCK:
                row.append((maxval, 0, 0))
            else:
                g = (maxval // 2) + ((x * 7 + y * 13) % 16) * (maxval // 255)
                row.append((g, g, g))
        rows.append(row)
    return rows


def write_ppm(path, w=W, h=H, maxval=255, noise=False):
    rnd = random.Random(7)
    fmt = ">H" if maxval > 255 else "B"
    out = bytearray(b"P6\n%d %d\n%d\n" % (w, h, maxval))
    for row in pixels(w, h, maxval):
        for px in row:
            for c in px:
                if noise:
                    c = max(0, min(maxval, c + rnd.randint(-40, 40)))
                out += struct.pack(fmt, c)
    open(path, "wb").write(out)


def vips(*args):
    subprocess.run(["vips", *args], check=True, stdout=subprocess.DEVNULL)


def encode(out, suffix, w=W, h=H, noise=False, options=""):
    """A valid image in the format of suffix (jpg png webp gif)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.ppm")
        write_ppm(src, w, h, noise=noise)
        dst = os.path.join(tmp, "out." + suffix)
        vips("copy", src, dst + options)
        data = open(dst, "rb").read()
    open(out, "wb").write(data)
    return data


def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))


PNG_SIG = b"\x89PNG\r\n\x1a\n"


def png_chunks(data):
    """[(type, body)] of a PNG."""
    out, i = [], 8
    while i + 8 <= len(data):
        n, kind = struct.unpack(">I4s", data[i:i + 8])
        out.append((kind, data[i + 8:i + 8 + n]))
        i += 12 + n
    return out


def png_join(chunks):
    return PNG_SIG + b"".join(chunk(k, d) for k, d in chunks)


def deflate_zeros(n, level=9):
    """zlib stream of n zero bytes, built in pieces to keep memory small."""
    z = zlib.compressobj(level)
    block = bytes(1 << 20)
    out = []
    while n > 0:
        step = min(n, len(block))
        out.append(z.compress(block[:step]))
        n -= step
    out.append(z.flush())
    return b"".join(out)


def jpeg_segments(data):
    """Split a JPEG into (marker, bytes) up to SOS; the rest is one blob."""
    assert data[:2] == b"\xff\xd8"
    i, segs = 2, []
    while i < len(data):
        marker = data[i + 1]
        if marker == 0xDA:
            segs.append((marker, data[i:]))
            break
        n = struct.unpack(">H", data[i + 2:i + 4])[0]
        segs.append((marker, data[i:i + 2 + n]))
        i += 2 + n
    return segs


def jpeg_insert_after_soi(data, segment):
    return data[:2] + segment + data[2:]


def app(marker, body):
    assert len(body) + 2 <= 0xFFFF
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def exif_orientation(n):
    """An APP1 Exif segment whose only tag is Orientation = n."""
    ifd = struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, n, 0) + struct.pack(">I", 0)
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + ifd
    return app(0xE1, b"Exif\x00\x00" + tiff)


# --- the kinds ------------------------------------------------------------

def k_valid(out, fmt):
    encode(out, fmt)


def k_truncated(out, fmt):
    data = encode(out, fmt, 400, 300, noise=True)
    open(out, "wb").write(data[:len(data) // 2])


def k_corrupt_jpeg(out):
    data = encode(out, "jpg", 400, 300, noise=True)
    sos = data.index(b"\xff\xda")
    rnd = random.Random(1)
    body = bytearray(data)
    start = sos + 200
    for i in range(start, start + (len(data) - start) // 3):
        body[i] = rnd.randrange(256)
    open(out, "wb").write(body)


def k_corrupt_png(out):
    """A damaged zlib stream in IDAT, with correct CRCs, so that only the
    decompressor can tell."""
    data = encode(out, "png", 400, 300, noise=True)
    rnd = random.Random(2)
    chunks = []
    for kind, body in png_chunks(data):
        if kind == b"IDAT":
            body = bytearray(body)
            for i in range(len(body) // 3, len(body) // 2):
                body[i] = rnd.randrange(256)
            body = bytes(body)
        chunks.append((kind, body))
    open(out, "wb").write(png_join(chunks))


def k_png_bad_crc(out):
    data = bytearray(encode(out, "png", 400, 300, noise=True))
    i = data.index(b"IDAT") + 100
    data[i] ^= 0xFF
    open(out, "wb").write(data)


def k_corrupt_webp(out):
    data = bytearray(encode(out, "webp", 400, 300, noise=True))
    rnd = random.Random(3)
    for i in range(len(data) // 3, len(data) * 2 // 3):
        data[i] = rnd.randrange(256)
    open(out, "wb").write(data)


def k_corrupt_gif(out):
    data = bytearray(encode(out, "gif", 400, 300, noise=True))
    rnd = random.Random(4)
    for i in range(len(data) // 3, len(data) * 2 // 3):
        data[i] = rnd.randrange(256)
    open(out, "wb").write(data)


def k_png_header(out, w, h):
    """A PNG that declares w x h RGB and holds one row of data."""
    w, h = int(w), int(h)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    open(out, "wb").write(png_join([(b"IHDR", ihdr),
                                    (b"IDAT", zlib.compress(bytes(1 + min(w, 4096) * 3))),
                                    (b"IEND", b"")]))


def k_png_zlib_bomb(out, side="12000"):
    """A complete, valid greyscale PNG of side x side zero pixels: 144 MB
    decoded from about 140 KB."""
    side = int(side)
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    idat = deflate_zeros((side + 1) * side)
    open(out, "wb").write(png_join([(b"IHDR", ihdr), (b"IDAT", idat), (b"IEND", b"")]))


def k_png_too_much_data(out):
    """A 1x1 PNG whose IDAT inflates to 64 MiB."""
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    open(out, "wb").write(png_join([(b"IHDR", ihdr), (b"IDAT", deflate_zeros(64 << 20)),
                                    (b"IEND", b"")]))


def k_png_chunk_bomb(out, kind):
    """A valid photo with a zTXt or iCCP chunk that inflates to 64 MiB."""
    data = encode(out, "png")
    bomb = deflate_zeros(64 << 20)
    if kind == "ztxt":
        extra = (b"zTXt", b"Comment\x00\x00" + bomb)
    else:
        extra = (b"iCCP", b"bomb\x00\x00" + bomb)
    chunks = png_chunks(data)
    chunks.insert(1, extra)
    open(out, "wb").write(png_join(chunks))


def k_jpeg_many_scans(out, scans="5000"):
    """A progressive JPEG header (4096x4096 grey) followed by thousands of
    DC scans holding no data: each one makes a decoder walk every block."""
    dqt = app(0xDB, b"\x00" + bytes([1] * 64))
    sof2 = app(0xC2, struct.pack(">BHHB", 8, 4096, 4096, 1) + b"\x01\x11\x00")
    # A DC table with one code of length 1 for category 0.
    dht = app(0xC4, b"\x00" + bytes([1] + [0] * 15) + b"\x00")
    sos = app(0xDA, b"\x01\x01\x00\x00\x00\x00")
    data = b"\xff\xd8" + dqt + sof2 + dht + sos * int(scans) + b"\xff\xd9"
    open(out, "wb").write(data)


def k_jpeg_cmyk(out):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.ppm")
        write_ppm(src)
        # C = 255 - R and so on, K = 0: red stays red through a naive
        # conversion.
        inv = os.path.join(tmp, "inv.v")
        vips("invert", src, inv)
        four = os.path.join(tmp, "four.v")
        vips("bandjoin_const", inv, four, "0")
        cmyk = os.path.join(tmp, "cmyk.v")
        vips("copy", four, cmyk, "--interpretation", "cmyk")
        vips("jpegsave", cmyk, out)


def k_png_16bit(out):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.ppm")
        write_ppm(src, maxval=65535)
        vips("pngsave", src, out, "--bitdepth", "16")
    assert open(out, "rb").read()[24] == 16


def k_png_palette_trns(out):
    """An indexed PNG with a tRNS chunk: the bottom half is transparent."""
    palette = bytes([255, 0, 0, 128, 128, 128, 0, 0, 255])
    rows = b"".join(b"\x00" + bytes(0 if (x < BLOCK and y < BLOCK) else
                                    (1 if y < H // 2 else 2) for x in range(W))
                    for y in range(H))
    ihdr = struct.pack(">IIBBBBB", W, H, 8, 3, 0, 0, 0)
    open(out, "wb").write(png_join([(b"IHDR", ihdr), (b"PLTE", palette),
                                    (b"tRNS", bytes([255, 255, 0])),
                                    (b"IDAT", zlib.compress(rows)), (b"IEND", b"")]))


def k_jpeg_orientation(out, n):
    data = encode(out, "jpg")
    open(out, "wb").write(jpeg_insert_after_soi(data, exif_orientation(int(n))))


def k_jpeg_huge_icc(out):
    """2 MiB of ICC profile in 33 APP2 segments: a bogus profile."""
    data = encode(out, "jpg")
    profile = random.Random(5).randbytes(2 << 20)
    step = 65000
    parts = [profile[i:i + step] for i in range(0, len(profile), step)]
    segs = b"".join(app(0xE2, b"ICC_PROFILE\x00" + bytes([i + 1, len(parts)]) + p)
                    for i, p in enumerate(parts))
    open(out, "wb").write(jpeg_insert_after_soi(data, segs))


def k_jpeg_huge_exif(out):
    """A full 64 KiB Exif segment: an IFD of 5000 entries, one of them an
    offset far past the end, then more APP1 segments of junk."""
    data = encode(out, "jpg")
    n = 5000
    entries = b"".join(struct.pack(">HHII", 0x9000 + (i % 4000), 7, 0x7FFFFFFF, 0x10)
                       for i in range(n))
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", n) + entries + struct.pack(">I", 0xFFFFFFF0)
    body = (b"Exif\x00\x00" + tiff)[:65533]
    junk = b"".join(app(0xE1, b"Exif\x00\x00" + random.Random(i).randbytes(65000)) for i in range(8))
    open(out, "wb").write(jpeg_insert_after_soi(data, app(0xE1, body) + junk))


def k_svg_external(out, secret, url):
    """An SVG that references a file outside DIST and a URL in every way
    SVG has: an external entity, XInclude, <image>, <use>, CSS @import
    and url(), and a stylesheet processing instruction."""
    text = f"""<?xml version="1.0"?>
<?xml-stylesheet href="{url}/pi.css"?>
<!DOCTYPE svg [
  <!ENTITY secret SYSTEM "file://{secret}">
  <!ENTITY remote SYSTEM "{url}/entity">
]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:xi="http://www.w3.org/2001/XInclude" width="96" height="48">
  <style>@import url("{url}/import.css"); rect {{ fill: url({url}/paint#p); }}</style>
  <text>&secret;&remote;</text>
  <xi:include href="file://{secret}" parse="text"/>
  <image href="file://{secret}" width="10" height="10"/>
  <image xlink:href="{url}/image.png" width="10" height="10"/>
  <use href="{url}/sprite.svg#icon"/>
  <rect width="96" height="48" style="fill: url('file://{secret}')"/>
</svg>
"""
    open(out, "w").write(text)


KINDS = {
    "valid": (k_valid, "FMT (jpg png webp gif): a 96x48 photo"),
    "truncated": (k_truncated, "FMT: the first half of a 400x300 image"),
    "corrupt-jpeg": (k_corrupt_jpeg, "random bytes over a third of the scan data"),
    "corrupt-png": (k_corrupt_png, "damaged zlib data in IDAT, CRCs correct"),
    "png-bad-crc": (k_png_bad_crc, "one IDAT byte flipped, so its CRC is wrong"),
    "corrupt-webp": (k_corrupt_webp, "random bytes over the middle third"),
    "corrupt-gif": (k_corrupt_gif, "random bytes over the middle third"),
    "png-header": (k_png_header, "W H: a PNG declaring W x H pixels"),
    "png-zlib-bomb": (k_png_zlib_bomb, "[SIDE]: a valid zero PNG, SIDE^2 bytes decoded"),
    "png-too-much-data": (k_png_too_much_data, "1x1 with 64 MiB of IDAT"),
    "png-chunk-bomb": (k_png_chunk_bomb, "ztxt|iccp: a 64 MiB compressed chunk"),
    "jpeg-many-scans": (k_jpeg_many_scans, "[N]: N empty progressive scans"),
    "jpeg-cmyk": (k_jpeg_cmyk, "a CMYK (Adobe) JPEG"),
    "png-16bit": (k_png_16bit, "16 bits per channel"),
    "png-palette-trns": (k_png_palette_trns, "palette with tRNS transparency"),
    "jpeg-orientation": (k_jpeg_orientation, "N: EXIF orientation N (1-8)"),
    "jpeg-huge-icc": (k_jpeg_huge_icc, "2 MiB bogus ICC profile"),
    "jpeg-huge-exif": (k_jpeg_huge_exif, "64 KiB Exif with bad offsets, plus junk APP1s"),
    "svg-external": (k_svg_external, "SECRET URL: SVG referencing both"),
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] == "list":
        for name, (_, doc) in KINDS.items():
            print(f"{name:20} {doc}")
        return 0
    kind, out, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if kind not in KINDS:
        print(f"gen.py: unknown kind '{kind}'", file=sys.stderr)
        return 2
    KINDS[kind][0](out, *args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
