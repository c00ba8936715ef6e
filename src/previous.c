/* SPDX-License-Identifier: MIT */
/* Deploy-skew protection: previous.h says what and where. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../manifest/manifest.h"
#include "lib/afile.h"
#include "lib/buf.h"
#include "lib/cache_layout.h"
#include "lib/digest.h"
#include "lib/util.h"
#include "plan.h"
#include "previous.h"
#include "scan.h"
#include "site.h"
#include "state.h"

#define PREVIOUS_LIST "builds"
#define PREVIOUS_KEEP_IN_PLACE 2

struct prev_file {
	char *output;
	char hash[HASH_HEX_LEN + 1];
	unsigned long long size;
};

struct prev_build {
	long long time;
	struct prev_file *v;
	size_t n, cap;
};

struct prev_list {
	struct prev_build *v;
	size_t n, cap;
};

int previous_settings(const json_t *config, bool in_place, struct previous_settings *s)
{
	const json_t *hash = json_object_get(config, "hash");
	const json_t *keep = json_object_get(hash, "keepPrevious");
	const json_t *days = json_object_get(hash, "keepPreviousDays");

	if (!json_is_null(keep) && (!json_is_integer(keep) || json_integer_value(keep) < 0 ||
				    json_integer_value(keep) > 100)) {
		warn("config 'hash.keepPrevious' must be a number of builds (0 to 100), "
		     "or null (2 in place, 0 with --out)");
		return -1;
	}
	if (!json_is_number(days) || json_number_value(days) < 0) {
		warn("config 'hash.keepPreviousDays' must be a number of days");
		return -1;
	}
	s->keep = json_is_null(keep) ? (in_place ? PREVIOUS_KEEP_IN_PLACE : 0)
				     : (unsigned)json_integer_value(keep);
	s->max_age = (time_t)(json_number_value(days) * 86400);
	s->now = time(NULL);
	return 0;
}

/* <cache>/previous/name. A new string. */
static char *previous_path(const struct site *site, const char *name)
{
	char *dir = cache_path(site->cache, CACHE_PREVIOUS), *path;

	path = xasprintf("%s/%s", dir, name);
	free(dir);
	return path;
}

static char *bytes_path(const struct site *site, const char *hash)
{
	char *name = xasprintf("%s/bytes", hash), *path = previous_path(site, name);

	free(name);
	return path;
}

static void list_release(struct prev_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		for (size_t j = 0; j < l->v[i].n; j++)
			free(l->v[i].v[j].output);
		free(l->v[i].v);
	}
	free(l->v);
	*l = (struct prev_list){ 0 };
}

static void build_add(struct prev_build *b, const char *output, const char *hash,
		      unsigned long long size)
{
	struct prev_file *f;

	b->v = xgrow(b->v, &b->cap, b->n + 1, sizeof(*b->v));
	f = &b->v[b->n++];
	f->output = xstrdup(output);
	snprintf(f->hash, sizeof(f->hash), "%s", hash);
	f->size = size;
}

/* A content hash as the manifest writes it (digest_parse_hex()). */
static bool is_hash(const char *s)
{
	struct hash128 h;

	return digest_parse_hex(s, &h) == 0;
}

/* The remembered builds; none when there is no list or it is damaged (a
 * damaged list only costs the protection of one deploy). */
