/* SPDX-License-Identifier: MIT */
/* libFuzzer target: css_refs() on any bytes; spans must lie inside the input,
 * in order and disjoint.
 *
 * Build and run (seeds in tests/fuzz/corpus/css/):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *     -o css_fuzz tests/fuzz/css_fuzz.c src/html.c src/html_walk.c \
 *     src/css.c src/url.c src/entities.c src/buf.c src/util.c
 *   ./css_fuzz -max_total_time=60 CORPUS tests/fuzz/corpus/css */
#include <stdint.h>
#include <stdlib.h>

#include "refs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ref *refs;
	size_t n, prev_end = 0;

	if (css_refs((const char *)data, size, &refs, &n) != 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const struct ref *r = &refs[i];

		if (!r->url || !r->url[0] || r->start > r->suffix || r->suffix > r->end ||
		    r->end > size || r->start < prev_end)
			abort();
		if (r->kind != REF_CSS_URL && r->kind != REF_CSS_IMPORT)
			abort();
		prev_end = r->end;
	}
	refs_free(refs, n);
	return 0;
}
