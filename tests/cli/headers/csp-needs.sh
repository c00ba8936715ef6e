# The default Content-Security-Policy does not break the site: script-src
# lists the hash of each inline script a browser runs (not a JSON-LD data
# block, not a script with src), each once, and the origins of external
# scripts; style-src the origins of external stylesheets. A script-src
# that allows 'unsafe-inline' gets no hashes (they would switch it off).
# Checked in Chromium: the page's inline scripts run, nothing is blocked.
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
</head><body><script>document.documentElement.dataset.one = "ran";</script></body></html>
HTML
printf '<!doctype html><title>t</title><script>document.title = "two"</script>\n' > dist/other.html
sri() { printf %s "$1" | python3 -c 'import base64, hashlib, sys; print("sha256-" + base64.b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).decode())'; }
one=$(sri 'document.documentElement.dataset.one = "ran";')
two=$(sri 'document.documentElement.dataset.two = "ran";')
three=$(sri 'document.title = "two"')
ld=$(sri '{"@type": "WebSite"}')
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

printf '{"headers": {"csp": {"script-src": "%s"}}}\n' "'self' 'unsafe-inline'" > inline.json
run_distill build dist --out out2 --cache cache2 --config inline.json
expect_status 0
grep -q "sha256-" out2/_headers && fail "hashes beside 'unsafe-inline'"

# A browser runs the inline scripts under the policy, and reports nothing.
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
await page.goto(server.origin + '/', { waitUntil: 'load' });
const ran = await page.evaluate(() => [document.documentElement.dataset.one, document.documentElement.dataset.two]);
await browser.close();
await server.close();
if (errors.length || ran.join() !== 'ran,ran') {
	console.error(errors.join('\n'), ran);
	process.exit(1);
}
JS
sed -i "s|@ROOT@|$ROOT|" load.mjs
node load.mjs "$PWD/out" || fail "Chromium blocked or missed an inline script"
