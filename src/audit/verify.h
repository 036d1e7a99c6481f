/*
 * verify.h - walk the whole event log and check every chain (chain.h).
 *
 * audit_verify() returns 0 when every organisation's chain is intact, or
 * FZ_ECORRUPT with e->msg naming the first bad event: changed (its hash
 * does not match its content), removed (a gap in seq, or the chain head is
 * past the last event) or reordered (its prev_hash is not the hash of the
 * event before it). Counts go to *r.
 */
#ifndef FZ_AUDIT_VERIFY_H
#define FZ_AUDIT_VERIFY_H

#include "store/store.h"

struct audit_report {
	int64_t events;
	int64_t chains;
	int64_t bad_org; /* the first bad event, when FZ_ECORRUPT */
	int64_t bad_seq;
};

int audit_verify(struct store_conn *c, struct audit_report *r,
		 struct fz_err *e);

#endif
