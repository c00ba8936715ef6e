// The browser check of the real-world suite (not a test itself; run by
// lib.bash). usage: node browser.mjs DIST OUT ORIGIN
// ORIGIN is Caddy on 127.0.0.1 serving OUT with the headers distill wrote
// for it (headers.json turned into Caddy directives by caddy-headers.mjs:
// the Content-Security-Policy and the rest, as a host would send them; a
// page whose Cache-Control or CSP differs from headers.json's is itself a
// problem). Loads every page of OUT from it in Debian's Chromium and
// presses its buttons (pressButtons()): no
// console error, no uncaught exception, no CSP violation, no response of
// 400 or more may occur, except those the same page shows when DIST, the
// generator's own output, is served as it is (a popup page loaded on its
// own, a favicon the site never had: not distill's doing, and reported as
// such). Prints one line "# browser: ..." or the problems.
import path from 'node:path';
import { launch } from '../browser/chromium.mjs';
import { ruleHeaders, serve } from '../browser/server.mjs';
import { listFiles } from './tree.mjs';

const [dist, out, caddy] = process.argv.slice(2);
const pages = listFiles(out).filter((f) => f.endsWith('.html') && path.basename(f) !== '404.html')
	.map((f) => '/' + f);

// Press every button of the page that is in no form, as a visitor
// would, so that what loads on demand (an island's code, a lazy route's
// chunk, a search index) loads too; then wait for the network to settle.
// Adds to pressed the buttons pressed and to loaded the files requested
// after the page had loaded.
const pressed = { buttons: 0, loaded: 0 };
async function pressButtons(page) {
	const count = () => pressed.loaded++;
	page.on('request', count);
	for (const button of await page.$$('button:not(form button)')) {
		if (await button.isVisible().catch(() => false) &&
		    await button.click({ timeout: 2000 }).then(() => true, () => false))
			pressed.buttons++;
	}
	await page.waitForLoadState('networkidle').catch(() => {});
	page.off('request', count);
}

// Each page's problems, as the same text whichever server sent it: OUT
// from Caddy (origin), DIST from a plain server.
async function problemsOf(root, origin) {
	const server = origin ? null : await serve(path.resolve(root), { rules: false });
	const browser = await launch();
	const found = new Map(pages.map((url) => [url, new Set()]));
	try {
		for (const url of pages) {
			const seen = found.get(url);
			const page = await browser.context.newPage();
			page.on('console', (m) => { if (m.type() === 'error') seen.add(`console: ${m.text()}`); });
			page.on('pageerror', (e) => seen.add(`exception: ${e.message}`));
			page.on('response', (r) => { if (r.status() >= 400) seen.add(`${r.status()} ${new URL(r.url()).pathname}`); });
			const response = await page.goto((origin || server.origin) + url, { waitUntil: 'networkidle' });
			await pressButtons(page);
			if (origin) {
				const want = await ruleHeaders(root, url), got = response.headers();
				for (const name of ['Cache-Control', 'Content-Security-Policy'])
					if ((want[name] ?? null) !== (got[name.toLowerCase()] ?? null))
						seen.add(`Caddy sent ${name} ${JSON.stringify(got[name.toLowerCase()] ?? null)}, ` +
							 `headers.json says ${JSON.stringify(want[name] ?? null)}`);
			}
			await page.close();
		}
	} finally {
		await browser.close();
		await server?.close();
	}
	return found;
}

const ours = await problemsOf(out, caddy);
const { buttons, loaded } = pressed;
const theirs = await problemsOf(dist, null);
const problems = [];
let excused = 0;
for (const [url, seen] of ours)
	for (const p of seen) {
		if (theirs.get(url).has(p))
			excused++;
		else
			problems.push(`${url}: ${p}`);
	}
if (problems.length) {
	console.error(problems.slice(0, 20).join('\n'));
	process.exit(1);
}
console.log(`# browser: ${pages.length} pages load with no error, served by Caddy with distill's headers; ` +
	`${buttons} buttons pressed, ${loaded} files loaded on demand` +
	(excused ? ` (${excused} errors the generator's own output shows too)` : ''));
