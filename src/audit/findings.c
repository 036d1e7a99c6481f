/*
 * findings.c - see findings.h.
 */
#include "findings.h"

#include <stdarg.h>
#include <stdio.h>

void audit_found(struct audit_findings *f, const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!f->n++)
		snprintf(f->first, sizeof(f->first), "%s", msg);
	if (f->cb && f->n <= f->max)
		f->cb(msg, f->arg);
}
