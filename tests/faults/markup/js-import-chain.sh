# A chain of 30,000 modules, each importing the next, loaded by one page:
# the budget walks the import closure without recursion (the build runs
# under `ulimit -s 1024`) and counts every module once.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need python3
mkdir -p dist/m
python3 - <<'PY' || fail "cannot write the modules"
n = 30000
for i in range(n):
    with open("dist/m/%d.js" % i, "w") as f:
        f.write('import "./%d.js";\n' % (i + 1) if i + 1 < n else "export {};\n")
with open("dist/index.html", "w") as f:
    f.write('<!doctype html><title>chain</title><script type="module" src="m/0.js"></script>\n')
PY
(
	ulimit -s 1024
	fault_build --report json --no-fail
	expect_status 0
	python3 - <<'PY' || fail "the budget does not count the chain once"
import json, os
page = [p for p in json.load(open("out.txt"))["pages"] if p["asset"] == "index.html"][0]
files = page["script"]["files"]
assert files == ["m/%d.js" % i for i in range(30000)], files[:3]
assert page["script"]["raw"] == sum(os.path.getsize("dist/" + f) for f in files)
PY
)
