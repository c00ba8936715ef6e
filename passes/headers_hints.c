/* SPDX-License-Identifier: MIT */
/*
 * Early hints as rules: a Link header on each page's URL with the values
 * its rewrite found (the manifest entry's "early_hints": its stylesheets,
 * scripts and LCP image). Cloudflare Pages sends preload and modulepreload
 * values as 103 Early Hints, before the page; every host sends them with
 * the page, which Chromium acts on before it parses the HTML.
 *
 * The values every page has go on one rule for every path. Hosts join the
 * values of a header two rules set (Netlify, Cloudflare) or let the later
 * rule win (Vercel), so a page with more gets its whole list on rules of
 * its own, and either way receives exactly its values (a value twice is
 * one fetch). A value longer than LINK_MAX loses its last hints. The
 * caller keeps as many rules as the host allows, from the first: pages
 * come by importance, the home page first, then by depth and path.
 */
#include <stdlib.h>
#include <string.h>

#include "../manifest/manifest.h"
#include "../src/lib/buf.h"
#include "../src/lib/util.h"
#include "headers_int.h"

/* Cloudflare Pages takes a header of at most 2,000 characters in
 * _headers. */
#define LINK_MAX 2000

static bool is_page(const struct manifest_entry *e)
{
	return strcmp(e->kind, "html") == 0 && !e->error;
}

static bool has_hint(const struct manifest_entry *e, const char *hint)
{
	for (size_t i = 0; i < e->nearly_hints; i++)
		if (strcmp(e->early_hints[i], hint) == 0)
			return true;
	return false;
}

/* The values of list (n) that keep is true for, joined, within LINK_MAX;
 * NULL when none fits. */
static char *link_value(const char **list, size_t n, const bool *keep)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (keep && !keep[i])
			continue;
		if (b.len + 2 + strlen(list[i]) > LINK_MAX)
			break;
		buf_addf(&b, "%s%s", b.len ? ", " : "", list[i]);
	}
	if (!b.len)
		return NULL;
	return buf_detach(&b);
}

static size_t depth(const char *path)
{
	size_t n = 0;

	for (; *path; path++)
		n += *path == '/';
	return n;
}

/* The home page, then shallower pages, then by path. */
static int page_order(const void *a, const void *b)
{
	const struct manifest_entry *x = *(const struct manifest_entry *const *)a;
	const struct manifest_entry *y = *(const struct manifest_entry *const *)b;
	bool hx = strcmp(x->output, "index.html") == 0, hy = strcmp(y->output, "index.html") == 0;
	size_t dx = depth(x->output), dy = depth(y->output);

	if (hx != hy)
		return hx ? -1 : 1;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(x->output, y->output);
}

void headers_hints(struct rules *r, const struct manifest *m)
{
	const struct manifest_entry **pages = xcalloc(m->nentries + 1, sizeof(*pages));
	const struct manifest_entry *first = NULL;
	bool *common = NULL;
	size_t npages = 0, ncommon = 0;
	char *all;

	for (size_t i = 0; i < m->nentries; i++)
		if (is_page(&m->entries[i]))
			pages[npages++] = &m->entries[i];
	if (npages)
		first = pages[0];
	/* The values of the first page that every page has. */
	if (first) {
		common = xcalloc(first->nearly_hints + 1, sizeof(*common));
		for (size_t h = 0; h < first->nearly_hints; h++) {
			common[h] = true;
			for (size_t p = 1; p < npages && common[h]; p++)
				common[h] = has_hint(pages[p], first->early_hints[h]);
			ncommon += common[h];
		}
	}
	all = ncommon ? link_value(first->early_hints, first->nearly_hints, common) : NULL;
	if (all)
		headers_page_rules(r, NULL, all);
	sort_array(pages, npages, sizeof(*pages), page_order);
	for (size_t p = 0; p < npages; p++) {
		char *link;

		if (pages[p]->nearly_hints == ncommon)
			continue;
		link = link_value(pages[p]->early_hints, pages[p]->nearly_hints, NULL);
		if (link && (!all || strcmp(link, all) != 0))
			headers_page_rules(r, pages[p]->output, link);
		free(link);
	}
	free(all);
	free(common);
	free(pages);
}
