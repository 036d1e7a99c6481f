/*
 * compare.c - the departments compared, for a government's 工作台:
 *
 *   GET /api/v1/dashboard/departments?org_id&year&ids=A,B,…
 *       {year, org_id, columns: [{id, label, unit, decimals}],
 *        rows: [{org_id, name, scope, overdue, figures: [{id, value,
 *        records}]}]}
 *
 * The first row is the organisation's own work (scope "own", 本级: the
 * cases where the government itself answers), then one row per
 * organisation directly under it (scope "all": its whole subtree), in
 * the order of the tree. `overdue` is the number of records whose
 * deadline has passed unmet today; a figure's value is null where it has
 * nothing to be a rate of (a denominator of 0), so that no department
 * reads 0% for work it did not have. Each cell opens to its records: the
 * indicator's records of the row's organisation (own=1 for the first
 * row), the overdue records by /dashboard/deadlines?org_id.
 *
 * The columns, without ids, are data/report/compare.json's (read when the
 * server starts): indicators of on-time answers and of correction, which
 * is what a government holds its departments to.
 */
#include "api.h"

#include "lib/embedded.h"
#include "lib/xalloc.h"
#include "report/indicators.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_ROWS = 200 };

struct rows {
	int64_t parent;
	struct store_org v[MAX_ROWS];
	size_t n;
};

static int add_child(const struct store_org *o, void *arg)
{
	struct rows *x = arg;

	if (o->parent_id == x->parent && x->n < MAX_ROWS)
		x->v[x->n++] = *o;
	return 0;
}

/* The default columns (data/report/compare.json); 0 or FZ_EINVAL naming
 * the file's path when one is not an indicator. */
int api_compare_columns(const struct kind_registry *reg,
			const struct kind_indicator **out, size_t *n,
			struct fz_err *e)
{
	const struct fz_embedded *f =
	    fz_embedded_need("data/report/compare.json", "compare", e);
	json_t *j, *a, *v;
	size_t i;
	int rc = 0;

	*n = 0;
	if (!f)
		return FZ_EINVAL;
	j = json_loadb((const char *)f->data, f->len, 0, NULL);
	a = json_object_get(j, "columns");
	if (!json_is_array(a) || !json_array_size(a) ||
	    json_array_size(a) > DASH_MAX_IDS)
		rc = fz_err_set(e, FZ_EINVAL, "compare",
				"data/report/compare.json: $.columns: 1 to %d "
				"indicator ids",
				DASH_MAX_IDS);
	json_array_foreach(a, i, v)
	{
		if (rc)
			break;
		out[*n] = json_is_string(v)
			      ? kind_indicator_find(reg, json_string_value(v))
			      : NULL;
		if (!out[(*n)++])
			rc = fz_err_set(e, FZ_EINVAL, "compare",
					"data/report/compare.json: "
					"$.columns[%zu]: unknown indicator",
					i);
	}
	json_decref(j);
	return rc;
}

static int stop(const struct store_record *r, void *arg)
{
	(void)r;
	(void)arg;
	return 1;
}

/* The records of org (own: alone) overdue today, of every kind. */
static int overdue_of(struct http_req *r, struct store_conn *c, int64_t org,
		      int own, int64_t *total, struct fz_err *e)
{
	const struct kind_registry *reg = &api_app_of(r)->kinds;
	struct store_record_query q;
	size_t i;

	*total = 0;
	for (i = 0; i < reg->n; i++) {
		int64_t n = 0;
		if (!reg->v[i]->ndeadlines)
			continue;
		memset(&q, 0, sizeof(q));
		q.kind = reg->v[i]->id;
		q.root_org = org;
		q.own_only = own;
		q.due = STORE_DUE_OVERDUE;
		q.today = api_today();
		q.limit = 1;
		if (store_record_list(c, &q, stop, NULL, &n, e))
			return 1;
		*total += n;
	}
	return 0;
}

static json_t *cell_json(const struct kind_indicator *ind, double v, int64_t n)
{
	int none = kind_is_rate(ind) && n == 0;

	return json_pack("{s:s, s:o, s:I}", "id", ind->id, "value",
			 none ? json_null() : ind_number(v), "records",
			 (json_int_t)n);
}

static json_t *row_json(struct http_req *r, struct store_conn *c,
			const struct store_org *o, int own, int year,
			const struct kind_indicator **ids, size_t nids,
			struct fz_err *e)
{
	json_t *figs = json_array();
	int64_t overdue, n;
	double v;
	size_t i;

	for (i = 0; i < nids; i++) {
		if (ind_compute_own(c, ids[i], o->id, year, own, &v, &n, e))
			break;
		json_array_append_new(figs, cell_json(ids[i], v, n));
	}
	if (i < nids || overdue_of(r, c, o->id, own, &overdue, e)) {
		json_decref(figs);
		return NULL;
	}
	return json_pack("{s:I, s:s, s:s, s:I, s:o}", "org_id",
			 (json_int_t)o->id, "name", o->name, "scope",
			 own ? "own" : "all", "overdue", (json_int_t)overdue,
			 "figures", figs);
}

static json_t *columns_json(const struct kind_indicator **ids, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:s, s:o}", "id", ids[i]->id,
				 "label", ids[i]->label, "unit",
				 ids[i]->unit ? ids[i]->unit : "", "decimals",
				 ids[i]->decimals < 0
				     ? json_null()
				     : json_integer(ids[i]->decimals)));
	return a;
}

/* The own row, then one per organisation directly under root; NULL on
 * error. */
static json_t *rows_json(struct http_req *r, struct store_conn *c,
			 const struct store_org *root, int year,
			 const struct kind_indicator **ids, size_t nids,
			 struct fz_err *e)
{
	struct rows *x = fz_xcalloc(1, sizeof(*x));
	json_t *a = json_array(), *row = NULL;
	size_t i;
	int rc;

	x->parent = root->id;
	rc = store_org_list(c, root->id, add_child, x, e);
	for (i = 0; !rc && i <= x->n; i++) {
		row = i == 0
			  ? row_json(r, c, root, 1, year, ids, nids, e)
			  : row_json(r, c, &x->v[i - 1], 0, year, ids, nids, e);
		if (!row)
			rc = 1;
		else
			json_array_append_new(a, row);
	}
	free(x);
	if (rc) {
		json_decref(a);
		return NULL;
	}
	return a;
}

int api_dashboard_departments(struct http_req *r)
{
	const struct kind_indicator *ids[DASH_MAX_IDS];
	struct store_conn *c;
	struct store_org o;
	struct fz_err e;
	int64_t org, year;
	size_t n = 0;
	json_t *rows;

	fz_err_clear(&e);
	if (api_year_org(r, &org, &year, &o, &e) ||
	    (http_query(r, "ids") && api_ids_param(r, ids, &n, &e)))
		return http_fail(r, &e);
	if (!http_query(r, "ids")) {
		n = api_app_of(r)->ncompare;
		memcpy(ids, api_app_of(r)->compare, n * sizeof(*ids));
	}
	c = store_rd_acquire(server_store(r->srv));
	rows = rows_json(r, c, &o, (int)year, ids, n, &e);
	store_rd_release(server_store(r->srv), c);
	if (!rows)
		return http_fail(r, &e);
	return http_json(r, 200,
			 json_pack("{s:I, s:I, s:o, s:o}", "year",
				   (json_int_t)year, "org_id", (json_int_t)org,
				   "columns", columns_json(ids, n), "rows",
				   rows));
}
