// SPDX-License-Identifier: MIT
// Opens the budget report (report.html) in headless Chromium: the treemap
// must render with one rectangle per chunk and per module, load nothing
// from anywhere else, and the screenshot must show it (not a blank page).
// usage: node budget-treemap.mjs REPORT.html SCREENSHOT.png CHUNKS MODULE
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { launch, run, fail } from './chromium.mjs';

const [report, shot, chunks, module] = process.argv.slice(2);

run(async () => {
	const { context, close } = await launch();
	try {
		const page = await context.newPage();
		const requests = [];
		page.on('request', (r) => requests.push(r.url()));
		const url = pathToFileURL(report).href;
		await page.goto(url);
		if (requests.some((u) => u !== url))
			fail(`the report loads other resources: ${requests.join(', ')}`);

		const map = await page.evaluate(() => {
			const svg = document.querySelector('svg#treemap');
			if (!svg)
				return null;
			const box = svg.getBoundingClientRect();
			const rects = [...svg.querySelectorAll('rect')];
			return {
				width: box.width, height: box.height,
				chunks: svg.querySelectorAll('g.chunk').length,
				rects: rects.length,
				visible: rects.filter((r) => r.getBBox().width > 1 && r.getBBox().height > 1).length,
				titles: rects.map((r) => r.textContent),
			};
		});
		if (!map)
			fail('no svg#treemap in the report');
		if (map.width < 600 || map.height < 300)
			fail(`treemap is ${map.width}x${map.height}`);
		if (map.chunks !== Number(chunks))
			fail(`expected ${chunks} chunks, got ${map.chunks}`);
		if (map.rects <= map.chunks || map.visible < map.chunks)
			fail(`expected module rectangles inside the chunks: ${JSON.stringify(map)}`);
		if (!map.titles.some((t) => t.includes(module)))
			fail(`no rectangle for module ${module}`);

		const svg = await page.$('svg#treemap');
		const png = await svg.screenshot();
		writeFileSync(shot, png);
		// Count the pixels that are not the page's white, in the browser.
		const stats = await page.evaluate(async (data) => {
			const img = new Image();
			img.src = 'data:image/png;base64,' + data;
			await img.decode();
			const c = document.createElement('canvas');
			c.width = img.width;
			c.height = img.height;
			const ctx = c.getContext('2d');
			ctx.drawImage(img, 0, 0);
			const px = ctx.getImageData(0, 0, c.width, c.height).data;
			let inked = 0;
			const colours = new Set();
			for (let i = 0; i < px.length; i += 4) {
				if (px[i] < 245 || px[i + 1] < 245 || px[i + 2] < 245)
					inked++;
				colours.add((px[i] >> 4) << 8 | (px[i + 1] >> 4) << 4 | px[i + 2] >> 4);
			}
			return { inked: inked / (px.length / 4), colours: colours.size, w: c.width };
		}, png.toString('base64'));
		if (stats.inked < 0.5 || stats.colours < 5)
			fail(`the screenshot looks blank: ${JSON.stringify(stats)}`);
		console.log(`treemap: ${map.chunks} chunks, ${map.rects} rectangles, ` +
			`${Math.round(stats.inked * 100)}% inked, ${stats.colours} colours`);
	} finally {
		await close();
	}
});
