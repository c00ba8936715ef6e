/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the plan's escaping (src/plan.c). The input, up to
 * its first NUL, is a string; it goes through both escapers and each result
 * is read back the way its reader reads it:
 *   plan_escape_path: ninja's lexer in a path (build line); the path must
 *     end nowhere early and give back the string. Strings ninja cannot name
 *     at all (a line break or '|') are refused by the planner before they
 *     reach the escaper, which treats them as a BUG; they are skipped here.
 *   plan_escape_arg: ninja's lexer in a variable value ($$ only), then
 *     /bin/sh word splitting and quote removal, then job_args(), which
 *     decodes the "%%hex" form; the job must get back exactly the string,
 *     as one argument. */
/* Built and run by tests/fuzz/run.sh (`ninja fuzz`, `ninja fuzz-smoke`);
 * seeds in tests/fuzz/corpus/escape/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../passes/job.h"
#include "../../src/pass.h"
#include "buf.h"
#include "plan.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Ninja reading a path: "$$", "$ ", "$:" are the only escapes a path may
 * hold; an unescaped space, ':', '|' or line break ends it. */
static void check_path(const char *s)
{
	struct buf b = BUF_INIT, back = BUF_INIT;

	plan_escape_path(&b, s);
	for (size_t i = 0; i < b.len; i++) {
		char c = b.data[i];

		if (c == '$') {
			if (i + 1 >= b.len || !strchr("$ :", b.data[i + 1]))
				abort();
			buf_addc(&back, b.data[++i]);
		} else if (strchr(" :|\n\r", c)) {
			abort();
		} else {
			buf_addc(&back, c);
		}
	}
	if (back.len != strlen(s) || memcmp(back.data ? back.data : "", s, back.len) != 0)
		abort();
	buf_release(&b);
	buf_release(&back);
}

/* Ninja reading a variable value; the command never holds "$name". */
static char *ninja_value(const struct buf *b)
{
	struct buf v = BUF_INIT;

	for (size_t i = 0; i < b->len; i++) {
		char c = b->data[i];

		if (c == '\n' || c == '\r')
			abort();
		if (c == '$') {
			if (i + 1 >= b->len || b->data[i + 1] != '$')
				abort();
			i++;
		}
		buf_addc(&v, c);
	}
	buf_addc(&v, '\0');
	return buf_detach(&v);
}

/* POSIX sh reading one word made of '...' strings, \c escapes and plain
 * characters; anything that would split it, expand or glob aborts. */
static char *shell_word(const char *w)
{
	struct buf out = BUF_INIT;

	while (*w) {
		if (*w == '\'') {
			const char *end = strchr(w + 1, '\'');

			if (!end)
				abort();
			buf_add(&out, w + 1, (size_t)(end - w - 1));
			w = end + 1;
		} else if (*w == '\\') {
			if (!w[1] || w[1] == '\n')
				abort();
			buf_addc(&out, w[1]);
			w += 2;
		} else if (strchr(" \t\n|&;<>()$`\"*?[#~", *w)) {
			abort();
		} else {
			buf_addc(&out, *w++);
		}
	}
	buf_addc(&out, '\0');
	return buf_detach(&out);
}

static void check_arg(const char *s)
{
	struct buf b = BUF_INIT;
	char *value, *word, *argv[3];
	struct job job;

	plan_escape_arg(&b, s);
	value = ninja_value(&b);
	word = shell_word(value);
	argv[0] = "--pass-version=1";
	argv[1] = "--";
	argv[2] = word;
	if (job_args(pass_find("copy"), 3, argv, &job) < 0 || job.nargs != 1 ||
	    strcmp(job.args[0], s) != 0)
		abort();
	job_release(&job);
	free(word);
	free(value);
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);

	verbosity = 0;
	if (!strpbrk(s, "\n\r|"))
		check_path(s);
	check_arg(s);
	free(s);
	return 0;
}
