/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../manifest/record.h"
#include "pass.h"
#include "cache.h"
#include "commit.h"
#include "commit_list.h"
#include "commit_spare.h"
#include "lib/afile.h"
#include "lib/buf.h"
#include "lib/digest.h"
#include "lib/interrupt.h"
#include "lib/util.h"
#include "plan.h"
#include "site.h"
#include "state.h"

#define STAGING_MARK ".distill-new-"

static char *staging_path(const char *target)
{
	char *copy = xstrdup(target), *copy2 = xstrdup(target);
	char *path = xasprintf("%s/.%s" STAGING_MARK "%ld", dirname(copy),
			       basename(copy2), (long)getpid());

	free(copy);
	free(copy2);
	return path;
}

void commit_clean_stale(const char *target)
{
	char *copy = xstrdup(target), *copy2 = xstrdup(target);
	char *parent = dirname(copy);
	char *prefix = xasprintf(".%s" STAGING_MARK, basename(copy2));
	DIR *dir = opendir(parent);
	struct dirent *e;

	while (dir && (e = readdir(dir))) {
		if (has_prefix(e->d_name, prefix)) {
			char *path = xasprintf("%s/%s", parent, e->d_name);

			info(3, "removing '%s' left by an interrupted build", path);
			remove_tree(path);
			free(path);
		}
	}
	if (dir)
		closedir(dir);
	free(prefix);
	free(copy);
	free(copy2);
}

/* The folder make_parents() made last: files come in path order, so most
 * share their folder with the one before, and need no system call. The
 * commit runs once a process, on one thread; write_tree() clears it. */
static char *made_last;

static int make_parents(const char *root, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	char *dir;

	if (!slash)
		return 0;
	dir = xasprintf("%s/%.*s", root, (int)(slash - rel), rel);
	if (made_last && strcmp(made_last, dir) == 0) {
		free(dir);
		return 0;
	}
	free(made_last);
	made_last = NULL;
	if (mkdirs(dir) < 0) {
		free(dir);
		return -1;
	}
	made_last = dir;
	return 0;
}

/* Copy from to to, hashing the bytes on the way. Returns 0, -1 (errno). */
static int copy_hashing(const char *from, const char *to, struct hash128 *h)
{
	int in = open(from, O_RDONLY | O_CLOEXEC), out, r, e;

	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		e = errno;
		close(in);
		errno = e;
		return -1;
	}
	r = digest_copy(in, out, h);
	e = errno;
	close(in);
	if (close(out) < 0 && r == 0) {
		e = errno;
		r = -1;
	}
	errno = e;
	return r;
}

/* A relative path that stays below its root: no "..", no leading '/'. */
static bool inside(const char *path)
{
	if (!*path || *path == '/')
		return false;
	for (const char *s = path; s; s = strchr(s, '/') ? strchr(s, '/') + 1 : NULL)
		if (has_prefix(s, "../") || strcmp(s, "..") == 0)
			return false;
	return true;
}

/* Copy a file into the staging tree. Sources in DIST are hard-linked when
 * allowed; store files are checked against their recorded hash. */
static int place_file(const struct site *site, const struct commit_options *co,
		      const char *root, const char *output, const char *from,
		      const char *hex)
{
	char *to = xasprintf("%s/%s", root, output);
	bool from_dist = path_is_under(from, site->dist);
	struct hash128 want, got;
	int ret = COMMIT_OK;

	/* A foreign or forged record must not place a file outside the output
	 * nor bring one from outside DIST and the cache. */
	if (!inside(output) || (!from_dist && (!path_is_under(from, site->cache) ||
					       strstr(from, "/../")))) {
		warn("refusing to place '%s' at '%s': a record in '%s' is foreign or "
		     "damaged; remove that folder", from, output, site->cache);
		free(to);
		return COMMIT_FAILED;
	}
	if (make_parents(root, output) < 0) {
		warn("cannot create the folder of '%s':", to);
		free(to);
		return COMMIT_FAILED;
	}
	if (from_dist && co->link_sources && link(from, to) == 0) {
		free(to);
		return COMMIT_OK;
	}
	if (copy_hashing(from, to, &got) < 0) {
		if (errno == EEXIST) {
			/* Placed already (an aggregate and an asset agree). */
		} else if (!from_dist && errno == ENOENT) {
			ret = COMMIT_STALE;
		} else {
			warn("cannot copy '%s' to '%s':", from, to);
			ret = COMMIT_FAILED;
		}
	} else if (!from_dist && (!hex || digest_parse_hex(hex, &want) < 0 ||
				  !digest_equal(want, got))) {
		ret = COMMIT_STALE;
	}
	if (ret == COMMIT_STALE) {
		/* A damaged store entry: drop it so that the job runs again. */
		char *copy = xstrdup(from);

		warn("cache entry '%s' is damaged; rebuilding it", from);
		remove_tree(dirname(copy));
		free(copy);
	}
	free(to);
	return ret;
}

