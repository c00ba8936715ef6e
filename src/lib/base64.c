/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <string.h>

#include "base64.h"
#include "util.h"

char *base64_encode(const char *prefix, const void *p, size_t n)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *d = p;
	size_t k = strlen(prefix);
	char *out = xmalloc(k + (n + 2) / 3 * 4 + 1), *o = out + k;

	memcpy(out, prefix, k);
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)d[i] << 16 | (i + 1 < n ? (uint32_t)d[i + 1] << 8 : 0) |
			     (i + 2 < n ? d[i + 2] : 0);

		*o++ = b64[v >> 18 & 63];
		*o++ = b64[v >> 12 & 63];
		*o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? b64[v & 63] : '=';
	}
	*o = '\0';
	return out;
}
