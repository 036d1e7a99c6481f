/*
 * indicators.c - see indicators.h.
 *
 * A figure is read from the figures kept current (src/kinds/figures.h,
 * through ind_figures.c): a few summed rows per organisation of the
 * subtree. Where those cannot answer exactly (the kind's figures were
 * counted under another declaration, or a record's value is not kept
 * exactly), and for a distinct count of records open at the year's end
 * (not kept), the indicator is
 * recounted by its query over the records (store_stat, store_stat_groups,
 * store_stat_distinct), which gives the same number: the unit test
 * test_figures.c compares the two after random changes. ind_all_query
 * recounts everything so, for that test and for bench/.
 *
 * ind_all computes every indicator that is not a rate first, then the
 * rates from those: the parts of a rate may be of any kind (kind.c
 * resolves them when the registry is read).
 */
#include "indicators.h"

#include "ind_figures.h"
#include "kinds/figures.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const enum store_op store_ops[] = {
    [KOP_EQ] = STORE_EQ,	[KOP_NE] = STORE_NE,
    [KOP_LT] = STORE_LT,	[KOP_LE] = STORE_LE,
    [KOP_GT] = STORE_GT,	[KOP_GE] = STORE_GE,
    [KOP_IN] = STORE_IN,	[KOP_PRESENT] = STORE_PRESENT,
    [KOP_ABSENT] = STORE_ABSENT};

static void where_of(const struct kind_where *w, struct store_cond *c)
{
	c->field = w->field;
	c->op = store_ops[w->op];
	c->numeric = w->numeric;
	c->text = w->text;
	c->num = w->num;
	c->n = w->nvalues;
}

void ind_query(const struct kind_indicator *ind, int64_t org_id, int year,
	       char *from, char *to, struct store_stat_query *q)
{
	size_t i;

	memset(q, 0, sizeof(*q));
	snprintf(from, 16, "%04d-01-01", year);
	snprintf(to, 16, "%04d-12-31", year);
	q->kind = ind->kind->id;
	q->root_org = org_id;
	q->sum = ind->sum ? ind->sum : ind->avg;
	q->with_sum = ind->avg != NULL; /* an average is over those with it */
	q->date = ind->date;
	q->open_from = ind->open_from;
	q->open_to = ind->open_to;
	q->from = from;
	q->to = to;
	for (i = 0; i < ind->nwhere && i < STORE_WHERE_MAX; i++)
		where_of(&ind->where[i], &q->where[i]);
	q->nwhere = i;
	q->on_time = ind->on_time;
	q->group = ind->group;
	q->distinct = ind->distinct;
	q->unit = fig_unit(ind);
}

double ind_rate(const struct kind_indicator *ind, double num, double den)
{
	if (den <= 0)
		return 0;
	return ind->complement ? 100.0 - num * 100.0 / den : num * 100.0 / den;
}

double ind_value_of(const struct kind_indicator *ind, int64_t n, double sum)
{
	if (ind->avg) /* the records counted are those that have the field */
		return n ? sum / (double)n : 0;
	return ind->sum ? sum : (double)n;
}

json_t *ind_number(double v)
{
	double r = (double)(long long)v;

	return r == v ? json_integer((json_int_t)v) : json_real(v);
}

/* An indicator's value and records in one year; of a rate, also its
 * numerator's and denominator's sums. */
struct ind_value {
	double v, num, den;
	int64_t n;
};

/* Where the values come from: the figures of f where they answer, the
 * queries otherwise (f NULL: the queries only); org's subtree, or org
 * alone (own). */
struct source {
	struct store_conn *c;
	int64_t org;
	int own;
	int year;
	struct ind_figs *f;
};

/* The recount by query of an indicator that is not a rate. */
static int query_value(const struct source *s, const struct kind_indicator *ind,
		       int year, struct ind_value *v, struct fz_err *e)
{
	struct store_stat_query q;
	char from[16], to[16];
	int64_t distinct = 0;
	double sum = 0;
	int rc;

	ind_query(ind, s->org, year, from, to, &q);
	q.own_only = s->own;
	if (ind->distinct) {
		rc = store_stat_distinct(s->c, &q, &v->n, &distinct, e);
		v->v = (double)distinct;
		return rc;
	}
	rc = store_stat(s->c, &q, &v->n, &sum, e);
	v->v = ind_value_of(ind, v->n, sum);
	return rc;
}

