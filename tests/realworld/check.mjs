// The checks of one site of the real-world suite that read files (not a
// test itself; run by lib.bash). usage:
//   node check.mjs CHECK DIST OUT [VERCEL_OUTPUT] [--hashed REGEX]
// DIST is what the generator wrote, OUT what `distill build DIST --out OUT`
// wrote, VERCEL_OUTPUT a --vercel build's .vercel/output. Nothing here asks
// distill what it did: the truth is DIST itself, the generator's naming
// (REGEX: the file names it puts a content hash in) and real parsers.
//   lost        every file of DIST is in OUT: at its path, or its bytes, or
//               renamed with a hash (stem, then more, then its extension)
//   refs        every local reference of an HTML or CSS file of DIST that
//               names a file of DIST names a file of OUT from the same file
//               of OUT (its new name when it moved)
//   integrity   every integrity="sha256|384|512-..." in OUT's pages holds
//               for the bytes OUT serves at that URL
//   headers     @netlify/headers-parser reads OUT/_headers, and
//               @vercel/routing-utils VERCEL_OUTPUT/config.json; resolved for
//               every file's URL: a page or a file that kept its name (and
//               whose name the generator did not hash) is never immutable;
//               a file distill renamed, or one the generator hashed, is
//               (a generator's hash with neither digit nor capital, REGEX's
//               group "token", may be revalidated: it reads like a word,
//               and a missed immutable only costs a revalidation)
//   precache    each entry of OUT/precache-manifest.json names a file of OUT,
//               and only such hashed names have revision null
//   workbox     workbox-build's getManifest on OUT, with the globPatterns
//               sw-template/README.md compares against and distill's own
//               files left out, lists the same URLs as the precache list
//               but for the differences that README documents (Workbox's
//               "dir/index.html" is distill's "/dir/"; Workbox alone takes
//               data .json and the original a renamed file keeps beside
//               its new name; distill alone takes fonts other than woff2,
//               .mjs and .cjs, .ico, files an HTML <link> names and the web
//               manifest's icons); both leave out files over 2 MiB. The
//               documented differences are counted in the line.
// Prints one line "# ..." of what it checked, or the problems and exits 1.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { listFiles } from './tree.mjs';

const args = process.argv.slice(2);
const hashedAt = args.indexOf('--hashed');
const hashed = hashedAt >= 0 ? new RegExp(args.splice(hashedAt, 2)[1]) : null;
const [check, dist, out, vercelOut] = args;
const problems = [];
const fail = (msg) => problems.push(msg);

const IMMUTABLE = /\bimmutable\b/;

const distFiles = listFiles(dist);
const outFiles = listFiles(out).filter((f) => !/\.(br|zst)$/.test(f));
const outSet = new Set(listFiles(out));
const read = (root, f) => readFileSync(path.join(root, f));

// The file a URL path names under a tree (a folder: its index.html).
function target(set, urlPath) {
	let p;
	try {
		p = decodeURIComponent(urlPath).replace(/^\//, '');
	} catch {
		return null;
	}
	if (set.has(p))
		return p;
	const index = (p && !p.endsWith('/') ? p + '/' : p) + 'index.html';
	return set.has(index) ? index : null;
}

// The local references of a page or stylesheet, as written.
function references(text, isHtml) {
	const refs = [];
	if (isHtml) {
		for (const tag of text.match(/<(a|link|script|img|source|video|audio|iframe)\b[^>]*>/gi) || []) {
			for (const m of tag.matchAll(/\s(href|src|srcset|poster)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
				const value = (m[3] ?? m[4] ?? m[5] ?? '').replace(/&amp;/g, '&');
				if (m[1].toLowerCase() === 'srcset')
					refs.push(...value.split(',').map((c) => c.trim().split(/\s+/)[0]).filter(Boolean));
				else
					refs.push(value);
			}
		}
	}
	const css = isHtml ? (text.match(/<style\b[^>]*>[\s\S]*?<\/style>/gi) || []).join('\n') : text;
	for (const m of css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/g))
		refs.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]);
	return refs.filter((r) => r && !/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(r));
}
const resolveRef = (from, ref) => new URL(ref, 'http://site/' + from).pathname;
// Whether o is f renamed with a hash: its stem, a dot, more, its extension.
const renamedFrom = (o, f) => {
	const ext = path.extname(f), stem = path.basename(f, ext), name = path.basename(o);
	return path.extname(o) === ext && name !== path.basename(f) && name.startsWith(stem + '.');
};

function checkLost() {
	const outBytes = new Set(outFiles.map((f) => createHash('sha256').update(read(out, f)).digest('hex')));
	for (const f of distFiles) {
		if (outSet.has(f))
			continue;
		if (outBytes.has(createHash('sha256').update(read(dist, f)).digest('hex')))
			continue;
		if (outFiles.some((o) => renamedFrom(o, f)))
			continue;
		fail(`lost: ${f} is nowhere in the output`);
	}
	return `${distFiles.length} files of DIST all in the output`;
}

