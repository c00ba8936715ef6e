/* SPDX-License-Identifier: MIT */
/* Ninja escaping and shell quoting of plan paths and arguments, checked by
 * running the quoted argument through sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "plan.h"

/* What sh makes of a quoted argument once ninja has unescaped "$$". */
static char *through_shell(const char *quoted)
{
	struct buf cmd = BUF_INIT, unescaped = BUF_INIT;
	char out[4096];
	size_t n;
	FILE *f;

	for (const char *s = quoted; *s; s++) {
		if (s[0] == '$' && s[1] == '$')
			s++;
		buf_addc(&unescaped, *s);
	}
	buf_addf(&cmd, "printf %%s %s", unescaped.data);
	f = popen(cmd.data, "r");
	n = fread(out, 1, sizeof(out) - 1, f);
	pclose(f);
	out[n] = '\0';
	buf_release(&cmd);
	buf_release(&unescaped);
	return strdup(out);
}

int main(void)
{
	static const char *const names[] = {
		"plain.txt", "with space.png", "dollar$sign.css", "co:lon.js",
		"hash#frag.svg", "quote'single.txt", "quote\"double.txt",
		"ünïcödé.txt", "-leading-dash.txt", "back\\slash", "`tick`",
		"%%percent",
	};
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *back;

		buf_reset(&b);
		plan_escape_arg(&b, names[i]);
		if (strncmp(b.data, "%%", 2) == 0)
			continue; /* hex form: decoded by job_args, not the shell */
		back = through_shell(b.data);
		CHECK_STR(back, names[i]);
		free(back);
	}

	buf_reset(&b);
	plan_escape_arg(&b, "new\nline");
	CHECK_STR(b.data, "%%6e65770a6c696e65");

	buf_reset(&b);
	plan_escape_path(&b, "a b:c$d");
	CHECK_STR(b.data, "a$ b$:c$$d");
	buf_release(&b);
	return check_status();
}