/* Year i (0: the year asked, 1: the one before) from the figures. */
static void fig_value(const struct kind_indicator *ind, const struct ind_fig *f,
		      int i, struct ind_value *v)
{
	v->n = f->n[i];
	v->v = ind->distinct
		   ? (double)f->d[i]
		   : ind_value_of(ind, f->n[i], ind_figs_sum(ind, f->s[i]));
}

static int compute(const struct source *s, const struct kind_indicator *ind,
		   struct ind_value *v, struct fz_err *e);

/* A side of a rate: the sum of its parts' values and records. */
static int parts_sum(const struct source *s, const struct kind_parts *p,
		     double *sum, int64_t *records, struct fz_err *e)
{
	struct ind_value v;
	size_t i;
	int rc = 0;

	*sum = 0;
	*records = 0;
	for (i = 0; !rc && i < p->n; i++) {
		rc = compute(s, p->ind[i], &v, e);
		*sum += v.v;
		*records += v.n;
	}
	return rc;
}

/* One indicator in s->year, its own read of the figures. */
static int compute(const struct source *s, const struct kind_indicator *ind,
		   struct ind_value *v, struct fz_err *e)
{
	struct ind_figs f;
	int64_t n;
	int ok, rc;

	memset(v, 0, sizeof(*v));
	if (kind_is_rate(ind)) {
		rc = parts_sum(s, &ind->ratio[0], &v->num, &n, e);
		if (!rc)
			rc = parts_sum(s, &ind->ratio[1], &v->den, &v->n, e);
		v->v = ind_rate(ind, v->num, v->den);
		return rc;
	}
	if (!fig_ind_kept(ind))
		return query_value(s, ind, s->year, v, e);
	ind_figs_load(&f, s->c, NULL, ind, s->org, s->own, s->year);
	ok = f.v[0].ok;
	if (ok)
		fig_value(ind, &f.v[0], 0, v);
	ind_figs_release(&f);
	return ok ? 0 : query_value(s, ind, s->year, v, e);
}

int ind_compute(struct store_conn *c, const struct kind_indicator *ind,
		int64_t org_id, int year, double *value, int64_t *records,
		struct fz_err *e)
{
	return ind_compute_own(c, ind, org_id, year, 0, value, records, e);
}

int ind_compute_own(struct store_conn *c, const struct kind_indicator *ind,
		    int64_t org_id, int year, int own_only, double *value,
		    int64_t *records, struct fz_err *e)
{
	struct source s = {c, org_id, own_only != 0, year, NULL};
	struct ind_value v;
	int rc = compute(&s, ind, &v, e);

	*value = v.v;
	*records = v.n;
	return rc;
}

/* ---- every indicator ------------------------------------------------------
 */

struct groups {
	const struct kind_indicator *ind;
	json_t *a;
	struct store_conn *c; /* the names of an org field's groups */
};

/* The label of a group: an enum value's, an organisation's name. */
static const char *group_label(const struct groups *g,
			       const struct kind_field *f, const char *value,
			       struct store_org *o)
{
	char *end;
	long long id;

	if (!value || !f)
		return NULL;
	if (f->type != KF_ORG)
		return kind_value_label(f, value);
	id = strtoll(value, &end, 10);
	if (*end || id <= 0 || store_org_get(g->c, id, o, NULL))
		return NULL;
	return o->name;
}

static int add_group(const char *value, int64_t count, double sum, void *arg)
{
	struct groups *g = arg;
	const struct kind_field *f = kind_field(g->ind->kind, g->ind->group);
	struct store_org o;
	const char *label = group_label(g, f, value, &o);

	json_array_append_new(
	    g->a,
	    json_pack("{s:s?, s:s?, s:I, s:o}", "value", value, "label", label,
		      "records", (json_int_t)count, "amount",
		      g->ind->sum ? ind_number(sum) : json_integer(count)));
	return 0;
}

