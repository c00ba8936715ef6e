/* SPDX-License-Identifier: MIT */
/*
 * The script that registers the service worker, added to each page (the
 * sw pass writes it: sw_register.c says which sites get it), so that the
 * worker distill writes is used without a line of the site's own. A page
 * that names navigator.serviceWorker registers a worker itself, or
 * decides against one, and a file without a <head> tag may be no page at
 * all (a site-verification file, a fragment): both are left alone. The tag is external and
 * deferred: the default Content-Security-Policy needs no 'unsafe-inline',
 * and it waits for the page.
 */
#include <string.h>

#include "../src/lib/util.h"
#include "rewrite_int.h"

void rewrite_register(struct rewrite *rw, size_t head_at)
{
	static const char marker[] = "serviceWorker";

	if (!rw->opt.sw_register || !head_at ||
	    memmem(rw->data, rw->len, marker, sizeof(marker) - 1))
		return;
	rewrite_edit(rw, head_at, head_at,
		     xasprintf("<script src=\"/%s\" defer></script>", rw->opt.sw_register));
	rw->nedits++;
}
