/*
 * indicators.c - see indicators.h.
 */
#include "indicators.h"

#include <stdio.h>
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

/* A rate in percent (exact; rounding is the report's), 0 of 0 is 0. */
static int compute_ratio(struct store_conn *c, const struct kind_indicator *ind,
			 int64_t org_id, int year, double *value,
			 int64_t *records, struct fz_err *e)
{
	double num, den;
	int64_t n;
	int rc = ind_compute(c, sibling(ind, ind->ratio[0]), org_id, year, &num,
			     &n, e);

	if (!rc)
		rc = ind_compute(c, sibling(ind, ind->ratio[1]), org_id, year,
				 &den, records, e);
	*value = den > 0 ? num * 100.0 / den : 0;
	if (ind->complement)
		*value = den > 0 ? 100.0 - *value : 0;
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

static json_t *one(struct store_conn *c, const struct kind_indicator *ind,
		   int64_t org_id, int year, struct fz_err *e)
{
	double now, before;
	int64_t n, m;
	json_t *j;

	if (ind_compute(c, ind, org_id, year, &now, &n, e) ||
	    ind_compute(c, ind, org_id, year - 1, &before, &m, e))
		return NULL;
	j = json_pack("{s:s, s:s, s:s, s:s, s:o, s:I, s:o, s:o}", "id", ind->id,
		      "label", ind->label, "unit", ind->unit, "kind",
		      ind->kind->id, "value", number(now), "records",
		      (json_int_t)n, "previous", number(before), "change",
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

int ind_all(struct store_conn *c, const struct kind_registry *reg,
	    int64_t org_id, int year, json_t **out, struct fz_err *e)
{
	json_t *a = json_array(), *j;
	size_t i, k;

	for (k = 0; k < reg->n; k++)
		for (i = 0; i < reg->v[k]->nindicators; i++) {
			j = one(c, &reg->v[k]->indicators[i], org_id, year, e);
			if (!j) {
				json_decref(a);
				return e ? e->code : FZ_EIO;
			}
			json_array_append_new(a, j);
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
