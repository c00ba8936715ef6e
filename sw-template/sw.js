/* SPDX-License-Identifier: MIT */
/*
 * The service worker that distill writes as sw.js. Plain JavaScript, no
 * library. The sw pass replaces the single placeholder on the DISTILL line
 * below with an expression giving one object: the precache list (imported
 * from its chunks), a cache version derived from its hash, and the runtime
 * settings of the "sw" config section. distill's sw-template/README.md
 * describes that object and every strategy.
 */
'use strict';

const DISTILL = self.__DISTILL_SW__;

const { version, precache, config } = DISTILL;
const PREFIX = config.cachePrefix;
const PRECACHE = `${PREFIX}-precache-${version}`;
const RUNTIME = Object.fromEntries(
	['static', 'api', 'fonts', 'data'].map((name) => [name, `${PREFIX}-${name}`]));
/* Precached responses carry their revision, so that the next version can
 * take unchanged entries from the old cache instead of the network. */
const REVISION_HEADER = 'X-Distill-Revision';

/* Pathname -> entry. Normalised through URL so that it compares equal to the
 * pathname of a request. */
const precacheByPath = new Map(
	precache.map((e) => [new URL(e.url, self.location.origin).pathname, e]));

/* ---- install: fill the versioned precache ------------------------------ */

self.addEventListener('install', (event) => {
	event.waitUntil((async () => {
		const cache = await caches.open(PRECACHE);
		const names = await caches.keys();
		/* This version's own cache first: a retried install resumes. */
		const sources = [PRECACHE, ...names.filter((n) =>
			n !== PRECACHE && n.startsWith(`${PREFIX}-precache-`))];
		const queue = precache.slice();
		const worker = async () => {
			for (let e = queue.shift(); e; e = queue.shift())
				await precacheOne(cache, sources, e);
		};
		await Promise.all(Array.from({ length: 6 }, worker));
		if (config.skipWaiting)
			await self.skipWaiting();
	})());
});

async function precacheOne(cache, sources, entry) {
	const revision = entry.revision === null ? '' : entry.revision;

	for (const name of sources) {
		const old = await (await caches.open(name)).match(entry.url);
		if (old && old.headers.get(REVISION_HEADER) === revision) {
			if (name !== PRECACHE)
				await cache.put(entry.url, old);
			return;
		}
	}
	/* A fingerprinted URL names its bytes, so the HTTP cache may answer;
	 * anything else must come from the server. */
	const response = await fetch(entry.url, {
		cache: entry.revision === null ? 'default' : 'reload',
		credentials: 'same-origin',
	});
	if (response.status !== 200)
		throw new Error(`precache: ${entry.url}: HTTP ${response.status}`);
	await cache.put(entry.url, await withHeaders(response, { [REVISION_HEADER]: revision }));
}

/* A copy of response with extra headers. It is also no longer marked as
 * redirected, which a navigation would refuse. */
async function withHeaders(response, extra) {
	const headers = new Headers(response.headers);
	for (const [k, v] of Object.entries(extra))
		headers.set(k, v);
	return new Response(await response.blob(), {
		status: response.status, statusText: response.statusText, headers,
	});
}

/* ---- activate: drop old caches, set up navigation preload ------------- */

self.addEventListener('activate', (event) => {
	event.waitUntil((async () => {
		const keep = new Set([PRECACHE, ...Object.values(RUNTIME)]);
		for (const name of await caches.keys()) {
			if (name.startsWith(`${PREFIX}-`) && !keep.has(name)) {
				await caches.delete(name);
				await forgetCache(name).catch(() => {});
			}
		}
		const preload = self.registration.navigationPreload;
		if (preload)
			await (config.navigationPreload ? preload.enable() : preload.disable());
		if (config.clientsClaim)
			await self.clients.claim();
	})());
});

/* A page may let a waiting version take over: postMessage({type: 'SKIP_WAITING'}). */
self.addEventListener('message', (event) => {
	if (event.data && event.data.type === 'SKIP_WAITING')
		self.skipWaiting();
});

/* ---- fetch: pick a strategy -------------------------------------------- */

self.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET')
		return;
	const url = new URL(request.url);
	const entry = precacheLookup(url);
	if (entry) {
		event.respondWith(fromPrecache(event, entry));
		return;
	}
	if (request.mode === 'navigate') {
		event.respondWith(navigate(event));
		return;
	}
	const route = runtimeRoute(url);
	if (route)
		event.respondWith(route(event));
});

