/* SPDX-License-Identifier: MIT */
/*
 * The inline scripts and styles of the site's pages, which a
 * Content-Security-Policy allows by hash (headers_inline()), and the
 * scripts that make styles as they run, which no hash allows.
 *
 * Every page and script is read for them, so what each file's bytes hold
 * is kept in inline.memo in the job's folder, under a key of the file's
 * kind and output hash: a build that changed one page of thousands reads
 * that page. An entry is lines: "s TOKEN" an inline script's hash, "c
 * TOKEN" a <style>'s, "u" inline style no hash allows, "m MARKER" what in
 * a script makes styles as it runs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../manifest/manifest.h"
#include "../src/lib/blob_memo.h"
#include "../src/lib/buf.h"
#include "../src/lib/html.h"
#include "../src/lib/refs.h"
#include "../src/lib/sha2.h"
#include "../src/lib/util.h"
#include "headers_int.h"

#define INLINE_MEMO "inline.memo"
#define INLINE_MEMO_MAGIC "distill-headers-inline"

/* What in a script says it makes inline style as it runs (a <style>
 * element, a style attribute, CSSOM rules), which no hash can allow. */
static const char *const runtime_style[] = {
	"createElement(\"style\")", "createElement('style')", "createElement(`style`)",
	"setAttribute(\"style\"", "setAttribute('style'", "insertRule(", "style=",
	NULL
};

static const char *makes_style(const char *text, size_t len)
{
	for (const char *const *m = runtime_style; *m; m++)
		if (memmem(text, len, *m, strlen(*m)))
			return *m;
	return NULL;
}

/* What one file holds, as its memo entry says it. */
struct inline_found {
	struct buf entry;
	bool unhashable;
	const char *marker;
};

static void add_line(struct buf *b, char tag, const char *value)
{
	buf_addc(b, tag);
	if (value) {
		buf_addc(b, ' ');
		buf_adds(b, value);
	}
	buf_addc(b, '\n');
}

static void on_hash(struct inline_found *f, char tag, const char *text, size_t n)
{
	char *token = sha2_integrity(SHA2_256, text, n);

	add_line(&f->entry, tag, token);
	free(token);
}

static void on_script(void *ctx, const char *text, size_t n)
{
	struct inline_found *f = ctx;
	const char *marker;

	on_hash(f, 's', text, n);
	if (!f->marker && (marker = makes_style(text, n))) {
		f->marker = marker;
		add_line(&f->entry, 'm', marker);
	}
}

static void on_style(void *ctx, const char *text, size_t n)
{
	on_hash(ctx, 'c', text, n);
}

/* Read the file of e (a page or a script) into f's entry; false when it
 * cannot be read (a rejected input, carried over unread). */
static bool read_inline(const struct manifest_entry *e, bool html, struct inline_found *f)
{
	size_t len;
	char *text = read_file_max(e->content, html ? REFS_MAX_SIZE : TEXT_READ_MAX, &len);
	const char *marker;

	if (!text)
		return false;
	if (html) {
		html_inline_scripts(text, len, on_script, f);
		html_inline_styles(text, len, on_style, f, &f->unhashable);
		if (f->unhashable)
			add_line(&f->entry, 'u', NULL);
	} else if ((marker = makes_style(text, len))) {
		add_line(&f->entry, 'm', marker);
	}
	free(text);
	return true;
}

/* Add what an entry says to the sets of hashes; the marker it names is
 * one of runtime_style (NULL when none). */
static const char *play(const char *p, size_t len, json_t *scripts, json_t *styles,
			bool *unhashable)
{
	const char *end = p + len, *marker = NULL;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *value = n > 2 ? xstrndup(p + 2, n - 2) : NULL;

		if (p[0] == 's' && value)
			json_object_set_new(scripts, value, json_true());
		else if (p[0] == 'c' && value)
			json_object_set_new(styles, value, json_true());
		else if (p[0] == 'u')
			*unhashable = true;
		for (const char *const *m = runtime_style; p[0] == 'm' && value && *m; m++)
			if (strcmp(*m, value) == 0 && !marker)
				marker = *m;
		free(value);
		p += n + 1;
	}
	return marker;
}

static struct hash128 memo_key(const struct manifest_entry *e)
{
	struct digest_key k;

	digest_key_init(&k);
	digest_key_str(&k, e->kind);
	digest_key_str(&k, e->output_hash);
	return digest_key_final(&k);
}

void headers_inline(const struct manifest *m, const char *memo_dir, struct csp_needs *need)
{
	json_t *scripts = json_object(), *styles = json_object();
	char *path = xasprintf("%s/%s", memo_dir, INLINE_MEMO);
	struct hash128 settings = blob_memo_settings(INLINE_MEMO_MAGIC " 1");
	struct blob_memo last;
	struct blob_memo_next next = { 0 };
	size_t nread = 0, remembered = 0;

	blob_memo_load(&last, path, INLINE_MEMO_MAGIC, settings);
	for (size_t i = 0; i < m->nentries; i++) {
		const struct manifest_entry *e = &m->entries[i];
		bool html = strcmp(e->kind, "html") == 0, unhashable = false;
		struct hash128 key = memo_key(e);
		const struct blob_memo_entry *known;
		struct inline_found f = { BUF_INIT, false, NULL };
		const char *marker;

		if ((!html && strcmp(e->kind, "js") != 0) || (!html && need->style_inline))
			continue;
		if ((known = blob_memo_find(&last, key))) {
			blob_memo_add(&next, key, known->data, known->len);
			marker = play(known->data, known->len, scripts, styles, &unhashable);
			remembered++;
		} else if (read_inline(e, html, &f)) {
			blob_memo_add(&next, key, f.entry.data ? f.entry.data : "", f.entry.len);
			marker = play(f.entry.data ? f.entry.data : "", f.entry.len, scripts,
				      styles, &unhashable);
			nread++;
		} else {
			continue;
		}
		buf_release(&f.entry);
		if (!html && marker)
			need->style_inline = xasprintf("'%s' makes styles as it runs ('%s')",
						       e->path, marker);
		if (html && unhashable && !need->style_inline)
			need->style_inline = xasprintf("'%s' has inline style a hash cannot allow "
						       "(a style attribute, or <style> in SVG)", e->path);
		if (html && marker && !need->style_inline)
			need->style_inline = xasprintf("an inline script of '%s' makes styles "
						       "as it runs ('%s')", e->path, marker);
	}
	info(3, "headers: inline scripts and styles of %zu files, %zu read, %zu from the memo",
	     nread + remembered, nread, remembered);
	if (blob_memo_write(&next, path, INLINE_MEMO_MAGIC, settings) < 0)
		info(1, "cannot write '%s': %s", path, strerror(errno));
	blob_memo_release(&last);
	blob_memo_next_release(&next);
	free(path);
	need->script_hashes = headers_sorted_keys(scripts);
	need->style_hashes = headers_sorted_keys(styles);
}
