# SPDX-License-Identifier: MIT
# Bad sw settings are reported naming the key; the job writes nothing.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/sw/manifest.inc"
need jq

mkdir dist
make_manifest "$PWD/dist" >manifest.json <<<'index.html|html|index.html|900|false'
check() { # config expected-message
	sw_job bad manifest.json "$1"
	expect_status 1
	assert_grep "$2" err.txt
	assert_no_file bad/record.json
}
check '{"filename": "js/sw.js"}' "config 'sw.filename' must be a file name at the site root"
check '{"offlinePage": "offline.html"}' "config 'sw.offlinePage' must start with '/'"
check '{"maxPrecacheSize": -1}' "config 'sw.maxPrecacheSize' must be a whole number of bytes"
check '{"appShell": ["index.html"]}' "config 'sw.appShell' must hold URLs starting with '/'"
check '{"static": {"maxEntries": -5}}' "config 'sw.static': maxAgeSeconds and maxEntries must be numbers >= 0"
check '{"fonts": {"origins": []}}' "config 'sw.fonts.origins' must be a non-empty array of strings"
check '{"api": {"prefix": ""}}' "config 'sw.api.prefix' must be a non-empty string"
check '{"cachePrefix": ""}' "config 'sw.cachePrefix' must be a non-empty string"
check '{"stratgy": 1}' "unknown key 'sw.stratgy'"
# "enabled": false turns a runtime strategy off: null for the worker.
sw_job ok manifest.json '{"api": {"enabled": false}, "fonts": {"enabled": false, "origins": []}}'
expect_status 0
assert_grep '"api": null' ok/sw.js
assert_grep '"fonts": null' ok/sw.js
# App shell URLs are precached whatever their kind.
make_manifest "$PWD/dist" >m2.json <<'SPEC'
index.html|html|index.html|900|false
data/boot.json|json|data/boot.json|90|false
SPEC
sw_job shell m2.json '{"appShell": ["/", "/data/boot.json"]}'
expect_status 0
assert_eq '["/","/data/boot.json"]' "$(jq -c 'map(.url)' shell/precache-manifest.json)" "app shell URLs"
