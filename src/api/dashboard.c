/*
 * dashboard.c - what the 工作台 (the web interface's first screen) needs
 * beyond the record and indicator endpoints, each in one request:
 *
 *   GET /api/v1/dashboard/deadlines?org_id&limit&own
 *       the overdue and due-soon obligations of every kind in the caller's
 *       scope (or org_id's subtree; own=1: the organisation's own records
 *       alone), earliest first: {today, soon_until,
 *       overdue: {total, items}, due_soon: {total, items}}; an item is
 *       {kind, kind_label, id, org_id, number, title, state, state_label,
 *       deadline: {name, label, due, status}}
 *   GET /api/v1/dashboard/figures?year&org_id&ids=A,B,…&monthly=0|1
 *       chosen indicators with last year's value, their groups and, with
 *       monthly=1, the value of each month (the charts): {year, org_id,
 *       figures: [ind_all's entry + months?]} (indicators.h: previous and
 *       change are null when the kind has no records the year before, so
 *       that nothing is compared with a year that was not recorded)
 *   GET /api/v1/dashboard/departments (compare.c)
 *       the organisation's own work and each organisation under it compared
 *   GET /api/v1/dashboard/people
 *       the accounts of the caller's organisation subtree, for choosing
 *       officers and 抄送: {users: [{id, display_name, org_id}]}
 *
 * Everything is read through the store and the indicator layer; nothing
 * here holds SQL. A figure is ind_all's (the figures kept current, its
 * groups, last year's value). The months of an indicator are its query
 * over the year (ind_query) grouped by its date field, added up per month
 * in C (one query, not twelve); a rate's months are its numerator's parts
 * over its denominator's (ind_rate); an indicator counted at the year's
 * end (open_from) or counting distinct values has none.
 */
#include "api.h"

#include "admin/agents.h"
#include "auth/roles.h"
#include "calendar/calendar.h"
#include "lib/xalloc.h"
#include "report/indicators.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DASH_MAX_LIMIT = 100 };

/* ---- parameters ---------------------------------------------------------
 */

/* ?org_id= (default: the caller's), in scope; *org 0 when absent. */
static int org_param(struct http_req *r, int64_t *org, struct fz_err *e)
{
	struct store_org o;
	int rc = http_query_int(r, "org_id", 1, INT64_MAX, 0, org, e);

	if (!rc && *org)
		rc = api_org_in_scope(r, *org, "org_id", &o, e);
	return rc;
}

/* ---- deadlines ------------------------------------------------------------
 */

struct due_item {
	const struct kind *k;
	struct store_record rec; /* data released at once: not needed */
	struct store_deadline d;
};

struct due_list {
	struct due_item *v;
	size_t n, cap;
	int64_t total;
};

struct due_scan {
	struct http_req *r;
	struct store_conn *c;
	const struct kind *k;
	enum store_due_filter filter;
	int today, soon_until;
	int own; /* the organisation's own records alone (本级) */
	struct due_list *out;
};

/* Does deadline d match the filter on day today (store.h's definitions)? */
static int due_matches(const struct due_scan *s, const struct store_deadline *d)
{
	if (d->done_on != STORE_NO_DAY || d->due == STORE_NO_DAY ||
	    d->suspended)
		return 0;
	if (s->filter == STORE_DUE_OVERDUE)
		return !d->paused && d->due < s->today;
	return d->due >= s->today && d->due <= s->soon_until;
}

static int add_due(const struct store_record *rec, void *arg)
{
	struct due_scan *s = arg;
	struct store_deadline d[16];
	struct due_item *it;
	size_t n = 0, i, best = 16;

	store_deadlines_get(s->c, rec->org_id, rec->id, d, 16, &n, NULL);
	for (i = 0; i < n && i < 16; i++)
		if (due_matches(s, &d[i]) &&
		    (best == 16 || d[i].due < d[best].due))
			best = i;
	if (best == 16)
		return 0;
	s->out->v = fz_xgrow(s->out->v, s->out->n, &s->out->cap,
			     sizeof(*s->out->v), 32);
	it = &s->out->v[s->out->n++];
	it->k = s->k;
	it->rec = *rec;
	it->rec.data = NULL;
	it->d = d[best];
	return 0;
}

