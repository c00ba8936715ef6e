/* SPDX-License-Identifier: MIT */
/*
 * rewrite: HTML and CSS whose references must change.
 *
 * Reads an HTML or CSS file, its url map (the output path and image store
 * folder of each file it names, written by plan() with plan_input()) and
 * the image records of the pictures it makes. Writes DIR/out: the file
 * with each reference to a moved file spliced in place (every other byte
 * is kept), and in a page: each plain <img> of a local raster image turned
 * into a <picture> with AVIF and WebP sources (rewrite_picture.c); an
 * integrity attribute made again from the final bytes of the file it
 * names when they changed, or added (Subresource Integrity); the loading
 * hints of its images (rewrite_loading.c); the script that registers the
 * service worker (rewrite_register.c). Skipped for files where nothing of
 * this would change and a page with nothing to give early hints for.
 *
 * A reference is rewritten when, read from the file's new place, it would
 * no longer name its target's output: so relative URLs stay right when the
 * file itself moves (a stylesheet going to assets/). The new URL is
 * absolute when the old one was, else relative; the query and fragment are
 * kept as written. External, data: and protocol-relative URLs, and
 * references to files that are not in the site, are left alone.
 *
 * Record fields: "edits" (references rewritten), "pictures" (made),
 * "picture_images" (the source path of each image a <picture> made shows:
 * what the page loads in place of its <img>, for the budget),
 * "early_hints" (a page's Link values: rewrite_early.c).
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../manifest/record.h"
#include "../src/lib/afile.h"
#include "../src/lib/buf.h"
#include "../src/lib/charset.h"
#include "../src/lib/digest.h"
#include "../src/lib/html.h"
#include "../src/lib/json_write.h"
#include "../src/lib/sha2.h"
#include "../src/lib/url.h"
#include "../src/lib/util.h"
#include "../src/pass.h"
#include "../src/plan.h"
#include "../src/site.h"
#include "hash.h"
#include "job.h"
#include "rewrite_int.h"
#include "sw.h"

extern const struct pass pass_rewrite, pass_image;

static const char rewrite_defaults[] =
	"{\"picture\": true, \"sizes\": \"100vw\", \"loadingHints\": true, \"lcp\": \"first\","
	" \"placeholder\": null, \"integrity\": true}";

/* Read the options; returns 0, or -1 after a warning naming the key. */
static int rewrite_options(const json_t *config, struct rewrite_options *o)
{
	const json_t *picture = json_object_get(config, "picture");
	const json_t *sizes = json_object_get(config, "sizes");
	const json_t *hints = json_object_get(config, "loadingHints");
	const json_t *lcp = json_object_get(config, "lcp");
	const json_t *placeholder = json_object_get(config, "placeholder");
	const json_t *integrity = json_object_get(config, "integrity");

	if (!json_is_boolean(picture)) {
		warn("config 'rewrite.picture' must be true or false");
		return -1;
	}
	if (!json_is_string(sizes) || !*json_string_value(sizes)) {
		warn("config 'rewrite.sizes' must be a sizes attribute value, like \"100vw\"");
		return -1;
	}
	if (!json_is_boolean(hints)) {
		warn("config 'rewrite.loadingHints' must be true or false");
		return -1;
	}
	if (!json_is_string(lcp) || (strcmp(json_string_value(lcp), "first") != 0 &&
				     strcmp(json_string_value(lcp), "none") != 0)) {
		warn("config 'rewrite.lcp' must be \"first\" (the first large image) or \"none\"");
		return -1;
	}
	if (!json_is_null(placeholder) && (!json_is_string(placeholder) ||
	    (strcmp(json_string_value(placeholder), "color") != 0 &&
	     strcmp(json_string_value(placeholder), "lqip") != 0))) {
		warn("config 'rewrite.placeholder' must be null, \"color\" or \"lqip\"");
		return -1;
	}
	if (!json_is_boolean(integrity)) {
		warn("config 'rewrite.integrity' must be true or false");
		return -1;
	}
	o->integrity = json_is_true(integrity);
	o->sw_register = NULL;
	o->picture = json_is_true(picture);
	o->sizes = json_string_value(sizes);
	o->placeholder = json_string_value(placeholder);
	o->hints = json_is_true(hints);
	o->lcp_first = strcmp(json_string_value(lcp), "first") == 0;
	return 0;
}