static json_t *groups_of(const struct source *s,
			 const struct kind_indicator *ind, struct fz_err *e)
{
	struct store_stat_query q;
	struct groups g = {ind, json_array(), s->c};
	char from[16], to[16];

	ind_query(ind, s->org, s->year, from, to, &q);
	q.own_only = s->own;
	if (store_stat_groups(s->c, &q, add_group, &g, e)) {
		json_decref(g.a);
		return NULL;
	}
	return g.a;
}

/* The groups from the figures: those with records, in the recount's
 * order (ind_figures.c keeps them so). */
static json_t *fig_groups(struct store_conn *c,
			  const struct kind_indicator *ind,
			  const struct ind_fig *f)
{
	struct groups g = {ind, json_array(), c};
	size_t i;

	for (i = 0; i < f->ng; i++)
		if (f->g[i].n > 0)
			add_group(f->g[i].value, f->g[i].n,
				  ind_figs_sum(ind, f->g[i].s), &g);
	return g.a;
}

/* The values of every indicator of reg, slot base[k] + i for indicator i
 * of kind k, this year (now) and the year before; prev[k]: kind k has
 * records in the year before. */
struct table {
	const struct kind_registry *reg;
	size_t *base;
	struct ind_value *now, *before;
	unsigned char *prev;
};

static void table_init(struct table *t, const struct kind_registry *reg)
{
	size_t k, n = 0;

	t->reg = reg;
	t->base = fz_xcalloc(reg->n + 1, sizeof(*t->base));
	for (k = 0; k < reg->n; k++) {
		t->base[k] = n;
		n += reg->v[k]->nindicators;
	}
	t->now = fz_xcalloc(n + 1, sizeof(*t->now));
	t->before = fz_xcalloc(n + 1, sizeof(*t->before));
	t->prev = fz_xcalloc(reg->n + 1, sizeof(*t->prev));
}

static void table_release(struct table *t)
{
	free(t->base);
	free(t->now);
	free(t->before);
	free(t->prev);
}

/* The number of ind's kind in the registry. */
static size_t kind_no(const struct table *t, const struct kind_indicator *ind)
{
	size_t k;

	for (k = 0; k < t->reg->n; k++)
		if (t->reg->v[k] == ind->kind)
			return k;
	return 0; /* not reached: kind.c resolved the parts in reg */
}

static size_t slot_of(const struct table *t, const struct kind_indicator *ind)
{
	size_t k = kind_no(t, ind);

	return t->base[k] + (size_t)(ind - t->reg->v[k]->indicators);
}

/* The figures of indicator i of kind k when they answer it, else NULL. */
static const struct ind_fig *fig_of(const struct source *s, size_t k, size_t i)
{
	const struct ind_fig *f = s->f ? ind_figs_at(s->f, k, i) : NULL;

	return f && f->ok ? f : NULL;
}

/* The indicators of kind k that are not rates, both years. */
static int plain_values(const struct source *s, struct table *t, size_t k,
			struct fz_err *e)
{
	const struct kind *kd = t->reg->v[k];
	const struct kind_indicator *ind;
	const struct ind_fig *f;
	size_t i, j;
	int rc = 0;

	for (i = 0; !rc && i < kd->nindicators; i++) {
		ind = &kd->indicators[i];
		j = t->base[k] + i;
		if (kind_is_rate(ind))
			continue;
		if (fig_ind_kept(ind) && (f = fig_of(s, k, i))) {
			fig_value(ind, f, 0, &t->now[j]);
			fig_value(ind, f, 1, &t->before[j]);
		} else if (!(rc = query_value(s, ind, s->year, &t->now[j], e)))
			rc = query_value(s, ind, s->year - 1, &t->before[j], e);
		t->prev[k] |= t->before[j].n > 0;
	}
	return rc;
}

/* A side of a rate from the table: its parts' values summed. */
static void side_of(const struct table *t, const struct kind_parts *p,
		    const struct ind_value *v, double *sum, int64_t *records)
{
	size_t i, j;

	*sum = 0;
	*records = 0;
	for (i = 0; i < p->n; i++) {
		j = slot_of(t, p->ind[i]);
		*sum += v[j].v;
		*records += v[j].n;
	}
}

