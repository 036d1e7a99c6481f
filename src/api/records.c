/*
 * records.c - records of every kind over HTTP, one set of handlers for all
 * kinds (the kind is a path segment, its declaration drives everything):
 *
 *   GET  /api/v1/kinds, /api/v1/kinds/{kind}        the declarations
 *   GET  /api/v1/records/{kind}                      list (filters, search,
 *        ?state&q&org_id&deadline=overdue|due_soon|open&f.FIELD=V&sort&order
 *        &page&per_page)
 *   POST /api/v1/records/{kind}                      create
 *   GET  /api/v1/records/{kind}/{id}                 one, with deadlines and
 *                                                    the actions allowed now
 *   POST /api/v1/records/{kind}/{id}/transitions/{name}
 *   POST /api/v1/records/{kind}/{id}/return          退回 {reason}
 *   POST /api/v1/records/{kind}/{id}/cc              抄送 {user_ids, note}
 *   GET  /api/v1/records/{kind}/{id}/history         全过程记录
 *
 * Scope: a record is seen by users of its organisation's subtree and by
 * those it was copied to; changes need the roles the declaration names.
 */
#include "api.h"

#include "audit/chain.h"
#include "calendar/calendar.h"
#include "export/export.h"
#include "kinds/engine.h"
#include "kinds/guards.h"
#include "lib/clock.h"
#include "lib/jsonv.h"
#include "lib/jsonw.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared pieces ------------------------------------------------------- */

const struct kind *api_kind(struct http_req *r, struct fz_err *e)
{
	const char *id = http_capture(r, 0);
	const struct kind *k = kind_find(&api_app_of(r)->kinds, id);

	if (!k)
		fz_err_set(e, FZ_ENOTFOUND, "kind",
			   "kind: no kind of work '%s'", id);
	return k;
}

static json_t *time_json(int64_t ms)
{
	char t[32];

	fz_ms_to_local(ms, t, sizeof(t));
	return json_string(t);
}

/* A record is written as JSON text (lib/jsonw.h) rather than built as a
 * jansson tree and dumped: a page of 50 records spent most of its time
 * building, dumping and freeing trees (docs/benchmarks.md). Its stored
 * data is spliced in as the store holds it (the engine wrote it with
 * json_dumps, so it is JSON). */

static void day_text(struct fz_jw *w, const char *key, int day)
{
	char d[CAL_DATE_LEN];

	fz_jw_key(w, key);
	if (day == STORE_NO_DAY || day == CAL_NO_DATE)
		fz_jw_null(w);
	else
		fz_jw_str(w, cal_date_format(day, d));
}

static void time_text(struct fz_jw *w, const char *key, int64_t ms)
{
	char t[32];

	fz_ms_to_local(ms, t, sizeof(t));
	fz_jw_kstr(w, key, t);
}

static void pair_text(struct fz_jw *w, const char *key, const char *id,
		      const char *label)
{
	fz_jw_key(w, key);
	fz_jw_obj(w);
	fz_jw_kstr(w, "id", id);
	fz_jw_kstr(w, "label", label);
	fz_jw_end(w);
}

/* A deadline's status on day today, by cal (held by the caller). */
static void status_text(struct fz_jw *w, const struct cal_calendar *cal,
			int today, const struct store_deadline *d)
{
	enum cal_status st;

	if (d->suspended)
		pair_text(w, "status", "suspended", "已中止计算");
	else if (d->due == STORE_NO_DAY)
		pair_text(w, "status", "not_started", "未开始");
	else if (d->paused && d->done_on == STORE_NO_DAY)
		pair_text(w, "status", "paused", "暂停计算");
	else if (cal_status(cal, d->due,
			    d->done_on == STORE_NO_DAY ? CAL_NO_DATE
						       : d->done_on,
			    today, CAL_SOON_DEFAULT, &st, NULL)) {
		fz_jw_key(w, "status");
		fz_jw_null(w);
	} else
		pair_text(w, "status", cal_status_name(st),
			  cal_status_label(st));
}

static void deadline_text(struct fz_jw *w, const struct cal_calendar *cal,
			  int today, const struct kind *k,
			  const struct store_deadline *d)
{
	const struct kind_deadline *kd = kind_deadline(k, d->name);

	fz_jw_obj(w);
	fz_jw_kstr(w, "name", d->name);
	fz_jw_kstr(w, "label", kd ? kd->label : "");
	fz_jw_kstr(w, "rule", d->rule);
	day_text(w, "start", d->start);
	day_text(w, "due", d->due);
	day_text(w, "done_on", d->done_on);
	status_text(w, cal, today, d);
	fz_jw_kbool(w, "paused", d->paused);
	fz_jw_kbool(w, "suspended", d->suspended);
	fz_jw_kbool(w, "calendar_incomplete", d->incomplete);
	if (kd)
		fz_jw_kstr(w, "basis", kd->rule->basis);
	fz_jw_end(w);
}

static void deadlines_text(struct fz_jw *w, struct http_req *r,
			   struct store_conn *c, int today,
			   const struct kind *k, const struct store_record *rec)
{
	struct lt_state *lt = api_app_of(r)->lt;
	const struct cal_calendar *cal;
	struct store_deadline d[16];
	size_t n = 0, i;

	store_deadlines_get(c, rec->org_id, rec->id, d, 16, &n, NULL);
	fz_jw_key(w, "deadlines");
	fz_jw_arr(w);
	lt_read_begin(lt, &cal);
	for (i = 0; i < n && i < 16; i++)
		deadline_text(w, cal, today, k, &d[i]);
	lt_read_end(lt);
	fz_jw_end(w);
}

