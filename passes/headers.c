/* SPDX-License-Identifier: MIT */
/*
 * headers: cache and security headers for static hosts.
 *
 * Reads <cache>/manifest.json only. Writes one rule list three ways into
 * <cache>/gen/headers/, placed in the output tree by the commit step:
 *   _headers       Netlify and Cloudflare Pages syntax
 *   headers.json   the same rules as plain JSON (below)
 *   .vercel/output/config.json   Vercel's Build Output API v3 routes, only
 *                  when headers.vercel is set (--vercel)
 *
 * Fingerprinted files (their name changes with their bytes) get the
 * "immutable" Cache-Control; every other file, HTML and sw.js among them,
 * gets "revalidate". The security headers (and a Content-Security-Policy
 * built from the "csp" directive table) go on every path.
 *
 * Hosts apply every rule whose pattern matches a path and join the values
 * of a header set twice, so a file must match one Cache-Control rule at
 * most. The patterns are chosen from the output tree: a splat ("/dir/" then
 * "*") for a folder holding one class of files only, when no path of the
 * other class could match it (Netlify's splat also matches "/dirX", and
 * case-insensitively); "/dir/:file" for the files directly in a folder of
 * unhashed files; "/dir/name" then "*" for a file and its .br and .zst; and
 * exact paths for the rest. Cloudflare takes 100 rules; past max_rules,
 * exact revalidate rules go first (the hosts' default is the same value),
 * then immutable ones, with a warning: those files are merely revalidated.
 *
 * headers.json is an array of {"source", "regex", "headers"}: source in
 * _headers syntax ("*" matches the rest of the path, ":name" one segment),
 * regex the same match as an anchored regular expression over the
 * percent-encoded path, headers an object of header names and values. Every
 * rule whose source matches a request path applies; no two of them set the
 * same header for a file of the site. A file matched by no Cache-Control
 * rule should be served with the "revalidate" value.
 *
 * Record fields: "rules" (how many), "dropped" (rules left out for the
 * limit); its files carry "output" or "output_root".
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../manifest/load.h"
#include "../manifest/record.h"
#include "../src/afile.h"
#include "../src/buf.h"
#include "../src/plan.h"
#include "../src/site.h"
#include "../src/url.h"
#include "../src/util.h"
#include "headers_user.h"
#include "pass.h"
#include "sw.h"

extern const struct pass pass_headers;

static const char headers_defaults[] =
	"{\"vercel\": false, \"maxRules\": 100,"
	" \"immutable\": \"public, max-age=31536000, immutable\","
	" \"revalidate\": \"public, max-age=0, must-revalidate\","
	" \"security\": {"
	"  \"Strict-Transport-Security\": \"max-age=31536000; includeSubDomains; preload\","
	"  \"X-Frame-Options\": \"DENY\","
	"  \"X-Content-Type-Options\": \"nosniff\","
	"  \"Referrer-Policy\": \"strict-origin-when-cross-origin\","
	"  \"Permissions-Policy\": \"camera=(), microphone=(), geolocation=()\","
	/* null: built from "csp"; a string is used as it is; false: none. */
	"  \"Content-Security-Policy\": null},"
	/* Directives in order; a string value, true for a directive without
	 * one (upgrade-insecure-requests), null or false to leave it out. */
	" \"csp\": {"
	"  \"default-src\": \"'self'\", \"script-src\": \"'self'\","
	"  \"style-src\": \"'self' 'unsafe-inline'\", \"img-src\": \"'self' data:\","
	"  \"font-src\": \"'self' data:\", \"connect-src\": \"'self'\","
	"  \"frame-ancestors\": \"'none'\", \"base-uri\": \"'self'\","
	"  \"object-src\": \"'none'\","
	"  \"script-src-elem\": null, \"script-src-attr\": null,"
	"  \"style-src-elem\": null, \"style-src-attr\": null,"
	"  \"media-src\": null, \"frame-src\": null, \"child-src\": null,"
	"  \"worker-src\": null, \"manifest-src\": null, \"form-action\": null,"
	"  \"sandbox\": null, \"upgrade-insecure-requests\": null,"
	"  \"require-trusted-types-for\": null, \"trusted-types\": null,"
	"  \"report-uri\": null, \"report-to\": null},"
	/* More headers for every path, any names. */
	" \"extra\": {}}";

