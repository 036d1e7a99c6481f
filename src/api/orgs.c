/*
 * orgs.c - the organisation tree: list my subtree, read one, add one; the
 * settings an organisation sets for its subtree (the criteria of a major
 * enforcement case), each change an event.
 */
#include "api.h"

#include "admin/accounts.h"
#include "admin/agents.h"
#include "kinds/guards.h"
#include "lib/jsonv.h"
#include "report/annual.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int org_to_array(const struct store_org *o, void *arg)
{
	json_array_append_new(arg, api_org_json(o));
	return 0;
}

int api_orgs_list(struct http_req *r)
{
	struct store_conn *c = store_rd_acquire(server_store(r->srv));
	json_t *a = json_array();
	struct fz_err e;
	int rc = store_org_list(c, r->sess.org_id, org_to_array, a, &e);

	store_rd_release(server_store(r->srv), c);
	if (rc) {
		json_decref(a);
		return http_fail(r, &e);
	}
	return http_json(r, 200, json_pack("{s:o}", "orgs", a));
}

/* The organisation the path's {id} names, if in the caller's scope. */
static int org_at(struct http_req *r, struct store_org *o, struct fz_err *e)
{
	int64_t id;
	int rc = http_capture_id(r, 0, "id", &id, e);

	return rc ? rc : api_org_in_scope(r, id, "id", o, e);
}

int api_orgs_get(struct http_req *r)
{
	struct store_org o;
	struct fz_err e;

	if (org_at(r, &o, &e))
		return http_fail(r, &e);
	return http_json(r, 200, api_org_json(&o));
}

struct org_add {
	struct api_result res;
	struct store_org o;
	char actor[64];
};

static int org_add_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct org_add *x = arg;
	int rc = acct_org_add(c, &x->o, x->actor, e);

	x->res.status = 201;
	x->res.json = rc ? NULL : api_org_json(&x->o);
	return rc;
}

static int check_level(const char *level, struct fz_err *e)
{
	static const char *const levels[] = {"region", "government",
					     "department", "unit"};
	size_t i;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (strcmp(level, levels[i]) == 0)
			return 0;
	return fz_err_set(e, FZ_EINVAL, "level",
			  "level: must be region, government, department or "
			  "unit");
}

int api_orgs_add(struct http_req *r)
{
	static const struct jv_field spec[] = {
	    {"parent_id", JV_INT, JV_REQUIRED, 1, INT64_MAX},
	    {"name", JV_STRING, JV_REQUIRED, 1, STORE_NAME_MAX},
	    {"level", JV_STRING, JV_REQUIRED, 1, 16},
	    {NULL, 0, 0, 0, 0}};
	struct store_org parent;
	struct org_add *x;
	struct fz_err e;

	if (jv_check(r->json, spec, &e) ||
	    check_level(jv_str(r->json, "level", ""), &e))
		return http_fail(r, &e);
	x = api_ctx(r, sizeof(*x), api_result_free);
	x->o.parent_id =
	    json_integer_value(json_object_get(r->json, "parent_id"));
	if (api_org_in_scope(r, x->o.parent_id, "parent_id", &parent, &e))
		return http_fail(r, &e);
	snprintf(x->o.name, sizeof(x->o.name), "%s",
		 jv_str(r->json, "name", ""));
	snprintf(x->o.level, sizeof(x->o.level), "%s",
		 jv_str(r->json, "level", ""));
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	return http_write(r, org_add_write, x, api_after_json);
}

/* ---- settings (GET/PUT /api/v1/orgs/{id}/settings/{key}) ------------------
 */

/* The settings and their specs are the guards' (guard_setting_spec). */

/* A report setting as set nearest up the tree, or null (none). */
static json_t *report_setting(struct store_conn *c, const char *path,
			      const char *key, int64_t *from)
{
	char *text = NULL;
	json_t *v = NULL;

	*from = 0;
	if (!store_setting_get(c, path, key, &text, from, NULL))
		v = json_loads(text, 0, NULL);
	free(text);
	return v ? v : json_null();
}

int api_orgs_setting_get(struct http_req *r)
{
	const char *key = http_capture(r, 1);
	struct store_conn *c;
	struct store_org o;
	struct fz_err e;
	int64_t from = 0;
	json_t *v;

	if (org_at(r, &o, &e))
		return http_fail(r, &e);
	if (!guard_setting_spec(key) && !annual_setting_known(key) &&
	    strcmp(key, AGENTS_KEY) != 0)
		return http_fail_code(r, FZ_ENOTFOUND, "key",
				      "key: no setting '%s'", key);
	c = store_rd_acquire(server_store(r->srv));
	v = guard_setting_spec(key) ? guard_setting(c, o.path, key, &from)
				    : report_setting(c, o.path, key, &from);
	if (!strcmp(key, AGENTS_KEY) && from != o.id) { /* its own, or none */
		json_decref(v);
		v = json_null();
		from = 0;
	}
	store_rd_release(server_store(r->srv), c);
	return http_json(r, 200,
			 json_pack("{s:s, s:o, s:o}", "key", key, "value", v,
				   "set_by_org",
				   from ? json_integer(from) : json_null()));
}

static int agents_check_at(struct http_req *r, int64_t org_id, json_t *v,
			   struct fz_err *e)
{
	struct store_conn *c = store_rd_acquire(server_store(r->srv));
	int rc = agents_check(c, org_id, v, &api_app_of(r)->kinds, e);

	store_rd_release(server_store(r->srv), c);
	return rc;
}

struct setting_put {
	struct api_result res;
	int64_t org_id;
	char key[32];
	char *value;
	char actor[64];
};

static void setting_put_free(void *p)
{
	struct setting_put *x = p;

	free(x->value);
	api_result_free(x);
}

static int setting_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct setting_put *x = arg;
	int rc = acct_setting_put(c, x->org_id, x->key, x->value, x->actor, e);

	x->res.json = json_pack("{s:s, s:o, s:I}", "key", x->key, "value",
				json_loads(x->value, 0, NULL), "set_by_org",
				(json_int_t)x->org_id);
	return rc;
}

int api_orgs_setting_put(struct http_req *r)
{
	const char *key = http_capture(r, 1);
	const struct jv_field *spec = guard_setting_spec(key);
	struct setting_put *x;
	struct store_org o;
	struct fz_err e;

	if (org_at(r, &o, &e))
		return http_fail(r, &e);
	if (!spec && !annual_setting_known(key) && strcmp(key, AGENTS_KEY) != 0)
		return http_fail_code(r, FZ_ENOTFOUND, "key",
				      "key: no setting '%s'", key);
	if (spec ? jv_check(r->json, spec, &e)
	    : !strcmp(key, AGENTS_KEY)
		? agents_check_at(r, o.id, r->json, &e)
		: annual_setting_check(key, r->json, &api_app_of(r)->kinds, &e))
		return http_fail(r, &e);
	x = api_ctx(r, sizeof(*x), setting_put_free);
	x->org_id = o.id;
	snprintf(x->key, sizeof(x->key), "%s", key);
	x->value = json_dumps(r->json, JSON_COMPACT | JSON_SORT_KEYS);
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	return http_write(r, setting_write, x, api_after_json);
}
