/* SPDX-License-Identifier: MIT */
/*
 * Early hints: the Link header values that let a host start sending what
 * a page needs before its HTML (Cloudflare Pages turns them into 103 Early
 * Hints) and let the browser fetch it as soon as the headers arrive: each
 * stylesheet the page loads (rel=preload; as=style), each script
 * (rel=modulepreload for a module, rel=preload; as=script for a classic
 * one) and its LCP image (the preload distill writes into <head> for a
 * <picture> it made, or the <img>'s src). Only the site's own files, at
 * their final URL, root-relative, so that the value means the same at any
 * URL the page is served at. Each value carries the element's crossorigin
 * and integrity: Chromium fetches a file twice when its preload differs
 * from the element in either. The page's values go into the rewrite
 * record ("early_hints"); the headers pass makes rules of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../src/lib/buf.h"
#include "../src/lib/html.h"
#include "../src/lib/url.h"
#include "../src/lib/util.h"
#include "rewrite_int.h"

/* Whether a stylesheet with this media attribute applies on a screen
 * whatever its size: only those are worth fetching first. */
static bool media_any_screen(const char *media)
{
	return !media || !media[strspn(media, " \t\n\f\r")] ||
	       html_has_token(media, "all") || html_has_token(media, "screen");
}

/* The root-relative URL of the site's file that url, on this page, names,
 * with its query; NULL when it names none. */
static char *root_url(const struct rewrite *rw, const char *url)
{
	char *suffix = NULL, *target, *out = NULL;
	const char *output;

	if (!url || !*url || url_is_external(url))
		return NULL;
	target = url_resolve(rw->path, rw->base, url, &suffix);
	output = target ? rewrite_output_of(rw, target, NULL) : NULL;
	if (output) {
		char *path = url_for_dir("", output, 1);
		size_t query = suffix && *suffix == '?' ? strcspn(suffix, "#") : 0;

		out = xasprintf("%s%.*s", path, (int)query, suffix ? suffix : "");
		free(path);
	}
	free(target);
	free(suffix);
	return out;
}

/* Append ; name="value" as an RFC 9110 quoted string. */
static void add_quoted(struct buf *b, const char *name, const char *value)
{
	buf_addf(b, "; %s=\"", name);
	for (; *value; value++) {
		if (*value == '"' || *value == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *value);
	}
	buf_addc(b, '"');
}

/* The element's crossorigin and integrity, as the preload must repeat
 * them. */
static void add_fetch_params(struct buf *b, const struct rewrite *rw,
			     const struct html_element *el)
{
	char *cors = rewrite_attr(rw, el, "crossorigin"), key[24];
	const char *integrity;

	if (cors)
		buf_adds(b, strcasecmp(cors, "use-credentials") == 0
			    ? "; crossorigin=use-credentials" : "; crossorigin");
	free(cors);
	snprintf(key, sizeof(key), "%zu", el->node.start);
	integrity = json_string_value(json_object_get(rw->tag_integrity, key));
	if (integrity)
		add_quoted(b, "integrity", integrity);
}

char *rewrite_early_tag(const struct rewrite *rw, const struct html_element *el)
{
	const char *name = el->node.name, *rel = NULL;
	char *url = NULL, *value = NULL;
	struct buf b = BUF_INIT;

	if (el->node.ns != HTML_NS_HTML || el->inert)
		return NULL;
	if (strcmp(name, "link") == 0) {
		char *rels = rewrite_attr(rw, el, "rel"), *media = rewrite_attr(rw, el, "media");

		if (rels && html_has_token(rels, "stylesheet") && !html_has_token(rels, "alternate") &&
		    !html_attr_find(el, "disabled") && media_any_screen(media)) {
			value = rewrite_attr(rw, el, "href");
			rel = "preload; as=style";
		}
		free(rels);
		free(media);
	} else if (strcmp(name, "script") == 0 && !html_attr_find(el, "nomodule")) {
		char *type = rewrite_attr(rw, el, "type");
		char *t = type ? type + strspn(type, " \t\n\f\r") : "";

		if (html_script_runs(t) && strncasecmp(t, "importmap", 9) != 0) {
			value = rewrite_attr(rw, el, "src");
			rel = strncasecmp(t, "module", 6) == 0 ? "modulepreload" : "preload; as=script";
		}
		free(type);
	}
	url = rel ? root_url(rw, value) : NULL;
	free(value);
	if (!url)
		return NULL;
	buf_addf(&b, "<%s>; rel=%s", url, rel);
	add_fetch_params(&b, rw, el);
	free(url);
	return buf_detach(&b);
}

char *rewrite_early_image(const struct rewrite *rw, const struct html_element *el)
{
	struct buf b = BUF_INIT;
	char *src, *url;

	for (size_t i = 0; i < rw->npictures_made; i++) {
		const struct picture_made *p = &rw->pictures_made[i];
		char *type;

		if (p->element != el->node.start || !p->srcset_root)
			continue;
		/* The first candidate stands for the browsers that read no
		 * imagesrcset; the rest choose from it as <picture> does. */
		buf_addf(&b, "<%.*s>; rel=preload; as=image", (int)strcspn(p->srcset_root, " "),
			 p->srcset_root);
		type = xasprintf("image/%s", p->format);
		add_quoted(&b, "type", type);
		free(type);
		add_quoted(&b, "imagesrcset", p->srcset_root);
		add_quoted(&b, "imagesizes", p->sizes);
		buf_adds(&b, "; fetchpriority=high");
		add_fetch_params(&b, rw, el);
		return buf_detach(&b);
	}
	/* An author's srcset would need its sizes to choose the same file. */
	if (html_attr_find(el, "srcset"))
		return NULL;
	src = rewrite_attr(rw, el, "src");
	url = root_url(rw, src);
	free(src);
	if (!url)
		return NULL;
	buf_addf(&b, "<%s>; rel=preload; as=image; fetchpriority=high", url);
	add_fetch_params(&b, rw, el);
	free(url);
	return buf_detach(&b);
}