/* A file of the output tree and whether its name is fingerprinted. */
struct hfile {
	char *path;
	bool fp;
	bool user; /* the site's own _headers gives it a Cache-Control */
};

/* Whether f is of class fp and left to distill's Cache-Control rules. */
static bool is_class(const struct hfile *f, bool fp)
{
	return !f->user && f->fp == fp;
}

enum cache { CACHE_IMMUTABLE, CACHE_REVALIDATE };

struct rule {
	char *source;     /* _headers pattern */
	char *regex;      /* the same, as an anchored regular expression */
	enum cache cache;
	bool exact;       /* names one file (and its sidecars): dropped first
			     when over the limit */
};

struct rules {
	struct rule *v;
	size_t n, cap;
};

/* One edge after the manifest: everything it needs is in manifest.json.
 * The config is read from config.json, which every job shares, so its key
 * goes on the command line: a changed setting changes the command, and
 * ninja runs the job again. */
static void headers_plan(struct plan *p, struct site *site)
{
	char *dir = plan_gen_dir(site, &pass_headers), *input;
	const char *sw_file = sw_served_file(site->config);
	char hex[HASH_HEX_LEN + 1], *args[2];
	const char *inputs[1];
	struct digest_key k;

	manifest_edge(site->cache, &input, &args[0]);
	inputs[0] = input;

	plan_key_init(site, &pass_headers, &k);
	/* The service worker's file gets a rule; headers.json gets
	 * sidecars. */
	digest_key_str(&k, sw_file ? sw_file : "");
	plan_key_section(&k, site, "compress");
	digest_hex(digest_key_final(&k), hex);
	args[1] = xasprintf("--config-key=%s", hex);
	plan_rule(p, &pass_headers, 0);
	plan_edge(p, &pass_headers, dir, inputs, 1, (const char *const *)args, 2,
		  "HEADERS");
	free(args[0]);
	free(args[1]);
	free(input);
	free(dir);
}

/* Append path to b as a request path would carry it: what a browser
 * percent-encodes in a path, plus '%' itself, and the characters _headers
 * patterns give a meaning ('*' anywhere, ':' opening a segment). */
static void add_url_path(struct buf *b, const char *path)
{
	while (*path) {
		size_t n = strcspn(path, "/");

		/* ':' opens a placeholder only at a segment's start. */
		if (*path == ':') {
			buf_adds(b, "%3A");
			path++;
			n--;
		}
		url_path_encode(b, path, n, "*");
		path += n;
		if (*path == '/')
			buf_addc(b, *path++);
	}
}

static void add_regex_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\^$.|?*+()[]{}", *s))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

/* What a rule matches below its folder. */
enum shape {
	SHAPE_ALL,    /* "/dir/" then "*": everything below */
	SHAPE_FILES,  /* "/dir/:file": any name directly in it */
	SHAPE_INDEX,  /* "/dir/": its index page */
	SHAPE_EXACT,  /* "/dir/name" */
	SHAPE_PREFIX  /* "/dir/name" then "*": a file and its .br and .zst */
};

/* Add a rule for dir (no trailing '/', "" for the root) and name. */
static void rules_add(struct rules *r, enum cache cache, const char *dir,
		      enum shape shape, const char *name)
{
	struct buf src = BUF_INIT, re = BUF_INIT;
	struct rule *rule;

	buf_addc(&src, '/');
	if (*dir) {
		add_url_path(&src, dir);
		buf_addc(&src, '/');
	}
	if (shape == SHAPE_EXACT || shape == SHAPE_PREFIX)
		add_url_path(&src, name);
	buf_addc(&re, '^');
	add_regex_escaped(&re, src.data);
	if (shape == SHAPE_ALL || shape == SHAPE_PREFIX) {
		buf_addc(&src, '*');
		buf_adds(&re, ".*");
	} else if (shape == SHAPE_FILES) {
		buf_adds(&src, ":file");
		buf_adds(&re, "[^/]+");
	}
	buf_addc(&re, '$');
	r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof(*r->v));
	rule = &r->v[r->n++];
	rule->source = buf_detach(&src);
	rule->regex = buf_detach(&re);
	rule->cache = cache;
	rule->exact = shape == SHAPE_EXACT || shape == SHAPE_PREFIX;
}