/* The precache entry a same-origin URL names, trying what a static host
 * serves for it too: "/a/" for "/a/index.html", "/a.html" and "/a/" for
 * "/a". Tracking parameters do not make a different page. */
function precacheLookup(url) {
	if (url.origin !== self.location.origin)
		return null;
	for (const key of url.searchParams.keys())
		if (!/^utm_|^fbclid$/.test(key))
			return null;
	const path = url.pathname;
	const candidates = [path];
	if (path.endsWith('/index.html'))
		candidates.push(path.slice(0, -'index.html'.length));
	else if (!path.endsWith('/') && !/\.[^/]*$/.test(path))
		candidates.push(`${path}.html`, `${path}/`);
	for (const c of candidates) {
		const e = precacheByPath.get(c);
		if (e)
			return e;
	}
	return null;
}

/* CacheFirst from the precache. A missing entry (the browser evicted it) is
 * fetched and put back. */
async function fromPrecache(event, entry) {
	if (event.preloadResponse)
		event.waitUntil(event.preloadResponse.catch(() => {}));
	const cache = await caches.open(PRECACHE);
	const hit = await cache.match(entry.url);
	if (hit)
		return hit;
	try {
		const response = await fetch(event.request);
		if (response.status === 200) {
			const revision = entry.revision === null ? '' : entry.revision;
			event.waitUntil(withHeaders(response.clone(), { [REVISION_HEADER]: revision })
				.then((r) => cache.put(entry.url, r)));
		}
		return response;
	} catch (err) {
		if (event.request.mode === 'navigate')
			return offlinePage();
		throw err;
	}
}

/* Pages that are not precached: the network (through navigation preload
 * when the browser started it), else the offline page. */
async function navigate(event) {
	try {
		const preloaded = await event.preloadResponse;
		if (preloaded)
			return preloaded;
		return await fetch(event.request);
	} catch (err) {
		return offlinePage();
	}
}

async function offlinePage() {
	const page = config.offlinePage &&
		await caches.match(config.offlinePage, { cacheName: PRECACHE });
	return page || Response.error();
}

/* The runtime strategy for a URL that is not precached, or null to leave
 * the request to the browser. */
function runtimeRoute(url) {
	const local = url.origin === self.location.origin;
	const api = config.api;
	if (api && (/^https?:/.test(api.prefix) ? url.href.startsWith(api.prefix)
		: local && url.pathname.startsWith(api.prefix)))
		return (event) => networkFirst(event, RUNTIME.api, api);
	if (config.fonts && config.fonts.origins.includes(url.origin))
		return (event) => staleWhileRevalidate(event, RUNTIME.fonts, config.fonts);
	const ext = /\.([^./]+)$/.exec(url.pathname);
	if (config.static && local && ext &&
	    config.static.extensions.includes(ext[1].toLowerCase()))
		return (event) => cacheFirst(event, RUNTIME.static, config.static);
	/* Anything else of this site a page fetches at run time (its JSON, a
	 * search index): the network, else the last answer, so that an app
	 * that loads its data at start works offline after one visit. */
	if (config.data && local)
		return (event) => networkFirst(event, RUNTIME.data, config.data);
	return null;
}

async function cacheFirst(event, name, opts) {
	const hit = await freshMatch(name, event.request, opts);
	if (hit)
		return hit;
	const response = await fetch(event.request);
	if (cacheable(response, false))
		event.waitUntil(store(name, opts, event.request, response.clone()));
	return response;
}

async function networkFirst(event, name, opts) {
	const network = fetch(event.request).then((response) => {
		if (cacheable(response, false))
			event.waitUntil(store(name, opts, event.request, response.clone()));
		return response;
	});
	network.catch(() => {}); /* awaited below only when it is needed */
	const timeout = opts.networkTimeoutSeconds > 0 ? new Promise((resolve) =>
		setTimeout(resolve, opts.networkTimeoutSeconds * 1000)) : null;
	try {
		const first = await (timeout ? Promise.race([network, timeout]) : network);
		if (first)
			return first;
		/* Timed out: the cache if it has the answer, else keep waiting. */
		return await freshMatch(name, event.request, opts) || await network;
	} catch (err) {
		const hit = await freshMatch(name, event.request, opts);
		if (hit)
			return hit;
		throw err;
	}
}

