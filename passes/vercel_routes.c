/* SPDX-License-Identifier: MIT */
/*
 * vercel.json's routing as Build Output API routes (vercel_routes.h).
 *
 * The order is getTransformedRoutes()': cleanUrls' and trailingSlash's
 * redirects, the redirects, the headers, then (only with rewrites) the
 * filesystem and the rewrites. A source is compiled as path-to-regexp 6.1
 * compiles it with Vercel's options (strict, delimiter "/"), and a
 * destination's ":name" becomes the "$N" of that name's group; a rewrite
 * whose destination names none of the source's parameters gets them as a
 * query, as Vercel does. What this file does not translate is refused
 * with the rule's name, never dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/buf.h"
#include "../src/lib/util.h"
#include "vercel_routes.h"

static const char *const routing_keys[] = {
	"cleanUrls", "trailingSlash", "redirects", "headers", "rewrites", "routes",
};

json_t *vercel_routes_keep(const json_t *vercel_json)
{
	json_t *kept = json_object();

	for (size_t i = 0; i < sizeof(routing_keys) / sizeof(*routing_keys); i++) {
		json_t *v = json_object_get(vercel_json, routing_keys[i]);

		if (v)
			json_object_set(kept, routing_keys[i], v);
	}
	return kept;
}

/* ---- sources: path-to-regexp 6.1 ---------------------------------------- */

#define DEFAULT_PATTERN "[^\\/]+?"

enum tok_type { T_MODIFIER, T_ESCAPED, T_OPEN, T_CLOSE, T_NAME, T_PATTERN, T_CHAR, T_END };

struct tok {
	enum tok_type type;
	char *value;
};

struct toks {
	struct tok *v;
	size_t n, cap, at;
};

static bool name_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       c == '_';
}

static void tok_add(struct toks *t, enum tok_type type, char *value)
{
	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof(*t->v));
	t->v[t->n++] = (struct tok){ type, value };
}

static void toks_release(struct toks *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].value);
	free(t->v);
}

/* path-to-regexp's lexer. Returns 0, or -1 with *why. */
static int lex(const char *s, struct toks *t, const char **why)
{
	size_t i = 0, len = strlen(s);

	while (i < len) {
		char c = s[i];

		if (c == '*' || c == '+' || c == '?') {
			tok_add(t, T_MODIFIER, xstrndup(s + i++, 1));
		} else if (c == '\\') {
			if (i + 1 >= len) {
				*why = "a backslash at the end";
				return -1;
			}
			tok_add(t, T_ESCAPED, xstrndup(s + i + 1, 1));
			i += 2;
		} else if (c == '{' || c == '}') {
			tok_add(t, c == '{' ? T_OPEN : T_CLOSE, xstrndup(s + i++, 1));
		} else if (c == ':') {
			size_t j = i + 1;

			while (j < len && name_char(s[j]))
				j++;
			if (j == i + 1) {
				*why = "a ':' with no parameter name";
				return -1;
			}
			tok_add(t, T_NAME, xstrndup(s + i + 1, j - i - 1));
			i = j;
		} else if (c == '(') {
			struct buf b = BUF_INIT;
			size_t j = i + 1;
			int depth = 1;

			if (s[j] == '?') {
				*why = "a pattern that starts with '?'";
				return -1;
			}
			while (j < len) {
				if (s[j] == '\\' && j + 1 < len) {
					buf_add(&b, s + j, 2);
					j += 2;
					continue;
				}
				if (s[j] == ')' && --depth == 0) {
					j++;
					break;
				}
				if (s[j] == '(') {
					depth++;
					if (s[j + 1] != '?') {
						buf_release(&b);
						*why = "a capturing group inside a pattern";
						return -1;
					}
				}
				buf_addc(&b, s[j++]);
			}
			if (depth || !b.len) {
				buf_release(&b);
				*why = depth ? "an unbalanced pattern" : "an empty pattern";
				return -1;
			}
			tok_add(t, T_PATTERN, buf_detach(&b));
			i = j;
		} else {
			tok_add(t, T_CHAR, xstrndup(s + i++, 1));
		}
	}
	tok_add(t, T_END, xstrdup(""));
	return 0;
}

