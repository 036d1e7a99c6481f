/*
 * err.h - error codes and the error detail that travels with them.
 *
 * Every fallible function returns an int: 0 on success, one of the FZ_E*
 * codes below on failure. Detail travels in a caller-owned struct fz_err
 * passed as the last argument (it may be NULL when the caller does not care):
 *
 *     if (n < 0)
 *         return fz_err_set(e, FZ_EINVAL, "days", "negative day count %d", n);
 *
 * fz_err_set() formats the message, records the offending field (or NULL)
 * and returns the code, so the two lines above are the whole idiom. The
 * struct holds fixed-size buffers: nothing to free. The HTTP edge turns a
 * code into a status and {"error":{"code","message","field"}} exactly once.
 */
#ifndef FZ_ERR_H
#define FZ_ERR_H

enum fz_code {
	FZ_OK = 0,
	FZ_EINVAL,    /* bad input: 400/422 at the HTTP edge */
	FZ_ENOTFOUND, /* no such thing: 404 */
	FZ_ECONFLICT, /* exists already, wrong state: 409 */
	FZ_EAUTH,     /* not authenticated: 401 */
	FZ_EPERM,     /* authenticated, not allowed: 403 */
	FZ_ELOCKED,   /* account locked: 403 with its own code */
	FZ_ERATE,     /* too many requests: 429 */
	FZ_ETOOBIG,   /* body or file too large: 413 */
	FZ_EREFUSED,  /* a guard refused a transition: 422 */
	FZ_EIO,	      /* storage or system failure: 500 */
	FZ_ECORRUPT,  /* integrity check failed */
	FZ_ENOMEM,
	FZ_CODE_MAX
};

struct fz_err {
	int code;
	char field[64];
	char msg[256];
};

/* Set *e (if non-NULL) and return code. field may be NULL; field and the
 * arguments may be e's own (a message wrapped: "%s: %s", where, e->msg). */
int fz_err_set(struct fz_err *e, int code, const char *field, const char *fmt,
	       ...) __attribute__((format(printf, 4, 5)));
void fz_err_clear(struct fz_err *e);
/* Stable machine name of a code, e.g. "invalid" for FZ_EINVAL. */
const char *fz_code_name(int code);

#endif
