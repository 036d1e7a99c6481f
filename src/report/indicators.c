/*
 * indicators.c - see indicators.h.
 */
#include "indicators.h"

#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void query_of(const struct kind_indicator *ind, int64_t org_id, int year,
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
	for (i = 0; i < ind->nwhere; i++) {
		q->wfield[i] = ind->where[i].field;
		q->wvalue[i] = ind->where[i].value;
	}
	q->nwhere = ind->nwhere;
	q->on_time = ind->on_time;
	q->group = ind->group;
}

static const struct kind_indicator *sibling(const struct kind_indicator *ind,
					    const char *id)
{
	size_t i;

	for (i = 0; i < ind->kind->nindicators; i++)
		if (!strcmp(ind->kind->indicators[i].id, id))
			return &ind->kind->indicators[i];
	return NULL;
}

/* A rate in percent (exact; rounding is the report's), 0 of 0 is 0; its
 * complement (100 - rate) when the indicator says so. */
static double rate(const struct kind_indicator *ind, double num, double den)
{
	if (den <= 0)
		return 0;
	return ind->complement ? 100.0 - num * 100.0 / den : num * 100.0 / den;
}

static int compute_ratio(struct store_conn *c, const struct kind_indicator *ind,
			 int64_t org_id, int year, double *value,
			 int64_t *records, struct fz_err *e)
{
	double num = 0, den = 0;
	int64_t n;
	int rc = ind_compute(c, sibling(ind, ind->ratio[0]), org_id, year, &num,
			     &n, e);

	if (!rc)
		rc = ind_compute(c, sibling(ind, ind->ratio[1]), org_id, year,
				 &den, records, e);
	*value = rate(ind, num, den);
	return rc;
}

int ind_compute(struct store_conn *c, const struct kind_indicator *ind,
		int64_t org_id, int year, double *value, int64_t *records,
		struct fz_err *e)
{
	struct store_stat_query q;
	char from[16], to[16];
	double sum = 0;
	int rc;

	if (ind->ratio[0])
		return compute_ratio(c, ind, org_id, year, value, records, e);
	query_of(ind, org_id, year, from, to, &q);
	rc = store_stat(c, &q, records, &sum, e);
	*value = ind->sum ? sum : (double)*records;
	/* the records counted are those that have the field (with_sum) */
	if (ind->avg)
		*value = *records ? sum / (double)*records : 0;
	return rc;
}

static json_t *number(double v)
{
	double r = (double)(long long)v;

	return r == v ? json_integer((json_int_t)v) : json_real(v);
}

struct groups {
	const struct kind_indicator *ind;
	json_t *a;
};

static int add_group(const char *value, int64_t count, double sum, void *arg)
{
	struct groups *g = arg;
	const struct kind_field *f = kind_field(g->ind->kind, g->ind->group);
	const char *label = value ? kind_value_label(f, value) : NULL;

	json_array_append_new(
	    g->a,
	    json_pack("{s:s?, s:s?, s:I, s:o}", "value", value, "label", label,
		      "records", (json_int_t)count, "amount",
		      g->ind->sum ? json_real(sum) : json_integer(count)));
	return 0;
}

static json_t *groups_of(struct store_conn *c, const struct kind_indicator *ind,
			 int64_t org_id, int year, struct fz_err *e)
{
	struct store_stat_query q;
	struct groups g = {ind, json_array()};
	char from[16], to[16];

	query_of(ind, org_id, year, from, to, &q);
	if (store_stat_groups(c, &q, add_group, &g, e)) {
		json_decref(g.a);
		return NULL;
	}
	return g.a;
}

/* An indicator's value and records in one year. */
struct ind_value {
	double v;
	int64_t n;
};

