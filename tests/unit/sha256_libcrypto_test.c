/* SPDX-License-Identifier: MIT */
/* sha256_hex() through OpenSSL's SHA256() (what the remote cache uses
 * once libcurl has loaded libcrypto) gives what src/lib/sha2.c gives, on
 * either side of every padding boundary and on a few megabytes. Skipped
 * without libcrypto.so.3. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sha2.h"

int main(void)
{
	void *crypto = dlopen("libcrypto.so.3", RTLD_NOW);
	size_t big = 3u << 20, lengths[] = { 0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 3u << 20 };
	char *data = malloc(big), mine[65], theirs[65];
	sha256_fn *fn = NULL;

	if (crypto)
		*(void **)&fn = dlsym(crypto, "SHA256");
	if (!fn) {
		puts("skipped: no libcrypto.so.3");
		free(data);
		return 0;
	}
	for (size_t i = 0; i < big; i++)
		data[i] = (char)(i * 2654435761u >> 13);
	for (size_t i = 0; i < sizeof(lengths) / sizeof(*lengths); i++) {
		sha2_use_sha256(NULL);
		sha256_hex(data, lengths[i], mine);
		sha2_use_sha256(fn);
		sha256_hex(data, lengths[i], theirs);
		CHECK_STR(theirs, mine);
	}
	sha2_use_sha256(NULL);
	sha256_hex("abc", 3, mine);
	CHECK_STR(mine, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	free(data);
	return check_status();
}
