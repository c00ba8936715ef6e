/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "json_write.h"

void json_write_string(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	while (*s) {
		size_t run = strcspn(s, "\"\\\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b"
					"\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
					"\x19\x1a\x1b\x1c\x1d\x1e\x1f");
		unsigned char c;

		buf_add(b, s, run);
		s += run;
		if (!*s)
			break;
		switch ((c = (unsigned char)*s++)) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\b': buf_adds(b, "\\b"); break;
		case '\f': buf_adds(b, "\\f"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		default: buf_addf(b, "\\u%04X", c); break;
		}
	}
	buf_addc(b, '"');
}

void json_write_string_or_null(struct buf *b, const char *s)
{
	if (s)
		json_write_string(b, s);
	else
		buf_adds(b, "null");
}

/* As jansson's jsonp_dtostr(): "%.*g", with ".0" when that would read
 * as an integer, and the exponent without '+' or leading zeros. */
void json_write_real(struct buf *b, double v, int precision)
{
	char text[64], *start, *end;

	snprintf(text, sizeof(text), "%.*g", precision ? precision : 17, v);
	if (!strchr(text, '.') && !strchr(text, 'e'))
		strcat(text, ".0");
	if ((start = strchr(text, 'e'))) {
		start++;
		end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start)
			memmove(start, end, strlen(end) + 1);
	}
	buf_adds(b, text);
}

void json_write_value(struct buf *b, const json_t *v, int precision)
{
	const char *key;
	json_t *item;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		buf_addc(b, '{');
		i = 0;
		json_object_foreach((json_t *)v, key, item) {
			if (i++)
				buf_addc(b, ',');
			json_write_string(b, key);
			buf_addc(b, ':');
			json_write_value(b, item, precision);
		}
		buf_addc(b, '}');
		break;
	case JSON_ARRAY:
		buf_addc(b, '[');
		json_array_foreach(v, i, item) {
			if (i)
				buf_addc(b, ',');
			json_write_value(b, item, precision);
		}
		buf_addc(b, ']');
		break;
	case JSON_STRING:
		json_write_string(b, json_string_value(v));
		break;
	case JSON_INTEGER:
		buf_add_i64(b, (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		json_write_real(b, json_real_value(v), precision);
		break;
	case JSON_TRUE:
		buf_adds(b, "true");
		break;
	case JSON_FALSE:
		buf_adds(b, "false");
		break;
	case JSON_NULL:
		buf_adds(b, "null");
		break;
	}
}

void json_write_member(struct buf *b, const char *prefix, const char *s)
{
	buf_adds(b, prefix);
	json_write_string(b, s);
}

void json_write_member_int(struct buf *b, const char *prefix, long long v, bool optional)
{
	buf_adds(b, prefix);
	if (v < 0 && optional)
		buf_adds(b, "null");
	else
		buf_add_i64(b, v);
}
