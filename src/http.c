/* SPDX-License-Identifier: MIT */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curl_abi.h"
#include "http.h"
#include "lib/buf.h"
#include "lib/sha2.h"
#include "lib/util.h"

struct curl_slist;

static struct {
	int (*global_init)(long flags);
	void *(*easy_init)(void);
	int (*easy_setopt)(void *curl, int option, ...);
	int (*easy_perform)(void *curl);
	int (*easy_getinfo)(void *curl, int info, ...);
	void (*easy_cleanup)(void *curl);
	const char *(*easy_strerror)(int code);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
	void (*slist_free_all)(struct curl_slist *list);
} curl;

static void *curl_lib;
static char *curl_missing;
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

/* The libcrypto an OpenSSL build of libcurl has loaded (nothing is loaded
 * for it): its SHA256() hashes what the remote cache moves many times
 * faster than sha2.c where the CPU has SHA instructions. */
static void use_libcrypto(void)
{
	void *crypto = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_NOLOAD);
	sha256_fn *fn = NULL;

	if (crypto)
		*(void **)&fn = dlsym(crypto, "SHA256");
	if (fn)
		sha2_use_sha256(fn);
}

static void load_once(void)
{
	static const char *const names[] = { "libcurl.so.4", "libcurl-gnutls.so.4" };
	struct { const char *name; void **fn; } syms[] = {
		{ "curl_global_init", (void **)&curl.global_init },
		{ "curl_easy_init", (void **)&curl.easy_init },
		{ "curl_easy_setopt", (void **)&curl.easy_setopt },
		{ "curl_easy_perform", (void **)&curl.easy_perform },
		{ "curl_easy_getinfo", (void **)&curl.easy_getinfo },
		{ "curl_easy_cleanup", (void **)&curl.easy_cleanup },
		{ "curl_easy_strerror", (void **)&curl.easy_strerror },
		{ "curl_slist_append", (void **)&curl.slist_append },
		{ "curl_slist_free_all", (void **)&curl.slist_free_all },
	};

	for (size_t i = 0; !curl_lib && i < sizeof(names) / sizeof(*names); i++)
		curl_lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!curl_lib) {
		curl_missing = xstrdup("cannot load libcurl.so.4 (on Debian and Ubuntu: "
				       "apt-get install libcurl4)");
		return;
	}
	for (size_t i = 0; i < sizeof(syms) / sizeof(*syms); i++) {
		*syms[i].fn = dlsym(curl_lib, syms[i].name);
		if (!*syms[i].fn) {
			curl_missing = xasprintf("libcurl has no %s", syms[i].name);
			return;
		}
	}
	if (curl.global_init(ABI_CURL_GLOBAL_ALL) != ABI_CURLE_OK) {
		curl_missing = xstrdup("libcurl failed to start");
		return;
	}
	use_libcrypto();
}

int http_load(char **why)
{
	pthread_once(&curl_once, load_once);
	if (curl_missing) {
		*why = xstrdup(curl_missing);
		return -1;
	}
	return 0;
}

struct http {
	void *easy;
	struct curl_slist *headers;
	long timeout_ms;
};

struct http *http_new(const char *header, long timeout_ms)
{
	struct http *h = xcalloc(1, sizeof(*h));

	h->easy = curl.easy_init();
	if (!h->easy)
		fatal("out of memory");
	/* Blobs are images of hundreds of KB: receive them in large reads
	 * (libcurl's most), not 16 KB ones, each a poll() and a recv(). */
	curl.easy_setopt(h->easy, ABI_CURLOPT_BUFFERSIZE, 512L * 1024);
	/* No "Expect: 100-continue" round trip before an upload. */
	h->headers = curl.slist_append(NULL, "Expect:");
	if (header)
		h->headers = curl.slist_append(h->headers, header);
	h->timeout_ms = timeout_ms;
	return h;
}