/* Could a splat rule after prefix match a path not of this class (of the
 * other one, or one the site's own _headers covers)?
 * Netlify reads "/dir/" then "*" as "/dir", then anything, and matches
 * case-insensitively, so "/assets-old.js" counts for "assets". In a name
 * with a "*" appended it leaves the name unescaped, so there a '.' (from
 * offset dots on) matches any character. */
static bool splat_conflicts(const struct hfile *f, size_t n,
			    const char *prefix, size_t dots, bool fp)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = f[i].path;
		size_t k;

		if (is_class(&f[i], fp))
			continue;
		for (k = 0; prefix[k] && p[k]; k++)
			if (!(k >= dots && prefix[k] == '.') &&
			    tolower((unsigned char)p[k]) != tolower((unsigned char)prefix[k]))
				break;
		if (!prefix[k])
			return true;
	}
	return false;
}

/* Whether a "*" can follow name in a Netlify pattern: the name then goes
 * into a regular expression as it is, so only '.' may be special in it. */
static bool prefix_safe(const char *name)
{
	return name[strspn(name, "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-")] == '\0';
}

/*
 * Rules giving the Cache-Control of class fp to every file of that class in
 * f[lo..hi), the files below dir ("" for the root), and to no other file.
 * all/nall is the whole tree, for the conflict check.
 */
static void cover(struct rules *r, const struct hfile *all, size_t nall,
		  size_t lo, size_t hi, const char *dir, bool fp)
{
	enum cache cache = fp ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
	size_t plen = *dir ? strlen(dir) + 1 : 0, mine = 0, direct = 0,
	       direct_mine = 0;
	bool index = false, sub_index = false;

	for (size_t i = lo; i < hi; i++) {
		const char *name = all[i].path + plen, *slash = strchr(name, '/');
		bool in_dir = !slash;

		mine += is_class(&all[i], fp);
		direct += in_dir;
		direct_mine += in_dir && is_class(&all[i], fp);
		index |= in_dir && strcmp(name, "index.html") == 0;
		sub_index |= slash && strcmp(slash + 1, "index.html") == 0;
	}
	if (mine == 0)
		return;
	/* The root always holds pages, sw.js and headers.json. */
	if (*dir && mine == hi - lo &&
	    !splat_conflicts(all, nall, dir, strlen(dir), fp)) {
		rules_add(r, cache, dir, SHAPE_ALL, NULL);
		return;
	}
	/* One rule for the lot; it also covers "/about" for about.html on
	 * hosts with pretty URLs. But it matches "/dir/sub/" as well, which
	 * is a page when sub has an index.html, and sub's own rules would
	 * match it a second time. */
	if (!fp && direct > 0 && direct_mine == direct && !sub_index) {
		rules_add(r, cache, dir, SHAPE_FILES, NULL);
		if (index)
			rules_add(r, cache, dir, SHAPE_INDEX, NULL);
	} else {
		for (size_t i = lo; i < hi; i++) {
			const char *name = all[i].path + plen;
			size_t j = i + 1, len = strlen(all[i].path);

			if (strchr(name, '/') || !is_class(&all[i], fp))
				continue;
			/* A file's sidecars sort right after it: one rule for
			 * the three when nothing else shares the prefix. */
			while (j < hi && strncmp(all[j].path, all[i].path, len) == 0 &&
			       is_class(&all[j], fp))
				j++;
			if (j > i + 1 && prefix_safe(name) &&
			    !splat_conflicts(all, nall, all[i].path, plen, fp)) {
				rules_add(r, cache, dir, SHAPE_PREFIX, name);
				i = j - 1;
			} else {
				rules_add(r, cache, dir, SHAPE_EXACT, name);
			}
			if (!fp && strcmp(name, "index.html") == 0)
				rules_add(r, cache, dir, SHAPE_INDEX, NULL);
		}
	}
	/* Each subfolder is a run of the sorted paths sharing "dir/sub/". */
	for (size_t i = lo; i < hi;) {
		const char *name = all[i].path + plen, *slash = strchr(name, '/');
		size_t j, sublen;
		char *sub;

		if (!slash) {
			i++;
			continue;
		}
		sublen = (size_t)(slash - all[i].path);
		for (j = i + 1; j < hi && strncmp(all[j].path, all[i].path, sublen + 1) == 0; j++)
			;
		sub = xstrndup(all[i].path, sublen);
		cover(r, all, nall, i, j, sub, fp);
		free(sub);
		i = j;
	}
}

