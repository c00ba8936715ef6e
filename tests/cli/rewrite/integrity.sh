# An integrity attribute holds for the bytes the output serves: a
# stylesheet whose url() the rewrite changes gets its value made again from
# its final bytes (with the strongest algorithm the page listed), a script
# only renamed keeps its value as written, and a value naming no algorithm
# distill knows is left alone (a browser ignores it).
. "$ROOT/tests/lib.sh"
mkdir -p dist/css dist/fonts
printf 'wOF2%2000s' "" > dist/fonts/f.woff2
printf '@font-face { font-family: F; src: url("../fonts/f.woff2"); }\nbody { font-family: F; }\n' \
	> dist/css/site.css
printf 'console.log("app");\n' > dist/app.js
sri() { python3 -c 'import base64, hashlib, sys; print(sys.argv[1] + "-" + base64.b64encode(hashlib.new(sys.argv[1], open(sys.argv[2], "rb").read()).digest()).decode())' "$@"; }
css_sri=$(sri sha384 dist/css/site.css)
js_sri=$(sri sha256 dist/app.js)
cat > dist/index.html <<HTML
<!doctype html><html><head>
<link rel="stylesheet" href="css/site.css" integrity="sha256-old $css_sri" crossorigin="anonymous">
<script src="app.js" integrity="$js_sri"></script>
<link rel="stylesheet" href="css/site.css" integrity="md5-whatever">
</head><body>x</body></html>
HTML
run_distill build dist --out out --cache cache
expect_status 0
css=$(sed -n 's/.*<link rel="stylesheet" href="\([^"]*\)" integrity="sha384.*/\1/p' out/index.html)
[ -n "$css" ] && [ -f "out/$css" ] || fail "no stylesheet link with a sha384 integrity in out/index.html"
cmp -s dist/css/site.css "out/$css" && fail "the stylesheet was not rewritten, so this tests nothing"
assert_grep "integrity=\"$(sri sha384 "out/$css")\"" out/index.html
assert_grep "integrity=\"$js_sri\"" out/index.html
js=$(sed -n 's/.*<script src="\([^"/]*\)".*/\1/p' out/index.html)
[ "$(sri sha256 "out/$js")" = "$js_sri" ] || fail "the script's bytes changed"
assert_grep 'integrity="md5-whatever"' out/index.html
