/*
 * reports.c - figures over HTTP: the annual report, the national table of
 * disclosure requests, the indicators.
 *
 *   GET /api/v1/reports/annual?org_id&year&format=md|html|docx|xlsx&date
 *       the 法治政府建设情况报告 (src/report/annual.h); date: its date,
 *       default today
 *   GET /api/v1/reports/annual/sections?org_id&year
 *       the narrative sections of the template with what was written
 *   GET /api/v1/reports/annual/statements?org_id&year
 *       the statements the template asks for: written, or why not
 *   PUT /api/v1/reports/annual/sections/{section}?org_id&year
 *       {text, version}: one edit, a `report.section` event
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
#include "lib/jsonv.h"
#include "lib/xalloc.h"
#include "report/annual.h"
#include "report/disclosure_source.h"
#include "report/indicators.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int build(struct http_req *r, struct dtable *t, struct store_org *o,
		 struct fz_err *e)
{
	struct store_conn *c;
	int64_t org, year;
	int rc = api_year_org(r, &org, &year, o, e);

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
		rc = http_take(r, 200, "text/markdown; charset=utf-8", &md);
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

	if (api_year_org(r, &org, &year, &o, &e))
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
	int64_t org, year, page, per, own;
	double value;
	int64_t n = 0;
	json_t *a = NULL;
	int rc;

	if (!ind)
		return http_fail_code(r, FZ_ENOTFOUND, "id",
				      "id: no indicator '%s'",
				      http_capture(r, 0));
	if (api_year_org(r, &org, &year, &o, &e) ||
	    http_query_int(r, "page", 1, 1000000, 1, &page, &e) ||
	    http_query_int(r, "per_page", 1, 1000, 100, &per, &e) ||
	    http_query_int(r, "own", 0, 1, 0, &own, &e))
		return http_fail(r, &e);
	c = store_rd_acquire(server_store(r->srv));
	rc = ind_compute_own(c, ind, org, (int)year, (int)own, &value, &n, &e);
	if (!rc)
		rc = ind_records_own(c, ind, org, (int)year, (int)own, per,
				     (page - 1) * per, &a, &e);
	store_rd_release(server_store(r->srv), c);
	if (rc)
		return http_fail(r, &e);
	return http_json(r, 200,
			 json_pack("{s:s, s:s, s:f, s:I, s:o}", "id", ind->id,
				   "label", ind->label, "value", value, "total",
				   (json_int_t)n, "records", a));
}

/* ---- the annual report ------------------------------------------------------
 */

/* ?date=YYYY-MM-DD, default today. */
static int report_date(struct http_req *r, int *day, struct fz_err *e)
{
	const char *d = http_query(r, "date");

	*day = api_today();
	return d ? cal_date_parse(d, day, "date", e) : 0;
}

/* The annual report asked for: ?year and ?org_id as api_year_org. */
static int annual_params(struct http_req *r, struct annual_req *q,
			 struct store_org *o, struct fz_err *e)
{
	int64_t org, year;
	int rc = api_year_org(r, &org, &year, o, e);

	q->org = o;
	q->year = (int)year;
	return rc;
}

int api_reports_annual(struct http_req *r)
{
	struct fz_buf out = FZ_BUF_INIT(64u << 20);
	struct annual_req q = {0};
	enum annual_format f = ANNUAL_HTML;
	const char *fmt = http_query(r, "format");
	struct store_conn *c;
	struct store_org o;
	struct fz_err e;
	char name[64];
	int rc;

	if ((fmt && annual_format_parse(fmt, &f, &e)) ||
	    annual_params(r, &q, &o, &e) || report_date(r, &q.date, &e))
		return http_fail(r, &e);
	c = store_rd_acquire(server_store(r->srv));
	rc = annual_render(c, &api_app_of(r)->kinds, &q, f, &out, &e);
	store_rd_release(server_store(r->srv), c);
	if (rc) {
		fz_buf_release(&out);
		return http_fail(r, &e);
	}
	snprintf(name, sizeof(name), "annual-report-%lld-%d.%s",
		 (long long)o.id, q.year, annual_extension(f));
	if (f == ANNUAL_DOCX || f == ANNUAL_XLSX)
		http_download(r, annual_content_type(f), name, out.data,
			      out.len);
	else
		rc = http_take(r, 200, annual_content_type(f), &out);
	fz_buf_release(&out);
	return rc;
}