static char *take(struct toks *t, enum tok_type type)
{
	if (t->at < t->n && t->v[t->at].type == type)
		return t->v[t->at++].value;
	return NULL;
}

/* A parameter of the source: its regular expression, and its name in the
 * destination (NULL for an unnamed one). */
struct param {
	char *name;
};

struct compiled {
	struct buf re;
	struct param *v;
	size_t n, cap;
};

/* The text of a literal, escaped as path-to-regexp's escapeString(). */
static void add_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr(".+*?=^!:${}()[]|/\\", *s))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

static void add_key(struct compiled *c, const char *name, const char *prefix,
		    const char *suffix, const char *pattern, const char *modifier)
{
	struct buf *b = &c->re;

	if (!*pattern) {
		buf_adds(b, "(?:");
		add_escaped(b, prefix);
		add_escaped(b, suffix);
		buf_addf(b, ")%s", modifier);
		return;
	}
	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	c->v[c->n++].name = name && *name ? xstrdup(name) : NULL;
	if (!*prefix && !*suffix) {
		buf_addf(b, "(%s)%s", pattern, modifier);
	} else if (*modifier == '+' || *modifier == '*') {
		buf_adds(b, "(?:");
		add_escaped(b, prefix);
		buf_addf(b, "((?:%s)(?:", pattern);
		add_escaped(b, suffix);
		add_escaped(b, prefix);
		buf_addf(b, "(?:%s))*)", pattern);
		add_escaped(b, suffix);
		buf_addf(b, ")%s", *modifier == '*' ? "?" : "");
	} else {
		buf_adds(b, "(?:");
		add_escaped(b, prefix);
		buf_addf(b, "(%s)", pattern);
		add_escaped(b, suffix);
		buf_addf(b, ")%s", modifier);
	}
}

static void compiled_release(struct compiled *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].name);
	free(c->v);
	buf_release(&c->re);
}

/* parse() and tokensToRegexp() in one walk. Returns 0, or -1 with *why. */
static int compile_source(const char *source, struct compiled *c, const char **why)
{
	struct toks t = { 0 };
	struct buf path = BUF_INIT;
	int ret = -1;

	if (lex(source, &t, why) < 0)
		goto out;
	buf_addc(&c->re, '^');
	while (t.at < t.n) {
		char *ch = take(&t, T_CHAR), *name = take(&t, T_NAME);
		char *pattern = take(&t, T_PATTERN), *value, *mod;

		if (name || pattern) {
			const char *prefix = ch ? ch : "";

			if (*prefix && !strchr("./", *prefix)) {
				buf_adds(&path, prefix);
				prefix = "";
			}
			if (path.len) {
				add_escaped(&c->re, path.data);
				buf_reset(&path);
			}
			mod = take(&t, T_MODIFIER);
			add_key(c, name, prefix, "", pattern ? pattern : DEFAULT_PATTERN,
				mod ? mod : "");
			continue;
		}
		value = ch ? ch : take(&t, T_ESCAPED);
		if (value) {
			buf_adds(&path, value);
			continue;
		}
		if (path.len) {
			add_escaped(&c->re, path.data);
			buf_reset(&path);
		}
		if (take(&t, T_OPEN)) {
			struct buf prefix = BUF_INIT, suffix = BUF_INIT;
			char *v;

			while ((v = take(&t, T_CHAR)) || (v = take(&t, T_ESCAPED)))
				buf_adds(&prefix, v);
			name = take(&t, T_NAME);
			pattern = take(&t, T_PATTERN);
			while ((v = take(&t, T_CHAR)) || (v = take(&t, T_ESCAPED)))
				buf_adds(&suffix, v);
			if (!take(&t, T_CLOSE)) {
				buf_release(&prefix);
				buf_release(&suffix);
				*why = "a '{' group that is not closed";
				goto out;
			}
			mod = take(&t, T_MODIFIER);
			add_key(c, name, prefix.len ? prefix.data : "", suffix.len ? suffix.data : "",
				name && !pattern ? DEFAULT_PATTERN : pattern ? pattern : "",
				mod ? mod : "");
			buf_release(&prefix);
			buf_release(&suffix);
			continue;
		}
		if (!take(&t, T_END)) {
			*why = "a misplaced '*', '+', '?' or '}'";
			goto out;
		}
	}
	buf_addc(&c->re, '$');
	ret = 0;
out:
	buf_release(&path);
	toks_release(&t);
	return ret;
}

