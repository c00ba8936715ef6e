# SPDX-License-Identifier: MIT
# What the output holds when the sw pass's files meet the commit step:
# - a site that ships its own sw.js with self.__WB_MANIFEST gets the
#   injected file, not its original (the aggregate's output wins over the
#   DIST file at the same path);
# - a site that ships its own sw.js without it keeps that file as it is;
# - turning sw.enabled off with a warm cache leaves no sw.js behind (the
#   record of an earlier build is not committed).
. "$ROOT/tests/lib.sh"
need jq

copy_fixture sw-site
echo 'self.addEventListener("fetch", () => {});' >dist/sw.js
run_distill build dist --out out1 --cache cache -q
expect_status 0
assert_grep "keeping the site's own 'sw.js'" err.txt
cmp dist/sw.js out1/sw.js || fail "their sw.js was not kept as it is"
assert_file out1/precache-manifest.json

printf 'importScripts("/wb.js");\nprecacheAndRoute(self.__WB_MANIFEST);\n' >dist/sw.js
run_distill build dist --out out2 --cache cache -q
expect_status 0
assert_eq 'precacheAndRoute([' "$(sed -n 2p out2/sw.js)" "their sw.js, injected"
grep -q '"/sw.js"' out2/precache-manifest.json && fail "the worker precaches itself"

rm dist/sw.js
echo '{"sw": {"enabled": false}}' >off.json
run_distill build dist --out out3 --cache cache -q --config off.json
expect_status 0
assert_no_file out3/sw.js
assert_no_file out3/precache-manifest.json
