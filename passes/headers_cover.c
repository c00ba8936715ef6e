/* SPDX-License-Identifier: MIT */
/*
 * The Cache-Control rules that cover the output tree. Hosts apply every
 * rule whose pattern matches a path and join the values of a header set
 * twice, so each file must match one Cache-Control rule at most, and one
 * of its own class. Folders of one class get a splat, files directly in a
 * folder of unhashed files ":file", a file and its sidecars a prefix, the
 * rest exact paths (headers.c's comment gives the whole picture).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/buf.h"
#include "../src/lib/url.h"
#include "../src/lib/util.h"
#include "headers_int.h"

/* Whether f is of class fp and left to distill's Cache-Control rules. */
static bool is_class(const struct hfile *f, bool fp)
{
	return !f->user && f->fp == fp;
}

/* Append path to b as a request path would carry it: what a browser
 * percent-encodes in a path, plus '%' itself, and the characters _headers
 * patterns give a meaning ('*' anywhere, ':' opening a segment). */
static void add_url_path(struct buf *b, const char *path)
{
	while (*path) {
		size_t n = strcspn(path, "/");

		/* ':' opens a placeholder only at a segment's start. */
		if (*path == ':') {
			buf_adds(b, "%3A");
			path++;
			n--;
		}
		url_path_encode(b, path, n, "*");
		path += n;
		if (*path == '/')
			buf_addc(b, *path++);
	}
}

static void add_regex_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\^$.|?*+()[]{}", *s))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

/* What a rule matches below its folder. */
enum shape {
	SHAPE_ALL,    /* "/dir/" then "*": everything below */
	SHAPE_FILES,  /* "/dir/:file": any name directly in it */
	SHAPE_INDEX,  /* "/dir/": its index page */
	SHAPE_EXACT,  /* "/dir/name" */
	SHAPE_PREFIX  /* "/dir/name" then "*": a file and its .br and .zst */
};

/* Add a rule for dir (no trailing '/', "" for the root) and name. */
static void rules_add(struct rules *r, enum cache cache, const char *dir,
		      enum shape shape, const char *name)
{
	struct buf src = BUF_INIT, re = BUF_INIT;
	struct rule *rule;

	buf_addc(&src, '/');
	if (*dir) {
		add_url_path(&src, dir);
		buf_addc(&src, '/');
	}
	if (shape == SHAPE_EXACT || shape == SHAPE_PREFIX)
		add_url_path(&src, name);
	buf_addc(&re, '^');
	add_regex_escaped(&re, src.data);
	if (shape == SHAPE_ALL || shape == SHAPE_PREFIX) {
		buf_addc(&src, '*');
		buf_adds(&re, ".*");
	} else if (shape == SHAPE_FILES) {
		buf_adds(&src, ":file");
		buf_adds(&re, "[^/]+");
	}
	buf_addc(&re, '$');
	r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof(*r->v));
	rule = &r->v[r->n++];
	rule->source = buf_detach(&src);
	rule->regex = buf_detach(&re);
	rule->cache = cache;
	rule->exact = shape == SHAPE_EXACT || shape == SHAPE_PREFIX;
	rule->link = NULL;
}

/* Could a splat rule after prefix match a path not of this class (of the
 * other one, or one the site's own _headers covers)?
 * Netlify reads "/dir/" then "*" as "/dir", then anything, and matches
 * case-insensitively, so "/assets-old.js" counts for "assets". In a name
 * with a "*" appended it leaves the name unescaped, so there a '.' (from
 * offset dots on) matches any character. */
static bool splat_conflicts(const struct hfile *f, size_t n,
			    const char *prefix, size_t dots, bool fp)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = f[i].path;
		size_t k;

		if (is_class(&f[i], fp))
			continue;
		for (k = 0; prefix[k] && p[k]; k++)
			if (!(k >= dots && prefix[k] == '.') &&
			    tolower((unsigned char)p[k]) != tolower((unsigned char)prefix[k]))
				break;
		if (!prefix[k])
			return true;
	}
	return false;
}

/* Whether a "*" can follow name in a Netlify pattern: the name then goes
 * into a regular expression as it is, so only '.' may be special in it. */
static bool prefix_safe(const char *name)
{
	return name[strspn(name, "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-")] == '\0';
}

/*
 * Rules giving the Cache-Control of class fp to every file of that class in
 * f[lo..hi), the files below dir ("" for the root), and to no other file.
 * all/nall is the whole tree, for the conflict check.
 */
