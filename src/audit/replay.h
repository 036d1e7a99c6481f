/*
 * replay.h - the projections derived from the event log and compared with
 * the rows (docs/architecture.md "The event log").
 *
 * audit_replay() reads every event once, in chain order per organisation,
 * and derives from them what the tables must hold: each record's data,
 * state, number and version; each user's organisation, names, roles,
 * must-change flag, disabled flag and lockout counters; each API token's
 * organisation, user, name, hash and revocation; each organisation's
 * parent, name, level and path; each evidence file's name and content
 * type. Then every row is compared with what its events derive, and every
 * derived object with its row. A row without its events, an object whose
 * row is gone, and a field that differs are each a finding: a line naming
 * the table, the id (and a record's kind and number) and the field,
 * passed to o->finding (the first ones only) and counted.
 *
 * Run it after audit_verify() has found the chains intact. 0 when every
 * projection agrees, FZ_ECORRUPT with e->msg naming the first finding and
 * how many there are, or another code when the store cannot be read.
 *
 * Events written before the events carried the whole change (transitions
 * without "changed", logins without the lockout counters, user.add
 * without must_change) leave those fields unchecked for that object:
 * r->partial counts such objects.
 */
#ifndef FZ_AUDIT_REPLAY_H
#define FZ_AUDIT_REPLAY_H

#include "store/store.h"

struct replay_opts {
	/* A role set as the user.add / user.roles events write it (the
	 * auth layer's roles_to_csv; audit sits below auth). */
	void (*roles_csv)(unsigned roles, char *out, size_t n);
	/* Each finding, at most max_findings of them (NULL: none). */
	void (*finding)(const char *msg, void *arg);
	void *arg;
	int max_findings;
};

struct replay_report {
	int64_t records, users, tokens, orgs, files; /* rows compared */
	int64_t partial;  /* objects with fields left unchecked (old events) */
	int64_t findings; /* rows or objects that do not match */
};

int audit_replay(struct store_conn *c, const struct replay_opts *o,
		 struct replay_report *r, struct fz_err *e);

#endif
