/*
 * legaltime.c - the calendar, the statutory rules and due dates over HTTP:
 * read a year's days off, import a year (系统管理员, audited), list the
 * rules with the period in force for my organisation, override a period
 * for an organisation whose province rules differ (系统管理员, audited),
 * and compute a due date with its calendar_incomplete flag and status.
 */
#include "api.h"

#include "lib/clock.h"
#include "lib/jsonv.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int api_calendar_year(struct http_req *r)
{
	struct lt_state *lt = api_app_of(r)->lt;
	const struct cal_calendar *cal;
	struct cal_entry ent[400];
	char d[CAL_DATE_LEN];
	struct fz_err e;
	json_t *days = json_array(), *j;
	int64_t year;
	size_t n, i;

	if (http_capture_id(r, 0, "year", &year, &e) || year < CAL_YEAR_MIN ||
	    year > CAL_YEAR_MAX) {
		json_decref(days);
		return http_fail_code(r, FZ_EINVAL, "year",
				      "year: must be from %d to %d",
				      CAL_YEAR_MIN, CAL_YEAR_MAX);
	}
	lt_read_begin(lt, &cal);
	n = cal_year_entries(cal, (int)year, ent, 400);
	for (i = 0; i < n && i < 400; i++)
		json_array_append_new(
		    days, json_pack("{s:s, s:b, s:s?}", "date",
				    cal_date_format(ent[i].day, d), "working",
				    ent[i].working, "name", ent[i].name));
	j = json_pack("{s:I, s:b, s:s?, s:o}", "year", (json_int_t)year,
		      "has_data", cal_has_year(cal, (int)year), "source",
		      cal_year_source(cal, (int)year), "days", days);
	lt_read_end(lt);
	return http_json(r, 200, j);
}

/* ---- writes that reload the state after their commit ------------------ */

struct lt_write {
	struct api_result res;
	struct lt_state *lt;
	char *text;
	int64_t org_id;
	char rule[64];
	int days;
	int years;
	char actor[64];
};

static void lt_write_free(void *p)
{
	struct lt_write *x = p;

	free(x->text);
	api_result_free(x);
}

static int reload_after(struct http_req *r, int rc, const struct fz_err *e)
{
	struct lt_write *x = r->ctx;
	struct store_conn *c;
	struct fz_err re;

	if (rc)
		return http_fail(r, e);
	c = store_rd_acquire(server_store(r->srv));
	rc = lt_state_reload(x->lt, c, &re);
	store_rd_release(server_store(r->srv), c);
	if (rc)
		return http_fail(r, &re);
	return api_after_json(r, 0, NULL);
}

static int import_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct lt_write *x = arg;
	int rc = lt_calendar_import(c, x->text, strlen(x->text), "API import",
				    x->actor, &x->years, e);

	x->res.json = json_pack("{s:i}", "years_imported", x->years);
	return rc;
}

int api_calendar_import(struct http_req *r)
{
	static const struct jv_field spec[] = {
	    {"text", JV_STRING, JV_REQUIRED | JV_MULTILINE, 1, 200000},
	    {NULL, 0, 0, 0, 0}};
	struct lt_write *x;
	struct fz_err e;

	if (jv_check(r->json, spec, &e))
		return http_fail(r, &e);
	x = api_ctx(r, sizeof(*x), lt_write_free);
	x->lt = api_app_of(r)->lt;
	x->text = fz_xstrdup(jv_str(r->json, "text", ""));
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	return http_write(r, import_write, x, reload_after);
}

static int override_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct lt_write *x = arg;
	int rc;

	lt_read_begin(x->lt, NULL);
	rc = lt_rule_override(c, lt_rules(x->lt), x->org_id, x->rule, x->days,
			      x->actor, e);
	lt_read_end(x->lt);
	x->res.json = json_pack("{s:s, s:I, s:i}", "rule", x->rule, "org_id",
				(json_int_t)x->org_id, "days", x->days);
	return rc;
}

