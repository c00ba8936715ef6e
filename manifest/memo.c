/* SPDX-License-Identifier: MIT */
/*
 * The memo's file, after its first line
 * ("distill-manifest-memo SETTINGS-HEX BODY-HEX"), one group per entry:
 *   E KEY-HEX NRECORDS NFILES LEN \n TEXT \n
 *   R IDENTITY-HEX LEN \n DIR \n                    (NRECORDS times)
 *   F SIDECAR(0|1) OUTPUT-LEN LEN \n OUTPUT \n TEXT \n (NFILES times)
 * Every string is length-prefixed and ends with a newline, which reading
 * turns into the string's NUL: the strings are used where they lie.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/afile.h"
#include "../src/lib/buf.h"
#include "../src/lib/identity.h"
#include "../src/lib/util.h"
#include "memo.h"
#include "record.h"

#define MEMO_NAME "merged.memo"
#define MEMO_MAGIC "distill-manifest-memo"

struct cursor {
	char *p, *end;
};

/* The next space- or newline-ended word as a number. */
static bool next_number(struct cursor *c, size_t *v)
{
	char *end;
	unsigned long long n;

	if (c->p >= c->end || *c->p < '0' || *c->p > '9')
		return false;
	errno = 0;
	n = strtoull(c->p, &end, 10);
	if (errno || end >= c->end || (*end != ' ' && *end != '\n'))
		return false;
	*v = (size_t)n;
	c->p = end + 1;
	return true;
}

/* The next word, which must be hex of a hash, into *h. */
static bool next_hash(struct cursor *c, struct hash128 *h)
{
	if (c->end - c->p < HASH_HEX_LEN + 1 || c->p[HASH_HEX_LEN] != ' ')
		return false;
	c->p[HASH_HEX_LEN] = '\0';
	if (digest_parse_hex(c->p, h) < 0)
		return false;
	c->p += HASH_HEX_LEN + 1;
	return true;
}

static bool next_tag(struct cursor *c, char tag)
{
	if (c->end - c->p < 2 || c->p[0] != tag || c->p[1] != ' ')
		return false;
	c->p += 2;
	return true;
}

/* The next len bytes and their newline, which becomes their NUL. */
static const char *next_string(struct cursor *c, size_t len)
{
	char *s = c->p;

	if ((size_t)(c->end - c->p) < len + 1 || s[len] != '\n')
		return NULL;
	s[len] = '\0';
	c->p += len + 1;
	return s;
}

static bool read_record(struct cursor *c, struct memo_record *r)
{
	struct hash128 identity;
	size_t len;

	if (!next_tag(c, 'R') || !next_hash(c, &identity) || !next_number(c, &len) ||
	    !(r->dir = next_string(c, len)))
		return false;
	digest_hex(identity, r->identity);
	return true;
}

static bool read_file_ref(struct cursor *c, struct merged_file *f)
{
	size_t sidecar, outlen;

	if (!next_tag(c, 'F') || !next_number(c, &sidecar) || sidecar > 1 ||
	    !next_number(c, &outlen) || !next_number(c, &f->len) ||
	    !(f->output = next_string(c, outlen)) || !(f->text = next_string(c, f->len)))
		return false;
	f->sidecar = sidecar;
	return true;
}

static bool read_entry(struct cursor *c, struct memo_entry *e)
{
	memset(e, 0, sizeof(*e));
	if (!next_tag(c, 'E') || !next_hash(c, &e->key) || !next_number(c, &e->nrecords) ||
	    !next_number(c, &e->nfiles) || !next_number(c, &e->len) ||
	    !(e->text = next_string(c, e->len)))
		return false;
	/* Each takes more than four bytes: a count past that is damage. */
	if (e->nrecords > (size_t)(c->end - c->p) / 4 || e->nfiles > (size_t)(c->end - c->p) / 4)
		return false;
	e->records = xcalloc(e->nrecords + 1, sizeof(*e->records));
	e->files = xcalloc(e->nfiles + 1, sizeof(*e->files));
	for (size_t i = 0; i < e->nrecords; i++)
		if (!read_record(c, &e->records[i]))
			return false;
	for (size_t i = 0; i < e->nfiles; i++)
		if (!read_file_ref(c, &e->files[i]))
			return false;
	return true;
}

static int compare_keys(const void *a, const void *b)
{
	return digest_compare(((const struct memo_entry *)a)->key,
			      ((const struct memo_entry *)b)->key);
}

/* The entries of a memo whose first line names settings and the hash of
 * the rest. */
