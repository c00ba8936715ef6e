/* SPDX-License-Identifier: MIT */
/*
 * The worker's text: where it comes from (sw.source, DIST's own worker or
 * the template), the template filled with {version, precache, config} or
 * the precache list injected into a source, and the list as the JSON text
 * both carry. Apart from the job, which only decides what to write.
 */
#include <stdlib.h>
#include <string.h>

#include "../manifest/manifest.h"
#include "../src/lib/buf.h"
#include "../src/lib/util.h"
#include "sw_int.h"

/* sw-template/sw.js, embedded by build.ninja. */
extern const unsigned char sw_template[];
extern const size_t sw_template_len;

#define SW_PLACEHOLDER "self.__DISTILL_SW__"

static size_t sw_count(const char *text, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle);

	for (const char *p = text; (p = memmem(p, len - (size_t)(p - text), needle, k));
	     p += k)
		n++;
	return n;
}

/* text with its single needle replaced by value. Returns 0, or -1 after a
 * warning naming what, when needle does not occur exactly once. */
static int sw_inject(struct buf *out, const char *text, size_t len,
		     const char *what, const char *needle, const char *value)
{
	size_t n = sw_count(text, len, needle), k = strlen(needle);
	const char *at;

	if (n != 1) {
		warn("'%s' must contain '%s' exactly once, found %zu", what, needle, n);
		return -1;
	}
	at = memmem(text, len, needle, k);
	buf_add(out, text, (size_t)(at - text));
	buf_adds(out, value);
	buf_add(out, at + k, len - (size_t)(at - text) - k);
	return 0;
}

static char *sw_dumps(const json_t *json, size_t flags)
{
	char *s = json_dumps(json, flags | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);

	if (!s)
		fatal("out of memory");
	return s;
}

/* URLs and revisions need no escaping (sw_url, sw_is_hex in
 * sw_precache.c). */
void sw_dump_list(struct buf *b, const struct sw_list *list, int indent)
{
	buf_adds(b, "[");
	for (size_t i = 0; i < list->n; i++) {
		const struct sw_entry *e = &list->v[i];

		buf_addf(b, "%s\n%*s{\"url\":\"%s\",\"revision\":", i ? "," : "",
			 indent + 1, "", e->url);
		if (e->revision)
			buf_addf(b, "\"%s\"}", e->revision);
		else
			buf_adds(b, "null}");
	}
	buf_addf(b, "%s%*s]", list->n ? "\n" : "", list->n ? indent : 0, "");
}

static char *sw_read(const char *path, size_t *len)
{
	char *text = read_file_max(path, TEXT_READ_MAX, len);

	if (!text)
		warn("cannot read '%s':", path);
	return text;
}

int sw_choose(const struct sw_options *opt, const struct manifest *m,
	      const char *template, const char *source, const char **path,
	      const char **dist_path)
{
	const char *dist = m->dist;
	const struct manifest_entry *own = manifest_entry_find(m, opt->filename);
	size_t len, n;
	char *text;

	*dist_path = NULL;
	if (source) {
		size_t d = strlen(dist);

		*path = source;
		if (strncmp(source, dist, d) == 0 && source[d] == '/')
			*dist_path = source + d + 1;
		return SW_INJECTED;
	}
	*path = template;
	if (!own)
		return SW_TEMPLATE;
	/* DIST has a worker of its own: precache into it if it asks for it. */
	*path = own->content;
	*dist_path = opt->filename;
	text = sw_read(*path, &len);
	if (!text)
		return -1;
	n = sw_count(text, len, opt->injection_point);
	free(text);
	return n ? SW_INJECTED : SW_KEPT;
}

/* The template's value: {version, precache, config}, the precache list
 * written out, or, with chunks, a function that imports them and returns
 * that object. */
static void sw_value(struct buf *value, const struct sw_options *opt,
		     const struct sw_list *list, const struct sw_chunks *chunks,
		     const char *version)
{
	char *runtime;

	if (chunks) {
		buf_adds(value, "(() => {\n const precache = self." SW_CHUNK_GLOBAL " = [];\n");
		if (chunks->n)
			buf_adds(value, " importScripts(");
		for (size_t i = 0; i < chunks->n; i++)
			buf_addf(value, "%s\n  \"%s\"", i ? "," : "", chunks->v[i].url);
		buf_adds(value, chunks->n ? ");\n" : "");
		buf_adds(value, " delete self." SW_CHUNK_GLOBAL ";\n return ");
	}
	buf_addf(value, "{\n \"version\": \"%s\",\n \"precache\": ", version);
	if (chunks)
		buf_adds(value, "precache");
	else
		sw_dump_list(value, list, 1);
	buf_adds(value, ",\n \"config\": ");
	runtime = sw_dumps(opt->runtime, JSON_INDENT(1));
	for (const char *c = runtime; *c; c++) {
		if (*c == '\n')
			buf_adds(value, "\n ");
		else
			buf_addc(value, *c);
	}
	buf_adds(value, chunks ? "\n };\n})()" : "\n}");
	free(runtime);
}

int sw_worker(struct buf *out, const struct sw_options *opt,
	      enum sw_source kind, const char *path, const struct sw_list *list,
	      const struct sw_chunks *chunks, const char *listing, const char *version)
{
	struct buf value = BUF_INIT;
	char *text = NULL;
	size_t len;
	int ret;

	if (path) {
		text = sw_read(path, &len);
		if (!text)
			return -1;
	}
	if (kind == SW_INJECTED) {
		ret = sw_inject(out, text, len, path, opt->injection_point, listing);
		free(text);
		return ret;
	}
	sw_value(&value, opt, list, chunks, version);
	ret = sw_inject(out, text ? text : (const char *)sw_template,
			text ? len : sw_template_len,
			path ? path : "sw-template/sw.js (built in)", SW_PLACEHOLDER,
			value.data);
	buf_release(&value);
	free(text);
	return ret;
}