static int compare_hfiles(const void *a, const void *b)
{
	return strcmp(((const struct hfile *)a)->path, ((const struct hfile *)b)->path);
}

static void hfile_add(struct hfile **v, size_t *n, size_t *cap,
		      const char *path, bool fp)
{
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	(*v)[*n].path = xstrdup(path);
	(*v)[*n].user = false;
	(*v)[(*n)++].fp = fp;
}

/* Whether the file at base (a sidecar's own file) is fingerprinted. */
static bool hfile_fp(const struct hfile *v, size_t n, const char *base)
{
	struct hfile key = { .path = (char *)base };
	const struct hfile *f = n ? bsearch(&key, v, n, sizeof(*v), compare_hfiles) : NULL;

	return f && f->fp;
}

/*
 * The files of the output tree, sorted, each with its class: a file is
 * fingerprinted when its entry is and it sits at the entry's output (not at
 * the kept original path), when it is an image variant, or when it is the
 * .br or .zst of such a file. served names files other aggregates write,
 * never fingerprinted. Returns 0 or -1 (malformed manifest).
 */
static int load_files(const json_t *manifest, const char *const *served,
		      size_t nserved, struct hfile **out, size_t *nout)
{
	json_t *entries = json_object(), *files = json_object_get(manifest, "files");
	struct hfile *v = NULL;
	size_t n = 0, cap = 0, i, nplain = 0;
	json_t *e, *f;
	int ret = -1;

	json_array_foreach(json_object_get(manifest, "assets"), i, e) {
		const char *path = json_string_value(json_object_get(e, "path"));

		if (!path)
			goto out;
		json_object_set(entries, path, e);
	}
	if (!json_is_array(files))
		goto out;
	/* Sidecars last: their class is that of their own file. */
	for (int round = 0; round < 2; round++) {
		json_array_foreach(files, i, f) {
			const char *output = json_string_value(json_object_get(f, "output"));
			const char *role = json_string_value(json_object_get(f, "role"));
			const char *asset = json_string_value(json_object_get(f, "asset"));
			bool sidecar = manifest_is_sidecar(f), fp;
			char *base;

			if (!output || !role)
				goto out;
			if (sidecar != (round == 1))
				continue;
			if (sidecar) {
				/* A sidecar is cached as its own file is. */
				base = manifest_sidecar_base(f);
				fp = base && hfile_fp(v, nplain, base);
				free(base);
			} else {
				fp = manifest_file_fingerprinted(f, asset ? json_object_get(entries, asset) : NULL);
			}
			hfile_add(&v, &n, &cap, output, fp);
		}
		if (round == 0) {
			/* A file whose path is not UTF-8 is carried over as it is:
			 * never fingerprinted, and in no folder an immutable rule
			 * covers whole. Its raw path comes back from its URL. */
			json_array_foreach(json_object_get(manifest, "unlisted"), i, f) {
				const char *url = json_string_value(json_object_get(f, "url"));
				char *suffix = NULL, *path = url ? url_resolve("", NULL, url, &suffix) : NULL;

				if (path)
					hfile_add(&v, &n, &cap, path, false);
				free(path);
				free(suffix);
			}
			if (n > 0)
				sort_array(v, n, sizeof(*v), compare_hfiles);
			for (size_t k = 0; k < nserved; k++)
				if (n == 0 || !bsearch(&(struct hfile){ .path = (char *)served[k] },
						       v, n, sizeof(*v), compare_hfiles))
					hfile_add(&v, &n, &cap, served[k], false);
			if (n > 0)
				sort_array(v, n, sizeof(*v), compare_hfiles);
			nplain = n;
		}
	}
	if (n > 0)
		sort_array(v, n, sizeof(*v), compare_hfiles);
	ret = 0;
out:
	json_decref(entries);
	*out = v;
	*nout = n;
	return ret;
}