/* The document's <base href> (the first; the parser reports no other), or
 * NULL. */
static const char *base_href(const struct ref *refs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (refs[i].kind == REF_BASE)
			return refs[i].url;
	return NULL;
}

static const char *asset_base_href(const struct asset *a)
{
	for (size_t i = 0; i < a->nrefs; i++)
		if (a->refs[i].ref.kind == REF_BASE)
			return a->refs[i].ref.url;
	return NULL;
}

/* True when url, read in the output file at output under base, still names
 * target_out. */
static bool still_names(const char *output, const char *base, const char *url,
			const char *target_out)
{
	char *suffix, *now = url_resolve(output, base, url, &suffix);
	bool same = now && strcmp(now, target_out) == 0;

	free(now);
	free(suffix);
	return same;
}

/* Whether a page's reference gets an integrity value distill makes: a
 * script, stylesheet or module preload of the site without one, when the
 * file's name changes with its bytes. A file that keeps its URL may be
 * held with other bytes by a cache (a service worker's, between two
 * deploys), which the browser would then refuse to run. */
static bool adds_integrity(const struct rewrite_options *o, const struct asset_ref *ar,
			   const struct asset *t)
{
	return o->integrity && !ar->ref.integrity &&
	       (ar->ref.kind == REF_SCRIPT || ar->ref.kind == REF_STYLESHEET ||
		ar->ref.kind == REF_MODULEPRELOAD) &&
	       (t->flags & (ASSET_FINGERPRINT | ASSET_BUNDLER_HASHED));
}

/* Whether the file a reference with an integrity attribute names gets
 * other bytes than DIST's (a stylesheet rewritten before the page): its
 * integrity value must then be made again. */
static bool integrity_changes(const struct asset_ref *ar, const struct asset *t)
{
	return ar->ref.integrity && !digest_equal(t->content_key, t->hash);
}

/* Whether the rewrite job of a would change anything, as far as the plan
 * can tell: a reference that would stop naming its target, an <img> of a
 * raster image that has variants coming, or an integrity value to remake. */
static bool rewrite_needed(const struct site *site, const struct asset *a,
			   const struct rewrite_options *o)
{
	const char *base = asset_base_href(a);
	int image = pass_index(&pass_image);

	/* It gets the script that registers the service worker. */
	if (a->kind == KIND_HTML && o->sw_register)
		return true;
	for (size_t r = 0; r < a->nrefs; r++) {
		const struct asset_ref *ar = &a->refs[r];
		const struct asset *t;

		if (ar->target < 0 || ar->ref.kind == REF_BASE)
			continue;
		t = &site->assets[ar->target];
		if (o->picture && ar->ref.kind == REF_IMG && t->kind == KIND_RASTER &&
		    t->records[image])
			return true;
		/* An image of the site's own: it gets loading hints. */
		if (o->hints && a->kind == KIND_HTML &&
		    (ar->ref.kind == REF_IMG || ar->ref.kind == REF_IMAGE))
			return true;
		if (integrity_changes(ar, t) || (a->kind == KIND_HTML && adds_integrity(o, ar, t)))
			return true;
		/* It gets early hints (rewrite_early.c). */
		if (a->kind == KIND_HTML &&
		    (ar->ref.kind == REF_SCRIPT || ar->ref.kind == REF_STYLESHEET))
			return true;
		if (!still_names(a->outpath, base, ar->ref.url, t->outpath))
			return true;
	}
	return false;
}

