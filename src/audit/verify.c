/*
 * verify.c - see verify.h. One pass over the events in (org, seq) order,
 * with the chain heads loaded first (there is one per organisation).
 */
#include "verify.h"

#include "audit/chain.h"
#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct head {
	int64_t org_id, seq;
	unsigned char hash[32];
};

struct walk {
	struct head *heads;
	size_t nheads, aheads, next_head;
	int64_t org, expect_seq;
	unsigned char prev[32];
	struct audit_report *r;
	struct fz_err *e;
	int rc;
};

static int add_head(int64_t org, int64_t seq, const unsigned char h[32],
		    void *arg)
{
	struct walk *w = arg;

	if (w->nheads == w->aheads) {
		w->aheads = w->aheads ? w->aheads * 2 : 16;
		w->heads = fz_xrealloc(w->heads, w->aheads * sizeof(*w->heads));
	}
	w->heads[w->nheads].org_id = org;
	w->heads[w->nheads].seq = seq;
	memcpy(w->heads[w->nheads].hash, h, 32);
	w->nheads++;
	return 0;
}

static int bad(struct walk *w, int64_t org, int64_t seq, const char *what)
{
	w->r->bad_org = org;
	w->r->bad_seq = seq;
	w->rc = fz_err_set(w->e, FZ_ECORRUPT, "event",
			   "event org %lld seq %lld: %s", (long long)org,
			   (long long)seq, what);
	return 1;
}

static const struct head *find_head(struct walk *w, int64_t org)
{
	size_t i;

	for (i = 0; i < w->nheads; i++)
		if (w->heads[i].org_id == org)
			return &w->heads[i];
	return NULL;
}

/* The chain of w->org ended at w->expect_seq - 1: does its head agree? */
static int close_chain(struct walk *w)
{
	const struct head *h;
	int64_t last = w->expect_seq - 1;

	if (w->org == -2)
		return 0;
	w->r->chains++;
	h = find_head(w, w->org);
	if (!h)
		return bad(w, w->org, last, "chain head missing");
	if (h->seq != last)
		return bad(w, w->org, h->seq > last ? last + 1 : h->seq + 1,
			   h->seq > last ? "missing at the end of the chain "
					   "(removed)"
					 : "past the chain head (appended "
					   "outside fazhi)");
	if (memcmp(h->hash, w->prev, 32) != 0)
		return bad(w, w->org, last,
			   "hash differs from the chain head (changed)");
	return 0;
}

static int check_event(const struct store_event *ev, void *arg)
{
	struct walk *w = arg;
	struct audit_event a = {ev->org_id, ev->seq,	 ev->ts,  ev->actor,
				ev->type,   ev->subject, ev->data};
	unsigned char h[32];

	if (ev->org_id != w->org) {
		if (close_chain(w))
			return 1;
		w->org = ev->org_id;
		w->expect_seq = 1;
		memset(w->prev, 0, 32);
	}
	if (ev->seq != w->expect_seq)
		return bad(w, ev->org_id, w->expect_seq, "missing (removed)");
	if (memcmp(ev->prev_hash, w->prev, 32) != 0)
		return bad(w, ev->org_id, ev->seq,
			   "does not follow the event before it (an event "
			   "was removed or reordered)");
	if (audit_event_hash(w->prev, &a, h, NULL) ||
	    memcmp(h, ev->hash, 32) != 0)
		return bad(w, ev->org_id, ev->seq,
			   "content does not match its hash (changed)");
	memcpy(w->prev, ev->hash, 32);
	w->expect_seq++;
	w->r->events++;
	return 0;
}

static int count_one(const struct store_event *ev, void *arg)
{
	(void)ev;
	(*(int *)arg)++;
	return 1;
}

int audit_verify(struct store_conn *c, struct audit_report *r, struct fz_err *e)
{
	struct store_event_filter f;
	struct walk w;
	size_t i;
	int rc, n;

	memset(r, 0, sizeof(*r));
	memset(&w, 0, sizeof(w));
	w.r = r;
	w.e = e;
	rc = store_chain_heads(c, add_head, &w, e);
	memset(&f, 0, sizeof(f));
	f.org_id = STORE_ALL_ORGS;
	w.org = -2; /* no chain yet (org 0 is the system chain) */
	if (!rc)
		rc = store_event_list(c, &f, check_event, &w, e);
	if (!rc && !w.rc)
		close_chain(&w);
	/* A chain head whose organisation has no events left at all. */
	for (i = 0; !rc && !w.rc && i < w.nheads; i++) {
		memset(&f, 0, sizeof(f));
		f.org_id = w.heads[i].org_id;
		f.limit = 1;
		n = 0;
		rc = store_event_list(c, &f, count_one, &n, e);
		if (!rc && n == 0)
			bad(&w, f.org_id, 1,
			    "missing: the whole chain was "
			    "removed");
	}
	free(w.heads);
	return rc ? rc : w.rc;
}
