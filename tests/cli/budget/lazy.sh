# A real code-split bundle (Rollup, the bundler inside Vite): a page's
# initial load is its entry and the entry's static import closure; chunks
# reached only through import() are not in it, nor what they import. The
# expected closure comes from Rollup's own chunk graph.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/budget/helpers.bash"
[ -d "$NODE_PATH/rollup" ] || skip "needs rollup in tests/node_modules"
node "$FIXTURES/budget-lazy/build.js" dist >graph.json

# The closure by Rollup's metadata: static imports only.
closure() { # page's entry name
	node -e 'const g = require(process.argv[1]);
		const entry = Object.keys(g).find((f) => g[f].isEntry && g[f].name === process.argv[2]);
		const seen = new Set();
		(function walk(f) { if (seen.has(f)) return; seen.add(f); g[f].imports.forEach(walk); })(entry);
		console.log([...seen].sort().join(" "));' "$PWD/graph.json" "$1"
}
lazy=$(json graph.json 'Object.values(r).flatMap((c) => c.dynamicImports).sort().join(" ")')
[ -n "$lazy" ] || fail "the bundle has no lazy chunk"

run_distill budget dist --report json
expect_status 0
cp out.txt report.json
got() { json report.json "r.pages.find((p) => p.path === '$1').script.files.slice().sort().join(' ')"; }
assert_eq "$(closure main)" "$(got index.html)" "index.html scripts"
assert_eq "$(closure admin)" "$(got admin.html)" "admin.html scripts"
for f in $lazy assets/chart-lib-*.js; do
	case " $(got index.html) " in *" $f "*) fail "lazy chunk $f counted in the first load" ;; esac
done
# Every chunk counts in the site's JS total, lazy or not.
assert_eq "$(find dist -name '*.js' -printf '%s\n' | awk '{s += $1} END {print s}')" \
	"$(json report.json 'r.totals.js.raw')" "JS total"
# The page's script bytes are the files' bytes.
want=0
for f in $(closure main); do want=$((want + $(stat -c %s "dist/$f"))); done
assert_eq "$want" "$(json report.json "r.pages.find((p) => p.path === 'index.html').script.raw")" "index.html script raw"

# Source maps: the modules of the chunks, by their source file.
assert_eq 6 "$(json report.json 'r.sourcemaps')" "chunks with a source map"
for m in util.js main.js admin.js chart-lib.js route-chart.js route-table.js; do
	[ "$(json report.json "r.modules.filter((x) => x.source.endsWith('src/$m')).length")" = 1 ] ||
		fail "module src/$m not in the report: $(json report.json 'r.modules')"
done
util_bytes=$(json report.json "r.modules.find((x) => x.source.endsWith('src/util.js')).bytes")
util_raw=$(stat -c %s dist/assets/util-*.js)
[ "$util_bytes" -gt 0 ] && [ "$util_bytes" -lt "$util_raw" ] ||
	fail "util.js: $util_bytes bytes attributed in a chunk of $util_raw"

# Vite's manifest, when there is one, says what a chunk imports: here it
# claims the entry imports chart-lib too, and the budget follows it.
mkdir -p dist/.vite
node -e 'const g = require(process.argv[1]); const m = {};
	for (const [f, c] of Object.entries(g)) m[c.isEntry ? "src/" + c.name + ".js" : "_" + f.slice(7)] =
		{ file: f, isEntry: c.isEntry, imports: c.imports.map((i) => "_" + i.slice(7)) };
	const main = Object.values(m).find((c) => c.file.includes("/main-"));
	const lib = Object.keys(m).find((k) => k.includes("chart-lib"));
	main.imports.push(lib);
	console.log(JSON.stringify(m));' "$PWD/graph.json" >dist/.vite/manifest.json
run_distill budget dist --report json
expect_status 0
cp out.txt report2.json
assert_eq true "$(json report2.json 'r.vite_manifest')" "vite_manifest"
case " $(json report2.json "r.pages.find((p) => p.path === 'index.html').script.files.join(' ')") " in
*" assets/chart-lib-"*) ;;
*) fail "the Vite manifest's import was not followed" ;;
esac
exit 0