static void names_text(struct fz_jw *w, const char *key,
		       const char *const *names, size_t n)
{
	size_t i;

	fz_jw_key(w, key);
	fz_jw_arr(w);
	for (i = 0; i < n; i++)
		fz_jw_str(w, names[i]);
	fz_jw_end(w);
}

/* The transitions the caller's roles may take from the record's state,
 * each with "blocked": why it cannot be taken now (engine_blocked), when a
 * guard already refuses the record as it is. */
static void actions_text(struct fz_jw *w, struct http_req *r,
			 struct store_conn *c, const struct kind *k,
			 const struct store_record *rec, const json_t *data)
{
	const char *names[32];
	size_t n = engine_allowed(k, rec->state, r->sess.roles, names, 32), i;
	struct engine_env env = {.lt = api_app_of(r)->lt,
				 .today = api_today(),
				 .actor = r->actor,
				 .roles = r->sess.roles};
	struct fz_err e;
	const char *why;

	fz_jw_key(w, "actions");
	fz_jw_arr(w);
	for (i = 0; i < n && i < 32; i++) {
		const struct kind_transition *t = kind_transition(k, names[i]);
		fz_jw_obj(w);
		fz_jw_kstr(w, "name", t->name);
		fz_jw_kstr(w, "label", t->label);
		names_text(w, "fields", (const char *const *)t->fields,
			   t->nfields);
		names_text(w, "required", (const char *const *)t->required,
			   t->nrequired);
		fz_jw_kbool(w, "reason", t->reason);
		fz_err_clear(&e);
		if (data && engine_blocked(c, &env, k, rec, data, t, &e)) {
			why = strstr(e.msg, ": ");
			fz_jw_kstr(w, "blocked", why ? why + 2 : e.msg);
		}
		fz_jw_end(w);
	}
	fz_jw_end(w);
}

/* "major": why the record is a 重大执法决定 under its organisation's
 * criteria, as soon as its data makes it one (absent otherwise). */
static void major_text(struct fz_jw *w, struct store_conn *c,
		       const struct kind *k, const struct store_record *rec,
		       const json_t *data)
{
	struct store_org o;
	const char *why = NULL;
	char buf[160];

	if (data && store_org_get(c, rec->org_id, &o, NULL) == 0)
		why = guard_major_reason(k, c, o.path, data, buf, sizeof(buf));
	if (why)
		fz_jw_kstr(w, "major", why);
}

/* "org_names": the name of each organisation an org field names. */
static void org_names_text(struct fz_jw *w, struct store_conn *c,
			   const struct kind *k, const struct store_record *rec)
{
	struct store_org o;
	json_t *data = NULL;
	size_t i;

	for (i = 0; i < k->nfields; i++) {
		json_t *v;
		if (k->fields[i].type != KF_ORG)
			continue;
		if (!data && !(data = json_loads(rec->data, 0, NULL)))
			return;
		v = json_object_get(data, k->fields[i].name);
		if (!json_is_integer(v) ||
		    store_org_get(c, json_integer_value(v), &o, NULL))
			continue;
		fz_jw_kstr(w, k->fields[i].name, o.name);
	}
	json_decref(data);
}

enum { LINKED_MAX = 16 };

struct linked {
	int64_t id[LINKED_MAX];
	size_t n;
};

static int add_linked(const struct store_record *rec, void *arg)
{
	struct linked *l = arg;

	if (l->n < LINKED_MAX)
		l->id[l->n++] = rec->id;
	return 0;
}

/* One linked record: its number, organisation, state and deadlines. */
static void linked_one(struct fz_jw *w, struct http_req *r,
		       struct store_conn *c, int today, const struct kind *to,
		       int64_t id)
{
	struct store_record rec;
	struct store_org o;
	const struct kind_state *st;

	if (store_record_get(c, id, &rec, NULL))
		return;
	st = kind_state(to, rec.state);
	fz_jw_obj(w);
	fz_jw_kstr(w, "kind", to->id);
	fz_jw_kstr(w, "kind_label", to->label);
	fz_jw_kint(w, "id", rec.id);
	fz_jw_kstr(w, "number", rec.number);
	fz_jw_kint(w, "org_id", rec.org_id);
	fz_jw_kstr(w, "org_name",
		   store_org_get(c, rec.org_id, &o, NULL) ? "" : o.name);
	fz_jw_kstr(w, "state", rec.state);
	fz_jw_kstr(w, "state_label", st ? st->label : rec.state);
	deadlines_text(w, r, c, today, to, &rec);
	fz_jw_end(w);
	store_record_release(&rec);
}

/* "linked": the records the kind's transitions spawned from this one,
 * found by their link field in the record's organisation's subtree. */
