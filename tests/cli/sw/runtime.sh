# SPDX-License-Identifier: MIT
# The worker's runtime strategies and their expiry in headless Chromium,
# with short limits, and opt-in skipWaiting/clientsClaim
# (tests/browser/sw-runtime.mjs).
. "$ROOT/tests/lib.sh"
need node
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || skip "needs Debian's chromium"
[ -d "$NODE_PATH/playwright-core" ] || skip "needs playwright-core: npm install in tests/"

copy_fixture sw-site
node "$ROOT/tests/browser/sw-runtime.mjs" out "\"$DISTILL\" build dist --out out -q --config \"\$SW_CONFIG\""
