/*
 * err.c - see err.h.
 */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A message cut short may end inside a character (a long Chinese one):
 * drop the partial character, so the message stays UTF-8. */
static void utf8_trim(char *s)
{
	size_t len = strlen(s), i = len, need;
	unsigned char c;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (len - (i - 1) < need)
		s[i - 1] = '\0';
}

int fz_err_set(struct fz_err *e, int code, const char *field, const char *fmt,
	       ...)
{
	char f[sizeof(e->field)], m[sizeof(e->msg)];
	va_list ap;
	int n;

	if (!e)
		return code;
	/* formatted aside first: field and the arguments may be e's own
	 * (a message wrapped in context: "step 3: %s", e->msg) */
	snprintf(f, sizeof(f), "%s", field ? field : "");
	va_start(ap, fmt);
	n = vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(m))
		utf8_trim(m);
	e->code = code;
	memcpy(e->field, f, sizeof(f));
	memcpy(e->msg, m, sizeof(m));
	return code;
}

void fz_err_clear(struct fz_err *e)
{
	if (e)
		memset(e, 0, sizeof(*e));
}

const char *fz_code_name(int code)
{
	static const char *const names[FZ_CODE_MAX] = {
	    [FZ_OK] = "ok",
	    [FZ_EINVAL] = "invalid",
	    [FZ_ENOTFOUND] = "not_found",
	    [FZ_ECONFLICT] = "conflict",
	    [FZ_EAUTH] = "unauthenticated",
	    [FZ_EPERM] = "forbidden",
	    [FZ_ELOCKED] = "locked",
	    [FZ_ERATE] = "rate_limited",
	    [FZ_ETOOBIG] = "too_large",
	    [FZ_EREFUSED] = "refused",
	    [FZ_EIO] = "io",
	    [FZ_ECORRUPT] = "corrupt",
	    [FZ_ENOMEM] = "no_memory",
	};
	if (code < 0 || code >= FZ_CODE_MAX || !names[code])
		return "unknown";
	return names[code];
}