// Where each file of DIST went in OUT: its own path, else the one file of
// OUT its references now name (learned from the pages).
function checkRefs() {
	const distSet = new Set(distFiles);
	let n = 0;
	for (const f of distFiles.filter((f) => /\.(html|css)$/.test(f))) {
		// The same file in OUT: at its path, else (a moved stylesheet) the
		// OUT file with its stem and extension.
		const ext = path.extname(f);
		const o = outSet.has(f) ? f : outFiles.find((x) => renamedFrom(x, f));
		if (!o) {
			fail(`refs: ${f} has no counterpart in the output`);
			continue;
		}
		const before = references(read(dist, f).toString('utf8'), ext === '.html');
		const after = references(read(out, o).toString('utf8'), ext === '.html');
		const wanted = before.filter((r) => target(distSet, resolveRef(f, r))).length;
		const broken = after.filter((r) => !target(outSet, resolveRef(o, r)));
		// An <img> that became a <picture> names more files, never fewer.
		if (after.filter((r) => target(outSet, resolveRef(o, r))).length < wanted)
			fail(`refs: ${o} names ${wanted} files of the site before and fewer after`);
		for (const r of broken)
			if (target(distSet, resolveRef(f, r)) || !before.includes(r))
				fail(`refs: ${o}: '${r}' names no file of the output`);
		n += after.length;
	}
	return `${n} local references resolve`;
}

function checkIntegrity() {
	let n = 0;
	for (const f of outFiles.filter((f) => f.endsWith('.html'))) {
		const text = read(out, f).toString('utf8');
		for (const tag of text.match(/<(link|script)\b[^>]*\bintegrity\s*=[^>]*>/gi) || []) {
			const url = (tag.match(/\s(?:href|src)\s*=\s*"([^"]*)"/i) || [])[1];
			const sri = (tag.match(/\sintegrity\s*=\s*"([^"]*)"/i) || [])[1]?.replace(/&#43;/g, '+');
			const file = url && target(outSet, resolveRef(f, url));
			if (!file) {
				fail(`integrity: ${f}: '${url}' names no file`);
				continue;
			}
			const ok = sri.split(/\s+/).some((h) => {
				const [alg, want] = h.split(/-(.*)/s);
				return ['sha256', 'sha384', 'sha512'].includes(alg) &&
					createHash(alg).update(read(out, file)).digest('base64') === want;
			});
			if (!ok)
				fail(`integrity: ${f}: ${file} does not match ${sri}; a browser refuses it`);
			n++;
		}
	}
	return `${n} integrity attributes hold`;
}

