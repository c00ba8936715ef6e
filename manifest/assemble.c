/* SPDX-License-Identifier: MIT */
/*
 * The manifest's text, put together from assets.json (one entry per line,
 * as manifest_plan() writes it): an entry whose line and records are as
 * they were last time comes from the memo as text; the others are read,
 * merged through the passes (merge.c) and written out, and join the memo
 * for the next run. The text is what json_dumps() of the whole merged
 * tree would give (keys sorted, compact), so a memo changes no byte.
 */
#include <stdlib.h>
#include <string.h>

#include "../passes/job.h"
#include "../src/lib/buf.h"
#include "../src/lib/util.h"
#include "../src/pass.h"
#include "assemble.h"
#include "integrity.h"
#include "memo.h"
#include "merge.h"

/* The memo is written again when more than one entry in this many was
 * merged anew. */
#define MEMO_REWRITE 64

/* What the assembly holds while it runs. */
struct assembly {
	const struct job *job;
	const char *assets_path;
	struct memo memo;
	struct memo_entry *entries; /* in the order of assets.json */
	size_t nentries, cap;
	void **owned;              /* what the merged (not memo) entries hold */
	size_t nowned, owned_cap;
	size_t merged;             /* entries merged, not from the memo */
};

static void *own(struct assembly *as, void *p)
{
	as->owned = xgrow(as->owned, &as->owned_cap, as->nowned + 1, sizeof(*as->owned));
	as->owned[as->nowned++] = p;
	return p;
}

/* The settings the memo's entries hold for: distill's version and the
 * whole configuration, which merge() reads. */
static struct hash128 memo_settings(const struct job *job)
{
	char *config = json_dumps(job->config_root, JSON_SORT_KEYS | JSON_COMPACT);
	struct digest_key k;

	if (!config)
		fatal("out of memory");
	digest_key_init(&k);
	digest_key_str(&k, DISTILL_VERSION "/manifest-memo-1");
	digest_key_str(&k, config);
	free(config);
	return digest_key_final(&k);
}

/* The store folders of entry's records, in the passes' order, each with
 * the identity it has now: taken before the records are read, so that a
 * record that changes meanwhile is read again next time. */
static void note_records(struct assembly *as, const json_t *entry, struct memo_entry *e)
{
	const json_t *records = json_object_get(entry, "records");

	e->records = own(as, xcalloc(json_object_size(records) + 1, sizeof(*e->records)));
	for (int j = 0; passes[j]; j++) {
		const char *dir = json_string_value(json_object_get(records, passes[j]->name));
		struct memo_record *r = &e->records[e->nrecords];

		if (!dir || e->nrecords == json_object_size(records))
			continue;
		r->dir = own(as, xstrdup(dir));
		/* A record that is not there cannot match next time. */
		if (memo_record_identity(dir, r->identity) < 0)
			memset(r->identity, '0', HASH_HEX_LEN);
		e->nrecords++;
	}
}

/* Merge the entry of line (one not in the memo) into e. Returns 0, or -1
 * after a warning. */
static int merge_line(struct assembly *as, const char *line, size_t len, struct memo_entry *e)
{
	json_error_t err;
	json_t *entry = json_loadb(line, len, 0, &err), *files = json_array(), *f;
	char *text;
	size_t i;
	int ret = -1;

	if (!json_is_object(entry)) {
		warn("cannot read an entry of '%s': %s", as->assets_path,
		     entry ? "not an object" : err.text);
		goto out;
	}
	note_records(as, entry, e);
	if (manifest_merge_entry(as->job, entry, files, as->job->config_root) < 0)
		goto out;
	manifest_integrity(entry);
	e->text = own(as, json_dumps(entry, JSON_SORT_KEYS | JSON_COMPACT));
	if (!e->text)
		fatal("out of memory");
	e->len = strlen(e->text);
	e->files = own(as, xcalloc(json_array_size(files) + 1, sizeof(*e->files)));
	json_array_foreach(files, i, f) {
		struct merged_file *ref = &e->files[e->nfiles];

		if (manifest_file_ref(f, ref, &text) < 0) {
			warn("a file of '%s' has no output",
			     json_string_value(json_object_get(entry, "path")));
			goto out;
		}
		own(as, text);
		ref->output = own(as, xstrdup(ref->output));
		e->nfiles++;
	}
	as->merged++;
	ret = 0;
out:
	json_decref(files);
	json_decref(entry);
	return ret;
}

/* Each entry line of text, in order, from the memo or merged. Returns 0,
 * or -1 after warnings: every damaged entry is named, so that one rerun
 * mends all. */
static int read_entries(struct assembly *as, char *text, size_t len)
{
	char *p = text, *end = text + len;
	bool bad = false, closed = false;

	while (p < end && !closed) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const struct memo_entry *known;
		struct memo_entry *e;
		struct hash128 key;

		if (n == 2 && memcmp(p, "]}", 2) == 0) {
			closed = true;
			break;
		}
		if (n > 0 && p[n - 1] == ',')
			n--;
		key = digest_mem(p, n);
		as->entries = xgrow(as->entries, &as->cap, as->nentries + 1, sizeof(*as->entries));
		e = &as->entries[as->nentries++];
		if ((known = memo_find(&as->memo, key))) {
			*e = *known;
		} else {
			memset(e, 0, sizeof(*e));
			e->key = key;
			if (merge_line(as, p, n, e) < 0)
				bad = true;
		}
		p = nl ? nl + 1 : end;
	}
	if (!closed) {
		warn("cannot read '%s': it ends before its list of assets does", as->assets_path);
		return -1;
	}
	return bad ? -1 : 0;
}

