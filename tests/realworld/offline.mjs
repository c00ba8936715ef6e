// The offline check of the real-world suite (not a test itself; run by
// lib.bash). usage: node offline.mjs OUT ORIGIN PID
// ORIGIN is Caddy on 127.0.0.1 (process PID) serving OUT with the headers
// distill wrote. Registers the
// service worker distill wrote from the first page (as a site's own
// registration script would), visits every page once at the URL a visitor
// uses ("/guide/" for guide/index.html), then stops Caddy: each page
// must load again, answered by the worker, with the title it had online.
// Prints one line "# offline: ..." or the problems.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { launch, until } from '../browser/chromium.mjs';
import { listFiles } from './tree.mjs';

const [out, origin, pid] = process.argv.slice(2);
if (!existsSync(path.join(out, 'sw.js'))) {
	console.log('# offline: no sw.js in the output, nothing to check');
	process.exit(0);
}
const urls = listFiles(out).filter((f) => f.endsWith('.html') && path.basename(f) !== '404.html')
	.map((f) => '/' + f.replace(/(^|\/)index\.html$/, '$1'));
const browser = await launch();
const problems = [];
try {
	const page = await browser.context.newPage();
	const titles = new Map();

	await page.goto(origin + urls[0], { waitUntil: 'networkidle' });
	await page.evaluate(async () => {
		await navigator.serviceWorker.register('/sw.js');
		await navigator.serviceWorker.ready;
	});
	for (const url of urls) {
		await page.goto(origin + url, { waitUntil: 'networkidle' });
		titles.set(url, await page.title());
	}
	process.kill(Number(pid));
	await until(() => fetch(origin).then(() => false, () => true), 'Caddy to stop');
	for (const url of urls) {
		let response;
		try {
			response = await page.goto(origin + url, { waitUntil: 'load' });
		} catch (e) {
			problems.push(`${url}: does not load offline (${e.message.split('\n')[0]})`);
			continue;
		}
		if (!response || response.status() !== 200 || !response.fromServiceWorker())
			problems.push(`${url}: offline, ${response ? `status ${response.status()}${response.fromServiceWorker() ? '' : ', not from the worker'}` : 'no response'}`);
		else if (await page.title() !== titles.get(url))
			problems.push(`${url}: offline, the title is "${await page.title()}", online "${titles.get(url)}"`);
	}
} finally {
	await browser.close();
}
if (problems.length) {
	console.error(problems.slice(0, 20).join('\n'));
	process.exit(1);
}
console.log(`# offline: ${urls.length} pages visited once load from the service worker with Caddy stopped`);
