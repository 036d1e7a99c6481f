/*
 * audit.c - the audit administrator's view of the event log: list with
 * filters, export (streamed NDJSON, any size), verify the chains. Nothing
 * here or anywhere in fazhi modifies an event.
 *
 * Scope: an auditor reads the chains of the organisations in his subtree;
 * the system chain (org 0: failed logins with unknown names) is read by the
 * auditor of a root organisation.
 */
#include "api.h"

#include "audit/chain.h"
#include "audit/replay.h"
#include "audit/verify.h"
#include "auth/roles.h"
#include "lib/clock.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *event_json(const struct store_event *ev)
{
	char when[32], prev[65], hash[65];
	json_t *data = json_loads(ev->data, JSON_DECODE_ANY, NULL);

	fz_ms_to_local(ev->ts, when, sizeof(when));
	audit_hex(ev->prev_hash, 32, prev);
	audit_hex(ev->hash, 32, hash);
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:s}",
			 "org_id", (json_int_t)ev->org_id, "seq",
			 (json_int_t)ev->seq, "ts", (json_int_t)ev->ts, "time",
			 when, "actor", ev->actor, "type", ev->type, "subject",
			 ev->subject, "data", data ? data : json_null(),
			 "prev_hash", prev, "hash", hash);
}

/* 1 if the caller's organisation is a root ("/N/"). */
static int at_root(const struct http_req *r)
{
	const char *p = r->sess.org_path;

	return p[0] == '/' && strchr(p + 1, '/') == p + strlen(p) - 1;
}

/* Organisation whose chain is asked for, checked against the scope. */
static int chain_org(struct http_req *r, int64_t *org, struct fz_err *e)
{
	struct store_org o;
	int rc =
	    http_query_int(r, "org_id", 0, INT64_MAX, r->sess.org_id, org, e);

	if (rc)
		return rc;
	if (*org == 0) {
		if (!at_root(r))
			return fz_err_set(e, FZ_ENOTFOUND, "org_id",
					  "org_id: the system chain is read "
					  "by the auditor of a root "
					  "organisation");
		return 0;
	}
	return api_org_in_scope(r, *org, "org_id", &o, e);
}

static int filter_from_query(struct http_req *r, struct store_event_filter *f,
			     struct fz_err *e)
{
	int rc;

	memset(f, 0, sizeof(f[0]));
	rc = chain_org(r, &f->org_id, e);
	if (!rc)
		rc = http_query_int(r, "after_seq", 0, INT64_MAX, 0,
				    &f->after_seq, e);
	if (!rc)
		rc = http_query_int(r, "since_ms", 0, INT64_MAX, 0,
				    &f->after_ts, e);
	if (!rc)
		rc = http_query_int(r, "until_ms", 0, INT64_MAX, 0,
				    &f->before_ts, e);
	f->type_prefix = http_query(r, "type");
	return rc;
}

static int event_to_array(const struct store_event *ev, void *arg)
{
	json_array_append_new(arg, event_json(ev));
	return 0;
}

int api_audit_events(struct http_req *r)
{
	struct store_event_filter f;
	struct store_conn *c;
	struct fz_err e;
	json_t *a;
	int rc;

	if (filter_from_query(r, &f, &e) ||
	    http_query_int(r, "limit", 1, 1000, 100, &f.limit, &e) ||
	    http_query_int(r, "offset", 0, INT64_MAX, 0, &f.offset, &e))
		return http_fail(r, &e);
	a = json_array();
	c = store_rd_acquire(server_store(r->srv));
	rc = store_event_list(c, &f, event_to_array, a, &e);
	store_rd_release(server_store(r->srv), c);
	if (rc) {
		json_decref(a);
		return http_fail(r, &e);
	}
	return http_json(r, 200, json_pack("{s:o}", "events", a));
}

/* ---- export: NDJSON, a page of events per fill --------------------------- */