static void list_read(const struct site *site, struct prev_list *l)
{
	char *path = previous_path(site, PREVIOUS_LIST), *text, *line, *next;
	size_t len;

	*l = (struct prev_list){ 0 };
	text = read_file(path, &len);
	free(path);
	for (line = text; line && *line; line = next) {
		long long t;
		unsigned long long size;
		int at = 0;

		next = strchr(line, '\n');
		if (!next)
			break;
		*next++ = '\0';
		if (sscanf(line, "build %lld", &t) == 1) {
			l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
			l->v[l->n++] = (struct prev_build){ .time = t };
		} else if (l->n && strlen(line) > HASH_HEX_LEN + 2 && line[HASH_HEX_LEN] == ' ' &&
			   (line[HASH_HEX_LEN] = '\0', is_hash(line)) &&
			   sscanf(line + HASH_HEX_LEN + 1, "%llu %n", &size, &at) == 1 && at > 0) {
			build_add(&l->v[l->n - 1], line + HASH_HEX_LEN + 1 + at, line, size);
		} else {
			info(2, "the list of previous builds in '%s' is damaged; starting it again",
			     site->cache);
			list_release(l);
			break;
		}
	}
	free(text);
}

static int list_write(const struct site *site, const struct prev_list *l)
{
	char *path = previous_path(site, PREVIOUS_LIST);
	struct buf b = BUF_INIT;
	int ret;

	for (size_t i = 0; i < l->n; i++) {
		buf_addf(&b, "build %lld\n", l->v[i].time);
		for (size_t j = 0; j < l->v[i].n; j++)
			buf_addf(&b, "%s %llu %s\n", l->v[i].v[j].hash, l->v[i].v[j].size,
				 l->v[i].v[j].output);
	}
	ret = afile_put(path, b.data ? b.data : "", b.len);
	if (ret < 0)
		warn("cannot write '%s':", path);
	buf_release(&b);
	free(path);
	return ret;
}

/* The files of this build that are kept: the site's files whose names
 * change with their bytes, with bytes kept for them when keep_bytes. */
static void this_build(const struct site *site, const struct manifest *m,
		       struct prev_build *b, bool need_bytes)
{
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct manifest_file *f = &m->files[i];
		char *bytes;

		if ((f->role != ROLE_ASSET && f->role != ROLE_VARIANT) ||
		    !manifest_file_fingerprinted(m, f) || strchr(f->output, '\n') ||
		    !is_hash(f->hash) || f->size < 0)
			continue;
		bytes = bytes_path(site, f->hash);
		if (!need_bytes || access(bytes, F_OK) == 0)
			build_add(b, f->output, f->hash, (unsigned long long)f->size);
		free(bytes);
	}
}

static bool same_files(const struct prev_build *a, const struct prev_build *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].output, b->v[i].output) != 0 ||
		    strcmp(a->v[i].hash, b->v[i].hash) != 0)
			return false;
	return true;
}

/* Note output as a file of the tree: taken holds the files, folders every
 * folder above one. */
static void take(json_t *taken, json_t *folders, const char *output)
{
	char *dir = xstrdup(output);

	json_object_set_new(taken, output, json_true());
	for (char *s = strrchr(dir, '/'); s; s = strrchr(dir, '/')) {
		*s = '\0';
		json_object_set_new(folders, dir, json_true());
	}
	free(dir);
}

/* Whether output can join the tree: no file at it or at a folder above
 * it, and no file below it. */
static bool fits(const json_t *taken, const json_t *folders, const char *output)
{
	char *dir = xstrdup(output);
	bool ok = !json_object_get(taken, output) && !json_object_get(folders, output);

	for (char *s = strrchr(dir, '/'); s && ok; s = strrchr(dir, '/')) {
		*s = '\0';
		ok = !json_object_get(taken, dir);
	}
	free(dir);
	return ok;
}

