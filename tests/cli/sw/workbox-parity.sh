# SPDX-License-Identifier: MIT
# The precache list equals what workbox-build's getManifest finds in the same
# output tree, but for the documented differences; revisions are null in
# the same places (tests/browser/sw-parity.mjs).
. "$ROOT/tests/lib.sh"
need node
[ -d "$NODE_PATH/workbox-build" ] || skip "needs workbox-build: npm install in tests/"

node "$ROOT/tests/browser/gen-site.mjs" dist 150 --big
run_distill build dist --out out -q
expect_status 0
node "$ROOT/tests/browser/sw-parity.mjs" out err.txt
