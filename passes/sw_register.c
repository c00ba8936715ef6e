/* SPDX-License-Identifier: MIT */
/*
 * The script that registers the worker (sw-template/register.js): which
 * sites get it, and its text. The rewrite pass adds it to every page that
 * does not register a worker itself; the sw pass writes it beside sw.js.
 */
#include <stdbool.h>
#include <string.h>

#include "../src/lib/buf.h"
#include "../src/lib/util.h"
#include "sw.h"
#include "sw_int.h"

extern const unsigned char sw_register_template[];
extern const size_t sw_register_template_len;

#define WORKER_PLACEHOLDER "\"__DISTILL_WORKER__\""

const char *sw_register_file(const json_t *config, bool own_worker, bool own_register)
{
	const json_t *sw = json_object_get(config, "sw");
	const json_t *mode = json_object_get(sw, "register");

	if (!sw_served_file(config) || json_is_false(mode))
		return NULL;
	if (json_is_true(mode))
		return SW_REGISTER_FILE;
	/* null: a site that brings its own worker registers it. */
	if (own_worker || own_register || json_string_value(json_object_get(sw, "source")))
		return NULL;
	return SW_REGISTER_FILE;
}

void sw_register_script(struct buf *b, const char *worker_file)
{
	const char *text = (const char *)sw_register_template;
	const char *at = strstr(text, WORKER_PLACEHOLDER);

	if (!at)
		fatal("the embedded register.js has no %s", WORKER_PLACEHOLDER);
	buf_add(b, text, (size_t)(at - text));
	buf_addf(b, "\"/%s\"", worker_file);
	buf_adds(b, at + strlen(WORKER_PLACEHOLDER));
}
