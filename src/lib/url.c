/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "url.h"
#include "util.h"

/*
 * Only the path of a local URL matters here: the site is served from one
 * origin, so a URL either names a file of DIST by its path or is left alone.
 * The rules follow the WHATWG URL parser where browsers and a naive resolver
 * would disagree: tabs and newlines are dropped, '\' acts as '/', "%2e" is a
 * dot segment, and the query and fragment never touch the path.
 */

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* The URL as a browser reads it: leading and trailing C0 controls and spaces
 * stripped, tabs and newlines removed anywhere. Returns a new string. */
static char *url_clean(const char *url)
{
	size_t n = strlen(url), i = 0, j = 0;
	char *out;

	while (i < n && (unsigned char)url[i] <= ' ')
		i++;
	while (n > i && (unsigned char)url[n - 1] <= ' ')
		n--;
	out = xmalloc(n - i + 1);
	for (; i < n; i++)
		if (url[i] != '\t' && url[i] != '\n' && url[i] != '\r')
			out[j++] = url[i];
	out[j] = '\0';
	return out;
}

/* Length of a scheme ("https" in "https:...") followed by ':', or 0. */
static size_t scheme_len(const char *u)
{
	size_t i;

	if (!is_alpha((unsigned char)u[0]))
		return 0;
	for (i = 1; u[i]; i++) {
		int c = (unsigned char)u[i];

		if (c == ':')
			return i;
		if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.')
			return 0;
	}
	return 0;
}

static bool is_slash(int c)
{
	return c == '/' || c == '\\';
}

static bool external_clean(const char *u)
{
	/* "?x" names the document itself, not another file. */
	return u[0] == '\0' || u[0] == '#' || u[0] == '?' || scheme_len(u) > 0 ||
	       (is_slash((unsigned char)u[0]) && is_slash((unsigned char)u[1]));
}

int url_is_external(const char *url)
{
	char *u = url_clean(url);
	bool ext = external_clean(u);

	free(u);
	return ext;
}

int url_is_absolute(const char *url)
{
	char *u = url_clean(url);
	bool abs = is_slash((unsigned char)u[0]) && !is_slash((unsigned char)u[1]);

	free(u);
	return abs;
}

/* A path as a list of decoded segments. */
struct segs {
	char **v;
	size_t n, cap;
};

static void segs_free(struct segs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

static void segs_push(struct segs *s, char *seg)
{
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = seg;
}

/* The folder segments of a DIST-relative file path (its last segment is the
 * file's name and is dropped). Paths from scan are canonical; "." and ".."
 * are folded all the same, so that no result ever holds them. */
static void segs_of_dir(struct segs *s, const char *path)
{
	const char *p = path, *slash;

	while ((slash = strchr(p, '/'))) {
		size_t n = (size_t)(slash - p);

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (s->n)
				free(s->v[--s->n]);
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			segs_push(s, xstrndup(p, n));
		}
		p = slash + 1;
	}
}

/* Percent-decode one segment; returns a new string, or NULL when it decodes
 * to something no file name holds ('/' or NUL). */
static char *seg_decode(const char *p, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t i, j = 0;

	for (i = 0; i < n; i++) {
		int hi, lo;

		if (p[i] == '%' && i + 2 < n &&
		    (hi = hex_digit((unsigned char)p[i + 1])) >= 0 &&
		    (lo = hex_digit((unsigned char)p[i + 2])) >= 0) {
			int c = hi * 16 + lo;

			if (c == 0 || c == '/') {
				free(out);
				return NULL;
			}
			out[j++] = (char)c;
			i += 2;
		} else {
			out[j++] = p[i];
		}
	}
	out[j] = '\0';
	return out;
}

/*
 * Apply the path of a URL (no query or fragment, already cleaned) to the
 * segments of a base folder. An absolute path starts from the site root.
 * Returns 0, 1 when the path ends in a folder ("a/", "." or ".."), or -1
 * when it holds an undecodable segment. Climbing above the root stops
 * there, as browsers do.
 */
static int segs_apply(struct segs *s, const char *path)
{
	const char *p = path;
	int folder = 0;

	if (is_slash((unsigned char)*p)) {
		segs_free(s);
		p++;
	}
	if (!*p)
		return 1;
	for (;;) {
		const char *e = p;
		char *seg;

		while (*e && !is_slash((unsigned char)*e))
			e++;
		seg = seg_decode(p, (size_t)(e - p));
		if (!seg)
			return -1;
		folder = 1;
		if (strcmp(seg, "..") == 0) {
			/* As in browsers, ".." at the root stays at the root. */
			free(seg);
			if (s->n > 0)
				free(s->v[--s->n]);
		} else if (strcmp(seg, ".") == 0 || seg[0] == '\0') {
			/* Servers fold "a//b" into "a/b". */
			free(seg);
		} else {
			segs_push(s, seg);
			folder = 0;
		}
		if (!*e)
			break;
		p = e + 1;
		folder = 1;
		if (!*p)
			break;
	}
	return folder;
}

static char *segs_join(const struct segs *s, const char *last)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < s->n; i++) {
		if (i)
			buf_addc(&b, '/');
		buf_adds(&b, s->v[i]);
	}
	if (last) {
		if (s->n)
			buf_addc(&b, '/');
		buf_adds(&b, last);
	}
	if (!b.data)
		buf_adds(&b, "");
	return buf_detach(&b);
}

