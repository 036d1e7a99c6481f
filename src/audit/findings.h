/*
 * findings.h - what a check of the log found (replay.c, checkpoint.c):
 * each finding counted, the first kept for the error that ends the check,
 * and each of the first `max` handed to `cb` (NULL: none) as it is found.
 */
#ifndef FZ_AUDIT_FINDINGS_H
#define FZ_AUDIT_FINDINGS_H

#include <stdint.h>

struct audit_findings {
	int64_t n;
	char first[320];
	void (*cb)(const char *msg, void *arg);
	void *arg;
	int max;
};

void audit_found(struct audit_findings *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
