/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "html.h"
#include "util.h"

/* How far a browser looks for <meta charset> (HTML 13.2.3.2). */
#define PRESCAN_BYTES 1024

/* windows-1252 bytes 0x80 to 0x9F (WHATWG Encoding, index-windows-1252);
 * every other byte is its own code point. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* The WHATWG labels of windows-1252, which browsers use for all of them. */
static const char *const cp1252_labels[] = {
	"ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819",
	"iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1",
	"iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252",
};

static const char *const utf8_labels[] = {
	"unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8",
	"x-unicode20utf8",
	/* A <meta> that says UTF-16 is read as UTF-8 (13.2.3.2): the page
	 * had no BOM, so it cannot be UTF-16. */
	"utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2",
};

static bool in_list(const char *label, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && strncasecmp(label, list[i], n) == 0)
			return true;
	return false;
}

static enum charset from_label(const char *label)
{
	size_t n;

	while (*label == ' ' || *label == '\t' || *label == '\n' || *label == '\r' ||
	       *label == '\f' || *label == '"' || *label == '\'')
		label++;
	for (n = 0; label[n] && !strchr(" \t\n\r\f;\"'", label[n]); n++)
		;
	if (in_list(label, n, utf8_labels, sizeof(utf8_labels) / sizeof(*utf8_labels)))
		return CHARSET_UTF8;
	if (in_list(label, n, cp1252_labels, sizeof(cp1252_labels) / sizeof(*cp1252_labels)))
		return CHARSET_WINDOWS_1252;
	return CHARSET_OTHER;
}

struct prescan {
	const char *data;
	bool found;
	enum charset cs;
};

/* "text/html; charset=latin1": what follows charset=, if anything. */
static const char *content_charset(const char *content)
{
	for (const char *p = content; *p; p++)
		if (strncasecmp(p, "charset", 7) == 0) {
			p += 7;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '=')
				return p + 1;
		}
	return NULL;
}

static void on_meta(void *ctx, const struct html_element *el)
{
	struct prescan *s = ctx;
	const struct html_attr *charset, *equiv, *content;
	char *value = NULL;

	if (s->found || el->node.ns != HTML_NS_HTML || strcmp(el->node.name, "meta") != 0 ||
	    el->node.start >= PRESCAN_BYTES)
		return;
	charset = html_attr_find(el, "charset");
	equiv = html_attr_find(el, "http-equiv");
	content = html_attr_find(el, "content");
	if (charset) {
		value = html_attr_value(s->data, charset);
		s->cs = from_label(value);
		s->found = true;
	} else if (equiv && content) {
		char *e = html_attr_value(s->data, equiv);
		const char *label;

		value = html_attr_value(s->data, content);
		label = content_charset(value);
		if (strcasecmp(e, "content-type") == 0 && label) {
			s->cs = from_label(label);
			s->found = true;
		}
		free(e);
	}
	free(value);
}

enum charset charset_of_page(const char *data, size_t len)
{
	struct prescan s = { data, false, CHARSET_UTF8 };
	struct html_walker w = { on_meta, NULL, &s };

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		return CHARSET_UTF8;
	if (len >= 2 && memcmp(data, "\xFF\xFE", 2) == 0)
		return CHARSET_UTF16LE;
	if (len >= 2 && memcmp(data, "\xFE\xFF", 2) == 0)
		return CHARSET_UTF16BE;
	/* A tag that starts in the first 1024 bytes may end after them. */
	html_walk(data, len < 2 * PRESCAN_BYTES ? len : 2 * PRESCAN_BYTES, &w);
	return s.cs;
}

const char *charset_name(enum charset cs)
{
	switch (cs) {
	case CHARSET_UTF8: return "UTF-8";
	case CHARSET_UTF16LE: return "UTF-16LE";
	case CHARSET_UTF16BE: return "UTF-16BE";
	case CHARSET_WINDOWS_1252: return "windows-1252";
	case CHARSET_OTHER: break;
	}
	return "another encoding";
}

int charset_converts(enum charset cs)
{
	return cs == CHARSET_UTF16LE || cs == CHARSET_UTF16BE || cs == CHARSET_WINDOWS_1252;
}

