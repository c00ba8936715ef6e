// SPDX-License-Identifier: MIT
// distill's precache list against workbox-build's getManifest on the same
// output tree. usage: node sw-parity.mjs OUT ERRFILE
// OUT is a `distill build` of `gen-site.mjs DIR N --big`; ERRFILE holds that
// build's stderr.
// Workbox is given globPatterns **/*.{js,css,html,wasm,woff2,webmanifest,json}
// and told which names carry a hash (dontCacheBustURLsMatching). The URL sets
// must be equal but for the differences sw-template/README.md documents:
//  - Workbox lists "dir/index.html", distill the URL "/dir/" it is served at
//  - Workbox takes every .json; distill only the web manifest
//  - distill also takes fonts of every format, .mjs, and icons (.ico; images
//    named by an HTML <link> or by the web manifest's "icons")
// For URLs in both lists the revision is null in both or in neither, and
// both leave out the file over 2 MiB with a warning naming it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { run, fail, assertEqual } from './chromium.mjs';

const require = createRequire(join(process.cwd(), 'noop.js'));
const { getManifest } = require('workbox-build');

const [out, errFile] = process.argv.slice(2);
if (!out || !errFile)
	fail('usage: sw-parity.mjs OUT ERRFILE');

const diff = (a, b) => [...a.keys()].filter((k) => !b.has(k)).sort();

run(async () => {
	const ours = new Map(JSON.parse(readFileSync(join(out, 'precache-manifest.json'), 'utf8'))
		.map((e) => [decodeURI(e.url), e.revision]));
	const wb = await getManifest({
		globDirectory: out,
		globPatterns: ['**/*.{js,css,html,wasm,woff2,webmanifest,json}'],
		// distill's own outputs, as injectManifest leaves out its swDest.
		globIgnores: ['sw.js', 'sw-precache/**', 'precache-manifest.json'],
		// Vite's "name-XXXXXXXX.ext" and distill's "name.xxxxxxxxxx.ext".
		dontCacheBustURLsMatching: /(-[A-Za-z0-9_-]{8}|\.[a-z2-7]{10})\.[a-z0-9]+$/,
	});
	const theirs = new Map(wb.manifestEntries.map((e) =>
		['/' + e.url.replace(/(^|\/)index\.html$/, '$1'), e.revision]));

	// Icons, as distill defines them, found in the output itself.
	const icons = new Set();
	const html = readFileSync(join(out, 'index.html'), 'utf8');
	for (const m of html.matchAll(/<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"/g))
		icons.add(m[1]);
	const webmanifest = JSON.parse(readFileSync(join(out, 'site.webmanifest'), 'utf8'));
	for (const icon of webmanifest.icons)
		icons.add(new URL(icon.src, 'http://x/site.webmanifest').pathname);
	if (icons.size !== 4)
		fail(`expected 4 icons in the generated site, found ${[...icons]}`);

	const onlyTheirs = diff(theirs, ours), onlyOurs = diff(ours, theirs);
	for (const url of onlyTheirs)
		if (!url.endsWith('.json'))
			fail(`Workbox precaches ${url}, distill does not`);
	for (const url of onlyOurs)
		if (!/\.(woff|ttf|otf|eot|mjs|cjs|ico)$/.test(url) && !icons.has(url))
			fail(`distill precaches ${url}, Workbox does not`);
	// Every documented difference shows in this tree, so none is vacuous.
	assertEqual(true, onlyTheirs.includes('/data/config.json'), 'data JSON left to Workbox alone');
	for (const url of ['/fonts/serif.woff', '/fonts/mono.ttf', '/legacy.mjs', '/favicon.ico', ...icons])
		if (!onlyOurs.includes(url))
			fail(`${url} should be precached by distill alone; distill only: ${onlyOurs}`);
	const both = [...ours.keys()].filter((u) => theirs.has(u));
	if (both.length < 40)
		fail(`only ${both.length} URLs in common`);
	if (!both.includes('/') || !both.includes('/about/') || !both.includes('/docs/page one.html'))
		fail(`pages missing from the common URLs: ${both}`);

	for (const url of both)
		if ((ours.get(url) === null) !== (theirs.get(url) === null))
			fail(`${url}: distill's revision ${ours.get(url)}, Workbox's ${theirs.get(url)}`);
	const nulls = both.filter((u) => ours.get(u) === null).length;
	if (nulls < 10 || nulls === both.length)
		fail(`${nulls} of ${both.length} revisions are null: the check proves nothing`);

	// The big file: out of both lists, and both say so.
	if (ours.has('/fonts/huge.woff2') || theirs.has('/fonts/huge.woff2'))
		fail('fonts/huge.woff2 (2.5 MB) is precached');
	if (!wb.warnings.some((w) => w.includes('fonts/huge.woff2')))
		fail(`Workbox did not warn about fonts/huge.woff2: ${wb.warnings}`);
	if (!readFileSync(errFile, 'utf8').includes("'fonts/huge.woff2' is not precached"))
		fail('distill did not warn about fonts/huge.woff2');
	console.log(`${both.length} URLs in common (${nulls} fingerprinted); ` +
		`Workbox only: ${onlyTheirs.length} JSON; distill only: ${onlyOurs.join(' ')}`);
});
