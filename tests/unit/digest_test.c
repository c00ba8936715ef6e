/* SPDX-License-Identifier: MIT */
/* Content hashes: known XXH3-128 values, hex round trips, fingerprints
 * that are file-name and URL safe, and length-prefixed keys. */
#include <string.h>

#include "check.h"
#include "digest.h"

int main(void)
{
	char hex[HASH_HEX_LEN + 1], fp[FINGERPRINT_LEN + 1];
	struct hash128 h = digest_mem("", 0), back;
	struct digest_key k1, k2;

	/* XXH3_128bits("") from the xxHash reference. */
	digest_hex(h, hex);
	CHECK_STR(hex, "99aa06d3014798d86001c324468d497f");
	CHECK(digest_parse_hex(hex, &back) == 0 && digest_equal(h, back));
	CHECK(digest_parse_hex("xyz", &back) < 0);

	digest_fingerprint(digest_mem("abc", 3), fp);
	CHECK(strlen(fp) == FINGERPRINT_LEN);
	CHECK(strspn(fp, "abcdefghijklmnopqrstuvwxyz234567") == FINGERPRINT_LEN);

	digest_key_init(&k1);
	digest_key_str(&k1, "ab");
	digest_key_str(&k1, "c");
	digest_key_init(&k2);
	digest_key_str(&k2, "a");
	digest_key_str(&k2, "bc");
	CHECK(!digest_equal(digest_key_final(&k1), digest_key_final(&k2)));
	return check_status();
}
