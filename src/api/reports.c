/*
 * reports.c - figures over HTTP. For now the national table of disclosure
 * requests:
 *
 *   GET /api/v1/reports/disclosure-table?org_id&year&format=json|md|xlsx
 *   GET /api/v1/reports/disclosure-table/records?org_id&year&row&col
 *       the records counted in one cell (drill-down)
 *
 * org_id defaults to the caller's organisation; the table covers its
 * subtree (a government's table counts its departments).
 */
#include "api.h"

#include "calendar/calendar.h"
#include "lib/xalloc.h"
#include "report/disclosure_source.h"
#include "report/indicators.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ?year= (required) and ?org_id= (default: the caller's), in scope. */
static int report_params(struct http_req *r, int64_t *org, int64_t *year,
			 struct store_org *o, struct fz_err *e)
{
	int rc =
	    http_query_int(r, "year", CAL_YEAR_MIN, CAL_YEAR_MAX, 0, year, e);

	if (!rc && !*year)
		rc = fz_err_set(e, FZ_EINVAL, "year", "year: is required");
	if (!rc)
		rc = http_query_int(r, "org_id", 1, INT64_MAX, r->sess.org_id,
				    org, e);
	if (!rc)
		rc = api_org_in_scope(r, *org, "org_id", o, e);
	return rc;
}

static int build(struct http_req *r, struct dtable *t, struct store_org *o,
		 struct fz_err *e)
{
	struct store_conn *c;
	int64_t org, year;
	int rc = report_params(r, &org, &year, o, e);

	if (rc)
		return rc;
	dtable_init(t, (int)year, NULL);
	c = store_rd_acquire(server_store(r->srv));
	rc = dsource_fill(c, org, t, e);
	store_rd_release(server_store(r->srv), c);
	if (rc)
		dtable_release(t);
	return rc;
}

struct dt_xlsx {
	const struct dtable *t;
	const char *org;
};

static int write_dtable(const char *path, void *arg, struct fz_err *e)
{
	const struct dt_xlsx *x = arg;

	return dtable_render_xlsx(x->t, x->org, path, e);
}

static int send_xlsx(struct http_req *r, const struct dtable *t,
		     const char *org)
{
	struct fz_buf b = FZ_BUF_INIT(16u << 20);
	struct dt_xlsx x = {t, org};
	char name[64];
	struct fz_err e;

	if (fz_buf_via_file(&b, write_dtable, &x, &e)) {
		fz_buf_release(&b);
		return http_fail(r, &e);
	}
	snprintf(name, sizeof(name), "disclosure-table-%d.xlsx", t->year);
	http_download(r,
		      "application/vnd.openxmlformats-officedocument."
		      "spreadsheetml.sheet",
		      name, b.data, b.len);
	fz_buf_release(&b);
	return 0;
}

int api_reports_disclosure_table(struct http_req *r)
{
	const char *fmt = http_query(r, "format");
	struct fz_buf md = FZ_BUF_INIT(1u << 20);
	struct store_org o;
	struct dtable t;
	struct fz_err e;
	int rc;

	if (fmt && strcmp(fmt, "json") && strcmp(fmt, "md") &&
	    strcmp(fmt, "xlsx"))
		return http_fail_code(r, FZ_EINVAL, "format",
				      "format: json, md or xlsx");
	if (build(r, &t, &o, &e))
		return http_fail(r, &e);
	if (fmt && !strcmp(fmt, "xlsx"))
		rc = send_xlsx(r, &t, o.name);
	else if (fmt && !strcmp(fmt, "md")) {
		dtable_render_md(&t, o.name, &md);
		rc = http_raw(r, 200, "text/markdown; charset=utf-8",
			      md.data ? md.data : "", md.len);
	} else
		rc = http_json(r, 200, dsource_json(&t, o.name));
	fz_buf_release(&md);
	dtable_release(&t);
	return rc;
}

int api_reports_disclosure_records(struct http_req *r)
{
	const char *row = http_query(r, "row"), *col = http_query(r, "col");
	struct store_conn *c;
	struct store_org o;
	struct dtable t;
	struct fz_err e;
	int64_t *ids = NULL;
	json_t *a;
	size_t n = 0, i;

	if (build(r, &t, &o, &e))
		return http_fail(r, &e);
	if (dtable_records(&t, row ? row : "", col ? col : "total", &ids, &n,
			   &e)) {
		dtable_release(&t);
		e.code = FZ_EINVAL;
		return http_fail(r, &e);
	}
	a = json_array();
	c = store_rd_acquire(server_store(r->srv));
	for (i = 0; i < n; i++) {
		struct store_record rec;
		if (store_record_get(c, ids[i], &rec, NULL))
			continue;
		json_array_append_new(
		    a, json_pack("{s:I, s:s, s:s, s:s}", "id",
				 (json_int_t)rec.id, "number", rec.number,
				 "title", rec.title, "state", rec.state));
		store_record_release(&rec);
	}
	store_rd_release(server_store(r->srv), c);
	free(ids);
	dtable_release(&t);
	return http_json(
	    r, 200,
	    json_pack("{s:I, s:o}", "count", (json_int_t)n, "records", a));
}

/* ---- indicators ------------------------------------------------------------
 */

int api_indicators(struct http_req *r)
{
	struct store_conn *c;
	struct store_org o;
	struct fz_err e;
	int64_t org, year;
	json_t *a = NULL;
	int rc;

	if (report_params(r, &org, &year, &o, &e))
		return http_fail(r, &e);
	c = store_rd_acquire(server_store(r->srv));
	rc = ind_all(c, &api_app_of(r)->kinds, org, (int)year, &a, &e);
	store_rd_release(server_store(r->srv), c);
	if (rc)
		return http_fail(r, &e);
	return http_json(r, 200,
			 json_pack("{s:I, s:I, s:o}", "org_id", (json_int_t)org,
				   "year", (json_int_t)year, "indicators", a));
}

int api_indicator_records(struct http_req *r)
{
	const struct kind_indicator *ind =
	    kind_indicator_find(&api_app_of(r)->kinds, http_capture(r, 0));
	struct store_conn *c;
	struct store_org o;
	struct fz_err e;
	int64_t org, year, page, per;
	double value;
	int64_t n = 0;
	json_t *a = NULL;
	int rc;

	if (!ind)
		return http_fail_code(r, FZ_ENOTFOUND, "id",
				      "id: no indicator '%s'",
				      http_capture(r, 0));
	if (report_params(r, &org, &year, &o, &e) ||
	    http_query_int(r, "page", 1, 1000000, 1, &page, &e) ||
	    http_query_int(r, "per_page", 1, 1000, 100, &per, &e))
		return http_fail(r, &e);
	c = store_rd_acquire(server_store(r->srv));
	rc = ind_compute(c, ind, org, (int)year, &value, &n, &e);
	if (!rc)
		rc = ind_records(c, ind, org, (int)year, per, (page - 1) * per,
				 &a, &e);
	store_rd_release(server_store(r->srv), c);
	if (rc)
		return http_fail(r, &e);
	return http_json(r, 200,
			 json_pack("{s:s, s:s, s:f, s:I, s:o}", "id", ind->id,
				   "label", ind->label, "value", value, "total",
				   (json_int_t)n, "records", a));
}
