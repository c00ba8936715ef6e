/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_HEADERS_INT_H
#define DISTILL_HEADERS_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../src/lib/refs.h"

struct job;
struct manifest;
struct vercel_routes;

/*
 * The parts of the headers pass: headers.c is the pass (config, plan,
 * job); headers_files.c lists the output tree's files with their class;
 * headers_cover.c chooses the Cache-Control rules that cover them and
 * keeps the list within the host's limit; headers_hints.c gives pages
 * their early hints; headers_security.c builds the
 * headers of every path; headers_user.c reads the site's own _headers and
 * lets it win; headers_write.c writes the rule list in each host's format.
 */

/* A file of the output tree and whether its name is fingerprinted. */
struct hfile {
	char *path;
	bool fp;
	bool user; /* the site's own _headers gives it a Cache-Control */
};

enum cache { CACHE_IMMUTABLE, CACHE_REVALIDATE };

struct rule {
	char *source;     /* _headers pattern */
	char *regex;      /* the same, as an anchored regular expression */
	enum cache cache;
	bool exact;       /* names one file (and its sidecars): dropped first
			     when over the limit */
	char *link;       /* an early-hints rule: its Link value, and no
			     Cache-Control (headers_hints.c) */
};

struct rules {
	struct rule *v;
	size_t n, cap;
};

/* The files of the output tree, sorted by path, each with its class
 * (manifest_file_fingerprinted()), and those of DIST the manifest cannot
 * name (unlisted), never fingerprinted. served lists files other
 * aggregates write, with their class. *out is a new array for
 * headers_files_release(). */
void headers_files_load(const struct manifest *m, const struct hfile *served,
			size_t nserved, struct hfile **out, size_t *nout);
void headers_files_release(struct hfile *v, size_t n);
/* The sorted files' order, for bsearch(). */
int headers_files_compare(const void *a, const void *b);

/* Append to r the rules giving the Cache-Control of class fp (immutable
 * when true) to every file of that class in files (sorted) that the
 * site's own _headers leaves to distill, and to no other file. */
void headers_cover(struct rules *r, const struct hfile *files, size_t n, bool fp);
/* Keep at most max rules in r (nfixed are spoken for already), leaving
 * out, each from the end: exact revalidate rules (the hosts' default is
 * the same), exact immutable ones, immutable folders, then the rest.
 * Returns how many immutable rules were left out and sets *dropped to the
 * total. */
size_t headers_rules_limit(struct rules *r, size_t max, size_t nfixed,
			   size_t *dropped);
void headers_rules_release(struct rules *r);
/* Append the rules that give the page at output path page (an HTML file)
 * the Link value link: "/dir/" for dir/index.html, else its path with and
 * without ".html", as hosts serve it; with page NULL, every path. */
void headers_page_rules(struct rules *r, const char *page, const char *link);
/* Keep the first n rules of r. Returns how many it left out. */
size_t headers_rules_keep(struct rules *r, size_t n);

/* Append to r the early-hint rules of m's pages (their manifest
 * "early_hints"), most useful first: one for "/" then "*" with the values
 * every page has, then one per page that has more, by importance (the
 * home page, then by depth, then by path). */
void headers_hints(struct rules *r, const struct manifest *m);

/* Whether name is an RFC 9110 field name and value a field value that
 * fits on a _headers line. */
bool headers_field_ok(const char *name, const char *value);
/* What the site's pages need of a Content-Security-Policy built from the
 * config's directive table, so that the default policy does not break
 * them: each a JSON array of sources, or NULL. */
struct csp_needs {
	json_t *script_hashes;  /* 'sha256-...' of each inline script */
	json_t *script_origins; /* of external scripts and modulepreloads */
	json_t *style_hashes;   /* 'sha256-...' of each <style> */
	json_t *style_origins;  /* of external stylesheets and @imports */
	char *style_inline;     /* why style-src must allow 'unsafe-inline' (a
	                           style attribute, a script that makes styles
	                           as it runs), or NULL */
};

/* Fill need's script_hashes and style_hashes with the CSP hash sources
 * ("sha256-...", sorted, each once) of the inline scripts a browser runs
 * and the <style> elements on the pages of m, and style_inline when a
 * page or a script needs inline style no hash allows. What each file's
 * bytes hold is remembered in memo_dir (headers_inline.c). */
void headers_inline(const struct manifest *m, const char *memo_dir, struct csp_needs *need);
/* The keys of set, sorted, as a new array of strings; set is released. */
json_t *headers_sorted_keys(json_t *set);
/* The origins (sorted, each once) of the external http(s) URLs that the
 * pages of m reference as one of the nkinds kinds (REF_SCRIPT, ...).
 * Returns a new array. */
json_t *headers_external_origins(const struct manifest *m, const enum ref_kind *kinds,
				 size_t nkinds);
/* The headers of every path from the pass's config ("security", "csp",
 * "extra"), in config order; a Content-Security-Policy built from "csp"
 * adds what need (NULL: nothing) lists to script-src and style-src.
 * Returns a new object, or NULL after a warning. */
json_t *headers_security(const json_t *config, const struct csp_needs *need);

/* The rules of the site's own _headers (*found says whether it has one;
 * an empty array when not), or NULL after a warning. */
json_t *headers_site_rules(const struct manifest *m, bool *found);
/* Where a rule of the site's own and one of distill's set the same
 * header, the site's wins, with a warning naming its rule: distill's
 * security header of that name is deleted from security, a file the
 * site's rule gives a Cache-Control is marked user, and *hints is set
 * false when it sets Link (which preloads are the site's choice). */
void headers_yield_to_site(const json_t *rules, json_t *security,
			   struct hfile *files, size_t n, bool *hints);

/* The rule list of headers.json: the site's rules (own), then a security
 * rule for every path, then r's, then hints'. Returns a new array. */
json_t *headers_rule_list(const json_t *own, const struct rules *r,
			  const struct rules *hints, const json_t *security,
			  const char *immutable, const char *revalidate);
/* Write list into the job's folder in every host format, each recorded in
 * record for the commit: _headers (merging the site's own when has_own),
 * headers.json, and Vercel's config.json when vercel, with the routing of
 * the project's vercel.json (vr, or NULL). Returns 0 or -1 after a
 * warning. */
int headers_write(const struct job *job, json_t *record, const json_t *list,
		  bool has_own, bool vercel, const struct vercel_routes *vr);

#endif
