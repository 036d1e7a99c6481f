/*
 * buf.h - a growable byte buffer with a hard cap (after git's strbuf and
 * curl's dynbuf).
 *
 * struct fz_buf b = FZ_BUF_INIT(cap);   cap 0 means FZ_BUF_DEFAULT_CAP
 * fz_buf_add(&b, p, n) ... fz_buf_release(&b);
 *
 * The data is always NUL-terminated (len excludes the NUL), so text can be
 * used as a C string. An append that would pass the cap fails with
 * FZ_ETOOBIG and leaves the buffer as it was. The buffer owns its memory;
 * fz_buf_detach() hands it to the caller.
 */
#ifndef FZ_BUF_H
#define FZ_BUF_H

#include <stddef.h>

#define FZ_BUF_DEFAULT_CAP (64u << 20)

struct fz_buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap;
};

#define FZ_BUF_INIT(c)                                                         \
	{                                                                      \
		NULL, 0, 0, (c)                                                \
	}

void fz_buf_init(struct fz_buf *b, size_t cap);
void fz_buf_release(struct fz_buf *b);
void fz_buf_reset(struct fz_buf *b);
/* Cut b back to len bytes (len <= b->len, asserted), e.g. to undo the
 * appends of a step that failed (git's strbuf_setlen). */
void fz_buf_setlen(struct fz_buf *b, size_t len);
int fz_buf_add(struct fz_buf *b, const void *p, size_t n);
int fz_buf_adds(struct fz_buf *b, const char *s);
int fz_buf_addf(struct fz_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *fz_buf_detach(struct fz_buf *b, size_t *len);

struct fz_err;
/* Append the whole file at path. FZ_ENOTFOUND or FZ_EIO if it cannot be
 * opened or read, FZ_ETOOBIG if it would pass b's cap; the message names
 * the path. On failure b is as it was. */
int fz_buf_read_file(struct fz_buf *b, const char *path, struct fz_err *e);
/* For libraries that only write files (libxlsxwriter): write(path, arg, e)
 * into a new temporary file, whose bytes are then appended to b; the file
 * is removed either way. */
typedef int (*fz_file_writer)(const char *path, void *arg, struct fz_err *e);
int fz_buf_via_file(struct fz_buf *b, fz_file_writer write, void *arg,
		    struct fz_err *e);

#endif
