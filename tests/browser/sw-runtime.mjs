// SPDX-License-Identifier: MIT
// The worker's runtime caches in real Chromium, with short limits.
// usage: node sw-runtime.mjs OUT BUILD-COMMAND
// BUILD-COMMAND builds fixtures/sw-site into OUT with the config file named
// by $SW_CONFIG, which this script writes: skipWaiting and clientsClaim on,
// static at most 2 entries for 3 s, api 3 s, fonts from a second local
// server (standing in for fonts.googleapis.com).
//  1. clientsClaim: the first visit is controlled without a reload
//  2. CacheFirst static: 4 images stored, only the newest 2 kept; a hit
//     does not reach the server; after 3 s the entry is not served but
//     fetched again, and the expired neighbour is deleted
//  3. NetworkFirst api: offline, the cached answer; once expired, none
//  4. StaleWhileRevalidate fonts: the cached copy at once, then the new one
//  5. skipWaiting: a rebuild's worker takes over without being asked
import { execSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, run, fail, assertEqual, until, cacheContents } from './chromium.mjs';
import { serve } from './server.mjs';

const [out, build] = process.argv.slice(2);
if (!out || !build)
	fail('usage: sw-runtime.mjs OUT BUILD-COMMAND');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Long enough that the checks made while an entry is fresh never race its
// expiry on a slow or loaded machine (the ASan run).
const maxAge = 12;