static void linked_text(struct fz_jw *w, struct http_req *r,
			struct store_conn *c, int today, const struct kind *k,
			const struct store_record *rec)
{
	struct store_record_query q;
	char path[80], id[24];
	size_t i, j, m;

	fz_jw_key(w, "linked");
	fz_jw_arr(w);
	for (i = 0; i < k->ntransitions; i++) {
		const struct kind_spawn *sp = k->transitions[i].spawn;
		struct linked l = {{0}, 0};
		for (j = 0; sp && j < i; j++)
			if (k->transitions[j].spawn &&
			    k->transitions[j].spawn->target == sp->target &&
			    !strcmp(k->transitions[j].spawn->link, sp->link))
				sp = NULL; /* listed already */
		if (!sp)
			continue;
		memset(&q, 0, sizeof(q));
		snprintf(path, sizeof(path), "$.%s", sp->link);
		snprintf(id, sizeof(id), "%lld", (long long)rec->id);
		q.kind = sp->target->id;
		q.root_org = rec->org_id;
		q.fpath[0] = path;
		q.fval[0] = id;
		q.fnum[0] = 1;
		q.sort = STORE_SORT_ID;
		q.limit = LINKED_MAX;
		if (store_record_list(c, &q, add_linked, &l, NULL, NULL))
			continue;
		for (m = 0; m < l.n; m++)
			linked_one(w, r, c, today, sp->target, l.id[m]);
	}
	fz_jw_end(w);
}

/* The record as the API shows it on day today: its meta, its deadlines,
 * with full the actions allowed now, and its data. */
static void record_text(struct fz_jw *w, struct http_req *r,
			struct store_conn *c, int today, const struct kind *k,
			const struct store_record *rec, int full)
{
	const struct kind_state *st = kind_state(k, rec->state);

	fz_jw_obj(w);
	fz_jw_kint(w, "id", rec->id);
	fz_jw_kint(w, "org_id", rec->org_id);
	fz_jw_kstr(w, "kind", rec->kind);
	fz_jw_kstr(w, "number", rec->number);
	fz_jw_kstr(w, "state", rec->state);
	fz_jw_kstr(w, "state_label", st ? st->label : rec->state);
	fz_jw_kstr(w, "title", rec->title);
	fz_jw_kint(w, "version", rec->version);
	time_text(w, "created_at", rec->created_at);
	time_text(w, "updated_at", rec->updated_at);
	fz_jw_kstr(w, "created_by", rec->created_by);
	deadlines_text(w, r, c, today, k, rec);
	if (full) {
		/* the data parsed once for what is judged on it */
		json_t *data =
		    json_loads(rec->data[0] ? rec->data : "{}", 0, NULL);
		actions_text(w, r, c, k, rec, data);
		major_text(w, c, k, rec, data);
		json_decref(data);
		fz_jw_kbool(w, "can_return", rec->prev_state[0] != 0);
		linked_text(w, r, c, today, k, rec);
	}
	fz_jw_key(w, "org_names");
	fz_jw_obj(w);
	org_names_text(w, c, k, rec);
	fz_jw_end(w);
	fz_jw_key(w, "data");
	if (rec->data[0])
		fz_jw_raw(w, rec->data, strlen(rec->data));
	else
		fz_jw_raw(w, "{}", 2);
	fz_jw_end(w);
}

/* One record as the whole answer. */
static int record_answer(struct http_req *r, int status, struct store_conn *c,
			 const struct kind *k, const struct store_record *rec)
{
	struct fz_buf b = FZ_BUF_INIT(0);
	struct fz_jw w;
	int rc;

	fz_jw_init(&w, &b);
	record_text(&w, r, c, api_today(), k, rec, 1);
	rc = w.rc ? http_fail_code(r, w.rc, NULL, "the record is too large")
		  : http_take(r, status, "application/json; charset=utf-8", &b);
	fz_buf_release(&b);
	return rc;
}

/* Read record id of kind k if the caller may see it; act: to act on it,
 * which a copy (抄送) does not allow: its recipient reads it only. */
static int record_at(struct http_req *r, struct store_conn *c,
		     const struct kind *k, int act, struct store_record *rec,
		     struct fz_err *e)
{
	struct store_org o;
	int64_t id;
	int rc = http_capture_id(r, 1, "id", &id, e), ccd = 0;

	if (rc)
		return rc;
	rc = store_record_get(c, id, rec, e);
	if (!rc && strcmp(rec->kind, k->id) != 0)
		rc = FZ_ENOTFOUND;
	if (!rc && store_org_get(c, rec->org_id, &o, e) == 0 &&
	    !api_in_scope(r, o.path) &&
	    api_acting_for(r, c, k->id) != rec->org_id) {
		ccd = store_record_cc_has(c, id, r->sess.user_id);
		rc = ccd && !act ? 0 : FZ_ENOTFOUND;
	}
	if (rc) {
		store_record_release(rec);
		if (ccd)
			return fz_err_set(e, FZ_EPERM, "id",
					  "id：抄送给您的%s只能查看，不能办理、"
					  "上传材料或再抄送",
					  k->label);
		return fz_err_set(e, FZ_ENOTFOUND, "id",
				  "id: no %s %lld in your scope", k->label,
				  (long long)id);
	}
	return 0;
}

int api_record_at(struct http_req *r, struct store_conn *c,
		  const struct kind *k, struct store_record *rec,
		  struct fz_err *e)
{
	return record_at(r, c, k, 0, rec, e);
}

int api_record_to_act(struct http_req *r, struct store_conn *c,
		      const struct kind *k, struct store_record *rec,
		      struct fz_err *e)
{
	return record_at(r, c, k, 1, rec, e);
}

/* ---- the declarations ------------------------------------------------------
 */

int api_kinds_list(struct http_req *r)
{
	const struct kind_registry *reg = &api_app_of(r)->kinds;
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < reg->n; i++)
		json_array_append(a, reg->v[i]->decl);
	return http_json(r, 200, json_pack("{s:o}", "kinds", a));
}

int api_kinds_get(struct http_req *r)
{
	struct fz_err e;
	const struct kind *k = api_kind(r, &e);

	if (!k)
		return http_fail(r, &e);
	return http_json(r, 200, json_incref(k->decl));
}

