// SPDX-License-Identifier: MIT
// Loading hints in real Chromium (passes/rewrite_loading.c).
// usage: node loading.mjs SITE
// SITE/index.html has a large image first, then, below a tall spacer,
// images of its own. Served on 127.0.0.1 with distill's headers:
//  1. the first image is requested at high priority (Chromium's initial
//     priority, from the DevTools protocol), through its preload when
//     distill made one, and the page shows it
//  2. the images below the fold are not requested before scrolling
//  3. scrolled to the bottom, they are requested and decoded
import { launch, run, fail, until, collectErrors } from './chromium.mjs';
import { serve } from './server.mjs';

const [site] = process.argv.slice(2);
if (!site)
	fail('usage: loading.mjs SITE');

const IMAGE = /\.(avif|webp|jpe?g|png)$/;

run(async () => {
	const server = await serve(site);
	const browser = await launch();
	try {
		const page = await browser.context.newPage();
		const errors = collectErrors(page);
		const cdp = await browser.context.newCDPSession(page);
		const priority = new Map();
		cdp.on('Network.requestWillBeSent', (e) => {
			const path = new URL(e.request.url).pathname;
			if (IMAGE.test(path) && !priority.has(path))
				priority.set(path, e.request.initialPriority);
		});
		await cdp.send('Network.enable');
		await page.setViewportSize({ width: 1280, height: 720 });
		await page.goto(`${server.origin}/`, { waitUntil: 'load' });

		// 1. The LCP image: high priority, shown.
		const lcp = await page.evaluate(() => {
			const img = document.querySelector('img[fetchpriority="high"]');
			return img && { src: new URL(img.currentSrc).pathname, complete: img.complete,
				width: img.naturalWidth, lazy: img.loading };
		});
		if (!lcp)
			fail('no image has fetchpriority="high"');
		if (!lcp.complete || lcp.width === 0 || lcp.lazy === 'lazy')
			fail(`the LCP image is not shown at once: ${JSON.stringify(lcp)}`);
		const got = priority.get(lcp.src);
		if (got !== 'High' && got !== 'VeryHigh')
			fail(`${lcp.src} was requested at priority ${got}, not High (${JSON.stringify([...priority])})`);

		// 2. Below the fold: lazy, and nothing requested but the LCP image.
		const below = await page.evaluate(() => [...document.querySelectorAll('img')]
			.filter((img) => img.getBoundingClientRect().top > 3 * innerHeight)
			.map((img) => ({ alt: img.alt, lazy: img.loading, decoding: img.decoding })));
		if (below.length < 2)
			fail(`expected images below the fold, found ${JSON.stringify(below)}`);
		for (const img of below)
			if (img.lazy !== 'lazy' || img.decoding !== 'async')
				fail(`image "${img.alt}" has no loading hints: ${JSON.stringify(img)}`);
		const early = [...server.hits.keys()].filter((p) => IMAGE.test(p));
		if (early.join() !== lcp.src)
			fail(`images requested before scrolling: ${early.join(', ')} (only ${lcp.src} should be)`);

		// 3. Scrolled into view: requested and decoded.
		await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
		await until(() => page.evaluate(() => [...document.querySelectorAll('img')]
			.every((img) => img.complete && img.naturalWidth > 0)), 'every image decoded');
		const late = await page.evaluate(() => [...document.querySelectorAll('img')]
			.slice(1).map((img) => new URL(img.currentSrc).pathname));
		for (const src of late)
			if (!server.hits.get(src) || early.includes(src))
				fail(`${src} was not fetched after scrolling (${JSON.stringify([...server.hits])})`);
		if (errors.length)
			fail(`console errors: ${errors.join(' | ')}`);
		console.log(`# LCP ${lcp.src} at ${got}; ${below.length} images fetched only after scrolling`);
	} finally {
		await browser.close();
		await server.close();
	}
});
