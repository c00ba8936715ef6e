/* SPDX-License-Identifier: MIT */
/* The typed manifest (manifest/manifest.h): every field read and checked
 * once, a manifest missing one refused with its name, and the rules every
 * consumer asks: which file is a sidecar and of what, and which names
 * carry their content hash (what headers make immutable and the service
 * worker precaches with revision null). */
#include <stdlib.h>

#include "check.h"
#include "manifest.h"
#include "manifest_fixture.h"

static void check_base(const char *output, enum manifest_role role, const char *want)
{
	char *base = manifest_sidecar_base(output, role);

	if (want)
		CHECK_STR(base, want);
	else
		CHECK(base == NULL);
	free(base);
}

static json_t *entry(const char *path, bool fingerprinted)
{
	return fixture_entry(path, "js", fingerprinted);
}

static json_t *file(const char *output, const char *role, const char *asset)
{
	return fixture_file(output, role, asset);
}

/* A small manifest: a fingerprinted app.js at a hashed output, kept at
 * its old path too, with sidecars of both; an unhashed page; a photo and
 * its variant. */
static json_t *sample(void)
{
	json_t *app = entry("app.js", true);

	json_object_set_new(app, "output", json_string("assets/app.0123abcd.js"));
	json_object_set_new(app, "original_kept", json_true());
	return json_pack("{s:i, s:s, s:[o, o, o], s:[o, o, o, o, o, o, o, o], s:[{s:s, s:s, s:s}]}",
		"version", 1, "dist", "/site/dist",
		"assets", app, entry("index.html", false), entry("photo.jpg", false),
		"files",
		file("app.js", "original", "app.js"),
		file("app.js.br", "br", "app.js"),
		file("assets/app.0123abcd.js", "asset", "app.js"),
		file("assets/app.0123abcd.js.zst", "zst", "app.js"),
		file("index.html", "asset", "index.html"),
		file("index.html.br", "br", "index.html"),
		file("photo-320.89abcdef.webp", "variant", "photo.jpg"),
		file("photo.jpg", "asset", "photo.jpg"),
		"unlisted", "name", "caf\\xe9.txt", "url", "/caf%E9.txt", "reason", "not UTF-8");
}

static const struct manifest_file *find(const struct manifest *m, const char *output)
{
	const struct manifest_file *f = manifest_file_find(m, output);

	CHECK(f != NULL);
	return f;
}

static void check_read(void)
{
	const char *why = NULL;
	struct manifest *m = manifest_from_json(sample(), &why);
	const struct manifest_file *f;

	CHECK(m != NULL);
	if (!m)
		return;
	CHECK_STR(m->dist, "/site/dist");
	CHECK(m->nentries == 3 && m->nfiles == 8 && m->nunlisted == 1);
	CHECK_STR(m->unlisted[0].url, "/caf%E9.txt");
	CHECK(manifest_entry_find(m, "index.html") == &m->entries[1]);
	CHECK(manifest_entry_find(m, "nothing.js") == NULL);
	CHECK(m->entries[0].fingerprinted && m->entries[0].original_kept);
	CHECK(m->entries[0].br == -1 && m->entries[0].gzip == -1);  /* absent */

	f = find(m, "assets/app.0123abcd.js");
	CHECK(f->role == ROLE_ASSET && f->entry == &m->entries[0] && f->size == 5);
	CHECK(manifest_file_fingerprinted(m, f));
	/* The kept original has its old name: not fingerprinted, nor its
	 * sidecar, though the entry is. */
	f = find(m, "app.js");
	CHECK(!manifest_file_fingerprinted(m, f));
	f = find(m, "app.js.br");
	CHECK(manifest_sidecar_of(m, f) == find(m, "app.js"));
	CHECK(!manifest_file_fingerprinted(m, f));
	/* A sidecar of the hashed output is. */
	f = find(m, "assets/app.0123abcd.js.zst");
	CHECK(manifest_sidecar_of(m, f) == find(m, "assets/app.0123abcd.js"));
	CHECK(manifest_file_fingerprinted(m, f));
	CHECK(!manifest_file_fingerprinted(m, find(m, "index.html")));
	CHECK(!manifest_file_fingerprinted(m, find(m, "index.html.br")));
	/* A variant always is, whatever its entry; its image never is. */
	CHECK(manifest_file_fingerprinted(m, find(m, "photo-320.89abcdef.webp")));
	CHECK(!manifest_file_fingerprinted(m, find(m, "photo.jpg")));
	CHECK(manifest_sidecar_of(m, find(m, "photo.jpg")) == NULL);
	manifest_free(m);
}

