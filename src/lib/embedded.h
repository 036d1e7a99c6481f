/*
 * embedded.h - files compiled into the binary at build time (tools/embed.c).
 *
 * Paths are relative to the source root, e.g. "data/calendar/holidays.txt".
 * The table is sorted by path and ends with a {NULL,...} sentinel. Data is
 * NUL-terminated (len excludes the NUL) and lives for the whole program.
 */
#ifndef FZ_EMBEDDED_H
#define FZ_EMBEDDED_H

#include "lib/err.h"

#include <stddef.h>

struct fz_embedded {
	const char *path;
	const unsigned char *data;
	size_t len;
};

extern const struct fz_embedded fz_embedded_files[];
extern const size_t fz_embedded_count;

/* The file at exactly this path, or NULL. */
const struct fz_embedded *fz_embedded_find(const char *path);

/* The file at this path, or NULL with FZ_ENOTFOUND on field in e. */
const struct fz_embedded *fz_embedded_need(const char *path, const char *field,
					   struct fz_err *e);

/* The files whose path begins with prefix: fz_embedded_files[*first] and
 * the *count after it (the table is sorted, so they stand together). */
void fz_embedded_under(const char *prefix, size_t *first, size_t *count);

#endif