/* ---- one record -------------------------------------------------------------
 */

int api_records_get(struct http_req *r)
{
	struct store_record rec;
	struct store_conn *c;
	struct fz_err e;
	const struct kind *k = api_kind(r, &e);
	int rc;

	if (!k)
		return http_fail(r, &e);
	c = store_rd_acquire(server_store(r->srv));
	if (api_record_at(r, c, k, &rec, &e)) {
		store_rd_release(server_store(r->srv), c);
		return http_fail(r, &e);
	}
	rc = record_answer(r, 200, c, k, &rec);
	store_rd_release(server_store(r->srv), c);
	store_record_release(&rec);
	return rc;
}

/* ---- list ---------------------------------------------------------------- */

struct list_ctx {
	struct store_record_query q;
	const struct kind *k;
	char paths[3][80];
	char sort_path[80];
	int nf;
	int64_t acting_for; /* the government the caller works this kind for */
	struct fz_err *e;
	int rc;
};

static int field_filter(const char *name, const char *value, void *arg)
{
	struct list_ctx *x = arg;
	const struct kind_field *f;

	if (strncmp(name, "f.", 2) != 0)
		return 0;
	f = kind_field(x->k, name + 2);
	if (!f) {
		x->rc = fz_err_set(x->e, FZ_EINVAL, name, "%s: unknown field",
				   name);
		return 1;
	}
	if (x->nf == 3) {
		x->rc = fz_err_set(x->e, FZ_EINVAL, name,
				   "%s: at most 3 field filters", name);
		return 1;
	}
	snprintf(x->paths[x->nf], sizeof(x->paths[0]), "$.%s", f->name);
	x->q.fpath[x->nf] = x->paths[x->nf];
	x->q.fval[x->nf] = value;
	x->q.fnum[x->nf] =
	    f->type == KF_INT || f->type == KF_DECIMAL || f->type == KF_MONEY;
	x->nf++;
	return 0;
}

static int parse_sort(struct list_ctx *x, struct http_req *r, struct fz_err *e)
{
	const char *s = http_query(r, "sort"), *o = http_query(r, "order");

	x->q.desc = !(o && !strcmp(o, "asc"));
	if (o && strcmp(o, "asc") && strcmp(o, "desc"))
		return fz_err_set(e, FZ_EINVAL, "order", "order: asc or desc");
	if (!s || !strcmp(s, "created"))
		x->q.sort = STORE_SORT_CREATED;
	else if (!strcmp(s, "updated"))
		x->q.sort = STORE_SORT_UPDATED;
	else if (!strcmp(s, "number"))
		x->q.sort = STORE_SORT_NUMBER;
	else if (!strncmp(s, "field:", 6) && kind_field(x->k, s + 6)) {
		x->q.sort = STORE_SORT_FIELD;
		snprintf(x->sort_path, sizeof(x->sort_path), "$.%s", s + 6);
		x->q.sort_path = x->sort_path;
	} else
		return fz_err_set(e, FZ_EINVAL, "sort",
				  "sort: created, updated, number or "
				  "field:NAME");
	return 0;
}

static int parse_due(struct list_ctx *x, struct http_req *r, struct fz_err *e)
{
	const char *d = http_query(r, "deadline");

	x->q.today = api_today();
	if (!d)
		return 0;
	if (!strcmp(d, "overdue"))
		x->q.due = STORE_DUE_OVERDUE;
	else if (!strcmp(d, "due_soon"))
		x->q.due = STORE_DUE_SOON;
	else if (!strcmp(d, "open"))
		x->q.due = STORE_DUE_OPEN;
	else
		return fz_err_set(e, FZ_EINVAL, "deadline",
				  "deadline: overdue, due_soon or open");
	x->q.soon_until = api_soon_until(r, x->q.today);
	return 0;
}

static int64_t acting_for(struct http_req *r, const struct kind *k)
{
	struct store_conn *c = store_rd_acquire(server_store(r->srv));
	int64_t gov = api_acting_for(r, c, k->id);

	store_rd_release(server_store(r->srv), c);
	return gov;
}

/* The organisation a list asks for: one in scope, or the government the
 * caller's department works for on this kind. */
static int list_org(struct http_req *r, struct list_ctx *x, int64_t org,
		    struct store_org *o, struct fz_err *e)
{
	if (x->acting_for && org == x->acting_for) {
		x->q.also_org = org;
		return 0;
	}
	return api_org_in_scope(r, org, "org_id", o, e);
}

static int parse_list(struct http_req *r, struct list_ctx *x, struct fz_err *e)
{
	struct store_org o;
	int64_t page, per, org;
	int rc;

	memset(&x->q, 0, sizeof(x->q));
	x->q.kind = x->k->id;
	x->acting_for = acting_for(r, x->k);
	x->q.state = http_query(r, "state");
	x->q.text = http_query(r, "q");
	x->e = e;
	if (x->q.text && strlen(x->q.text) > API_MAX_SEARCH_BYTES)
		return fz_err_set(e, FZ_EINVAL, "q",
				  "q：搜索内容过长（最多%d个字）",
				  API_MAX_SEARCH_BYTES / 3);
	if (x->q.state && !kind_state(x->k, x->q.state))
		return fz_err_set(e, FZ_EINVAL, "state",
				  "state: '%s' is not a state of %s",
				  x->q.state, x->k->label);
	if ((rc = http_query_int(r, "page", 1, 1000000, 1, &page, e)) ||
	    (rc = http_query_int(r, "per_page", 1, 200, 20, &per, e)) ||
	    (rc = http_query_int(r, "org_id", 1, INT64_MAX, 0, &org, e)) ||
	    (rc = parse_sort(x, r, e)) || (rc = parse_due(x, r, e)))
		return rc;
	if (org && (rc = list_org(r, x, org, &o, e)))
		return rc;
	x->q.root_org = org ? org : r->sess.org_id;
	x->q.cc_user = org ? 0 : r->sess.user_id;
	if (org && x->q.also_org == org) /* the government's own records */
		x->q.own_only = 1;
	else if (!org)
		x->q.also_org = x->acting_for;
	x->q.limit = per;
	x->q.offset = (page - 1) * per;
	http_query_each(r, field_filter, x);
	return x->rc;
}