int api_rules_override(struct http_req *r)
{
	static const struct jv_field spec[] = {
	    {"org_id", JV_INT, JV_REQUIRED, 1, INT64_MAX},
	    {"days", JV_INT, JV_REQUIRED, 1, CAL_MAX_UNITS},
	    {NULL, 0, 0, 0, 0}};
	struct store_org o;
	struct lt_write *x;
	struct fz_err e;

	if (jv_check(r->json, spec, &e))
		return http_fail(r, &e);
	x = api_ctx(r, sizeof(*x), lt_write_free);
	x->org_id = json_integer_value(json_object_get(r->json, "org_id"));
	if (api_org_in_scope(r, x->org_id, "org_id", &o, &e))
		return http_fail(r, &e);
	x->lt = api_app_of(r)->lt;
	x->days = (int)json_integer_value(json_object_get(r->json, "days"));
	snprintf(x->rule, sizeof(x->rule), "%s", http_capture(r, 0));
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	return http_write(r, override_write, x, reload_after);
}

/* ---- reading the rules and computing ---------------------------------- */

static json_t *rule_json(struct lt_state *lt, const struct rules_rule *rr,
			 const char *org_path)
{
	int64_t by;
	int days = lt_rule_days(lt, rr, org_path, &by);
	json_t *j = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:i}", "id", rr->id, "label",
	    rr->label, "basis", rr->basis, "form", rules_form_name(rr->form),
	    "kind", rr->kind == RULES_MINIMUM ? "minimum" : "deadline", "start",
	    rr->start, "extend_max", rr->extend_max);

	if (rr->form != RULES_FIXED) {
		json_object_set_new(j, "national_days", json_integer(rr->n));
		json_object_set_new(j, "days", json_integer(days));
		json_object_set_new(j, "overridden_by_org",
				    by ? json_integer(by) : json_null());
	} else {
		char md[8];
		snprintf(md, sizeof(md), "%02d-%02d", rr->month, rr->mday);
		json_object_set_new(j, "date", json_string(md));
	}
	return j;
}

int api_rules_list(struct http_req *r)
{
	struct lt_state *lt = api_app_of(r)->lt;
	const struct rules_table *rules = lt_rules(lt);
	json_t *a = json_array();
	size_t i;

	lt_read_begin(lt, NULL); /* the overrides rule_json reads */
	for (i = 0; i < rules->n; i++)
		json_array_append_new(
		    a, rule_json(lt, &rules->v[i], r->sess.org_path));
	lt_read_end(lt);
	return http_json(r, 200, json_pack("{s:o}", "rules", a));
}

struct dl_query {
	struct cal_period p;
	int soon; /* working days before the due date that count as due soon */
	struct cal_pause pauses[CAL_MAX_PAUSES];
	const char *rule;
};

static int parse_pauses(const char *s, struct dl_query *q, struct fz_err *e)
{
	while (s && *s) {
		size_t len = strcspn(s, ","), dots;
		const char *dd = strstr(s, "..");
		struct cal_pause *pp = &q->pauses[q->p.npauses];

		if (q->p.npauses == CAL_MAX_PAUSES || !dd || dd > s + len)
			return fz_err_set(e, FZ_EINVAL, "pauses",
					  "pauses: expected FROM..TO[,FROM..TO]"
					  " (at most %d)",
					  CAL_MAX_PAUSES);
		dots = (size_t)(dd - s);
		if (cal_date_parse_n(s, dots, &pp->from, "pauses", e) ||
		    cal_date_parse_n(dd + 2, len - dots - 2, &pp->to, "pauses",
				     e))
			return FZ_EINVAL;
		if (pp->to < pp->from)
			return fz_err_set(e, FZ_EINVAL, "pauses",
					  "pauses: a pause ends before it "
					  "starts");
		q->p.npauses++;
		s += len + (s[len] == ',');
	}
	return 0;
}

