/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "action_result.h"
#include "buf.h"
#include "util.h"

enum wire { WIRE_VARINT = 0, WIRE_I64 = 1, WIRE_LEN = 2, WIRE_I32 = 5 };

static void put_varint(struct buf *b, uint64_t v)
{
	while (v >= 0x80) {
		buf_addc(b, (char)((v & 0x7f) | 0x80));
		v >>= 7;
	}
	buf_addc(b, (char)v);
}

static void put_len(struct buf *b, unsigned field, const void *data, size_t len)
{
	put_varint(b, field << 3 | WIRE_LEN);
	put_varint(b, len);
	buf_add(b, data, len);
}

void action_result_encode(struct buf *b, const struct action_output *outputs, size_t n)
{
	struct buf digest = { 0 }, file = { 0 };

	for (size_t i = 0; i < n; i++) {
		buf_reset(&digest);
		put_len(&digest, 1, outputs[i].hash, strlen(outputs[i].hash));
		put_varint(&digest, 2 << 3 | WIRE_VARINT);
		put_varint(&digest, outputs[i].size);
		buf_reset(&file);
		put_len(&file, 1, outputs[i].path, strlen(outputs[i].path));
		put_len(&file, 2, digest.data, digest.len);
		put_len(b, 2, file.data, file.len);
	}
	buf_release(&digest);
	buf_release(&file);
}

/* A message being read: the bytes left. */
struct reader {
	const unsigned char *p, *end;
};

static int get_varint(struct reader *r, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p == r->end)
			return -1;
		*v |= (uint64_t)(*r->p & 0x7f) << shift;
		if (!(*r->p++ & 0x80))
			return 0;
	}
	return -1;
}

/*
 * The next field: its number and, for a length-delimited one, its bytes
 * in *sub; other wire types are skipped over (*value holds a varint).
 * Returns 1 for a field, 0 at the end, -1 on malformed bytes.
 */
static int next_field(struct reader *r, unsigned *field, int *type, uint64_t *value,
		      struct reader *sub)
{
	uint64_t key, len;

	if (r->p == r->end)
		return 0;
	if (get_varint(r, &key) < 0 || key >> 3 == 0 || key >> 3 > UINT32_MAX)
		return -1;
	*field = (unsigned)(key >> 3);
	*type = (int)(key & 7);
	switch (*type) {
	case WIRE_VARINT:
		return get_varint(r, value) < 0 ? -1 : 1;
	case WIRE_I64:
	case WIRE_I32:
		len = *type == WIRE_I64 ? 8 : 4;
		if ((uint64_t)(r->end - r->p) < len)
			return -1;
		r->p += len;
		return 1;
	case WIRE_LEN:
		if (get_varint(r, &len) < 0 || (uint64_t)(r->end - r->p) < len)
			return -1;
		sub->p = r->p;
		sub->end = r->p + len;
		r->p += len;
		return 1;
	default:
		return -1;
	}
}

static int read_digest(struct reader r, struct action_output *out)
{
	struct reader sub;
	unsigned field;
	uint64_t value;
	int type, got, have_hash = 0;

	while ((got = next_field(&r, &field, &type, &value, &sub)) > 0) {
		if (field == 1 && type == WIRE_LEN) {
			size_t len = (size_t)(sub.end - sub.p);

			if (len != 64)
				return -1;
			for (size_t i = 0; i < len; i++)
				if (!strchr("0123456789abcdef", sub.p[i]) || !sub.p[i])
					return -1;
			memcpy(out->hash, sub.p, 64);
			out->hash[64] = '\0';
			have_hash = 1;
		} else if (field == 2 && type == WIRE_VARINT) {
			out->size = value;
		}
	}
	return got < 0 || !have_hash ? -1 : 0;
}

static int read_output(struct reader r, struct action_output *out)
{
	struct reader sub;
	unsigned field;
	uint64_t value;
	int type, got, have_digest = 0;

	while ((got = next_field(&r, &field, &type, &value, &sub)) > 0) {
		if (field == 1 && type == WIRE_LEN) {
			free(out->path);
			out->path = xstrndup((const char *)sub.p, (size_t)(sub.end - sub.p));
			if (strlen(out->path) != (size_t)(sub.end - sub.p))
				return -1; /* a NUL inside */
		} else if (field == 2 && type == WIRE_LEN) {
			if (read_digest(sub, out) < 0)
				return -1;
			have_digest = 1;
		}
	}
	return got < 0 || !out->path || !have_digest ? -1 : 0;
}

int action_result_decode(const void *data, size_t len, struct action_output **outputs,
			 size_t *n)
{
	struct reader r = { data, (const unsigned char *)data + len }, sub;
	struct action_output *list = NULL;
	size_t count = 0, cap = 0;
	unsigned field;
	uint64_t value;
	int type, got;

	while ((got = next_field(&r, &field, &type, &value, &sub)) > 0) {
		if (field != 2 || type != WIRE_LEN)
			continue;
		list = xgrow(list, &cap, count + 1, sizeof(*list));
		memset(&list[count], 0, sizeof(*list));
		if (read_output(sub, &list[count++]) < 0) {
			got = -1;
			break;
		}
	}
	if (got < 0) {
		action_result_free(list, count);
		return -1;
	}
	*outputs = list;
	*n = count;
	return 0;
}

void action_result_free(struct action_output *outputs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(outputs[i].path);
	free(outputs);
}