static void cover(struct rules *r, const struct hfile *all, size_t nall,
		  size_t lo, size_t hi, const char *dir, bool fp)
{
	enum cache cache = fp ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
	size_t plen = *dir ? strlen(dir) + 1 : 0, mine = 0, direct = 0,
	       direct_mine = 0;
	bool index = false, sub_index = false;

	for (size_t i = lo; i < hi; i++) {
		const char *name = all[i].path + plen, *slash = strchr(name, '/');
		bool in_dir = !slash;

		mine += is_class(&all[i], fp);
		direct += in_dir;
		direct_mine += in_dir && is_class(&all[i], fp);
		index |= in_dir && strcmp(name, "index.html") == 0;
		sub_index |= slash && strcmp(slash + 1, "index.html") == 0;
	}
	if (mine == 0)
		return;
	/* The root always holds pages, sw.js and headers.json. */
	if (*dir && mine == hi - lo &&
	    !splat_conflicts(all, nall, dir, strlen(dir), fp)) {
		rules_add(r, cache, dir, SHAPE_ALL, NULL);
		return;
	}
	/* One rule for the lot; it also covers "/about" for about.html on
	 * hosts with pretty URLs. But it matches "/dir/sub/" as well, which
	 * is a page when sub has an index.html, and sub's own rules would
	 * match it a second time. */
	if (!fp && direct > 0 && direct_mine == direct && !sub_index) {
		rules_add(r, cache, dir, SHAPE_FILES, NULL);
		if (index)
			rules_add(r, cache, dir, SHAPE_INDEX, NULL);
	} else {
		for (size_t i = lo; i < hi; i++) {
			const char *name = all[i].path + plen;
			size_t j = i + 1, len = strlen(all[i].path);

			if (strchr(name, '/') || !is_class(&all[i], fp))
				continue;
			/* A file's sidecars sort right after it: one rule for
			 * the three when nothing else shares the prefix. */
			while (j < hi && strncmp(all[j].path, all[i].path, len) == 0 &&
			       is_class(&all[j], fp))
				j++;
			if (j > i + 1 && prefix_safe(name) &&
			    !splat_conflicts(all, nall, all[i].path, plen, fp)) {
				rules_add(r, cache, dir, SHAPE_PREFIX, name);
				i = j - 1;
			} else {
				rules_add(r, cache, dir, SHAPE_EXACT, name);
			}
			if (!fp && strcmp(name, "index.html") == 0)
				rules_add(r, cache, dir, SHAPE_INDEX, NULL);
		}
	}
	/* Each subfolder is a run of the sorted paths sharing "dir/sub/". */
	for (size_t i = lo; i < hi;) {
		const char *name = all[i].path + plen, *slash = strchr(name, '/');
		size_t j, sublen;
		char *sub;

		if (!slash) {
			i++;
			continue;
		}
		sublen = (size_t)(slash - all[i].path);
		for (j = i + 1; j < hi && strncmp(all[j].path, all[i].path, sublen + 1) == 0; j++)
			;
		sub = xstrndup(all[i].path, sublen);
		cover(r, all, nall, i, j, sub, fp);
		free(sub);
		i = j;
	}
}

void headers_cover(struct rules *r, const struct hfile *files, size_t n, bool fp)
{
	cover(r, files, n, 0, n, "", fp);
}

size_t headers_rules_limit(struct rules *r, size_t max, size_t nfixed,
			   size_t *dropped)
{
	size_t total = nfixed + r->n, lost_fp = 0, j = 0;
	bool *drop = xcalloc(r->n ? r->n : 1, sizeof(*drop));

	for (int round = 0; round < 4 && total > max; round++) {
		for (size_t i = r->n; i-- > 0 && total > max;) {
			const struct rule *x = &r->v[i];
			bool fp = x->cache == CACHE_IMMUTABLE;
			bool pick = round == 0 ? !fp && x->exact :
				    round == 1 ? fp && x->exact :
				    round == 2 ? fp : true;

			if (drop[i] || !pick)
				continue;
			drop[i] = true;
			total--;
			lost_fp += fp;
		}
	}
	*dropped = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (drop[i]) {
			free(r->v[i].source);
			free(r->v[i].regex);
			free(r->v[i].link);
			++*dropped;
		} else {
			r->v[j++] = r->v[i];
		}
	}
	r->n = j;
	free(drop);
	return lost_fp;
}

size_t headers_rules_keep(struct rules *r, size_t n)
{
	size_t lost = 0;

	for (; r->n > n; lost++) {
		r->n--;
		free(r->v[r->n].source);
		free(r->v[r->n].regex);
		free(r->v[r->n].link);
	}
	return lost;
}

void headers_page_rules(struct rules *r, const char *page, const char *link)
{
	const char *name = page ? path_base(page) : NULL;
	char *dir = page ? xstrndup(page, (size_t)(name - page) - (name > page)) : NULL;
	size_t n = name ? strlen(name) : 0;

	if (!page) {
		rules_add(r, CACHE_REVALIDATE, "", SHAPE_ALL, NULL);
		r->v[r->n - 1].link = xstrdup(link);
	} else if (strcmp(name, "index.html") == 0) {
		rules_add(r, CACHE_REVALIDATE, dir, SHAPE_INDEX, NULL);
		r->v[r->n - 1].link = xstrdup(link);
	} else {
		char *bare = n > 5 && strcmp(name + n - 5, ".html") == 0 ? xstrndup(name, n - 5) : NULL;

		rules_add(r, CACHE_REVALIDATE, dir, SHAPE_EXACT, name);
		r->v[r->n - 1].link = xstrdup(link);
		if (bare) {
			rules_add(r, CACHE_REVALIDATE, dir, SHAPE_EXACT, bare);
			r->v[r->n - 1].link = xstrdup(link);
		}
		free(bare);
	}
	free(dir);
}

void headers_rules_release(struct rules *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].source);
		free(r->v[i].regex);
		free(r->v[i].link);
	}
	free(r->v);
	*r = (struct rules){ 0 };
}
