/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "refs.h"

int css_refs(const char *data, size_t len, struct ref **refs, size_t *nrefs)
{
	(void)data;
	(void)len;
	*refs = NULL;
	*nrefs = 0;
	return 0;
}

void refs_free(struct ref *refs, size_t nrefs)
{
	for (size_t i = 0; i < nrefs; i++)
		free(refs[i].url);
	free(refs);
}
