# SPDX-License-Identifier: MIT
# The manifest gives every script and stylesheet its Subresource Integrity
# token ("integrity", FORMAT.md) from the bytes served, for tools outside
# the build: checked against openssl on the output, a stylesheet after its
# own rewrite. A rebuild after one script changes hashes that file again
# and keeps the other tokens; a tampered memo is not believed.
. "$ROOT/tests/lib.sh"
need python3 openssl
mkdir -p dist/assets
printf 'export const a = 1;\n' > dist/assets/a-AbCdEf12.js
printf 'console.log("b");\n' > dist/b.js
printf 'body { background: url(bg.png); }\n' > dist/style.css
cp "$FIXTURES/demo/dist/images/logo.png" dist/bg.png
cat > dist/index.html <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="style.css"><script type="module" src="/assets/a-AbCdEf12.js"></script>
<script src="b.js"></script></head><body></body></html>
HTML

check() { # every js and css entry's token is that of its output bytes
	python3 - cache/manifest.json out <<'PY' || fail "manifest integrity differs from the output's bytes"
import base64, hashlib, json, sys
m = json.load(open(sys.argv[1]))
n = 0
for e in m["assets"]:
    if e["kind"] not in ("js", "css"):
        assert "integrity" not in e, e["path"]
        continue
    data = open(sys.argv[2] + "/" + e["output"], "rb").read()
    want = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    assert e.get("integrity") == want, (e["path"], e.get("integrity"), want)
    n += 1
assert n == 3, n
PY
}
run_distill build dist --out out --cache cache -q
expect_status 0
check
assert_grep 'url(bg\.[a-z2-7]*\.png)' "$(ls out/assets/style.*.css)"

# One script changed: its token follows, the memo keeps the others.
printf 'console.log("b2");\n' > dist/b.js
run_distill build dist --out out --cache cache -q
expect_status 0
check

# A memo whose tokens were changed (its own hash no longer matches) is
# not read: every entry is merged, and the tokens made from the bytes
# again.
memo=cache/gen/manifest/merged.memo
[ -f "$memo" ] || fail "no memo of merged entries at $memo"
sed -i 's/"sha384-[A-Za-z0-9+\/=]*"/"sha384-AAAA"/g' "$memo"
grep -q 'sha384-AAAA' "$memo" || fail "the memo holds no token to tamper with"
printf 'console.log("b3");\n' > dist/b.js
run_distill build dist --out out --cache cache -q
expect_status 0
check
