/*
 * common.c - what the handler files share (api.h), and the route table.
 */
#include "api.h"

#include "admin/agents.h"
#include "auth/roles.h"
#include "kinds/figures.h"
#include "lib/clock.h"
#include "lib/xalloc.h"
#include "report/annual.h"

#include <stdlib.h>
#include <string.h>

const struct route api_routes[] = {
    {"GET", "/healthz", api_healthz, 0, R_PUBLIC, "healthz"},
    {"GET", "/metrics", api_metrics, 0, R_PUBLIC, "metrics"},
    {"GET", "/api/v1/openapi.json", api_openapi, 0, R_PUBLIC, "openapi"},
    {"POST", "/api/v1/auth/login", api_login, 0,
     R_PUBLIC | R_JSON_BODY | R_RATE_LIMITED | R_RATE_ACCOUNT, "auth.login"},
    {"POST", "/api/v1/auth/logout", api_logout, 0, R_PW_CHANGE_OK,
     "auth.logout"},
    {"GET", "/api/v1/auth/me", api_me, 0, R_PW_CHANGE_OK, "auth.me"},
    {"POST", "/api/v1/auth/password", api_password, 0,
     R_PW_CHANGE_OK | R_JSON_BODY, "auth.password"},
    {"GET", "/api/v1/roles", api_roles, 0, 0, "roles"},
    {"GET", "/api/v1/orgs", api_orgs_list, ROLE_ALL & ~ROLE_AUDITOR, 0,
     "orgs.list"},
    {"POST", "/api/v1/orgs", api_orgs_add, ROLE_SYSADMIN, R_JSON_BODY,
     "orgs.add"},
    {"GET", "/api/v1/orgs/{id}", api_orgs_get, ROLE_ALL & ~ROLE_AUDITOR, 0,
     "orgs.get"},
    {"GET", "/api/v1/orgs/{id}/settings/{key}", api_orgs_setting_get,
     ROLE_ALL & ~ROLE_AUDITOR, 0, "orgs.setting_get"},
    {"PUT", "/api/v1/orgs/{id}/settings/{key}", api_orgs_setting_put,
     ROLE_SYSADMIN, R_JSON_BODY, "orgs.setting_put"},
    {"GET", "/api/v1/users", api_users_list, ROLE_SYSADMIN | ROLE_SECADMIN, 0,
     "users.list"},
    {"POST", "/api/v1/users", api_users_add, ROLE_SYSADMIN, R_JSON_BODY,
     "users.add"},
    {"GET", "/api/v1/users/{id}", api_users_get, ROLE_SYSADMIN | ROLE_SECADMIN,
     0, "users.get"},
    {"PUT", "/api/v1/users/{id}/roles", api_users_roles, ROLE_SECADMIN,
     R_JSON_BODY, "users.roles"},
    {"POST", "/api/v1/users/{id}/lock", api_users_lock,
     ROLE_SYSADMIN | ROLE_SECADMIN, 0, "users.lock"},
    {"POST", "/api/v1/users/{id}/unlock", api_users_unlock, ROLE_SECADMIN, 0,
     "users.unlock"},
    {"POST", "/api/v1/users/{id}/password", api_users_reset, ROLE_SECADMIN,
     R_JSON_BODY, "users.password"},
    {"POST", "/api/v1/tokens", api_tokens_add, ROLE_SYSADMIN, R_JSON_BODY,
     "tokens.add"},
    {"DELETE", "/api/v1/tokens/{id}", api_tokens_revoke, ROLE_SYSADMIN, 0,
     "tokens.revoke"},
    {"GET", "/api/v1/audit/events", api_audit_events, ROLE_AUDITOR, 0,
     "audit.events"},
    {"GET", "/api/v1/audit/export", api_audit_export, ROLE_AUDITOR, 0,
     "audit.export"},
    {"GET", "/api/v1/audit/verify", api_audit_verify, ROLE_AUDITOR, 0,
     "audit.verify"},
    {"GET", "/api/v1/calendar/{year}", api_calendar_year, 0, 0,
     "calendar.year"},
    {"POST", "/api/v1/calendar/import", api_calendar_import, ROLE_SYSADMIN,
     R_JSON_BODY, "calendar.import"},
    {"GET", "/api/v1/rules", api_rules_list, 0, 0, "rules.list"},
    {"PUT", "/api/v1/rules/{id}/override", api_rules_override, ROLE_SYSADMIN,
     R_JSON_BODY, "rules.override"},
    {"GET", "/api/v1/deadline", api_deadline, 0, 0, "deadline"},
    {"GET", "/api/v1/kinds", api_kinds_list, 0, 0, "kinds.list"},
    {"GET", "/api/v1/kinds/{kind}", api_kinds_get, 0, 0, "kinds.get"},
    {"GET", "/api/v1/records/{kind}", api_records_list, ROLE_BUSINESS, 0,
     "records.list"},
    {"POST", "/api/v1/records/{kind}", api_records_create, ROLE_BUSINESS,
     R_JSON_BODY, "records.create"},
    {"GET", "/api/v1/records/{kind}/export", api_records_export, ROLE_BUSINESS,
     0, "records.export"},
    {"GET", "/api/v1/records/{kind}/{id}", api_records_get, ROLE_BUSINESS, 0,
     "records.get"},
    {"POST", "/api/v1/records/{kind}/{id}/transitions/{name}",
     api_records_transition, ROLE_BUSINESS, R_JSON_BODY, "records.transition"},
    {"POST", "/api/v1/records/{kind}/{id}/return", api_records_return,
     ROLE_BUSINESS, R_JSON_BODY, "records.return"},
    {"POST", "/api/v1/records/{kind}/{id}/cc", api_records_cc, ROLE_BUSINESS,
     R_JSON_BODY, "records.cc"},
    {"POST", "/api/v1/records/{kind}/{id}/cc/ack", api_records_cc_ack,
     ROLE_BUSINESS, 0, "records.cc_ack"},
    {"GET", "/api/v1/records/{kind}/{id}/documents/{name}",
     api_records_document, ROLE_BUSINESS, 0, "records.document"},
    {"GET", "/api/v1/records/{kind}/{id}/history", api_records_history,
     ROLE_BUSINESS, 0, "records.history"},
    {"POST", "/api/v1/records/{kind}/{id}/files", api_files_add,
     ROLE_BUSINESS & ~ROLE_VIEWER, R_UPLOAD, "files.add"},
    {"GET", "/api/v1/records/{kind}/{id}/files", api_files_list, ROLE_BUSINESS,
     0, "files.list"},
    {"GET", "/api/v1/records/{kind}/{id}/files/{file_id}", api_files_get,
     ROLE_BUSINESS, 0, "files.get"},
    {"GET", "/api/v1/reports/disclosure-table", api_reports_disclosure_table,
     ROLE_BUSINESS, 0, "reports.disclosure_table"},
    {"GET", "/api/v1/reports/disclosure-table/records",
     api_reports_disclosure_records, ROLE_BUSINESS, 0,
     "reports.disclosure_records"},
    {"GET", "/api/v1/reports/annual", api_reports_annual, ROLE_BUSINESS, 0,
     "reports.annual"},
    {"GET", "/api/v1/reports/annual/sections", api_reports_sections,
     ROLE_BUSINESS, 0, "reports.sections"},
    {"GET", "/api/v1/reports/annual/statements", api_reports_statements,
     ROLE_BUSINESS, 0, "reports.statements"},
    {"PUT", "/api/v1/reports/annual/sections/{section}",
     api_reports_section_put, ROLE_REVIEWER | ROLE_HEAD | ROLE_STATS,
     R_JSON_BODY, "reports.section_put"},
    {"GET", "/api/v1/indicators", api_indicators, ROLE_BUSINESS, 0,
     "indicators.list"},
    {"GET", "/api/v1/indicators/{id}/records", api_indicator_records,
     ROLE_BUSINESS, 0, "indicators.records"},
    {"GET", "/api/v1/dashboard/deadlines", api_dashboard_deadlines,
     ROLE_BUSINESS, 0, "dashboard.deadlines"},
    {"GET", "/api/v1/dashboard/figures", api_dashboard_figures, ROLE_BUSINESS,
     0, "dashboard.figures"},
    {"GET", "/api/v1/dashboard/people", api_dashboard_people, ROLE_BUSINESS, 0,
     "dashboard.people"},
    {"GET", "/api/v1/dashboard/departments", api_dashboard_departments,
     ROLE_BUSINESS, 0, "dashboard.departments"},
    {"GET", "/api/v1/public/orgs", api_public_orgs, 0,
     R_PUBLIC | R_RATE_LIMITED, "public.orgs"},
    {"GET", "/api/v1/public/kinds", api_public_kinds, 0,
     R_PUBLIC | R_RATE_LIMITED, "public.kinds"},
    {"POST", "/api/v1/public/{kind}", api_public_submit, 0,
     R_PUBLIC | R_RATE_LIMITED | R_JSON_BODY, "public.submit"},
    {"GET", "/api/v1/public/{kind}/list", api_public_list, 0,
     R_PUBLIC | R_RATE_LIMITED, "public.list"},
    {"GET", "/api/v1/public/{kind}/{code}", api_public_status, 0,
     R_PUBLIC | R_RATE_LIMITED, "public.status"},
    {NULL, NULL, NULL, 0, 0, NULL},
};

