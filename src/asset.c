/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <strings.h>

#include "asset.h"
#include "lib/util.h"

static const struct {
	const char *suffix;
	enum asset_kind kind;
} suffixes[] = {
	{ ".html", KIND_HTML }, { ".htm", KIND_HTML },
	{ ".css", KIND_CSS },
	{ ".js", KIND_JS }, { ".mjs", KIND_JS }, { ".cjs", KIND_JS },
	{ ".jpg", KIND_RASTER }, { ".jpeg", KIND_RASTER }, { ".png", KIND_RASTER },
	{ ".svg", KIND_SVG },
	{ ".gif", KIND_GIF },
	{ ".webp", KIND_IMAGE }, { ".avif", KIND_IMAGE }, { ".ico", KIND_IMAGE },
	{ ".bmp", KIND_IMAGE },
	{ ".woff2", KIND_FONT }, { ".woff", KIND_FONT }, { ".ttf", KIND_FONT },
	{ ".otf", KIND_FONT }, { ".eot", KIND_FONT },
	{ ".json", KIND_JSON }, { ".webmanifest", KIND_JSON },
	{ ".txt", KIND_TEXT }, { ".xml", KIND_TEXT }, { ".map", KIND_TEXT },
	{ ".wasm", KIND_WASM },
};

static const char *const kind_names[NKINDS] = {
	[KIND_OTHER] = "other", [KIND_HTML] = "html", [KIND_CSS] = "css",
	[KIND_JS] = "js", [KIND_RASTER] = "raster", [KIND_SVG] = "svg",
	[KIND_GIF] = "gif", [KIND_IMAGE] = "image", [KIND_FONT] = "font",
	[KIND_JSON] = "json", [KIND_TEXT] = "text", [KIND_WASM] = "wasm",
};

const char *asset_kind_name(enum asset_kind kind)
{
	return kind_names[kind];
}

enum asset_kind asset_kind_from_suffix(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return KIND_OTHER;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (strcasecmp(dot, suffixes[i].suffix) == 0)
			return suffixes[i].kind;
	return KIND_OTHER;
}

static bool starts(const unsigned char *head, size_t n, const char *magic,
		   size_t m)
{
	return n >= m && memcmp(head, magic, m) == 0;
}

bool asset_magic_matches(enum asset_kind kind, const char *path,
			 const unsigned char *head, size_t n)
{
	const char *dot = strrchr(path, '.');

	switch (kind) {
	case KIND_RASTER:
		if (dot && strcasecmp(dot, ".png") == 0)
			return starts(head, n, "\x89PNG\r\n\x1a\n", 8);
		return starts(head, n, "\xff\xd8\xff", 3);
	case KIND_GIF:
		return starts(head, n, "GIF8", 4);
	case KIND_WASM:
		return starts(head, n, "\0asm", 4);
	default:
		/* Text formats and the rest are not checked: any bytes do. */
		return true;
	}
}