static int by_due(const void *a, const void *b)
{
	const struct due_item *x = a, *y = b;

	if (x->d.due != y->d.due)
		return x->d.due < y->d.due ? -1 : 1;
	return strcmp(x->rec.number, y->rec.number);
}

/* The first `limit` records of every kind with deadlines, merged. */
static int due_collect(struct due_scan *s, int64_t org, int64_t limit,
		       struct fz_err *e)
{
	const struct kind_registry *reg = &api_app_of(s->r)->kinds;
	struct store_record_query q;
	int64_t gov = 0;
	json_t *acting =
	    org || s->own ? NULL : agents_kinds(s->c, s->r->sess.org_id, &gov);
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < reg->n; i++) {
		int64_t total = 0;
		if (!reg->v[i]->ndeadlines)
			continue;
		memset(&q, 0, sizeof(q));
		q.kind = reg->v[i]->id;
		q.root_org = org ? org : s->r->sess.org_id;
		q.own_only = s->own;
		q.cc_user = org || s->own ? 0 : s->r->sess.user_id;
		q.also_org = json_object_get(acting, q.kind) ? gov : 0;
		q.due = s->filter;
		q.today = s->today;
		q.soon_until = s->soon_until;
		q.limit = limit;
		s->k = reg->v[i];
		rc = store_record_list(s->c, &q, add_due, s, &total, e) ? 1 : 0;
		s->out->total += total;
	}
	json_decref(acting);
	if (!rc && s->out->n > 1) /* v is NULL when nothing is due */
		qsort(s->out->v, s->out->n, sizeof(*s->out->v), by_due);
	return rc;
}

static json_t *due_item_json(const struct cal_calendar *cal, int today,
			     const struct due_item *it)
{
	const struct kind_state *st = kind_state(it->k, it->rec.state);
	const struct kind_deadline *kd = kind_deadline(it->k, it->d.name);
	char day[CAL_DATE_LEN];
	enum cal_status status = CAL_ON_TIME;

	cal_status(cal, it->d.due, CAL_NO_DATE, today, CAL_SOON_DEFAULT,
		   &status, NULL);
	return json_pack(
	    "{s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, "
	    "s:{s:s, s:s}}}",
	    "kind", it->k->id, "kind_label", it->k->label, "id",
	    (json_int_t)it->rec.id, "org_id", (json_int_t)it->rec.org_id,
	    "number", it->rec.number, "title", it->rec.title, "state",
	    it->rec.state, "state_label", st ? st->label : it->rec.state,
	    "deadline", "name", it->d.name, "label", kd ? kd->label : "", "due",
	    cal_date_format(it->d.due, day), "status", "id",
	    cal_status_name(status), "label", cal_status_label(status));
}

static json_t *due_json(struct http_req *r, const struct due_list *l, int today,
			int64_t limit)
{
	struct lt_state *lt = api_app_of(r)->lt;
	const struct cal_calendar *cal;
	json_t *a = json_array();
	size_t i;

	lt_read_begin(lt, &cal);
	for (i = 0; i < l->n && i < (size_t)limit; i++)
		json_array_append_new(a, due_item_json(cal, today, &l->v[i]));
	lt_read_end(lt);
	return json_pack("{s:I, s:o}", "total", (json_int_t)l->total, "items",
			 a);
}

