/* SPDX-License-Identifier: MIT */
/*
 * The state the last commit left in <cache>/last-output (format:
 * state.h), and the two questions it answers before anything is
 * planned: is DIST already the last output (an in-place rebuild), and were
 * the last build's inputs the same as now with its output untouched since.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commit.h"
#include "lib/afile.h"
#include "lib/buf.h"
#include "lib/cache_layout.h"
#include "lib/identity.h"
#include "lib/util.h"
#include "site.h"
#include "state.h"

static char *state_path(const struct site *site)
{
	return cache_path(site->cache, CACHE_STATE);
}

char *state_read(const struct site *site, size_t *len)
{
	char *path = state_path(site);
	char *state = read_file(path, len);

	free(path);
	return state;
}

int state_write(const struct site *site, const struct buf *state, bool if_changed)
{
	char *path = state_path(site);
	int r = if_changed ? afile_put_if_changed(path, state->data, state->len)
			   : afile_put(path, state->data, state->len);

	if (r < 0)
		warn("cannot write '%s':", path);
	free(path);
	return r < 0 ? -1 : 0;
}

static void add_external(struct buf *b, const char *path)
{
	buf_adds(b, "external ");
	file_identity(b, path);
	buf_addf(b, "\t%s", path);
	buf_addc(b, '\0');
}

void state_header(struct buf *b, struct hash128 inputs,
		  const struct build_summary *s,
		  const char *const *externals, size_t nexternals)
{
	char hex[HASH_HEX_LEN + 1];

	digest_hex(inputs, hex);
	buf_addf(b, "inputs %s", hex);
	buf_addc(b, '\0');
	buf_addf(b, "summary %zu %zu %llu %llu %zu", s->assets, s->files, s->bytes,
		 s->brotli, s->rejected);
	buf_addc(b, '\0');
	for (size_t i = 0; i < nexternals; i++)
		add_external(b, externals[i]);
}

void state_add_file(struct buf *b, const char *root, const char *hex,
		    const char *path)
{
	char *abs = xasprintf("%s/%s", root, path);

	buf_adds(b, hex);
	buf_addc(b, ' ');
	file_identity(b, abs);
	buf_addc(b, '\t');
	buf_add(b, path, strlen(path) + 1);
	free(abs);
}

bool state_same_file(const char *record, const char *root, const char *path)
{
	const char *tab = strchr(record, '\t'), *ino = tab;
	char *abs = xasprintf("%s/%s", root, path);
	struct stat st;
	bool same;

	while (ino && ino > record && ino[-1] != ' ')
		ino--;
	same = ino && lstat(abs, &st) == 0 && S_ISREG(st.st_mode) &&
	       strtoull(ino, NULL, 10) == (unsigned long long)st.st_ino;
	free(abs);
	return same;
}

static bool is_header(const char *record)
{
	return has_prefix(record, "inputs ") || has_prefix(record, "summary ") ||
	       has_prefix(record, "external ");
}

bool state_wrote_file(const char *state, size_t len, const char *path,
		      const char *hex)
{
	const char *end = state + len;

	for (const char *p = state ? state_files(state, len) : end; p < end;
	     p += strlen(p) + 1) {
		const char *tab = strchr(p, '\t'), *space = strchr(p, ' ');

		if (tab && space && space < tab && strcmp(tab + 1, path) == 0)
			return (size_t)(space - p) == strlen(hex) &&
			       strncmp(p, hex, strlen(hex)) == 0;
	}
	return false;
}

const char *state_files(const char *state, size_t len)
{
	const char *p = state, *end = state + len;

	while (p < end && is_header(p))
		p += strlen(p) + 1;
	return p;
}

static long count_under(const char *root, const char *rel)
{
	char *abs = *rel ? xasprintf("%s/%s", root, rel) : xstrdup(root);
	DIR *dir = opendir(abs);
	struct dirent *e;
	long n = 0;

	free(abs);
	if (!dir)
		return -1;
	while (n >= 0 && (e = readdir(dir))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (S_ISDIR(dir_entry_type(dir, e))) {
			char *child = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
			long m = count_under(root, child);

			free(child);
			n = m < 0 ? -1 : n + m;
		} else {
			n++;
		}
	}
	closedir(dir);
	return n;
}

long state_count_files(const char *root)
{
	return count_under(root, "");
}

bool state_is_last_output(const struct site *site)
{
	size_t len, i = 0;
	char *last = state_read(site, &len);
	const char *p = last ? state_files(last, len) : NULL, *end = last + len;
	bool same = last != NULL;

	/* Records and assets are both sorted by path: compare them pairwise. */
	for (; same && p < end; i++) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		char hex[HASH_HEX_LEN + 1];

		if (i >= site->nassets || !tab) {
			same = false;
			break;
		}
		digest_hex(site->assets[i].hash, hex);
		same = strncmp(p, hex, HASH_HEX_LEN) == 0 &&
		       strcmp(tab + 1, site->assets[i].path) == 0;
		p = tab + strlen(tab) + 1;
	}
	free(last);
	return same && i == site->nassets;
}

/* Each record from p on, up to end, still describes its file: root/PATH for
 * file records, PATH for external ones. Returns how many file records. */
