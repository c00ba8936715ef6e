// SPDX-License-Identifier: MIT
// Debian's Chromium, headless, in a fresh profile, driven by playwright-core;
// plus the small helpers every browser test uses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

// playwright-core lives in tests/node_modules, found through NODE_PATH,
// which ES module imports do not consult.
const require = createRequire(join(process.cwd(), 'noop.js'));
const { chromium } = require('playwright-core');

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Returns {context, close()}: a persistent context in a new --user-data-dir.
export async function launch() {
	const profile = mkdtempSync(join(tmpdir(), 'distill-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu',
			'--disable-background-networking'],
	});
	return {
		context,
		close: async () => {
			await context.close().catch(() => {});
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

// The problems a page reports, collected as they come: uncaught errors,
// console errors and responses of 400 or more (failed loads are told by
// their responses, and the favicon is no part of a site). Returns the
// array it fills.
export function collectErrors(page) {
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => m.type() === 'error' &&
		!m.text().startsWith('Failed to load resource') && errors.push(m.text()));
	page.on('response', (r) => r.status() >= 400 &&
		new URL(r.url()).pathname !== '/favicon.ico' && errors.push(`${r.status()} ${r.url()}`));
	return errors;
}

export function fail(message) {
	throw new Error(message);
}

export function assertEqual(want, got, what) {
	const a = JSON.stringify(want), b = JSON.stringify(got);
	if (a !== b)
		fail(`${what}: expected ${a}, got ${b}`);
}

// Poll fn until it returns a truthy value; fail with what (or what() when
// a function, for the state at the time) after ms.
export async function until(fn, what, ms = 10000) {
	const end = Date.now() + ms;
	for (;;) {
		const v = await fn();
		if (v)
			return v;
		if (Date.now() > end)
			fail(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

// Run main() with a hard time limit (a hang, not a speed check: generous
// enough for the ASan build on a loaded machine); print the failure and
// exit 1.
export function run(main, seconds = 300) {
	const timer = setTimeout(() => {
		console.error(`FAIL: no result after ${seconds} s`);
		process.exit(1);
	}, seconds * 1000);
	main().then(() => {
		clearTimeout(timer);
		process.exit(0);
	}, (err) => {
		console.error(`FAIL: ${err.message}`);
		process.exit(1);
	});
}

// In the page: the pathnames stored in each cache, by cache name.
export function cacheContents(page) {
	return page.evaluate(async () => {
		const out = {};
		for (const name of await caches.keys()) {
			const keys = await (await caches.open(name)).keys();
			out[name] = keys.map((r) => new URL(r.url).pathname + new URL(r.url).search).sort();
		}
		return out;
	});
}
