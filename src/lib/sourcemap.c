/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sourcemap.h"
#include "util.h"

static int base64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode one base64 VLQ at *p; returns 0 or -1 on a bad or endless digit. */
static int vlq_read(const char **p, const char *end, long *out)
{
	unsigned long v = 0;
	unsigned shift = 0;
	int d;

	do {
		if (*p >= end || shift > 60 || (d = base64_value(**p)) < 0)
			return -1;
		(*p)++;
		v |= (unsigned long)(d & 31) << shift;
		shift += 5;
	} while (d & 32);
	*out = (v & 1) ? -(long)(v >> 1) : (long)(v >> 1);
	return 0;
}

uint64_t sourcemap_column_steps;

/* A generated line walked from UTF-16 columns to byte offsets. Segments
 * come in column order, so each character of the line is stepped over
 * once however many segments it has (a minified bundle is one line of
 * ~10^5 of them); a column behind the cursor, which the format allows
 * but tools do not write, walks again from the line's start. */
struct column_cursor {
	const char *line;
	size_t len;
	size_t byte;  /* offset reached */
	long units;   /* UTF-16 units before it */
	uint64_t steps; /* characters stepped over */
};

/* Byte offset of UTF-16 column col, clamped to the line. */
static size_t column_to_byte(struct column_cursor *c, long col)
{
	if (col < c->units) {
		c->byte = 0;
		c->units = 0;
	}
	while (c->byte < c->len && c->units < col) {
		unsigned char ch = (unsigned char)c->line[c->byte];
		size_t step = ch < 0x80 ? 1 : ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 1;

		c->units += step == 4 ? 2 : 1;
		c->byte += step;
		c->steps++;
	}
	return c->byte < c->len ? c->byte : c->len;
}

struct owner {
	size_t byte;
	long source; /* -1: unmapped */
};

static int by_bytes(const void *a, const void *b)
{
	const struct sourcemap_module *x = a, *y = b;

	if (x->bytes != y->bytes)
		return x->bytes < y->bytes ? 1 : -1;
	return strcmp(x->source, y->source);
}

/* Give each byte of one generated line to the owner of its segment. */
static void attribute_line(size_t len, struct owner *segs,
			   size_t nsegs, uint64_t *counts, size_t nsources,
			   uint64_t *unmapped)
{
	size_t covered = 0;

	for (size_t k = 0; k < nsegs; k++) {
		size_t start = segs[k].byte;
		size_t end = k + 1 < nsegs ? segs[k + 1].byte : len;

		if (start < covered)
			start = covered; /* unsorted segments: first owner wins */
		if (end <= start)
			continue;
		if (segs[k].source >= 0 && (size_t)segs[k].source < nsources)
			counts[segs[k].source] += end - start;
		else
			*unmapped += end - start;
		covered = end;
	}
	if (nsegs == 0 || segs[0].byte > 0)
		*unmapped += nsegs ? segs[0].byte : len;
}

int sourcemap_attribute(const char *js, size_t len, const char *map,
			size_t maplen, struct sourcemap_module **mods, size_t *n,
			uint64_t *unmapped)
{
	json_t *root = json_loadb(map, maplen, 0, NULL);
	json_t *sources = json_object_get(root, "sources");
	const char *mappings = json_string_value(json_object_get(root, "mappings"));
	const char *root_prefix = json_string_value(json_object_get(root, "sourceRoot"));
	size_t nsources = json_array_size(sources);
	uint64_t *counts;
	struct owner *segs = NULL;
	size_t nsegs = 0, capsegs = 0, capmods = 0;
	long source = 0, col, field;
	const char *p, *end, *line = js;
	struct column_cursor cursor;
	size_t pos = 0;
	int ret = -1;

	*mods = NULL;
	*n = 0;
	*unmapped = 0;
	if (!json_is_object(root) || !json_is_array(sources) || !mappings ||
	    json_integer_value(json_object_get(root, "version")) != 3) {
		json_decref(root);
		return -1;
	}
	counts = xcalloc(nsources + 1, sizeof(*counts));
	p = mappings;
	end = mappings + strlen(mappings);
	for (;;) {
		/* One generated line: its segments up to ';'. */
		size_t linelen = 0;

		while (pos + linelen < len && js[pos + linelen] != '\n')
			linelen++;
		line = js + pos;
		cursor = (struct column_cursor){ line, linelen, 0, 0, 0 };
		nsegs = 0;
		col = 0;
		while (p < end && *p != ';') {
			long src = -1;
			int nfields = 0;

			if (*p == ',') {
				p++;
				continue;
			}
			while (p < end && *p != ',' && *p != ';') {
				if (vlq_read(&p, end, &field) < 0)
					goto out;
				if (nfields == 0)
					col += field;
				else if (nfields == 1)
					src = source += field;
				nfields++;
			}
			if (nfields != 1 && nfields != 4 && nfields != 5)
				goto out;
			if (col < 0 || (nfields > 1 && source < 0))
				goto out;
			segs = xgrow(segs, &capsegs, nsegs + 1, sizeof(*segs));
			segs[nsegs].byte = column_to_byte(&cursor, col);
			segs[nsegs].source = nfields > 1 ? src : -1;
			nsegs++;
		}
		attribute_line(linelen, segs, nsegs, counts, nsources, unmapped);
		sourcemap_column_steps += cursor.steps;
		pos += linelen;
		if (pos < len) {
			*unmapped += 1; /* the '\n' */
			pos++;
		}
		if (p < end)
			p++; /* ';' */
		if (p >= end && pos >= len)
			break;
		if (p >= end) {
			/* lines past the last mapping are unmapped */
			*unmapped += len - pos;
			break;
		}
	}
	for (size_t i = 0; i < nsources; i++) {
		const char *name = json_string_value(json_array_get(sources, i));

		if (!counts[i])
			continue;
		*mods = xgrow(*mods, &capmods, *n + 1, sizeof(**mods));
		(*mods)[*n].source = root_prefix && *root_prefix && name ?
			xasprintf("%s%s%s", root_prefix,
				  has_suffix(root_prefix, "/") ? "" : "/", name) :
			xstrdup(name ? name : "(unnamed)");
		(*mods)[*n].bytes = counts[i];
		(*n)++;
	}
	if (*n)
		sort_array(*mods, *n, sizeof(**mods), by_bytes);
	ret = 0;
out:
	if (ret < 0) {
		sourcemap_free(*mods, *n);
		*mods = NULL;
		*n = 0;
		*unmapped = 0;
	}
	free(segs);
	free(counts);
	json_decref(root);
	return ret;
}

void sourcemap_free(struct sourcemap_module *mods, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(mods[i].source);
	free(mods);
}

char *sourcemap_url(const char *js, size_t len)
{
	static const char *const marks[] = { "//# sourceMappingURL=",
					     "//@ sourceMappingURL=" };
	const char *best = NULL;

	for (int m = 0; m < 2; m++) {
		size_t ml = strlen(marks[m]);
		const char *p = js, *hit;

		while ((hit = memmem(p, len - (size_t)(p - js), marks[m], ml))) {
			if (!best || hit > best)
				best = hit;
			p = hit + 1;
		}
	}
	if (!best)
		return NULL;
	best += strlen(marks[0]);
	size_t n = 0;
	while (best + n < js + len && best[n] != '\n' && best[n] != '\r' &&
	       best[n] != ' ' && best[n] != '\t' && best[n] != '*')
		n++;
	return n ? xstrndup(best, n) : NULL;
}