int api_dashboard_deadlines(struct http_req *r)
{
	struct due_list over = {0}, soon = {0};
	struct due_scan s;
	struct fz_err e;
	int64_t org, limit, own;
	char d1[CAL_DATE_LEN], d2[CAL_DATE_LEN];
	int rc;

	fz_err_clear(&e);
	if (org_param(r, &org, &e) ||
	    http_query_int(r, "limit", 1, DASH_MAX_LIMIT, 20, &limit, &e) ||
	    http_query_int(r, "own", 0, 1, 0, &own, &e))
		return http_fail(r, &e);
	s = (struct due_scan){.r = r, .today = api_today(), .own = (int)own};
	s.soon_until = api_soon_until(r, s.today);
	s.c = store_rd_acquire(server_store(r->srv));
	s.filter = STORE_DUE_OVERDUE;
	s.out = &over;
	rc = due_collect(&s, org, limit, &e);
	if (!rc) {
		s.filter = STORE_DUE_SOON;
		s.out = &soon;
		rc = due_collect(&s, org, limit, &e);
	}
	store_rd_release(server_store(r->srv), s.c);
	if (!rc)
		http_json(
		    r, 200,
		    json_pack("{s:s, s:s, s:o, s:o}", "today",
			      cal_date_format(s.today, d1), "soon_until",
			      cal_date_format(s.soon_until, d2), "overdue",
			      due_json(r, &over, s.today, limit), "due_soon",
			      due_json(r, &soon, s.today, limit)));
	free(over.v);
	free(soon.v);
	return rc ? http_fail(r, &e) : 0;
}

/* ---- figures ----------------------------------------------------------------
 */

/* Counts and sums per month of a year. */
struct months {
	int64_t n[12];
	double sum[12];
};

static int add_day(const char *value, int64_t count, double sum, void *arg)
{
	struct months *m = arg;
	int month;

	/* the value is the date field, "YYYY-MM-DD", within the year */
	if (!value || strlen(value) < 7)
		return 0;
	month = (value[5] - '0') * 10 + (value[6] - '0');
	if (month >= 1 && month <= 12) {
		m->n[month - 1] += count;
		m->sum[month - 1] += sum;
	}
	return 0;
}

/* An indicator (not a rate) per month: one query grouped by its date. */
static int month_values(struct store_conn *c, const struct kind_indicator *ind,
			int64_t org, int year, double v[12], struct fz_err *e)
{
	struct store_stat_query q;
	struct months m;
	char from[16], to[16];
	int i;

	memset(&m, 0, sizeof(m));
	ind_query(ind, org, year, from, to, &q);
	q.group = ind->date;
	if (store_stat_groups(c, &q, add_day, &m, e))
		return 1;
	for (i = 0; i < 12; i++)
		v[i] = ind_value_of(ind, m.n[i], m.sum[i]);
	return 0;
}

/* A side of a rate per month: its parts' months summed; 1 when a part
 * has no date to split (or counts distinct values), -1 on error. */
static int side_months(struct store_conn *c, const struct kind_parts *p,
		       int64_t org, int year, double v[12], struct fz_err *e)
{
	double x[12];
	size_t i;
	int m;

	memset(v, 0, 12 * sizeof(*v));
	for (i = 0; i < p->n; i++) {
		if (!p->ind[i]->date || p->ind[i]->distinct)
			return 1;
		if (month_values(c, p->ind[i], org, year, x, e))
			return -1;
		for (m = 0; m < 12; m++)
			v[m] += x[m];
	}
	return 0;
}

/* Twelve values, JSON null when the indicator has no date to split (or
 * counts distinct values, which do not add up by month), NULL on error. */
static json_t *months_json(struct store_conn *c,
			   const struct kind_indicator *ind, int64_t org,
			   int year, struct fz_err *e)
{
	double x[12], y[12];
	json_t *a;
	int m, rc;

	if (kind_is_rate(ind)) {
		rc = side_months(c, &ind->ratio[0], org, year, x, e);
		if (!rc)
			rc = side_months(c, &ind->ratio[1], org, year, y, e);
		if (rc)
			return rc < 0 ? NULL : json_null();
	} else if (!ind->date || ind->distinct) {
		return json_null();
	} else if (month_values(c, ind, org, year, x, e)) {
		return NULL;
	}
	a = json_array();
	for (m = 0; m < 12; m++)
		json_array_append_new(
		    a, ind_number(kind_is_rate(ind) ? ind_rate(ind, x[m], y[m])
						    : x[m]));
	return a;
}

/* Indicator ind as ind_all gives it (`all`: ind_all's array), with its
 * months when asked. */
