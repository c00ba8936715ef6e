/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_HTTP_H
#define DISTILL_HTTP_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/*
 * HTTP through libcurl, loaded with dlopen() by the first http_load():
 * only a build with a remote cache needs it, so neither the jobs ninja
 * starts nor a build without one load libcurl and the TLS libraries
 * behind it. One connection per thread; a connection is reused for the
 * requests made on it.
 */
struct http;

/* Load libcurl (libcurl.so.4, else libcurl-gnutls.so.4). Returns 0, or -1
 * with *why a new string saying what is missing. */
int http_load(char **why);

/* A connection: header (NULL, or one "Name: value" line sent with every
 * request), a time limit for each request and for connecting. */
struct http *http_new(const char *header, long timeout_ms);
void http_free(struct http *h);

/*
 * One request. For GET the body goes into *body, at most max bytes (more
 * is an error); PUT sends len bytes of data with a Content-Length; HEAD
 * sends and reads no body. Returns the HTTP status, or -1 when no answer
 * came (the reason in err, which holds HTTP_ERROR_SIZE bytes).
 */
enum { HTTP_ERROR_SIZE = 256 };
long http_get(struct http *h, const char *url, struct buf *body, size_t max, char *err);
long http_put(struct http *h, const char *url, const void *data, size_t len, char *err);
long http_head(struct http *h, const char *url, char *err);

#endif
