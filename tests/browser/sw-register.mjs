// SPDX-License-Identifier: MIT
// The registration script distill adds to pages, and its update flow, in
// real Chromium (sw-template/register.js).
// usage: node sw-register.mjs SITE REBUILD-COMMAND
// SITE/index.html loads app.js, which writes its build number into
// <html data-build>; REBUILD-COMMAND makes build 2 and deploys it into SITE.
//  1. build 1: the page registers the worker by itself (no code of the
//     site's own does), and after a reload the worker controls it
//  2. build 2 deployed, the page left open: asked to look for an update,
//     it gets the "distill:sw-update" event and still runs build 1
//  3. activate(): the new worker takes over, the page reloads on it and
//     runs build 2
import { execSync } from 'node:child_process';
import { launch, run, fail, assertEqual, until, collectErrors } from './chromium.mjs';
import { serve } from './server.mjs';

const [site, rebuild] = process.argv.slice(2);
if (!site || !rebuild)
	fail('usage: sw-register.mjs SITE REBUILD-COMMAND');

const state = (page) => page.evaluate(() => ({
	build: document.documentElement.dataset.build,
	controller: navigator.serviceWorker.controller &&
		new URL(navigator.serviceWorker.controller.scriptURL).pathname,
}));

run(async () => {
	const server = await serve(site);
	const browser = await launch();
	try {
		const page = await browser.context.newPage();
		const errors = collectErrors(page);

		// 1. Registered by distill's script; controlled after a reload.
		await page.goto(`${server.origin}/`);
		const registered = await page.evaluate(async () => {
			const reg = await window.distillServiceWorker.ready;
			await navigator.serviceWorker.ready;
			return reg && new URL((reg.active || reg.waiting || reg.installing).scriptURL).pathname;
		});
		assertEqual('/sw.js', registered, 'the worker distill registered');
		await page.reload();
		assertEqual({ build: '1', controller: '/sw.js' }, await state(page), 'build 1, controlled');

		// 2. Build 2 deployed; the open page looks and is told.
		execSync(rebuild, { stdio: 'inherit' });
		await page.evaluate(() => {
			window.updates = 0;
			window.addEventListener('distill:sw-update', (e) => {
				window.updates++;
				window.takeUpdate = e.detail.activate;
			});
			return window.distillServiceWorker.update();
		});
		await until(() => page.evaluate(() => window.updates > 0), 'the distill:sw-update event');
		assertEqual('1', (await state(page)).build, 'the open page, before it takes the update');

		// 3. Taken: the page reloads on the new worker and runs build 2.
		const reloaded = page.waitForNavigation();
		assertEqual(true, await page.evaluate(() => window.takeUpdate()), 'activate()');
		await reloaded;
		await until(async () => (await state(page)).build === '2', 'build 2 after activate()');
		assertEqual('/sw.js', (await state(page)).controller, 'controller after the update');
		if (errors.length)
			fail(`errors: ${errors.join(' | ')}`);
		console.log('registered, controlled, told of build 2, and running it after activate()');
	} finally {
		await browser.close();
		await server.close();
	}
});
