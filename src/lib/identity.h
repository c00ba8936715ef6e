/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_IDENTITY_H
#define DISTILL_IDENTITY_H

#include "buf.h"

/*
 * What says a file is as it was without reading it: its size, mtime,
 * ctime (which nobody can set back) and inode, as text. The state of the
 * last output and the manifest's memo both take a file as unchanged while
 * this text is.
 */

/* Append path's identity to b. Returns 0, or -1 with errno set when it
 * cannot be stat'ed (zeros are appended). */
int file_identity(struct buf *b, const char *path);

#endif
