/*
 * checkpoint.c - see checkpoint.h. The body of a checkpoint is the text of
 * audit_checkpoint_text (sign.h): the heads {alg, hash, org, seq} of every
 * chain, the signature algorithm, the key's fingerprint and the time.
 */
#include "checkpoint.h"

#include "audit/chain.h"
#include "audit/findings.h"
#include "lib/clock.h"
#include "lib/xalloc.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- writing ----------------------------------------------------------- */

static int head_to_json(int64_t org, int64_t seq, const unsigned char h[32],
			int alg, void *arg)
{
	char hex[65];

	audit_hex(h, 32, hex);
	json_array_append_new(arg, json_pack("{s:s, s:s, s:I, s:I}", "alg",
					     audit_hash_name(alg), "hash", hex,
					     "org", (json_int_t)org, "seq",
					     (json_int_t)seq));
	return 0;
}

int audit_checkpoint_write(struct store_conn *c, const struct audit_key *k,
			   int64_t *ts, struct fz_err *e)
{
	unsigned char sig[AUDIT_SIG_MAX];
	json_t *heads = json_array();
	int64_t now = fz_now_ms();
	size_t siglen = 0;
	char *body = NULL;
	int rc = store_chain_heads(c, head_to_json, heads, e);

	if (!rc) {
		body = audit_checkpoint_text(audit_sig_alg_name(k->alg), heads,
					     k->fpr, now);
		rc = body ? audit_sign(k, body, sig, &siglen, e)
			  : fz_err_set(e, FZ_EIO, "checkpoint",
				       "cannot write the checkpoint");
	}
	if (!rc)
		rc = store_checkpoint_insert(c, now, k->fpr, body, sig, siglen,
					     e);
	if (!rc && ts)
		*ts = now;
	free(body);
	json_decref(heads);
	return rc;
}

struct last {
	char *body;
	unsigned char sig[AUDIT_SIG_MAX];
	size_t siglen;
};

static int keep_last(const struct store_checkpoint *k, void *arg)
{
	struct last *l = arg;

	free(l->body);
	l->body = fz_xstrdup(k->body);
	l->siglen = k->siglen < sizeof(l->sig) ? k->siglen : sizeof(l->sig);
	memcpy(l->sig, k->sig, l->siglen);
	return 0;
}