static void put_utf8(struct buf *out, uint32_t c)
{
	char b[4];
	size_t n;

	if (c < 0x80) {
		b[0] = (char)c, n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | c >> 6), b[1] = (char)(0x80 | (c & 0x3F)), n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | c >> 12), b[1] = (char)(0x80 | (c >> 6 & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F)), n = 3;
	} else {
		b[0] = (char)(0xF0 | c >> 18), b[1] = (char)(0x80 | (c >> 12 & 0x3F));
		b[2] = (char)(0x80 | (c >> 6 & 0x3F)), b[3] = (char)(0x80 | (c & 0x3F)), n = 4;
	}
	buf_add(out, b, n);
}

/* The code point at *p in valid UTF-8 (what charset_to_utf8 and distill's
 * own strings are); a stray byte is taken as itself. */
static uint32_t get_utf8(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *s = *p;
	uint32_t c = *s;
	size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;

	if ((size_t)(end - s) < n)
		n = 1;
	if (n > 1) {
		c &= 0xFF >> (n + 1);
		for (size_t i = 1; i < n; i++)
			c = c << 6 | (s[i] & 0x3F);
	}
	*p = s + n;
	return c;
}

static unsigned read16(const unsigned char *p, bool big)
{
	return big ? (unsigned)p[0] << 8 | p[1] : (unsigned)p[1] << 8 | p[0];
}

int charset_to_utf8(enum charset cs, const char *data, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)data;
	bool big = cs == CHARSET_UTF16BE;

	if (cs == CHARSET_WINDOWS_1252) {
		for (size_t i = 0; i < len; i++)
			put_utf8(out, p[i] >= 0x80 && p[i] < 0xA0 ? cp1252_high[p[i] - 0x80] : p[i]);
		return 0;
	}
	if (!charset_converts(cs)) {
		buf_add(out, data, len);
		return 0;
	}
	if (len % 2)
		return -1;
	for (size_t i = 0; i < len; i += 2) {
		unsigned u = read16(p + i, big), lo;

		if (u >= 0xDC00 && u < 0xE000)
			return -1;
		if (u >= 0xD800 && u < 0xDC00) {
			if (i + 4 > len || (lo = read16(p + i + 2, big)) < 0xDC00 || lo >= 0xE000)
				return -1;
			put_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
			i += 2;
			continue;
		}
		put_utf8(out, u);
	}
	return 0;
}

static void put16(struct buf *out, unsigned u, bool big)
{
	char b[2] = { (char)(big ? u >> 8 : u & 0xFF), (char)(big ? u & 0xFF : u >> 8) };

	buf_add(out, b, 2);
}

static bool cp1252_byte(uint32_t c, unsigned char *byte)
{
	if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) {
		*byte = (unsigned char)c;
		return true;
	}
	for (unsigned i = 0; i < 32; i++)
		if (cp1252_high[i] == c) {
			*byte = (unsigned char)(0x80 + i);
			return true;
		}
	return false;
}

void charset_from_utf8(enum charset cs, const char *text, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + len;
	bool big = cs == CHARSET_UTF16BE;

	if (!charset_converts(cs)) {
		buf_add(out, text, len);
		return;
	}
	while (p < end) {
		uint32_t c = get_utf8(&p, end);
		unsigned char byte;

		if (cs == CHARSET_WINDOWS_1252) {
			if (cp1252_byte(c, &byte))
				buf_addc(out, (char)byte);
			else
				buf_addf(out, "&#x%X;", (unsigned)c);
		} else if (c >= 0x10000) {
			put16(out, 0xD800 + ((c - 0x10000) >> 10), big);
			put16(out, 0xDC00 + ((c - 0x10000) & 0x3FF), big);
		} else {
			put16(out, c, big);
		}
	}
}

char *charset_page_to_utf8(char *data, size_t *len, enum charset *cs)
{
	struct buf text = BUF_INIT;

	*cs = charset_of_page(data, *len);
	if (!charset_converts(*cs))
		return data;
	if (charset_to_utf8(*cs, data, *len, &text) < 0) {
		buf_release(&text);
		return NULL;
	}
	free(data);
	*len = text.len;
	return buf_detach(&text);
}
