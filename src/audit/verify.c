/*
 * verify.c - see verify.h. One pass over the events in (org, seq) order,
 * with the chain heads loaded first (there is one per organisation).
 *
 * The evidence files are anchored in the chain: the record.evidence event of
 * each file holds its id, SHA-256 and size, so a file is intact when its
 * row agrees with its event and its blob hashes to that SHA-256. Two
 * passes: the rows (each against its event and its blob: changed bytes, a
 * missing blob, a changed row) and the record.evidence events (each against
 * its row: a removed row). Blobs are hashed by the store, streamed.
 */
#include "verify.h"

#include "audit/chain.h"
#include "lib/xalloc.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct head {
	int64_t org_id, seq;
	unsigned char hash[32];
	int alg;
};

struct walk {
	struct head *heads;
	size_t nheads, aheads, next_head;
	int64_t org, expect_seq;
	int alg; /* of the chain being walked */
	unsigned char prev[32];
	struct audit_report *r;
	struct fz_err *e;
	int rc;
};

static int add_head(int64_t org, int64_t seq, const unsigned char h[32],
		    int alg, void *arg)
{
	struct walk *w = arg;

	w->heads =
	    fz_xgrow(w->heads, w->nheads, &w->aheads, sizeof(*w->heads), 16);
	w->heads[w->nheads].org_id = org;
	w->heads[w->nheads].seq = seq;
	memcpy(w->heads[w->nheads].hash, h, 32);
	w->heads[w->nheads].alg = alg;
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
	struct audit_event a = {ev->org_id, ev->seq,	 ev->ts,   ev->actor,
				ev->type,   ev->subject, ev->data, 0};
	const struct head *hd;
	unsigned char h[32];

	if (ev->org_id != w->org) {
		if (close_chain(w))
			return 1;
		w->org = ev->org_id;
		w->expect_seq = 1;
		memset(w->prev, 0, 32);
		hd = find_head(w, ev->org_id);
		w->alg = hd ? hd->alg : AUDIT_HASH_SHA256;
		if (w->alg < 0)
			return bad(w, ev->org_id, 1,
				   "the chain head names an unknown hash "
				   "algorithm (changed)");
	}
	a.alg = w->alg;
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

/* ---- evidence files ---------------------------------------------------- */

struct fwalk {
	struct store_conn *c;
	const char *dir;
	struct audit_report *r;
	struct fz_err *e;
	int rc;
};

/* Report file f (of record rec, event org/seq) as bad: what happened. */
static int file_bad(struct fwalk *w, int64_t file, int64_t rec, int64_t org,
		    int64_t seq, const char *what)
{
	struct store_record r;
	char subject[128];

	snprintf(subject, sizeof(subject), "record %lld", (long long)rec);
	if (store_record_get(w->c, rec, &r, NULL) == 0) {
		snprintf(subject, sizeof(subject), "record %.48s:%lld (%.48s)",
			 r.kind, (long long)rec, r.number);
		store_record_release(&r);
	}
	w->r->bad_file = file;
	w->r->bad_record = rec;
	w->r->bad_org = org;
	w->r->bad_seq = seq;
	w->rc = fz_err_set(w->e, FZ_ECORRUPT, "file",
			   "file %lld of %s, event org %lld seq %lld: %s",
			   (long long)file, subject, (long long)org,
			   (long long)seq, what);
	return 1;
}

/* Report the file of row f as bad. */
static int row_bad(struct fwalk *w, const struct store_file *f,
		   const char *what)
{
	return file_bad(w, f->id, f->record_id, f->org_id, f->event_seq, what);
}

struct event_match {
	const struct store_file *f;
	int ok;
};

/* Is ev the record.evidence event of m->f? */
static int match_event(const struct store_event *ev, void *arg)
{
	struct event_match *m = arg;
	json_t *data = json_loads(ev->data, 0, NULL);
	const char *sha = json_string_value(json_object_get(data, "sha256"));

	m->ok =
	    strcmp(ev->type, STORE_EVIDENCE_EVENT) == 0 &&
	    json_integer_value(json_object_get(data, "file_id")) == m->f->id &&
	    json_integer_value(json_object_get(data, "size")) == m->f->size &&
	    sha && strcmp(sha, m->f->sha256) == 0;
	json_decref(data);
	return 1;
}

/* 1 if event (org, seq) is the record.evidence event of f. */
static int event_matches(struct fwalk *w, const struct store_file *f)
{
	struct event_match m = {f, 0};

	return store_file_event(w->c, f, match_event, &m, NULL) == 0 && m.ok;
}

static int check_file(const struct store_file *f, void *arg)
{
	struct fwalk *w = arg;
	char hex[STORE_SHA256_HEX];
	int64_t size;
	int rc;

	if (!event_matches(w, f))
		return row_bad(
		    w, f,
		    "its row does not match its record.evidence event "
		    "(changed)");
	rc = store_blob_hash(w->dir, f->sha256, hex, &size, NULL);
	if (rc == FZ_ENOTFOUND)
		return row_bad(w, f, "its stored bytes are missing (removed)");
	if (rc)
		return row_bad(w, f, "its stored bytes cannot be read");
	if (strcmp(hex, f->sha256) != 0 || size != f->size)
		return row_bad(w, f,
			       "its stored bytes do not match its SHA-256 "
			       "(changed)");
	w->r->files++;
	return 0;
}

/* Each record.evidence event has its row, in the same organisation. */
static int check_file_event(const struct store_event *ev, void *arg)
{
	struct fwalk *w = arg;
	const char *colon = strrchr(ev->subject, ':');
	struct store_file *f;
	json_t *data;
	int64_t id;
	int ok;

	if (strcmp(ev->type, STORE_EVIDENCE_EVENT) != 0)
		return 0;
	data = json_loads(ev->data, 0, NULL);
	id = json_integer_value(json_object_get(data, "file_id"));
	json_decref(data);
	f = fz_xmalloc(sizeof(*f));
	ok = store_file_get(w->c, id, f, NULL) == 0 &&
	     f->org_id == ev->org_id && f->event_seq == ev->seq;
	free(f);
	if (ok)
		return 0;
	return file_bad(w, id, colon ? strtoll(colon + 1, NULL, 10) : 0,
			ev->org_id, ev->seq,
			"the event names a file that has no row (removed)");
}

int audit_verify_files(struct store_conn *c, const char *files_dir,
		       struct audit_report *r, struct fz_err *e)
{
	struct fwalk w = {c, files_dir, r, e, 0};
	struct store_event_filter f;
	int rc;

	r->files = 0;
	rc = store_file_each(c, check_file, &w, e);
	if (rc || w.rc)
		return rc ? rc : w.rc;
	memset(&f, 0, sizeof(f));
	f.org_id = STORE_ALL_ORGS;
	f.type_prefix = STORE_EVIDENCE_EVENT;
	rc = store_event_list(c, &f, check_file_event, &w, e);
	return rc ? rc : w.rc;
}