run(async () => {
	const fontRoot = mkdtempSync(join(tmpdir(), 'distill-fonts-'));
	writeFileSync(join(fontRoot, 'font.css'), '/* font v1 */');
	const fonts = await serve(fontRoot, { cors: true });
	const configFile = join(fontRoot, 'config.json');
	writeFileSync(configFile, JSON.stringify({ sw: {
		skipWaiting: true, clientsClaim: true,
		static: { maxEntries: 2, maxAgeSeconds: maxAge },
		api: { maxAgeSeconds: maxAge },
		fonts: { origins: [fonts.origin], maxAgeSeconds: 60 },
	} }));
	const env = { ...process.env, SW_CONFIG: configFile };
	execSync(build, { stdio: 'inherit', env });
	mkdirSync(join(out, 'extra'), { recursive: true });
	for (const i of [1, 2, 3, 4])
		copyFileSync(join(out, 'manifest.json'), join(out, 'extra', `${i}.png`));

	// Without the header rules: their default CSP (connect-src 'self')
	// would block the page's requests to the stand-in font host.
	const site = await serve(out, { rules: false });
	const browser = await launch();
	try {
		const { context } = browser;
		const page = await context.newPage();
		const get = (url, init) => page.evaluate(async ([u, i]) => {
			try {
				const r = await fetch(u, i);
				return { status: r.status, text: await r.text() };
			} catch (e) {
				return { error: e.message };
			}
		}, [url, init]);
		const hits = (path) => site.hits.get(path) || 0;

		// 1. Controlled on the first visit.
		await page.goto(`${site.origin}/`);
		await until(() => page.evaluate(() => !!navigator.serviceWorker.controller),
			'clientsClaim to control the first visit');

		// 2. CacheFirst with at most 2 entries.
		for (const i of [1, 2, 3, 4]) {
			assertEqual(200, (await get(`/extra/${i}.png`)).status, `/extra/${i}.png`);
			await sleep(30);
		}
		const stored = Date.now();
		await until(async () => JSON.stringify((await cacheContents(page))['distill-static']) ===
			JSON.stringify(['/extra/3.png', '/extra/4.png']), 'the 2 newest entries alone in distill-static');
		const times = await page.evaluate(() => new Promise((resolve, reject) => {
			const req = indexedDB.open('distill-expiration');
			req.onerror = () => reject(req.error);
			req.onsuccess = () => {
				const all = req.result.transaction('entries').objectStore('entries').getAll();
				all.onsuccess = () => resolve(all.result.filter((r) => r.cache === 'distill-static')
					.map((r) => new URL(r.url).pathname).sort());
			};
		}));
		assertEqual(['/extra/3.png', '/extra/4.png'], times, 'timestamps in IndexedDB');
		await get('/extra/4.png');
		assertEqual(1, hits('/extra/4.png'), 'server requests for a cached /extra/4.png');

		// 3. NetworkFirst: online from the network, offline from the cache.
		const apiHits = hits('/api/status.json');
		assertEqual('{ "status": "ok" }\n', (await get('/api/status.json')).text, 'API online');
		assertEqual(apiHits + 1, hits('/api/status.json'), 'API requests online');
		await until(async () => ((await cacheContents(page))['distill-api'] || []).includes('/api/status.json'),
			'the API answer in distill-api');
		const apiStored = Date.now();
		await context.setOffline(true);
		assertEqual('{ "status": "ok" }\n', (await get('/api/status.json')).text, 'API offline, fresh');
		await context.setOffline(false);

		// 4. StaleWhileRevalidate across origins.
		const fontUrl = `${fonts.origin}/font.css`;
		assertEqual('/* font v1 */', (await get(fontUrl)).text, 'font first');
		await until(async () => ((await cacheContents(page))['distill-fonts'] || []).length === 1,
			'the font in distill-fonts');
		writeFileSync(join(fontRoot, 'font.css'), '/* font v2 */');
		assertEqual('/* font v1 */', (await get(fontUrl)).text, 'font second: the cached copy');
		await until(() => fonts.hits.get('/font.css') === 2, 'the background revalidation');
		await until(async () => (await get(fontUrl)).text === '/* font v2 */', 'the revalidated font');

		// 2 again: after maxAgeSeconds an entry is not served.
		await sleep(Math.max(0, stored + maxAge * 1000 + 300 - Date.now()));
		await get('/extra/4.png');
		assertEqual(2, hits('/extra/4.png'), 'server requests for an expired /extra/4.png');
		await until(async () => JSON.stringify((await cacheContents(page))['distill-static']) ===
			JSON.stringify(['/extra/4.png']), 'the expired /extra/3.png to be deleted');

		// 3 again: an expired API answer is not served offline.
		await sleep(Math.max(0, apiStored + maxAge * 1000 + 300 - Date.now()));
		await context.setOffline(true);
		const stale = await get('/api/status.json');
		if (!stale.error)
			fail(`an expired API answer was served offline: ${JSON.stringify(stale)}`);
		await context.setOffline(false);

		// 5. skipWaiting: a new build takes over by itself.
		const before = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
		const oldVersion = /"version": "([a-z0-9]+)"/.exec(readFileSync(join(out, 'sw.js'), 'utf8'))[1];
		execSync(`sed -i "s/const APP_VERSION = 'v1'/const APP_VERSION = 'v2'/" dist/app.js && ${build}`,
			{ stdio: 'inherit', env });
		const newVersion = /"version": "([a-z0-9]+)"/.exec(readFileSync(join(out, 'sw.js'), 'utf8'))[1];
		if (newVersion === oldVersion)
			fail('the rebuild did not change the cache version');
		await page.evaluate(async () => {
			const changed = new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r));
			const reg = await navigator.serviceWorker.getRegistration();
			await reg.update();
			await changed;
			/* The page changes hands when the new worker starts to
			 * activate; the old caches are gone once it is activated. */
			const sw = reg.active;
			if (sw.state !== 'activated')
				await new Promise((r) => sw.addEventListener('statechange',
					() => sw.state === 'activated' && r()));
		});
		assertEqual(before, await page.evaluate(() => navigator.serviceWorker.controller.scriptURL),
			'worker URL');
		let names = [];
		await until(async () => {
			names = Object.keys(await cacheContents(page));
			return names.includes(`distill-precache-${newVersion}`) &&
				!names.includes(`distill-precache-${oldVersion}`);
		}, () => `the new precache alone (${newVersion}; the caches are ${names.join(', ')})`);
	} finally {
		await browser.close();
		await site.close();
		await fonts.close();
		rmSync(fontRoot, { recursive: true, force: true });
	}
});
