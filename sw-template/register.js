/*
 * Registers the service worker distill wrote, and lets the page take a new
 * version when it wants to (distill: sw.register). Loaded by every page as
 * an external script, so that the default Content-Security-Policy needs no
 * 'unsafe-inline'.
 *
 * window.distillServiceWorker:
 *   ready       a promise of the registration (null where there is none)
 *   update()    look for a new worker now (browsers also look on each
 *               navigation; this script looks when the page is shown again)
 *   activate()  let the waiting worker take over, then reload the page on
 *               it; false when none is waiting
 * window event "distill:sw-update" (detail: {activate}): a new worker is
 * installed and waiting while this page runs on the old one.
 */
(() => {
	const sw = navigator.serviceWorker;
	const WORKER = "__DISTILL_WORKER__";
	let registration = null, asked = false, reloading = false;

	const api = window.distillServiceWorker = {
		ready: Promise.resolve(null),
		update: () => (registration ? registration.update() : Promise.resolve()),
		activate: () => {
			const waiting = registration && registration.waiting;
			if (!waiting)
				return false;
			asked = true;
			waiting.postMessage({ type: 'SKIP_WAITING' });
			return true;
		},
	};
	if (!sw)
		return;

	/* Only a page already run by a worker has an update to take. */
	const announce = () => {
		if (registration.waiting && sw.controller)
			window.dispatchEvent(new CustomEvent('distill:sw-update',
				{ detail: { activate: api.activate } }));
	};
	const watch = (reg) => {
		registration = reg;
		reg.addEventListener('updatefound', () => {
			const worker = reg.installing;
			if (worker)
				worker.addEventListener('statechange', () => {
					if (worker.state === 'installed')
						announce();
				});
		});
		announce();
		return reg;
	};
	sw.addEventListener('controllerchange', () => {
		if (asked && !reloading) {
			reloading = true;
			location.reload();
		}
	});
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'visible')
			api.update().catch(() => {});
	});
	/* A worker of the site's own already runs here: registering another
	 * for the same scope would replace it. */
	const theirs = (reg) => {
		const w = reg && (reg.active || reg.waiting || reg.installing);
		return w && new URL(w.scriptURL).pathname !== WORKER;
	};
	/* After the page's own loads, which the worker's install would slow;
	 * ready resolves whatever happens, to null when nothing registered. */
	api.ready = new Promise((resolve) => {
		const start = () => sw.getRegistration('/')
			.then((reg) => (theirs(reg) ? null : sw.register(WORKER).then(watch)))
			.catch((err) => {
				console.warn(`service worker ${WORKER} not registered:`, err);
				return null;
			})
			.then(resolve);
		if (document.readyState === 'complete')
			start();
		else
			window.addEventListener('load', start, { once: true });
	});
})();
