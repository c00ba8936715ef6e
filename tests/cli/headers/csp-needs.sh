# The default Content-Security-Policy does not break the site: script-src
# lists the hash of each inline script a browser runs (not a JSON-LD data
# block, not a script with src), each once, and the origins of external
# scripts; style-src the hashes of the <style> elements and the origins of
# external stylesheets, and 'unsafe-inline' only when a style attribute or
# a script that makes styles needs it. A directive that allows
# 'unsafe-inline' gets no hashes (they would switch it off). Checked in
# Chromium: the page's inline scripts run and its styles apply, nothing
# is blocked; a <style> changed after the build is.
. "$ROOT/tests/lib.sh"
need node chromium
mkdir -p dist
cat > dist/index.html <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>document.documentElement.dataset.one = "ran";</script>
<script type="module">document.documentElement.dataset.two = "ran";</script>
<script type="application/ld+json">{"@type": "WebSite"}</script>
<script src="https://cdn.example/lib.js" async></script>
<link rel="stylesheet" href="https://fonts.example/css?family=A">
<style>body { color: rgb(1, 2, 3); }</style>
</head><body><script>document.documentElement.dataset.one = "ran";</script></body></html>
HTML
printf '<!doctype html><title>t</title><script>document.title = "two"</script>\n' > dist/other.html
sri() { printf %s "$1" | python3 -c 'import base64, hashlib, sys; print("sha256-" + base64.b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).decode())'; }
one=$(sri 'document.documentElement.dataset.one = "ran";')
two=$(sri 'document.documentElement.dataset.two = "ran";')
three=$(sri 'document.title = "two"')
ld=$(sri '{"@type": "WebSite"}')
style=$(sri 'body { color: rgb(1, 2, 3); }')
run_distill build dist --out out --cache cache
expect_status 0
csp=$(sed -n 's/^  Content-Security-Policy: //p' out/_headers)
script_src=$(printf '%s\n' "$csp" | tr ';' '\n' | sed -n 's/^ *script-src //p')
style_src=$(printf '%s\n' "$csp" | tr ';' '\n' | sed -n 's/^ *style-src //p')
for want in "'$one'" "'$two'" "'$three'" "https://cdn.example"; do
	case " $script_src " in *" $want "*) ;; *) fail "script-src '$script_src' lacks $want" ;; esac
done
case " $script_src " in *"$ld"*) fail "script-src lists the JSON-LD block" ;; esac
[ "$(printf '%s\n' "$script_src" | tr ' ' '\n' | grep -c "^'$one'$")" = 1 ] || fail "a hash listed twice"
case " $style_src " in *" https://fonts.example "*) ;; *) fail "style-src '$style_src' lacks https://fonts.example" ;; esac
case " $style_src " in *" '$style' "*) ;; *) fail "style-src '$style_src' lacks the <style> hash" ;; esac
case " $style_src " in *unsafe-inline*) fail "style-src allows 'unsafe-inline' with no need: $style_src" ;; esac

printf '{"headers": {"csp": {"script-src": "%s"}}}\n' "'self' 'unsafe-inline'" > inline.json
run_distill build dist --out out2 --cache cache2 --config inline.json
expect_status 0
sed -n 's/^  Content-Security-Policy: //p' out2/_headers | tr ';' '\n' | grep '^ *script-src' |
	grep -q "sha256-" && fail "hashes beside 'unsafe-inline'"

# A browser runs the inline scripts and applies the styles under the
# policy, and reports nothing.
cat > load.mjs <<'JS'
import { launch } from '@ROOT@/tests/browser/chromium.mjs';
import { serve } from '@ROOT@/tests/browser/server.mjs';
const server = await serve(process.argv[2]);
const browser = await launch();
const page = await browser.context.newPage();
const errors = [];
page.on('console', (m) => { if (m.type() === 'error' && !/cdn.example|fonts.example/.test(m.text())) errors.push(m.text()); });
// The external files are answered here: no test leaves 127.0.0.1.
await page.route(/example/, (route) => route.fulfill({ status: 200, body: '' }));
await page.addInitScript(() => {
	window.violations = [];
	document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective));
});
await page.goto(server.origin + (process.argv[3] || '/'), { waitUntil: 'load' });
const got = await page.evaluate(() => ({
	ran: [document.documentElement.dataset.one, document.documentElement.dataset.two].join(),
	color: getComputedStyle(document.body).color,
	violations: window.violations,
}));
await browser.close();
await server.close();
console.log(JSON.stringify({ ...got, errors }));
JS
sed -i "s|@ROOT@|$ROOT|" load.mjs
node load.mjs "$PWD/out" >got.json || fail "Chromium failed to load the page"
assert_eq '{"ran":"ran,ran","color":"rgb(1, 2, 3)","violations":[],"errors":[]}' "$(cat got.json)" \
	"the page under its policy"
# The policy is enforced: a <style> whose bytes changed after the build is
# blocked.
sed -i 's/rgb(1, 2, 3)/rgb(4, 5, 6)/' out/index.html
node load.mjs "$PWD/out" >got.json || fail "Chromium failed to load the changed page"
assert_grep '"color":"rgb(0, 0, 0)"' got.json
assert_grep '"violations":\["style-src-elem"\]' got.json

# A style attribute, or a script (a file or inline) that makes styles as it runs: hashes
# cannot allow them, so style-src allows 'unsafe-inline', and the styles
# apply.
mkdir -p attr/dist script/dist inline/dist
printf '<!doctype html><title>t</title><body style="color: rgb(1, 2, 3)">x</body>\n' > attr/dist/index.html
printf '<!doctype html><title>t</title><script src="app.js"></script><body>x</body>\n' > script/dist/index.html
printf 'const s = document.createElement("style"); s.textContent = "body { color: rgb(1, 2, 3) }"; document.head.append(s);\n' \
	> script/dist/app.js
printf '<!doctype html><title>t</title><body>x<script>const s = document.createElement("style"); s.textContent = "body { color: rgb(1, 2, 3) }"; document.head.append(s);</script></body>\n' \
	> inline/dist/index.html
for site in attr script inline; do
	run_distill build "$site/dist" --out "$site/out" --cache "$site/cache" -v
	expect_status 0
	assert_grep "allow 'unsafe-inline'" err.txt
	style_src=$(sed -n 's/^  Content-Security-Policy: //p' "$site/out/_headers" | tr ';' '\n' | sed -n 's/^ *style-src //p')
	[ "$style_src" = "'self' 'unsafe-inline'" ] || fail "$site: style-src is '$style_src'"
	node load.mjs "$PWD/$site/out" >got.json || fail "Chromium failed to load the $site page"
	assert_grep '"color":"rgb(1, 2, 3)","violations":\[\]' got.json
done