static bool read_body(struct memo *m, size_t len, struct hash128 settings)
{
	size_t magic = strlen(MEMO_MAGIC), head = magic + 2 * (HASH_HEX_LEN + 1);
	struct cursor c = { m->data + magic + 1, m->data + len };
	struct hash128 have, body;
	size_t cap = 0;

	if (len <= head || memcmp(m->data, MEMO_MAGIC " ", magic + 1) != 0 ||
	    m->data[head] != '\n')
		return false;
	m->data[head] = ' '; /* next_hash() wants a space after the hash */
	if (!next_hash(&c, &have) || !digest_equal(have, settings) || !next_hash(&c, &body) ||
	    !digest_equal(body, digest_mem(c.p, (size_t)(c.end - c.p))))
		return false;
	while (c.p < c.end) {
		m->v = xgrow(m->v, &cap, m->n + 1, sizeof(*m->v));
		if (!read_entry(&c, &m->v[m->n++]))
			return false;
	}
	sort_array(m->v, m->n, sizeof(*m->v), compare_keys);
	return true;
}

void memo_load(struct memo *m, const char *dir, struct hash128 settings)
{
	char *path = xasprintf("%s/%s", dir, MEMO_NAME);
	size_t len;

	memset(m, 0, sizeof(*m));
	m->data = read_file(path, &len);
	free(path);
	if (m->data && !read_body(m, len, settings)) {
		info(1, "manifest: the memo of merged entries is damaged or of other settings; "
		     "every entry is merged again");
		memo_release(m);
	}
}

void memo_release(struct memo *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].records);
		free(m->v[i].files);
	}
	free(m->v);
	free(m->data);
	memset(m, 0, sizeof(*m));
}

int memo_record_identity(const char *dir, char hex[HASH_HEX_LEN + 1])
{
	char *path = record_path(dir);
	struct buf b = BUF_INIT;
	int r = file_identity(&b, path);

	digest_hex(digest_mem(b.data, b.len), hex);
	buf_release(&b);
	free(path);
	return r;
}

const struct memo_entry *memo_find(const struct memo *m, struct hash128 key)
{
	struct memo_entry probe = { .key = key };
	const struct memo_entry *e;
	char now[HASH_HEX_LEN + 1];

	e = m->n ? bsearch(&probe, m->v, m->n, sizeof(*m->v), compare_keys) : NULL;
	if (!e)
		return NULL;
	for (size_t i = 0; i < e->nrecords; i++)
		if (memo_record_identity(e->records[i].dir, now) < 0 ||
		    strcmp(now, e->records[i].identity) != 0)
			return NULL;
	return e;
}

int memo_write(const char *dir, struct hash128 settings, const struct memo_entry *v,
	       size_t n)
{
	/* The first line, whose hash of the rest is known last, is written
	 * into room left for it: the body is not copied. */
	size_t head = strlen(MEMO_MAGIC) + 2 * (HASH_HEX_LEN + 1) + 1;
	struct buf b = BUF_INIT;
	char key[HASH_HEX_LEN + 1], hex[HASH_HEX_LEN + 1], *line, *path;
	int ret;

	for (size_t i = 0; i < head; i++)
		buf_addc(&b, ' ');
	for (size_t i = 0; i < n; i++) {
		const struct memo_entry *e = &v[i];

		digest_hex(e->key, key);
		buf_addf(&b, "E %s %zu %zu %zu\n", key, e->nrecords, e->nfiles, e->len);
		buf_add(&b, e->text, e->len);
		buf_addc(&b, '\n');
		for (size_t r = 0; r < e->nrecords; r++) {
			buf_addf(&b, "R %s %zu\n%s\n", e->records[r].identity,
				 strlen(e->records[r].dir), e->records[r].dir);
		}
		for (size_t f = 0; f < e->nfiles; f++) {
			const struct merged_file *file = &e->files[f];

			buf_addf(&b, "F %d %zu %zu\n%s\n", file->sidecar,
				 strlen(file->output), file->len, file->output);
			buf_add(&b, file->text, file->len);
			buf_addc(&b, '\n');
		}
	}
	digest_hex(settings, key);
	digest_hex(digest_mem(b.data + head, b.len - head), hex);
	line = xasprintf(MEMO_MAGIC " %s %s\n", key, hex);
	memcpy(b.data, line, head);
	free(line);
	path = xasprintf("%s/%s", dir, MEMO_NAME);
	ret = afile_put(path, b.data, b.len) < 0 ? -1 : 0;
	free(path);
	buf_release(&b);
	return ret;
}
