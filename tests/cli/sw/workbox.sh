# SPDX-License-Identifier: MIT
# A Workbox-style worker source (sw.source): the precache list replaces
# self.__WB_MANIFEST, which must occur exactly once.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/sw/manifest.inc"
need jq node

mkdir dist
make_manifest "$PWD/dist" >manifest.json <<'SPEC'
index.html|html|index.html|900|false
offline.html|html|offline.html|200|false
assets/app-Bx7kL2pQ.js|js|assets/app-Bx7kL2pQ.js|1500|true
SPEC
cat >src-sw.js <<'JS'
import { precacheAndRoute } from 'workbox-precaching';
precacheAndRoute(self.__WB_MANIFEST);
JS

sw_job out manifest.json '{}' --source="$PWD/src-sw.js"
expect_status 0
[ -s err.txt ] && fail "unexpected warnings: $(cat err.txt)"
assert_eq 'precacheAndRoute([' "$(sed -n 2p out/sw.js)" "the injected line"
# What was injected is the precache list, as a JavaScript array.
node -e '
	const src = require("fs").readFileSync("out/sw.js", "utf8");
	const list = src.slice(src.indexOf("(") + 1, src.lastIndexOf(")"));
	const want = JSON.parse(require("fs").readFileSync("out/precache-manifest.json", "utf8"));
	if (JSON.stringify(eval(list)) !== JSON.stringify(want)) process.exit(1);
' || fail "the injected array is not precache-manifest.json"
grep -q '__WB_MANIFEST' out/sw.js && fail "the injection point is still there"
assert_eq 'injected' "$(jq -r .worker out/record.json)" "record worker"

# Missing, and twice: a clear error, no output.
echo 'self.addEventListener("fetch", () => {});' >none.js
sw_job none manifest.json '{}' --source="$PWD/none.js"
expect_status 1
assert_grep "none.js' must contain 'self.__WB_MANIFEST' exactly once, found 0" err.txt
assert_no_file none/sw.js
printf 'a(self.__WB_MANIFEST);\nb(self.__WB_MANIFEST);\n' >twice.js
sw_job twice manifest.json '{}' --source="$PWD/twice.js"
expect_status 1
assert_grep "twice.js' must contain 'self.__WB_MANIFEST' exactly once, found 2" err.txt
assert_no_file twice/record.json

# Another injection point by config.
echo 'precache(self.__MY_LIST);' >mine.js
sw_job mine manifest.json '{"injectionPoint": "self.__MY_LIST"}' --source="$PWD/mine.js"
expect_status 0
assert_grep '"url":"/assets/app-Bx7kL2pQ.js"' mine/sw.js