/* A header field name is an RFC 9110 token; a value has no control
 * characters but tab (a newline would end the _headers line). */
static bool header_ok(const char *name, const char *value)
{
	if (!*name || name[strspn(name, "!#$%&'*+-.^_`|~0123456789"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")])
		return false;
	for (const unsigned char *s = (const unsigned char *)value; *s; s++)
		if ((*s < ' ' && *s != '\t') || *s == 0x7f)
			return false;
	return true;
}

/* Set name: value in h after checking both; "what" names the config key
 * in the message. Returns 0 or -1 after a warning. */
static int header_set(json_t *h, const char *what, const char *name,
		      const char *value)
{
	if (!header_ok(name, value)) {
		warn("config 'headers.%s': invalid header '%s'", what, name);
		return -1;
	}
	json_object_set_new(h, name, json_string(value));
	return 0;
}

/* The Content-Security-Policy from the directive table, "" when every
 * directive is off. Returns a new string, or NULL after a warning. */
static char *csp_build(const json_t *table)
{
	struct buf b = BUF_INIT;
	const char *name;
	json_t *v;

	buf_adds(&b, "");
	json_object_foreach((json_t *)table, name, v) {
		if (json_is_null(v) || json_is_false(v))
			continue;
		if (!json_is_true(v) && !json_is_string(v)) {
			warn("config 'headers.csp.%s' must be a string, true or null", name);
			buf_release(&b);
			return NULL;
		}
		if (b.len)
			buf_adds(&b, "; ");
		buf_adds(&b, name);
		if (json_is_string(v) && *json_string_value(v))
			buf_addf(&b, " %s", json_string_value(v));
	}
	return buf_detach(&b);
}

/* The headers of every path, in config order. Returns a new object, or
 * NULL after a warning. */
static json_t *security_headers(const json_t *config)
{
	json_t *h = json_object(), *v;
	const char *name;

	json_object_foreach(json_object_get(config, "security"), name, v) {
		char *csp = NULL;
		int r = 0;

		if (strcasecmp(name, "Content-Security-Policy") == 0 && json_is_null(v)) {
			csp = csp_build(json_object_get(config, "csp"));
			if (!csp)
				goto fail;
			if (*csp)
				r = header_set(h, "security", name, csp);
			free(csp);
		} else if (json_is_string(v)) {
			if (*json_string_value(v))
				r = header_set(h, "security", name, json_string_value(v));
		} else if (!json_is_null(v) && !json_is_false(v)) {
			warn("config 'headers.security.%s' must be a string or null", name);
			goto fail;
		}
		if (r < 0)
			goto fail;
	}
	json_object_foreach(json_object_get(config, "extra"), name, v) {
		if (!json_is_string(v)) {
			warn("config 'headers.extra.%s' must be a string", name);
			goto fail;
		}
		if (header_set(h, "extra", name, json_string_value(v)) < 0)
			goto fail;
	}
	return h;
fail:
	json_decref(h);
	return NULL;
}

/* Keep at most max rules in all (nfixed are spoken for already), leaving
 * out, each from the end: exact revalidate rules (the hosts' default is
 * the same), exact immutable ones, immutable folders, then the rest.
 * Returns how many immutable rules were left out and sets *dropped to the
 * total. */
static size_t rules_limit(struct rules *r, size_t max, size_t nfixed,
			  size_t *dropped)
{
	size_t total = nfixed + r->n, lost_fp = 0, j = 0;
	bool *drop = xcalloc(r->n ? r->n : 1, sizeof(*drop));

	for (int round = 0; round < 4 && total > max; round++) {
		for (size_t i = r->n; i-- > 0 && total > max;) {
			const struct rule *x = &r->v[i];
			bool fp = x->cache == CACHE_IMMUTABLE;
			bool pick = round == 0 ? !fp && x->exact :
				    round == 1 ? fp && x->exact :
				    round == 2 ? fp : true;

			if (drop[i] || !pick)
				continue;
			drop[i] = true;
			total--;
			lost_fp += fp;
		}
	}
	*dropped = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (drop[i]) {
			free(r->v[i].source);
			free(r->v[i].regex);
			++*dropped;
		} else {
			r->v[j++] = r->v[i];
		}
	}
	r->n = j;
	free(drop);
	return lost_fp;
}

/* Every rule as {source, regex, headers}, the security rule first. */
static json_t *rules_json(const struct rules *r, const json_t *security,
			  const char *immutable, const char *revalidate)
{
	json_t *list = json_array();

	if (json_object_size(security) > 0)
		json_array_append_new(list, json_pack("{s:s, s:s, s:O}",
			"source", "/*", "regex", "^/.*$", "headers", security));
	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:{s:s}}",
			"source", r->v[i].source, "regex", r->v[i].regex,
			"headers", "Cache-Control",
			r->v[i].cache == CACHE_IMMUTABLE ? immutable : revalidate));
	return list;
}