async function staleWhileRevalidate(event, name, opts) {
	const network = fetch(event.request).then((response) => {
		if (cacheable(response, true))
			return store(name, opts, event.request, response.clone()).then(() => response);
		return response;
	});
	const hit = await freshMatch(name, event.request, opts);
	if (hit) {
		event.waitUntil(network.catch(() => {}));
		return hit;
	}
	return network;
}

/* Fonts are requested without CORS by stylesheets, and their opaque
 * responses are worth keeping; elsewhere only whole successful answers. */
function cacheable(response, opaqueOk) {
	return response.status === 200 || (opaqueOk && response.type === 'opaque');
}

/* ---- expiry ------------------------------------------------------------
 * Each runtime cache entry has a timestamp in IndexedDB (the Cache API keeps
 * none, and opaque responses cannot carry a header). An entry older than
 * maxAgeSeconds is never served and is deleted; after every store the
 * oldest entries beyond maxEntries are deleted, and so is any entry whose
 * timestamp was lost, since its age is unknown. Changes to one cache run one
 * at a time so that the sweep never sees an entry between its two halves.
 */

const DB_NAME = `${PREFIX}-expiration`;
const STORE = 'entries';
let dbPromise = null;
const locks = new Map();

function openDb() {
	if (!dbPromise) {
		dbPromise = new Promise((resolve, reject) => {
			const req = indexedDB.open(DB_NAME, 1);
			req.onupgradeneeded = () => {
				const s = req.result.createObjectStore(STORE, { keyPath: ['cache', 'url'] });
				s.createIndex('cache', 'cache');
			};
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		dbPromise.catch(() => { dbPromise = null; });
	}
	return dbPromise;
}

/* Run fn(store) in one transaction; resolves with the last request's result
 * once the transaction has committed. */
async function dbDo(mode, fn) {
	const db = await openDb();
	return new Promise((resolve, reject) => {
		const tx = db.transaction(STORE, mode);
		const req = fn(tx.objectStore(STORE));
		tx.oncomplete = () => resolve(req ? req.result : undefined);
		tx.onerror = tx.onabort = () => reject(tx.error);
	});
}

function serialize(name, fn) {
	const run = (locks.get(name) || Promise.resolve()).then(fn, fn);
	locks.set(name, run.catch(() => {}));
	return run;
}

async function freshMatch(name, request, opts) {
	const cache = await caches.open(name);
	const hit = await cache.match(request);
	if (!hit || !(opts.maxAgeSeconds > 0))
		return hit || null;
	let rec;
	try {
		rec = await dbDo('readonly', (s) => s.get([name, request.url]));
	} catch (err) {
		return hit; /* no IndexedDB: expiry cannot work, the cache still can */
	}
	if (rec && Date.now() - rec.time < opts.maxAgeSeconds * 1000)
		return hit;
	/* Expired: not served, whether or not deleting it works. */
	await serialize(name, () => forget(cache, name, request.url)).catch(() => {});
	return null;
}

function store(name, opts, request, response) {
	return serialize(name, async () => {
		const cache = await caches.open(name);
		try {
			await dbDo('readwrite', (s) => s.put({ cache: name, url: request.url, time: Date.now() }));
		} catch (err) {
			await cache.put(request, response);
			return;
		}
		await cache.put(request, response);
		await expire(cache, name, opts);
	});
}

async function expire(cache, name, opts) {
	const recs = await dbDo('readonly', (s) => s.index('cache').getAll(name));
	recs.sort((a, b) => b.time - a.time);
	const cutoff = Date.now() - opts.maxAgeSeconds * 1000;
	const known = new Set(recs.map((r) => r.url));
	for (const [i, r] of recs.entries()) {
		if ((opts.maxEntries > 0 && i >= opts.maxEntries) ||
		    (opts.maxAgeSeconds > 0 && r.time <= cutoff))
			await forget(cache, name, r.url);
	}
	for (const req of await cache.keys())
		if (!known.has(req.url))
			await cache.delete(req);
}

async function forget(cache, name, url) {
	await cache.delete(url);
	await dbDo('readwrite', (s) => s.delete([name, url]));
}

/* Drop the timestamps of a deleted cache. */
async function forgetCache(name) {
	const keys = await dbDo('readonly', (s) => s.index('cache').getAllKeys(name));
	if (keys.length)
		await dbDo('readwrite', (s) => { keys.forEach((k) => s.delete(k)); return null; });
}