async function checkHeaders() {
	const nodePath = process.env.NODE_PATH;
	const require = createRequire(path.join(nodePath, 'noop.js'));
	const pkg = JSON.parse(readFileSync(path.join(nodePath, '@netlify/headers-parser/package.json'), 'utf8'));
	const entry = typeof pkg.exports === 'string' ? pkg.exports : pkg.main;
	const { parseAllHeaders } = await import(pathToFileURL(path.join(nodePath, '@netlify/headers-parser', entry)).href);
	const parsed = await parseAllHeaders({ headersFiles: [path.join(out, '_headers')], minimal: false });
	if (parsed.errors.length)
		fail(`headers: _headers: ${parsed.errors.map((e) => e.message).join('; ')}`);
	const hosts = [['_headers', parsed.headers.map((h) => ({ match: (u) => h.forRegExp.test(u), headers: h.values }))]];
	if (vercelOut) {
		const { normalizeRoutes } = require('@vercel/routing-utils');
		const config = JSON.parse(readFileSync(path.join(vercelOut, 'config.json'), 'utf8'));
		const { error } = normalizeRoutes(config.routes);
		if (error)
			fail(`headers: vercel routes: ${error.message}`);
		hosts.push(['vercel', config.routes.filter((r) => r.src && r.headers && r.continue)
			.map((r) => ({ match: (u) => new RegExp(r.src).test(u), headers: r.headers }))]);
	}
	const distSet = new Set(distFiles);
	let n = 0;
	for (const f of outFiles) {
		if (f === '_headers' || f.startsWith('.vercel/'))
			continue;
		const renamed = !distSet.has(f) && !['sw.js', 'register-sw.js', 'headers.json', 'precache-manifest.json'].includes(f);
		const genHashed = hashed && hashed.exec(path.basename(f));
		const wordLike = genHashed && !/[A-Z0-9]/.test(genHashed.groups?.token ?? genHashed[0]);
		// As a browser requests it: '@' and ':' stay as they are.
		const url = new URL('/' + f.split('/').map((s) => s.replace(/[%#?]/g, encodeURIComponent)).join('/'),
			'http://site/').pathname;
		const page = f.endsWith('.html');
		for (const [host, rules] of hosts) {
			const cc = rules.filter((r) => r.match(url)).flatMap((r) =>
				Object.entries(r.headers).filter(([k]) => k.toLowerCase() === 'cache-control').map(([, v]) => v));
			const immutable = cc.some((v) => IMMUTABLE.test(v));
			if (immutable && (page || (!renamed && !genHashed)))
				fail(`headers: ${host}: ${url} is immutable, but its name does not change with its bytes`);
			if (!immutable && (renamed || (genHashed && !wordLike)) && !page)
				fail(`headers: ${host}: ${url} has a hash in its name but is not immutable (${cc.join(' | ') || 'no Cache-Control'})`);
			n++;
		}
	}
	return `${n} URLs resolved through ${hosts.map(([h]) => h).join(' and ')}`;
}

// Names that change with their bytes, by the truth above: renamed by
// distill, or hashed by the generator.
function contentAddressed(f) {
	const distSet = new Set(distFiles);
	return !f.endsWith('.html') && ((!distSet.has(f) &&
		!['sw.js', 'register-sw.js', 'headers.json', 'precache-manifest.json'].includes(f)) ||
		(hashed !== null && hashed.test(path.basename(f))));
}

function checkPrecache() {
	const list = JSON.parse(read(out, 'precache-manifest.json').toString('utf8'));
	for (const { url, revision } of list) {
		const file = target(outSet, new URL(url, 'http://site/').pathname);
		if (!file)
			fail(`precache: ${url} names no file of the output`);
		else if (revision === null && !contentAddressed(file))
			fail(`precache: ${url} has revision null, but its name does not change with its bytes`);
		else if (revision !== null && !/^[0-9a-f]{32}$/.test(revision))
			fail(`precache: ${url} has revision ${JSON.stringify(revision)}`);
	}
	return `${list.length} entries name files, revision null only for hashed names`;
}

// What distill alone may precache by sw-template/README.md: the URLs an
// HTML <link> of OUT names and the icons of its web manifests.
function linkedOrIcon() {
	const urls = new Set();
	for (const f of outFiles.filter((f) => f.endsWith('.html')))
		for (const tag of read(out, f).toString('utf8').match(/<link\b[^>]*>/gi) || []) {
			const href = (tag.match(/\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i) || []).slice(1).find(Boolean);
			if (href && !/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(href))
				urls.add(decodeURI(resolveRef(f, href.replace(/&amp;/g, '&'))));
		}
	for (const f of outFiles.filter((f) => f.endsWith('.webmanifest') || urls.has('/' + f)))
		try {
			for (const icon of JSON.parse(read(out, f).toString('utf8')).icons || [])
				urls.add(decodeURI(resolveRef(f, icon.src)));
		} catch {
			/* not a web manifest */
		}
	return urls;
}

async function checkWorkbox() {
	const require = createRequire(path.join(process.env.NODE_PATH, 'noop.js'));
	const { getManifest } = require('workbox-build');
	const wb = await getManifest({
		globDirectory: out,
		globPatterns: ['**/*.{js,css,html,wasm,woff2,webmanifest,json}'],
		globIgnores: ['sw.js', 'sw-precache/**', 'precache-manifest.json', 'headers.json', '.vercel/**'],
	});
	const theirs = new Set(wb.manifestEntries.map((e) => '/' + e.url.replace(/(^|\/)index\.html$/, '$1')));
	const ours = new Set(JSON.parse(read(out, 'precache-manifest.json').toString('utf8')).map((e) => decodeURI(e.url)));
	const allowed = linkedOrIcon();
	// A file distill renamed keeps its original too (for what distill
	// cannot see name it); the site itself loads the renamed one.
	const keptOriginal = (url) => outFiles.some((o) => renamedFrom(o, url.slice(1)) && ours.has('/' + o));
	let json = 0, originals = 0, extra = 0;
	for (const url of theirs) {
		if (ours.has(url))
			continue;
		if (url.endsWith('.json'))
			json++;
		else if (keptOriginal(url))
			originals++;
		else
			fail(`workbox: Workbox precaches ${url}, distill does not`);
	}
	for (const url of ours) {
		if (theirs.has(url))
			continue;
		if (/\.(woff|ttf|otf|eot|mjs|cjs|ico)$/.test(url) || allowed.has(url))
			extra++;
		else
			fail(`workbox: distill precaches ${url}, Workbox does not`);
	}
	const both = [...ours].filter((u) => theirs.has(u)).length;
	return `${both} URLs in both lists; Workbox alone: ${json} data .json and ${originals} originals of renamed files; ` +
		`distill alone: ${extra} fonts, modules and icons`;
}

const checks = { lost: checkLost, refs: checkRefs, integrity: checkIntegrity, headers: checkHeaders,
		 precache: checkPrecache, workbox: checkWorkbox };
if (!checks[check] || !existsSync(dist) || !existsSync(out)) {
	console.error('usage: node check.mjs lost|refs|integrity|headers|precache|workbox DIST OUT [VERCEL_OUTPUT] [--hashed REGEX]');
	process.exit(2);
}
const said = await checks[check]();
if (problems.length) {
	console.error(problems.slice(0, 20).join('\n'));
	if (problems.length > 20)
		console.error(`... ${problems.length} problems in all`);
	process.exit(1);
}
console.log(`# ${check}: ${said}`);
