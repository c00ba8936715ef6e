/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_file.h"
#include "util.h"

json_t *json_read_file(const char *path, size_t flags, json_error_t *err)
{
	json_error_t own;
	size_t len;
	char *text = read_file(path, &len);
	json_t *json;
	int saved;

	if (!err)
		err = &own;
	if (!text) {
		saved = errno;
		memset(err, 0, sizeof(*err));
		snprintf(err->text, sizeof(err->text), "unable to open %s: %s", path,
			 strerror(saved));
		errno = saved;
		return NULL;
	}
	json = json_loadb(text, len, flags, err);
	free(text);
	return json;
}
