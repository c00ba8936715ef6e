/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_JSON_WRITE_H
#define DISTILL_JSON_WRITE_H

#include <stdbool.h>

#include <jansson.h>

#include "buf.h"

/*
 * JSON text written straight into a buffer, for the large files written
 * on every build (assets.json), where building a jansson tree only to
 * dump it cost a second at 100,000 files. Strings are escaped as jansson
 * escapes them (json_dumps() without JSON_ENSURE_ASCII), so a value
 * reads back the same; s must be valid UTF-8, as for json_string().
 */
void json_write_string(struct buf *b, const char *s);
/* The string s, or null when s is NULL. */
void json_write_string_or_null(struct buf *b, const char *s);
/* A jansson value as json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT |
 * JSON_REAL_PRECISION(precision)) writes it, byte for byte, several times
 * faster (a budget report of 100,000 files is 40 MB). */
void json_write_value(struct buf *b, const json_t *v, int precision);
/* A real number as json_write_value() writes one. */
void json_write_real(struct buf *b, double v, int precision);
/* A member of an object written by hand: prefix, the text before its
 * value (",\"name\":"), then the string s, or the integer v (null when
 * negative and optional). */
void json_write_member(struct buf *b, const char *prefix, const char *s);
void json_write_member_int(struct buf *b, const char *prefix, long long v, bool optional);

#endif
