/*
 * verify.h - walk the whole event log and check every chain (chain.h).
 *
 * audit_verify() returns 0 when every organisation's chain is intact, or
 * FZ_ECORRUPT with e->msg naming the first bad event: changed (its hash
 * does not match its content), removed (a gap in seq, or the chain head is
 * past the last event) or reordered (its prev_hash is not the hash of the
 * event before it). Counts go to *r.
 *
 * audit_verify_files() then checks the evidence files (store.h): every
 * row of `files` against its record.evidence event in the chain (file id,
 * SHA-256, size) and its blob in files_dir ("<db path>.files") against the
 * SHA-256, and every record.evidence event against its row. 0 when all agree,
 * or FZ_ECORRUPT with e->msg naming the first file whose bytes changed,
 * whose blob is missing, or whose row was changed or removed: its id, its
 * record and its event (also in r->bad_*). It sets r->files only, so call
 * it after audit_verify() with the same report.
 */
#ifndef FZ_AUDIT_VERIFY_H
#define FZ_AUDIT_VERIFY_H

#include "store/store.h"

struct audit_report {
	int64_t events;
	int64_t chains;
	int64_t bad_org; /* the first bad event, when FZ_ECORRUPT */
	int64_t bad_seq;
	int64_t files;	    /* evidence files checked */
	int64_t bad_file;   /* the first bad file (0: none), when FZ_ECORRUPT */
	int64_t bad_record; /* and its record */
};

int audit_verify(struct store_conn *c, struct audit_report *r,
		 struct fz_err *e);
int audit_verify_files(struct store_conn *c, const char *files_dir,
		       struct audit_report *r, struct fz_err *e);

#endif
