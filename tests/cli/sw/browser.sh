# SPDX-License-Identifier: MIT
# The service worker end to end in headless Chromium: offline rendering,
# the offline page, and an update after a rebuild (tests/browser/sw-offline.mjs).
. "$ROOT/tests/lib.sh"
need node
need_chromium

copy_fixture sw-site
run_distill build dist --out out -q
expect_status 0
cat >rebuild.sh <<SH
set -e
sed -i "s/const APP_VERSION = 'v1'/const APP_VERSION = 'v2'/" dist/app.js
grep -q "APP_VERSION = 'v2'" dist/app.js
"$DISTILL" build dist --out out -q
SH
node "$ROOT/tests/browser/sw-offline.mjs" out "bash rebuild.sh"
