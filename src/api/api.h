/*
 * api.h - the HTTP API: the route table and what the handler files share.
 *
 * Handlers live by resource: health.c, auth.c, orgs.c, users.c, tokens.c,
 * audit.c. A handler validates its input with jsonv, reads through a pooled
 * store connection, and makes every change through http_write(): one write
 * function that changes the rows and appends the event in the same
 * transaction. Scope: a user sees and changes only the organisations in
 * the subtree of his own (SPEC §1).
 */
#ifndef FZ_API_H
#define FZ_API_H

#include "admin/legaltime.h"
#include "http/server.h"
#include "kinds/kind.h"
#include "store/store.h"

#include <jansson.h>

/* A list's search text (q): at most this many bytes (100 Chinese
 * characters); longer is refused, naming q, before any query runs. */
#define API_MAX_SEARCH_BYTES 300

extern const struct route api_routes[];

/* What the handlers share beyond the store (server_app()). */
enum { DASH_MAX_IDS = 32 };

struct api_app {
	struct lt_state *lt;	    /* calendar and statutory rules in force */
	struct kind_registry kinds; /* deadlines point into lt_rules(lt) */
	const char *templates_dir;  /* organisation's DOCX templates, or NULL */
	/* the columns of the departments compared (data/report/compare.json),
	   read and checked once when the kinds are */
	const struct kind_indicator *compare[DASH_MAX_IDS];
	size_t ncompare;
};

/* Load the kinds (embedded, then dir if not NULL) and the legal time, and
 * count the figures of kinds whose declaration they were not counted under
 * (fig_sync: once after migration 007 or a changed declaration). */
int api_app_open(struct api_app *app, struct store *s, const char *kinds_dir,
		 struct fz_err *e);
void api_app_close(struct api_app *app);
struct api_app *api_app_of(struct http_req *r);
/* Today in Asia/Shanghai, as a calendar day number. */
int api_today(void);
/* ?year= (required) and ?org_id= (default: the caller's organisation),
 * which must be in the caller's scope (o gets it): the parameters of every
 * figure and report. Errors name the field. */
/* ?ids=A,B,… (required): at most DASH_MAX_IDS indicators, in the order
 * given; api_ids_parse the same of a string. FZ_EINVAL naming "ids". */
int api_ids_param(struct http_req *r, const struct kind_indicator **out,
		  size_t *n, struct fz_err *e);
int api_ids_parse(const struct kind_registry *reg, const char *s,
		  const struct kind_indicator **out, size_t *n,
		  struct fz_err *e);
int api_year_org(struct http_req *r, int64_t *org, int64_t *year,
		 struct store_org *o, struct fz_err *e);
/* The last day of "due soon" seen from today: CAL_SOON_DEFAULT working
 * days on (calendar days when the calendar cannot say). */
int api_soon_until(struct http_req *r, int today);

/* Zeroed per-request state of `size` bytes, released with the request by
 * release (NULL: free). */
void *api_ctx(struct http_req *r, size_t size, void (*release)(void *));
/* 1 if an organisation with this path is in the caller's subtree. */
int api_in_scope(const struct http_req *r, const char *org_path);
/* The government whose own records of `kind` the caller's department works
 * for it (admin/agents.h), or 0. */
int64_t api_acting_for(struct http_req *r, struct store_conn *c,
		       const char *kind);
/* Read org `id` and check it is in scope: FZ_ENOTFOUND naming field when
 * absent or outside the scope (no difference is shown). */
int api_org_in_scope(struct http_req *r, int64_t id, const char *field,
		     struct store_org *out, struct fz_err *e);
/* Same for a user. */
int api_user_in_scope(struct http_req *r, int64_t id, const char *field,
		      struct store_user *out, struct fz_err *e);
json_t *api_org_json(const struct store_org *o);
json_t *api_user_json(const struct store_user *u);
/* The usual `after` of a write: 500/4xx from the error, else 200/201 with
 * the JSON the write function left in the context's first member. */