/* A page of records, written as JSON text into one buffer (record_text). */
struct page_out {
	struct http_req *r;
	struct store_conn *c;
	int today;
	const struct kind *k;
	struct fz_jw w;
};

static int add_record(const struct store_record *rec, void *arg)
{
	struct page_out *p = arg;

	record_text(&p->w, p->r, p->c, p->today, p->k, rec, 0);
	return p->w.rc;
}

int api_records_list(struct http_req *r)
{
	struct list_ctx x;
	struct page_out p;
	struct fz_err e;
	struct fz_buf recs = FZ_BUF_INIT(64u << 20);
	struct fz_buf page = FZ_BUF_INIT(64u << 20);
	int64_t total = 0;
	int rc;

	memset(&x, 0, sizeof(x));
	fz_err_clear(&e);
	x.k = api_kind(r, &e);
	if (!x.k || parse_list(r, &x, &e))
		return http_fail(r, &e);
	p.r = r;
	p.c = store_rd_acquire(server_store(r->srv));
	p.today = x.q.today;
	p.k = x.k;
	fz_jw_init(&p.w, &recs);
	fz_jw_arr(&p.w);
	rc = store_record_list(p.c, &x.q, add_record, &p, &total, &e);
	store_rd_release(server_store(r->srv), p.c);
	fz_jw_end(&p.w);
	if (rc) {
		fz_buf_release(&recs);
		return http_fail(r, &e);
	}
	/* the total is known once the page is read: the head comes after */
	rc = p.w.rc ? p.w.rc
		    : fz_buf_addf(&page,
				  "{\"total\":%lld,\"page\":%lld,"
				  "\"per_page\":%lld,\"records\":",
				  (long long)total,
				  (long long)(x.q.offset / x.q.limit + 1),
				  (long long)x.q.limit);
	rc = rc ? rc : fz_buf_add(&page, recs.data, recs.len);
	rc = rc ? rc : fz_buf_adds(&page, "}");
	fz_buf_release(&recs);
	rc = rc ? http_fail_code(r, rc, NULL, "the page is too large")
		: http_take(r, 200, "application/json; charset=utf-8", &page);
	fz_buf_release(&page);
	return rc;
}

/* ---- changes ------------------------------------------------------------- */

enum rec_op { OP_CREATE, OP_TRANSITION, OP_RETURN, OP_CC };

struct rec_write {
	enum rec_op op;
	const struct kind *k;
	struct engine_env env;
	char actor[64];
	int64_t org_id, id;
	int version;
	json_t *input;
	char name[64];
	char *text; /* reason or note */
	int64_t users[64];
	size_t nusers;
	struct store_record out;
	int status;
};

static void rec_write_free(void *p)
{
	struct rec_write *x = p;

	json_decref(x->input);
	free(x->text);
	store_record_release(&x->out);
	free(x);
}

static struct rec_write *rec_write_new(struct http_req *r, const struct kind *k,
				       enum rec_op op)
{
	struct rec_write *x = api_ctx(r, sizeof(*x), rec_write_free);

	x->op = op;
	x->k = k;
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	x->env = (struct engine_env){.lt = api_app_of(r)->lt,
				     .today = api_today(),
				     .actor = x->actor,
				     .roles = r->sess.roles};
	x->status = 200;
	return x;
}

static int rec_write_fn(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct rec_write *x = arg;

	switch (x->op) {
	case OP_CREATE:
		return engine_create(c, &x->env, x->k, x->org_id, x->input,
				     NULL, NULL, &x->out, e);
	case OP_TRANSITION:
		return engine_transition(c, &x->env, x->k, x->id, x->name,
					 x->input, x->version, &x->out, e);
	case OP_RETURN:
		return engine_return(c, &x->env, x->k, x->id, x->text,
				     x->version, &x->out, e);
	case OP_CC:
		return engine_cc(c, &x->env, x->k, x->id, x->users, x->nusers,
				 x->text, e);
	}
	return FZ_EIO;
}

static int rec_after(struct http_req *r, int rc, const struct fz_err *e)
{
	struct rec_write *x = r->ctx;
	struct store_record rec;
	struct store_conn *c;
	struct fz_err re;

	if (rc)
		return http_fail(r, e);
	c = store_rd_acquire(server_store(r->srv));
	rc = store_record_get(c, x->op == OP_CREATE ? x->out.id : x->id, &rec,
			      &re);
	if (!rc) {
		rc = record_answer(r, x->status, c, x->k, &rec);
		store_record_release(&rec);
	} else
		rc = http_fail(r, &re);
	store_rd_release(server_store(r->srv), c);
	return rc;
}

