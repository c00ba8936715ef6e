// SPDX-License-Identifier: MIT
// Deploy skew in real Chromium (src/previous.c, hash.keepPrevious).
// usage: node deploy-skew.mjs SITE REBUILD-COMMAND loads|fails
// SITE/index.html runs a script that, when #open is pressed, imports a
// lazy route and writes what it exported into <html data-route>, or the
// error into data-error. The page of build 1 is left open while
// REBUILD-COMMAND builds and deploys build 2 in place; then the route is
// opened: it loads (its chunk was carried into build 2's output), or,
// without the protection, fails as it does on every host that serves
// only the newest build.
import { execSync } from 'node:child_process';
import { launch, run, fail, assertEqual, until } from './chromium.mjs';
import { serve } from './server.mjs';

const [site, rebuild, expect] = process.argv.slice(2);
if (!site || !rebuild || !['loads', 'fails'].includes(expect))
	fail('usage: deploy-skew.mjs SITE REBUILD-COMMAND loads|fails');

run(async () => {
	const server = await serve(site);
	const browser = await launch();
	try {
		const page = await browser.context.newPage();
		await page.goto(`${server.origin}/`);
		await until(() => page.evaluate(() => document.documentElement.dataset.main === '1'),
			'build 1 running');
		execSync(rebuild, { stdio: 'inherit' });
		await page.click('#open');
		const got = await until(() => page.evaluate(() => {
			const d = document.documentElement.dataset;
			return d.route || d.error ? { route: d.route ?? null, error: d.error ?? null } : null;
		}), 'the route to load or fail');
		if (expect === 'loads')
			assertEqual({ route: 'build 1 route', error: null }, got, 'the lazy route of build 1');
		else if (!got.error)
			fail(`the route of build 1 loaded after build 2 replaced it: ${JSON.stringify(got)}`);
		console.log(`build 1's lazy route ${expect === 'loads' ? 'loaded' : 'failed'} after build 2 was deployed`);
	} finally {
		await browser.close();
		await server.close();
	}
});