int api_after_json(struct http_req *r, int rc, const struct fz_err *e);

/* The first member of a write context whose `after` is api_after_json. */
struct api_result {
	int status;
	json_t *json;
};
void api_result_free(void *ctx);

int api_healthz(struct http_req *r);
int api_metrics(struct http_req *r);
int api_openapi(struct http_req *r);
int api_roles(struct http_req *r);
int api_login(struct http_req *r);
int api_logout(struct http_req *r);
int api_me(struct http_req *r);
int api_password(struct http_req *r);
int api_orgs_list(struct http_req *r);
int api_orgs_get(struct http_req *r);
int api_orgs_add(struct http_req *r);
int api_orgs_setting_get(struct http_req *r);
int api_orgs_setting_put(struct http_req *r);
int api_users_list(struct http_req *r);
int api_users_get(struct http_req *r);
int api_users_add(struct http_req *r);
int api_users_roles(struct http_req *r);
int api_users_lock(struct http_req *r);
int api_users_unlock(struct http_req *r);
int api_users_reset(struct http_req *r);
int api_tokens_add(struct http_req *r);
int api_tokens_revoke(struct http_req *r);
int api_audit_events(struct http_req *r);
int api_audit_export(struct http_req *r);
int api_audit_verify(struct http_req *r);
int api_calendar_year(struct http_req *r);
int api_calendar_import(struct http_req *r);
int api_rules_list(struct http_req *r);
int api_rules_override(struct http_req *r);
int api_deadline(struct http_req *r);
int api_kinds_list(struct http_req *r);
int api_kinds_get(struct http_req *r);
int api_records_list(struct http_req *r);
int api_records_create(struct http_req *r);
int api_records_get(struct http_req *r);
int api_records_transition(struct http_req *r);
int api_records_return(struct http_req *r);
int api_records_cc(struct http_req *r);
int api_records_cc_ack(struct http_req *r);
int api_records_history(struct http_req *r);
int api_public_orgs(struct http_req *r);
int api_reports_disclosure_table(struct http_req *r);
int api_reports_disclosure_records(struct http_req *r);
int api_reports_annual(struct http_req *r);
int api_reports_sections(struct http_req *r);
int api_reports_statements(struct http_req *r);
int api_reports_section_put(struct http_req *r);
int api_indicators(struct http_req *r);
int api_indicator_records(struct http_req *r);
int api_records_export(struct http_req *r);
int api_records_document(struct http_req *r);
int api_files_add(struct http_req *r);
int api_files_list(struct http_req *r);
int api_files_get(struct http_req *r);
int api_dashboard_deadlines(struct http_req *r);
int api_dashboard_figures(struct http_req *r);
int api_dashboard_people(struct http_req *r);
int api_dashboard_departments(struct http_req *r);
/* The columns of the departments compared (data/report/compare.json),
 * read and checked against the kinds when the server starts (api_app). */
int api_compare_columns(const struct kind_registry *reg,
			const struct kind_indicator **out, size_t *n,
			struct fz_err *e);
/* The kind the path's {kind} names; NULL with FZ_ENOTFOUND naming kind. */
const struct kind *api_kind(struct http_req *r, struct fz_err *e);
/* Read the record of kind k the path's {id} names if the caller may see it
 * (its organisation is in the caller's subtree, or it was copied to the
 * caller); FZ_ENOTFOUND naming "id" otherwise. Release *rec. */
int api_record_at(struct http_req *r, struct store_conn *c,
		  const struct kind *k, struct store_record *rec,
		  struct fz_err *e);
/* The same to act on it (a step, 退回, 抄送, a file added): a record only
 * copied to the caller is FZ_EPERM naming "id" (抄送 is read-only). */
int api_record_to_act(struct http_req *r, struct store_conn *c,
		      const struct kind *k, struct store_record *rec,
		      struct fz_err *e);
int api_public_submit(struct http_req *r);
int api_public_status(struct http_req *r);
int api_public_kinds(struct http_req *r);
int api_public_list(struct http_req *r);

#endif
