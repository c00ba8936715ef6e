/* SPDX-License-Identifier: MIT */
/* A main() for the libFuzzer targets without libFuzzer: runs the target
 * once on each file named on the command line, so that the seed corpora and
 * every input that once crashed (tests/fuzz/regress/) are replayed by the
 * fault suite with the ordinary compiler (tests/faults/fuzz-replay.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char *argv[])
{
	for (int i = 1; i < argc; i++) {
		size_t len;
		char *data = read_file(argv[i], &len);

		if (!data) {
			fprintf(stderr, "replay: cannot read '%s'\n", argv[i]);
			return 1;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		free(data);
	}
	return 0;
}