void http_free(struct http *h)
{
	if (!h)
		return;
	curl.easy_cleanup(h->easy);
	curl.slist_free_all(h->headers);
	free(h);
}

/* Where a GET's body goes. */
struct sink {
	struct buf *body;
	size_t max;
};

static size_t write_body(char *data, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;

	if (len > s->max - s->body->len)
		return 0; /* more than was asked for: curl stops with an error */
	buf_add(s->body, data, len);
	return len;
}

/* Where a PUT's body comes from. */
struct source {
	const char *data;
	size_t left;
};

static size_t read_body(char *out, size_t size, size_t n, void *arg)
{
	struct source *s = arg;
	size_t len = size * n < s->left ? size * n : s->left;

	memcpy(out, s->data, len);
	s->data += len;
	s->left -= len;
	return len;
}

/* The options every request sets, so that none is left from the last. */
static void prepare(struct http *h, const char *url, char *err)
{
	void *e = h->easy;

	curl.easy_setopt(e, ABI_CURLOPT_URL, url);
	curl.easy_setopt(e, ABI_CURLOPT_HTTPHEADER, h->headers);
	curl.easy_setopt(e, ABI_CURLOPT_NOSIGNAL, 1L);
	curl.easy_setopt(e, ABI_CURLOPT_TIMEOUT_MS, h->timeout_ms);
	curl.easy_setopt(e, ABI_CURLOPT_CONNECTTIMEOUT_MS, h->timeout_ms);
	curl.easy_setopt(e, ABI_CURLOPT_ERRORBUFFER, err);
	curl.easy_setopt(e, ABI_CURLOPT_UPLOAD, 0L);
	curl.easy_setopt(e, ABI_CURLOPT_NOBODY, 0L);
	curl.easy_setopt(e, ABI_CURLOPT_HTTPGET, 1L);
	err[0] = '\0';
}

static long perform(struct http *h, char *err)
{
	long status = 0;
	int code = curl.easy_perform(h->easy);

	if (code != ABI_CURLE_OK) {
		if (!err[0])
			snprintf(err, HTTP_ERROR_SIZE, "%s", curl.easy_strerror(code));
		return -1;
	}
	curl.easy_getinfo(h->easy, ABI_CURLINFO_RESPONSE_CODE, &status);
	return status;
}

long http_get(struct http *h, const char *url, struct buf *body, size_t max, char *err)
{
	struct sink sink = { body, max };

	prepare(h, url, err);
	buf_reset(body);
	/* The size is known for a blob: one buffer, no copies as it grows. */
	if (max < (size_t)64 << 20)
		buf_reserve(body, max);
	curl.easy_setopt(h->easy, ABI_CURLOPT_WRITEFUNCTION, write_body);
	curl.easy_setopt(h->easy, ABI_CURLOPT_WRITEDATA, &sink);
	return perform(h, err);
}

long http_put(struct http *h, const char *url, const void *data, size_t len, char *err)
{
	struct source source = { data, len };
	struct buf ignored = { 0 };
	struct sink sink = { &ignored, 1 << 16 };
	long status;

	prepare(h, url, err);
	curl.easy_setopt(h->easy, ABI_CURLOPT_UPLOAD, 1L);
	curl.easy_setopt(h->easy, ABI_CURLOPT_READFUNCTION, read_body);
	curl.easy_setopt(h->easy, ABI_CURLOPT_READDATA, &source);
	curl.easy_setopt(h->easy, ABI_CURLOPT_INFILESIZE_LARGE, (int64_t)len);
	curl.easy_setopt(h->easy, ABI_CURLOPT_WRITEFUNCTION, write_body);
	curl.easy_setopt(h->easy, ABI_CURLOPT_WRITEDATA, &sink);
	status = perform(h, err);
	buf_release(&ignored);
	return status;
}

long http_head(struct http *h, const char *url, char *err)
{
	prepare(h, url, err);
	curl.easy_setopt(h->easy, ABI_CURLOPT_NOBODY, 1L);
	return perform(h, err);
}
