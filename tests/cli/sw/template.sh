# SPDX-License-Identifier: MIT
# The template: the built-in one has exactly one placeholder; a template
# file (sw.template) is used instead when given, and must have exactly one.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/sw/manifest.inc"
need jq node

assert_eq 1 "$(grep -o 'self\.__DISTILL_SW__' "$ROOT/sw-template/sw.js" | wc -l)" \
	"placeholders in sw-template/sw.js"
node --check "$ROOT/sw-template/sw.js" || fail "sw-template/sw.js is not valid JavaScript"
# The binary embeds the template as it is in the tree.
mkdir dist
make_manifest "$PWD/dist" >manifest.json <<'SPEC'
index.html|html|index.html|900|false
offline.html|html|offline.html|200|false
SPEC
sw_job out manifest.json
expect_status 0
sed '/^const DISTILL = /,$d' "$ROOT/sw-template/sw.js" >want-head.txt
sed '/^const DISTILL = /,$d' out/sw.js >got-head.txt
diff -u want-head.txt got-head.txt || fail "sw.js does not start as the template"
awk '/^const DISTILL = /{f=1} f && /^}\)\(\);$/{getline; p=1} p' out/sw.js >got-tail.txt
sed '1,/^const DISTILL = /d' "$ROOT/sw-template/sw.js" >want-tail.txt
diff -u want-tail.txt got-tail.txt || fail "sw.js does not end as the template"

printf '// mine\nconst D = self.__DISTILL_SW__;\nconsole.log(D.version);\n' >mine.js
sw_job mine manifest.json '{}' --template="$PWD/mine.js"
expect_status 0
assert_eq '// mine' "$(head -n 1 mine/sw.js)" "first line of a custom template"
assert_grep '"url":"/offline.html"' mine/sw.js
node --check mine/sw.js || fail "the filled custom template is not valid JavaScript"

printf 'a(self.__DISTILL_SW__, self.__DISTILL_SW__);\n' >twice.js
sw_job twice manifest.json '{}' --template="$PWD/twice.js"
expect_status 1
assert_grep "twice.js' must contain 'self.__DISTILL_SW__' exactly once, found 2" err.txt
echo 'nothing();' >none.js
sw_job none manifest.json '{}' --template="$PWD/none.js"
expect_status 1
assert_grep "none.js' must contain 'self.__DISTILL_SW__' exactly once, found 0" err.txt
