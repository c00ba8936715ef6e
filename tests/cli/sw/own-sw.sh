# SPDX-License-Identifier: MIT
# DIST already has its own sw.js and no sw.source is set: with
# self.__WB_MANIFEST it is the source (and is not precached itself);
# without, it is kept as it is, with a warning, and only
# precache-manifest.json is written.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/sw/manifest.inc"
need jq

mkdir dist
spec='index.html|html|index.html|900|false
offline.html|html|offline.html|200|false
sw.js|js|sw.js|60|false'
echo 'importScripts("/wb.js"); workbox.precaching.precacheAndRoute(self.__WB_MANIFEST);' >dist/sw.js
make_manifest "$PWD/dist" >manifest.json <<<"$spec"
sw_job out manifest.json
expect_status 0
[ -s err.txt ] && fail "unexpected warnings: $(cat err.txt)"
assert_eq 'injected' "$(jq -r .worker out/record.json)" "record worker"
assert_grep 'precacheAndRoute(\[' out/sw.js
assert_eq '["/","/offline.html"]' "$(jq -c 'map(.url)' out/precache-manifest.json)" "precached URLs"
assert_eq "precache-manifest.json sw.js" \
	"$(jq -r '[.files[].output] | sort | join(" ")' out/record.json)" "record outputs"

# Their own worker without the injection point: kept; a stale sw.js of an
# earlier run is removed from the job folder.
echo 'self.addEventListener("fetch", () => {});' >dist/sw.js
sw_job out manifest.json
expect_status 0
assert_grep "keeping the site's own 'sw.js', which has no 'self.__WB_MANIFEST'" err.txt
assert_eq 'kept' "$(jq -r .worker out/record.json)" "record worker"
assert_eq "precache-manifest.json" "$(jq -r '[.files[].output] | join(" ")' out/record.json)" "record outputs"
assert_no_file out/sw.js
sw_job strict manifest.json '{"strict": true}'
expect_status 1

# Disabled by config: the planner emits no edge, so `distill build` keeps
# their file; here the job still honours another filename.
sw_job other manifest.json '{"filename": "service-worker.js"}'
expect_status 0
assert_eq "template" "$(jq -r .worker other/record.json)" "worker with another filename"
assert_eq "service-worker.js" "$(jq -r '.files[] | select(.name == "sw.js") | .output' other/record.json)" "output name"
assert_eq '["/","/offline.html","/sw.js"]' "$(jq -c 'map(.url)' other/precache-manifest.json)" "their sw.js is an ordinary script then"