static char *netlify_text(const json_t *list)
{
	struct buf b = BUF_INIT;
	size_t i;
	json_t *rule;

	buf_adds(&b, "# Cache and security headers, written by distill.\n"
		     "# Each file matches one Cache-Control rule at most; the rest keep the\n"
		     "# host's default (public, max-age=0, must-revalidate).\n");
	json_array_foreach(list, i, rule) {
		const char *name;
		json_t *v;

		buf_addf(&b, "%s\n", json_string_value(json_object_get(rule, "source")));
		json_object_foreach(json_object_get(rule, "headers"), name, v)
			buf_addf(&b, "  %s: %s\n", name, json_string_value(v));
	}
	return buf_detach(&b);
}

/* Vercel's Build Output API v3: one route per rule, each with "continue"
 * so that every matching route adds its headers. */
static char *vercel_text(const json_t *list)
{
	json_t *routes = json_array(), *root, *rule;
	char *text;
	size_t i;

	json_array_foreach(list, i, rule)
		json_array_append_new(routes, json_pack("{s:O, s:O, s:b}",
			"src", json_object_get(rule, "regex"),
			"headers", json_object_get(rule, "headers"), "continue", 1));
	root = json_pack("{s:i, s:o}", "version", 3, "routes", routes);
	text = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	return text;
}

/* job_put_output() of a new string, which is freed. */
static int put_text(const struct job *job, json_t *record, const char *name, char *text,
		    const char *field, const char *where, bool merges)
{
	int ret;

	if (!text)
		fatal("out of memory");
	ret = job_put_output(job, record, name, field, where, text, strlen(text), merges);
	free(text);
	return ret;
}

/* The rules of the site's own _headers (*found says whether it has one;
 * an empty array when not), or NULL after a warning. */
static json_t *site_rules(const json_t *manifest, bool *found)
{
	json_t *f, *rules;
	size_t i, len;
	char *text;

	json_array_foreach(json_object_get(manifest, "files"), i, f) {
		const char *output = json_string_value(json_object_get(f, "output"));
		const char *role = json_string_value(json_object_get(f, "role"));
		const char *from = json_string_value(json_object_get(f, "from"));

		if (!output || !role || !from || strcmp(output, "_headers") != 0 ||
		    strcmp(role, "asset") != 0)
			continue;
		text = read_file_max(from, TEXT_READ_MAX, &len);
		if (!text) {
			warn("cannot read the site's own '_headers' ('%s'):", from);
			return NULL;
		}
		rules = user_headers_parse(text, len, "_headers");
		free(text);
		*found = true;
		return rules;
	}
	return json_array();
}

/* Whether a request for one of the URLs of the file at path (its own; a
 * folder's for index.html; without ".html" for a page; its file's for a
 * .br or .zst sidecar) matches pattern. */
