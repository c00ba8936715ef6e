/* SPDX-License-Identifier: MIT */
/* SHA-2 against Python's hashlib: short, empty, and inputs on either side
 * of a padding boundary (55/56 bytes for SHA-256, 111/112 for SHA-512). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sha2.h"

int main(void)
{
	static const struct { enum sha2_alg alg; size_t n; const char *want; } cases[] = {
		{ SHA2_256, 3, "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" },
		{ SHA2_256, 0, "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" },
		{ SHA2_256, 111, "sha256-Y3T3MgiFRHOCf29qP0Ox9T6qO4LCHBptaaIRCyp5uq0=" },
		{ SHA2_256, 112, "sha256-9UNTAIolUyYuzcSjR0lWO6CVDosPyGUngLCmFLmWg8E=" },
		{ SHA2_256, 1000, "sha256-Qe3s5C1j6Nm/UVqbppMuHCDLyfWl0TRkWttdsblzfqM=" },
		{ SHA2_384, 3, "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn" },
		{ SHA2_384, 0, "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb" },
		{ SHA2_384, 111, "sha384-PDeVUFHLXDAm+U1VHVteKsONVyrk4HFyCF/tgfhGa4+Q3COo/83qC42OWOj9rMgK" },
		{ SHA2_384, 112, "sha384-GH1OB8swYQPGmWe/VE0N++kEJXdZnHPDMKvAy2TGEjbV7VZe4ZEZ2MMXeaOPeR/N" },
		{ SHA2_384, 1000, "sha384-9USAaJxrCxHQMDKF2agbIak7ymulobRHJ2XcpNpF7jKAgtRpxlDNO2GxbTJmq4zt" },
		{ SHA2_512, 3, "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==" },
		{ SHA2_512, 0, "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==" },
		{ SHA2_512, 111, "sha512-+pEhx7MrngFzPQNM/HjL9n+SbH7YPoIgDvhoGBlpIXYLS+/0hATfgRuVOCgnRGFnPGjQTil7DreytNYPxrVmog==" },
		{ SHA2_512, 112, "sha512-wB0IDv1JJ3ahxDvSPdmdCi5ibUgeFnguddVMJQO13DK9BfDxujPlaLiP0tlwkptxnsuxUvWPEwpAfIgwYEtwyg==" },
		{ SHA2_512, 1000, "sha512-Z7pVNaRuP4bb++2Mu68BJcdu1Un/iwueA+DIjPkPpjT6exK0fXe2lN5Iis6NmmWWfclt9ZlyfTKSqNnUR3Cclw==" },
	};
	char a[1000];

	memset(a, 'a', sizeof(a));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *data = cases[i].n == 3 ? "abc" : a;
		char *got = sha2_integrity(cases[i].alg, data, cases[i].n);

		CHECK_STR(got, cases[i].want);
		free(got);
	}
	CHECK(sha2_parse_alg("sha384-abc", 10) == SHA2_384);
	CHECK(sha2_parse_alg("sha1-abc", 8) == -1);
	CHECK(sha2_parse_alg("sha256-", 7) == -1);
	return check_status();
}
