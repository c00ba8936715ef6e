/* SPDX-License-Identifier: MIT */
/* The commit's list of files: the manifest's and the aggregates' merged,
 * each path once, sorted with the output folder's own files last; a file
 * of the user's that an aggregate would overwrite stops the commit unless
 * the aggregate made it from that file or the last commit wrote it. */
#include <stdbool.h>
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "commit_list.h"
#include "manifest_fixture.h"

static json_t *written_file(const char *output, const char *hash, bool root,
			    bool merges)
{
	return json_pack("{s:s, s:s+, s:s, s:b, s:b}", "output", output,
			 "from", "gen/", output, "hash", hash, "root", root,
			 "merges", merges);
}

static json_t *site_file(const char *output, const char *role, const char *hash)
{
	json_t *f = fixture_file(output, role, "index.html");

	json_object_set_new(f, "hash", json_string(hash));
	return f;
}

/* The site: a page, a script with its sidecar, the site's own _headers
 * (merged into the one written) and a sidecar a compression plugin made
 * of it, a config.json (a name at the root of the output folder is still
 * a site file); and, when sw_role is given, a sw.js of the user's. Files
 * sorted by output, as the manifest has them. */
static struct manifest *site(const char *sw_role, const char *sw_hash)
{
	json_t *files = json_pack("[o, o, o, o, o, o]",
		site_file("_headers", "asset", "a4"),
		site_file("_headers.br", "br", "a5"),
		site_file("app.js", "asset", "a2"),
		site_file("app.js.br", "br", "a3"),
		site_file("config.json", "asset", "a6"),
		site_file("index.html", "asset", "a1"));

	if (sw_role)
		json_array_append_new(files, site_file("sw.js", sw_role, sw_hash));
	return fixture_manifest(json_pack("[o]", fixture_entry("index.html", "html", false)),
				files);
}

/* The list as "output<from>" lines, "/" before a root file's. */
static char *list_text(const struct commit_list *list)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "");
	for (size_t i = 0; i < list->n; i++) {
		CHECK(list->v[i].root == (i >= list->nsite));
		buf_addf(&b, "%s%s<%s>\n", list->v[i].root ? "/" : "", list->v[i].output,
			 list->v[i].from);
	}
	return buf_detach(&b);
}

int main(void)
{
	json_t *written = json_pack("[o, o, o, o]",
		written_file("sw.js", "11", false, false),
		written_file("_headers", "22", false, true),
		written_file("headers.json", "33", false, false),
		written_file("config.json", "44", true, false));
	struct manifest *m = site(NULL, NULL);
	struct commit_list list;
	char *text;

	CHECK(commit_file_list(&list, written, NULL, m, NULL, 0) == 0);
	text = list_text(&list);
	static const char state[] = "inputs 0\0" "ff 1 2 3\tsw.js\0";

	CHECK_STR(text, "_headers<gen/_headers>\n"
			"app.js</store/app.js>\n"
			"app.js.br</store/app.js.br>\n"
			"config.json</store/config.json>\n"
			"headers.json<gen/headers.json>\n"
			"index.html</store/index.html>\n"
			"sw.js<gen/sw.js>\n"
			"/config.json<gen/config.json>\n");
	free(text);
	commit_list_release(&list);
	manifest_free(m);

	/* A sw.js of the user's that sw.js would not be made from: refused. */
	m = site("asset", "ff");
	CHECK(commit_file_list(&list, written, NULL, m, NULL, 0) < 0);
	CHECK(list.n == 0 && list.v == NULL);
	/* Unless the last commit wrote it, with those bytes (an in-place
	 * build of distill's own output). */
	CHECK(commit_file_list(&list, written, NULL, m, state, sizeof(state) - 1) == 0);
	text = list_text(&list);
	CHECK(text && strstr(text, "sw.js<gen/sw.js>\n") != NULL);
	CHECK(text && strstr(text, "store/sw.js") == NULL);
	free(text);
	commit_list_release(&list);
	manifest_free(m);
	/* With other bytes it is the user's again. */
	m = site("asset", "fe");
	CHECK(commit_file_list(&list, written, NULL, m, state, sizeof(state) - 1) < 0);
	manifest_free(m);
	/* An image variant or a sidecar at that path is distill's own. */
	m = site("variant", "fe");
	CHECK(commit_file_list(&list, written, NULL, m, NULL, 0) == 0);
	CHECK(list.n == 8 && list.nsite == 7);
	commit_list_release(&list);

	/* Earlier builds' files at a path nothing else takes join the list;
	 * at a taken one the first list's file stays, whatever the sort. */
	json_t *carried = json_pack("[{s:s, s:s, s:s, s:b}, {s:s, s:s, s:s, s:b}]",
		"output", "old-AbCd1234.js", "from", "previous/old", "hash", "55", "root", 0,
		"output", "app.js", "from", "previous/app", "hash", "66", "root", 0);
	CHECK(commit_file_list(&list, written, carried, m, NULL, 0) == 0);
	text = list_text(&list);
	CHECK(text && strstr(text, "old-AbCd1234.js<previous/old>\n") != NULL);
	CHECK(text && strstr(text, "app.js</store/app.js>\n") != NULL);
	CHECK(text && strstr(text, "previous/app") == NULL);
	CHECK(list.n == 9);
	free(text);
	commit_list_release(&list);
	json_decref(carried);
	manifest_free(m);

	json_decref(written);
	return check_status();
}