static json_t *one(struct store_conn *c, const struct kind_indicator *ind,
		   int64_t org_id, int year, const struct ind_value *v,
		   const struct ind_value *prev, struct fz_err *e)
{
	double now = v->v, before = prev->v;
	json_t *j;

	j = json_pack("{s:s, s:s, s:s, s:s, s:o, s:I, s:o, s:o}", "id", ind->id,
		      "label", ind->label, "unit", ind->unit, "kind",
		      ind->kind->id, "value", number(now), "records",
		      (json_int_t)v->n, "previous", number(before), "change",
		      number(now - before));
	if (ind->ratio[0])
		json_object_set_new(j, "ratio",
				    json_pack("{s:s, s:s}", "numerator",
					      ind->ratio[0], "denominator",
					      ind->ratio[1]));
	if (ind->group) {
		json_t *g = groups_of(c, ind, org_id, year, e);
		if (!g) {
			json_decref(j);
			return NULL;
		}
		json_object_set_new(j, "groups", g);
	}
	return j;
}

/* Every indicator of kind k in one year into v[]: counts and sums from
 * the store, rates from those (their parts are never rates, kind.c checks;
 * a rate's records are its denominator's). */
static int kind_values(struct store_conn *c, const struct kind *k,
		       int64_t org_id, int year, struct ind_value *v,
		       struct fz_err *e)
{
	const struct kind_indicator *ind;
	size_t i, num, den;
	int rc = 0;

	for (i = 0; !rc && i < k->nindicators; i++)
		if (!k->indicators[i].ratio[0])
			rc = ind_compute(c, &k->indicators[i], org_id, year,
					 &v[i].v, &v[i].n, e);
	for (i = 0; !rc && i < k->nindicators; i++) {
		ind = &k->indicators[i];
		if (!ind->ratio[0])
			continue;
		num = (size_t)(sibling(ind, ind->ratio[0]) - k->indicators);
		den = (size_t)(sibling(ind, ind->ratio[1]) - k->indicators);
		v[i].v = rate(ind, v[num].v, v[den].v);
		v[i].n = v[den].n;
	}
	return rc;
}

static int add_kind(struct store_conn *c, const struct kind *k, int64_t org_id,
		    int year, json_t *a, struct fz_err *e)
{
	struct ind_value *now = fz_xcalloc(k->nindicators + 1, sizeof(*now));
	struct ind_value *before =
	    fz_xcalloc(k->nindicators + 1, sizeof(*before));
	json_t *j;
	size_t i;
	int rc = kind_values(c, k, org_id, year, now, e);

	if (!rc)
		rc = kind_values(c, k, org_id, year - 1, before, e);
	for (i = 0; !rc && i < k->nindicators; i++) {
		j = one(c, &k->indicators[i], org_id, year, &now[i], &before[i],
			e);
		if (!j)
			rc = e ? e->code : FZ_EIO;
		else
			json_array_append_new(a, j);
	}
	free(now);
	free(before);
	return rc;
}

int ind_all(struct store_conn *c, const struct kind_registry *reg,
	    int64_t org_id, int year, json_t **out, struct fz_err *e)
{
	json_t *a = json_array();
	size_t k;
	int rc = 0;

	for (k = 0; !rc && k < reg->n; k++)
		rc = add_kind(c, reg->v[k], org_id, year, a, e);
	if (rc) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return 0;
}

static int add_row(int64_t org_id, int64_t id, const char *number,
		   const char *title, const char *state, void *arg)
{
	json_array_append_new(
	    arg, json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)id,
			   "org_id", (json_int_t)org_id, "number", number,
			   "title", title, "state", state));
	return 0;
}

int ind_records(struct store_conn *c, const struct kind_indicator *ind,
		int64_t org_id, int year, int64_t limit, int64_t offset,
		json_t **out, struct fz_err *e)
{
	struct store_stat_query q;
	char from[16], to[16];
	json_t *a = json_array();
	int rc;

	if (ind->ratio[0]) /* the records of a rate: its numerator's */
		ind = sibling(ind, ind->ratio[0]);
	query_of(ind, org_id, year, from, to, &q);
	rc = store_stat_records(c, &q, limit, offset, add_row, a, e);
	if (rc) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return 0;
}