int audit_witness_text(struct store_conn *c, char **out, struct fz_err *e)
{
	struct last l = {NULL, {0}, 0};
	char hex[AUDIT_SIG_MAX * 2 + 1];
	json_t *w;
	int rc = store_checkpoint_last(c, keep_last, &l, e);

	*out = NULL;
	if (!rc && !l.body)
		rc = fz_err_set(e, FZ_ENOTFOUND, "checkpoint",
				"the database holds no checkpoint yet: start "
				"the server with --audit-key, or pass "
				"--audit-key here");
	if (rc) {
		free(l.body);
		return rc;
	}
	sodium_bin2hex(hex, sizeof(hex), l.sig, l.siglen);
	w = json_pack("{s:s, s:s, s:s}", "format", "fazhi-audit-witness",
		      "body", l.body, "sig", hex);
	*out = json_dumps(w, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(w);
	free(l.body);
	return 0;
}

/* ---- verifying --------------------------------------------------------- */

struct vwalk {
	struct store_conn *c;
	const struct audit_key *pub;
	struct ckpt_report *r;
	struct audit_findings f;
	json_t *last_heads; /* of the last valid checkpoint */
	int64_t last_ts;
	int rc;
};

/* Each signed head against the events: the event at (org, seq) is there
 * with the signed hash, in a chain of the signed algorithm. `what` names
 * the checkpoint ("checkpoint 12 of 2026-12-07 10:00:00"). */
static void check_heads(struct vwalk *w, const json_t *heads, const char *what,
			int rollback)
{
	unsigned char h[32], want[32];
	size_t i, got;
	json_t *v;

	json_array_foreach((json_t *)(uintptr_t)heads, i, v)
	{
		json_int_t org = json_integer_value(json_object_get(v, "org"));
		json_int_t seq = json_integer_value(json_object_get(v, "seq"));
		const char *hex = json_string_value(json_object_get(v, "hash"));
		int alg = audit_hash_alg(
		    json_string_value(json_object_get(v, "alg")));

		if (!hex ||
		    sodium_hex2bin(want, 32, hex, strlen(hex), NULL, &got,
				   NULL) ||
		    got != 32 || seq < 1) {
			audit_found(&w->f, "%s: head %zu is not a chain head",
				    what, i);
			continue;
		}
		if (store_event_hash_at(w->c, org, seq, h, NULL))
			audit_found(
			    &w->f,
			    "organisation %lld's chain has no event seq %lld, "
			    "which %s signed: %s",
			    (long long)org, (long long)seq, what,
			    rollback ? "the database was rolled back to an "
				       "earlier state"
				     : "the chain was cut back or deleted");
		else if (memcmp(h, want, 32) != 0)
			audit_found(
			    &w->f,
			    "organisation %lld's chain: event seq %lld is not "
			    "the one %s signed (rewritten%s)",
			    (long long)org, (long long)seq, what,
			    rollback ? ", or rolled back to another history"
				     : "");
		else if (store_chain_alg(w->c, org) != alg)
			audit_found(
			    &w->f,
			    "organisation %lld's chain: its hash algorithm "
			    "is not the %s that %s signed (changed)",
			    (long long)org, audit_hash_name(alg), what);
	}
}

/* The checkpoint's body parsed and its signature checked against w->pub:
 * the body, or NULL (and a finding). */
static json_t *signed_body(struct vwalk *w, const char *body,
			   const unsigned char *sig, size_t siglen,
			   const char *what)
{
	json_t *b = json_loads(body, 0, NULL);
	const char *key = json_string_value(json_object_get(b, "key"));

	if (!json_is_array(json_object_get(b, "heads")) || !key) {
		audit_found(&w->f, "%s: not a checkpoint (changed)", what);
	} else if (strcmp(key, w->pub->fpr) != 0) {
		audit_found(
		    &w->f,
		    "%s is signed by another key (%s), not by this public "
		    "key (%s)",
		    what, key, w->pub->fpr);
	} else if (audit_sig_check(w->pub, body, sig, siglen) != 0) {
		audit_found(
		    &w->f, "%s: its signature does not verify (changed)", what);
	} else {
		return b;
	}
	json_decref(b);
	return NULL;
}

static int check_one(const struct store_checkpoint *k, void *arg)
{
	struct vwalk *w = arg;
	char what[96], when[32];
	json_t *b;
	int64_t ts;

	fz_ms_to_local(k->ts, when, sizeof(when));
	snprintf(what, sizeof(what), "checkpoint %lld of %s", (long long)k->id,
		 when);
	b = signed_body(w, k->body, k->sig, k->siglen, what);
	if (!b)
		return 0;
	ts = json_integer_value(json_object_get(b, "ts"));
	if (ts != k->ts)
		audit_found(&w->f,
			    "%s: its time is not the signed one (changed)",
			    what);
	else if (ts < w->last_ts)
		audit_found(&w->f,
			    "%s: earlier than the checkpoint before it (moved)",
			    what);
	check_heads(w, json_object_get(b, "heads"), what, 0);
	w->r->checkpoints++;
	w->last_ts = ts;
	json_decref(w->last_heads);
	w->last_heads = json_incref(json_object_get(b, "heads"));
	json_decref(b);
	return 0;
}

static void check_witness(struct vwalk *w, const char *text)
{
	json_t *f = json_loads(text, 0, NULL);
	const char *body = json_string_value(json_object_get(f, "body"));
	const char *hex = json_string_value(json_object_get(f, "sig"));
	unsigned char sig[AUDIT_SIG_MAX];
	char what[96], when[32];
	size_t n = 0;
	json_t *b;
	int64_t ts;

	if (!body || !hex ||
	    sodium_hex2bin(sig, sizeof(sig), hex, strlen(hex), NULL, &n,
			   NULL)) {
		audit_found(&w->f,
			    "the witness file is not a fazhi audit witness");
		json_decref(f);
		return;
	}
	b = signed_body(w, body, sig, n, "the witness");
	if (b) {
		ts = json_integer_value(json_object_get(b, "ts"));
		fz_ms_to_local(ts, when, sizeof(when));
		snprintf(what, sizeof(what), "the witness of %s", when);
		if (ts > w->last_ts)
			audit_found(
			    &w->f,
			    "the database's checkpoints end before %s: the "
			    "database was rolled back to an earlier state",
			    what);
		check_heads(w, json_object_get(b, "heads"), what, 1);
	}
	json_decref(b);
	json_decref(f);
}

/* The events after the last checkpoint (not yet signed). */
static int64_t after_last(struct vwalk *w)
{
	int64_t signed_n = 0;
	size_t i;
	json_t *v;

	json_array_foreach(w->last_heads, i, v) signed_n +=
	    json_integer_value(json_object_get(v, "seq"));
	return store_events_total(w->c) - signed_n;
}

int audit_verify_checkpoints(struct store_conn *c, const struct audit_key *pub,
			     const char *witness, struct ckpt_report *r,
			     void (*finding)(const char *msg, void *arg),
			     void *arg, struct fz_err *e)
{
	struct vwalk w;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(&w, 0, sizeof(w));
	w.c = c;
	w.pub = pub;
	w.r = r;
	w.f.cb = finding;
	w.f.arg = arg;
	w.f.max = 20;
	rc = store_checkpoint_list(c, check_one, &w, e);
	if (rc)
		goto out;
	if (!r->checkpoints)
		audit_found(
		    &w.f,
		    "no checkpoint signed by this key (%s): the server signs "
		    "them when started with --audit-key",
		    pub->fpr);
	if (witness)
		check_witness(&w, witness);
	r->last_ts = w.last_ts;
	r->heads = (int64_t)json_array_size(w.last_heads);
	r->unsigned_events = w.last_heads ? after_last(&w) : 0;
	r->findings = w.f.n;
	if (r->findings)
		rc = fz_err_set(e, FZ_ECORRUPT, "checkpoint", "%.250s",
				w.f.first);
out:
	json_decref(w.last_heads);
	return rc;
}

/* ---- the server's signer ----------------------------------------------- */

struct audit_signer {
	struct store *s;
	const struct audit_key *k;
	int64_t every, period_ms, signed_n, signed_at;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
};

static int sign_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct audit_signer *g = arg;

	return audit_checkpoint_write(c, g->k, NULL, e);
}

