# Rollup's "[name].[hash].[ext]" (VitePress, Astro, SvelteKit) counts as a
# bundler's hash in the folders the pages load hashed files from, as Vite's
# "[name]-[hash]" does, one capital being enough ("VPLocalSearchBox.Boexphmb.js");
# a word there does not: "jquery.validate.js" has no capital, and
# "jquery.dataTables.js" is not as long as the folder's hashes. A
# stylesheet the bundler named is renamed by distill when it names a file
# distill renames (its bytes change, so its old name would be cached for
# good with new bytes); one a script names keeps its name and is
# revalidated instead. A name that is only a hash (SvelteKit's
# "_app/immutable/chunks/BdoK1VzX.js") counts under a folder named
# "immutable" alone: "js/Bundle01.js" elsewhere is a name; and only when
# the name holds no other hash ("sortable.Dx8nR3sM.js" keeps its own).
. "$ROOT/tests/lib.sh"
need node
[ -d "$NODE_PATH/@netlify/headers-parser" ] || skip "needs tests/node_modules (npm install in tests/)"
mkdir -p dist/assets/chunks dist/fonts dist/_app/immutable/chunks dist/js
printf 'export const a = 1;\n' > dist/_app/immutable/chunks/BdoK1VzX.js
printf 'export const b = 1;\n' > dist/_app/immutable/chunks/CIQMoRqK.js
printf 'export const c = 1;\n' > dist/_app/immutable/chunks/lowerabc.js
printf 'export const d = 1;\n' > dist/_app/immutable/chunks/sortable.Dx8nR3sM.js
printf 'window.b = 1;\n' > dist/js/Bundle01.js
printf 'import "./chunks/theme.D2VZQfUD.js";\n' > dist/assets/app.CODEtcta.js
printf 'export const t = 1;\n' > dist/assets/chunks/theme.D2VZQfUD.js
printf 'window.dt = 1;\n' > dist/assets/jquery.dataTables.js
printf 'window.v = 1;\n' > dist/assets/jquery.validate.js
printf 'export const s = 1;\n' > dist/assets/chunks/VPLocalSearchBox.Boexphmb.js
printf 'body{color:red}\n' > dist/assets/plain.Bl6hIB5g.css
printf '@font-face{font-family:F;src:url(/fonts/public.woff2)}\n' > dist/assets/style.Cx7mQ2pL.css
printf '@font-face{font-family:G;src:url(/fonts/public.woff2)}\n' > dist/assets/named.Dq8nR3sM.css
head -c 3000 /dev/urandom > dist/fonts/public.woff2
printf 'const css = "/assets/named.Dq8nR3sM.css";\n' > dist/assets/loader.Ef9pS4tN.js
cat > dist/index.html <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="/assets/plain.Bl6hIB5g.css">
<link rel="stylesheet" href="/assets/style.Cx7mQ2pL.css">
<link rel="stylesheet" href="/assets/named.Dq8nR3sM.css">
<link rel="modulepreload" href="/assets/chunks/theme.D2VZQfUD.js">
<script type="module" src="/assets/app.CODEtcta.js"></script>
<script type="module" src="/assets/loader.Ef9pS4tN.js"></script>
<script src="/assets/jquery.dataTables.js"></script>
<script src="/assets/jquery.validate.js"></script>
<link rel="modulepreload" href="/_app/immutable/chunks/BdoK1VzX.js">
<script type="module" src="/_app/immutable/chunks/CIQMoRqK.js"></script>
<script type="module" src="/_app/immutable/chunks/lowerabc.js"></script>
<script type="module" src="/_app/immutable/chunks/sortable.Dx8nR3sM.js"></script>
<script src="/js/Bundle01.js"></script></head>
<body><p>hello</p></body></html>
HTML
run_distill build dist --out out --cache cache --vercel
expect_status 0
assert_no_file out/static/assets/style.Cx7mQ2pL.css
renamed=$(cd out/static && ls assets/style.Cx7mQ2pL.*.css)
[ -n "$renamed" ] || fail "the rewritten stylesheet was not renamed"
node "$ROOT/tests/cli/headers/check.mjs" cache/manifest.json cache/gen/headers \
	cache/gen/headers/vercel-config.json --expect "{\"immutable\":
	[\"assets/app.CODEtcta.js\", \"assets/chunks/theme.D2VZQfUD.js\",
	 \"assets/plain.Bl6hIB5g.css\", \"$renamed\", \"assets/loader.Ef9pS4tN.js\",
	 \"assets/chunks/VPLocalSearchBox.Boexphmb.js\",
	 \"_app/immutable/chunks/BdoK1VzX.js\", \"_app/immutable/chunks/CIQMoRqK.js\",
	 \"_app/immutable/chunks/sortable.Dx8nR3sM.js\"],
	\"revalidated\": [\"assets/jquery.dataTables.js\", \"assets/jquery.validate.js\",
	 \"assets/named.Dq8nR3sM.css\", \"_app/immutable/chunks/lowerabc.js\",
	 \"js/Bundle01.js\"]}" ||
	fail "headers of the output"
