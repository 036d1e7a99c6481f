/*
 * users.c - accounts: list, read, add (系统管理员), roles (安全管理员),
 * lock (either), unlock (安全管理员). A changed account loses its sessions.
 *
 * Duties are split (三员分立): the system administrator creates accounts
 * without roles (a person's, with a temporary password, or an integration
 * account's, without one); the security administrator grants roles to
 * others, unlocks and resets the passwords of non-administrators; neither
 * can read the audit log. An administrator's password is reset on the
 * server (`fazhi user passwd`).
 */
#include "api.h"

#include "admin/accounts.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "lib/jsonv.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static int user_to_array(const struct store_user *u, void *arg)
{
	json_array_append_new(arg, api_user_json(u));
	return 0;
}

int api_users_list(struct http_req *r)
{
	struct store_conn *c = store_rd_acquire(server_store(r->srv));
	json_t *a = json_array();
	struct fz_err e;
	int rc = store_user_list(c, r->sess.org_id, user_to_array, a, &e);

	store_rd_release(server_store(r->srv), c);
	if (rc) {
		json_decref(a);
		return http_fail(r, &e);
	}
	return http_json(r, 200, json_pack("{s:o}", "users", a));
}

int api_users_get(struct http_req *r)
{
	struct store_user u;
	struct fz_err e;
	int64_t id;

	if (http_capture_id(r, 0, "id", &id, &e) ||
	    api_user_in_scope(r, id, "id", &u, &e))
		return http_fail(r, &e);
	return http_json(r, 200, api_user_json(&u));
}

/* ---- add --------------------------------------------------------------- */

struct user_add {
	struct api_result res;
	struct store_user u;
	char actor[64];
};

static int user_add_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct user_add *x = arg;
	int rc = acct_user_add(c, &x->u, x->actor, e);

	x->res.status = 201;
	x->res.json = rc ? NULL : api_user_json(&x->u);
	return rc;
}

static int check_username(const char *s, struct fz_err *e)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '_' || *s == '-'))
			return fz_err_set(e, FZ_EINVAL, "username",
					  "username: only a-z, 0-9, '.', '_' "
					  "and '-' are allowed");
	return 0;
}

int api_users_add(struct http_req *r)
{
	static const struct jv_field spec[] = {
	    {"username", JV_STRING, JV_REQUIRED, 2, 64},
	    {"display_name", JV_STRING, JV_REQUIRED, 1, STORE_NAME_MAX},
	    {"org_id", JV_INT, JV_REQUIRED, 1, INT64_MAX},
	    {"password", JV_STRING, 0, 1, PW_MAX_CHARS},
	    {"integration", JV_BOOL, 0, 0, 0},
	    {NULL, 0, 0, 0, 0}};
	struct store_org org;
	struct user_add *x;
	struct fz_err e;
	int integration;

	if (jv_check(r->json, spec, &e) ||
	    check_username(jv_str(r->json, "username", ""), &e))
		return http_fail(r, &e);
	integration = json_is_true(json_object_get(r->json, "integration"));
	if (integration && json_object_get(r->json, "password"))
		return http_fail_code(
		    r, FZ_EINVAL, "password",
		    "password: 集成账户没有密码，凭API令牌访问");
	if (!integration && !json_object_get(r->json, "password"))
		return http_fail_code(r, FZ_EINVAL, "password",
				      "password: is required");
	x = api_ctx(r, sizeof(*x), api_result_free);
	x->u.org_id = json_integer_value(json_object_get(r->json, "org_id"));
	if (api_org_in_scope(r, x->u.org_id, "org_id", &org, &e))
		return http_fail(r, &e);
	snprintf(x->u.username, sizeof(x->u.username), "%s",
		 jv_str(r->json, "username", ""));
	snprintf(x->u.display_name, sizeof(x->u.display_name), "%s",
		 jv_str(r->json, "display_name", ""));
	x->u.integration = integration;
	if (integration) /* no password: no Argon2 string matches "!" */
		snprintf(x->u.pw_hash, sizeof(x->u.pw_hash), "!");
	else if (pw_set(&x->u, jv_str(r->json, "password", ""), &e))
		return http_fail(r, &e);
	x->u.must_change = !integration;
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	return http_write(r, user_add_write, x, api_after_json);
}

/* ---- changes to an existing account ---------------------------------------
 */

struct user_mod {
	struct api_result res;
	int64_t id;
	enum acct_change what;
	unsigned roles;
	char actor[64];
};

static int user_mod_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct user_mod *x = arg;
	struct store_user u;
	int rc = acct_user_change(c, x->id, x->what, x->roles, x->actor, &u, e);

	x->res.json = rc ? NULL : api_user_json(&u);
	return rc;
}

static int user_mod_after(struct http_req *r, int rc, const struct fz_err *e)
{
	struct user_mod *x = r->ctx;

	if (!rc)
		session_destroy_user(server_sessions(r->srv), x->id);
	return api_after_json(r, rc, e);
}

static int user_mod(struct http_req *r, enum acct_change what, unsigned roles)
{
	struct store_user u;
	struct user_mod *x;
	struct fz_err e;
	int64_t id;

	if (http_capture_id(r, 0, "id", &id, &e) ||
	    api_user_in_scope(r, id, "id", &u, &e))
		return http_fail(r, &e);
	if (what == ACCT_LOCK && id == r->sess.user_id)
		return http_fail_code(r, FZ_EREFUSED, "id",
				      "id: you cannot lock your own account");
	if (what == ACCT_ROLES && id == r->sess.user_id)
		return http_fail_code(r, FZ_EREFUSED, "roles",
				      "roles: 不能修改自己的角色（三员分立）");
	if (what == ACCT_LOCK && (u.roles & ROLE_ADMINS) &&
	    !(r->sess.roles & ROLE_SECADMIN))
		return http_fail_code(r, FZ_EPERM, "id",
				      "id: only the security administrator "
				      "locks an administrator's account "
				      "(三员分立)");
	x = api_ctx(r, sizeof(*x), api_result_free);
	x->id = id;
	x->what = what;
	x->roles = roles;
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	return http_write(r, user_mod_write, x, user_mod_after);
}

int api_users_roles(struct http_req *r)
{
	static const struct jv_field spec[] = {
	    {"roles", JV_ARRAY, JV_REQUIRED, 0, 16}, {NULL, 0, 0, 0, 0}};
	struct fz_err e;
	unsigned roles;

	if (jv_check(r->json, spec, &e) ||
	    roles_from_json(json_object_get(r->json, "roles"), "roles", &roles,
			    &e))
		return http_fail(r, &e);
	return user_mod(r, ACCT_ROLES, roles);
}

int api_users_lock(struct http_req *r)
{
	return user_mod(r, ACCT_LOCK, 0);
}

int api_users_unlock(struct http_req *r)
{
	return user_mod(r, ACCT_UNLOCK, 0);
}