typedef int (*annual_list_fn)(struct store_conn *c,
			      const struct kind_registry *reg,
			      const struct annual_req *q, json_t **out,
			      struct fz_err *e);

/* {org_id, year, KEY: fn's list} for ?org_id&year. */
static int annual_list(struct http_req *r, annual_list_fn fn, const char *key)
{
	struct annual_req q = {0};
	struct store_conn *c;
	struct store_org o;
	struct fz_err e;
	json_t *a = NULL;
	int rc;

	if (annual_params(r, &q, &o, &e))
		return http_fail(r, &e);
	c = store_rd_acquire(server_store(r->srv));
	rc = fn(c, &api_app_of(r)->kinds, &q, &a, &e);
	store_rd_release(server_store(r->srv), c);
	if (rc)
		return http_fail(r, &e);
	return http_json(r, 200,
			 json_pack("{s:I, s:i, s:o}", "org_id",
				   (json_int_t)o.id, "year", q.year, key, a));
}

int api_reports_sections(struct http_req *r)
{
	return annual_list(r, annual_sections, "sections");
}

int api_reports_statements(struct http_req *r)
{
	return annual_list(r, annual_statements, "statements");
}

struct section_put {
	struct api_result res;
	int64_t org_id;
	int year, version;
	char section[64];
	char *text;
	char actor[64];
};

static void section_put_free(void *p)
{
	struct section_put *x = p;

	free(x->text);
	api_result_free(x);
}

static int section_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct section_put *x = arg;
	char subject[96];
	json_t *data;
	int version = 0;
	int rc = store_section_put(c, x->org_id, x->year, x->section, x->text,
				   x->actor, x->version, &version, e);

	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "report:%d:%s", x->year, x->section);
	data = json_pack("{s:i, s:s, s:s, s:i}", "year", x->year, "section",
			 x->section, "text", x->text, "version", version);
	rc = store_event_append(c, x->org_id, x->actor, "report.section",
				subject, data, e);
	json_decref(data);
	x->res.json = json_pack("{s:s, s:s, s:i}", "section", x->section,
				"text", x->text, "version", version);
	return rc;
}

int api_reports_section_put(struct http_req *r)
{
	static const struct jv_field spec[] = {
	    {"text", JV_STRING, JV_REQUIRED | JV_MULTILINE, 0,
	     ANNUAL_SECTION_MAX},
	    {"version", JV_INT, JV_REQUIRED, 0, INT32_MAX},
	    {NULL, 0, 0, 0, 0}};
	const char *section = http_capture(r, 0);
	struct annual_req q = {0};
	struct section_put *x;
	struct store_conn *c;
	struct store_org o;
	struct fz_err e;
	int found;

	if (annual_params(r, &q, &o, &e) || jv_check(r->json, spec, &e))
		return http_fail(r, &e);
	c = store_rd_acquire(server_store(r->srv));
	found = annual_has_section(c, &api_app_of(r)->kinds, &q, section, &e);
	store_rd_release(server_store(r->srv), c);
	if (found < 0)
		return http_fail(r, &e);
	if (!found)
		return http_fail_code(r, FZ_ENOTFOUND, "section",
				      "section: the report has no section "
				      "'%s'",
				      section);
	x = api_ctx(r, sizeof(*x), section_put_free);
	x->org_id = o.id;
	x->year = q.year;
	x->version =
	    (int)json_integer_value(json_object_get(r->json, "version"));
	snprintf(x->section, sizeof(x->section), "%s", section);
	x->text = fz_xstrdup(jv_str(r->json, "text", ""));
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	return http_write(r, section_write, x, api_after_json);
}
