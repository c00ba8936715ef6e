/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_URL_H
#define DISTILL_URL_H

/*
 * Local URLs of a site: resolving a reference found in one file to the path
 * of another file in DIST, and writing the reference back after a move.
 */

/* True for URLs that never name a local file: data:, blob:, mailto:,
 * javascript:, any scheme, protocol-relative "//host", empty and "#frag". */
int url_is_external(const char *url);
/* True for a path from the site root ("/x", "\\x"), not "//host". */
int url_is_absolute(const char *url);

/* Resolve url, found in the file at from_path (relative to DIST) under the
 * document base base_href (NULL when none), to a path relative to DIST.
 * Percent-escapes and "." and ".." segments are resolved; a URL naming a
 * folder ("/", "blog/") resolves to its index.html. Returns a new string and
 * sets *suffix to a new string holding the query and fragment as written
 * ("?v=1#x" or ""), or returns NULL (and *suffix NULL) when the URL is
 * external. ".." above the site root stays at the root, as in browsers. */
char *url_resolve(const char *from_path, const char *base_href,
		  const char *url, char **suffix);

/* The URL that a file at from_path (output tree, relative) should use to
 * name to_path: absolute ("/assets/x.css") when the original reference was
 * absolute, else relative to from_path's folder. Percent-escapes what must
 * be escaped. Returns a new string. */
char *url_for(const char *from_path, const char *to_path, int absolute);
/* The same, from a folder ("" for the site root, no trailing '/'). */
char *url_for_dir(const char *from_dir, const char *to_path, int absolute);

/* The folder that relative URLs in the file at from_path resolve against:
 * its own folder, or that of base_href (NULL when none). Returns a new
 * string ("" for the site root, no trailing '/'), or NULL when the base is
 * external. */
char *url_base_dir(const char *from_path, const char *base_href);

struct buf;
/* Append the n bytes of path to b as a browser sends them in a request
 * path, so that the result equals URL.pathname: the WHATWG path
 * percent-encode set (controls, space, '"', '#', '<', '>', '?', '`', '{',
 * '}', bytes past '~') is encoded, and '%' too, so that the path names the
 * file and not what its escapes decode to; so is every byte of extra. */
void url_path_encode(struct buf *b, const char *path, size_t n, const char *extra);
/* The URL an output path is served at: "/" + the path as above,
 * "dir/index.html" as "/dir/" and "index.html" as "/". Returns a new
 * string. */
char *url_of_output(const char *output, const char *extra);

#endif
