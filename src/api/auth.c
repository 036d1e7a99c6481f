/*
 * auth.c - login, logout, who am I, change my password.
 *
 * The slow part of a login (Argon2id) runs on the MHD thread before any
 * write; the write re-reads the user on the writer connection, so two
 * concurrent failures both count. Every outcome is an event: auth.login,
 * auth.login_failed, auth.lockout, auth.login_refused (locked), and for a
 * name that does not exist auth.login_failed in the system chain (org 0).
 */
#include "api.h"

#include "admin/accounts.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "lib/clock.h"
#include "lib/jsonv.h"
#include "lib/xalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* L_NOLOGIN: an integration account (tokens only); L_NOROLE: the right
 * password of an account no role has been granted to yet. */
enum login_outcome { L_OK, L_BAD, L_LOCKED, L_UNKNOWN, L_NOLOGIN, L_NOROLE };

static const char *const refusal[] = {
    [L_LOCKED] = "locked", [L_NOLOGIN] = "integration", [L_NOROLE] = "no_role"};

struct login_ctx {
	struct api_result res; /* unused: login builds its own response */
	char username[260];
	char addr[48];
	int64_t user_id;
	enum login_outcome outcome;
	int now_locked;
	struct store_user u; /* as written */
	struct store_org org;
};

static int login_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct login_ctx *x = arg;
	json_t *data =
	    json_pack("{s:s, s:s}", "username", x->username, "addr", x->addr);
	char subject[64];
	int64_t now = fz_now_ms();
	int rc = 0;

	if (x->outcome == L_UNKNOWN) {
		rc = store_event_append(c, 0, "public", "auth.login_failed",
					"user:unknown", data, e);
		json_decref(data);
		return rc;
	}
	rc = store_user_by_id(c, x->user_id, &x->u, e);
	snprintf(subject, sizeof(subject), "user:%lld", (long long)x->user_id);
	if (!rc && x->outcome == L_OK && pw_is_locked(&x->u, now))
		x->outcome = L_LOCKED; /* locked since we read it */
	if (!rc && x->outcome == L_OK && !x->u.roles)
		x->outcome = L_NOROLE; /* 三员分立: no role, no session */
	if (!rc && x->outcome == L_BAD)
		x->now_locked = pw_note_failure(&x->u, now);
	if (!rc && (x->outcome == L_OK || x->outcome == L_NOROLE))
		pw_note_success(&x->u);
	if (!rc && x->outcome != L_LOCKED && x->outcome != L_NOLOGIN)
		rc = store_user_update(c, &x->u, e);
	/* The lockout counters as written, for audit verify's replay. */
	json_object_set_new(data, "failed_count",
			    json_integer(x->u.failed_count));
	json_object_set_new(data, "locked_until",
			    json_integer(x->u.locked_until));
	if (x->outcome != L_OK && x->outcome != L_BAD)
		json_object_set_new(data, "reason",
				    json_string(refusal[x->outcome]));
	if (!rc)
		rc = store_event_append(c, x->u.org_id, subject,
					x->outcome == L_OK ? "auth.login"
					: x->outcome == L_BAD
					    ? "auth.login_failed"
					    : "auth.login_refused",
					subject, data, e);
	if (!rc && x->now_locked)
		rc = store_event_append(c, x->u.org_id, "system",
					"auth.lockout", subject, data, e);
	if (!rc && x->outcome == L_OK)
		rc = store_org_get(c, x->u.org_id, &x->org, e);
	json_decref(data);
	return rc;
}

static void set_session_cookie(struct http_req *r, const char *token)
{
	snprintf(r->set_cookie, sizeof(r->set_cookie),
		 "fz_session=%s; Path=/; HttpOnly; SameSite=Strict", token);
}

/* A new session for u, its cookie, and the body that tells the browser who
 * it is and which CSRF token to send. */
static int start_session(struct http_req *r, const struct store_user *u,
			 const struct store_org *org)
{
	struct session s;
	char token[SESSION_TOKEN_LEN + 1];
	json_t *body;

	memset(&s, 0, sizeof(s));
	s.user_id = u->id;
	s.org_id = u->org_id;
	s.roles = u->roles;
	s.must_change = u->must_change;
	snprintf(s.username, sizeof(s.username), "%s", u->username);
	snprintf(s.org_path, sizeof(s.org_path), "%s", org->path);
	session_create(server_sessions(r->srv), &s, fz_now_ms(), token);
	set_session_cookie(r, token);
	body = json_pack("{s:o, s:o, s:s}", "user", api_user_json(u), "org",
			 api_org_json(org), "csrf_token", s.csrf);
	return http_json(r, 200, body);
}