static int parse_deadline(struct http_req *r, struct dl_query *q,
			  struct fz_err *e)
{
	const char *from = http_query(r, "from");
	int64_t wd = 0, cd = 0, ext = 0, soon = CAL_SOON_DEFAULT;
	int rc;

	memset(q, 0, sizeof(*q));
	q->p.pauses = q->pauses;
	q->rule = http_query(r, "rule");
	if (!from)
		return fz_err_set(e, FZ_EINVAL, "from", "from: is required");
	rc = cal_date_parse(from, &q->p.start, "from", e);
	if (!rc)
		rc = http_query_int(r, "working_days", 1, CAL_MAX_UNITS, 0, &wd,
				    e);
	if (!rc)
		rc = http_query_int(r, "calendar_days", 1, CAL_MAX_UNITS, 0,
				    &cd, e);
	if (!rc)
		rc = http_query_int(r, "extend", 0, CAL_MAX_UNITS, 0, &ext, e);
	if (!rc)
		rc = http_query_int(r, "soon", 0, 60, CAL_SOON_DEFAULT, &soon,
				    e);
	if (!rc)
		rc = parse_pauses(http_query(r, "pauses"), q, e);
	if (!rc && (!!wd + !!cd + !!q->rule) != 1)
		rc = fz_err_set(e, FZ_EINVAL, "working_days",
				"give exactly one of working_days, "
				"calendar_days and rule");
	q->p.form = cd ? CAL_CALENDAR_DAYS : CAL_WORKING_DAYS;
	q->p.n = (int)(wd ? wd : cd);
	q->p.extend = (int)ext;
	q->soon = (int)soon;
	return rc;
}

/* The due date of the rule in force for the organisation (lt_rule_due):
 * the period it applied is reported in q->p. */
static int rule_due(struct lt_state *lt, struct dl_query *q,
		    const char *org_path, struct rules_rule *used, int64_t *by,
		    struct cal_result *res, struct fz_err *e)
{
	int rc = lt_rule_due(lt, q->rule, org_path, q->p.start, q->p.pauses,
			     q->p.npauses, q->p.extend, res, used, by, e);

	if (rc == FZ_ENOTFOUND)
		return fz_err_set(e, FZ_EINVAL, "rule",
				  "rule: no statutory rule '%s'", q->rule);
	if (!rc && used->form != RULES_FIXED) {
		q->p.form = (enum cal_form)used->form;
		q->p.n = used->n;
		q->p.backward = used->backward;
	}
	return rc;
}

/* With the read lock held. */
static json_t *compute(struct lt_state *lt, const struct cal_calendar *cal,
		       struct dl_query *q, const char *org_path,
		       struct fz_err *e)
{
	struct rules_rule used;
	struct cal_result res;
	enum cal_status st;
	int64_t by = 0;
	json_t *j;

	if (q->rule ? rule_due(lt, q, org_path, &used, &by, &res, e)
		    : cal_due(cal, &q->p, &res, e))
		return NULL;
	j = lt_due_json(cal, &q->p, q->rule ? &used : NULL, &res);
	if (by)
		json_object_set_new(j, "overridden_by_org", json_integer(by));
	if (!cal_status(cal, res.due, CAL_NO_DATE, api_today(), q->soon, &st,
			NULL))
		json_object_set_new(j, "status",
				    json_pack("{s:s, s:s}", "id",
					      cal_status_name(st), "label",
					      cal_status_label(st)));
	return j;
}

int api_deadline(struct http_req *r)
{
	struct lt_state *lt = api_app_of(r)->lt;
	const struct cal_calendar *cal;
	struct dl_query q;
	struct fz_err e;
	json_t *j;

	fz_err_clear(&e);
	if (parse_deadline(r, &q, &e))
		return http_fail(r, &e);
	lt_read_begin(lt, &cal);
	j = compute(lt, cal, &q, r->sess.org_path, &e);
	lt_read_end(lt);
	if (!j)
		return http_fail(r, &e);
	return http_json(r, 200, j);
}
