/* SPDX-License-Identifier: MIT */
/* libFuzzer target: imports_scan() on any bytes, then imports_resolve() of
 * every specifier found. Besides crashes, checks that each specifier is text
 * of the input (it is copied from between quotes, never made up) and that a
 * resolved path is canonical: no empty, "." or ".." segment, no leading '/',
 * so a module can never name a file outside the site. */
/* Built and run by tests/fuzz/run.sh (`ninja fuzz`, `ninja fuzz-smoke`);
 * seeds in tests/fuzz/corpus/imports/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imports.h"
#include "util.h"
#include "canonical.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const froms[] = { "index.js", "assets/app.js", "a/b/c/d.mjs" };
	size_t n;
	struct import_spec *specs;

	verbosity = 0;
	specs = imports_scan((const char *)data, size, &n);
	if (n > size)
		abort();
	for (size_t i = 0; i < n; i++) {
		const char *spec = specs[i].spec;

		if (!spec || !memmem(data, size, spec, strlen(spec)))
			abort();
		for (size_t f = 0; f < sizeof(froms) / sizeof(froms[0]); f++) {
			char *path = imports_resolve(froms[f], spec);

			if (path)
				check_canonical(path);
			free(path);
		}
	}
	imports_free(specs, n);
	return 0;
}
