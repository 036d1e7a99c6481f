/*
 * checkpoint.h - signed checkpoints of the event log: the heads of every
 * chain, signed with a key that is not in the database (sign.h), so that a
 * writer of the database file cannot rewrite, cut back or delete a chain
 * unseen (docs/architecture.md, "The event log").
 *
 * A checkpoint covers every event up to its heads: each chain is hash
 * linked, so the signed hash of its last event fixes all before it. The
 * server writes one at start, every N events, periodically when there are
 * new events, and at shutdown (audit_signer). `fazhi audit verify --pubkey`
 * checks every checkpoint: its signature, its key, and that the event at
 * each signed head is still there with the signed hash (a chain cut back
 * or deleted loses it; a rewritten one changes it). A witness is the latest
 * checkpoint kept outside the database (`fazhi audit checkpoint --out`):
 * `verify --witness` finds a database rolled back to any earlier state,
 * which the checkpoints inside it cannot show once they are rolled back too.
 */
#ifndef FZ_AUDIT_CHECKPOINT_H
#define FZ_AUDIT_CHECKPOINT_H

#include "audit/sign.h"
#include "store/store.h"

/* Inside a store write: sign the heads of every chain as the transaction
 * sees them and store the checkpoint (its ts in *ts when not NULL). */
int audit_checkpoint_write(struct store_conn *c, const struct audit_key *k,
			   int64_t *ts, struct fz_err *e);

/* The latest checkpoint as the text of a witness file (caller frees):
 * {"format":"fazhi-audit-witness","body":…,"sig":hex}. FZ_ENOTFOUND when
 * the database holds none. */
int audit_witness_text(struct store_conn *c, char **out, struct fz_err *e);

struct ckpt_report {
	int64_t checkpoints;	 /* valid, signed by the key */
	int64_t heads;		 /* chains in the last one */
	int64_t unsigned_events; /* events after the last one */
	int64_t last_ts;	 /* of the last one, unix ms */
	int64_t findings;
};

/* Check the checkpoints against pub and the events, and the witness
 * (its text, or NULL). Each finding goes to finding(msg, arg) (may be
 * NULL); 0 when there is none, else FZ_ECORRUPT with the first in e. */
int audit_verify_checkpoints(struct store_conn *c, const struct audit_key *pub,
			     const char *witness, struct ckpt_report *r,
			     void (*finding)(const char *msg, void *arg),
			     void *arg, struct fz_err *e);

/* The server's signer: a thread that writes a checkpoint at start, after
 * every `every` events, every period_ms when there are new events, and at
 * audit_signer_stop (which joins it). The key stays the caller's. */
struct audit_signer;
int audit_signer_start(struct audit_signer **out, struct store *s,
		       const struct audit_key *k, int64_t every,
		       int64_t period_ms, struct fz_err *e);
void audit_signer_stop(struct audit_signer *g);

#endif
