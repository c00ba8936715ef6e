/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "blob_memo.h"
#include "buf.h"
#include "util.h"

static int compare_keys(const void *a, const void *b)
{
	return digest_compare(((const struct blob_memo_entry *)a)->key,
			      ((const struct blob_memo_entry *)b)->key);
}

/* The hash in hex at *p, followed by end; *p moves past both. */
static bool take_hash(char **p, const char *limit, char end, struct hash128 *h)
{
	char hex[HASH_HEX_LEN + 1];

	if (limit - *p < HASH_HEX_LEN + 1 || (*p)[HASH_HEX_LEN] != end)
		return false;
	memcpy(hex, *p, HASH_HEX_LEN);
	hex[HASH_HEX_LEN] = '\0';
	*p += HASH_HEX_LEN + 1;
	return digest_parse_hex(hex, h) == 0;
}

static bool read_entries(struct blob_memo *m, char *p, const char *end)
{
	size_t cap = 0;

	while (p < end) {
		struct blob_memo_entry e;
		char *after;
		unsigned long long len;

		if (!take_hash(&p, end, ' ', &e.key) || *p < '0' || *p > '9')
			return false;
		errno = 0;
		len = strtoull(p, &after, 10);
		if (errno || after >= end || *after != '\n' ||
		    len >= (unsigned long long)(end - after - 1) || after[1 + len] != '\n')
			return false;
		e.data = after + 1;
		e.len = (size_t)len;
		after[1 + len] = '\0';
		p = after + len + 2;
		m->v = xgrow(m->v, &cap, m->n + 1, sizeof(*m->v));
		m->v[m->n++] = e;
	}
	/* Written sorted; a memo that is not was not written by us. */
	for (size_t i = 1; i < m->n; i++)
		if (compare_keys(&m->v[i - 1], &m->v[i]) >= 0)
			return false;
	return true;
}

struct hash128 blob_memo_settings(const char *what)
{
	struct digest_key k;

	digest_key_init(&k);
	digest_key_str(&k, what);
	digest_key_str(&k, DISTILL_VERSION);
	return digest_key_final(&k);
}

void blob_memo_load(struct blob_memo *m, const char *path, const char *magic,
		    struct hash128 settings)
{
	size_t len, head = strlen(magic);
	struct hash128 have, body;
	char *p;

	memset(m, 0, sizeof(*m));
	if (!(m->text = read_file(path, &len)))
		return;
	p = m->text + head + 1;
	if (len <= head + 2 * (HASH_HEX_LEN + 1) || memcmp(m->text, magic, head) != 0 ||
	    m->text[head] != ' ' || !take_hash(&p, m->text + len, ' ', &have) ||
	    !digest_equal(have, settings) || !take_hash(&p, m->text + len, '\n', &body) ||
	    !digest_equal(body, digest_mem(p, (size_t)(m->text + len - p))) ||
	    !read_entries(m, p, m->text + len)) {
		info(2, "'%s' is damaged or of other settings; not used", path);
		blob_memo_release(m);
	}
}

const struct blob_memo_entry *blob_memo_find(const struct blob_memo *m,
					     struct hash128 key)
{
	struct blob_memo_entry probe = { .key = key };

	return m->n ? bsearch(&probe, m->v, m->n, sizeof(*m->v), compare_keys) : NULL;
}

void blob_memo_release(struct blob_memo *m)
{
	free(m->v);
	free(m->text);
	memset(m, 0, sizeof(*m));
}

void blob_memo_add(struct blob_memo_next *next, struct hash128 key, const void *data,
		   size_t len)
{
	next->v = xgrow(next->v, &next->cap, next->n + 1, sizeof(*next->v));
	next->v[next->n++] = (struct blob_memo_slot){ key, next->data.len, len };
	buf_add(&next->data, data, len);
}

static int compare_slots(const void *a, const void *b)
{
	return digest_compare(((const struct blob_memo_slot *)a)->key,
			      ((const struct blob_memo_slot *)b)->key);
}

int blob_memo_write(struct blob_memo_next *next, const char *path, const char *magic,
		    struct hash128 settings)
{
	struct buf body = BUF_INIT, file = BUF_INIT;
	char hex[HASH_HEX_LEN + 1];
	int ret;

	sort_array(next->v, next->n, sizeof(*next->v), compare_slots);
	for (size_t i = 0; i < next->n; i++) {
		const struct blob_memo_slot *e = &next->v[i];

		if (i > 0 && compare_slots(&next->v[i - 1], e) == 0)
			continue; /* the same key twice: the same bytes */
		digest_hex(e->key, hex);
		buf_addf(&body, "%s %zu\n", hex, e->len);
		buf_add(&body, next->data.data + e->at, e->len);
		buf_addc(&body, '\n');
	}
	buf_adds(&file, magic);
	buf_addc(&file, ' ');
	digest_hex(settings, hex);
	buf_adds(&file, hex);
	buf_addc(&file, ' ');
	digest_hex(digest_mem(body.data ? body.data : "", body.len), hex);
	buf_adds(&file, hex);
	buf_addc(&file, '\n');
	buf_add(&file, body.data, body.len);
	ret = afile_put_if_changed(path, file.data, file.len);
	buf_release(&body);
	buf_release(&file);
	return ret < 0 ? -1 : 0;
}

void blob_memo_next_release(struct blob_memo_next *next)
{
	buf_release(&next->data);
	free(next->v);
	memset(next, 0, sizeof(*next));
}