/* The url map of asset a's job: {"path": {"output": ..., "image": store
 * folder or null}} for each file its references name, and only those, so
 * that a job reads in proportion to its page, not to the site; "content"
 * too (the file's final bytes) for one named with an integrity attribute
 * or that gets one ("add_integrity", adds_integrity()). */
/* One target of the map: the refs to it, merged. */
struct map_row {
	const struct asset *target;
	bool content, add_integrity;
};

static int by_target_path(const void *x, const void *y)
{
	return strcmp(((const struct map_row *)x)->target->path,
		      ((const struct map_row *)y)->target->path);
}

/* The text json_dumps(JSON_SORT_KEYS | JSON_COMPACT) would make of the
 * map, written directly: a page's map is made for every page at every
 * plan, and the jansson tree cost a third of a second at 100,000 files. */
static char *url_map(const struct site *site, const struct asset *a, int image,
		     const struct rewrite_options *o)
{
	struct map_row *rows = xcalloc(a->nrefs + 1, sizeof(*rows));
	struct buf b = BUF_INIT;
	size_t n = 0, m = 0;

	for (size_t r = 0; r < a->nrefs; r++) {
		const struct asset_ref *ar = &a->refs[r];
		const struct asset *t;
		bool add;

		if (ar->target < 0)
			continue;
		t = &site->assets[ar->target];
		add = a->kind == KIND_HTML && adds_integrity(o, ar, t);
		rows[n++] = (struct map_row){ t, ar->ref.integrity || add, add };
	}
	sort_array(rows, n, sizeof(*rows), by_target_path);
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && rows[m - 1].target == rows[i].target) {
			rows[m - 1].content |= rows[i].content;
			rows[m - 1].add_integrity |= rows[i].add_integrity;
		} else {
			rows[m++] = rows[i];
		}
	}
	buf_addc(&b, '{');
	for (size_t i = 0; i < m; i++) {
		const struct asset *t = rows[i].target;
		char *dir = t->kind == KIND_RASTER && t->records[image] ?
			plan_path(site, t->records[image]) : NULL;

		if (i > 0)
			buf_addc(&b, ',');
		json_write_string(&b, t->path);
		buf_adds(&b, ":{");
		if (rows[i].add_integrity)
			buf_adds(&b, "\"add_integrity\":true,");
		if (rows[i].content) {
			char *content = plan_path(site, t->content);

			buf_adds(&b, "\"content\":");
			json_write_string(&b, content);
			buf_addc(&b, ',');
			free(content);
		}
		buf_adds(&b, "\"image\":");
		json_write_string_or_null(&b, dir);
		buf_adds(&b, ",\"output\":");
		json_write_string(&b, t->outpath ? t->outpath : t->path);
		buf_adds(&b, "}");
		free(dir);
	}
	buf_addc(&b, '}');
	free(rows);
	return buf_detach(&b);
}

/* Add path to the edge's inputs unless it is there (it is owned then). */
static void add_input(const char **inputs, size_t *n, char *path)
{
	for (size_t j = 0; j < *n; j++) {
		if (strcmp(inputs[j], path) == 0) {
			free(path);
			return;
		}
	}
	inputs[(*n)++] = path;
}