int api_app_open(struct api_app *app, struct store *s, const char *kinds_dir,
		 struct fz_err *e)
{
	struct store_conn *c = store_rd_acquire(s);
	int rc = lt_state_open(&app->lt, c, e);

	store_rd_release(s, c);
	kind_registry_init(&app->kinds);
	if (!rc)
		rc = kind_registry_load(&app->kinds, kinds_dir,
					lt_rules(app->lt), e);
	/* the report's catalogue and templates name only what is declared */
	if (!rc)
		rc = annual_check(&app->kinds, e);
	if (!rc)
		rc = api_compare_columns(&app->kinds, app->compare,
					 &app->ncompare, e);
	/* figures of kinds new or changed are counted before any write */
	if (!rc)
		rc = fig_sync(s, &app->kinds, 0, NULL, e);
	if (rc)
		api_app_close(app);
	return rc;
}

void api_app_close(struct api_app *app)
{
	kind_registry_release(&app->kinds);
	lt_state_free(app->lt);
	app->lt = NULL;
}

struct api_app *api_app_of(struct http_req *r)
{
	return server_app(r->srv);
}

int api_today(void)
{
	char d[16];
	int day = 0;

	fz_ms_to_local_date(fz_now_ms(), d, sizeof(d));
	cal_date_parse(d, &day, "today", NULL);
	return day;
}