static long records_hold(const char *p, const char *end, const char *root)
{
	struct buf now = BUF_INIT;
	long files = 0;

	for (; p < end; p += strlen(p) + 1) {
		const char *tab = strchr(p, '\t');
		if (!tab) {
			files = -1;
			break;
		}
		buf_reset(&now);
		if (has_prefix(p, "external ")) {
			add_external(&now, tab + 1);
		} else if (is_header(p) || !strchr(p, ' ') || strchr(p, ' ') > tab) {
			files = -1;
			break;
		} else {
			char *hex = xstrndup(p, (size_t)(strchr(p, ' ') - p));

			state_add_file(&now, root, hex, tab + 1);
			free(hex);
			files++;
		}
		if (now.len != strlen(p) + 1 || memcmp(now.data, p, now.len) != 0) {
			files = -1;
			break;
		}
	}
	buf_release(&now);
	return files;
}

/* The check of the last output, run beside the scan: the scan reads DIST
 * on the cores, this stats the target's files, on a core the walk leaves
 * idle. */
struct state_check {
	pthread_t thread;
	bool started;
	char *state, *root; /* the last state, the site folder in the target */
	size_t len;
	bool holds;         /* the target holds what the state says, exactly */
};

static void *check_outputs(void *arg)
{
	struct state_check *c = arg;
	const char *end = c->state + c->len, *summary_record;
	long files;

	if (c->len == 0 || c->state[c->len - 1] != '\0' || !has_prefix(c->state, "inputs "))
		return NULL;
	summary_record = c->state + strlen(c->state) + 1;
	if (summary_record >= end)
		return NULL;
	files = records_hold(summary_record + strlen(summary_record) + 1, end, c->root);
	c->holds = files >= 0 && state_count_files(c->root) == files;
	return NULL;
}

struct state_check *state_check_start(const struct site *site, const struct commit_options *co)
{
	struct state_check *c = xcalloc(1, sizeof(*c));

	c->state = state_read(site, &c->len);
	if (!c->state)
		return c;
	c->root = xasprintf("%s%s%s", co->target, *co->site_dir ? "/" : "", co->site_dir);
	c->started = pthread_create(&c->thread, NULL, check_outputs, c) == 0;
	if (!c->started)
		check_outputs(c);
	return c;
}

void state_check_free(struct state_check *c)
{
	if (!c)
		return;
	if (c->started)
		pthread_join(c->thread, NULL);
	free(c->state);
	free(c->root);
	free(c);
}

bool state_check_untouched(struct state_check *c)
{
	if (c->started)
		pthread_join(c->thread, NULL);
	c->started = false;
	return c->holds;
}

bool state_is_unchanged(struct state_check *c, struct hash128 inputs,
			struct build_summary *summary)
{
	char hex[HASH_HEX_LEN + 1];
	const char *summary_record;

	if (!state_check_untouched(c))
		return false;
	digest_hex(inputs, hex);
	if (strcmp(c->state + strlen("inputs "), hex) != 0)
		return false;
	summary_record = c->state + strlen(c->state) + 1;
	return sscanf(summary_record, "summary %zu %zu %llu %llu %zu", &summary->assets,
		      &summary->files, &summary->bytes, &summary->brotli,
		      &summary->rejected) == 5 && summary->rejected == 0;
}

static char *read_targets(const struct site *site, size_t *len)
{
	char *path = cache_path(site->cache, CACHE_TARGETS);
	char *text = read_file(path, len);

	free(path);
	return text;
}

/* True when the list text[0, len) holds target as a whole line. */
static bool lists(const char *text, size_t len, const char *target)
{
	size_t n = strlen(target);

	for (const char *p = text, *end = text + len; p && p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (k == n && memcmp(p, target, n) == 0)
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

/* target as seen from the cache folder: the same when the project moves
 * with its cache and its output inside it. */
static char *from_cache(const struct site *site, const char *target)
{
	return path_relative(site->cache, target);
}

bool state_wrote_target(const struct site *site, const char *target)
{
	size_t len = 0;
	char *text = read_targets(site, &len), *rel = from_cache(site, target);
	bool wrote = text && (lists(text, len, target) || lists(text, len, rel));

	free(rel);
	free(text);
	return wrote;
}

int state_note_target(const struct site *site, const char *target)
{
	size_t len = 0;
	char *text = read_targets(site, &len), *path, *rel = from_cache(site, target);
	struct buf b = BUF_INIT;
	int ret = 0;

	if (text && lists(text, len, target) && lists(text, len, rel))
		goto out;
	if (text)
		buf_add(&b, text, len);
	if (b.len > 0 && b.data[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	if (!text || !lists(text, len, target))
		buf_addf(&b, "%s\n", target);
	if (!text || !lists(text, len, rel))
		buf_addf(&b, "%s\n", rel);
	path = cache_path(site->cache, CACHE_TARGETS);
	if (afile_put(path, b.data, b.len) < 0) {
		warn("cannot write '%s':", path);
		ret = -1;
	}
	free(path);
out:
	free(rel);
	free(text);
	buf_release(&b);
	return ret;
}
