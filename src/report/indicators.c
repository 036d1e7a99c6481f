/*
 * indicators.c - see indicators.h.
 *
 * A figure is read from the figures kept current (src/kinds/figures.h,
 * through ind_figures.c): a few summed rows per organisation of the
 * subtree. Where those cannot answer exactly (the kind's figures were
 * counted under another declaration, or a record's value is not kept
 * exactly), the indicator is recounted by its query over the records
 * (store_stat, store_stat_groups), which gives the same number: the unit
 * test test_figures.c compares the two after random changes.
 * ind_all_query recounts everything so, for that test and for bench/.
 */
#include "indicators.h"

#include "ind_figures.h"
#include "kinds/figures.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	for (i = 0; i < ind->nwhere; i++) {
		q->wfield[i] = ind->where[i].field;
		q->wvalue[i] = ind->where[i].value;
	}
	q->nwhere = ind->nwhere;
	q->on_time = ind->on_time;
	q->group = ind->group;
	q->unit = fig_unit(ind);
}

const struct kind_indicator *ind_sibling(const struct kind_indicator *ind,
					 const char *id)
{
	size_t i;

	for (i = 0; i < ind->kind->nindicators; i++)
		if (!strcmp(ind->kind->indicators[i].id, id))
			return &ind->kind->indicators[i];
	return NULL;
}

double ind_rate(const struct kind_indicator *ind, double num, double den)
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
	int rc = ind_compute(c, ind_sibling(ind, ind->ratio[0]), org_id, year,
			     &num, &n, e);

	if (!rc)
		rc = ind_compute(c, ind_sibling(ind, ind->ratio[1]), org_id,
				 year, &den, records, e);
	*value = ind_rate(ind, num, den);
	return rc;
}

double ind_value_of(const struct kind_indicator *ind, int64_t n, double sum)
{
	if (ind->avg) /* the records counted are those that have the field */
		return n ? sum / (double)n : 0;
	return ind->sum ? sum : (double)n;
}

/* The recount by query of an indicator that is not a rate. */
static int query_value(struct store_conn *c, const struct kind_indicator *ind,
		       int64_t org_id, int year, double *value,
		       int64_t *records, struct fz_err *e)
{
	struct store_stat_query q;
	char from[16], to[16];
	double sum = 0;
	int rc;

	ind_query(ind, org_id, year, from, to, &q);
	rc = store_stat(c, &q, records, &sum, e);
	*value = ind_value_of(ind, *records, sum);
	return rc;
}

/* Year i (0: the year asked, 1: the one before) from the figures. */
static void fig_value(const struct kind_indicator *ind, const struct ind_fig *f,
		      int i, double *value, int64_t *records)
{
	*records = f->n[i];
	*value = ind_value_of(ind, f->n[i], ind_figs_sum(ind, f->s[i]));
}

int ind_compute(struct store_conn *c, const struct kind_indicator *ind,
		int64_t org_id, int year, double *value, int64_t *records,
		struct fz_err *e)
{
	struct ind_figs f;
	int ok;

	if (ind->ratio[0])
		return compute_ratio(c, ind, org_id, year, value, records, e);
	ind_figs_load(&f, c, NULL, ind, org_id, year);
	ok = f.v[0].ok;
	if (ok)
		fig_value(ind, &f.v[0], 0, value, records);
	ind_figs_release(&f);
	return ok ? 0 : query_value(c, ind, org_id, year, value, records, e);
}

json_t *ind_number(double v)
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
		      g->ind->sum ? ind_number(sum) : json_integer(count)));
	return 0;
}

static json_t *groups_of(struct store_conn *c, const struct kind_indicator *ind,
			 int64_t org_id, int year, struct fz_err *e)
{
	struct store_stat_query q;
	struct groups g = {ind, json_array()};
	char from[16], to[16];

	ind_query(ind, org_id, year, from, to, &q);
	if (store_stat_groups(c, &q, add_group, &g, e)) {
		json_decref(g.a);
		return NULL;
	}
	return g.a;
}

/* The groups from the figures: those with records, in the recount's
 * order (ind_figures.c keeps them so). */
static json_t *fig_groups(const struct kind_indicator *ind,
			  const struct ind_fig *f)
{
	struct groups g = {ind, json_array()};
	size_t i;

	for (i = 0; i < f->ng; i++)
		if (f->g[i].n > 0)
			add_group(f->g[i].value, f->g[i].n,
				  ind_figs_sum(ind, f->g[i].s), &g);
	return g.a;
}

/* An indicator's value and records in one year. */
struct ind_value {
	double v;
	int64_t n;
};

/* Where ind_all's values come from: the figures of f (kind number k of
 * the registry) where they answer, the queries otherwise (f NULL: the
 * queries only). */
