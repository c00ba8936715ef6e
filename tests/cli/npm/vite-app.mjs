// SPDX-License-Identifier: MIT
// The optimised fixtures/vite-app in Chromium. usage: node vite-app.mjs DIST
//  1. online: the service worker takes control; each <picture> shows its
//     AVIF source, and every srcset candidate decodes at the width it claims
//  2. the lazy route (#gallery) loads its chunk and renders
//  3. offline: a reload renders the page with its CSS and JS, all served by
//     the worker; the lazy route still opens; an unknown route shows
//     offline.html
import { launch, fail, assertEqual, until, run } from '../../browser/chromium.mjs';
import { serve } from '../../browser/server.mjs';

const dist = process.argv[2];
if (!dist)
	fail('usage: node vite-app.mjs DIST');

run(async () => {
	const server = await serve(dist);
	const browser = await launch();
	const { context } = browser;
	const errors = [];
	try {
		const page = await context.newPage();
		page.on('pageerror', (e) => errors.push(e.message));
		const base = server.origin;

		// 1. Install the worker, then load again under its control.
		await page.goto(`${base}/`);
		await page.evaluate(() => navigator.serviceWorker.ready);
		await page.reload();
		if (!(await page.evaluate(() => !!navigator.serviceWorker.controller)))
			fail('the service worker does not control the page after a reload');

		const pictures = await page.evaluate(async () => {
			const out = [];
			for (const img of document.querySelectorAll('picture img')) {
				await img.decode().catch(() => {});
				out.push({
					current: new URL(img.currentSrc).pathname,
					natural: img.naturalWidth,
					width: img.getAttribute('width'),
					height: img.getAttribute('height'),
				});
			}
			return out;
		});
		assertEqual(3, pictures.length, 'pictures on the home page');
		for (const p of pictures) {
			if (!p.current.endsWith('.avif'))
				fail(`Chromium chose '${p.current}', not an AVIF source`);
			if (!(p.natural > 0))
				fail(`'${p.current}' did not decode`);
			if (!p.width || !p.height)
				fail(`<img> for '${p.current}' has no width and height`);
		}

		const candidates = await page.evaluate(async () => {
			const out = [];
			for (const source of document.querySelectorAll('picture source')) {
				for (const c of source.srcset.split(',')) {
					const [url, w] = c.trim().split(/\s+/);
					const img = new Image();
					img.src = url;
					let natural = 0;
					try {
						await img.decode();
						natural = img.naturalWidth;
					} catch { /* reported below */ }
					out.push({ url, claimed: parseInt(w, 10), natural, type: source.type });
				}
			}
			return out;
		});
		if (candidates.length < 2 * 3)
			fail(`only ${candidates.length} srcset candidates`);
		for (const c of candidates)
			if (c.natural !== c.claimed)
				fail(`${c.type} candidate '${c.url}' claims ${c.claimed}w, decodes to ${c.natural} px`);

		// 2. The lazy route.
		await page.click('a[data-route="gallery"]');
		await until(() => page.$('#gallery h2'), 'the gallery route to render');

		// 3. Offline.
		await context.setOffline(true);
		const responses = [];
		page.on('response', (r) => responses.push(r));
		await page.goto(`${base}/`);
		await page.reload();
		assertEqual('Meadow field notes', await page.title(), 'title offline');
		assertEqual('home', await page.evaluate(() => document.body.dataset.route),
			'route set by the JS offline');
		const border = await page.evaluate(() =>
			getComputedStyle(document.querySelector('header')).borderBottomStyle);
		assertEqual('solid', border, 'header border offline (the CSS applied)');
		const assets = responses.filter((r) => /\.(js|css)$/.test(new URL(r.url()).pathname));
		if (assets.length < 2)
			fail(`expected the page's JS and CSS offline, saw ${assets.map((r) => r.url())}`);
		for (const r of assets)
			if (!r.fromServiceWorker() || r.status() !== 200)
				fail(`${r.url()} was not served by the service worker (status ${r.status()})`);

		await page.click('a[data-route="gallery"]');
		await until(() => page.$('#gallery h2'), 'the gallery route to render offline');

		await page.goto(`${base}/no/such/route`);
		if (!(await page.$('#offline')))
			fail(`offline.html was not shown for an unknown route offline (title '${await page.title()}')`);

		if (errors.length)
			fail(`errors in the page: ${errors.join('; ')}`);
		console.log(`browser: ${pictures.length} pictures on AVIF, ${candidates.length} candidates decoded, offline ok`);
	} finally {
		await browser.close();
		await server.close();
	}
}, 90);

