/*
 * buf.c - see buf.h.
 */
#include "buf.h"

#include "err.h"
#include "xalloc.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void fz_buf_init(struct fz_buf *b, size_t cap)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

void fz_buf_release(struct fz_buf *b)
{
	free(b->data);
	fz_buf_init(b, b->cap);
}

void fz_buf_reset(struct fz_buf *b)
{
	fz_buf_setlen(b, 0);
}

void fz_buf_setlen(struct fz_buf *b, size_t len)
{
	assert(len <= b->len);
	b->len = len;
	if (b->data)
		b->data[len] = '\0';
}

static int grow(struct fz_buf *b, size_t extra)
{
	size_t cap = b->cap ? b->cap : FZ_BUF_DEFAULT_CAP;
	size_t need;

	if (extra > cap || b->len > cap - extra)
		return FZ_ETOOBIG;
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return 0;
	if (b->alloc < 64)
		b->alloc = 64;
	while (b->alloc < need)
		b->alloc *= 2;
	b->data = fz_xrealloc(b->data, b->alloc);
	return 0;
}

int fz_buf_add(struct fz_buf *b, const void *p, size_t n)
{
	int rc = grow(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int fz_buf_adds(struct fz_buf *b, const char *s)
{
	return fz_buf_add(b, s, strlen(s));
}

int fz_buf_addf(struct fz_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return FZ_EINVAL;
	rc = grow(b, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *fz_buf_detach(struct fz_buf *b, size_t *len)
{
	char *p;

	if (!b->data)
		fz_buf_add(b, "", 0);
	p = b->data;
	if (len)
		*len = b->len;
	fz_buf_init(b, b->cap);
	return p;
}

/* The failure of fz_buf_read_file(): b back to its old length. */
static int read_fail(struct fz_buf *b, size_t old, int rc, const char *path,
		     struct fz_err *e)
{
	size_t cap = b->cap ? b->cap : FZ_BUF_DEFAULT_CAP;

	fz_buf_setlen(b, old);
	if (rc != FZ_ETOOBIG)
		return fz_err_set(e, rc, NULL, "%s: read error", path);
	if (cap % (1u << 20) == 0)
		return fz_err_set(e, rc, NULL, "%s: larger than %zu MiB", path,
				  cap >> 20);
	return fz_err_set(e, rc, NULL, "%s: larger than %zu bytes", path, cap);
}

int fz_buf_read_file(struct fz_buf *b, const char *path, struct fz_err *e)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t old = b->len, got;
	int rc = 0;

	if (!f)
		return fz_err_set(e, errno == ENOENT ? FZ_ENOTFOUND : FZ_EIO,
				  NULL, "%s: %s", path, strerror(errno));
	while (!rc && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = fz_buf_add(b, chunk, got);
	if (!rc && ferror(f))
		rc = FZ_EIO;
	fclose(f);
	return rc ? read_fail(b, old, rc, path, e) : 0;
}

int fz_buf_via_file(struct fz_buf *b, fz_file_writer write, void *arg,
		    struct fz_err *e)
{
	char path[] = "/tmp/fazhi-out-XXXXXX";
	int fd = mkstemp(path), rc;

	if (fd < 0)
		return fz_err_set(e, FZ_EIO, NULL, "no temporary file: %s",
				  strerror(errno));
	close(fd);
	rc = write(path, arg, e);
	if (!rc)
		rc = fz_buf_read_file(b, path, e);
	unlink(path);
	return rc;
}
