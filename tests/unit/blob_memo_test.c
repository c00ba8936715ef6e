/* SPDX-License-Identifier: MIT */
/*
 * The blob memo: entries added (in any order, a repeated key once) are
 * found again byte for byte; a memo of other settings or magic is empty;
 * every cut of a valid file, and every single changed byte, gives an
 * empty memo, never a wrong entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blob_memo.h"
#include "afile.h"
#include "check.h"
#include "util.h"

#define MAGIC "distill-test-memo"

static struct hash128 key(unsigned n)
{
	char s[16];

	snprintf(s, sizeof(s), "key %u", n);
	return digest_mem(s, strlen(s));
}

static size_t loaded(const char *path, struct hash128 settings)
{
	struct blob_memo m;
	size_t n;

	blob_memo_load(&m, path, MAGIC, settings);
	n = m.n;
	for (size_t i = 0; i < m.n; i++) {
		const struct blob_memo_entry *e = blob_memo_find(&m, m.v[i].key);

		CHECK(e == &m.v[i]);
		CHECK(e->data[e->len] == '\0');
	}
	blob_memo_release(&m);
	return n;
}

int main(void)
{
	char dir[] = "/tmp/blob-memo-XXXXXX";
	struct hash128 settings = digest_mem("v1", 2), other = digest_mem("v2", 2);
	struct blob_memo_next next = { 0 };
	struct blob_memo m;
	const struct blob_memo_entry *e;
	char *path, *text;
	size_t len;

	CHECK(mkdtemp(dir) != NULL);
	path = xasprintf("%s/test.memo", dir);
	blob_memo_add(&next, key(3), "steps\0with\0NULs", 15);
	blob_memo_add(&next, key(1), "", 0);
	blob_memo_add(&next, key(2), "a line\nand another\n", 19);
	blob_memo_add(&next, key(3), "steps\0with\0NULs", 15);
	CHECK(blob_memo_write(&next, path, MAGIC, settings) == 0);
	blob_memo_next_release(&next);
	blob_memo_load(&m, path, MAGIC, settings);
	CHECK(m.n == 3);
	CHECK((e = blob_memo_find(&m, key(3))) && e->len == 15 &&
	      memcmp(e->data, "steps\0with\0NULs", 15) == 0);
	CHECK((e = blob_memo_find(&m, key(1))) && e->len == 0);
	CHECK((e = blob_memo_find(&m, key(2))) && e->len == 19 &&
	      strcmp(e->data, "a line\nand another\n") == 0);
	CHECK(blob_memo_find(&m, key(4)) == NULL);
	blob_memo_release(&m);

	CHECK(loaded(path, other) == 0);
	blob_memo_load(&m, path, "distill-other-memo", settings);
	CHECK(m.n == 0);
	blob_memo_release(&m);

	/* Every cut, and every changed byte: nothing, or all of it. */
	text = read_file(path, &len);
	CHECK(text != NULL);
	for (size_t cut = 0; text && cut < len; cut++) {
		CHECK(afile_put(path, text, cut) == 0);
		CHECK(loaded(path, settings) == 0);
	}
	for (size_t at = 0; text && at < len; at++) {
		text[at] ^= 0x20;
		CHECK(afile_put(path, text, len) == 0);
		CHECK(loaded(path, settings) == 0);
		text[at] ^= 0x20;
	}
	CHECK(afile_put(path, text, len) == 0);
	CHECK(loaded(path, settings) == 3);

	free(text);
	unlink(path);
	rmdir(dir);
	free(path);
	return check_status();
}
