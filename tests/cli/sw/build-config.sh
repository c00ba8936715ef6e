# SPDX-License-Identifier: MIT
# `distill build` with sw settings that name files (relative to where the
# build runs): a Workbox-style source, a template; editing either reruns the
# job; a missing one fails the build; sw.enabled false writes no worker.
. "$ROOT/tests/lib.sh"
need jq

copy_fixture sw-site
mkdir src
printf 'import { precacheAndRoute } from "workbox-precaching";\nprecacheAndRoute(self.__WB_MANIFEST);\n' >src/sw.js
echo '{"sw": {"source": "src/sw.js"}}' >source.json
run_distill build dist --out out --cache cache -q --config source.json
expect_status 0
assert_eq 'precacheAndRoute([' "$(sed -n 2p out/sw.js)" "injected source"
assert_grep '"url":"/offline.html"' out/sw.js
# Editing the source reruns the job.
sed -i 's/precacheAndRoute(/precacheAndRoute2(/' src/sw.js
run_distill build dist --out out --cache cache -q --config source.json
expect_status 0
assert_eq 'precacheAndRoute2([' "$(sed -n 2p out/sw.js)" "injected source after an edit"

printf '// my worker\nconst D = self.__DISTILL_SW__;\n' >mine.js
echo '{"sw": {"template": "mine.js"}}' >template.json
run_distill build dist --out out --cache cache -q --config template.json
expect_status 0
assert_eq '// my worker' "$(head -n 1 out/sw.js)" "custom template"
echo '// edited' >>mine.js
run_distill build dist --out out --cache cache -q --config template.json
expect_status 0
assert_eq '// edited' "$(tail -n 1 out/sw.js)" "custom template after an edit"

echo '{"sw": {"template": "missing.js"}}' >missing.json
run_distill build dist --out out2 --cache cache -q --config missing.json
expect_status 1
assert_grep "cannot find the 'sw.template' file 'missing.js'" err.txt

echo '{"sw": {"enabled": false}}' >off.json
run_distill build dist --out out3 --cache cache3 -q --config off.json
expect_status 0
assert_no_file out3/sw.js
assert_no_file out3/precache-manifest.json
assert_file out3/index.html
