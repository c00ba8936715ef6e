// Checks the headers job's output against the manifest it was made from
// (not a test itself; run by the .sh tests here). usage:
//   node check.mjs MANIFEST DIR [VERCEL_CONFIG] [--lost-ok] [--security JSON]
//                  [--site-headers FILE] [--expect JSON]
// DIR holds _headers, headers.json and record.json. Parses _headers with
// @netlify/headers-parser and validates the Vercel routes with
// @vercel/routing-utils, then resolves the headers of every served file
// through each of the three rule lists: every fingerprinted file, and
// nothing else, must get the immutable Cache-Control; no file may match two
// Cache-Control rules (hosts would join the values); every file gets each
// security header once. With --lost-ok, fingerprinted files may lack a
// rule (left out for the rule limit), never get a wrong one. With
// --site-headers, FILE is the site's own _headers: where its rules give a
// file a header, the file must get exactly the site's values (its rules
// win); a security header it sets anywhere is not distill's to add. With
// --expect, JSON is {"immutable": [...], "revalidated": [...]}: output
// paths the test itself says must get each (not the manifest's word).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';
const DEFAULT_SECURITY = {
	'Strict-Transport-Security': 'max-age=31536000; includeSubDomains; preload',
	'X-Frame-Options': 'DENY',
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'strict-origin-when-cross-origin',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

const args = process.argv.slice(2);
const flag = (name) => {
	const i = args.indexOf(name);
	if (i < 0) return undefined;
	const [, value] = args.splice(i, 2);
	return value;
};
const lostOk = args.includes('--lost-ok');
if (lostOk) args.splice(args.indexOf('--lost-ok'), 1);
const security = JSON.parse(flag('--security') ?? JSON.stringify(DEFAULT_SECURITY));
const siteHeadersPath = flag('--site-headers');
const expect = JSON.parse(flag('--expect') ?? '{}');
const [manifestPath, dir, vercelPath] = args;
const failures = [];
const fail = (msg) => failures.push(msg);

const nodePath = process.env.NODE_PATH;
const require = createRequire(path.join(nodePath, '..', 'noop.js'));
const importPackage = async (name) => {
	const pkg = JSON.parse(readFileSync(path.join(nodePath, name, 'package.json'), 'utf8'));
	const entry = typeof pkg.exports === 'string' ? pkg.exports : pkg.main;
	return import(pathToFileURL(path.join(nodePath, name, entry)).href);
};

// The served files and whether each is fingerprinted, from the manifest.
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const entries = new Map(manifest.assets.map((a) => [a.path, a]));
const fingerprinted = new Map();
for (const f of manifest.files) {
	if (f.role === 'br' || f.role === 'zst') continue;
	const fp = f.role === 'variant' ||
		(f.role === 'asset' && entries.get(f.asset)?.fingerprinted === true);
	fingerprinted.set(f.output, fp);
}
for (const f of manifest.files) {
	if (f.role !== 'br' && f.role !== 'zst') continue;
	const base = f.output.slice(0, -(f.role.length + 1));
	fingerprinted.set(f.output, fingerprinted.get(base) === true);
}
for (const extra of ['sw.js', 'headers.json'])
	if (!fingerprinted.has(extra)) fingerprinted.set(extra, false);
for (const [want, list] of [[true, expect.immutable ?? []], [false, expect.revalidated ?? []]])
	for (const p of list)
		if (fingerprinted.get(p) !== want)
			fail(`${p}: expected ${want ? 'immutable' : 'revalidated'}, ` +
			     (fingerprinted.has(p) ? 'the build says otherwise' : 'not served'));

// The request path a browser sends for a file: an author escapes '%', '#'
// and '?' in a link; the URL parser escapes the rest.
const urlOf = (p) => new URL('/' + p.split('/').map((s) => s.replace(/[%#?]/g,
	(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())).join('/'), 'http://h').pathname;
const requests = [];
for (const [p, fp] of fingerprinted) {
	requests.push({ file: p, url: urlOf(p), fp });
	if (p === 'index.html' || p.endsWith('/index.html'))
		requests.push({ file: p, url: urlOf(p.slice(0, -'index.html'.length)), fp });
}

// The headers a rule list gives a request path, by lower-case name.
function resolve(rules, url) {
	const got = {};
	for (const rule of rules) {
		if (!rule.match(url)) continue;
		for (const [k, v] of Object.entries(rule.headers))
			(got[k.toLowerCase()] ??= []).push(v);
	}
	return got;
}
const same = (a, b) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

// Each page's early hints (its manifest "early_hints"), as a browser at
// each URL the page is served at receives them: exactly its values, split
// where hosts join them; or, for a page the rule limit left out (record
// "hints_dropped"), some of them. Each names a served file, with the
// integrity the manifest gives that file.
const splitLinks = (vals) => new Set((vals ?? []).flatMap((v) => v.split(/,\s*(?=<)/)));
const byOutput = new Map(manifest.assets.map((a) => [a.output, a]));
function checkHints(label, rules) {
	for (const page of manifest.assets.filter((a) => a.kind === 'html' && !a.error)) {
		const want = new Set(page.early_hints ?? []);
		const urls = page.output === 'index.html' || page.output.endsWith('/index.html')
			? [urlOf(page.output.slice(0, -'index.html'.length))]
			: [urlOf(page.output), urlOf(page.output.replace(/\.html$/, ''))];
		for (const url of new Set(urls)) {
			const got = splitLinks(resolve(rules, url).link);
			const extra = [...got].filter((v) => !want.has(v));
			const missing = [...want].filter((v) => !got.has(v));
			if (extra.length) fail(`${label}: ${url} gets Link values it does not use: ${extra.join(' | ')}`);
			if (missing.length && !record.hints_dropped)
				fail(`${label}: ${url} lacks Link values: ${missing.join(' | ')}`);
		}
		for (const v of want) {
			const target = /^<\/([^>?]*)/.exec(v)?.[1];
			const file = target && byOutput.get(decodeURIComponent(target));
			if (!fingerprinted.has(decodeURIComponent(target ?? '')))
				fail(`${page.path}: early hint for a file not served: ${v}`);
			const integrity = /; integrity="([^"]*)"/.exec(v)?.[1];
			if (integrity && integrity !== file?.integrity)
				fail(`${page.path}: early hint integrity ${integrity} is not the file's ${file?.integrity}`);
		}
	}
}

// Resolve each request through one rule list: [{match(url), headers}].
function check(label, rules) {
	checkHints(label, rules);
	for (const r of requests) {
		const got = resolve(rules, r.url);
		const own = resolve(siteRules, r.url);
		const cc = got['cache-control'] ?? [];
		const where = `${label}: ${r.url} (${r.fp ? 'fingerprinted' : 'unhashed'})`;
		for (const k of siteNames)
			if (own[k] && !same(got[k], own[k]))
				fail(`${where}: ${k} is ${JSON.stringify(got[k])}, the site's own rules say ${JSON.stringify(own[k])}`);
		if (own['cache-control']) {
			// The site's own value, checked above.
		} else if (cc.length > 1) fail(`${where}: ${cc.length} Cache-Control rules: ${cc.join(' | ')}`);
		else if (cc.length === 0 && (r.fp ? !lostOk : !lostOk && !record.dropped))
			fail(`${where}: no Cache-Control rule`);
		else if (cc.length === 1 && cc[0] !== (r.fp ? IMMUTABLE : REVALIDATE))
			fail(`${where}: Cache-Control '${cc[0]}'`);
		for (const [k, v] of Object.entries(security)) {
			const vals = got[k.toLowerCase()] ?? [];
			if (siteNames.has(k.toLowerCase())) {
				if (!own[k.toLowerCase()] && vals.length)
					fail(`${where}: ${k} is ${JSON.stringify(vals)}, though the site's own rules set it elsewhere`);
				continue;
			}
			if (vals.length !== 1 || vals[0] !== v)
				fail(`${where}: ${k} is ${JSON.stringify(vals)}, expected '${v}'`);
		}
	}
}

const record = JSON.parse(readFileSync(path.join(dir, 'record.json'), 'utf8'));

// Netlify and Cloudflare Pages: _headers.
const { parseAllHeaders } = await importPackage('@netlify/headers-parser');
let siteRules = [];
if (siteHeadersPath) {
	const own = await parseAllHeaders({ headersFiles: [siteHeadersPath], minimal: false });
	if (own.errors.length) fail(`the site's _headers: ${own.errors.map((e) => e.message).join('; ')}`);
	siteRules = own.headers.map((h) => ({ match: (u) => h.forRegExp.test(u), headers: h.values }));
}
const siteNames = new Set(siteRules.flatMap((r) => Object.keys(r.headers).map((k) => k.toLowerCase())));
const headersFile = path.join(dir, '_headers');
const parsed = await parseAllHeaders({ headersFiles: [headersFile], minimal: false });
if (parsed.errors.length) fail(`_headers: ${parsed.errors.map((e) => e.message).join('; ')}`);
const ruleLines = readFileSync(headersFile, 'utf8').split('\n').filter((l) => l.startsWith('/'));
if (ruleLines.length > 100) fail(`_headers has ${ruleLines.length} rules, over Cloudflare's 100`);
if (parsed.headers.length !== ruleLines.length)
	fail(`_headers: ${ruleLines.length} rules written, ${parsed.headers.length} parsed`);
check('_headers', parsed.headers.map((h) => ({ match: (u) => h.forRegExp.test(u), headers: h.values })));

// headers.json: the same rules, with regular expressions.
const list = JSON.parse(readFileSync(path.join(dir, 'headers.json'), 'utf8'));
if (!Array.isArray(list)) fail('headers.json is not an array');
const sources = list.map((r) => r.source).join(' ');
if (sources !== ruleLines.join(' ')) fail(`headers.json sources differ from _headers: ${sources}`);
check('headers.json', list.map((r) => ({ match: (u) => new RegExp(r.regex).test(u), headers: r.headers })));

// Vercel Build Output API v3.
if (vercelPath) {
	const { normalizeRoutes, routesSchema } = require('@vercel/routing-utils');
	const config = JSON.parse(readFileSync(vercelPath, 'utf8'));
	if (config.version !== 3) fail(`vercel config version ${config.version}`);
	const { error } = normalizeRoutes(config.routes);
	if (error) fail(`vercel routes: ${error.message}`);
	const Ajv = require('ajv');
	const ajv = new Ajv();
	if (!ajv.validate(routesSchema, config.routes))
		fail(`vercel routes do not match the schema: ${ajv.errorsText()}`);
	for (const r of config.routes)
		if (r.continue !== true || !r.headers) fail(`vercel route ${r.src} must add headers and continue`);
	if (config.routes.length !== list.length) fail('vercel routes and headers.json differ in number');
	check('vercel', config.routes.map((r) => ({ match: (u) => new RegExp(r.src).test(u), headers: r.headers })));
}

if (!requests.some((r) => r.fp)) fail('no fingerprinted file to check');
if (failures.length) {
	console.error(failures.slice(0, 30).join('\n'));
	console.error(`${failures.length} problems`);
	process.exit(1);
}
console.log(`${requests.length} requests checked`);
