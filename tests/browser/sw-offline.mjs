// SPDX-License-Identifier: MIT
// The service worker end to end, in real Chromium.
// usage: node sw-offline.mjs SITE REBUILD-COMMAND
// SITE is a built copy of fixtures/sw-site; REBUILD-COMMAND changes the
// fixture's app.js (APP_VERSION 'v1' -> 'v2') and builds SITE again.
//  1. load the site: the worker activates and controls the page, uses
//     navigation preload, and the precache holds exactly the URLs of
//     SITE/precache-manifest.json; the photo goes to the runtime cache
//  2. offline, reload: the page renders with its JS and CSS, every one of
//     them served by the worker, and the server sees no request; the data
//     its script fetched online (/data.json, not precached) shows too
//  3. offline, an unknown route: offline.html is shown
//  4. online, rebuild, update: the new app.js is served, the old precache
//     is gone and the new one holds the new manifest's URLs
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, run, fail, assertEqual, until, cacheContents } from './chromium.mjs';
import { serve } from './server.mjs';

const [site, rebuild] = process.argv.slice(2);
if (!site || !rebuild)
	fail('usage: sw-offline.mjs SITE REBUILD-COMMAND');

function built() {
	const urls = JSON.parse(readFileSync(join(site, 'precache-manifest.json'), 'utf8'))
		.map((e) => e.url).sort();
	const m = /"version": "([a-z0-9]+)"/.exec(readFileSync(join(site, 'sw.js'), 'utf8'));
	if (!m)
		fail('sw.js holds no cache version');
	return { urls, precache: `distill-precache-${m[1]}` };
}

async function state(page) {
	return page.evaluate(() => ({
		app: document.documentElement.dataset.app,
		api: document.documentElement.dataset.api,
		status: document.getElementById('status')?.textContent,
		data: document.getElementById('data')?.textContent,
		background: getComputedStyle(document.body).backgroundColor,
		controlled: !!navigator.serviceWorker.controller,
	}));
}

run(async () => {
	const server = await serve(site);
	const browser = await launch();
	try {
		const { context } = browser;
		const page = await context.newPage();
		const errors = [];
		page.on('pageerror', (e) => errors.push(e.message));
		const base = server.origin;
		let want = built();

		// 1. First visit installs the worker; the second load is controlled.
		await page.goto(`${base}/`);
		await page.evaluate(() => navigator.serviceWorker.ready);
		await page.reload();
		let s = await state(page);
		if (!s.controlled)
			fail('the service worker does not control the page after a reload');
		assertEqual('v1', s.app, 'app version online');
		const preload = await page.evaluate(async () =>
			(await (await navigator.serviceWorker.ready).navigationPreload.getState()).enabled);
		assertEqual(true, preload, 'navigation preload enabled');
		await until(async () => (await state(page)).api === 'ok', 'the API answer online');
		const caches1 = await cacheContents(page);
		assertEqual(want.urls, caches1[want.precache], `contents of cache ${want.precache}`);
		const precaches = Object.keys(caches1).filter((n) => n.startsWith('distill-precache-'));
		assertEqual([want.precache], precaches, 'precache caches');
		// Images are runtime-cached, never precached.
		await until(async () => ((await cacheContents(page))['distill-static'] || [])
			.some((u) => /\.(avif|webp|jpe?g|png)$/.test(u)), 'an image in distill-static');
		if (want.urls.some((u) => /\.(avif|webp|jpe?g)$/.test(u)))
			fail(`photos are precached: ${want.urls}`);
		await until(async () => ((await cacheContents(page))['distill-api'] || [])
			.includes('/api/status.json'), 'the API answer in distill-api');
		await until(async () => (await state(page)).data === 'Data from data.json',
			'the data online');
		await until(async () => ((await cacheContents(page))['distill-data'] || [])
			.includes('/data.json'), 'the data file in distill-data');
		if (want.urls.includes('/data.json'))
			fail('data.json is precached: the test would not show the runtime cache');

		// 2. Offline reload: everything comes from the worker.
		await context.setOffline(true);
		const hitsBefore = [...server.hits.values()].reduce((a, b) => a + b, 0);
		const responses = [];
		page.on('response', (r) => responses.push(r));
		await page.reload();
		await until(async () => (await state(page)).api, 'the API answer offline');
		s = await state(page);
		assertEqual('v1', s.app, 'app version offline (the JS ran)');
		assertEqual('JavaScript ran: app v1', s.status, 'status text offline');
		assertEqual('rgb(250, 240, 200)', s.background, 'body background offline (the CSS applied)');
		assertEqual('ok', s.api, 'the API answer offline (NetworkFirst fell back to its cache)');
		await until(async () => (await state(page)).data !== 'No data yet.', 'the data offline');
		assertEqual('Data from data.json', (await state(page)).data,
			'the data offline (NetworkFirst fell back to distill-data)');
		const assets = responses.filter((r) => /\.(js|css)$/.test(new URL(r.url()).pathname));
		if (assets.length < 3)
			fail(`expected the page's JS and CSS offline, saw ${assets.map((r) => r.url())}`);
		for (const r of assets)
			if (!r.fromServiceWorker() || r.status() !== 200)
				fail(`${r.url()} was not served by the service worker (status ${r.status()})`);
		const hitsAfter = [...server.hits.values()].reduce((a, b) => a + b, 0);
		assertEqual(hitsBefore, hitsAfter, 'requests that reached the server while offline');

		// 3. An unknown route offline: the cached offline page.
		await page.goto(`${base}/no/such/route`);
		assertEqual('Offline', await page.title(), 'title of an unknown route offline');
		if (!(await page.$('#offline')))
			fail('offline.html was not shown for an unknown route');
		// And a known page offline still renders.
		await page.goto(`${base}/`);
		assertEqual('v1', (await state(page)).app, 'app version back on / offline');

		// 4. Online again: rebuild with a changed app.js, update the worker.
		await context.setOffline(false);
		execSync(rebuild, { stdio: 'inherit' });
		const old = want;
		want = built();
		if (want.precache === old.precache)
			fail('the rebuild did not change the cache version');
		await page.evaluate(async () => {
			const reg = await navigator.serviceWorker.getRegistration();
			await reg.update();
			const sw = reg.installing || reg.waiting;
			if (!sw)
				throw new Error('no new service worker after the rebuild');
			const reached = (state) => new Promise((resolve, reject) => {
				const check = () => {
					if (sw.state === state)
						resolve();
					else if (sw.state === 'redundant')
						reject(new Error('the new service worker failed to install'));
				};
				sw.addEventListener('statechange', check);
				check();
			});
			await reached('installed');
			sw.postMessage({ type: 'SKIP_WAITING' });
			await reached('activated');
		});
		await page.reload();
		s = await state(page);
		assertEqual('v2', s.app, 'app version after the rebuild');
		if (!s.controlled)
			fail('the page is not controlled after the update');
		const caches2 = await cacheContents(page);
		if (caches2[old.precache])
			fail(`the old cache ${old.precache} is still there`);
		assertEqual(want.urls, caches2[want.precache], `contents of cache ${want.precache}`);
		if (errors.length)
			fail(`errors in the page: ${errors.join('; ')}`);
	} finally {
		await browser.close();
		await server.close();
	}
});
