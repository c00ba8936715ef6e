/* SPDX-License-Identifier: MIT */
/*
 * The rule list in each host's format. Every format is one row of the
 * table below: the file in the job's folder, where the commit places it,
 * and the function giving its text; adding a host is adding a row.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../manifest/record.h"
#include "../src/lib/buf.h"
#include "../src/lib/util.h"
#include "../src/pass.h"
#include "headers_int.h"
#include "vercel_routes.h"
#include "job.h"

json_t *headers_rule_list(const json_t *own, const struct rules *r,
			  const struct rules *hints, const json_t *security,
			  const char *immutable, const char *revalidate)
{
	/* The site's own rules first, as it wrote them. */
	json_t *list = json_deep_copy(own);

	if (json_object_size(security) > 0)
		json_array_append_new(list, json_pack("{s:s, s:s, s:O}",
			"source", "/*", "regex", "^/.*$", "headers", security));
	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:{s:s}}",
			"source", r->v[i].source, "regex", r->v[i].regex,
			"headers", "Cache-Control",
			r->v[i].cache == CACHE_IMMUTABLE ? immutable : revalidate));
	for (size_t i = 0; i < hints->n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:{s:s}}",
			"source", hints->v[i].source, "regex", hints->v[i].regex,
			"headers", "Link", hints->v[i].link));
	return list;
}

/* Netlify's and Cloudflare Pages' _headers. */
static char *netlify_text(const json_t *list, const struct vercel_routes *vr)
{
	struct buf b = BUF_INIT;
	size_t i;
	json_t *rule;

	(void)vr;
	buf_adds(&b, "# Cache and security headers, written by distill.\n"
		     "# Each file matches one Cache-Control rule at most; the rest keep the\n"
		     "# host's default (public, max-age=0, must-revalidate).\n");
	json_array_foreach(list, i, rule) {
		const char *name;
		json_t *v;

		buf_addf(&b, "%s\n", json_string_value(json_object_get(rule, "source")));
		json_object_foreach(json_object_get(rule, "headers"), name, v)
			buf_addf(&b, "  %s: %s\n", name, json_string_value(v));
	}
	return buf_detach(&b);
}

/* headers.json: the list itself. */
static char *json_text(const json_t *list, const struct vercel_routes *vr)
{
	(void)vr;
	return json_dumps(list, JSON_INDENT(2));
}

/* Vercel's Build Output API v3: one route per rule, each with "continue"
 * so that every matching route adds its headers; around them the routing
 * of the project's vercel.json (vr), in the order `vercel build` gives
 * it: its redirects first, its headers after distill's (so that its
 * values win), then the filesystem and its rewrites. */
static char *vercel_text(const json_t *list, const struct vercel_routes *vr)
{
	json_t *routes = json_array(), *root, *rule;
	char *text;
	size_t i;

	if (vr)
		json_array_extend(routes, vr->before);
	json_array_foreach(list, i, rule)
		json_array_append_new(routes, json_pack("{s:O, s:O, s:b}",
			"src", json_object_get(rule, "regex"),
			"headers", json_object_get(rule, "headers"), "continue", 1));
	if (vr) {
		json_array_extend(routes, vr->headers);
		json_array_extend(routes, vr->after);
	}
	root = json_pack("{s:i, s:o}", "version", 3, "routes", routes);
	if (vr && json_object_size(vr->overrides) > 0)
		json_object_set(root, "overrides", vr->overrides);
	text = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	return text;
}

enum when { ALWAYS, VERCEL };

static const struct format {
	const char *file;   /* in the job's folder */
	const char *field;  /* record field: "output" (in the site) or
			       "output_root" (beside it, from --out's root) */
	const char *where;  /* where the commit places it */
	bool merges;        /* joins the site's own file of that name */
	enum when when;
	char *(*text)(const json_t *list, const struct vercel_routes *vr);
} formats[] = {
	{ "_headers", "output", "_headers", true, ALWAYS, netlify_text },
	{ "headers.json", "output", "headers.json", false, ALWAYS, json_text },
	{ "vercel-config.json", "output_root", ".vercel/output/config.json",
	  false, VERCEL, vercel_text },
};

int headers_write(const struct job *job, json_t *record, const json_t *list,
		  bool has_own, bool vercel, const struct vercel_routes *vr)
{
	json_t *last = job_last_record(job);
	int ret = 0;

	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats) && ret == 0; i++) {
		const struct format *f = &formats[i];
		char *text;

		if (f->when == VERCEL && !vercel) {
			/* Left by an earlier build; nothing places it now. */
			char *stale = xasprintf("%s/%s", job->out, f->file);

			if (unlink(stale) < 0 && errno != ENOENT)
				warn("cannot remove '%s':", stale);
			free(stale);
			continue;
		}
		text = f->text(list, vr);
		if (!text)
			fatal("out of memory");
		ret = job_put_output(job, record, last, f->file, f->field, f->where, text,
				     strlen(text), f->merges && has_own ? JOB_MERGES : 0);
		free(text);
	}
	json_decref(last);
	return ret;
}
