# The report's totals against an independent count of the output tree:
# the JS total is the sum of the .js sizes, the brotli totals the sum of the
# .br files' sizes.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/budget/helpers.bash"
copy_fixture demo
# Big enough modules for brotli sidecars, in a subfolder too.
cp -a "$FIXTURES/budget-ok/dist/assets/." dist/assets/
mkdir -p dist/lib
node "$FIXTURES/budget-over/make-big.js" dist/lib/data.mjs 40000

run_distill build dist --out out --report json
expect_status 0
cp out.txt report.json

# The files distill's aggregates write (sw.js, its precache chunks and the
# script that registers it, headers.json, the precache list, and their
# sidecars) are not the site's, and the report leaves them out.
sum() {
	find out -type f -name "$1" ! -path 'out/sw.js*' ! -path 'out/sw-precache/*' \
		! -path 'out/register-sw.js*' ! -path 'out/headers.json*' ! -path 'out/precache-manifest.json*' -printf '%s\n' |
		awk '{s += $1} END {print s + 0}'
}
js=$(( $(sum '*.js') + $(sum '*.mjs') + $(sum '*.cjs') ))
js_br=$(( $(sum '*.js.br') + $(sum '*.mjs.br') + $(sum '*.cjs.br') ))
all_br=$(sum '*.br')
[ "$js_br" -gt 0 ] || fail "no .js.br sidecar was written; the test needs one"
assert_eq "$js" "$(json report.json 'r.totals.js.raw')" "JS total"
assert_eq "$js_br" "$(json report.json 'r.totals.js.br')" "JS brotli total"
assert_eq "$all_br" "$(json report.json 'r.totals.all.br')" "brotli total"
assert_eq "$(find out -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' \) ! -path out/sw.js \
	! -path out/register-sw.js ! -path 'out/sw-precache/*' | wc -l)" \
	"$(json report.json 'r.totals.js.files')" "JS file count"
# Each file's br size is its sidecar's.
for f in $(json report.json 'r.files.filter(f => f.br !== null).map(f => f.path).join(" ")'); do
	assert_eq "$(stat -c %s "out/$f.br")" \
		"$(json report.json "r.files.find(f => f.path === '$f').br")" "br size of $f"
done
exit 0
