/*
 * xalloc.c - see xalloc.h.
 */
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
	fprintf(stderr, "fazhi: out of memory allocating %zu bytes\n", n);
	abort();
}

void *fz_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *fz_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom(count * size);
	return p;
}

void *fz_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

void *fz_xgrow(void *p, size_t n, size_t *alloc, size_t size, size_t first)
{
	if (n < *alloc)
		return p;
	*alloc = *alloc ? 2 * *alloc : first;
	return fz_xrealloc(p, *alloc * size);
}

char *fz_xstrndup(const char *s, size_t n)
{
	char *p = fz_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *fz_xstrdup(const char *s)
{
	return fz_xstrndup(s, strlen(s));
}