static void rate_value(const struct table *t, const struct kind_indicator *ind,
		       const struct ind_value *v, struct ind_value *out)
{
	int64_t n;

	side_of(t, &ind->ratio[0], v, &out->num, &n);
	side_of(t, &ind->ratio[1], v, &out->den, &out->n);
	out->v = ind_rate(ind, out->num, out->den);
}

static void rate_values(struct table *t)
{
	const struct kind_indicator *ind;
	size_t k, i, j;

	for (k = 0; k < t->reg->n; k++)
		for (i = 0; i < t->reg->v[k]->nindicators; i++) {
			ind = &t->reg->v[k]->indicators[i];
			j = t->base[k] + i;
			if (!kind_is_rate(ind))
				continue;
			rate_value(t, ind, t->now, &t->now[j]);
			rate_value(t, ind, t->before, &t->before[j]);
		}
}

/* Is there a year before to compare ind with (indicators.h)? */
static int comparable(const struct table *t, const struct kind_indicator *ind)
{
	size_t i;

	if (!kind_is_rate(ind))
		return t->prev[kind_no(t, ind)];
	for (i = 0; i < ind->ratio[1].n; i++)
		if (t->prev[kind_no(t, ind->ratio[1].ind[i])])
			return 1;
	return 0;
}

static json_t *ids_json(const struct kind_parts *p)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < p->n; i++)
		json_array_append_new(a, json_string(p->ids[i]));
	return a;
}

static json_t *ratio_json(const struct kind_indicator *ind,
			  const struct ind_value *v)
{
	return json_pack("{s:o, s:o, s:b, s:o, s:o}", "numerator",
			 ids_json(&ind->ratio[0]), "denominator",
			 ids_json(&ind->ratio[1]), "complement",
			 ind->complement, "num", ind_number(v->num), "den",
			 ind_number(v->den));
}

/* What an entry has beside its values: decimals, distinct, ratio. */
static void add_extras(json_t *j, const struct kind_indicator *ind,
		       const struct ind_value *v)
{
	if (ind->decimals >= 0)
		json_object_set_new(j, "decimals", json_integer(ind->decimals));
	if (ind->distinct)
		json_object_set_new(j, "distinct", json_string(ind->distinct));
	if (kind_is_rate(ind))
		json_object_set_new(j, "ratio", ratio_json(ind, v));
}

/* Indicator i of kind k as ind_all gives it. */
static json_t *one(const struct source *s, const struct table *t, size_t k,
		   size_t i, struct fz_err *e)
{
	const struct kind_indicator *ind = &t->reg->v[k]->indicators[i];
	const struct ind_value *v = &t->now[t->base[k] + i];
	const struct ind_value *b = &t->before[t->base[k] + i];
	const struct ind_fig *f;
	int cmp = comparable(t, ind);
	json_t *j, *g;

	j = json_pack("{s:s, s:s, s:s, s:s, s:o, s:I, s:o, s:o}", "id", ind->id,
		      "label", ind->label, "unit", ind->unit, "kind",
		      ind->kind->id, "value", ind_number(v->v), "records",
		      (json_int_t)v->n, "previous",
		      cmp ? ind_number(b->v) : json_null(), "change",
		      cmp ? ind_number(v->v - b->v) : json_null());
	add_extras(j, ind, v);
	if (!ind->group)
		return j;
	f = fig_ind_kept(ind) ? fig_of(s, k, i) : NULL;
	g = f ? fig_groups(s->c, ind, f) : groups_of(s, ind, e);
	if (!g) {
		json_decref(j);
		return NULL;
	}
	json_object_set_new(j, "groups", g);
	return j;
}

static int all_json(const struct source *s, const struct table *t, json_t **out,
		    struct fz_err *e)
{
	json_t *a = json_array(), *j;
	size_t k, i;

	for (k = 0; k < t->reg->n; k++)
		for (i = 0; i < t->reg->v[k]->nindicators; i++) {
			if (!(j = one(s, t, k, i, e))) {
				json_decref(a);
				return e ? e->code : FZ_EIO;
			}
			json_array_append_new(a, j);
		}
	*out = a;
	return 0;
}

