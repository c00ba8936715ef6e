# SPDX-License-Identifier: MIT
# The worker's runtime strategies and their expiry in headless Chromium,
# with short limits, and opt-in skipWaiting/clientsClaim
# (tests/browser/sw-runtime.mjs).
. "$ROOT/tests/lib.sh"
need node
need_chromium

copy_fixture sw-site
node "$ROOT/tests/browser/sw-runtime.mjs" out "\"$DISTILL\" build dist --out out -q --config \"\$SW_CONFIG\""