/* Vercel's normalizeRoutes() writes "\/" as "/". */
static char *unescape_slashes(const char *re)
{
	struct buf b = BUF_INIT;

	for (const char *s = re; *s; s++) {
		if (s[0] == '\\' && s[1] == '/')
			s++;
		buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

char *vercel_source_regex(const char *source, const char **why)
{
	struct compiled c = { 0 };
	char *re = NULL;

	if (compile_source(source, &c, why) == 0)
		re = unescape_slashes(c.re.data);
	compiled_release(&c);
	return re;
}

/* ---- destinations and header values ------------------------------------- */

/* The "$N" of the parameter called name, or 0. */
static size_t param_index(const struct compiled *c, const char *name, size_t len)
{
	for (size_t i = c->n; i-- > 0;)
		if (c->v[i].name && strlen(c->v[i].name) == len &&
		    memcmp(c->v[i].name, name, len) == 0)
			return i + 1;
	return 0;
}

/*
 * Each ":name" (with its modifier) of the source's parameters in s as its
 * "$N". direct: path-to-regexp's compile(), which drops an unknown
 * optional parameter with its '/' and fails (NULL) on an unknown required
 * one or a stray modifier; otherwise the fallback, which keeps them.
 */
static char *substitute(const struct compiled *c, const char *s, bool direct)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; s[i];) {
		size_t j = i + 1, idx;
		char mod = 0;

		if (s[i] != ':' || !name_char(s[j])) {
			if (direct && (s[i] == ':' || strchr("*+?", s[i])))
				goto fail;
			buf_addc(&b, s[i++]);
			continue;
		}
		while (name_char(s[j]))
			j++;
		idx = param_index(c, s + i + 1, j - i - 1);
		if (s[j] && strchr("*+?", s[j]) && (idx || direct))
			mod = s[j];
		if (idx) {
			buf_addf(&b, "$%zu", idx);
		} else if (!direct) {
			buf_add(&b, s + i, j - i);
		} else if (mod == '?' || mod == '*') {
			if (b.len && (b.data[b.len - 1] == '/' || b.data[b.len - 1] == '.'))
				b.data[--b.len] = '\0';
		} else {
			goto fail;
		}
		i = j + (mod != 0);
	}
	return buf_detach(&b);
fail:
	buf_release(&b);
	return NULL;
}

static char *compile_template(const struct compiled *c, const char *s)
{
	char *out = substitute(c, s, true);

	return out ? out : substitute(c, s, false);
}

/* url.parse()'s escaping of the characters a URL cannot hold. */
static void add_autoescaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\r\n\t \"'<>\\^`{|}", *s))
			buf_addf(b, "%%%02X", (unsigned char)*s);
		else
			buf_addc(b, *s);
	}
}

/* querystring.escape(), then "%24" back to "$" as Vercel does. */
static void add_query_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char u = (unsigned char)*s;

		if (name_char((char)u) || strchr("-.~!'()*$", u))
			buf_addc(b, (char)u);
		else
			buf_addf(b, "%%%02X", u);
	}
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* querystring.unescape() of s[0, n): %XX decoded, '+' a space. */
static char *query_unescape(const char *s, size_t n)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			buf_addc(&b, ' ');
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
			   hexval(s[i + 2]) >= 0) {
			buf_addc(&b, (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
			i += 2;
		} else {
			buf_addc(&b, s[i]);
		}
	}
	return buf_detach(&b);
}

/* The names of the ":name" parameters in s. */
static bool names_a_param(const struct compiled *c, const char *s)
{
	for (const char *p = strchr(s, ':'); p; p = strchr(p + 1, ':')) {
		size_t n = 0;

		while (name_char(p[1 + n]))
			n++;
		if (n && param_index(c, p + 1, n))
			return true;
	}
	return false;
}

