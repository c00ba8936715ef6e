/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_UTIL_H
#define DISTILL_UTIL_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Exit statuses, documented in README.md and --help. */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,     /* a job, input or I/O failed */
	EXIT_USAGE = 2,      /* bad option or argument */
	EXIT_OVER_BUDGET = 3 /* built fine, but a budget was exceeded */
};

/* Verbosity levels: 0 quiet, 1 errors, 2 default, 3 one line per job, 4 debug. */
extern int verbosity;

/* Print "distill: message" to stderr. A format ending in ':' gets the errno
 * text appended. fatal() then exits with status 1. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print only at verbosity >= level, without the errno rule. */
void info(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* For impossible states: prints file and line, then aborts. */
#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)
_Noreturn void bug_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Allocation that exits on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow *p (holding *cap elements of size) to hold at least need elements. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a new string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* For sort_array() of an array of strings: strcmp() of the pointees. */
int compare_strings(const void *a, const void *b);
/* qsort() that takes an empty array given as NULL, as glibc's may not. */
void sort_array(void *base, size_t n, size_t size,
		int (*compare)(const void *, const void *));

/* The value of a hex digit (either case), or -1. */
int hex_digit(int c);

bool has_suffix(const char *s, const char *suffix);
bool has_prefix(const char *s, const char *prefix);
/* Parse a decimal size or count; returns false on garbage or overflow. */
bool parse_u64(const char *s, uint64_t *out);

/* The longest file name most file systems take (ext4, APFS, NTFS). */
#define FILE_NAME_MAX 255
/* The length of the first n bytes of s or less, cut back to a UTF-8
 * character boundary, so that a name built from s stays within limits. */
size_t utf8_prefix_len(const char *s, size_t n);
/* True when s is valid UTF-8 (RFC 3629: no overlong forms, surrogates or
 * code points past U+10FFFF), as JSON strings must be. */
bool utf8_valid(const char *s);
/* s for a message or a JSON string: every byte that is not part of valid
 * UTF-8, and every control byte, as \xHH, and a backslash as \\, so that
 * distinct names stay distinct. Returns a new string; caller frees. */
char *utf8_escape(const char *s);

/* What makes dir the root of a project: "package.json" or ".git" when it
 * holds one, else NULL. The one rule for "a project" (the cache's home,
 * the configuration's and a folder no build may replace). */
const char *project_marker(const char *dir);

/* True when path lies below the folder dir ("dir/..."), not at dir itself. */
bool path_is_under(const char *path, const char *dir);
/* The base name of a '/'-separated path: what follows its last '/'. */
const char *path_base(const char *path);
/* path as seen from the folder dir, both absolute and normalised
 * ("/a/b", "/a/c/d" gives "../c/d"). Returns a new string. */
char *path_relative(const char *dir, const char *path);
/* An absolute, normalised path: realpath() for a file or folder that
 * exists, else the path with "." and ".." taken out. Returns a new
 * string. */
char *path_absolute(const char *path);
/* The stem of a base name: its length without the extension (all of it
 * when there is none, or when the only dot leads the name). */
size_t name_stem_len(const char *base);
/* prefix + the first stem bytes of base + tail, the stem cut back (at a
 * UTF-8 boundary) so that stem and tail together take at most limit
 * bytes. Returns a new string. */
char *name_fit(const char *prefix, const char *base, size_t stem,
	       const char *tail, size_t limit);

/* Read a whole file; returns a new NUL-terminated buffer and its length in
 * *len, or NULL with errno set. */
char *read_file(const char *path, size_t *len);
/* The most a pass reads of a site file into memory at once; larger files
 * are streamed, or left as they are. */
#define TEXT_READ_MAX ((size_t)64 << 20)
/* read_file(), but NULL with errno EFBIG, having read nothing, for a file
 * of more than max bytes. */
char *read_file_max(const char *path, size_t max, size_t *len);

/* mkdir -p; returns 0 or -1 with errno set. */
int mkdirs(const char *path);
/* rm -rf that does not follow symlinks; returns 0 or -1. */
int remove_tree(const char *path);
/* The type (S_IFREG, S_IFDIR, S_IFLNK, ...) of e, an entry readdir() gave
 * of dir: what readdir() says where it says, else fstatat()'s, links not
 * followed; 0 when it cannot be told. */
mode_t dir_entry_type(DIR *dir, const struct dirent *e);
/* The CPUs this process may run on (its affinity mask, which containers and
 * taskset narrow), at least 1. */
int cpu_count(void);
/* Whether this runs on a CI service: CI set, and not to "false" or "0"
 * (GitHub Actions, GitLab, Vercel, Netlify and Cloudflare Pages set it). */
bool running_in_ci(void);

#endif