int api_records_create(struct http_req *r)
{
	struct rec_write *x;
	struct store_org o;
	struct fz_err e;
	const struct kind *k = api_kind(r, &e);
	json_t *org;

	if (!k)
		return http_fail(r, &e);
	x = rec_write_new(r, k, OP_CREATE);
	x->input = json_deep_copy(r->json);
	org = json_object_get(x->input, "org_id");
	x->org_id = r->sess.org_id;
	if (org && !json_is_integer(org))
		return http_fail_code(r, FZ_EINVAL, "org_id",
				      "org_id: must be an integer");
	if (org) {
		x->org_id = json_integer_value(org);
		if (!(x->org_id > 0 && x->org_id == acting_for(r, k)) &&
		    api_org_in_scope(r, x->org_id, "org_id", &o, &e))
			return http_fail(r, &e);
		json_object_del(x->input, "org_id");
	}
	x->status = 201;
	return http_write(r, rec_write_fn, x, rec_after);
}

static int rec_target(struct http_req *r, const struct kind **k, int64_t *id,
		      struct fz_err *e)
{
	struct store_record rec;
	struct store_conn *c;
	int rc;

	*k = api_kind(r, e);
	if (!*k)
		return FZ_ENOTFOUND;
	c = store_rd_acquire(server_store(r->srv));
	rc = api_record_to_act(r, c, *k, &rec, e);
	store_rd_release(server_store(r->srv), c);
	if (!rc) {
		*id = rec.id;
		store_record_release(&rec);
	}
	return rc;
}

/* "version" of a change: required, the version of the record the caller
 * acts on (a stale one is 409 in the engine). */
static int version_of(struct http_req *r, int *version, struct fz_err *e)
{
	json_t *v = json_object_get(r->json, "version");

	if (!v)
		return fz_err_set(e, FZ_EINVAL, "version",
				  "version: 必填：所办理记录的当前版本（读取"
				  "记录所得的version），以免覆盖他人的修改");
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > INT32_MAX)
		return fz_err_set(e, FZ_EINVAL, "version",
				  "version: 须为记录的版本号（正整数）");
	*version = (int)json_integer_value(v);
	return 0;
}

int api_records_transition(struct http_req *r)
{
	const struct kind *k;
	struct rec_write *x;
	struct fz_err e;
	int64_t id;
	int version;

	if (rec_target(r, &k, &id, &e))
		return http_fail(r, &e);
	if (version_of(r, &version, &e))
		return http_fail(r, &e);
	x = rec_write_new(r, k, OP_TRANSITION);
	x->id = id;
	snprintf(x->name, sizeof(x->name), "%s", http_capture(r, 2));
	x->input = json_deep_copy(r->json);
	x->version = version;
	json_object_del(x->input, "version");
	return http_write(r, rec_write_fn, x, rec_after);
}

int api_records_return(struct http_req *r)
{
	static const struct jv_field spec[] = {
	    {"reason", JV_STRING, JV_REQUIRED | JV_MULTILINE, 1, 2000},
	    {"version", JV_INT, 0, 1, INT32_MAX},
	    {NULL, 0, 0, 0, 0}};
	const struct kind *k;
	struct rec_write *x;
	struct fz_err e;
	int64_t id;
	int version;

	if (jv_check(r->json, spec, &e) || rec_target(r, &k, &id, &e) ||
	    version_of(r, &version, &e))
		return http_fail(r, &e);
	x = rec_write_new(r, k, OP_RETURN);
	x->id = id;
	x->version = version;
	x->text = fz_xstrdup(jv_str(r->json, "reason", ""));
	return http_write(r, rec_write_fn, x, rec_after);
}

int api_records_cc(struct http_req *r)
{
	static const struct jv_field spec[] = {
	    {"user_ids", JV_ARRAY, JV_REQUIRED, 1, 64},
	    {"note", JV_STRING, JV_MULTILINE, 0, 500},
	    {NULL, 0, 0, 0, 0}};
	const struct kind *k;
	struct rec_write *x;
	struct fz_err e;
	json_t *v;
	size_t i;
	int64_t id;

	if (jv_check(r->json, spec, &e) || rec_target(r, &k, &id, &e))
		return http_fail(r, &e);
	x = rec_write_new(r, k, OP_CC);
	x->id = id;
	x->text = fz_xstrdup(jv_str(r->json, "note", ""));
	json_array_foreach(json_object_get(r->json, "user_ids"), i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return http_fail_code(r, FZ_EINVAL, "user_ids",
					      "user_ids: item %zu is not a "
					      "user id",
					      i);
		x->users[x->nusers++] = json_integer_value(v);
	}
	return http_write(r, rec_write_fn, x, rec_after);
}

/* ---- 抄送 acknowledged by its recipient ------------------------------------
 */

struct cc_ack {
	struct api_result res;
	int64_t org_id, id, user_id, acked_at;
	char subject[96], actor[64];
};

static int cc_ack_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct cc_ack *x = arg;
	json_t *data;
	int rc = store_record_cc_ack(c, x->id, x->user_id, &x->acked_at, e);

	if (rc == FZ_ECONFLICT) /* acknowledged before: nothing written */
		rc = 0;
	else if (!rc) {
		data = json_pack("{s:I}", "user_id", (json_int_t)x->user_id);
		rc = store_event_append(c, x->org_id, x->actor, "record.cc_ack",
					x->subject, data, e);
		json_decref(data);
	}
	if (!rc)
		x->res.json = json_pack("{s:I, s:b, s:o}", "id",
					(json_int_t)x->id, "acknowledged", 1,
					"acked_at", time_json(x->acked_at));
	return rc;
}

