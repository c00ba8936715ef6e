# SPDX-License-Identifier: MIT
# The cache version is derived from the precache list alone: the same list
# gives byte-identical files, any revision or URL change a new version, a
# change elsewhere (an image, the runtime config) the same version.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/sw/manifest.inc"
need jq

mkdir dist
spec='index.html|html|index.html|900|false
offline.html|html|offline.html|200|false
app.js|js|app.js|300|false
photo.jpg|raster|photo.jpg|9000|false'
make_manifest "$PWD/dist" >a.json <<<"$spec"
version() { jq -r .cache_version "$1/record.json"; }

sw_job a1 a.json; expect_status 0
sw_job a2 a.json; expect_status 0
cmp a1/sw.js a2/sw.js || fail "two runs on one manifest differ"
cmp a1/precache-manifest.json a2/precache-manifest.json || fail "two runs differ"

# The same list in another asset order, a changed image: same version.
jq '.assets |= reverse | (.assets[] | select(.path == "photo.jpg") | .output_hash) = "ffffffffffffffffffffffffffffffff"' \
	a.json >b.json
sw_job b b.json; expect_status 0
assert_eq "$(version a1)" "$(version b)" "version after an image change"
cmp a1/sw.js b/sw.js || fail "sw.js changed with an image"

# The runtime config changes sw.js but not the cache version.
sw_job c a.json '{"skipWaiting": true}'; expect_status 0
assert_eq "$(version a1)" "$(version c)" "version after a config change"
cmp -s a1/sw.js c/sw.js && fail "sw.js did not change with the config"

# One revision changed: a new version.
jq '(.assets[] | select(.path == "app.js") | .output_hash) = "00000000000000000000000000000000"' a.json >d.json
sw_job d d.json; expect_status 0
[ "$(version a1)" != "$(version d)" ] || fail "the version did not change with app.js"
# A renamed (fingerprinted) file: a new version as well.
jq '(.assets[] | select(.path == "app.js")) |= (.output = "assets/app-Zz9yX8wV.js" | .fingerprinted = true)' \
	a.json >e.json
sw_job e e.json; expect_status 0
[ "$(version a1)" != "$(version e)" ] || fail "the version did not change with a new name"
[ "$(version d)" != "$(version e)" ] || fail "two different lists share a version"
