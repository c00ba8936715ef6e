// SPDX-License-Identifier: MIT
// Early hints in real Chromium (passes/headers_hints.c).
// usage: node early-hints.mjs SITE PAGE-URL
// Serves SITE on 127.0.0.1 with the headers its headers.json gives each
// path (Link values joined, as Netlify and Cloudflare join them), but
// holds the page's HTML after its first line until every file its Link
// header names has been requested: the page loads only if Chromium acted
// on the header, before it could read a tag. Then, with no timing in it:
//  1. every hinted file was requested once by the page (a preload that
//     differs from its element in crossorigin or integrity is fetched
//     again); the service worker's precaching is not counted
//  2. the page ran: no error, no console warning about a preload
//  3. its module script ran and its LCP image is shown
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { launch, run, fail } from './chromium.mjs';
import { ruleHeaders } from './server.mjs';

const [site, pageUrl] = process.argv.slice(2);
if (!site || !pageUrl)
	fail('usage: early-hints.mjs SITE PAGE-URL');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript',
	'.css': 'text/css', '.avif': 'image/avif', '.webp': 'image/webp',
	'.jpg': 'image/jpeg', '.png': 'image/png', '.json': 'application/json' };

run(async () => {
	const hits = new Map();
	const link = (await ruleHeaders(site, pageUrl)).Link;
	if (!link)
		fail(`headers.json gives ${pageUrl} no Link header`);
	// Each hint's URLs: an image's the candidates of its imagesrcset, of
	// which Chromium fetches the one for the viewport.
	const hinted = link.split(/,\s*(?=<)/).map((v) => {
		const set = /; imagesrcset="([^"]*)"/.exec(v);
		return set ? set[1].split(/,\s*/).map((c) => c.split(' ')[0]) : [/^<([^>]*)>/.exec(v)[1]];
	});
	const requests = (urls) => urls.reduce((n, u) => n + (hits.get(u) || 0), 0);
	let release;
	const allHinted = new Promise((resolve) => { release = resolve; });
	const seen = () => hinted.every((urls) => requests(urls) > 0) && release();
	const server = createServer(async (req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		// The page's fetches; not the service worker's, nor its precaching.
		const dest = req.headers['sec-fetch-dest'];
		if (dest !== 'empty' && dest !== 'serviceworker')
			hits.set(url.pathname + url.search, (hits.get(url.pathname + url.search) || 0) + 1);
		seen();
		let path = decodeURIComponent(url.pathname);
		if (path.endsWith('/'))
			path += 'index.html';
		const file = normalize(join(site, path));
		let body;
		try {
			if (!file.startsWith(normalize(site)))
				throw new Error('outside');
			body = await readFile(file);
		} catch {
			res.writeHead(404, { 'Content-Type': 'text/plain' });
			res.end('not found');
			return;
		}
		const headers = { 'Cache-Control': 'no-cache', ...(await ruleHeaders(site, url.pathname)),
			'Content-Type': TYPES[extname(file)] || 'application/octet-stream' };
		res.writeHead(200, headers);
		if (url.pathname !== pageUrl) {
			res.end(body);
			return;
		}
		// The first line, then nothing until the hints did their work.
		const cut = body.indexOf(10) + 1;
		res.write(body.subarray(0, cut));
		await Promise.race([allHinted, new Promise((r) => setTimeout(r, 20000))]);
		res.end(body.subarray(cut));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${server.address().port}`;
	const browser = await launch();
	try {
		const page = await browser.context.newPage();
		const problems = [];
		page.on('pageerror', (e) => problems.push(e.message));
		page.on('console', (m) => (m.type() === 'error' || /preload/i.test(m.text())) &&
			!m.text().startsWith('Failed to load resource') && problems.push(m.text()));
		await page.setViewportSize({ width: 1280, height: 720 });
		await page.goto(origin + pageUrl, { waitUntil: 'load' });
		const missed = hinted.filter((urls) => requests(urls) === 0);
		if (missed.length)
			fail(`the page was held for its hints, and these were never requested: ${missed.join(' ')}`);
		// Chromium reports an unused preload after a few seconds.
		await page.waitForTimeout(3500);
		for (const urls of hinted)
			if (requests(urls) !== 1)
				fail(`${urls.join(' or ')}: requested ${requests(urls)} times`);
		if (problems.length)
			fail(`the page reported: ${problems.join(' | ')}`);
		const state = await page.evaluate(() => ({
			ran: document.documentElement.dataset.ran,
			images: [...document.images].map((i) => i.complete && i.naturalWidth > 0),
		}));
		if (state.ran !== 'yes')
			fail('the module script did not run');
		if (!state.images.every(Boolean))
			fail(`an image is not shown: ${JSON.stringify(state.images)}`);
		console.log(`${hinted.length} hinted files, each requested once, before the page's tags`);
	} finally {
		await browser.close();
		server.closeAllConnections();
		server.close();
	}
});
