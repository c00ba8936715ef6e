# SPDX-License-Identifier: MIT
# sw.register (null by default: when the worker is distill's own): every
# page that does not name navigator.serviceWorker itself gets
# <script src="/register-sw.js" defer> in <head> (after <meta charset>), a
# page without references too, and the sw pass writes the script
# (precached, like the pages that load it). A file without a <head> tag (a
# site-verification file) is left alone, and so is everything with
# sw.register false or when the site brings its own worker. In Chromium
# (tests/browser/sw-register.mjs): build 1 registers and controls the
# page; with build 2 deployed, the open page gets the update event and
# runs build 2 once it takes it.
. "$ROOT/tests/lib.sh"
need node python3
mkdir -p dist/about
printf 'document.documentElement.dataset.build = "1";\n' > dist/app.js
cat > dist/index.html <<'HTML'
<!doctype html>
<html><head><meta charset="utf-8"><title>Home</title>
<script src="app.js"></script></head><body><p>Home</p></body></html>
HTML
printf '<!doctype html><html><head><title>Plain</title></head><p>No references.\n' > dist/plain.html
printf 'google-site-verification: google1234.html\n' > dist/google1234.html
cat > dist/about/index.html <<'HTML'
<!doctype html>
<html><head><meta charset="utf-8"><title>Own</title>
<script>if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js');</script>
</head><body></body></html>
HTML
run_distill build dist --out out --cache cache -q
expect_status 0
tag='<script src="/register-sw.js" defer></script>'
assert_grep "<meta charset=\"utf-8\">$tag<title>Home</title>" out/index.html
assert_grep "<head>$tag<title>Plain" out/plain.html
cmp -s dist/google1234.html out/google1234.html || fail "a file without <head> was changed"
assert_eq 0 "$(grep -c 'register-sw' out/about/index.html || true)" "a page that registers a worker itself"
assert_file out/register-sw.js
assert_grep '"/sw.js"' out/register-sw.js
python3 - out/precache-manifest.json out/register-sw.js <<'PY' || fail "register-sw.js in the precache list"
import json, sys
entries = {e["url"]: e["revision"] for e in json.load(open(sys.argv[1]))}
assert "/register-sw.js" in entries and entries["/register-sw.js"], entries
PY

echo '{"sw": {"register": false}}' > off.json
run_distill build dist --out off --cache cache --config off.json -q
expect_status 0
assert_no_file off/register-sw.js
assert_eq 0 "$(grep -c 'register-sw' off/index.html || true)" "pages with sw.register false"
echo '{"sw": {"register": "sometimes"}}' > bad.json
run_distill build dist --out bad --cache cache --config bad.json -q
expect_status 1
assert_grep "sw.register" err.txt

# A site that brings its own worker registers it.
cp -a dist own
printf 'self.__WB_MANIFEST;\n' > own/sw.js
run_distill build own --out own-out --cache cache -q
expect_status 0
assert_no_file own-out/register-sw.js
assert_eq 0 "$(grep -c 'register-sw' own-out/index.html || true)" "pages of a site with its own worker"

need_chromium
cat >rebuild.sh <<SH
set -e
printf 'document.documentElement.dataset.build = "2";\n' > dist/app.js
"$DISTILL" build dist --out out --cache cache -q
SH
node "$ROOT/tests/browser/sw-register.mjs" out "bash rebuild.sh"
