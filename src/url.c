/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "url.h"
#include "util.h"

int url_is_external(const char *url)
{
	(void)url;
	return 1;
}

char *url_resolve(const char *from_path, const char *base_href,
		  const char *url, char **suffix)
{
	(void)from_path;
	(void)base_href;
	(void)url;
	*suffix = NULL;
	return NULL;
}

char *url_for(const char *from_path, const char *to_path, int absolute)
{
	(void)from_path;
	(void)absolute;
	return xstrdup(to_path);
}