/* The edge of asset a's job; a's content is then the job's output. */
static void plan_asset(struct plan *p, struct site *site, struct asset *a,
		       const struct rewrite_options *o)
{
	int self = pass_index(&pass_rewrite), image = pass_index(&pass_image);
	const char **inputs = xcalloc(a->nrefs, sizeof(*inputs));
	size_t ninputs = 0;
	struct digest_key k;
	struct hash128 key;
	/* A file name: plan_edge() takes an argument with a '/' for a path. */
	const char *sw_register = a->kind == KIND_HTML ? o->sw_register : NULL;
	char *dir, *desc, *args[5];
	int nargs = 0;

	plan_key_init(p, &pass_rewrite, &k);
	digest_key_hash(&k, a->hash);
	digest_key_str(&k, a->path);
	digest_key_str(&k, a->outpath);
	digest_key_str(&k, sw_register ? sw_register : "");
	/* Variant names carry the hash pass's prefix. */
	digest_key_str(&k, hash_prefix(site->config));
	for (size_t r = 0; r < a->nrefs; r++) {
		const struct asset_ref *ar = &a->refs[r];
		const struct asset *t;
		const char *rec;

		if (ar->target < 0)
			continue;
		t = &site->assets[ar->target];
		rec = t->kind == KIND_RASTER ? t->records[image] : NULL;
		digest_key_str(&k, t->path);
		digest_key_str(&k, t->outpath);
		/* The image store folder by its name in the cache, not by
		 * where the cache is. */
		digest_key_str(&k, rec ? path_base(rec) : "");
		if (ar->ref.kind == REF_IMG && rec && o->picture)
			add_input(inputs, &ninputs, record_path(rec));
		if (ar->ref.integrity || (a->kind == KIND_HTML && adds_integrity(o, ar, t))) {
			/* Its integrity is made from its final bytes. */
			digest_key_hash(&k, t->content_key);
			if (t->content_record)
				add_input(inputs, &ninputs, xstrdup(t->content_record));
		}
	}
	key = digest_key_final(&k);
	dir = plan_store_dir(site, &pass_rewrite, key);
	args[nargs++] = xasprintf("--urls=%s", plan_input(p, &pass_rewrite, url_map(site, a, image, o)));
	args[nargs++] = xasprintf("--path=%s", a->path);
	args[nargs++] = xasprintf("--output=%s", a->outpath);
	if (sw_register)
		args[nargs++] = xasprintf("--sw-register=%s", sw_register);
	args[nargs++] = xstrdup(a->content);
	desc = xasprintf("REWRITE %s", a->path);
	plan_edge(p, &pass_rewrite, dir, inputs, ninputs, (const char *const *)args, nargs, desc);
	for (size_t j = 0; j < ninputs; j++)
		free((char *)inputs[j]);
	free(inputs);
	for (int j = 0; j < nargs; j++)
		free(args[j]);
	free(desc);
	free(a->content);
	free(a->content_record);
	a->content = xasprintf("%s/out", dir);
	a->content_record = record_path(dir);
	a->content_key = key;
	a->records[self] = dir;
}

/* Stylesheets first: a page's integrity values are made from their final
 * bytes, so its job comes after theirs. */
static void rewrite_plan(struct plan *p, struct site *site)
{
	const json_t *config = json_object_get(site->config, pass_rewrite.name);
	static const enum asset_kind order[] = { KIND_CSS, KIND_HTML };
	const char *worker = sw_served_file(site->config);
	struct rewrite_options o;
	bool any = false;

	if (rewrite_options(config, &o) < 0)
		fatal("cannot plan the rewrite pass");
	if (worker)
		o.sw_register = sw_register_file(site->config, site_find(site, worker) >= 0,
						 site_find(site, SW_REGISTER_FILE) >= 0);
	for (size_t round = 0; round < 2; round++) {
		for (size_t i = 0; i < site->nassets; i++) {
			struct asset *a = &site->assets[i];

			if (a->kind != order[round] || (a->flags & ASSET_MISMATCH) || a->error ||
			    (a->nrefs == 0 && !(a->kind == KIND_HTML && o.sw_register)) ||
			    !a->outpath || !rewrite_needed(site, a, &o))
				continue;
			if (!any)
				plan_rule(p, &pass_rewrite, 0);
			any = true;
			plan_asset(p, site, a, &o);
		}
	}
}

void rewrite_edit(struct rewrite *rw, size_t start, size_t end, char *text)
{
	struct edits *e = &rw->edits;

	e->v = xgrow(e->v, &e->cap, e->n + 1, sizeof(*e->v));
	e->v[e->n] = (struct edit){ start, end, text, e->n };
	e->n++;
}