static bool file_matches(const struct hfile *all, size_t n, const char *path,
			 const char *pattern)
{
	char *url = xasprintf("/%s", path), *slash;
	bool match = user_pattern_matches(pattern, url);

	if (!match && has_suffix(url, ".html")) {
		url[strlen(url) - 5] = '\0';
		slash = strrchr(url, '/');
		match = user_pattern_matches(pattern, url) ||
			(strcmp(slash + 1, "index") == 0 &&
			 (slash[1] = '\0', user_pattern_matches(pattern, url)));
	}
	free(url);
	for (const char *const *s = (const char *const[]){ ".br", ".zst", NULL };
	     !match && *s; s++) {
		struct hfile key;

		if (!has_suffix(path, *s))
			continue;
		key.path = xstrndup(path, strlen(path) - strlen(*s));
		if (bsearch(&key, all, n, sizeof(*all), compare_hfiles))
			match = file_matches(all, n, key.path, pattern);
		free(key.path);
	}
	return match;
}

/* The name of the header in h spelled name in any case, or NULL. */
static const char *header_named(const json_t *h, const char *name)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)h, key, v)
		if (strcasecmp(key, name) == 0)
			return key;
	return NULL;
}

/* Where a rule of the site's own _headers and one of distill's set the
 * same header, the site's wins, with a warning naming its rule: distill's
 * security header of that name is left out, and a file the site's rule
 * gives a Cache-Control gets none of distill's. */
static void yield_to_site(const json_t *rules, json_t *security,
			  struct hfile *files, size_t n)
{
	json_t *rule, *v;
	const char *name;
	size_t i;

	json_array_foreach(rules, i, rule) {
		const char *source = json_string_value(json_object_get(rule, "source"));

		json_object_foreach(json_object_get(rule, "headers"), name, v) {
			const char *mine = header_named(security, name);
			size_t matched = 0;

			if (mine) {
				warn("headers: the site's _headers rule '%s' sets %s; "
				     "distill's own %s is left out", source, name, name);
				json_object_del(security, mine);
			}
			if (strcasecmp(name, "Cache-Control") != 0)
				continue;
			for (size_t k = 0; k < n; k++)
				if (!files[k].user && file_matches(files, n, files[k].path, source)) {
					files[k].user = true;
					matched++;
				}
			if (matched)
				warn("headers: the site's _headers rule '%s' sets Cache-Control "
				     "for %zu file%s; distill's is left out for %s", source,
				     matched, matched == 1 ? "" : "s", matched == 1 ? "it" : "them");
		}
	}
}