json_t *previous_carry(const struct site *site, const struct previous_settings *s,
		       const struct manifest *m, const json_t *written)
{
	json_t *carried = json_array(), *taken, *folders, *f;
	struct prev_build current = { 0 };
	struct prev_list l;
	size_t i, start;

	if (!s->keep)
		return carried;
	taken = json_object();
	folders = json_object();
	list_read(site, &l);
	/* The newest remembered build may be this one again (the same files:
	 * only a page changed); then the keep before it are carried. */
	this_build(site, m, &current, false);
	start = l.n && same_files(&l.v[0], &current) ? 1 : 0;
	for (i = 0; i < current.n; i++)
		free(current.v[i].output);
	free(current.v);
	for (i = 0; i < m->nfiles; i++)
		take(taken, folders, m->files[i].output);
	json_array_foreach(written, i, f)
		if (!json_is_true(json_object_get(f, "root")))
			take(taken, folders, json_string_value(json_object_get(f, "output")));
	for (i = start; i < l.n && i < start + s->keep; i++) {
		const struct prev_build *b = &l.v[i];

		if (s->now - b->time > s->max_age)
			break;
		for (size_t j = 0; j < b->n; j++) {
			const struct prev_file *p = &b->v[j];
			char *bytes = bytes_path(site, p->hash);

			if (fits(taken, folders, p->output) && access(bytes, F_OK) == 0) {
				json_array_append_new(carried, json_pack("{s:s, s:s, s:s, s:b}",
					"output", p->output, "from", bytes, "hash", p->hash, "root", 0));
				take(taken, folders, p->output);
			}
			free(bytes);
		}
	}
	if (json_array_size(carried))
		info(2, "carrying %zu files of earlier builds for pages loaded before this deploy",
		     json_array_size(carried));
	json_decref(taken);
	json_decref(folders);
	list_release(&l);
	return carried;
}

char *previous_outputs(const struct site *site, const struct previous_settings *s)
{
	struct prev_list l;
	const char **v = NULL;
	size_t n = 0, cap = 0;
	json_t *list = json_array();
	char *text;

	if (!s->keep) {
		json_decref(list);
		return NULL;
	}
	list_read(site, &l);
	for (size_t i = 0; i < l.n && i <= s->keep && s->now - l.v[i].time <= s->max_age; i++)
		for (size_t j = 0; j < l.v[i].n; j++) {
			v = xgrow(v, &cap, n + 1, sizeof(*v));
			v[n++] = l.v[i].v[j].output;
		}
	if (n)
		sort_array(v, n, sizeof(*v), compare_strings);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(v[i - 1], v[i]) != 0)
			json_array_append_new(list, json_string(v[i]));
	text = n ? json_dumps(list, JSON_COMPACT) : NULL;
	free(v);
	list_release(&l);
	json_decref(list);
	return text;
}

/* Put from's bytes at tmp: a hard link, or across file systems a copy
 * checked against hex. Returns 0, or -1 with errno set. */
static int link_or_copy(const char *from, const char *tmp, const char *hex)
{
	struct hash128 want, got;
	int in, out, ret = -1;

	if (link(from, tmp) == 0)
		return 0;
	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out >= 0) {
		ret = digest_copy(in, out, &got);
		if (close(out) < 0)
			ret = -1;
	}
	close(in);
	if (ret == 0 && (digest_parse_hex(hex, &want) < 0 || !digest_equal(want, got))) {
		errno = EIO;
		ret = -1;
	}
	return ret;
}