static int edit_cmp(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* At one place, an insertion goes before a replacement. */
	if ((x->start == x->end) != (y->start == y->end))
		return x->start == x->end ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Apply the edits to data into out. Edits are sorted; one that overlaps
 * an earlier one is a bug in the parsers. */
static void edits_apply(struct edits *e, const char *data, size_t len, struct buf *out)
{
	size_t at = 0;

	if (e->n)
		sort_array(e->v, e->n, sizeof(*e->v), edit_cmp);
	for (size_t i = 0; i < e->n; i++) {
		const struct edit *ed = &e->v[i];

		if (ed->start < at || ed->end > len || ed->end < ed->start)
			BUG("overlapping edit at %zu", ed->start);
		buf_add(out, data + at, ed->start - at);
		buf_adds(out, ed->text);
		at = ed->end;
	}
	buf_add(out, data + at, len - at);
}

static void edits_release(struct edits *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i].text);
	free(e->v);
	memset(e, 0, sizeof(*e));
}

const char *rewrite_output_of(const struct rewrite *rw, const char *path, const char **image)
{
	const json_t *entry = json_object_get(rw->urls, path);
	const char *out = json_string_value(json_object_get(entry, "output"));

	if (image)
		*image = json_string_value(json_object_get(entry, "image"));
	return out;
}

char *rewrite_url(const struct rewrite *rw, const char *target_out, bool absolute)
{
	return absolute ? url_for_dir("", target_out, 1)
			: url_for_dir(rw->out_dir, target_out, 0);
}

/* Whether data is what the record beside content lists for it: a file
 * another job made (a stylesheet's rewrite) and the cache may have
 * damaged. A file with no record beside it is one of the site's own. */
static bool matches_record(const char *content, const char *data, size_t len)
{
	char *copy = xstrdup(content), *dir = dirname(copy), *path = record_path(dir);
	json_t *record = record_load(dir, false), *f;
	const char *base = path_base(content);
	char hex[HASH_HEX_LEN + 1];
	/* A record that fails its check is damage too. */
	bool ok = record == NULL && access(path, F_OK) != 0;
	size_t i;

	if (record) {
		digest_hex(digest_mem(data, len), hex);
		json_array_foreach(json_object_get(record, "files"), i, f)
			if (strcmp(json_string_value(json_object_get(f, "name")), base) == 0)
				ok = strcmp(json_string_value(json_object_get(f, "hash")), hex) == 0;
	}
	json_decref(record);
	free(path);
	free(copy);
	return ok;
}

/* The final bytes of a file the page names with an integrity value (the
 * url map's "content"); NULL with a warning when unreadable, or with
 * rw->damaged set when they are not what their record says (the job
 * then fails and the build runs the job that made them again). */
static char *final_bytes(struct rewrite *rw, const char *content, size_t *len)
{
	char *data = read_file(content, len);

	if (!data) {
		warn("cannot read '%s', which '%s' names with an integrity value:", content,
		     rw->path);
		return NULL;
	}
	if (!matches_record(content, data, *len)) {
		char *copy = xstrdup(content);

		if (!rw->damaged)
			rw->damaged = xstrdup(dirname(copy));
		free(copy);
		free(data);
		return NULL;
	}
	return data;
}

/* The integrity value r's tag ends with, for its early hint to carry:
 * a preload the tag's value does not match is fetched twice. */
static void note_tag_integrity(struct rewrite *rw, const struct ref *r, const char *value)
{
	char key[24];

	snprintf(key, sizeof(key), "%zu", r->element);
	json_object_set_new(rw->tag_integrity, key, json_string(value));
}

/* The integrity value of r's tag made again from the final bytes of the
 * file it names (content, in the url map), with the strongest of the
 * algorithms it lists; left alone when it holds already, or names none
 * that distill knows (the browser ignores it then). Returns -1 when the
 * file cannot be read. */
