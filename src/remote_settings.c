/* SPDX-License-Identifier: MIT */
/*
 * The remote cache's settings: the "remote" section of the configuration
 * and the environment variables over it (remote_settings.h).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "remote_settings.h"

#define DEFAULT_HEADER_ENV "DISTILL_REMOTE_HEADER"

json_t *remote_defaults(void)
{
	return json_pack("{s:s, s:b, s:s, s:i, s:i}", "url", "", "readOnly", 0,
			 "headerEnv", DEFAULT_HEADER_ENV, "timeoutSeconds", 30,
			 "parallel", 8);
}

char *remote_url_shown(const char *url)
{
	const char *start = strstr(url, "://"), *at, *slash;

	if (!start)
		return xstrdup(url);
	start += 3;
	slash = strchr(start, '/');
	at = strchr(start, '@');
	if (!at || (slash && at > slash))
		return xstrdup(url);
	return xasprintf("%.*s%s", (int)(start - url), url, at + 1);
}

static int take_header(const char *env, struct remote_settings *s)
{
	const char *value = env[0] ? getenv(env) : NULL;
	const char *colon;

	if (!value || !value[0])
		return 0;
	colon = strchr(value, ':');
	if (!colon || colon == value || strpbrk(value, "\r\n")) {
		/* The value is a secret: never printed. */
		warn("the environment variable %s must hold one header line, "
		     "\"Name: value\"", env);
		return -1;
	}
	s->header = xstrdup(value);
	return 0;
}

int remote_settings_take(json_t *config, struct remote_settings *s)
{
	json_t *section = json_incref(json_object_get(config, "remote"));
	const char *url = json_string_value(json_object_get(section, "url"));
	const char *env_url = getenv("DISTILL_REMOTE_CACHE");
	const char *env_ro = getenv("DISTILL_REMOTE_READ_ONLY");
	json_int_t timeout = json_integer_value(json_object_get(section, "timeoutSeconds"));
	json_int_t parallel = json_integer_value(json_object_get(section, "parallel"));
	int ret = -1;

	memset(s, 0, sizeof(*s));
	json_object_del(config, "remote");
	if (env_url && env_url[0])
		url = env_url;
	if (!url || !url[0]) {
		ret = 0;
		goto out;
	}
	if (!has_prefix(url, "http://") && !has_prefix(url, "https://")) {
		char *shown = remote_url_shown(url);

		warn("remote cache URL '%s': expected http:// or https://", shown);
		free(shown);
		goto out;
	}
	if (timeout < 1 || timeout > 3600 || parallel < 1 || parallel > REMOTE_MAX_PARALLEL) {
		warn("remote.timeoutSeconds must be 1 to 3600 and remote.parallel 1 to %d",
		     REMOTE_MAX_PARALLEL);
		goto out;
	}
	s->url = xstrdup(url);
	while (has_suffix(s->url, "/"))
		s->url[strlen(s->url) - 1] = '\0';
	s->read_only = json_is_true(json_object_get(section, "readOnly")) ||
		       (env_ro && strcmp(env_ro, "") != 0 && strcmp(env_ro, "0") != 0);
	s->timeout_ms = (long)timeout * 1000;
	s->parallel = (int)parallel;
	ret = take_header(json_string_value(json_object_get(section, "headerEnv")), s);
	if (ret < 0)
		remote_settings_release(s);
out:
	json_decref(section);
	return ret;
}

void remote_settings_release(struct remote_settings *s)
{
	free(s->url);
	free(s->header);
	memset(s, 0, sizeof(*s));
}