/* The gen folder of the next aggregate pass from *p on that runs on the
 * site (a new string; *p moves past it), or NULL after the last. */
static char *next_aggregate(const struct site *site, const struct pass *const **p)
{
	for (; **p; (*p)++)
		if ((**p)->kind == PASS_AGGREGATE && site_runs_pass(site, (**p)->name))
			return cache_gen_dir(site->cache, (*(*p)++)->name);
	return NULL;
}

/*
 * The files the enabled aggregates wrote, from their records, as
 * commit_file_list() takes them: "root" for a file placed relative to the
 * output folder rather than the site (Vercel's config.json, whose
 * ".vercel/output/" is the output folder itself under --vercel). A
 * switched-off pass's old output stays out.
 */
static json_t *aggregate_files(const struct site *site, const struct commit_options *co)
{
	json_t *list = json_array(), *f;
	const struct pass *const *p = passes;
	size_t i;
	char *dir;

	while ((dir = next_aggregate(site, &p))) {
		json_t *record = record_load(dir, false);

		json_array_foreach(json_object_get(record, "files"), i, f) {
			const char *name = json_string_value(json_object_get(f, "name"));
			const char *output = json_string_value(json_object_get(f, "output"));
			const char *output_root = json_string_value(json_object_get(f, "output_root"));
			bool root = !output;

			if (root && output_root && *co->site_dir &&
			    has_prefix(output_root, ".vercel/output/"))
				output_root += strlen(".vercel/output/");
			if (!name || (!output && !output_root))
				continue;
			json_array_append_new(list, json_pack("{s:s, s:s++, s:O, s:b, s:b}",
				"output", output ? output : output_root,
				"from", dir, "/", name,
				"hash", json_object_get(f, "hash"), "root", root,
				"merges", json_is_true(json_object_get(f, "merges"))));
		}
		json_decref(record);
		free(dir);
	}
	return list;
}

bool commit_aggregates_damaged(const struct site *site)
{
	const struct pass *const *p = passes;
	bool damaged = false;
	char *dir;

	while ((dir = next_aggregate(site, &p))) {
		char *path = record_path(dir);
		json_t *record = access(path, F_OK) == 0 ? record_load(dir, true) : NULL;

		if (access(path, F_OK) == 0 && !record) {
			warn("cache entry '%s' is damaged; rebuilding it", dir);
			remove_tree(dir);
			damaged = true;
		}
		json_decref(record);
		free(path);
		free(dir);
	}
	return damaged;
}

/* The last commit's file records, for reuse_unchanged(). */
struct last_files {
	const char *target_root; /* where that commit put them */
	const char *next, *end;  /* records not yet passed, sorted by path */
	/* The records of the target's files as they are now, one per file
	 * of the new tree in its order, when target_is_current() made them
	 * (else next_now is NULL): not stat'ed twice. */
	const char *next_now, *end_now;
	struct buf scratch;
	/* The target holds exactly the files of these records, as the check
	 * beside the scan found (commit_options): a record is its file's
	 * record now, and nothing is stat'ed. */
	bool untouched;
	/* The records of the files the spare kept, each still true after the
	 * swap (their inodes were not touched), and where each is: one
	 * offset in kept per file of the new tree, or NOT_KEPT. */
	struct buf kept;
	size_t *kept_at, nplaced;
};

#define NOT_KEPT SIZE_MAX

/* The record of output as the target holds it now: the one
 * target_is_current() made, when it made them, else a new one in
 * last->scratch. Files come in the tree's order. */