/* POST …/{id}/cc/ack: the recipient of a copy says he has read it (once:
 * a second time answers the first time and writes nothing). */
int api_records_cc_ack(struct http_req *r)
{
	const struct kind *k;
	struct store_record rec;
	struct store_conn *c;
	struct cc_ack *x;
	struct fz_err e;
	int rc, has;

	if (!(k = api_kind(r, &e)))
		return http_fail(r, &e);
	c = store_rd_acquire(server_store(r->srv));
	rc = api_record_at(r, c, k, &rec, &e);
	has = !rc && store_record_cc_has(c, rec.id, r->sess.user_id);
	store_rd_release(server_store(r->srv), c);
	if (rc)
		return http_fail(r, &e);
	x = api_ctx(r, sizeof(*x), api_result_free);
	x->org_id = rec.org_id;
	x->id = rec.id;
	x->user_id = r->sess.user_id;
	snprintf(x->subject, sizeof(x->subject), "%s:%lld", k->id,
		 (long long)rec.id);
	store_record_release(&rec);
	if (!has)
		return http_fail_code(r, FZ_ENOTFOUND, "id",
				      "id：这份%s没有抄送给您，无需确认",
				      k->label);
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	return http_write(r, cc_ack_write, x, api_after_json);
}

/* ---- history: the full-process record -------------------------------------
 */

struct history {
	struct store_conn *c;
	json_t *events;
	int alg; /* the hash of the record's chain */
};

/* Who acted, as a person reads it: the account's name (whoever may see
 * the record may see who worked on it), 公众 or 系统命令. */
static void actor_name(struct store_conn *c, const char *actor, char *out,
		       size_t n)
{
	struct store_user u;
	long long id;
	char tail;

	if (!strcmp(actor, "public"))
		snprintf(out, n, "公众（网上申请）");
	else if (!strcmp(actor, "cli"))
		snprintf(out, n, "系统命令");
	else if (sscanf(actor, "user:%lld%c", &id, &tail) == 1 &&
		 store_user_by_id(c, id, &u, NULL) == 0)
		snprintf(out, n, "%s", u.display_name);
	else
		snprintf(out, n, "%s", "系统");
}

static int add_event(const struct store_event *ev, void *arg)
{
	struct history *hx = arg;
	json_t *events = hx->events;
	char who[STORE_NAME_MAX * 4 + 1];
	struct audit_event a = {ev->org_id, ev->seq,	 ev->ts,   ev->actor,
				ev->type,   ev->subject, ev->data, hx->alg};
	unsigned char mine[32];
	json_t *data = json_loads(ev->data, 0, NULL);
	int ok = audit_event_hash(ev->prev_hash, &a, mine, NULL) == 0 &&
		 memcmp(mine, ev->hash, 32) == 0;
	char hex[65];

	audit_hex(ev->hash, 32, hex);
	actor_name(hx->c, ev->actor, who, sizeof(who));
	json_array_append_new(
	    events,
	    json_pack("{s:I, s:o, s:s, s:s, s:s, s:o, s:s, s:b}", "seq",
		      (json_int_t)ev->seq, "time", time_json(ev->ts), "actor",
		      ev->actor, "actor_name", who, "type", ev->type, "data",
		      data ? data : json_null(), "hash", hex, "hash_ok", ok));
	return 0;
}

int api_records_history(struct http_req *r)
{
	struct store_record rec;
	struct store_conn *c;
	json_t *events = NULL;
	struct fz_err e;
	const struct kind *k = api_kind(r, &e);
	char subject[96];
	int rc;

	if (!k)
		return http_fail(r, &e);
	c = store_rd_acquire(server_store(r->srv));
	rc = api_record_at(r, c, k, &rec, &e);
	if (!rc) {
		struct history hx = {c, json_array(),
				     store_chain_alg(c, rec.org_id)};
		events = hx.events;
		snprintf(subject, sizeof(subject), "%s:%lld", k->id,
			 (long long)rec.id);
		rc = store_event_by_subject(c, rec.org_id, subject, add_event,
					    &hx, &e);
		store_record_release(&rec);
	}
	store_rd_release(server_store(r->srv), c);
	if (rc) {
		json_decref(events);
		return http_fail(r, &e);
	}
	return http_json(r, 200, json_pack("{s:o}", "events", events));
}

/* ---- export: CSV or XLSX, streamed -------------------------------------- */

struct export_ctx {
	struct store *store;
	struct list_ctx x; /* the kind and the list's filters */
	struct export_writer *w;
	struct export_col *cols;
	const char **vals;   /* one row's cells, ncols */
	char (*scratch)[32]; /* formatted numbers and times, ncols */
	size_t ncols;
	int finished;
	int64_t last_id, page_rows, rows;
	int cb_rc; /* a row's failure, which store_record_list only stops on */
	struct fz_err err;
};

static void export_ctx_free(void *p)
{
	struct export_ctx *x = p;

	export_free(x->w);
	free(x->cols);
	free(x->vals);
	free(x->scratch);
	free(x);
}

static enum export_type col_type(enum kf_type t)
{
	switch (t) {
	case KF_INT:
		return EXPORT_INT;
	case KF_DECIMAL:
		return EXPORT_NUMBER;
	case KF_MONEY:
		return EXPORT_MONEY;
	case KF_DATE:
		return EXPORT_DATE;
	default:
		return EXPORT_TEXT;
	}
}

