/* SPDX-License-Identifier: MIT */
#include "cache_layout.h"
#include "util.h"

char *cache_store_dir(const char *cache, const char *pass)
{
	return xasprintf("%s/store/%s", cache, pass);
}

char *cache_gen_dir(const char *cache, const char *pass)
{
	return xasprintf("%s/gen/%s", cache, pass);
}

char *cache_input_dir(const char *cache, const char *pass)
{
	return xasprintf("%s/input/%s", cache, pass);
}

char *cache_path(const char *cache, const char *name)
{
	return xasprintf("%s/%s", cache, name);
}
