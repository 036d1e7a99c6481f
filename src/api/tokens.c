/*
 * tokens.c - API tokens for system integrations. A token is issued only
 * to an integration account (users.c: no password, no interactive login,
 * business roles only), acts as it (its organisation and roles), needs no
 * CSRF header, and is shown once: only its SHA-256 is stored.
 */
#include "api.h"

#include "auth/session.h"
#include "lib/clock.h"
#include "lib/jsonv.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

struct token_add {
	struct api_result res;
	struct store_token t;
	char token[SESSION_TOKEN_LEN + 8];
	char actor[64];
};

static int token_add_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct token_add *x = arg;
	unsigned char twice[32];
	char subject[64], hex[65];
	json_t *data;
	int rc = store_token_insert(c, &x->t, e);

	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "token:%lld", (long long)x->t.id);
	/* The SHA-256 of the stored hash: binds the row to its event
	 * without putting anything that authenticates into the log. */
	crypto_hash_sha256(twice, x->t.hash, sizeof(x->t.hash));
	sodium_bin2hex(hex, sizeof(hex), twice, sizeof(twice));
	data = json_pack("{s:s, s:I, s:s}", "name", x->t.name, "user_id",
			 (json_int_t)x->t.user_id, "hash_sha256", hex);
	rc = store_event_append(c, x->t.org_id, x->actor, "token.add", subject,
				data, e);
	json_decref(data);
	x->res.status = 201;
	x->res.json = json_pack(
	    "{s:I, s:s, s:I, s:s}", "id", (json_int_t)x->t.id, "name",
	    x->t.name, "user_id", (json_int_t)x->t.user_id, "token", x->token);
	return rc;
}

int api_tokens_add(struct http_req *r)
{
	static const struct jv_field spec[] = {
	    {"user_id", JV_INT, JV_REQUIRED, 1, INT64_MAX},
	    {"name", JV_STRING, JV_REQUIRED, 1, STORE_NAME_MAX},
	    {NULL, 0, 0, 0, 0}};
	char raw[SESSION_TOKEN_LEN + 1];
	struct store_user u;
	struct token_add *x;
	struct fz_err e;

	if (jv_check(r->json, spec, &e))
		return http_fail(r, &e);
	x = api_ctx(r, sizeof(*x), api_result_free);
	x->t.user_id = json_integer_value(json_object_get(r->json, "user_id"));
	if (api_user_in_scope(r, x->t.user_id, "user_id", &u, &e))
		return http_fail(r, &e);
	if (!u.integration)
		return http_fail_code(r, FZ_EREFUSED, "user_id",
				      "user_id: API令牌只发给集成账户；%s是"
				      "个人账户（三员分立）",
				      u.username);
	if (u.disabled)
		return http_fail_code(r, FZ_EREFUSED, "user_id",
				      "user_id: 集成账户%s已停用", u.username);
	x->t.org_id = u.org_id;
	snprintf(x->t.name, sizeof(x->t.name), "%s",
		 jv_str(r->json, "name", ""));
	session_random_token(raw);
	snprintf(x->token, sizeof(x->token), "fzt_%s", raw);
	crypto_hash_sha256(x->t.hash, (const unsigned char *)x->token,
			   strlen(x->token));
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	return http_write(r, token_add_write, x, api_after_json);
}

struct token_revoke {
	struct api_result res;
	int64_t id;
	int64_t org_id;
	char actor[64];
};

static int token_revoke_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct token_revoke *x = arg;
	char subject[64];
	json_t *data = json_object();
	int rc = store_token_revoke(c, x->org_id, x->id, e);

	snprintf(subject, sizeof(subject), "token:%lld", (long long)x->id);
	if (!rc)
		rc = store_event_append(c, x->org_id, x->actor, "token.revoke",
					subject, data, e);
	json_decref(data);
	x->res.json =
	    json_pack("{s:I, s:b}", "id", (json_int_t)x->id, "revoked", 1);
	return rc;
}

int api_tokens_revoke(struct http_req *r)
{
	struct token_revoke *x;
	struct store_token t;
	struct store_conn *c;
	struct store_org o;
	struct fz_err e;
	int64_t id;
	int rc;

	if (http_capture_id(r, 0, "id", &id, &e))
		return http_fail(r, &e);
	c = store_rd_acquire(server_store(r->srv));
	rc = store_token_by_id(c, id, &t, &e);
	store_rd_release(server_store(r->srv), c);
	if (rc || api_org_in_scope(r, t.org_id, "id", &o, &e))
		return http_fail_code(r, FZ_ENOTFOUND, "id",
				      "id: no API token %lld in your scope",
				      (long long)id);
	x = api_ctx(r, sizeof(*x), api_result_free);
	x->id = id;
	x->org_id = t.org_id; /* the chain of the token's organisation */
	snprintf(x->actor, sizeof(x->actor), "%s", r->actor);
	return http_write(r, token_revoke_write, x, api_after_json);
}