static const char *record_now(struct last_files *last, const char *output, const char *hex)
{
	const char *r = last->next_now, *tab;

	if (r && r < last->end_now)
		last->next_now += strlen(r) + 1;
	else
		r = NULL;
	if (!hex)
		return NULL;
	if (r && (tab = strchr(r, '\t')) && strcmp(tab + 1, output) == 0)
		return r;
	buf_reset(&last->scratch);
	state_add_file(&last->scratch, last->target_root, hex, output);
	return last->scratch.data;
}

/* Whether record (of state_add_file()) is of the bytes hashed hex. */
static bool record_has_hash(const char *record, const char *hex)
{
	size_t n = strlen(hex);

	return strncmp(record, hex, n) == 0 && record[n] == ' ';
}

/*
 * The target's record of output when the target holds it unchanged since
 * the last commit wrote it (its record in the state says so) and with the
 * bytes wanted now, else NULL. Files come in path order, as the records
 * do.
 */
static const char *unchanged_in_target(struct last_files *last, const char *output,
				       const char *hex)
{
	const char *tab, *now = last->untouched ? NULL : record_now(last, output, hex);
	int c = 1;

	for (; last->next < last->end; last->next += strlen(last->next) + 1) {
		tab = strchr(last->next, '\t');
		if (!tab || (c = strcmp(tab + 1, output)) >= 0)
			break;
	}
	if (last->next >= last->end || c != 0)
		return NULL;
	if (last->untouched)
		return hex && record_has_hash(last->next, hex) ? last->next : NULL;
	if (!now || strcmp(now, last->next) != 0)
		return NULL;
	return now;
}

/* Such a file is hard-linked into the staging tree instead of copied: a
 * build that changed one file of thousands writes one file. Returns true
 * when linked. */
static bool link_from_target(const struct last_files *last, const char *root,
			     const char *output)
{
	char *from, *to;
	bool linked;

	if (make_parents(root, output) < 0)
		return false;
	from = xasprintf("%s/%s", last->target_root, output);
	to = xasprintf("%s/%s", root, output);
	linked = link(from, to) == 0;
	free(from);
	free(to);
	return linked;
}

/*
 * Whether the file of the target at output can stay as the spare holds
 * it, or is hard-linked from the target: both when it is unchanged since
 * the last commit (unchanged_in_target()), the spare's only when it is
 * that very file. Whatever else the spare holds at output is removed.
 */
static bool reuse_unchanged(struct last_files *last, struct commit_spare *spare,
			    const char *root, const char *output, const char *hex)
{
	const char *same = unchanged_in_target(last, output, hex);

	if (spare->taken) {
		bool held = commit_spare_reach(spare, root, output);

		if (held && same && state_same_file(same, root, output)) {
			last->kept_at[last->nplaced - 1] = last->kept.len;
			buf_add(&last->kept, same, strlen(same) + 1);
			return true;
		}
		commit_spare_clear(spare, root, output, held);
	}
	return same && link_from_target(last, root, output);
}

static int place_files(const struct site *site, const struct commit_options *co,
		       const char *staging, const char *root, const struct commit_list *files,
		       struct last_files *last, struct commit_spare *spare)
{
	int ret = COMMIT_OK;

	for (size_t i = 0; i < files->n; i++) {
		const char *output = files->v[i].output, *hex = files->v[i].hash;
		bool in_root = files->v[i].root;
		const char *from;
		char *abs = NULL;
		int r;

		if (interrupt_pending())
			return COMMIT_FAILED;
		if (!in_root)
			last->kept_at[last->nplaced++] = NOT_KEPT;
		if (!in_root && reuse_unchanged(last, spare, root, output, hex))
			continue;
		from = files->v[i].from;
		from = from ? (abs = plan_path_absolute(site, from)) : NULL;
		r = place_file(site, co, in_root ? staging : root, output, from, hex);
		free(abs);
		abs = NULL;
		if (r == COMMIT_FAILED)
			return r;
		if (r == COMMIT_STALE)
			ret = r;
	}
	return ret;
}

/* The files of DIST no manifest entry can name (site.h, struct unlisted),
 * each under its own bytes' name. One that would land on a file placed
 * already stops the commit rather than replace it or give way. */
