/* SPDX-License-Identifier: MIT */
/*
 * The merged manifest as C structs, read from its JSON once, every field
 * checked for its type; and the rules about its files.
 */
#include <stdlib.h>
#include <string.h>

#include "../src/lib/fields.h"
#include "../src/lib/jdoc.h"
#include "../src/lib/util.h"
#include "manifest.h"

#define MANIFEST_FORMAT 1

static const char *const role_names[] = {
	[ROLE_ASSET] = "asset", [ROLE_ORIGINAL] = "original",
	[ROLE_VARIANT] = "variant", [ROLE_BR] = "br", [ROLE_ZST] = "zst",
};

const char *manifest_role_name(enum manifest_role role)
{
	return role_names[role];
}

int manifest_role_parse(const char *name)
{
	for (size_t i = 0; name && i < sizeof(role_names) / sizeof(*role_names); i++)
		if (strcmp(name, role_names[i]) == 0)
			return (int)i;
	return -1;
}

bool manifest_role_is_sidecar(enum manifest_role role)
{
	return role == ROLE_BR || role == ROLE_ZST;
}

char *manifest_sidecar_base(const char *output, enum manifest_role role)
{
	const char *suffix = manifest_role_is_sidecar(role) ? role_names[role] : NULL;
	size_t n = strlen(output), r = suffix ? strlen(suffix) : 0;

	if (!suffix || n <= r + 1 || output[n - r - 1] != '.' ||
	    strcmp(output + n - r, suffix) != 0)
		return NULL;
	return xstrndup(output, n - r - 1);
}

/* The strings of array (n of them) as a new NULL-ended list; a member
 * that is no string makes the entry damaged (named by what). */
static const char **strings(struct field_reader *r, const struct jnode *array, size_t n,
			    const char *what)
{
	const char **v = xcalloc(n + 1, sizeof(*v));
	size_t i = 0;

	for (const struct jnode *x = array ? array->child : NULL; x; x = x->next) {
		v[i] = jnode_string(x);
		if (!v[i++] && !r->why)
			r->why = what;
	}
	return v;
}

/* Fields are read in the order the merge writes them, sorted by key. */
static void entry_from_json(struct field_reader *r, const struct jnode *e,
			    struct manifest_entry *m)
{
	const struct jnode *hints, *image, *pictures, *refs, *variants;
	size_t i;

	m->br = field_opt_int(r, e, "br");
	m->content = field_str(r, e, "content");
	hints = field_opt_array(r, e, "early_hints", &m->nearly_hints);
	m->error = field_opt_str(r, e, "error");
	m->fingerprinted = field_bool(r, e, "fingerprinted");
	m->gzip = field_opt_int(r, e, "gzip");
	m->hash = field_str(r, e, "hash");
	image = field_node(r, e, "image");
	m->integrity = field_opt_str(r, e, "integrity");
	m->kind = field_str(r, e, "kind");
	m->original_kept = field_bool(r, e, "original_kept");
	m->output = field_str(r, e, "output");
	m->output_hash = field_str(r, e, "output_hash");
	m->output_size = field_int(r, e, "output_size");
	m->path = field_str(r, e, "path");
	pictures = field_opt_array(r, e, "picture_images", &m->npicture_images);
	refs = field_opt_array(r, e, "refs", &m->nrefs);
	m->size = field_int(r, e, "size");
	m->zst = field_opt_int(r, e, "zst");
	variants = field_opt_array(r, image, "variants", &m->nvariants);
	m->refs = xcalloc(m->nrefs + 1, sizeof(*m->refs));
	i = 0;
	for (const struct jnode *ref = refs ? refs->child : NULL; ref; ref = ref->next) {
		struct manifest_ref *x = &m->refs[i++];

		x->kind = field_str(r, ref, "kind");
		x->missing = jnode_is(field_node(r, ref, "missing"), JTRUE);
		x->target = field_opt_str(r, ref, "target");
		x->url = field_str(r, ref, "url");
	}
	m->variants = xcalloc(m->nvariants + 1, sizeof(*m->variants));
	i = 0;
	for (const struct jnode *v = variants ? variants->child : NULL; v; v = v->next) {
		struct manifest_variant *x = &m->variants[i++];

		x->format = field_str(r, v, "format");
		x->height = field_int(r, v, "height");
		x->output = field_str(r, v, "output");
		x->size = field_int(r, v, "size");
		x->width = field_int(r, v, "width");
	}
	m->picture_images = strings(r, pictures, m->npicture_images, "picture_images");
	m->early_hints = strings(r, hints, m->nearly_hints, "early_hints");
}

static int entry_order(const void *a, const void *b)
{
	return strcmp(((const struct manifest_entry *)a)->path,
		      ((const struct manifest_entry *)b)->path);
}

static int file_order(const void *a, const void *b)
{
	return strcmp(((const struct manifest_file *)a)->output,
		      ((const struct manifest_file *)b)->output);
}

/* Whether the n items of size at v are sorted by cmp already: a check
 * costs n comparisons, a sort n log n. */
static bool in_order(const void *v, size_t n, size_t size,
		     int (*cmp)(const void *, const void *))
{
	const char *p = v;

	for (size_t i = 1; i < n; i++)
		if (cmp(p + (i - 1) * size, p + i * size) > 0)
			return false;
	return true;
}

/* prev: the file before, whose asset is often this one's too (a file and
 * its sidecars), or NULL. */
static void file_from_json(struct field_reader *r, const struct manifest *m,
			   const struct jnode *f, const struct manifest_file *prev,
			   struct manifest_file *out)
{
	const char *asset = field_str(r, f, "asset");
	int role;