static json_t *figure_json(struct store_conn *c, const json_t *all,
			   const struct kind_indicator *ind, int64_t org,
			   int year, int monthly, struct fz_err *e)
{
	json_t *j = NULL, *x, *months;
	size_t i;

	json_array_foreach(
	    all, i, x) if (!strcmp(json_string_value(json_object_get(x, "id")),
				   ind->id)) j = json_deep_copy(x);
	if (!j || !monthly)
		return j;
	if (!(months = months_json(c, ind, org, year, e))) {
		json_decref(j);
		return NULL;
	}
	if (json_is_null(months))
		json_decref(months);
	else
		json_object_set_new(j, "months", months);
	return j;
}

int api_ids_param(struct http_req *r, const struct kind_indicator **out,
		  size_t *n, struct fz_err *e)
{
	const char *s = http_query(r, "ids");

	*n = 0;
	if (!s || !*s)
		return fz_err_set(e, FZ_EINVAL, "ids", "ids: is required");
	return api_ids_parse(&api_app_of(r)->kinds, s, out, n, e);
}

int api_ids_parse(const struct kind_registry *reg, const char *s,
		  const struct kind_indicator **out, size_t *n,
		  struct fz_err *e)
{
	char id[128];

	*n = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		if (len == 0 || len >= sizeof(id) ||
		    (s[len] == ',' && !s[len + 1]))
			return fz_err_set(e, FZ_EINVAL, "ids",
					  "ids: an empty or overlong id");
		if (*n == DASH_MAX_IDS)
			return fz_err_set(e, FZ_EINVAL, "ids",
					  "ids: at most %d", DASH_MAX_IDS);
		memcpy(id, s, len);
		id[len] = 0;
		out[*n] = kind_indicator_find(reg, id);
		if (!out[*n])
			return fz_err_set(e, FZ_EINVAL, "ids",
					  "ids: no indicator '%s'", id);
		(*n)++;
		s += len + (s[len] == ',');
	}
	return 0;
}

int api_dashboard_figures(struct http_req *r)
{
	const struct kind_indicator *ids[DASH_MAX_IDS];
	struct store_conn *c;
	struct store_org o;
	struct fz_err e;
	int64_t org, year, monthly;
	json_t *a, *f, *all = NULL;
	size_t n = 0, i;
	int rc = 0;

	fz_err_clear(&e);
	if (api_year_org(r, &org, &year, &o, &e) ||
	    http_query_int(r, "monthly", 0, 1, 0, &monthly, &e) ||
	    api_ids_param(r, ids, &n, &e))
		return http_fail(r, &e);
	a = json_array();
	c = store_rd_acquire(server_store(r->srv));
	rc = ind_all(c, &api_app_of(r)->kinds, org, (int)year, &all, &e);
	for (i = 0; i < n && !rc; i++) {
		f = figure_json(c, all, ids[i], org, (int)year, (int)monthly,
				&e);
		if (f)
			json_array_append_new(a, f);
		else
			rc = 1;
	}
	store_rd_release(server_store(r->srv), c);
	json_decref(all);
	if (rc) {
		json_decref(a);
		return http_fail(r, &e);
	}
	return http_json(r, 200,
			 json_pack("{s:I, s:I, s:o}", "year", (json_int_t)year,
				   "org_id", (json_int_t)org, "figures", a));
}

/* ---- people
 * -------------------------------------------------------------------
 */

static int add_person(const struct store_user *u, void *arg)
{
	if (!u->disabled)
		json_array_append_new(
		    arg, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)u->id,
				   "display_name", u->display_name, "org_id",
				   (json_int_t)u->org_id));
	return 0;
}

int api_dashboard_people(struct http_req *r)
{
	struct store_conn *c = store_rd_acquire(server_store(r->srv));
	json_t *a = json_array();
	struct fz_err e;
	int rc = store_user_list(c, r->sess.org_id, add_person, a, &e);

	store_rd_release(server_store(r->srv), c);
	if (rc) {
		json_decref(a);
		return http_fail(r, &e);
	}
	return http_json(r, 200, json_pack("{s:o}", "users", a));
}