static int headers_run(int argc, char *argv[])
{
	const char *manifest_path = NULL, *immutable, *revalidate;
	json_t *manifest = NULL, *security = NULL, *list = NULL, *record = NULL;
	json_t *config = NULL, *own = NULL, *mine;
	const char *sw_file;
	bool has_own = false;
	const char *served[2];
	size_t nserved = 0;
	struct rules r = { 0 };
	struct hfile *files = NULL;
	size_t nfiles = 0, dropped = 0, lost;
	bool bad_arg = false;
	json_int_t max;
	struct job job;
	int ret = -1;

	if (job_args(&pass_headers, argc, argv, &job) < 0)
		return -1;
	for (int i = 0; i < job.nargs; i++) {
		if (has_prefix(job.args[i], "--manifest="))
			manifest_path = job.args[i] + 11;
		/* --config-key only makes the command change with the config. */
		else if (!has_prefix(job.args[i], "--config-key="))
			bad_arg = true;
	}
	if (!job.out || !manifest_path || bad_arg) {
		warn("usage: distill job headers --pass-version=N [--config=FILE] --out=DIR --manifest=FILE");
		goto out;
	}
	/* The planner's config already holds every default; a partial one (a
	 * job run by hand) then means what it would in a build. */
	config = json_loads(headers_defaults, 0, NULL);
	if (!config || json_object_update_recursive(config, job.config) < 0)
		BUG("cannot merge the headers config");
	immutable = json_string_value(json_object_get(config, "immutable"));
	revalidate = json_string_value(json_object_get(config, "revalidate"));
	max = json_integer_value(json_object_get(config, "maxRules"));
	if (!immutable || !revalidate || !header_ok("Cache-Control", immutable) ||
	    !header_ok("Cache-Control", revalidate)) {
		warn("config 'headers.immutable' and 'headers.revalidate' must be header values");
		goto out;
	}
	if (max < 2) {
		warn("config 'headers.maxRules' must be at least 2");
		goto out;
	}
	security = security_headers(config);
	if (!security)
		goto out;
	manifest = job_manifest(&job, manifest_path);
	if (!manifest)
		goto out;
	/* Files that aggregates place beside the manifest's. sw's are given
	 * a rule only when known here; any other keeps the host's default,
	 * which is the same revalidate value. */
	served[nserved++] = "headers.json";
	if ((sw_file = sw_served_file(job.config_root)))
		served[nserved++] = sw_file;
	if (load_files(manifest, served, nserved, &files, &nfiles) < 0) {
		warn("malformed manifest '%s'", manifest_path);
		goto out;
	}
	own = site_rules(manifest, &has_own);
	if (!own)
		goto out;
	yield_to_site(own, security, files, nfiles);
	cover(&r, files, nfiles, 0, nfiles, "", true);
	cover(&r, files, nfiles, 0, nfiles, "", false);
	lost = rules_limit(&r, (size_t)max, (json_object_size(security) > 0) +
			   json_array_size(own), &dropped);
	if (lost)
		warn("headers: %zu immutable rules left out to stay within %lld rules; "
		     "those files are revalidated instead", lost, (long long)max);
	/* The site's own rules first, as it wrote them. */
	list = json_deep_copy(own);
	mine = rules_json(&r, security, immutable, revalidate);
	json_array_extend(list, mine);
	json_decref(mine);
	if (mkdirs(job.out) < 0) {
		warn("cannot create '%s':", job.out);
		goto out;
	}
	record = record_new(pass_headers.name, pass_headers.version);
	if (put_text(&job, record, "_headers", netlify_text(list), "output", "_headers",
		     has_own) < 0 ||
	    put_text(&job, record, "headers.json", json_dumps(list, JSON_INDENT(2)),
		     "output", "headers.json", false) < 0)
		goto out;
	if (json_is_true(json_object_get(config, "vercel"))) {
		if (put_text(&job, record, "vercel-config.json", vercel_text(list),
			     "output_root", ".vercel/output/config.json", false) < 0)
			goto out;
	} else {
		/* Left by a --vercel build; nothing places it now. */
		char *stale = xasprintf("%s/vercel-config.json", job.out);

		if (unlink(stale) < 0 && errno != ENOENT)
			warn("cannot remove '%s':", stale);
		free(stale);
	}
	json_object_set_new(record, "rules", json_integer((json_int_t)json_array_size(list)));
	json_object_set_new(record, "dropped", json_integer((json_int_t)dropped));
	{
		/* Unchanged bytes keep their mtime, so with restat nothing
		 * after this job runs again. */
		char *text = record_text(record);
		char *path = xasprintf("%s/record.json", job.out);

		ret = afile_put_if_changed(path, text, strlen(text));
		if (ret < 0)
			warn("cannot write '%s':", path);
		ret = ret < 0 ? -1 : 0;
		free(text);
		free(path);
	}
out:
	for (size_t i = 0; i < r.n; i++) {
		free(r.v[i].source);
		free(r.v[i].regex);
	}
	free(r.v);
	for (size_t i = 0; i < nfiles; i++)
		free(files[i].path);
	free(files);
	json_decref(record);
	json_decref(list);
	json_decref(own);
	json_decref(manifest);
	json_decref(security);
	json_decref(config);
	job_release(&job);
	return ret;
}

const struct pass pass_headers = {
	.name = "headers",
	.summary = "cache and security headers for Netlify, Cloudflare and Vercel",
	.kind = PASS_AGGREGATE,
	.version = 2,
	.defaults = headers_defaults,
	.plan = headers_plan,
	.run = headers_run,
};
