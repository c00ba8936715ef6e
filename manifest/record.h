/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_RECORD_H
#define DISTILL_RECORD_H

#include <stdbool.h>

#include <jansson.h>

/*
 * The record a job leaves in its store folder: record.json, written last and
 * atomically, so its presence means the job finished. Format (FORMAT.md):
 *   {"pass": NAME, "version": N, "files": [{"name", "size", "hash"}...],
 *    "error": "why" (only for rejected input), ...pass fields,
 *    "check": XXH3-128 of the record's canonical text without "check"}
 * A record whose check fails is damaged, however well it parses.
 */

/* The path of the record in dir: dir/record.json. A new string. */
char *record_path(const char *dir);
/* Returns a new record object for pass name at version. */
json_t *record_new(const char *pass, unsigned version);
/* Hash dir/name and append {"name","size","hash"} to "files"; returns the
 * new entry (borrowed, to add fields to) or NULL with errno set. */
json_t *record_add_file(json_t *record, const char *dir, const char *name);
/* The text of record.json, its "check" set. Returns a new string. */
char *record_text(json_t *record);
/* Write dir/record.json atomically; returns 0 or -1 with errno set. */
int record_write(json_t *record, const char *dir);
/* Load dir/record.json, checking its "check". With verify, every listed
 * file must exist with its recorded size and hash. Returns a new
 * reference, or NULL when missing, malformed or damaged (see
 * record_verify). */
json_t *record_load(const char *dir, bool verify);
/* Returns true when the file a "files" entry names exists in dir with its
 * size and hash. */
bool record_file_intact(const json_t *entry, const char *dir);
/* Returns true when every file of record exists in dir with its hash. */
bool record_verify(const json_t *record, const char *dir);

#endif