static int place_unlisted(const struct site *site, const struct commit_options *co,
			  const char *root)
{
	for (size_t i = 0; i < site->nunlisted; i++) {
		const struct unlisted *u = &site->unlisted[i];
		char *to = xasprintf("%s/%s", root, u->path);
		struct stat st;
		bool taken = lstat(to, &st) == 0;

		free(to);
		if (interrupt_pending())
			return COMMIT_FAILED;
		if (taken) {
			warn("'%s' in DIST would be replaced by the file distill writes "
			     "there; rename or remove yours", u->name);
			return COMMIT_FAILED;
		}
		if (place_file(site, co, root, u->path, u->source, NULL) != COMMIT_OK)
			return COMMIT_FAILED;
	}
	return COMMIT_OK;
}

/* The file records of the site's files (files->v[0, nsite)) under root,
 * appended to b; those last kept (when given) are not read again. */
static void tree_state(const struct commit_list *files, const char *root,
		       const struct last_files *last, struct buf *b)
{
	for (size_t i = 0; i < files->nsite; i++) {
		if (last && i < last->nplaced && last->kept_at[i] != NOT_KEPT) {
			const char *r = last->kept.data + last->kept_at[i];

			buf_add(b, r, strlen(r) + 1);
			continue;
		}
		state_add_file(b, root, files->v[i].hash, files->v[i].output);
	}
}

/* The same site files, path for path and hash for hash, as the records of
 * the last commit. */
static bool same_files_as_last(const struct last_files *last, const struct commit_list *files)
{
	const char *r = last->next;

	for (size_t i = 0; i < files->nsite; i++) {
		const char *tab = r < last->end ? strchr(r, '\t') : NULL;
		const char *hex = files->v[i].hash;

		if (!tab || !hex || !record_has_hash(r, hex) ||
		    strcmp(tab + 1, files->v[i].output) != 0)
			return false;
		r += strlen(r) + 1;
	}
	return r == last->end;
}

/* The target holds exactly the tree the last commit wrote, unchanged since
 * (same files, sizes, mtimes, inodes), and that is the tree wanted now.
 * The file records of the target are left in now, unless the target is
 * known untouched. */
static bool target_is_current(const struct last_files *last, const struct commit_list *files,
			      struct buf *now)
{
	if (!last->next)
		return false;
	if (last->untouched)
		return same_files_as_last(last, files);
	tree_state(files, last->target_root, NULL, now);
	/* Counting walks the whole target: only when all else matches. */
	return now->len == (size_t)(last->end - last->next) &&
	       memcmp(now->data, last->next, now->len) == 0 &&
	       state_count_files(last->target_root) == (long)files->nsite;
}

/* Whether each file placed beside the site rather than in it (Vercel's
 * config.json) is in target with the bytes wanted: the state records the
 * site's files only, and these are few and small. */
static bool root_files_current(const struct commit_list *files, const char *target)
{
	for (size_t i = files->nsite; i < files->n; i++) {
		const char *hex = files->v[i].hash;
		struct hash128 want, got;
		char *path;
		int r;

		path = xasprintf("%s/%s", target, files->v[i].output);
		r = digest_file(path, &got, NULL);
		free(path);
		if (r < 0 || !hex || digest_parse_hex(hex, &want) < 0 || !digest_equal(want, got))
			return false;
	}
	return true;
}

