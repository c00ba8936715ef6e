/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_CHARSET_H
#define DISTILL_CHARSET_H

#include <stddef.h>

#include "buf.h"

/*
 * The character encoding of an HTML page, as a browser decides it (HTML
 * 13.2.3): a byte order mark, else a <meta charset> or <meta http-equiv=
 * "Content-Type"> in the first 1024 bytes, else UTF-8 (what a build writes).
 *
 * Every pass that reads a page's references reads it as UTF-8: a UTF-16 or
 * Latin-1 page is turned into UTF-8 first (the URLs in it then name the
 * files as the browser does) and, by the rewrite, back into its own
 * encoding after the edits, every byte it did not edit unchanged.
 */
enum charset {
	CHARSET_UTF8,
	CHARSET_UTF16LE,
	CHARSET_UTF16BE,
	CHARSET_WINDOWS_1252, /* what browsers read for iso-8859-1, latin1, ascii */
	CHARSET_OTHER         /* another ASCII-compatible one: read as bytes */
};

enum charset charset_of_page(const char *data, size_t len);
const char *charset_name(enum charset cs);
/* Whether pages in cs are turned into UTF-8 to be read. */
int charset_converts(enum charset cs);
/* data (in cs) as UTF-8, appended to out. Returns 0, or -1 when the bytes
 * are not valid in cs (a lone UTF-16 surrogate, an odd length). */
int charset_to_utf8(enum charset cs, const char *data, size_t len, struct buf *out);
/* UTF-8 text back into cs, appended to out: exactly the bytes that
 * charset_to_utf8() read for text it made; a character cs cannot hold
 * becomes a numeric character reference (&#x...;). */
void charset_from_utf8(enum charset cs, const char *text, size_t len, struct buf *out);

/* A page's bytes (data, *len, from read_file()) as UTF-8: data itself when
 * it is read as it is, else a new string, data freed and *len updated. *cs
 * says what the page is in. NULL, data untouched, when its bytes are not
 * valid in that encoding. */
char *charset_page_to_utf8(char *data, size_t *len, enum charset *cs);

#endif
