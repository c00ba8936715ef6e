# SPDX-License-Identifier: MIT
# Files over sw.maxPrecacheSize: left out with a warning naming each one;
# with sw.strict (what --strict sets) the job fails and writes nothing.
# A missing offline page is a warning too.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/sw/manifest.inc"
need jq

mkdir dist
make_manifest "$PWD/dist" >manifest.json <<'SPEC'
index.html|html|index.html|900|false
offline.html|html|offline.html|200|false
assets/app-Bx7kL2pQ.js|js|assets/app-Bx7kL2pQ.js|1500|true
assets/vendor-C3d4E5f6.js|js|assets/vendor-C3d4E5f6.js|1001|true
SPEC

# A limit of 1000 bytes: two files are over it.
sw_job out manifest.json '{"maxPrecacheSize": 1000}'
expect_status 0
assert_grep "'assets/app-Bx7kL2pQ.js' is not precached: 1500 bytes is over sw.maxPrecacheSize (1000)" err.txt
assert_grep "'assets/vendor-C3d4E5f6.js' is not precached: 1001 bytes" err.txt
assert_eq '["/","/offline.html"]' "$(jq -c 'map(.url)' out/precache-manifest.json)" "precached URLs"
# The limit is inclusive: exactly at the limit is precached.
sw_job out2 manifest.json '{"maxPrecacheSize": 1001}'
expect_status 0
assert_eq '["/","/assets/vendor-C3d4E5f6.js","/offline.html"]' \
	"$(jq -c 'map(.url)' out2/precache-manifest.json)" "precached URLs at the limit"

sw_job strict manifest.json '{"maxPrecacheSize": 1000, "strict": true}'
expect_status 1
assert_grep "'assets/app-Bx7kL2pQ.js' is not precached" err.txt
assert_grep "sw: failing on 2 warnings: strict mode (--strict)" err.txt
[ -z "$(ls -A strict 2>/dev/null)" ] || fail "a failed strict job left files: $(ls strict)"

# No offline page at all: the site's choice, so no warning, even under strict.
jq 'del(.assets[] | select(.path == "offline.html"))' manifest.json >no-offline.json
sw_job out3 no-offline.json
expect_status 0
[ -s err.txt ] && fail "warned about a site without an offline page: $(cat err.txt)"
sw_job out5 no-offline.json '{"strict": true}'
expect_status 0
