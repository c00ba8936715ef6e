/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_STATE_H
#define DISTILL_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "commit.h"
#include "lib/digest.h"

struct buf;
struct site;

/*
 * <cache>/last-output: what the last commit wrote and what it was made
 * from. Records end in '\0':
 *   "inputs HEX"                        build_inputs() of that build
 *   "summary ASSETS FILES BYTES BROTLI REJECTED"   its summary line
 *   "external IDENTITY\tPATH"           each file outside DIST and the
 *                                       cache that the plan named
 *   "HASH IDENTITY\tPATH"               each file of the site folder,
 *                                       sorted by path
 * IDENTITY is "SIZE MTIME CTIME INODE": equal identities mean an unchanged
 * file; the ctime catches a rewrite that kept the size and put the mtime
 * back.
 */

/* The header of a state: appended to b. */
void state_header(struct buf *b, struct hash128 inputs,
		  const struct build_summary *summary,
		  const char *const *externals, size_t nexternals);
/* One file's record, its identity read from root/path now. */
void state_add_file(struct buf *b, const char *root, const char *hex,
		    const char *path);
/* Whether the file at root/path is the one record (of state_add_file())
 * names: a regular file with its inode, so with its bytes while the
 * record still holds for that inode. */
bool state_same_file(const char *record, const char *root, const char *path);

/* Whether the last commit wrote path (relative to the site folder) with
 * the content hash hex: a file of DIST distill made, not the user. */
bool state_wrote_file(const char *state, size_t len, const char *path,
		      const char *hex);
/* The last state, or NULL (none, unreadable); *len is its length. */
char *state_read(const struct site *site, size_t *len);
/* Replace the last state (if_changed: only when the bytes differ).
 * Returns 0, or -1 after a warning. */
int state_write(const struct site *site, const struct buf *state, bool if_changed);
/* Where the file records start within a state. */
const char *state_files(const char *state, size_t len);

/*
 * <cache>/targets: every folder a commit with this cache has replaced, one
 * path a line, twice: absolute, and relative to the cache folder (so that
 * a project moved with its cache and its output knows the output still).
 * Replacing one of them again loses nothing of the user's; any other
 * existing folder may hold files distill never wrote.
 */
/* True when a commit with this cache replaced target. */
bool state_wrote_target(const struct site *site, const char *target);
/* Add target to the list; returns 0, or -1 after a warning. */
int state_note_target(const struct site *site, const char *target);

/* Count the files under root (not following links), or -1. */
long state_count_files(const char *root);

/* True when DIST holds exactly the tree the last commit wrote (same paths
 * and hashes), so an in-place build of it has nothing to do. */
bool state_is_last_output(const struct site *site);
/*
 * Whether the build has nothing to do: the last commit was made from these
 * inputs, the files outside DIST it was made from (templates, budget
 * files) are unchanged, and the target still holds exactly what it wrote.
 * state_check_start() begins checking the target beside the scan (in a
 * thread of its own); state_is_unchanged() waits for it, compares the
 * inputs and fills summary with the last build's. A last build that
 * rejected inputs never counts, so that they are reported again.
 */
struct state_check;
struct state_check *state_check_start(const struct site *site,
				      const struct commit_options *co);
bool state_is_unchanged(struct state_check *check, struct hash128 inputs,
			struct build_summary *summary);
/* Whether the target held exactly the files of the last state, each with
 * its size, times and inode, when the check ran (it waits for it). */
bool state_check_untouched(struct state_check *check);
void state_check_free(struct state_check *check);

#endif