/* 编号, 状态, every field, 登记时间. */
static void export_columns(struct export_ctx *x)
{
	const struct kind *k = x->x.k;
	size_t i;

	x->ncols = k->nfields + 3;
	x->cols = fz_xcalloc(x->ncols, sizeof(*x->cols));
	x->vals = fz_xcalloc(x->ncols, sizeof(*x->vals));
	x->scratch = fz_xcalloc(x->ncols, sizeof(*x->scratch));
	x->cols[0] = (struct export_col){"number", "编号", EXPORT_TEXT};
	x->cols[1] = (struct export_col){"state", "状态", EXPORT_TEXT};
	for (i = 0; i < k->nfields; i++)
		x->cols[i + 2] =
		    (struct export_col){k->fields[i].name, k->fields[i].label,
					col_type(k->fields[i].type)};
	x->cols[x->ncols - 1] =
	    (struct export_col){"created_at", "登记时间", EXPORT_TEXT};
}

/* One value as the export shows it: the text itself (pointing into v),
 * an enum's label, 是/否, or a number formatted into scratch. */
static const char *cell(const struct kind_field *f, const json_t *v,
			char *scratch, size_t n)
{
	const char *s = json_string_value(v), *label;

	if (!v || json_is_null(v))
		return NULL;
	if (f->type == KF_ENUM && s && (label = kind_value_label(f, s)))
		return label;
	if (s)
		return s;
	if (json_is_integer(v))
		snprintf(scratch, n, "%lld", (long long)json_integer_value(v));
	else if (json_is_number(v))
		snprintf(scratch, n, "%.2f", json_number_value(v));
	else if (json_is_boolean(v))
		return json_is_true(v) ? "是" : "否";
	else
		return NULL;
	return scratch;
}

/* FZ_FAULT_EXPORT_ROWS=N (tests only, docs/testing.md): the export fails
 * once N rows are out, as a failing read would, so that a test can see
 * what the client gets when an export breaks midway. */
static int export_fault(const struct export_ctx *x)
{
	const char *v = getenv("FZ_FAULT_EXPORT_ROWS");

	return v && *v && x->rows >= strtoll(v, NULL, 10);
}

static int export_record(const struct store_record *rec, void *arg)
{
	struct export_ctx *x = arg;
	const struct kind *k = x->x.k;
	const struct kind_state *st = kind_state(k, rec->state);
	json_t *data = json_loads(rec->data, 0, NULL);
	const char **vals = x->vals;
	char(*scratch)[32] = x->scratch;
	size_t i;
	int rc;

	if (export_fault(x)) {
		json_decref(data);
		return x->cb_rc =
			   fz_err_set(&x->err, FZ_EIO, NULL, "export: fault");
	}
	x->last_id = rec->id;
	x->page_rows++;
	x->rows++;
	vals[0] = rec->number;
	vals[1] = st ? st->label : rec->state;
	for (i = 0; i < k->nfields; i++)
		vals[i + 2] = cell(&k->fields[i],
				   json_object_get(data, k->fields[i].name),
				   scratch[i + 2], sizeof(scratch[0]));
	fz_ms_to_local(rec->created_at, scratch[x->ncols - 1],
		       sizeof(scratch[0]));
	vals[x->ncols - 1] = scratch[x->ncols - 1];
	rc = export_row(x->w, vals, &x->err);
	json_decref(data);
	return x->cb_rc = rc;
}

/* Write the next page of rows; finish after the last. */
static int export_page(struct export_ctx *x)
{
	struct store_conn *c = store_rd_acquire(x->store);
	int rc;

	x->x.q.sort = STORE_SORT_ID;
	x->x.q.before_id = x->last_id;
	x->x.q.limit = 500;
	x->x.q.offset = 0;
	x->page_rows = 0;
	x->cb_rc = 0;
	rc = store_record_list(c, &x->x.q, export_record, x, NULL, &x->err);
	store_rd_release(x->store, c);
	if (!rc)
		rc = x->cb_rc; /* a row that failed fails the export */
	if (!rc && x->page_rows < 500) {
		rc = export_finish(x->w, &x->err);
		x->finished = 1;
	}
	return rc;
}

static int export_fill(void *ctx, struct fz_buf *out)
{
	struct export_ctx *x = ctx;
	int rc = 0;

	while (!rc && out->len == 0 && !export_done(x->w)) {
		if (!x->finished)
			rc = export_page(x);
		if (!rc)
			rc = export_take(x->w, out, &x->err);
	}
	return rc;
}

int api_records_export(struct http_req *r)
{
	enum export_format f = EXPORT_CSV;
	const char *fmt = http_query(r, "format");
	struct export_ctx *x = fz_xcalloc(1, sizeof(*x));
	struct fz_err e;
	char name[96];

	fz_err_clear(&e);
	x->x.k = api_kind(r, &e);
	if (!x->x.k || (fmt && export_format_parse(fmt, &f, &e)) ||
	    parse_list(r, &x->x, &e)) {
		export_ctx_free(x);
		return http_fail(r, &e);
	}
	x->store = server_store(r->srv);
	export_columns(x);
	if (export_open(&x->w, f, x->x.k->label, x->cols, x->ncols, &e)) {
		export_ctx_free(x);
		return http_fail(r, &e);
	}
	snprintf(name, sizeof(name), "%s.%s", x->x.k->id, export_extension(f));
	return http_stream(r, export_content_type(f), name, export_fill, x,
			   export_ctx_free);
}