/* Split u at its query or fragment: returns the length of the path part. */
static size_t path_len(const char *u)
{
	return strcspn(u, "?#");
}

/* The base folder of from_path under base_href into s; returns 0, or -1
 * when the base is external. */
static int base_segs(struct segs *s, const char *from_path, const char *base_href)
{
	char *b, *path;
	int r;

	segs_of_dir(s, from_path);
	if (!base_href)
		return 0;
	b = url_clean(base_href);
	/* An empty or fragment-only base is the document itself. */
	if (b[0] == '\0' || b[0] == '#' || b[0] == '?') {
		free(b);
		return 0;
	}
	if (external_clean(b)) {
		free(b);
		return -1;
	}
	path = xstrndup(b, path_len(b));
	free(b);
	r = segs_apply(s, path);
	/* "sub/page.html" as a base means the folder "sub". */
	if (r == 0 && s->n > 0)
		free(s->v[--s->n]);
	free(path);
	return r < 0 ? -1 : 0;
}

char *url_base_dir(const char *from_path, const char *base_href)
{
	struct segs s = { 0 };
	char *dir;

	if (base_segs(&s, from_path, base_href) < 0) {
		segs_free(&s);
		return NULL;
	}
	dir = segs_join(&s, NULL);
	segs_free(&s);
	return dir;
}

char *url_resolve(const char *from_path, const char *base_href,
		  const char *url, char **suffix)
{
	struct segs s = { 0 };
	char *u = url_clean(url), *path, *res = NULL;
	size_t n;
	int r;

	*suffix = NULL;
	if (external_clean(u))
		goto out;
	n = path_len(u);
	if (base_segs(&s, from_path, base_href) < 0)
		goto out;
	path = xstrndup(u, n);
	r = segs_apply(&s, path);
	free(path);
	if (r < 0)
		goto out;
	/* A folder URL is served as its index.html. */
	res = segs_join(&s, r == 1 ? "index.html" : NULL);
	*suffix = xstrdup(u + n);
out:
	segs_free(&s);
	free(u);
	return res;
}

void url_path_encode(struct buf *b, const char *path, size_t n, const char *extra)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];

		if (c <= 0x20 || c >= 0x7f || strchr("\"#%<>?`{}", c) ||
		    (extra && strchr(extra, c)))
			buf_addf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
		else
			buf_addc(b, (char)c);
	}
}

char *url_of_output(const char *output, const char *extra)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(output);

	if (strcmp(output, "index.html") == 0)
		n = 0;
	else if (has_suffix(output, "/index.html"))
		n -= strlen("index.html");
	buf_addc(&b, '/');
	url_path_encode(&b, output, n, extra);
	return buf_detach(&b);
}

/* Bytes left as they are in a path segment we write. Everything else is
 * percent-encoded, so the result is safe unquoted in HTML attributes, in
 * srcset, and in CSS url() and strings: no space, quote, paren, comma,
 * backslash, '&', '<' or '>'. */
static bool keep_byte(int c)
{
	return is_alpha(c) || is_digit(c) || strchr("-._~!$*+;=:@", c);
}

static void add_segment(struct buf *b, const char *seg, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)seg[i];

		if (c && keep_byte(c)) {
			buf_addc(b, (char)c);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

/* Append path ('/'-separated, not encoded) encoded segment by segment. */
static void add_path(struct buf *b, const char *path)
{
	const char *p = path, *slash;

	while ((slash = strchr(p, '/'))) {
		add_segment(b, p, (size_t)(slash - p));
		buf_addc(b, '/');
		p = slash + 1;
	}
	add_segment(b, p, strlen(p));
}

char *url_for_dir(const char *from_dir, const char *to_path, int absolute)
{
	struct buf b = BUF_INIT;
	const char *f = from_dir, *t = to_path;
	size_t up = 0;

	if (absolute) {
		buf_addc(&b, '/');
		add_path(&b, to_path);
		return buf_detach(&b);
	}
	/* Drop the folders both share, then climb out of what is left. */
	for (;;) {
		size_t fl = strcspn(f, "/"), tl = strcspn(t, "/");

		if (!*f || t[tl] != '/' || fl != tl || memcmp(f, t, fl) != 0)
			break;
		f += fl + (f[fl] == '/');
		t += tl + 1;
	}
	for (const char *p = f; *p; p++)
		if (*p == '/' && p[1])
			up++;
	if (*f)
		up++;
	for (size_t i = 0; i < up; i++)
		buf_adds(&b, "../");
	/* "a:b.png" would read as a scheme; "./" keeps it a path. */
	if (up == 0 && strcspn(t, "/") > strcspn(t, ":"))
		buf_adds(&b, "./");
	add_path(&b, t);
	return buf_detach(&b);
}

char *url_for(const char *from_path, const char *to_path, int absolute)
{
	const char *slash = strrchr(from_path, '/');
	char *dir = slash ? xstrndup(from_path, (size_t)(slash - from_path)) : xstrdup("");
	char *res = url_for_dir(dir, to_path, absolute);

	free(dir);
	return res;
}