/* replaceSegments() for a destination. Returns a new string, or NULL with
 * *why set. */
static char *destination(const struct compiled *c, const char *dest, bool redirect,
			 const char **why)
{
	struct buf b = BUF_INIT;
	json_t *query = json_object(); /* key -> array of values, in order */
	const char *rest = dest, *q, *h, *key;
	bool named = false, used;
	char *path, *hash = NULL;
	json_t *values;
	size_t scheme = 0;

	for (size_t i = 0; i < c->n; i++)
		named |= c->v[i].name != NULL;
	if (redirect && !(strchr(dest, ':') && named)) {
		json_decref(query);
		return xstrdup(dest);
	}
	if (strpbrk(dest, "(){}\\")) {
		json_decref(query);
		*why = "a destination with '(', '{' or '\\', which distill does not translate";
		return NULL;
	}
	/* scheme://host, kept as written */
	while (name_char(dest[scheme]) || (scheme && strchr("+.-", dest[scheme])))
		scheme++;
	if (scheme && strncmp(dest + scheme, "://", 3) == 0) {
		const char *host_end = dest + scheme + 3 + strcspn(dest + scheme + 3, "/?#");

		buf_add(&b, dest, (size_t)(host_end - dest));
		rest = host_end;
	}
	q = rest + strcspn(rest, "?#");
	h = strchr(rest, '#');
	path = xstrndup(rest, (size_t)(q - rest));
	if (h)
		hash = xstrdup(h);
	if (*q == '?') {
		const char *end = h ? h : q + strlen(q);

		for (const char *p = q + 1; p < end;) {
			const char *amp = memchr(p, '&', (size_t)(end - p));
			const char *stop = amp ? amp : end, *eq = memchr(p, '=', (size_t)(stop - p));
			char *k, *v;

			if (stop > p) {
				k = query_unescape(p, (size_t)((eq ? eq : stop) - p));
				v = eq ? query_unescape(eq + 1, (size_t)(stop - eq - 1)) : xstrdup("");
				values = json_object_get(query, k);
				if (!values)
					json_object_set_new(query, k, values = json_array());
				json_array_append_new(values, json_string(v));
				free(k);
				free(v);
			}
			p = stop + 1;
		}
	}
	used = names_a_param(c, path) || (hash && names_a_param(c, hash));
	{
		char *p = compile_template(c, path);

		if (!*p && b.len)
			buf_addc(&b, '/'); /* url.parse gives a host a "/" path */
		add_autoescaped(&b, p);
		free(p);
	}
	if (!redirect && !used) {
		/* Vercel passes the parameters a rewrite's destination does
		 * not name as a query. */
		for (size_t i = 0; i < c->n; i++) {
			char idx[24];

			if (!c->v[i].name || json_object_get(query, c->v[i].name))
				continue;
			snprintf(idx, sizeof(idx), "$%zu", param_index(c, c->v[i].name,
								   strlen(c->v[i].name)));
			json_object_set_new(query, c->v[i].name, json_pack("[s]", idx));
		}
	}
	if (json_object_size(query) > 0) {
		bool first = true;

		json_object_foreach(query, key, values) {
			size_t i;
			json_t *v;

			json_array_foreach(values, i, v) {
				char *value = compile_template(c, json_string_value(v));

				buf_addc(&b, first ? '?' : '&');
				add_query_escaped(&b, key);
				buf_addc(&b, '=');
				add_query_escaped(&b, value);
				free(value);
				first = false;
			}
		}
	}
	if (hash) {
		char *compiled = compile_template(c, hash);

		add_autoescaped(&b, compiled);
		free(compiled);
	}
	free(path);
	free(hash);
	json_decref(query);
	return buf_detach(&b);
}

/* ---- the rules ---------------------------------------------------------- */

static char *rule_name(const char *list, size_t i, const char *what)
{
	return xasprintf("vercel.json: %s[%zu]: %s", list, i, what);
}

