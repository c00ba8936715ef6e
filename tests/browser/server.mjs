// SPDX-License-Identifier: MIT
// A static file server for the browser tests: serves a folder on 127.0.0.1
// at a free port, reads every file at request time (so a rebuild is seen at
// once), answers "/dir/" with dir/index.html, sends the headers that
// distill's headers.json in that folder gives each path (the rules in
// order, a later one winning, but Link values joined as Netlify and
// Cloudflare join them), and counts the requests per path so that a
// test can tell what reached the network.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = {
	'.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
	'.json': 'application/json', '.webmanifest': 'application/manifest+json',
	'.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
	'.webp': 'image/webp', '.avif': 'image/avif', '.svg': 'image/svg+xml',
	'.ico': 'image/x-icon', '.woff2': 'font/woff2', '.wasm': 'application/wasm',
	'.txt': 'text/plain; charset=utf-8',
};

// The headers distill's ROOT/headers.json gives a path ({} without one).
export async function ruleHeaders(root, path) {
	let rules;
	try {
		rules = JSON.parse(await readFile(join(root, 'headers.json'), 'utf8'));
	} catch {
		return {};
	}
	const out = {};
	for (const rule of rules)
		if (new RegExp(rule.regex).test(path))
			for (const [name, value] of Object.entries(rule.headers))
				out[name] = name === 'Link' && out[name] ? `${out[name]}, ${value}` : value;
	return out;
}

// serve(root) resolves to {origin, hits, close()}. hits maps a pathname to
// how many GET requests it received. options.cors adds
// Access-Control-Allow-Origin: * (a cross-origin font host); options.rules
// false ignores headers.json.
export async function serve(root, options = {}) {
	const hits = new Map();
	const server = createServer(async (req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		let path = decodeURIComponent(url.pathname);
		hits.set(path, (hits.get(path) || 0) + 1);
		if (path.endsWith('/'))
			path += 'index.html';
		const file = normalize(join(root, path));
		const headers = { 'Cache-Control': 'no-cache',
			...(options.rules === false ? {} : await ruleHeaders(root, url.pathname)) };
		if (options.cors)
			headers['Access-Control-Allow-Origin'] = '*';
		try {
			if (!file.startsWith(normalize(root)) || !(await stat(file)).isFile())
				throw new Error('not a file');
			const body = await readFile(file);
			headers['Content-Type'] = TYPES[extname(file)] || 'application/octet-stream';
			res.writeHead(200, headers);
			res.end(req.method === 'HEAD' ? undefined : body);
		} catch {
			headers['Content-Type'] = 'text/html; charset=utf-8';
			res.writeHead(404, headers);
			res.end('<!doctype html><title>404</title><h1 id="not-found">Not found</h1>');
		}
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	return {
		origin: `http://127.0.0.1:${server.address().port}`,
		hits,
		close: () => new Promise((resolve) => {
			server.closeAllConnections();
			server.close(resolve);
		}),
	};
}