/* The site's fields from the first line of assets.json: that line with
 * its "assets" array closed is a JSON object. */
static json_t *read_head(const struct assembly *as, const char *text, size_t len, size_t *used)
{
	const char *nl = memchr(text, '\n', len);
	char *head;
	json_t *v;

	if (!nl) {
		warn("cannot read '%s': not as the plan writes it", as->assets_path);
		return NULL;
	}
	head = xasprintf("%.*s]}", (int)(nl - text), text);
	v = json_loads(head, 0, NULL);
	free(head);
	if (!json_is_array(json_object_get(v, "assets")) || json_object_get(v, "files")) {
		warn("cannot read '%s': not as the plan writes it", as->assets_path);
		json_decref(v);
		return NULL;
	}
	*used = (size_t)(nl - text) + 1;
	return v;
}

static int compare_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The manifest's text: head's fields and "assets" and "files", in the
 * order of their names, as json_dumps() with JSON_SORT_KEYS orders them. */
static char *write_text(const struct assembly *as, const json_t *head,
			const struct merged_file *files, const size_t *keep, size_t nkeep,
			size_t *len)
{
	const char **keys = xcalloc(json_object_size(head) + 2, sizeof(*keys));
	struct buf b = BUF_INIT;
	const char *key;
	size_t n = 0;
	json_t *v;

	json_object_foreach((json_t *)head, key, v)
		keys[n++] = key;
	keys[n++] = "files";
	sort_array(keys, n, sizeof(*keys), compare_keys);
	buf_addc(&b, '{');
	for (size_t i = 0; i < n; i++) {
		buf_addf(&b, "%s\"%s\":", i ? "," : "", keys[i]);
		if (strcmp(keys[i], "assets") == 0) {
			buf_addc(&b, '[');
			for (size_t e = 0; e < as->nentries; e++) {
				if (e)
					buf_addc(&b, ',');
				buf_add(&b, as->entries[e].text, as->entries[e].len);
			}
			buf_addc(&b, ']');
		} else if (strcmp(keys[i], "files") == 0) {
			buf_addc(&b, '[');
			for (size_t f = 0; f < nkeep; f++) {
				if (f)
					buf_addc(&b, ',');
				buf_add(&b, files[keep[f]].text, files[keep[f]].len);
			}
			buf_addc(&b, ']');
		} else {
			char *text = json_dumps(json_object_get(head, keys[i]),
						JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);

			if (!text)
				fatal("out of memory");
			buf_adds(&b, text);
			free(text);
		}
	}
	buf_addc(&b, '}');
	free(keys);
	*len = b.len;
	return buf_detach(&b);
}

/* Every entry's files in one list, in the entries' order. */
static struct merged_file *all_files(const struct assembly *as, size_t *n)
{
	struct merged_file *v;
	size_t total = 0;

	for (size_t e = 0; e < as->nentries; e++)
		total += as->entries[e].nfiles;
	v = xcalloc(total + 1, sizeof(*v));
	*n = 0;
	for (size_t e = 0; e < as->nentries; e++)
		for (size_t f = 0; f < as->entries[e].nfiles; f++)
			v[(*n)++] = as->entries[e].files[f];
	return v;
}

char *manifest_assemble(const struct job *job, const char *assets_path, size_t *len)
{
	struct assembly as = { .job = job, .assets_path = assets_path };
	struct hash128 settings = memo_settings(job);
	struct merged_file *files = NULL;
	size_t text_len, used, nfiles = 0, *keep = NULL;
	char *text = read_file(assets_path, &text_len), *out = NULL;
	json_t *head = NULL;
	long nkeep;

	if (!text) {
		warn("cannot read '%s':", assets_path);
		return NULL;
	}
	if (!(head = read_head(&as, text, text_len, &used)))
		goto done;
	memo_load(&as.memo, job->out, settings);
	if (read_entries(&as, text + used, text_len - used) < 0)
		goto done;
	files = all_files(&as, &nfiles);
	keep = xcalloc(nfiles + 1, sizeof(*keep));
	if ((nkeep = manifest_files_order(files, nfiles, keep)) < 0)
		goto done;
	out = write_text(&as, head, files, keep, (size_t)nkeep, len);
	info(3, "manifest: %zu entries, %zu merged, %zu from the memo", as.nentries,
	     as.merged, as.nentries - as.merged);
	/* Written again when more than one entry in 64 was merged anew: the
	 * rest of the time the few it misses are merged again next run,
	 * which costs less than writing it (75 MB at 100,000 files). Only
	 * saves work: a memo that cannot be written is no failure. */
	if (as.merged * MEMO_REWRITE > as.nentries &&
	    (mkdirs(job->out) < 0 || memo_write(job->out, settings, as.entries, as.nentries) < 0))
		warn("cannot write the manifest's memo in '%s':", job->out);
done:
	free(keep);
	free(files);
	for (size_t i = 0; i < as.nowned; i++)
		free(as.owned[i]);
	free(as.owned);
	free(as.entries);
	memo_release(&as.memo);
	json_decref(head);
	free(text);
	return out;
}