/* A checkpoint now if there are new events since the last one and either
 * `every` of them or period_ms since (any: at shutdown); failures are said
 * on stderr and tried again. */
static void sign_now(struct audit_signer *g, int any)
{
	struct store_conn *c = store_rd_acquire(g->s);
	int64_t n = store_events_total(c), now = fz_now_ms();
	struct fz_err e;

	store_rd_release(g->s, c);
	if (n < 0 || n == g->signed_n ||
	    (!any && n - g->signed_n < g->every &&
	     now - g->signed_at < g->period_ms))
		return;
	fz_err_clear(&e);
	if (store_write(g->s, sign_write, g, &e)) {
		fprintf(stderr, "fazhi: audit checkpoint not written: %s\n",
			e.msg);
		return;
	}
	g->signed_n = n; /* at least these: the write saw as many or more */
	g->signed_at = now;
}

static void *signer_main(void *arg)
{
	struct audit_signer *g = arg;
	struct timespec until;

	pthread_mutex_lock(&g->mu);
	while (!g->stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&g->cv, &g->mu, &until);
		if (g->stop)
			break;
		pthread_mutex_unlock(&g->mu);
		sign_now(g, 0);
		pthread_mutex_lock(&g->mu);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

int audit_signer_start(struct audit_signer **out, struct store *s,
		       const struct audit_key *k, int64_t every,
		       int64_t period_ms, struct fz_err *e)
{
	struct audit_signer *g = fz_xcalloc(1, sizeof(*g));
	struct store_conn *c;
	char why[sizeof(e->msg)];

	g->s = s;
	g->k = k;
	g->every = every;
	g->period_ms = period_ms;
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	c = store_rd_acquire(s);
	g->signed_n = store_events_total(c);
	store_rd_release(s, c);
	/* the first checkpoint covers all that was written before the start;
	 * one that cannot be written stops the start */
	fz_err_clear(e);
	if (store_write(s, sign_write, g, e) ||
	    pthread_create(&g->th, NULL, signer_main, g)) {
		snprintf(why, sizeof(why), "%s",
			 e->msg[0] ? e->msg : "no thread");
		pthread_mutex_destroy(&g->mu);
		pthread_cond_destroy(&g->cv);
		free(g);
		return fz_err_set(e, FZ_EIO, "--audit-key",
				  "--audit-key: cannot sign a checkpoint: %s",
				  why);
	}
	g->signed_at = fz_now_ms();
	*out = g;
	return 0;
}

void audit_signer_stop(struct audit_signer *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	g->stop = 1;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->th, NULL);
	sign_now(g, 1); /* at shutdown: whatever is new, signed last */
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->cv);
	free(g);
}
