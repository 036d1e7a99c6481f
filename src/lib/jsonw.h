/*
 * jsonw.h - JSON text written straight into an fz_buf.
 *
 * For answers that are mostly text the store already holds (records, their
 * stored data spliced in as it is), where building a jansson tree only to
 * dump and free it costs most of the request. Strings are written as
 * jansson's json_dumps(JSON_COMPACT) writes them: UTF-8 as it is; '"',
 * '\\' and the control characters escaped (\b \f \n \r \t, else \u00XX).
 * tests/unit/test_lib.c compares the two. A byte that is not well-formed
 * UTF-8 is written as U+FFFD, so the text is always JSON.
 *
 *   struct fz_jw w;
 *   fz_jw_init(&w, &buf);
 *   fz_jw_obj(&w); fz_jw_key(&w, "id"); fz_jw_int(&w, 7); fz_jw_end(&w);
 *   if (w.rc) ... FZ_ETOOBIG (the buffer's cap) or FZ_EINVAL (misuse)
 *
 * Commas are the writer's business; the caller opens and closes. Errors
 * stick: after the first failure every call does nothing and w.rc keeps
 * the code; the buffer then holds a partial text, for the caller to drop.
 */
#ifndef FZ_JSONW_H
#define FZ_JSONW_H

#include "buf.h"

#include <stdint.h>

#define FZ_JW_DEPTH 32

struct fz_jw {
	struct fz_buf *b;
	int rc;
	int depth;
	unsigned char more[FZ_JW_DEPTH]; /* a member written at this depth */
	unsigned char arr[FZ_JW_DEPTH];	 /* this depth is an array */
	int after_key;
};

void fz_jw_init(struct fz_jw *w, struct fz_buf *b);
void fz_jw_obj(struct fz_jw *w); /* { */
void fz_jw_arr(struct fz_jw *w); /* [ */
void fz_jw_end(struct fz_jw *w); /* } or ], whichever is open */
void fz_jw_key(struct fz_jw *w, const char *key);
void fz_jw_str(struct fz_jw *w, const char *s); /* NULL writes null */
void fz_jw_int(struct fz_jw *w, int64_t v);
void fz_jw_bool(struct fz_jw *w, int v);
void fz_jw_null(struct fz_jw *w);
/* A value that is already JSON text (stored data, a jansson dump). */
void fz_jw_raw(struct fz_jw *w, const char *json, size_t len);
/* A member: the key, then its value. */
void fz_jw_kstr(struct fz_jw *w, const char *key, const char *s);
void fz_jw_kint(struct fz_jw *w, const char *key, int64_t v);
void fz_jw_kbool(struct fz_jw *w, const char *key, int v);

#endif
