"""Write JSON the way distill's records are written: with "check", the
XXH3-128 of the object's canonical text (sorted keys, compact, no "check"),
so that a hand-written record is trusted like one a build made (see
src/lib/checked.c)."""
import json
import subprocess


def with_check(obj):
    obj = dict(obj)
    obj.pop("check", None)
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    out = subprocess.run(["xxhsum", "-H2", "-"], input=text.encode(), check=True,
                         capture_output=True).stdout.decode()
    obj["check"] = out.split()[0]
    return obj


def dump(obj, path):
    with open(path, "w") as f:
        json.dump(with_check(obj), f, indent=1, ensure_ascii=False)
        f.write("\n")