static int rewrite_integrity(struct rewrite *rw, const struct ref *r, const char *target)
{
	const json_t *entry = json_object_get(rw->urls, target);
	const char *content = json_string_value(json_object_get(entry, "content"));
	struct html_attr attr = { "integrity", r->integrity_start, r->integrity_end };
	char *value, *token, *data;
	int alg = -1, ret = 0;
	size_t len;

	if (!content)
		return 0;
	value = html_attr_value(rw->data, &attr);
	for (char *t = value; *t; t += strcspn(t, " \t\n\f\r")) {
		int a;

		t += strspn(t, " \t\n\f\r");
		a = sha2_parse_alg(t, strcspn(t, " \t\n\f\r"));
		if (a > alg)
			alg = a;
	}
	if (alg < 0) {
		note_tag_integrity(rw, r, value);
		free(value);
		return 0;
	}
	data = final_bytes(rw, content, &len);
	if (!data) {
		free(value);
		return rw->damaged ? 0 : -1;
	}
	token = sha2_integrity((enum sha2_alg)alg, data, len);
	if (strstr(value, token)) {
		note_tag_integrity(rw, r, value);
		free(token);
	} else {
		note_tag_integrity(rw, r, token);
		rewrite_edit(rw, r->integrity_start, r->integrity_end, token);
		rw->nedits++;
	}
	free(data);
	free(value);
	return ret;
}

/* A new integrity attribute, SHA-384 of the final bytes, on the tag of a
 * reference the url map marks "add_integrity" (the plan's
 * adds_integrity()), just before the tag's end. Returns -1 when the file
 * cannot be read. */
static int rewrite_add_integrity(struct rewrite *rw, const struct ref *r, const char *target)
{
	const json_t *entry = json_object_get(rw->urls, target);
	const char *content = json_string_value(json_object_get(entry, "content"));
	size_t len, at;
	char *data, *token;

	if (!json_is_true(json_object_get(entry, "add_integrity")) || !content ||
	    r->element_end <= r->element || r->element_end > rw->len ||
	    rw->data[r->element_end - 1] != '>')
		return 0;
	data = final_bytes(rw, content, &len);
	if (!data)
		return rw->damaged ? 0 : -1;
	token = sha2_integrity(SHA2_384, data, len);
	note_tag_integrity(rw, r, token);
	/* Before "/>" unless the '/' ends an unquoted value, as in <img>. */
	at = r->element_end - 1;
	if (at >= 2 && rw->data[at - 1] == '/' && strchr(" \t\n\f\r\"'", rw->data[at - 2]))
		at--;
	rewrite_edit(rw, at, at, xasprintf(" integrity=\"%s\"", token));
	rw->nedits++;
	free(token);
	free(data);
	return 0;
}

/* Whether a framework renders the page again in the browser (hydration):
 * it expects the DOM its server wrote, so a <picture> distill wraps around
 * an <img> is a mismatch it undoes, with an error in the console. Told by
 * the markers the frameworks write: Vue's and Svelte's fragment comments
 * (VitePress, Nuxt, SvelteKit), React's suspense comments and Next.js' and
 * Nuxt's roots. */
static bool page_hydrates(const char *data, size_t len)
{
	static const char *const markers[] = { "<!--[-->", "<!--$-->", "data-server-rendered",
		"id=\"__next\"", "id=\"__nuxt\"", "data-sveltekit-hydrate", NULL };

	for (const char *const *m = markers; *m; m++)
		if (memmem(data, len, *m, strlen(*m)))
			return true;
	return false;
}

/* The edit for one reference, if it needs one. */
static void rewrite_ref(struct rewrite *rw, const struct ref *r)
{
	const char *image = NULL, *target_out;
	char *suffix = NULL, *target;

	if (r->kind == REF_BASE || url_is_external(r->url))
		return;
	target = url_resolve(rw->path, rw->base, r->url, &suffix);
	target_out = target ? rewrite_output_of(rw, target, &image) : NULL;
	if (target_out && r->kind == REF_IMG && image && rw->opt.picture && !rw->hydrated &&
	    rewrite_picture(rw, r, target, image)) {
		rw->pictures++;
		json_array_append_new(rw->picture_images, json_string(target));
	}
	if (target_out && !still_names(rw->output, rw->base, r->url, target_out)) {
		rewrite_edit(rw, r->start, r->suffix,
			     rewrite_url(rw, target_out, url_is_absolute(r->url)));
		rw->nedits++;
	}
	if (target_out && r->integrity && rewrite_integrity(rw, r, target) < 0)
		rw->failed = true;
	if (target_out && !r->integrity && rewrite_add_integrity(rw, r, target) < 0)
		rw->failed = true;
	free(target);
	free(suffix);
}