static int swap_in(const struct site *site, const char *staging, const char *target)
{
	struct stat st;

	if (lstat(target, &st) < 0) {
		char *copy = xstrdup(target);
		bool moved = errno == ENOENT && mkdirs(dirname(copy)) == 0 &&
			     rename(staging, target) == 0;

		free(copy);
		if (moved)
			return 0;
		/* Another build made the target meanwhile (two builds into one
		 * --out): it is swapped out below like any other. */
		if ((errno != ENOTEMPTY && errno != EEXIST) || lstat(target, &st) < 0)
			return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	/* A folder we may not write stays as it is: once swapped out, its old
	 * files could not be removed. */
	if (access(target, W_OK) < 0)
		return -1;
	if (renameat2(AT_FDCWD, staging, AT_FDCWD, target, RENAME_EXCHANGE) < 0)
		return -1;
	/* staging now holds the old tree; the new one is in place. */
	commit_spare_keep(site, staging);
	return 0;
}

static int write_tree(const struct site *site, const struct manifest *manifest,
		      const struct commit_options *co)
{
	char *staging = staging_path(co->target);
	char *target_root = *co->site_dir ? xasprintf("%s/%s", co->target, co->site_dir)
					  : xstrdup(co->target);
	char *root = *co->site_dir ? xasprintf("%s/%s", staging, co->site_dir)
				   : xstrdup(staging);
	struct buf state = BUF_INIT, now = BUF_INIT;
	struct last_files last = { .target_root = target_root };
	struct commit_spare spare = { 0 };
	char *spare_prefix = *co->site_dir ? xasprintf("%s/", co->site_dir) : xstrdup("");
	size_t len = 0;
	char *last_state = state_read(site, &len);
	json_t *written = aggregate_files(site, co), *carried;
	struct commit_list files;
	int ret;

	carried = previous_carry(site, &co->previous, manifest, written);
	ret = commit_file_list(&files, written, carried, manifest, last_state, len);
	json_decref(written);
	json_decref(carried);

	if (ret < 0) {
		free(last_state);
		free(staging);
		free(target_root);
		free(root);
		free(spare_prefix);
		return COMMIT_FAILED;
	}
	last.kept_at = xcalloc(files.nsite + 1, sizeof(*last.kept_at));
	if (last_state) {
		last.next = state_files(last_state, len);
		last.end = last_state + len;
		last.untouched = co->target_untouched;
	}
	state_header(&state, co->inputs, &co->summary, co->externals, co->nexternals);
	/* The state records only the files the manifest names, so a tree
	 * with unlisted files is never taken as current: it is made again. */
	if (site->nunlisted == 0 && target_is_current(&last, &files, &now) &&
	    root_files_current(&files, co->target)) {
		info(3, "'%s' is up to date", co->target);
		/* What it was made from may have changed all the same. */
		if (last.untouched)
			buf_add(&state, last.next, (size_t)(last.end - last.next));
		else
			buf_add(&state, now.data, now.len);
		state_write(site, &state, true);
		ret = COMMIT_OK;
		goto out;
	}
	if (now.len > 0) {
		last.next_now = now.data;
		last.end_now = now.data + now.len;
	}
	remove_tree(staging);
	free(made_last);
	made_last = NULL;
	commit_spare_take(site, staging, spare_prefix, &spare);
	if (mkdirs(root) < 0) {
		warn("cannot create '%s':", root);
		ret = COMMIT_FAILED;
		goto out;
	}
	ret = place_files(site, co, staging, root, &files, &last, &spare);
	commit_spare_drop_rest(&spare, root);
	if (ret == COMMIT_OK)
		ret = place_unlisted(site, co, root);
	if (ret == COMMIT_OK && interrupt_pending())
		ret = COMMIT_FAILED;
	if (ret != COMMIT_OK)
		goto out;
	commit_spare_prune(&spare, staging, root);
	/* Before the swap, which removes the old DIST of a build in place. */
	previous_keep_bytes(site, manifest, &co->previous);
	/* Noted before the swap, so that a build killed after it still
	 * knows the folder is distill's to replace. */
	if (state_note_target(site, co->target) < 0) {
		ret = COMMIT_FAILED;
		goto out;
	}
	if (swap_in(site, staging, co->target) < 0) {
		warn("cannot replace '%s':", co->target);
		ret = COMMIT_FAILED;
		goto out;
	}
	/* Only now: a file linked from the old tree, or shared with it when
	 * the old tree's files were removed, has a new ctime. The files the
	 * spare kept were not touched; their records stand. */
	buf_reset(&now);
	tree_state(&files, target_root, &last, &now);
	buf_add(&state, now.data, now.len);
	state_write(site, &state, false);
	previous_remember(site, manifest, &co->previous);
out:
	if (ret != COMMIT_OK)
		remove_tree(staging);
	free(made_last);
	made_last = NULL;
	commit_list_release(&files);
	buf_release(&state);
	buf_release(&now);
	buf_release(&last.scratch);
	buf_release(&last.kept);
	free(last.kept_at);
	commit_spare_release(&spare);
	free(spare_prefix);
	free(last_state);
	free(root);
	free(target_root);
	free(staging);
	return ret;
}

/* A signal that comes while the tree is written stops the writing and
 * removes the staging folder; one that comes after the swap waits until
 * the old tree is gone. Either way the target is whole when the process
 * ends, and nothing is left beside it. */
int commit_tree(const struct site *site, const struct manifest *manifest,
		const struct commit_options *co)
{
	int ret;

	interrupt_defer();
	ret = write_tree(site, manifest, co);
	interrupt_resume();
	return ret;
}
