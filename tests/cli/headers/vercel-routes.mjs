// Checks that a --vercel build carried a project's vercel.json routing into
// .vercel/output/config.json the way `vercel build` does (not a test
// itself; run by vercel-routing.sh). usage:
//   node vercel-routes.mjs VERCEL_JSON OUTPUT_DIR EXPECT_FILE
// The oracle is @vercel/routing-utils: getTransformedRoutes() on the same
// vercel.json gives the routes Vercel would apply. Each of them must be in
// config.json, deep-equal and in the same order; the only other routes
// allowed are distill's own header routes ({src, headers, continue}),
// before vercel.json's headers. With cleanUrls, every HTML file has its
// override. Then each line of EXPECT_FILE, "URL STATUS WHAT [Name: value]",
// is resolved through config.json's routes over OUTPUT_DIR/static as
// Vercel's router would (redirects, headers, the filesystem, rewrites):
// WHAT is the file served (200) or the Location (30x); the named header,
// when given, must have that value.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { listFiles } from '../../realworld/tree.mjs';

const require = createRequire(path.join(process.env.NODE_PATH || '.', 'x.js'));
const { getTransformedRoutes } = require('@vercel/routing-utils');
const [vercelPath, outDir, expectPath] = process.argv.slice(2);
const vercelJson = JSON.parse(readFileSync(vercelPath, 'utf8'));
const config = JSON.parse(readFileSync(path.join(outDir, 'config.json'), 'utf8'));
const staticDir = path.join(outDir, 'static');
let failed = 0;
const fail = (msg) => { console.error(`FAIL: ${msg}`); failed++; };

const canonical = (v) => JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x)
	? Object.fromEntries(Object.keys(x).sort().map((key) => [key, x[key]])) : x));

// 1. The oracle's routes, in order; distill's header routes around them.
const oracle = getTransformedRoutes(vercelJson);
if (oracle.error)
	fail(`routing-utils refuses vercel.json: ${oracle.error.message}`);
const want = oracle.routes || [];
let w = 0, userHeadersSeen = false;
for (const route of config.routes) {
	if (w < want.length && canonical(route) === canonical(want[w])) {
		if (route.continue && route.headers)
			userHeadersSeen = true;
		w++;
		continue;
	}
	const ours = route.continue === true && route.headers && !route.dest && !route.status &&
		Object.keys(route).sort().join() === 'continue,headers,src';
	if (!ours)
		fail(`a route that is neither vercel.json's nor distill's: ${JSON.stringify(route)}`);
	else if (userHeadersSeen)
		fail(`distill's header route after vercel.json's headers: ${JSON.stringify(route)}`);
}
if (w < want.length)
	fail(`vercel.json's route missing or out of order: ${JSON.stringify(want[w])}`);

// 2. cleanUrls: every HTML file served without .html.
const files = listFiles(staticDir);
if (vercelJson.cleanUrls) {
	for (const f of files.filter((f) => f.endsWith('.html'))) {
		const o = config.overrides && config.overrides[f];
		if (!o || o.path !== f.slice(0, -5))
			fail(`no cleanUrls override for ${f}: ${JSON.stringify(o)}`);
	}
}

// 3. Vercel's router, enough for these routes.
const served = new Map(files.map((f) => [f, f]));
for (const [f, o] of Object.entries(config.overrides || {}))
	if (o.path !== undefined)
		served.set(o.path, f);
const lookup = (p) => {
	const rel = decodeURIComponent(p).replace(/^\/|\/$/g, '');
	for (const c of [rel, rel ? `${rel}/index.html` : 'index.html'])
		if (served.has(c))
			return served.get(c);
	return null;
};
const substitute = (template, m) => template.replace(/\$(\d+)/g, (_, i) => m[Number(i)] || '');
const resolve = (url) => {
	let p = url;
	const headers = {};
	const routes = config.routes;
	let i = 0;
	for (; i < routes.length && !routes[i].handle; i++) {
		const r = routes[i];
		const m = new RegExp(r.src).exec(p);
		if (!m)
			continue;
		for (const [k, v] of Object.entries(r.headers || {}))
			headers[k.toLowerCase()] = substitute(v, m);
		if (r.status >= 300 && r.status < 400)
			return { status: r.status, what: headers.location, headers };
		if (r.dest)
			p = substitute(r.dest, m).split('?')[0];
		if (!r.continue && !r.headers)
			break;
	}
	let file = lookup(p);
	if (file)
		return { status: 200, what: file, headers };
	for (i++; i < routes.length; i++) {
		const r = routes[i];
		const m = new RegExp(r.src).exec(p);
		if (!m || !r.dest)
			continue;
		p = substitute(r.dest, m).split('?')[0];
		file = lookup(p);
		if (file)
			return { status: r.status || 200, what: file, headers };
	}
	return { status: 404, what: '-', headers };
};
for (const line of readFileSync(expectPath, 'utf8').split('\n')) {
	if (!line.trim() || line.startsWith('#'))
		continue;
	const [url, status, what, ...header] = line.split(' ');
	const got = resolve(url);
	if (String(got.status) !== status || got.what !== what)
		fail(`${url}: expected ${status} ${what}, got ${got.status} ${got.what}`);
	if (header.length) {
		const name = header[0].replace(/:$/, '').toLowerCase(), value = header.slice(1).join(' ');
		if (got.headers[name] !== value)
			fail(`${url}: expected ${name}: ${value}, got ${got.headers[name]}`);
	}
}
if (failed)
	process.exit(1);
console.log(`# ${config.routes.length} routes, ${want.length} of them vercel.json's, all in order`);
