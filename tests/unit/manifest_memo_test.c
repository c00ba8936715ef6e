/* SPDX-License-Identifier: MIT */
/* The manifest job's memo (manifest/memo.c): what memo_write() writes,
 * memo_load() reads back entry for entry, strings with spaces, newlines
 * and no bytes at all included; memo_find() gives an entry only while its
 * records keep their identity; a memo of other settings is not read; and
 * a memo whose body was changed, even with its hash made to match, is
 * refused or read without reading past its end (the unit tests run under
 * ASan too). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "check.h"
#include "memo.h"
#include "record.h"
#include "util.h"

#define DIR_ "memo-test"

static struct hash128 key_of(const char *s)
{
	return digest_mem(s, strlen(s));
}

static void write_record(const char *dir)
{
	json_t *record = record_new("compress", 3);

	CHECK(mkdirs(dir) == 0);
	CHECK(record_write(record, dir) == 0);
	json_decref(record);
}

int main(void)
{
	struct merged_file files[2] = {
		{ "a b.js", false, "{\"output\":\"a b.js\"}", 19 },
		{ "a b.js.br", true, "{\"output\":\"a b.js.br\"}", 22 },
	};
	struct memo_record records[1] = { { DIR_ "/store/k1", "" } };
	struct memo_entry v[2] = {
		{ .key = key_of("line one"), .text = "{\"path\":\"x\\ny\"}", .len = 15,
		  .records = records, .nrecords = 1, .files = files, .nfiles = 2 },
		{ .key = key_of("line two"), .text = "", .len = 0 },
	};
	struct hash128 settings = key_of("settings"), other = key_of("other");
	const struct memo_entry *e;
	struct memo m;
	char *path, *data;
	size_t len;

	remove_tree(DIR_);
	write_record(DIR_ "/store/k1");
	CHECK(memo_record_identity(DIR_ "/store/k1", records[0].identity) == 0);
	CHECK(memo_write(DIR_, settings, v, 2) == 0);

	memo_load(&m, DIR_, settings);
	CHECK(m.n == 2);
	e = memo_find(&m, key_of("line one"));
	CHECK(e != NULL);
	CHECK(e->len == 15 && memcmp(e->text, v[0].text, 15) == 0);
	CHECK(e->nrecords == 1);
	CHECK_STR(e->records[0].dir, DIR_ "/store/k1");
	CHECK(e->nfiles == 2);
	CHECK_STR(e->files[0].output, "a b.js");
	CHECK(!e->files[0].sidecar && e->files[1].sidecar);
	CHECK_STR(e->files[1].text, "{\"output\":\"a b.js.br\"}");
	e = memo_find(&m, key_of("line two"));
	CHECK(e != NULL && e->len == 0 && e->nrecords == 0 && e->nfiles == 0);
	CHECK(memo_find(&m, key_of("line three")) == NULL);
	memo_release(&m);

	/* Another settings hash: nothing is read. */
	memo_load(&m, DIR_, other);
	CHECK(m.n == 0);
	memo_release(&m);

	/* A record written again (same bytes, new identity): no entry. */
	write_record(DIR_ "/store/k1");
	memo_load(&m, DIR_, settings);
	CHECK(memo_find(&m, key_of("line one")) == NULL);
	CHECK(memo_find(&m, key_of("line two")) != NULL);
	memo_release(&m);

	/* Each byte of the body changed, and the first line's hash of the
	 * body made to match: refused, or read within its bounds. */
	path = xasprintf("%s/merged.memo", DIR_);
	data = read_file(path, &len);
	CHECK(data != NULL);
	{
		size_t head = strchr(data, '\n') - data + 1;

		for (size_t i = head; i < len; i++) {
			char *copy = xmalloc(len), hex[HASH_HEX_LEN + 1];

			memcpy(copy, data, len);
			copy[i] = copy[i] == '9' ? 'x' : (char)(copy[i] + 1);
			digest_hex(digest_mem(copy + head, len - head), hex);
			memcpy(copy + head - 1 - HASH_HEX_LEN, hex, HASH_HEX_LEN);
			CHECK(afile_put(path, copy, len) == 0);
			memo_load(&m, DIR_, settings);
			for (size_t j = 0; j < m.n; j++)
				CHECK(m.v[j].text[m.v[j].len] == '\0');
			memo_release(&m);
			free(copy);
		}
		/* Cut short at every length. */
		for (size_t n = head; n < len; n++) {
			char *copy = xmalloc(len), hex[HASH_HEX_LEN + 1];

			memcpy(copy, data, len);
			digest_hex(digest_mem(copy + head, n - head), hex);
			memcpy(copy + head - 1 - HASH_HEX_LEN, hex, HASH_HEX_LEN);
			CHECK(afile_put(path, copy, n) == 0);
			memo_load(&m, DIR_, settings);
			memo_release(&m);
			free(copy);
		}
	}
	free(data);
	free(path);
	remove_tree(DIR_);
	return 0;
}
