/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_REMOTE_SETTINGS_H
#define DISTILL_REMOTE_SETTINGS_H

#include <jansson.h>
#include <stdbool.h>

/* How to reach the remote cache (remote.h), from the configuration's
 * "remote" section and the environment (remote_settings.c). */
struct remote_settings {
	char *url;       /* "http[s]://host[:port][/instance]", no trailing '/' */
	char *header;    /* one "Name: value" line, or NULL */
	bool read_only;  /* fetch, never upload */
	long timeout_ms; /* for each request */
	int parallel;    /* transfers at once */
};

/* The most transfers at once (remote.parallel). */
#define REMOTE_MAX_PARALLEL 64

/* The "remote" section of the configuration, with its defaults. */
json_t *remote_defaults(void);
/*
 * Take the "remote" section out of config (it changes no output, so it
 * must not reach the jobs' keys) into *s, with DISTILL_REMOTE_CACHE over
 * remote.url and DISTILL_REMOTE_READ_ONLY=1 over remote.readOnly. The
 * header comes from the environment variable remote.headerEnv names.
 * s->url is NULL without a remote. Returns 0, or -1 after a warning.
 */
int remote_settings_take(json_t *config, struct remote_settings *s);
void remote_settings_release(struct remote_settings *s);
/* The URL as messages show it: without a user and password. A new string. */
char *remote_url_shown(const char *url);

#endif