/* The fields every rule of list must have, and none distill refuses. */
static const char *check_rule(const json_t *rule)
{
	static const char *const refused[] = { "has", "missing", "env", "transforms" };

	if (!json_is_object(rule) || !json_is_string(json_object_get(rule, "source")))
		return "needs a \"source\" string";
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++)
		if (json_object_get(rule, refused[i]))
			return "uses a condition or option (has, missing, env, transforms) "
			       "that distill does not translate";
	return NULL;
}

enum dest_kind { NO_DEST, REDIRECT_DEST, REWRITE_DEST };

/* What every rule of a list starts with: checked, its source compiled into
 * c, and (unless NO_DEST) its destination into *to. Returns 0, or -1 with
 * *why naming the rule. */
static int rule_open(const json_t *r, const char *list, size_t i, enum dest_kind kind,
		     struct compiled *c, char **to, char **why)
{
	const char *bad = check_rule(r), *reason = NULL;
	const char *dest = json_string_value(json_object_get(r, "destination"));

	*to = NULL;
	if (!bad && kind != NO_DEST && !dest)
		bad = "needs a \"destination\" string";
	if (!bad && kind == NO_DEST && !json_is_array(json_object_get(r, "headers")))
		bad = "needs a \"headers\" array of {key, value}";
	if (!bad && compile_source(json_string_value(json_object_get(r, "source")), c,
				   &reason) < 0)
		bad = reason;
	if (!bad && kind != NO_DEST &&
	    !(*to = destination(c, dest, kind == REDIRECT_DEST, &reason)))
		bad = reason;
	if (bad) {
		compiled_release(c);
		*why = rule_name(list, i, bad);
		return -1;
	}
	return 0;
}

/* The route's "src": c's expression as normalizeRoutes() leaves it. */
static json_t *route_new(const struct compiled *c)
{
	char *src = unescape_slashes(c->re.data);
	json_t *route = json_pack("{s:s}", "src", src);

	free(src);
	return route;
}

static int convert_redirects(const json_t *list, json_t *out, char **why)
{
	size_t i;
	json_t *r;

	json_array_foreach(list, i, r) {
		const json_t *permanent = json_object_get(r, "permanent");
		const json_t *code = json_object_get(r, "statusCode");
		struct compiled c = { 0 };
		json_int_t status = 308;
		json_t *route;
		char *loc;

		if (rule_open(r, "redirects", i, REDIRECT_DEST, &c, &loc, why) < 0)
			return -1;
		if (json_is_boolean(permanent))
			status = json_is_true(permanent) ? 308 : 307;
		else if (json_integer_value(code))
			status = json_integer_value(code);
		route = route_new(&c);
		json_object_set_new(route, "headers", json_pack("{s:s}", "Location", loc));
		json_object_set_new(route, "status", json_integer(status));
		json_array_append_new(out, route);
		free(loc);
		compiled_release(&c);
	}
	return 0;
}

static int convert_headers(const json_t *list, json_t *out, char **why)
{
	size_t i;
	json_t *r;

	json_array_foreach(list, i, r) {
		struct compiled c = { 0 };
		json_t *headers, *pair, *route;
		bool named = false;
		char *unused;
		size_t k;

		if (rule_open(r, "headers", i, NO_DEST, &c, &unused, why) < 0)
			return -1;
		for (size_t p = 0; p < c.n; p++)
			named |= c.v[p].name != NULL;
		headers = json_object();
		json_array_foreach(json_object_get(r, "headers"), k, pair) {
			const char *key = json_string_value(json_object_get(pair, "key"));
			const char *value = json_string_value(json_object_get(pair, "value"));
			char *ck, *cv;

			if (!key || !value) {
				json_decref(headers);
				compiled_release(&c);
				*why = rule_name("headers", i, "each header needs a \"key\" and a \"value\" string");
				return -1;
			}
			/* A parameter of the source may be named in a header. */
			ck = named && strchr(key, ':') ? substitute(&c, key, false) : xstrdup(key);
			cv = named && strchr(value, ':') ? substitute(&c, value, false) : xstrdup(value);
			json_object_set_new(headers, ck, json_string(cv));
			free(ck);
			free(cv);
		}
		route = route_new(&c);
		json_object_set_new(route, "headers", headers);
		json_object_set_new(route, "continue", json_true());
		json_array_append_new(out, route);
		compiled_release(&c);
	}
	return 0;
}

