/*
 * chain.h - the hash chain of the event log (SPEC §4.3).
 *
 * Every change is an event. Events are chained per organisation: event
 * (org, seq) carries prev_hash, the hash of (org, seq-1) (32 zero bytes for
 * seq 1), and hash = SHA-256(prev_hash || canonical), where canonical is the
 * compact JSON object of the event's fields with sorted keys:
 *
 *   {"actor":"user:3","data":{...},"org":7,"seq":12,"subject":"user:9",
 *    "ts":1700000000000,"type":"user.roles"}
 *
 * Chaining per organisation (not globally) keeps the key of the events
 * table (org_id, seq), so the log distributes by organisation like every
 * other table. A changed event breaks its own hash; a removed or reordered
 * one breaks the next event's prev_hash; a removed tail is caught by the
 * chain head kept in the same transaction. Pure: no I/O.
 *
 * The hash is SHA-256 by default, or SM3 (GB/T 32905, the 国密 option of
 * `fazhi init --gm`): the algorithm is chosen per chain when its first
 * event is written and kept with its head (chain_heads.alg).
 */
#ifndef FZ_AUDIT_CHAIN_H
#define FZ_AUDIT_CHAIN_H

#include "lib/err.h"

#include <jansson.h>
#include <stdint.h>

#define AUDIT_HASH_LEN 32

enum { AUDIT_HASH_SHA256 = 0, AUDIT_HASH_SM3 = 1 };

struct audit_event {
	int64_t org_id;
	int64_t seq;
	int64_t ts; /* unix milliseconds */
	const char *actor;
	const char *type;
	const char *subject;
	const char *data; /* canonical JSON text of the payload object */
	int alg; /* AUDIT_HASH_SHA256 (0) or AUDIT_HASH_SM3: the chain's */
};

/* Canonical JSON text of a payload: compact, sorted keys. Caller frees. */
char *audit_canonical_data(const json_t *data);
/* hash = H(prev || canonical(ev)), H of ev->alg; ev->data must be the canonical
 * text of the payload (audit_canonical_data). FZ_EINVAL if actor, subject
 * or type is not UTF-8. */
int audit_event_hash(const unsigned char prev[AUDIT_HASH_LEN],
		     const struct audit_event *ev,
		     unsigned char out[AUDIT_HASH_LEN], struct fz_err *e);
void audit_hex(const unsigned char *h, size_t n, char *out);
/* "sha256" / "sm3", and back (-1: unknown; NULL is "sha256"). */
const char *audit_hash_name(int alg);
int audit_hash_alg(const char *name);

#endif