/* Parse the input, collect the edits and write DIR/out. Returns 0 or -1. */
static int rewrite_file(struct rewrite *rw, const char *content, json_t *record)
{
	bool css = asset_kind_from_suffix(rw->path) == KIND_CSS, readable = true;
	enum charset cs = CHARSET_UTF8;
	struct buf out = BUF_INIT;
	struct ref *refs = NULL;
	size_t nrefs = 0;
	char *path = NULL;
	int ret = -1;

	rw->data = read_file(content, &rw->len);
	if (!rw->data) {
		warn("cannot read '%s':", content);
		return -1;
	}
	/* A UTF-16 or Latin-1 page is edited as UTF-8 and written back in its
	 * own encoding; one that is not valid in it is left as it is. */
	if (!css) {
		char *text = charset_page_to_utf8(rw->data, &rw->len, &cs);

		if (text)
			rw->data = text;
		else
			warn("'%s' is not valid %s; its references are left as they are",
			     rw->path, charset_name(cs));
		readable = text != NULL;
	}
	if (!readable || (css ? css_refs(rw->data, rw->len, &refs, &nrefs)
			      : html_refs(rw->data, rw->len, &refs, &nrefs)) < 0) {
		/* Left as it is, as scan left it. */
		refs = NULL;
		nrefs = 0;
	}
	rw->hydrated = !css && page_hydrates(rw->data, rw->len);
	if (rw->hydrated)
		info(3, "'%s' is hydrated by a framework: its images stay <img>", rw->path);
	rw->base = base_href(refs, nrefs);
	rw->out_dir = url_base_dir(rw->output, rw->base);
	for (size_t i = 0; rw->out_dir && i < nrefs; i++)
		rewrite_ref(rw, &refs[i]);
	if (!css && readable && rw->out_dir)
		rewrite_register(rw, rewrite_loading(rw));
	if (rw->failed)
		goto out;
	edits_apply(&rw->edits, rw->data, rw->len, &out);
	if (readable && charset_converts(cs)) {
		struct buf page = BUF_INIT;

		charset_from_utf8(cs, out.data ? out.data : "", out.len, &page);
		buf_release(&out);
		out = page;
	}
	path = xasprintf("%s/out", rw->out);
	if (afile_put(path, out.data ? out.data : "", out.len) < 0 ||
	    !record_add_file(record, rw->out, "out")) {
		warn("cannot write '%s':", path);
		goto out;
	}
	json_object_set_new(record, "edits", json_integer((json_int_t)rw->nedits));
	json_object_set_new(record, "pictures", json_integer((json_int_t)rw->pictures));
	json_object_set(record, "picture_images", rw->picture_images);
	if (!css)
		json_object_set(record, "early_hints", rw->early_hints);
	ret = 0;
out:
	free(path);
	buf_release(&out);
	refs_free(refs, nrefs);
	return ret;
}

