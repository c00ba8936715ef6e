/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"

bool annotations_wanted(void)
{
	const char *v = getenv("GITHUB_ACTIONS");

	return v && strcmp(v, "true") == 0;
}

/* The runner's escaping: '%', CR and LF always; ':' and ',' too in a
 * property, where they would end the value. */
void annotation_escape(struct buf *b, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			buf_adds(b, "%25");
		else if (*s == '\r')
			buf_adds(b, "%0D");
		else if (*s == '\n')
			buf_adds(b, "%0A");
		else if (property && *s == ':')
			buf_adds(b, "%3A");
		else if (property && *s == ',')
			buf_adds(b, "%2C");
		else
			buf_addc(b, *s);
	}
}

void annotate(const char *level, const char *title, const char *file, const char *msg)
{
	struct buf b = BUF_INIT;
	const char *sep = " ";

	if (!annotations_wanted())
		return;
	buf_addf(&b, "::%s", level);
	if (file) {
		buf_addf(&b, "%sfile=", sep);
		annotation_escape(&b, file, true);
		sep = ",";
	}
	if (title) {
		buf_addf(&b, "%stitle=", sep);
		annotation_escape(&b, title, true);
	}
	buf_adds(&b, "::");
	annotation_escape(&b, msg, false);
	buf_addc(&b, '\n');
	fflush(stderr);
	fwrite(b.data, 1, b.len, stdout);
	fflush(stdout);
	buf_release(&b);
}
