/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_PREVIOUS_H
#define DISTILL_PREVIOUS_H

#include <stdbool.h>
#include <time.h>

#include <jansson.h>

struct manifest;
struct site;

/*
 * Deploy-skew protection (hash.keepPrevious): the fingerprinted files of
 * the last builds' outputs are kept in <cache>/previous/ and carried into
 * the outputs of the next builds, so that a page loaded before a deploy
 * can still fetch the lazy chunks, stylesheets and images it names after
 * it. Only names that change with their bytes are carried: no page, no
 * sw.js, nothing a new file could mean differently. They are not in the
 * manifest, so the worker does not precache them and the budget does not
 * count them; a file of the new build at the same path wins.
 *
 * <cache>/previous/builds, newest first (the last build, then the keep
 * builds whose files it carried), one group a build:
 *   "build TIME"         when it was committed, seconds since the epoch
 *   "HASH SIZE OUTPUT"   each fingerprinted file of its output
 * <cache>/previous/HASH/bytes: a file's bytes, a hard link to the store
 * file or site file it came from (a copy across file systems). The commit
 * checks them against HASH as it places them; a damaged one is removed.
 */
struct previous_settings {
	unsigned keep;   /* builds remembered; 0: off */
	time_t max_age;  /* a build older than this is not carried (seconds) */
	time_t now;      /* the time of this build */
};

/* The settings from the config: hash.keepPrevious (null: 2 for a build
 * in place, 0 with --out) and hash.keepPreviousDays. Returns 0 or -1
 * after a warning. */
int previous_settings(const json_t *config, bool in_place, struct previous_settings *s);
/* The files of the remembered builds to carry into this output, as the
 * commit lists files ({output, from, hash, root}): newest build first,
 * each path once, none where m or the aggregates' files (written) put a
 * file or need a folder. A new array. */
json_t *previous_carry(const struct site *site, const struct previous_settings *s,
		       const struct manifest *m, const json_t *written);
/* The output paths of the files the commit may carry in (those of the
 * keep + 1 builds remembered, which hold the keep it will carry, within
 * the age limit), sorted, as a JSON array: for the headers, which give
 * them their immutable rules before the commit places them. NULL when
 * none. */
char *previous_outputs(const struct site *site, const struct previous_settings *s);
/* Before the swap: keep the bytes of this build's fingerprinted files. */
void previous_keep_bytes(const struct site *site, const struct manifest *m,
			 const struct previous_settings *s);
/* After the swap: remember this build (unless it is the newest already),
 * forget builds past keep and their bytes. Failures only warn. */
void previous_remember(const struct site *site, const struct manifest *m,
		       const struct previous_settings *s);
/* For a build in place: leave out of the site the files the last commit
 * carried from earlier builds (the last state wrote them; no remembered
 * build but an older one has them), so that they are not taken for the
 * site's own. */
void previous_drop_carried(struct site *site, const struct previous_settings *s);

#endif
