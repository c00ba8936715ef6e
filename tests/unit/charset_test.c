/* SPDX-License-Identifier: MIT */
/* Page encodings as a browser decides them (BOM, <meta charset>, http-equiv,
 * a UTF-16 label read as UTF-8), and round trips: every byte of a UTF-16 or
 * windows-1252 page comes back as it was; bad UTF-16 is refused. */
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "check.h"

static enum charset of(const char *page)
{
	return charset_of_page(page, strlen(page));
}

/* page (n bytes, in cs) to UTF-8 and back gives the same bytes; the UTF-8
 * text is returned (caller frees). */
static char *round_trip(enum charset cs, const char *page, size_t n)
{
	struct buf text = BUF_INIT, back = BUF_INIT;

	CHECK(charset_to_utf8(cs, page, n, &text) == 0);
	charset_from_utf8(cs, text.data ? text.data : "", text.len, &back);
	CHECK(back.len == n && memcmp(back.data, page, n) == 0);
	buf_release(&back);
	return buf_detach(&text);
}

int main(void)
{
	char all[256], *text;
	struct buf b = BUF_INIT;

	CHECK(of("<!doctype html><p>plain") == CHARSET_UTF8);
	CHECK(of("<meta charset=\"ISO-8859-1\">") == CHARSET_WINDOWS_1252);
	CHECK(of("<head><meta charset=latin1>") == CHARSET_WINDOWS_1252);
	CHECK(of("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">") ==
	      CHARSET_WINDOWS_1252);
	CHECK(of("<meta charset=\"utf-16\">") == CHARSET_UTF8);
	CHECK(of("<meta charset=\"shift_jis\">") == CHARSET_OTHER);
	CHECK(of("\xEF\xBB\xBF<meta charset=latin1>") == CHARSET_UTF8);
	CHECK(charset_of_page("\xFF\xFE<\0", 4) == CHARSET_UTF16LE);
	CHECK(charset_of_page("\xFE\xFF\0<", 4) == CHARSET_UTF16BE);
	/* Only the first 1024 bytes are looked at. */
	memset(b.data = malloc(1200), ' ', 1100);
	strcpy(b.data + 1100, "<meta charset=latin1>");
	CHECK(charset_of_page(b.data, strlen(b.data)) == CHARSET_UTF8);
	free(b.data);

	/* Every windows-1252 byte, 0x81 and friends included, comes back. */
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	text = round_trip(CHARSET_WINDOWS_1252, all, sizeof(all));
	CHECK(strstr(text + 1, "\xE2\x82\xAC") != NULL); /* 0x80 is the euro sign */
	free(text);
	text = round_trip(CHARSET_WINDOWS_1252, "caf\xE9", 4);
	CHECK_STR(text, "caf\xC3\xA9");
	free(text);
	/* A character windows-1252 has no byte for: a character reference. */
	b = (struct buf)BUF_INIT;
	charset_from_utf8(CHARSET_WINDOWS_1252, "\xE2\x98\x83", 3, &b);
	CHECK_STR(b.data, "&#x2603;");
	buf_release(&b);

	/* UTF-16 both ways, with a surrogate pair (U+1F600) and the BOM. */
	text = round_trip(CHARSET_UTF16LE, "\xFF\xFE" "a\0\xE9\0\x3D\xD8\x00\xDE", 10);
	CHECK_STR(text, "\xEF\xBB\xBF" "a\xC3\xA9\xF0\x9F\x98\x80");
	free(text);
	text = round_trip(CHARSET_UTF16BE, "\xFE\xFF\0a\0\xE9", 6);
	CHECK_STR(text, "\xEF\xBB\xBF" "a\xC3\xA9");
	free(text);
	CHECK(charset_to_utf8(CHARSET_UTF16LE, "\xFF\xFE" "a", 3, &b) < 0);
	buf_release(&b);
	CHECK(charset_to_utf8(CHARSET_UTF16LE, "\x00\xDC", 2, &b) < 0);
	buf_release(&b);
	CHECK(charset_to_utf8(CHARSET_UTF16LE, "\x3D\xD8" "a\0", 4, &b) < 0);
	buf_release(&b);
	return check_status();
}
