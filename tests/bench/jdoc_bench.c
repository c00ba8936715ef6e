/* SPDX-License-Identifier: MIT */
/* Parse time of one JSON file with jansson and with jdoc, side by side in
 * one run (tests/bench/jdoc.sh builds and runs it): the best of ROUNDS
 * for each, and the ratio. usage: jdoc_bench FILE [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <jansson.h>

#include "jdoc.h"
#include "util.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[2]) : 5;
	double best_jansson = 1e9, best_jdoc = 1e9;
	size_t len;
	char *text;

	if (argc < 2 || !(text = read_file(argv[1], &len))) {
		fprintf(stderr, "usage: jdoc_bench FILE [ROUNDS]\n");
		return 2;
	}
	for (int r = 0; r < rounds; r++) {
		const char *why;
		double s = now(), t;
		json_t *j = json_loadb(text, len, 0, NULL);
		struct jdoc *d;

		t = now() - s;
		if (!j)
			return 1;
		json_decref(j);
		best_jansson = t < best_jansson ? t : best_jansson;
		s = now();
		d = jdoc_parse(xstrndup(text, len), len, &why);
		t = now() - s;
		if (!d)
			return 1;
		jdoc_free(d);
		best_jdoc = t < best_jdoc ? t : best_jdoc;
	}
	printf("jansson %.3f s, jdoc %.3f s (best of %d): %.1fx\n", best_jansson, best_jdoc,
	       rounds, best_jansson / best_jdoc);
	free(text);
	return 0;
}