/* Keep from's bytes at bytes, whole or not at all. */
static void keep_one(const char *from, const char *bytes, const char *hex)
{
	char *tmp = xasprintf("%s.tmp", bytes), *dir = xstrdup(bytes);

	*strrchr(dir, '/') = '\0';
	unlink(tmp);
	if (mkdirs(dir) < 0 || link_or_copy(from, tmp, hex) < 0 || rename(tmp, bytes) < 0) {
		info(2, "cannot keep '%s' for the next deploys (%s)", from, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	free(dir);
}

void previous_keep_bytes(const struct site *site, const struct manifest *m,
			 const struct previous_settings *s)
{
	if (!s->keep)
		return;
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct manifest_file *f = &m->files[i];
		char *bytes, *from;

		if ((f->role != ROLE_ASSET && f->role != ROLE_VARIANT) ||
		    !manifest_file_fingerprinted(m, f) || !is_hash(f->hash))
			continue;
		bytes = bytes_path(site, f->hash);
		if (access(bytes, F_OK) != 0) {
			from = plan_path_absolute(site, f->from);
			keep_one(from, bytes, f->hash);
			free(from);
		}
		free(bytes);
	}
}

/* Remove the kept bytes no remembered build names. */
static void prune(const struct site *site, const struct prev_list *l)
{
	char *dir = previous_path(site, "");
	json_t *used = json_object();
	DIR *d;
	struct dirent *e;

	for (size_t i = 0; i < l->n; i++)
		for (size_t j = 0; j < l->v[i].n; j++)
			json_object_set_new(used, l->v[i].v[j].hash, json_true());
	d = opendir(dir);
	while (d && (e = readdir(d))) {
		char *path;

		if (strlen(e->d_name) != HASH_HEX_LEN || json_object_get(used, e->d_name))
			continue;
		path = xasprintf("%s%s", dir, e->d_name);
		remove_tree(path);
		free(path);
	}
	if (d)
		closedir(d);
	json_decref(used);
	free(dir);
}

void previous_remember(const struct site *site, const struct manifest *m,
		       const struct previous_settings *s)
{
	struct prev_list l;
	struct prev_build now = { .time = s->now };
	size_t kept = 0;

	if (!s->keep) {
		char *dir = previous_path(site, "");

		/* Turned off: what was kept would only take room. */
		remove_tree(dir);
		free(dir);
		return;
	}
	list_read(site, &l);
	this_build(site, m, &now, true);
	if (l.n && same_files(&l.v[0], &now)) {
		for (size_t j = 0; j < now.n; j++)
			free(now.v[j].output);
		free(now.v);
	} else {
		l.v = xgrow(l.v, &l.cap, l.n + 1, sizeof(*l.v));
		memmove(l.v + 1, l.v, l.n * sizeof(*l.v));
		l.v[0] = now;
		l.n++;
	}
	/* This build and the keep before it, whose files it carried (so
	 * that previous_drop_carried() knows them), none past the age
	 * limit; the next build carries the first keep. */
	while (kept < l.n && kept <= s->keep && (kept == 0 || s->now - l.v[kept].time <= s->max_age))
		kept++;
	while (l.n > kept) {
		struct prev_build *b = &l.v[--l.n];

		for (size_t j = 0; j < b->n; j++)
			free(b->v[j].output);
		free(b->v);
	}
	if (list_write(site, &l) == 0)
		prune(site, &l);
	list_release(&l);
}

void previous_drop_carried(struct site *site, const struct previous_settings *s)
{
	struct prev_list l;
	json_t *own = json_object(), *older = json_object();
	char *state = NULL;
	bool *drop;
	size_t len = 0;

	if (!s->keep)
		goto out;
	list_read(site, &l);
	if (l.n < 2 || !(state = state_read(site, &len))) {
		list_release(&l);
		goto out;
	}
	for (size_t j = 0; j < l.v[0].n; j++)
		json_object_set_new(own, l.v[0].v[j].output, json_true());
	for (size_t i = 1; i < l.n; i++)
		for (size_t j = 0; j < l.v[i].n; j++)
			json_object_set_new(older, l.v[i].v[j].output,
					    json_string(l.v[i].v[j].hash));
	list_release(&l);
	drop = xcalloc(site->nassets + 1, sizeof(*drop));
	for (size_t i = 0; i < site->nassets; i++) {
		const struct asset *a = &site->assets[i];
		const char *hex = json_string_value(json_object_get(older, a->path));
		char have[HASH_HEX_LEN + 1];

		digest_hex(a->hash, have);
		drop[i] = hex && strcmp(hex, have) == 0 && !json_object_get(own, a->path) &&
			  state_wrote_file(state, len, a->path, hex);
		if (drop[i])
			info(3, "leaving out '%s': carried from an earlier build", a->path);
	}
	scan_drop_assets(site, drop);
	free(drop);
out:
	free(state);
	json_decref(own);
	json_decref(older);
}
