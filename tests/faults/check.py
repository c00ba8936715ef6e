# SPDX-License-Identifier: MIT
"""Checks of a built tree against <cache>/manifest.json for the fault suite.

usage:
  check.py output CACHE PATH          print where the asset PATH went
  check.py carried CACHE DIST OUT PATH...
                                      each PATH came out byte for byte
  check.py complete CACHE OUT         every FILE of the manifest is in OUT,
                                      complete (its recorded size), and OUT
                                      holds no symlink
  check.py image CACHE OUT PATH W H   PATH is a W x H (upright) raster with
                                      variants, each file in OUT of the size
                                      the manifest gives (vipsheader)
  check.py corner FILE...             which corner of each FILE is red: tl tr
                                      bl br, one line each
Exit 1 with a message naming what differed.
"""
import json
import os
import subprocess
import sys


def manifest(cache):
    with open(os.path.join(cache, "manifest.json")) as f:
        return json.load(f)


def entry(cache, path):
    for e in manifest(cache)["assets"]:
        if e["path"] == path:
            return e
    sys.exit(f"check.py: '{path}' is not in the manifest")


def cmd_output(cache, path):
    print(entry(cache, path)["output"])


def cmd_carried(cache, dist, out, *paths):
    outputs = {e["path"]: e["output"] for e in manifest(cache)["assets"]}
    for path in paths:
        if path not in outputs:
            sys.exit(f"check.py: '{path}' is not in the manifest")
        with open(os.path.join(dist, path), "rb") as a, \
                open(os.path.join(out, outputs[path]), "rb") as b:
            if a.read() != b.read():
                sys.exit(f"check.py: '{path}' was not carried over unchanged "
                         f"(to '{outputs[path]}')")


def cmd_complete(cache, out):
    m = manifest(cache)
    for f in m["files"]:
        p = os.path.join(out, f["output"])
        if not os.path.isfile(p):
            sys.exit(f"check.py: '{f['output']}' is missing from '{out}'")
        if os.path.getsize(p) != f["size"]:
            sys.exit(f"check.py: '{f['output']}' has {os.path.getsize(p)} bytes, "
                     f"the manifest says {f['size']}: a partial file")
    for top, dirs, files in os.walk(out):
        for name in dirs + files:
            if os.path.islink(os.path.join(top, name)):
                sys.exit(f"check.py: '{os.path.join(top, name)}' is a symlink")


def header(path, field):
    return subprocess.run(["vipsheader", "-f", field, path], check=True,
                          capture_output=True, text=True).stdout.strip()


def cmd_image(cache, out, path, w, h):
    e = entry(cache, path)
    img = e.get("image")
    if e.get("error"):
        sys.exit(f"check.py: '{path}' was rejected: {e['error']}")
    if not img:
        sys.exit(f"check.py: '{path}' has no image entry (is the image pass built?)")
    if (img["width"], img["height"]) != (int(w), int(h)):
        sys.exit(f"check.py: '{path}' is {img['width']}x{img['height']}, expected {w}x{h}")
    if not img.get("variants"):
        sys.exit(f"check.py: '{path}' has no variants")
    for v in img["variants"]:
        p = os.path.join(out, v["output"])
        if not os.path.isfile(p):
            sys.exit(f"check.py: variant '{v['output']}' is missing")
        got = (int(header(p, "width")), int(header(p, "height")))
        if got != (v["width"], v["height"]):
            sys.exit(f"check.py: variant '{v['output']}' is {got}, the manifest says "
                     f"{v['width']}x{v['height']}")
        # Upright and never enlarged: the aspect ratio of the source.
        if abs(got[0] * int(h) - got[1] * int(w)) > max(int(w), int(h)):
            sys.exit(f"check.py: variant '{v['output']}' is {got}, not the shape of {w}x{h}")
        if got[0] > int(w):
            sys.exit(f"check.py: variant '{v['output']}' is wider than its source")
        print(v["output"])


def red(path, x, y):
    v = subprocess.run(["vips", "getpoint", path, str(x), str(y)], check=True,
                       capture_output=True, text=True).stdout.split()
    r, g, b = (float(c) for c in v[:3])
    return r > 180 and g < 90 and b < 90


def cmd_corner(*paths):
    for path in paths:
        w, h = int(header(path, "width")), int(header(path, "height"))
        dx, dy = max(1, w // 16), max(1, h // 16)
        found = [name for name, x, y in (("tl", dx, dy), ("tr", w - 1 - dx, dy),
                                         ("bl", dx, h - 1 - dy), ("br", w - 1 - dx, h - 1 - dy))
                 if red(path, x, y)]
        if len(found) != 1:
            sys.exit(f"check.py: '{path}' has red in corners {found}, expected exactly one")
        print(found[0])


COMMANDS = {"output": cmd_output, "carried": cmd_carried, "complete": cmd_complete, "image": cmd_image,
            "corner": cmd_corner}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](*sys.argv[2:])
