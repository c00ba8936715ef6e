/* SPDX-License-Identifier: MIT */
/* The rules about the manifest's files that every consumer asks
 * manifest/load.c: which file is a sidecar and of what, and which names
 * carry their content hash (what headers make immutable and the service
 * worker precaches with revision null). */
#include <stdlib.h>

#include "check.h"
#include "load.h"

static json_t *file(const char *output, const char *role)
{
	return json_pack("{s:s, s:s}", "output", output, "role", role);
}

static void check_base(const char *output, const char *role, const char *want)
{
	json_t *f = file(output, role);
	char *base = manifest_sidecar_base(f);

	if (want)
		CHECK_STR(base, want);
	else
		CHECK(base == NULL);
	free(base);
	json_decref(f);
}

int main(void)
{
	json_t *fp = json_pack("{s:b}", "fingerprinted", 1);
	json_t *plain = json_pack("{s:b}", "fingerprinted", 0);
	json_t *f;

	check_base("assets/app.1a2b3c4d5e.js.br", "br", "assets/app.1a2b3c4d5e.js");
	check_base("index.html.zst", "zst", "index.html");
	check_base("index.html", "asset", NULL);
	check_base("index.html.gz", "br", NULL);  /* no ".br" to take off */
	check_base(".br", "br", NULL);            /* nothing left */
	check_base("abr", "br", NULL);            /* no dot */

	f = file("x.js.br", "br");
	CHECK(manifest_is_sidecar(f));
	json_decref(f);
	f = file("x.js", "asset");
	CHECK(!manifest_is_sidecar(f));
	CHECK(manifest_file_fingerprinted(f, fp));
	CHECK(!manifest_file_fingerprinted(f, plain));
	CHECK(!manifest_file_fingerprinted(f, NULL));
	json_decref(f);
	f = file("photo-320w.abc.webp", "variant");
	CHECK(manifest_file_fingerprinted(f, plain));  /* a variant always is */
	json_decref(f);
	f = file("photo.jpg", "original");
	CHECK(!manifest_file_fingerprinted(f, fp));    /* kept at its old name */
	json_decref(f);
	f = json_pack("{s:s}", "output", "x");         /* no role */
	CHECK(!manifest_is_sidecar(f));
	CHECK(!manifest_file_fingerprinted(f, fp));
	json_decref(f);
	CHECK(manifest_entry_fingerprinted(fp));
	CHECK(!manifest_entry_fingerprinted(plain));
	CHECK(!manifest_entry_fingerprinted(json_object()));
	json_decref(fp);
	json_decref(plain);
	return check_status();
}