struct export_ctx {
	struct store *store;
	struct store_event_filter f;
	char type[64];
	struct fz_buf *out;
	int64_t last_seq;
};

static int event_to_line(const struct store_event *ev, void *arg)
{
	struct export_ctx *x = arg;
	json_t *j = event_json(ev);
	char *line = json_dumps(j, JSON_COMPACT);

	fz_buf_adds(x->out, line);
	fz_buf_add(x->out, "\n", 1);
	free(line);
	json_decref(j);
	x->last_seq = ev->seq;
	return 0;
}

static int export_fill(void *ctx, struct fz_buf *out)
{
	struct export_ctx *x = ctx;
	struct store_conn *c = store_rd_acquire(x->store);
	int rc;

	x->out = out;
	x->f.after_seq = x->last_seq;
	x->f.limit = 500;
	x->f.type_prefix = x->type[0] ? x->type : NULL;
	rc = store_event_list(c, &x->f, event_to_line, x, NULL);
	store_rd_release(x->store, c);
	return rc;
}

int api_audit_export(struct http_req *r)
{
	struct export_ctx *x;
	struct fz_err e;
	char name[64];

	x = fz_xcalloc(1, sizeof(*x));
	if (filter_from_query(r, &x->f, &e)) {
		free(x);
		return http_fail(r, &e);
	}
	if (x->f.type_prefix)
		snprintf(x->type, sizeof(x->type), "%s", x->f.type_prefix);
	x->store = server_store(r->srv);
	x->last_seq = x->f.after_seq;
	snprintf(name, sizeof(name), "fazhi-events-org%lld.ndjson",
		 (long long)x->f.org_id);
	return http_stream(r, "application/x-ndjson; charset=utf-8", name,
			   export_fill, x, free);
}

/* The verification covers every chain of the database, so it is for the
 * auditor of a root organisation; below that it would show counts and
 * positions of organisations outside the caller's scope. */
int api_audit_verify(struct http_req *r)
{
	struct replay_opts o = {roles_to_csv, NULL, NULL, 0};
	struct replay_report p;
	struct store_conn *c;
	struct audit_report rep;
	char dir[4096];
	struct fz_err e;
	json_t *j, *fb;
	int rc;

	if (!at_root(r))
		return http_fail_code(r, FZ_EPERM, NULL,
				      "verifying the whole log is for the "
				      "auditor of a root organisation");
	store_files_dir(store_path(server_store(r->srv)), dir, sizeof(dir));
	c = store_rd_acquire(server_store(r->srv));
	rc = audit_verify(c, &rep, &e);
	if (!rc)
		rc = audit_verify_files(c, dir, &rep, &e);
	memset(&p, 0, sizeof(p));
	if (!rc) /* the tables against what the events derive */
		rc = audit_replay(c, &o, &p, &e);
	store_rd_release(server_store(r->srv), c);
	if (rc && rc != FZ_ECORRUPT)
		return http_fail(r, &e);
	j = json_pack("{s:b, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I}}",
		      "intact", rc == 0, "events", (json_int_t)rep.events,
		      "chains", (json_int_t)rep.chains, "files",
		      (json_int_t)rep.files, "projections", "records",
		      (json_int_t)p.records, "users", (json_int_t)p.users,
		      "tokens", (json_int_t)p.tokens, "orgs",
		      (json_int_t)p.orgs, "findings", (json_int_t)p.findings);
	if (rc) {
		fb = json_pack("{s:I, s:I, s:s}", "org_id",
			       (json_int_t)rep.bad_org, "seq",
			       (json_int_t)rep.bad_seq, "message", e.msg);
		if (rep.bad_file) {
			json_object_set_new(fb, "file_id",
					    json_integer(rep.bad_file));
			json_object_set_new(fb, "record_id",
					    json_integer(rep.bad_record));
		}
		json_object_set_new(j, "first_bad", fb);
	}
	return http_json(r, 200, j);
}
