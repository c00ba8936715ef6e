# Cloudflare Pages takes at most 100 header rules. A site whose root mixes
# many pages with Vite-hashed files (so that no folder pattern fits) must
# stay under it: exact revalidate rules go first, silently (the hosts'
# default is the same value); when the immutable rules alone are too many,
# the rest of the fingerprinted files are merely revalidated, with a
# warning. Nothing unhashed ever gets immutable.
. "$ROOT/tests/lib.sh"
need node
[ -d "$NODE_PATH/@netlify/headers-parser" ] || skip "needs tests/node_modules (npm install in tests/)"

# manifest PAGES HASHED: PAGES pages and HASHED Vite-hashed chunks, all at
# the root, plus a folder of hashed assets.
manifest() {
	node -e '
		const [pages, hashed] = process.argv.slice(1).map(Number);
		const assets = [], files = [];
		const add = (path, kind, fp) => {
			assets.push({ path, kind, output: path, fingerprinted: fp, original_kept: false });
			files.push({ output: path, role: "asset", asset: path });
		};
		add("index.html", "html", false);
		for (let i = 0; i < pages; i++) add(`page${i}.html`, "html", false);
		for (let i = 0; i < hashed; i++) {
			const name = `chunk${i}-${(i * 7919).toString(36).padStart(8, "x")}.js`;
			add(name, "js", true);
			files.push({ output: name + ".br", role: "br", asset: name });
		}
		for (let i = 0; i < 30; i++) add(`assets/img${i}.k3j5d2m8aa.svg`, "svg", true);
		console.log(JSON.stringify({ version: 1, dist: "/nowhere", assets, files }));
	' "$1" "$2"
}

job() { # out
	"$DISTILL" job headers --pass-version=$(pass_version headers) --out="$PWD/$1" --manifest="$PWD/manifest.json" 2>err.txt ||
		{ cat err.txt >&2; fail "headers job failed"; }
}
rules() { grep -c '^/' "$1/_headers"; }
dropped() { node -p 'JSON.parse(require("fs").readFileSync(process.argv[1])).dropped' "$1/record.json"; }

# 150 pages and 60 chunks: the pages lose their rules, the chunks keep
# theirs, quietly.
manifest 150 60 > manifest.json
manifest_complete manifest.json
job a
[ "$(rules a)" -le 100 ] || fail "$(rules a) rules for 150 pages and 60 chunks"
[ "$(dropped a)" -gt 0 ] || fail "no rule was left out"
[ ! -s err.txt ] || fail "warned although every hashed file kept its rule: $(cat err.txt)"
node "$ROOT/tests/cli/headers/check.mjs" manifest.json a || fail "rules of the 150/60 site"
for i in 0 59; do
	grep -q "^/chunk$i-.*\\*\$" a/_headers || fail "chunk $i lost its immutable rule"
done
grep -qx '/assets/\*' a/_headers || fail "the assets folder lost its rule"

# 10 pages and 150 chunks: some chunks must go, with a warning.
manifest 10 150 > manifest.json
manifest_complete manifest.json
job b
[ "$(rules b)" -le 100 ] || fail "$(rules b) rules for 150 chunks"
grep -q "immutable rules left out" err.txt || fail "no warning about the rule limit"
node "$ROOT/tests/cli/headers/check.mjs" manifest.json b --lost-ok || fail "rules of the 150-chunk site"

# A lower limit from the config is kept too.
manifest 10 150 > manifest.json
manifest_complete manifest.json
echo '{"headers": {"maxRules": 20}}' > config.json
"$DISTILL" job headers --pass-version=$(pass_version headers) --config="$PWD/config.json" --out="$PWD/c" \
	--manifest="$PWD/manifest.json" 2>/dev/null || fail "headers job failed with max_rules 20"
[ "$(rules c)" -le 20 ] || fail "$(rules c) rules with max_rules 20"
node "$ROOT/tests/cli/headers/check.mjs" manifest.json c --lost-ok || fail "rules with max_rules 20"
# A folder rule covers 30 files: exact rules go before it.
grep -qx '/assets/\*' c/_headers || fail "the assets folder rule went before exact ones"
