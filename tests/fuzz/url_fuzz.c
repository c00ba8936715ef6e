/* SPDX-License-Identifier: MIT */
/* libFuzzer target for url.c. The input is "FROM\nBASE\nURL" (BASE may be
 * empty for none). Checks that a resolved path is canonical (no empty, "."
 * or ".." segment, no leading '/'), and that url_for() gives back a URL that
 * resolves to the same path, relative and absolute.
 *
 * Build and run (seeds in tests/fuzz/corpus/url/):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *     -o url_fuzz tests/fuzz/url_fuzz.c src/html.c src/html_walk.c \
 *     src/css.c src/url.c src/entities.c src/buf.c src/util.c
 *   ./url_fuzz -max_total_time=60 CORPUS tests/fuzz/corpus/url */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"
#include "canonical.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static void round_trip(const char *from, const char *path)
{
	for (int absolute = 0; absolute < 2; absolute++) {
		char *u = url_for(from, path, absolute), *suffix, *back;

		if (url_is_external(u))
			abort();
		back = url_resolve(from, NULL, u, &suffix);
		if (!back || strcmp(back, path) != 0 || strcmp(suffix, "") != 0)
			abort();
		free(back);
		free(suffix);
		free(u);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *from, *base, *url, *nl, *path, *suffix;

	memcpy(text, data, size);
	text[size] = '\0';
	from = text;
	base = (nl = strchr(from, '\n')) ? (*nl = '\0', nl + 1) : NULL;
	url = base && (nl = strchr(base, '\n')) ? (*nl = '\0', nl + 1) : NULL;
	if (!url) {
		free(text);
		return 0;
	}
	(void)url_is_external(url);
	(void)url_is_absolute(url);
	path = url_resolve(from, *base ? base : NULL, url, &suffix);
	if (path) {
		check_canonical(path);
		if (!suffix || (suffix[0] && suffix[0] != '?' && suffix[0] != '#'))
			abort();
		/* url_for works from canonical file paths, as the site has. */
		{
			char *s2, *canon = url_resolve("", NULL, from, &s2);

			free(s2);
			if (canon && strchr(from, '?') == NULL && strchr(from, '#') == NULL &&
			    !strcmp(canon, from))
				round_trip(canon, path);
			free(canon);
		}
	} else if (suffix) {
		abort();
	}
	free(path);
	free(suffix);
	free(text);
	return 0;
}