int api_year_org(struct http_req *r, int64_t *org, int64_t *year,
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

int api_soon_until(struct http_req *r, int today)
{
	struct lt_state *lt = api_app_of(r)->lt;
	const struct cal_calendar *cal;
	int until;

	lt_read_begin(lt, &cal);
	if (cal_add_working_days(cal, today, CAL_SOON_DEFAULT, &until, NULL))
		until = today + CAL_SOON_DEFAULT;
	lt_read_end(lt);
	return until;
}

void *api_ctx(struct http_req *r, size_t size, void (*release)(void *))
{
	r->ctx = fz_xcalloc(1, size);
	r->ctx_free = release ? release : free;
	return r->ctx;
}

void api_result_free(void *ctx)
{
	struct api_result *res = ctx;

	json_decref(res->json);
	free(ctx);
}

int api_after_json(struct http_req *r, int rc, const struct fz_err *e)
{
	struct api_result *res = r->ctx;
	json_t *j;

	if (rc)
		return http_fail(r, e);
	j = res->json;
	res->json = NULL;
	return http_json(r, res->status ? res->status : 200, j);
}

int api_in_scope(const struct http_req *r, const char *org_path)
{
	size_t n = strlen(r->sess.org_path);

	return n && strncmp(org_path, r->sess.org_path, n) == 0;
}

int64_t api_acting_for(struct http_req *r, struct store_conn *c,
		       const char *kind)
{
	return agents_acting_for(c, r->sess.org_id, kind);
}

int api_org_in_scope(struct http_req *r, int64_t id, const char *field,
		     struct store_org *out, struct fz_err *e)
{
	struct store_conn *c = store_rd_acquire(server_store(r->srv));
	int rc = store_org_get(c, id, out, e);

	store_rd_release(server_store(r->srv), c);
	if (rc == FZ_ENOTFOUND || (!rc && !api_in_scope(r, out->path)))
		return fz_err_set(e, FZ_ENOTFOUND, field,
				  "%s: no organisation %lld in your scope",
				  field, (long long)id);
	return rc;
}

int api_user_in_scope(struct http_req *r, int64_t id, const char *field,
		      struct store_user *out, struct fz_err *e)
{
	struct store_conn *c = store_rd_acquire(server_store(r->srv));
	struct store_org o;
	int rc = store_user_by_id(c, id, out, e);

	if (!rc)
		rc = store_org_get(c, out->org_id, &o, e);
	store_rd_release(server_store(r->srv), c);
	if (rc == FZ_ENOTFOUND || (!rc && !api_in_scope(r, o.path)))
		return fz_err_set(e, FZ_ENOTFOUND, field,
				  "%s: no user %lld in your scope", field,
				  (long long)id);
	return rc;
}

json_t *api_org_json(const struct store_org *o)
{
	json_t *j =
	    json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)o->id, "name",
		      o->name, "level", o->level, "path", o->path);

	json_object_set_new(j, "parent_id",
			    o->parent_id ? json_integer(o->parent_id)
					 : json_null());
	return j;
}

json_t *api_user_json(const struct store_user *u)
{
	char when[32];

	fz_ms_to_local(u->created_at, when, sizeof(when));
	return json_pack(
	    "{s:I, s:I, s:s, s:s, s:o, s:b, s:b, s:b, s:s, s:b}", "id",
	    (json_int_t)u->id, "org_id", (json_int_t)u->org_id, "username",
	    u->username, "display_name", u->display_name, "roles",
	    roles_to_json(u->roles), "must_change_password", u->must_change,
	    "disabled", u->disabled, "locked", u->locked_until > fz_now_ms(),
	    "created_at", when, "integration", u->integration);
}
