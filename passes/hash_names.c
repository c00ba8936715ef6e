/* SPDX-License-Identifier: MIT */
/*
 * Which referenced files a script may load by name (hash.c): one whose
 * base name occurs in some script or JSON file (a web manifest's icons),
 * in a page's inline script (a framework's page data: VitePress'
 * __VP_SITE_DATA__, a theme's logo), or in HTML or CSS too large to parse
 * for its references, keeps its URL.
 *
 * Each file is searched for every candidate's name, and what it holds is
 * kept in <cache>/names.memo under a key of its bytes and of the
 * candidates' names: a file that did not change is not read again. The
 * search stops once every candidate is marked.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/lib/blob_memo.h"
#include "../src/lib/cache_layout.h"
#include "../src/lib/html.h"
#include "../src/lib/refs.h"
#include "../src/lib/util.h"
#include "../src/site.h"
#include "hash_int.h"

#define NAMES_MEMO_MAGIC "distill-names-memo"

/* Files are searched a block at a time, each block with the end of the
 * one before, so a script of any size takes one block of memory. */
#define NAMES_BLOCK ((size_t)1 << 20)

struct search {
	struct site *site;
	size_t *candidates; /* the referenced assets, by index */
	size_t n, unmarked;
	bool *found;        /* per candidate: in the file being searched */
	char *block;        /* NAMES_BLOCK + keep bytes */
	size_t keep;        /* one less than the longest name */
	struct hash128 names; /* of the candidates' base names, in order */
	struct blob_memo last;
	struct blob_memo_next next;
	struct buf list;    /* the file's finds: a position per line */
	size_t searched, remembered;
};

static void search_text(struct search *s, const char *text, size_t len)
{
	for (size_t c = 0; c < s->n; c++) {
		const char *base = path_base(s->site->assets[s->candidates[c]].path);

		if (!s->found[c] && memmem(text, len, base, strlen(base)))
			s->found[c] = true;
	}
}

/* Search the file at path. Returns false when it cannot be read to its
 * end (scan read it a moment ago; the copy will say). */
static bool search_file(struct search *s, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t have = 0;
	ssize_t r;

	if (fd < 0)
		return false;
	while ((r = read(fd, s->block + have, NAMES_BLOCK)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		have += (size_t)r;
		search_text(s, s->block, have);
		if (have > s->keep) {
			memmove(s->block, s->block + have - s->keep, s->keep);
			have = s->keep;
		}
	}
	close(fd);
	return r == 0;
}

static void search_inline_script(void *ctx, const char *text, size_t len)
{
	search_text(ctx, text, len);
}

/* Search the inline scripts of the page at path. Returns false when it
 * cannot be read or is too large to parse. */
static bool search_page(struct search *s, const char *path)
{
	size_t len;
	char *text = read_file_max(path, REFS_MAX_SIZE, &len);

	if (!text)
		return false;
	html_inline_scripts(text, len, search_inline_script, s);
	free(text);
	return true;
}

/* Mark the candidates at the positions in list ("N\n" each). */
static void mark_found(struct search *s, const char *list, size_t len)
{
	for (const char *p = list; p < list + len;) {
		char *end;
		unsigned long c = strtoul(p, &end, 10);
		struct asset *a;

		if (end == p || *end != '\n')
			break;
		p = end + 1;
		if (c >= s->n)
			continue;
		a = &s->site->assets[s->candidates[c]];
		if (!(a->flags & ASSET_NAMED_IN_JS)) {
			a->flags |= ASSET_NAMED_IN_JS;
			s->unmarked--;
		}
	}
}

/* What the asset holds, from the memo or searched (a page's inline
 * scripts, else the whole file), marked and kept for the next run. */
static void search_asset(struct search *s, const struct asset *a, bool page)
{
	struct digest_key k;
	struct hash128 key;
	const struct blob_memo_entry *e;

	digest_key_init(&k);
	digest_key_str(&k, page ? "inline scripts" : "file");
	digest_key_hash(&k, s->names);
	digest_key_hash(&k, a->hash);
	key = digest_key_final(&k);
	bool whole = true;

	buf_reset(&s->list);
	if ((e = blob_memo_find(&s->last, key))) {
		buf_add(&s->list, e->data, e->len);
		s->remembered++;
	} else {
		s->searched++;
		memset(s->found, 0, s->n * sizeof(*s->found));
		/* What a file that could not be read whole holds so far still
		 * counts, but is not kept. */
		whole = page ? search_page(s, a->source) : search_file(s, a->source);
		for (size_t c = 0; c < s->n; c++)
			if (s->found[c])
				buf_addf(&s->list, "%zu\n", c);
	}
	mark_found(s, s->list.data, s->list.len);
	if (whole)
		blob_memo_add(&s->next, key, s->list.data ? s->list.data : "", s->list.len);
}

static struct hash128 memo_settings(void)
{
	return blob_memo_settings(NAMES_MEMO_MAGIC " 1");
}

void mark_named_in_js(struct site *site)
{
	struct search s = { .site = site };
	struct digest_key names;
	size_t longest = 1;
	char *memo = cache_path(site->cache, CACHE_NAMES_MEMO);

	s.candidates = xcalloc(site->nassets + 1, sizeof(*s.candidates));
	digest_key_init(&names);
	for (size_t i = 0; i < site->nassets; i++) {
		if (site->assets[i].flags & ASSET_REFERENCED) {
			const char *base = path_base(site->assets[i].path);

			s.candidates[s.n++] = i;
			digest_key_str(&names, base);
			longest = strlen(base) > longest ? strlen(base) : longest;
		}
	}
	s.names = digest_key_final(&names);
	s.unmarked = s.n;
	s.found = xcalloc(s.n + 1, sizeof(*s.found));
	s.keep = longest - 1;
	s.block = xmalloc(NAMES_BLOCK + s.keep);
	blob_memo_load(&s.last, memo, NAMES_MEMO_MAGIC, memo_settings());
	for (size_t j = 0; s.unmarked > 0 && j < site->nassets; j++) {
		const struct asset *in = &site->assets[j];

		if (in->kind == KIND_JS || in->kind == KIND_JSON || in->error)
			search_asset(&s, in, false);
	}
	for (size_t j = 0; s.unmarked > 0 && j < site->nassets; j++) {
		const struct asset *page = &site->assets[j];

		if (page->kind == KIND_HTML && !page->error)
			search_asset(&s, page, true);
	}
	info(3, "hash: %zu names looked for in %zu files, %zu from the memo", s.n,
	     s.searched + s.remembered, s.remembered);
	if (s.n > 0 && blob_memo_write(&s.next, memo, NAMES_MEMO_MAGIC, memo_settings()) < 0)
		info(1, "cannot write '%s': %s", memo, strerror(errno));
	blob_memo_release(&s.last);
	blob_memo_next_release(&s.next);
	buf_release(&s.list);
	free(s.block);
	free(s.found);
	free(s.candidates);
	free(memo);
}