static int all_from(const struct source *s, const struct kind_registry *reg,
		    json_t **out, struct fz_err *e)
{
	struct table t;
	size_t k;
	int rc = 0;

	table_init(&t, reg);
	for (k = 0; !rc && k < reg->n; k++)
		rc = plain_values(s, &t, k, e);
	if (!rc) {
		rate_values(&t);
		rc = all_json(s, &t, out, e);
	}
	table_release(&t);
	return rc;
}

int ind_all_own(struct store_conn *c, const struct kind_registry *reg,
		int64_t org_id, int year, int own_only, json_t **out,
		struct fz_err *e)
{
	struct ind_figs f;
	struct source s = {c, org_id, own_only != 0, year, &f};
	int rc;

	ind_figs_load(&f, c, reg, NULL, org_id, s.own, year);
	rc = all_from(&s, reg, out, e);
	ind_figs_release(&f);
	return rc;
}

int ind_all(struct store_conn *c, const struct kind_registry *reg,
	    int64_t org_id, int year, json_t **out, struct fz_err *e)
{
	return ind_all_own(c, reg, org_id, year, 0, out, e);
}

int ind_all_query_own(struct store_conn *c, const struct kind_registry *reg,
		      int64_t org_id, int year, int own_only, json_t **out,
		      struct fz_err *e)
{
	struct source s = {c, org_id, own_only != 0, year, NULL};

	return all_from(&s, reg, out, e);
}

int ind_all_query(struct store_conn *c, const struct kind_registry *reg,
		  int64_t org_id, int year, json_t **out, struct fz_err *e)
{
	return ind_all_query_own(c, reg, org_id, year, 0, out, e);
}

/* ---- the records behind a figure -----------------------------------------
 */

static int add_row(int64_t org_id, int64_t id, const char *number,
		   const char *title, const char *state, void *arg)
{
	json_array_append_new(
	    arg, json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)id,
			   "org_id", (json_int_t)org_id, "number", number,
			   "title", title, "state", state));
	return 0;
}

/* A page of the records of an indicator that is not a rate, into a. */
static int plain_records(struct store_conn *c, const struct kind_indicator *ind,
			 int64_t org_id, int year, int own, int64_t limit,
			 int64_t offset, json_t *a, struct fz_err *e)
{
	struct store_stat_query q;
	char from[16], to[16];

	ind_query(ind, org_id, year, from, to, &q);
	q.own_only = own;
	return store_stat_records(c, &q, limit, offset, add_row, a, e);
}

/* The records of a rate: its numerator's parts one after the other, the
 * page cut across them (each part's records counted to skip it whole). */
static int rate_records(struct store_conn *c, const struct kind_indicator *ind,
			int64_t org_id, int year, int own, int64_t limit,
			int64_t offset, json_t *a, struct fz_err *e)
{
	const struct kind_parts *p = &ind->ratio[0];
	double v;
	int64_t n;
	size_t i, had;
	int rc = 0;

	if (p->n == 1)
		return plain_records(c, p->ind[0], org_id, year, own, limit,
				     offset, a, e);
	for (i = 0; !rc && i < p->n && limit > 0; i++) {
		if ((rc = ind_compute_own(c, p->ind[i], org_id, year, own, &v,
					  &n, e)))
			break;
		if (offset >= n) {
			offset -= n;
			continue;
		}
		had = json_array_size(a);
		rc = plain_records(c, p->ind[i], org_id, year, own, limit,
				   offset, a, e);
		limit -= (int64_t)(json_array_size(a) - had);
		offset = 0;
	}
	return rc;
}

int ind_records(struct store_conn *c, const struct kind_indicator *ind,
		int64_t org_id, int year, int64_t limit, int64_t offset,
		json_t **out, struct fz_err *e)
{
	return ind_records_own(c, ind, org_id, year, 0, limit, offset, out, e);
}

int ind_records_own(struct store_conn *c, const struct kind_indicator *ind,
		    int64_t org_id, int year, int own_only, int64_t limit,
		    int64_t offset, json_t **out, struct fz_err *e)
{
	json_t *a = json_array();
	int own = own_only != 0;
	int rc =
	    kind_is_rate(ind)
		? rate_records(c, ind, org_id, year, own, limit, offset, a, e)
		: plain_records(c, ind, org_id, year, own, limit, offset, a, e);

	if (rc) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return 0;
}