struct source {
	struct store_conn *c;
	int64_t org;
	int year;
	struct ind_figs *f;
	size_t k;
};

static const struct ind_fig *fig_of(const struct source *s, size_t i)
{
	const struct ind_fig *f = s->f ? ind_figs_at(s->f, s->k, i) : NULL;

	return f && f->ok ? f : NULL;
}

static json_t *one(const struct source *s, const struct kind_indicator *ind,
		   size_t i, const struct ind_value *v,
		   const struct ind_value *prev, struct fz_err *e)
{
	const struct ind_fig *f = fig_of(s, i);
	double now = v->v, before = prev->v;
	json_t *j, *g;

	j = json_pack("{s:s, s:s, s:s, s:s, s:o, s:I, s:o, s:o}", "id", ind->id,
		      "label", ind->label, "unit", ind->unit, "kind",
		      ind->kind->id, "value", ind_number(now), "records",
		      (json_int_t)v->n, "previous", ind_number(before),
		      "change", ind_number(now - before));
	if (ind->ratio[0])
		json_object_set_new(j, "ratio",
				    json_pack("{s:s, s:s, s:b}", "numerator",
					      ind->ratio[0], "denominator",
					      ind->ratio[1], "complement",
					      ind->complement));
	if (!ind->group)
		return j;
	g = f ? fig_groups(ind, f) : groups_of(s->c, ind, s->org, s->year, e);
	if (!g) {
		json_decref(j);
		return NULL;
	}
	json_object_set_new(j, "groups", g);
	return j;
}

/* Every indicator of kind k in year s->year - back into v[]: counts and
 * sums from the figures or the store, rates from those (their parts are
 * never rates, kind.c checks; a rate's records are its denominator's). */
static int kind_values(const struct source *s, const struct kind *k, int back,
		       struct ind_value *v, struct fz_err *e)
{
	const struct kind_indicator *ind;
	const struct ind_fig *f;
	size_t i, num, den;
	int rc = 0;

	for (i = 0; !rc && i < k->nindicators; i++) {
		ind = &k->indicators[i];
		if (ind->ratio[0])
			continue;
		if ((f = fig_of(s, i)))
			fig_value(ind, f, back, &v[i].v, &v[i].n);
		else
			rc = query_value(s->c, ind, s->org, s->year - back,
					 &v[i].v, &v[i].n, e);
	}
	for (i = 0; !rc && i < k->nindicators; i++) {
		ind = &k->indicators[i];
		if (!ind->ratio[0])
			continue;
		num = (size_t)(ind_sibling(ind, ind->ratio[0]) - k->indicators);
		den = (size_t)(ind_sibling(ind, ind->ratio[1]) - k->indicators);
		v[i].v = ind_rate(ind, v[num].v, v[den].v);
		v[i].n = v[den].n;
	}
	return rc;
}

static int add_kind(const struct source *s, const struct kind *k, json_t *a,
		    struct fz_err *e)
{
	struct ind_value *now = fz_xcalloc(k->nindicators + 1, sizeof(*now));
	struct ind_value *before =
	    fz_xcalloc(k->nindicators + 1, sizeof(*before));
	json_t *j;
	size_t i;
	int rc = kind_values(s, k, 0, now, e);

	if (!rc)
		rc = kind_values(s, k, 1, before, e);
	for (i = 0; !rc && i < k->nindicators; i++) {
		j = one(s, &k->indicators[i], i, &now[i], &before[i], e);
		if (!j)
			rc = e ? e->code : FZ_EIO;
		else
			json_array_append_new(a, j);
	}
	free(now);
	free(before);
	return rc;
}

static int all_from(struct source *s, const struct kind_registry *reg,
		    json_t **out, struct fz_err *e)
{
	json_t *a = json_array();
	int rc = 0;

	for (s->k = 0; !rc && s->k < reg->n; s->k++)
		rc = add_kind(s, reg->v[s->k], a, e);
	if (rc) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return 0;
}

int ind_all(struct store_conn *c, const struct kind_registry *reg,
	    int64_t org_id, int year, json_t **out, struct fz_err *e)
{
	struct ind_figs f;
	struct source s = {c, org_id, year, &f, 0};
	int rc;

	ind_figs_load(&f, c, reg, NULL, org_id, year);
	rc = all_from(&s, reg, out, e);
	ind_figs_release(&f);
	return rc;
}

int ind_all_query(struct store_conn *c, const struct kind_registry *reg,
		  int64_t org_id, int year, json_t **out, struct fz_err *e)
{
	struct source s = {c, org_id, year, NULL, 0};

	return all_from(&s, reg, out, e);
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
		ind = ind_sibling(ind, ind->ratio[0]);
	ind_query(ind, org_id, year, from, to, &q);
	rc = store_stat_records(c, &q, limit, offset, add_row, a, e);
	if (rc) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return 0;
}
