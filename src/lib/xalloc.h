/*
 * xalloc.h - allocation that cannot fail: on out-of-memory the process
 * prints one line and aborts (as redis and git do). Callers therefore never
 * check for NULL. Free with free().
 */
#ifndef FZ_XALLOC_H
#define FZ_XALLOC_H

#include <stddef.h>

void *fz_xmalloc(size_t n);
void *fz_xcalloc(size_t count, size_t size);
void *fz_xrealloc(void *p, size_t n);
char *fz_xstrdup(const char *s);
char *fz_xstrndup(const char *s, size_t n);

/* An array p of *alloc items of size bytes, n of them used, with room for
 * one more: when full it doubles (the first time to first items). */
void *fz_xgrow(void *p, size_t n, size_t *alloc, size_t size, size_t first);

#endif
