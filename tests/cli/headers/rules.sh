# The headers job on a hand-made manifest with the awkward cases: hashed
# files in assets/ beside an unhashed one, Vite-hashed files outside the
# prefix, a kept original, image variants, sidecars, a root file whose name
# starts like a folder (Netlify's "/assets/*" also matches "/assets-x"),
# pages in folders, odd names (one that a regular expression would
# misread). _headers parses with Netlify's parser, the Vercel routes
# validate, and each file resolves to the right headers.
. "$ROOT/tests/lib.sh"
need node
[ -d "$NODE_PATH/@netlify/headers-parser" ] || skip "needs tests/node_modules (npm install in tests/)"

# PATH|KIND|OUTPUT|FINGERPRINTED|ORIGINAL_KEPT, one per asset
entries=(
	"index.html|html|index.html|false|false"
	"about/index.html|html|about/index.html|false|false"
	"blog/post.html|html|blog/post.html|false|false"
	"blog/img/cover.jpg|raster|blog/img/cover.jpg|false|false"
	"assets/index-AbCd1234.js|js|assets/index-AbCd1234.js|true|false"
	"assets/index-Zy98Xw76.css|css|assets/index-Zy98Xw76.css|true|false"
	"assets/legacy.js|js|assets/legacy.js|false|false"
	"logo.svg|svg|assets/logo.k3j5d2m8aa.svg|true|true"
	"photo.jpg|raster|assets/photo.p0q1r2s3t4.jpg|true|false"
	"chunk-Qw3rTy12.js|js|chunk-Qw3rTy12.js|true|false"
	"assets-manifest.json|json|assets-manifest.json|false|false"
	"js/lazy-Mn0pQr12.js|js|js/lazy-Mn0pQr12.js|true|false"
	"js/config.js|js|js/config.js|false|false"
	"static/a-Aa11Bb22.woff2|font|static/a-Aa11Bb22.woff2|true|false"
	"static/b-Cc33Dd44.woff2|font|static/b-Cc33Dd44.woff2|true|false"
	"odd/sp ace-Ee55Ff66.js|js|odd/sp ace-Ee55Ff66.js|true|false"
	"odd/ünï code.txt|text|odd/ünï code.txt|false|false"
	"odd/a+b-Gg77Hh88.js|js|odd/a+b-Gg77Hh88.js|true|false"
	"odd/aab-Gg77Hh88.js|js|odd/aab-Gg77Hh88.js|false|false"
	"robots.txt|text|robots.txt|false|false"
)
{
	echo '{"version": 1, "dist": "/nowhere", "assets": ['
	sep=
	for e in "${entries[@]}"; do
		IFS='|' read -r p k o fp ok <<<"$e"
		printf '%s{"path": "%s", "kind": "%s", "output": "%s", "fingerprinted": %s, "original_kept": %s}\n' \
			"$sep" "$p" "$k" "$o" "$fp" "$ok"
		sep=,
	done
	echo '], "files": ['
	sep=
	for e in "${entries[@]}"; do
		IFS='|' read -r p k o fp ok <<<"$e"
		printf '%s{"output": "%s", "role": "asset", "asset": "%s"}\n' "$sep" "$o" "$p"
		sep=,
		[ "$ok" = true ] && printf ',{"output": "%s", "role": "original", "asset": "%s"}\n' "$p" "$p"
		case $k in html|js|css|svg)
			printf ',{"output": "%s.br", "role": "br", "asset": "%s"}\n' "$o" "$p"
			printf ',{"output": "%s.zst", "role": "zst", "asset": "%s"}\n' "$o" "$p" ;;
		esac
		if [ "$k" = raster ]; then
			for w in 320 640; do
				printf ',{"output": "assets/%s-%s.v1w2x3y4z5.webp", "role": "variant", "asset": "%s"}\n' \
					"$(basename "$p" .jpg)" $w "$p"
			done
		fi
	done
	echo ']}'
} > manifest.json
node -e 'JSON.parse(require("fs").readFileSync("manifest.json"))' || fail "bad test manifest"
manifest_complete manifest.json

echo '{"headers": {"vercel": true}, "sw": {"enabled": true, "filename": "sw.js"}}' > config.json
"$DISTILL" job headers --pass-version=$(pass_version headers) --config="$PWD/config.json" --out="$PWD/gen" \
	--manifest="$PWD/manifest.json" 2>err.txt || { cat err.txt >&2; fail "headers job failed"; }
[ ! -s err.txt ] || fail "the job printed: $(cat err.txt)"
for f in _headers headers.json vercel-config.json record.json; do assert_file "gen/$f"; done
node -e '
	const r = JSON.parse(require("fs").readFileSync("gen/record.json"));
	const where = Object.fromEntries(r.files.map((f) => [f.name, f.output ?? "root:" + f.output_root]));
	const want = {"_headers": "_headers", "headers.json": "headers.json",
		"headers.json.br": "headers.json.br", "headers.json.zst": "headers.json.zst",
		"vercel-config.json": "root:.vercel/output/config.json"};
	if (JSON.stringify(where) !== JSON.stringify(want)) {
		console.error("record files:", JSON.stringify(where)); process.exit(1);
	}' || fail "record.json does not place the files as expected"

node "$ROOT/tests/cli/headers/check.mjs" manifest.json gen gen/vercel-config.json ||
	fail "rules do not resolve as they should (gen/_headers above)"

# The splat for assets/ would also match /assets-manifest.json on Netlify,
# and assets/ holds an unhashed file: no "/assets/*" rule then.
if grep -qx '/assets/\*' gen/_headers; then fail "'/assets/*' covers an unhashed file"; fi
# Folders of one class get one rule.
grep -qx '/static/\*' gen/_headers || fail "no '/static/*' rule for a folder of hashed fonts"
grep -qx '/blog/\*' gen/_headers || fail "no '/blog/*' rule for a folder of pages"

# Without headers.vercel there is no Vercel file, and a rerun with the same
# manifest leaves every file as it was.
"$DISTILL" job headers --pass-version=$(pass_version headers) --out="$PWD/gen2" --manifest="$PWD/manifest.json"
assert_no_file gen2/vercel-config.json
before=$(stat -c '%i %Y' gen2/_headers gen2/headers.json gen2/record.json)
"$DISTILL" job headers --pass-version=$(pass_version headers) --out="$PWD/gen2" --manifest="$PWD/manifest.json"
assert_eq "$before" "$(stat -c '%i %Y' gen2/_headers gen2/headers.json gen2/record.json)" \
	"files after an unchanged rerun"
# Turning headers.vercel off again removes the Vercel file from the folder.
"$DISTILL" job headers --pass-version=$(pass_version headers) --out="$PWD/gen" --manifest="$PWD/manifest.json"
assert_no_file gen/vercel-config.json