static int convert_rewrites(const json_t *list, json_t *out, char **why)
{
	size_t i;
	json_t *r;

	json_array_foreach(list, i, r) {
		const json_t *code = json_object_get(r, "statusCode");
		struct compiled c = { 0 };
		json_t *route;
		char *to;

		if (rule_open(r, "rewrites", i, REWRITE_DEST, &c, &to, why) < 0)
			return -1;
		route = route_new(&c);
		json_object_set_new(route, "dest", json_string(to));
		json_object_set_new(route, "check", json_true());
		if (json_integer_value(code))
			json_object_set(route, "status", (json_t *)code);
		json_array_append_new(out, route);
		free(to);
		compiled_release(&c);
	}
	return 0;
}

/* superstatic's convertCleanUrls() and convertTrailingSlash(), with "\/"
 * written "/" as normalizeRoutes() leaves it. */
static void clean_and_slash_routes(const json_t *routing, json_t *out)
{
	const json_t *clean = json_object_get(routing, "cleanUrls");
	const json_t *slash = json_object_get(routing, "trailingSlash");

	if (json_is_true(clean)) {
		const char *loc = json_is_true(slash) ? "/$1/" : "/$1";

		json_array_append_new(out, json_pack("{s:s, s:{s:s}, s:i}",
			"src", "^/(?:(.+)/)?index(?:\\.html)?/?$", "headers", "Location", loc,
			"status", 308));
		json_array_append_new(out, json_pack("{s:s, s:{s:s}, s:i}",
			"src", "^/(.*)\\.html/?$", "headers", "Location", loc, "status", 308));
	}
	if (json_is_true(slash)) {
		json_array_append_new(out, json_pack("{s:s}", "src", "^/\\.well-known(?:/.*)?$"));
		json_array_append_new(out, json_pack("{s:s, s:{s:s}, s:i}",
			"src", "^/((?:[^/]+/)*[^/\\.]+)$", "headers", "Location", "/$1/",
			"status", 308));
		json_array_append_new(out, json_pack("{s:s, s:{s:s}, s:i}",
			"src", "^/((?:[^/]+/)*[^/]+\\.\\w+)/$", "headers", "Location", "/$1",
			"status", 308));
	} else if (json_is_false(slash)) {
		json_array_append_new(out, json_pack("{s:s, s:{s:s}, s:i}",
			"src", "^/(.*)/$", "headers", "Location", "/$1", "status", 308));
	}
}

int vercel_routes_build(const json_t *routing, struct vercel_routes *r, char **why)
{
	static const char *const lists[] = { "redirects", "headers", "rewrites" };
	const json_t *rewrites = json_object_get(routing, "rewrites");

	*r = (struct vercel_routes){ json_array(), json_array(), json_array(), false, NULL };
	*why = NULL;
	if (json_object_get(routing, "routes")) {
		*why = xstrdup("vercel.json: \"routes\" (the legacy form) is not translated by "
			       "distill; use rewrites, redirects and headers");
		goto fail;
	}
	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
		const json_t *v = json_object_get(routing, lists[i]);

		if (v && !json_is_array(v)) {
			*why = xasprintf("vercel.json: \"%s\" must be an array", lists[i]);
			goto fail;
		}
	}
	clean_and_slash_routes(routing, r->before);
	r->clean_urls = json_is_true(json_object_get(routing, "cleanUrls"));
	if (convert_redirects(json_object_get(routing, "redirects"), r->before, why) < 0 ||
	    convert_headers(json_object_get(routing, "headers"), r->headers, why) < 0)
		goto fail;
	if (rewrites) {
		json_array_append_new(r->after, json_pack("{s:s}", "handle", "filesystem"));
		if (convert_rewrites(rewrites, r->after, why) < 0)
			goto fail;
	}
	return 0;
fail:
	vercel_routes_release(r);
	return -1;
}

void vercel_routes_release(struct vercel_routes *r)
{
	json_decref(r->before);
	json_decref(r->headers);
	json_decref(r->after);
	json_decref(r->overrides);
	*r = (struct vercel_routes){ 0 };
}
