# SPDX-License-Identifier: MIT
# Subresource Integrity from the final bytes (rewrite.integrity, on by
# default): every script, stylesheet and module preload of the site whose
# name changes with its bytes gets integrity="sha384-..." of the bytes it
# is served with (a stylesheet's after its own rewrite); a file that keeps
# its URL, an external one and one the author gave a value (kept, not
# doubled) do not. Checked in Chromium under distill's own headers: the
# page runs with no error and no CSP violation, and a script changed after
# the build is refused.
. "$ROOT/tests/lib.sh"
need node python3 openssl
mkdir -p dist/assets
printf 'document.documentElement.dataset.own = "ran";\n' > dist/assets/own-Zx9cVb34.js
own="sha256-$(openssl dgst -sha256 -binary dist/assets/own-Zx9cVb34.js | base64 -w0)"
cat > dist/index.html <<HTML
<!doctype html>
<html><head><meta charset="utf-8"><title>SRI</title>
<link rel="modulepreload" href="/assets/dep-Qw3rTy12.js">
<link rel="stylesheet" href="style.css" />
<script type="module" src="/assets/app-AbCdEf12.js"></script>
<script src="legacy.js"></script>
<script src="/assets/own-Zx9cVb34.js" integrity="$own"></script>
<script src="https://cdn.example/x.js"></script>
</head><body><p id="out">static</p></body></html>
HTML
printf 'import { dep } from "./dep-Qw3rTy12.js";\ndocument.getElementById("out").textContent = "module " + dep;\n' \
	> dist/assets/app-AbCdEf12.js
printf 'export const dep = "ran";\n' > dist/assets/dep-Qw3rTy12.js
printf 'document.documentElement.dataset.legacy = "ran";\n' > dist/legacy.js
printf 'body { color: rgb(1, 2, 3); background: url(bg.png) no-repeat; }\n' > dist/style.css
cp "$FIXTURES/demo/dist/images/logo.png" dist/bg.png
run_distill build dist --out out --cache cache -q
expect_status 0
python3 "$ROOT/tests/cli/rewrite/htmlcheck.py" dist/index.html out/index.html || fail "index.html changed outside its references"

sri() { echo "sha384-$(openssl dgst -sha384 -binary "$1" | base64 -w0)"; }
integrity_of() { # URL-PATTERN: the integrity value of the tag naming it
	grep -o "<[a-z]* [^>]*$1[^>]*>" out/index.html | sed -n 's/.* integrity="\([^"]*\)".*/\1/p'
}
assert_eq "$(sri out/assets/app-AbCdEf12.js)" "$(integrity_of 'app-AbCdEf12\.js')" "module script"
assert_eq "$(sri out/assets/dep-Qw3rTy12.js)" "$(integrity_of 'dep-Qw3rTy12\.js')" "module preload"
css=$(cd out && ls assets/style.*.css)
# The stylesheet's bytes are its rewritten ones (bg.png renamed in it).
assert_grep 'url(bg\.[a-z2-7]*\.png)' "out/$css"
assert_eq "$(sri "out/$css")" "$(integrity_of "$css")" "stylesheet, after its own rewrite"
assert_grep '<link rel="stylesheet" href="assets/style\.[a-z2-7]*\.css"  integrity="sha384-[^"]*"/>' out/index.html
assert_grep '<script src="legacy.js">' out/index.html
assert_grep '<script src="https://cdn.example/x.js">' out/index.html
assert_eq "$own" "$(integrity_of 'own-Zx9cVb34\.js')" "the author's value, kept and not doubled"

echo '{"rewrite": {"integrity": false}}' > off.json
run_distill build dist --out plain --cache cache --config off.json -q
expect_status 0
assert_eq 1 "$(grep -c 'integrity=' plain/index.html)" "integrity values with rewrite.integrity false"

# In Chromium, with distill's headers (its CSP among them).
need_chromium
cat > load.mjs <<'JS'
import { launch } from '@ROOT@/tests/browser/chromium.mjs';
import { serve } from '@ROOT@/tests/browser/server.mjs';
const server = await serve(process.argv[2]);
const browser = await launch();
const page = await browser.context.newPage();
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(e.message));
// The external script is answered here: no test leaves 127.0.0.1.
await page.route(/cdn\.example/, (route) => route.fulfill({ status: 200, body: '', contentType: 'text/javascript' }));
await page.addInitScript(() => {
	window.violations = [];
	document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective));
});
await page.goto(server.origin + '/', { waitUntil: 'load' });
await page.waitForTimeout(300);
const got = await page.evaluate(() => ({
	out: document.getElementById('out').textContent,
	own: document.documentElement.dataset.own || null,
	legacy: document.documentElement.dataset.legacy || null,
	color: getComputedStyle(document.body).color,
	violations: window.violations,
}));
await browser.close();
await server.close();
console.log(JSON.stringify({ ...got, errors: errors.filter((e) => !/cdn\.example/.test(e)) }));
JS
sed -i "s|@ROOT@|$ROOT|" load.mjs
node load.mjs "$PWD/out" > got.json || fail "Chromium failed to load the page"
assert_eq '{"out":"module ran","own":"ran","legacy":"ran","color":"rgb(1, 2, 3)","violations":[],"errors":[]}' \
	"$(cat got.json)" "the page with its integrity values and policy"
# One byte of the module changed after the build: the browser refuses it.
sed -i 's/module /modulE /' out/assets/app-AbCdEf12.js
node load.mjs "$PWD/out" > got.json || fail "Chromium failed to load the changed page"
assert_grep '"out":"static"' got.json
assert_grep 'integrity' got.json