static int login_after(struct http_req *r, int rc, const struct fz_err *e)
{
	struct login_ctx *x = r->ctx;

	if (rc)
		return http_fail(r, e);
	if (x->outcome == L_LOCKED || x->now_locked)
		return http_fail_code(r, FZ_ELOCKED, "username",
				      "账户已锁定：连续%d次登录失败，请%d分钟后"
				      "再试或联系安全管理员",
				      PW_MAX_FAILURES,
				      (int)(PW_LOCK_MS / 60000));
	if (x->outcome == L_NOROLE)
		return http_fail_code(r, FZ_EPERM, "username",
				      "账户尚未授予角色，请联系安全管理员");
	if (x->outcome != L_OK)
		return http_fail_code(r, FZ_EAUTH, "password",
				      "用户名或密码错误");
	return start_session(r, &x->u, &x->org);
}

int api_login(struct http_req *r)
{
	static const struct jv_field spec[] = {
	    {"username", JV_STRING, JV_REQUIRED, 1, 64},
	    {"password", JV_STRING, JV_REQUIRED, 1, PW_MAX_CHARS},
	    {NULL, 0, 0, 0, 0}};
	static char dummy[crypto_pwhash_STRBYTES];
	struct login_ctx *x;
	struct store_conn *c;
	struct fz_err e;
	const char *pw;
	int found;

	if (jv_check(r->json, spec, &e))
		return http_fail(r, &e);
	x = api_ctx(r, sizeof(*x), NULL);
	snprintf(x->username, sizeof(x->username), "%s",
		 jv_str(r->json, "username", ""));
	snprintf(x->addr, sizeof(x->addr), "%s", r->addr);
	pw = jv_str(r->json, "password", "");
	c = store_rd_acquire(server_store(r->srv));
	found = store_user_by_name(c, x->username, &x->u, NULL) == 0;
	store_rd_release(server_store(r->srv), c);
	if (!found || x->u.integration) {
		if (!dummy[0])
			pw_hash("fazhi-timing-equaliser", dummy, sizeof(dummy),
				NULL);
		pw_matches(dummy, pw); /* the same time as a real check */
		x->outcome = found ? L_NOLOGIN : L_UNKNOWN;
	} else if (pw_is_locked(&x->u, fz_now_ms())) {
		x->outcome = L_LOCKED;
	} else {
		x->outcome = pw_matches(x->u.pw_hash, pw) ? L_OK : L_BAD;
	}
	x->user_id = x->u.id;
	return http_write(r, login_write, x, login_after);
}

/* ---- logout ----------------------------------------------------------------
 */

struct simple_event {
	struct api_result res;
	int64_t org_id;
	char actor[64];
	char type[64];
	char subject[64];
};

static int simple_event_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct simple_event *x = arg;
	json_t *data = json_object();
	int rc = store_event_append(c, x->org_id, x->actor, x->type, x->subject,
				    data, e);

	json_decref(data);
	return rc;
}

static int logout_after(struct http_req *r, int rc, const struct fz_err *e)
{
	const char *cookie = http_cookie(r, "fz_session");

	if (rc)
		return http_fail(r, e);
	if (cookie)
		session_destroy(server_sessions(r->srv), cookie);
	snprintf(r->set_cookie, sizeof(r->set_cookie),
		 "fz_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	return http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

int api_logout(struct http_req *r)
{
	struct simple_event *x = api_ctx(r, sizeof(*x), NULL);

	x->org_id = r->sess.org_id;
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	snprintf(x->type, sizeof(x->type), "auth.logout");
	snprintf(x->subject, sizeof(x->subject), "%s", r->actor);
	return http_write(r, simple_event_write, x, logout_after);
}

/* Who am I: the session's user and roles, with the names the interface
 * shows in its header (the user's and the organisation's, read now). */
int api_me(struct http_req *r)
{
	struct store_conn *c = store_rd_acquire(server_store(r->srv));
	struct store_user u;
	struct store_org o;
	struct fz_err e;
	json_t *j;
	int rc = store_user_by_id(c, r->sess.user_id, &u, &e);

	if (!rc)
		rc = store_org_get(c, r->sess.org_id, &o, &e);
	store_rd_release(server_store(r->srv), c);
	if (rc)
		return http_fail(r, &e);
	j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:b}", "id",
		      (json_int_t)r->sess.user_id, "org_id",
		      (json_int_t)r->sess.org_id, "username", r->sess.username,
		      "display_name", u.display_name, "org_name", o.name,
		      "org_path", r->sess.org_path, "roles",
		      roles_to_json(r->sess.roles), "must_change_password",
		      r->sess.must_change);
	if (r->sess.csrf[0])
		json_object_set_new(j, "csrf_token", json_string(r->sess.csrf));
	return http_json(r, 200, j);
}

/* ---- change my password -------------------------------------------------- */

struct pw_ctx {
	struct api_result res;
	struct store_user u; /* with the new hash */
	char old_hash[256];
	char actor[64];
	int by_admin;
	struct store_org org;
};

static int pw_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct pw_ctx *x = arg;
	int rc =
	    acct_user_password(c, &x->u, x->old_hash, x->by_admin, x->actor, e);

	if (!rc && !x->by_admin)
		rc = store_org_get(c, x->u.org_id, &x->org, e);
	return rc;
}

