/* SPDX-License-Identifier: MIT */
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