static int rewrite_run(int argc, char *argv[])
{
	struct rewrite rw = { 0 };
	const char *urls = NULL, *content = NULL, *sw_register = NULL;
	char *text = NULL;
	json_t *map = NULL, *record = NULL;
	json_error_t err;
	struct job job;
	int ret = -1;

	if (job_args(&pass_rewrite, argc, argv, &job) < 0)
		return -1;
	for (int i = 0; i < job.nargs; i++) {
		const char *a = job.args[i];

		if (has_prefix(a, "--urls="))
			urls = a + 7;
		else if (has_prefix(a, "--path="))
			rw.path = a + 7;
		else if (has_prefix(a, "--output="))
			rw.output = a + 9;
		else if (has_prefix(a, "--sw-register="))
			sw_register = a + 14;
		else if (!content && i == job.nargs - 1)
			content = a;
		else
			break;
	}
	if (!job.out || !urls || !rw.path || !rw.output || !content) {
		warn("usage: distill job rewrite --pass-version=N [--config=FILE] --out=DIR "
		     "--urls=FILE --path=PATH --output=PATH FILE");
		goto out;
	}
	if (job_reuse(&job)) {
		ret = 0;
		goto out;
	}
	if (rewrite_options(job.config, &rw.opt) < 0)
		goto out;
	rw.opt.sw_register = sw_register;
	text = job_read_input(&job, urls, "url map");
	map = text ? json_loads(text, 0, &err) : NULL;
	if (text && !json_is_object(map)) {
		warn("cannot read the url map '%s': %s", urls, map ? "not an object" : err.text);
		goto out;
	}
	if (!map)
		goto out;
	rw.urls = map;
	rw.out = job.out;
	rw.picture_images = json_array();
	rw.tag_integrity = json_object();
	rw.early_hints = json_array();
	rw.prefix = hash_prefix(job.config_root);
	if (mkdirs(job.out) < 0) {
		warn("cannot create '%s':", job.out);
		goto out;
	}
	record = record_new(pass_rewrite.name, pass_rewrite.version);
	if (rewrite_file(&rw, content, record) < 0)
		goto out;
	/* A page made without its images' variants must not be stored. */
	if (rw.damaged) {
		job_damaged(&job, rw.damaged);
		goto out;
	}
	if (record_write(record, job.out) < 0) {
		warn("cannot write '%s/record.json':", job.out);
		goto out;
	}
	ret = 0;
out:
	edits_release(&rw.edits);
	for (size_t i = 0; i < rw.npictures_made; i++) {
		free(rw.pictures_made[i].srcset);
		free(rw.pictures_made[i].srcset_root);
		free(rw.pictures_made[i].sizes);
	}
	free(rw.pictures_made);
	json_decref(rw.picture_images);
	json_decref(rw.tag_integrity);
	json_decref(rw.early_hints);
	free(rw.out_dir);
	free(rw.damaged);
	free(rw.data);
	json_decref(record);
	json_decref(map);
	free(text);
	job_release(&job);
	return ret;
}

/* The rewritten bytes replace the source as the asset's content. */
static int rewrite_merge(json_t *entry, const json_t *record, const char *dir,
			 const json_t *config)
{
	size_t i;
	json_t *f;

	(void)config;
	json_array_foreach(json_object_get(record, "files"), i, f) {
		const char *name = json_string_value(json_object_get(f, "name"));
		char *content;

		if (!name || strcmp(name, "out") != 0)
			continue;
		if (!json_is_integer(json_object_get(f, "size")) ||
		    !json_is_string(json_object_get(f, "hash")))
			return -1;
		content = xasprintf("%s/out", dir);
		json_object_set_new(entry, "content", json_string(content));
		json_object_set(entry, "output_size", json_object_get(f, "size"));
		json_object_set(entry, "output_hash", json_object_get(f, "hash"));
		if (json_is_array(json_object_get(record, "picture_images")))
			json_object_set(entry, "picture_images",
					json_object_get(record, "picture_images"));
		if (json_array_size(json_object_get(record, "early_hints")) > 0)
			json_object_set(entry, "early_hints", json_object_get(record, "early_hints"));
		free(content);
		return 0;
	}
	return -1;
}

const struct pass pass_rewrite = {
	.name = "rewrite",
	.summary = "rewrite references to moved files; turn <img> into <picture>; loading hints",
	.kind = PASS_ASSET,
	.version = 5,
	.defaults = rewrite_defaults,
	.plan = rewrite_plan,
	.run = rewrite_run,
	.merge = rewrite_merge,
};