/* A manifest written by hand, in any order, reads sorted. */
static void check_order(void)
{
	json_t *json = sample(), *reversed;
	const char *why = NULL;
	struct manifest *m;

	for (const char *const *key = (const char *const[]){ "assets", "files", NULL }; *key; key++) {
		json_t *array = json_object_get(json, *key);

		reversed = json_array();
		for (size_t i = json_array_size(array); i-- > 0;)
			json_array_append(reversed, json_array_get(array, i));
		json_object_set_new(json, *key, reversed);
	}
	m = manifest_from_json(json, &why);
	CHECK(m != NULL);
	if (!m)
		return;
	CHECK_STR(m->entries[0].path, "app.js");
	CHECK_STR(m->files[0].output, "app.js");
	CHECK_STR(m->files[7].output, "photo.jpg");
	CHECK(manifest_file_find(m, "index.html.br") != NULL);
	CHECK(manifest_file_find(m, "assets/app.0123abcd.js")->entry == &m->entries[0]);
	manifest_free(m);
}

/* Change the sample with edit, then read it: refused, naming want. */
static void check_refused(void (*edit)(json_t *), const char *want)
{
	json_t *json = sample();
	const char *why = NULL;
	struct manifest *m;

	edit(json);
	m = manifest_from_json(json, &why);
	CHECK(m == NULL);
	if (m)
		manifest_free(m);
	else
		CHECK_STR(why, want);
}

static json_t *first(json_t *json, const char *array)
{
	return json_array_get(json_object_get(json, array), 0);
}

static void no_version(json_t *j) { json_object_set_new(j, "version", json_integer(2)); }
static void no_output_size(json_t *j) { json_object_del(first(j, "assets"), "output_size"); }
static void kind_number(json_t *j) { json_object_set_new(first(j, "assets"), "kind", json_integer(1)); }
static void fp_string(json_t *j) { json_object_set_new(first(j, "assets"), "fingerprinted", json_string("yes")); }
static void br_string(json_t *j) { json_object_set_new(first(j, "assets"), "br", json_string("1")); }
static void bad_role(json_t *j) { json_object_set_new(first(j, "files"), "role", json_string("gz")); }
static void no_asset(json_t *j) { json_object_set_new(first(j, "files"), "asset", json_string("gone.js")); }
static void no_from(json_t *j) { json_object_del(first(j, "files"), "from"); }
static void path_twice(json_t *j) { json_array_append(json_object_get(j, "assets"), first(j, "assets")); }
static void output_twice(json_t *j) { json_array_append(json_object_get(j, "files"), first(j, "files")); }
static void no_files(json_t *j) { json_object_del(j, "files"); }
static void ref_no_url(json_t *j)
{
	json_array_append_new(json_object_get(first(j, "assets"), "refs"),
			      json_pack("{s:s, s:n}", "kind", "script", "target"));
}

int main(void)
{
	check_base("assets/app.1a2b3c4d5e.js.br", ROLE_BR, "assets/app.1a2b3c4d5e.js");
	check_base("index.html.zst", ROLE_ZST, "index.html");
	check_base("index.html", ROLE_ASSET, NULL);
	check_base("index.html.gz", ROLE_BR, NULL);  /* no ".br" to take off */
	check_base("index.html.br", ROLE_ZST, NULL); /* not its own suffix */
	check_base(".br", ROLE_BR, NULL);            /* nothing left */
	check_base("abr", ROLE_BR, NULL);            /* no dot */

	for (int r = ROLE_ASSET; r <= ROLE_ZST; r++)
		CHECK(manifest_role_parse(manifest_role_name((enum manifest_role)r)) == r);
	CHECK(manifest_role_parse("gz") < 0 && manifest_role_parse(NULL) < 0);
	CHECK(manifest_role_is_sidecar(ROLE_BR) && manifest_role_is_sidecar(ROLE_ZST));
	CHECK(!manifest_role_is_sidecar(ROLE_VARIANT) && !manifest_role_is_sidecar(ROLE_ASSET));

	check_read();
	check_order();
	check_refused(no_version, "version");
	check_refused(no_output_size, "output_size");
	check_refused(kind_number, "kind");
	check_refused(fp_string, "fingerprinted");
	check_refused(br_string, "br");
	check_refused(bad_role, "role");
	check_refused(no_asset, "asset");
	check_refused(no_from, "from");
	check_refused(path_twice, "path (twice)");
	check_refused(output_twice, "output (twice)");
	check_refused(no_files, "files");
	check_refused(ref_no_url, "url");
	return check_status();
}