static int pw_after(struct http_req *r, int rc, const struct fz_err *e)
{
	struct pw_ctx *x = r->ctx;

	if (rc)
		return http_fail(r, e);
	session_destroy_user(server_sessions(r->srv), x->u.id);
	if (x->by_admin)
		return http_json(r, 200, api_user_json(&x->u));
	return start_session(r, &x->u, &x->org);
}

/* Set x->u's password to pw (slow: hashing), ready for pw_write. */
static int prepare_password(struct pw_ctx *x, const char *pw, struct fz_err *e)
{
	memcpy(x->old_hash, x->u.pw_hash, sizeof(x->old_hash));
	return pw_set(&x->u, pw, e);
}

static int locked_answer(struct http_req *r)
{
	return http_fail_code(r, FZ_ELOCKED, "old_password",
			      "账户已锁定：连续%d次密码错误，请%d分钟后再试或"
			      "联系安全管理员",
			      PW_MAX_FAILURES, (int)(PW_LOCK_MS / 60000));
}

/* A wrong current password counts toward the lockout, as a failed login
 * does (auth.password_failed, auth.lockout). */
static int pw_fail_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct pw_ctx *x = arg;
	char subject[64];
	json_t *data;
	int rc = store_user_by_id(c, x->u.id, &x->u, e);

	if (rc)
		return rc;
	x->by_admin = pw_note_failure(&x->u, fz_now_ms()); /* now locked */
	rc = store_user_update(c, &x->u, e);
	snprintf(subject, sizeof(subject), "user:%lld", (long long)x->u.id);
	data = json_pack("{s:i, s:I}", "failed_count", x->u.failed_count,
			 "locked_until", (json_int_t)x->u.locked_until);
	if (!rc)
		rc = store_event_append(c, x->u.org_id, x->actor,
					"auth.password_failed", subject, data,
					e);
	if (!rc && x->by_admin)
		rc = store_event_append(c, x->u.org_id, "system",
					"auth.lockout", subject, data, e);
	json_decref(data);
	return rc;
}

static int pw_fail_after(struct http_req *r, int rc, const struct fz_err *e)
{
	struct pw_ctx *x = r->ctx;

	if (rc)
		return http_fail(r, e);
	if (x->by_admin) { /* whoever guesses loses the session too */
		session_destroy_user(server_sessions(r->srv), x->u.id);
		return locked_answer(r);
	}
	return http_fail_code(
	    r, FZ_EREFUSED, "old_password",
	    "old_password: 原密码不正确（再错%d次将锁定%d分钟）",
	    PW_MAX_FAILURES - x->u.failed_count, (int)(PW_LOCK_MS / 60000));
}

int api_password(struct http_req *r)
{
	static const struct jv_field spec[] = {
	    {"old_password", JV_STRING, JV_REQUIRED, 1, PW_MAX_CHARS},
	    {"new_password", JV_STRING, JV_REQUIRED, 1, PW_MAX_CHARS},
	    {NULL, 0, 0, 0, 0}};
	struct pw_ctx *x;
	struct store_conn *c;
	struct fz_err e;
	int rc;

	if (jv_check(r->json, spec, &e))
		return http_fail(r, &e);
	x = api_ctx(r, sizeof(*x), NULL);
	c = store_rd_acquire(server_store(r->srv));
	rc = store_user_by_id(c, r->sess.user_id, &x->u, &e);
	store_rd_release(server_store(r->srv), c);
	if (rc)
		return http_fail(r, &e);
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	if (pw_is_locked(&x->u, fz_now_ms()))
		return locked_answer(r);
	if (!pw_matches(x->u.pw_hash, jv_str(r->json, "old_password", "")))
		return http_write(r, pw_fail_write, x, pw_fail_after);
	if (prepare_password(x, jv_str(r->json, "new_password", ""), &e))
		return http_fail(r, &e);
	return http_write(r, pw_write, x, pw_after);
}

int api_users_reset(struct http_req *r)
{
	static const struct jv_field spec[] = {
	    {"password", JV_STRING, JV_REQUIRED, 1, PW_MAX_CHARS},
	    {NULL, 0, 0, 0, 0}};
	struct pw_ctx *x;
	struct fz_err e;
	int64_t id;

	if (http_capture_id(r, 0, "id", &id, &e) || jv_check(r->json, spec, &e))
		return http_fail(r, &e);
	x = api_ctx(r, sizeof(*x), NULL);
	if (api_user_in_scope(r, id, "id", &x->u, &e))
		return http_fail(r, &e);
	if (x->u.roles & ROLE_ADMINS)
		return http_fail_code(r, FZ_EPERM, "id",
				      "id: 管理员的密码只能在服务器上用 fazhi "
				      "user passwd 重置（三员分立，留痕）");
	if (x->u.integration)
		return http_fail_code(r, FZ_EREFUSED, "id",
				      "id: 集成账户没有密码，凭API令牌访问");
	if (prepare_password(x, jv_str(r->json, "password", ""), &e))
		return http_fail(r, &e);
	x->u.must_change = 1; /* an administrator's password is temporary */
	x->by_admin = 1;
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	return http_write(r, pw_write, x, pw_after);
}