	out->from = field_str(r, f, "from");
	out->hash = field_str(r, f, "hash");
	out->output = field_str(r, f, "output");
	role = manifest_role_parse(jnode_string(field_node(r, f, "role")));
	out->size = field_int(r, f, "size");
	if (role < 0 && !r->why)
		r->why = "role";
	out->role = role < 0 ? ROLE_ASSET : (enum manifest_role)role;
	out->entry = prev && prev->entry && strcmp(prev->entry->path, asset) == 0 ?
		     prev->entry : manifest_entry_find(m, asset);
	if (!out->entry && !r->why)
		r->why = "asset";
}

struct manifest *manifest_from_text(char *text, size_t len, const char **why)
{
	struct manifest *m = xcalloc(1, sizeof(*m));
	struct field_reader r = { NULL };
	const struct jnode *root, *assets, *files, *unlisted, *x;
	int64_t version = 0;
	size_t i;

	m->doc = jdoc_parse(text, len, why);
	if (!m->doc) {
		manifest_free(m);
		return NULL;
	}
	root = jdoc_root(m->doc);
	if (!jnode_is(root, JOBJECT) || !jnode_int(jnode_get(root, "version"), &version) ||
	    version != MANIFEST_FORMAT) {
		*why = "version";
		manifest_free(m);
		return NULL;
	}
	m->dist = field_str(&r, root, "dist");
	assets = field_array(&r, root, "assets", &m->nentries);
	files = field_array(&r, root, "files", &m->nfiles);
	unlisted = field_opt_array(&r, root, "unlisted", &m->nunlisted);
	m->entries = xcalloc(m->nentries + 1, sizeof(*m->entries));
	i = 0;
	for (x = assets ? assets->child : NULL; x; x = x->next)
		entry_from_json(&r, x, &m->entries[i++]);
	/* The merge writes them sorted; one written by hand need not be. */
	if (!in_order(m->entries, m->nentries, sizeof(*m->entries), entry_order))
		sort_array(m->entries, m->nentries, sizeof(*m->entries), entry_order);
	for (i = 1; i < m->nentries; i++)
		if (strcmp(m->entries[i - 1].path, m->entries[i].path) == 0 && !r.why)
			r.why = "path (twice)";
	/* After the entries: a file names its entry. */
	if (r.why)
		m->nfiles = 0;
	m->files = xcalloc(m->nfiles + 1, sizeof(*m->files));
	i = 0;
	for (x = files ? files->child : NULL; x && i < m->nfiles; x = x->next, i++)
		file_from_json(&r, m, x, i ? &m->files[i - 1] : NULL, &m->files[i]);
	if (!in_order(m->files, m->nfiles, sizeof(*m->files), file_order))
		sort_array(m->files, m->nfiles, sizeof(*m->files), file_order);
	for (i = 1; i < m->nfiles; i++)
		if (strcmp(m->files[i - 1].output, m->files[i].output) == 0 && !r.why)
			r.why = "output (twice)";
	m->unlisted = xcalloc(m->nunlisted + 1, sizeof(*m->unlisted));
	i = 0;
	for (x = unlisted ? unlisted->child : NULL; x; x = x->next)
		m->unlisted[i++] = (struct manifest_unlisted){
			.name = field_str(&r, x, "name"), .url = field_str(&r, x, "url"),
			.reason = field_str(&r, x, "reason"),
		};
	if (r.why) {
		*why = r.why;
		manifest_free(m);
		return NULL;
	}
	return m;
}

struct manifest *manifest_from_json(json_t *json, const char **why)
{
	char *text = json_dumps(json, JSON_COMPACT);

	json_decref(json);
	if (!text)
		fatal("out of memory");
	return manifest_from_text(text, strlen(text), why);
}

void manifest_free(struct manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nentries; i++) {
		free(m->entries[i].refs);
		free(m->entries[i].variants);
		free(m->entries[i].picture_images);
		free(m->entries[i].early_hints);
	}
	free(m->entries);
	free(m->files);
	free(m->unlisted);
	jdoc_free(m->doc);
	free(m);
}

static int compare_entry(const void *key, const void *e)
{
	return strcmp(key, ((const struct manifest_entry *)e)->path);
}

static int compare_file(const void *key, const void *f)
{
	return strcmp(key, ((const struct manifest_file *)f)->output);
}

const struct manifest_entry *manifest_entry_find(const struct manifest *m,
						 const char *path)
{
	return path && m->nentries ? bsearch(path, m->entries, m->nentries,
					     sizeof(*m->entries), compare_entry) : NULL;
}

const struct manifest_file *manifest_file_find(const struct manifest *m,
					       const char *output)
{
	return output && m->nfiles ? bsearch(output, m->files, m->nfiles,
					     sizeof(*m->files), compare_file) : NULL;
}

const struct manifest_file *manifest_sidecar_of(const struct manifest *m,
						const struct manifest_file *f)
{
	char *base = manifest_sidecar_base(f->output, f->role);
	const struct manifest_file *own = base ? manifest_file_find(m, base) : NULL;

	free(base);
	return own && !manifest_role_is_sidecar(own->role) ? own : NULL;
}

bool manifest_file_fingerprinted(const struct manifest *m,
				 const struct manifest_file *f)
{
	const struct manifest_file *own;

	switch (f->role) {
	case ROLE_VARIANT:
		return true;
	case ROLE_ASSET:
		return f->entry->fingerprinted;
	case ROLE_BR:
	case ROLE_ZST:
		own = manifest_sidecar_of(m, f);
		return own && manifest_file_fingerprinted(m, own);
	case ROLE_ORIGINAL:
		break;
	}
	return false;
}
