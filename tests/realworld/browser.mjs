// The browser check of the real-world suite (not a test itself; run by
// lib.bash). usage: node browser.mjs OUT
// Serves OUT on 127.0.0.1 with the headers distill wrote for it
// (headers.json: the Content-Security-Policy and the rest, as a host
// would send them) and loads every page of OUT in Debian's Chromium: no
// console error, no uncaught exception, no CSP violation, no response of
// 400 or more may occur. Prints one line "# browser: ..." or the problems.
import path from 'node:path';
import { launch } from '../browser/chromium.mjs';
import { serve } from '../browser/server.mjs';
import { listFiles } from './tree.mjs';

const [out] = process.argv.slice(2);
const pages = listFiles(out).filter((f) => f.endsWith('.html') && path.basename(f) !== '404.html')
	.map((f) => '/' + f);
const server = await serve(path.resolve(out));
const browser = await launch();
const problems = [];
try {
	for (const url of pages) {
		const page = await browser.context.newPage();
		page.on('console', (m) => { if (m.type() === 'error') problems.push(`${url}: console: ${m.text()}`); });
		page.on('pageerror', (e) => problems.push(`${url}: exception: ${e.message}`));
		page.on('response', (r) => { if (r.status() >= 400) problems.push(`${url}: ${r.status()} ${new URL(r.url()).pathname}`); });
		await page.goto(server.origin + url, { waitUntil: 'networkidle' });
		await page.close();
	}
} finally {
	await browser.close();
	await server.close();
}
if (problems.length) {
	console.error([...new Set(problems)].slice(0, 20).join('\n'));
	process.exit(1);
}
console.log(`# browser: ${pages.length} pages load with no error, served with distill's headers`);
