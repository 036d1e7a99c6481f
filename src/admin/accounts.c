/*
 * accounts.c - see accounts.h.
 */
#include "accounts.h"

#include "auth/password.h"
#include "auth/roles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void subject_of(char *out, size_t n, const char *kind, int64_t id)
{
	snprintf(out, n, "%s:%lld", kind, (long long)id);
}

int acct_org_add(struct store_conn *c, struct store_org *o, const char *actor,
		 struct fz_err *e)
{
	char subject[64];
	json_t *data;
	int rc = store_org_insert(c, o, e);

	if (rc)
		return rc;
	subject_of(subject, sizeof(subject), "org", o->id);
	data = json_pack("{s:s, s:s, s:I}", "name", o->name, "level", o->level,
			 "parent_id", (json_int_t)o->parent_id);
	rc = store_event_append(c, o->parent_id ? o->parent_id : o->id, actor,
				"org.add", subject, data, e);
	json_decref(data);
	return rc;
}

int acct_user_add(struct store_conn *c, struct store_user *u, const char *actor,
		  struct fz_err *e)
{
	char subject[64], roles[128];
	json_t *data;
	int rc = store_user_insert(c, u, e);

	if (rc)
		return rc;
	subject_of(subject, sizeof(subject), "user", u->id);
	roles_to_csv(u->roles, roles, sizeof(roles));
	data = json_pack("{s:s, s:s, s:I, s:s, s:b, s:b}", "username",
			 u->username, "display_name", u->display_name, "org_id",
			 (json_int_t)u->org_id, "roles", roles, "must_change",
			 u->must_change, "integration", u->integration);
	rc = store_event_append(c, u->org_id, actor, "user.add", subject, data,
				e);
	json_decref(data);
	return rc;
}

/* ---- 三员分立: never the last holder of an administrator role ---------- */

struct holder {
	int64_t except;
	unsigned role;
	int found;
};

static int other_holder(const struct store_user *u, void *arg)
{
	struct holder *h = arg;

	if (u->id != h->except && !u->disabled && (u->roles & h->role))
		h->found = 1;
	return h->found;
}

/* Refuse if u gives up an administrator role in `lost` that no other
 * enabled account of its organisation tree holds. */
static int keep_last_admin(struct store_conn *c, const struct store_user *u,
			   unsigned lost, const char *field, struct fz_err *e)
{
	struct store_org o;
	struct holder h;
	unsigned i;
	int rc = store_org_get(c, u->org_id, &o, e);

	for (i = 0; !rc && i < role_count; i++) {
		if (!(lost & role_table[i].bit & ROLE_ADMINS))
			continue;
		h.except = u->id;
		h.role = role_table[i].bit;
		h.found = 0;
		/* the tree's root: the first id of the path "/1/4/9/" */
		rc = store_user_list(c, strtoll(o.path + 1, NULL, 10),
				     other_holder, &h, e);
		if (!rc && !h.found)
			return fz_err_set(
			    e, FZ_EREFUSED, field,
			    "%s: %s是本单位体系内唯一的%s，"
			    "须先为另一账号授予该角色（三员分立）",
			    field, u->username, roles_label(h.role));
	}
	return rc;
}

int acct_tokens_revoke(struct store_conn *c, const struct store_user *u,
		       const char *why, const char *actor, struct fz_err *e)
{
	int64_t *ids;
	size_t n, i;
	char subject[64];
	json_t *data;
	int rc = store_token_live_of_user(c, u->id, &ids, &n, e);

	for (i = 0; !rc && i < n; i++) {
		rc = store_token_revoke(c, 0, ids[i], e);
		subject_of(subject, sizeof(subject), "token", ids[i]);
		data = json_pack("{s:s, s:I}", "reason", why, "user_id",
				 (json_int_t)u->id);
		if (!rc)
			rc = store_event_append(c, u->org_id, actor,
						"token.revoke", subject, data,
						e);
		json_decref(data);
	}
	free(ids);
	return rc;
}

static int apply_change(struct store_conn *c, struct store_user *u,
			enum acct_change what, unsigned roles, struct fz_err *e)
{
	int rc = 0;

	if (what == ACCT_ROLES) {
		rc = roles_check_account(roles, u->integration, "roles", e);
		if (!rc && !u->disabled)
			rc = keep_last_admin(c, u, u->roles & ~roles, "roles",
					     e);
		u->roles = roles;
	}
	if (what == ACCT_LOCK) {
		if (!u->disabled)
			rc = keep_last_admin(c, u, u->roles, "id", e);
		u->disabled = 1;
	}
	if (what == ACCT_UNLOCK) {
		u->disabled = 0;
		pw_note_success(u);
	}
	return rc;
}

int acct_user_change(struct store_conn *c, int64_t id, enum acct_change what,
		     unsigned roles, const char *actor, struct store_user *out,
		     struct fz_err *e)
{
	static const char *const types[] = {"user.roles", "user.lock",
					    "user.unlock"};
	char subject[64], before[128], after[128];
	unsigned had;
	json_t *data;
	int cleared, rc = store_user_by_id(c, id, out, e);

	if (rc)
		return rc;
	had = out->roles;
	roles_to_csv(out->roles, before, sizeof(before));
	rc = apply_change(c, out, what, roles, e);
	/* 三员分立: an administrator role granted in the application leaves
	 * no password that someone else set (the system administrator's
	 * temporary one): the account's holder sets it on the server */
	cleared = !rc && what == ACCT_ROLES && strcmp(actor, "cli") != 0 &&
		  (out->roles & ~had & ROLE_ADMINS);
	if (cleared) {
		snprintf(out->pw_hash, sizeof(out->pw_hash), "!");
		out->must_change = 1;
	}
	if (!rc)
		rc = store_user_update(c, out, e);
	if (!rc && what == ACCT_LOCK)
		rc = acct_tokens_revoke(c, out, "user.lock", actor, e);
	if (rc)
		return rc;
	roles_to_csv(out->roles, after, sizeof(after));
	subject_of(subject, sizeof(subject), "user", id);
	data = what == ACCT_ROLES
		   ? json_pack("{s:s, s:s}", "from", before, "to", after)
		   : json_object();
	if (cleared) {
		json_object_set_new(data, "password_cleared", json_true());
		json_object_set_new(data, "must_change", json_true());
	}
	rc = store_event_append(c, out->org_id, actor, types[what], subject,
				data, e);
	json_decref(data);
	return rc;
}

int acct_user_password(struct store_conn *c, struct store_user *u,
		       const char *old_hash, int by_admin, const char *actor,
		       struct fz_err *e)
{
	struct store_user now;
	char subject[64];
	json_t *data;
	int rc = store_user_by_id(c, u->id, &now, e);

	if (rc)
		return rc;
	if (now.integration)
		return fz_err_set(e, FZ_EREFUSED, "password",
				  "password: 集成账户没有密码，凭API令牌访问");
	if (strcmp(now.pw_hash, old_hash) != 0)
		return fz_err_set(e, FZ_ECONFLICT, "password",
				  "password: changed meanwhile; try again");
	now.must_change = u->must_change;
	memcpy(now.pw_hash, u->pw_hash, sizeof(now.pw_hash));
	memcpy(now.pw_history, u->pw_history, sizeof(now.pw_history));
	if (by_admin)
		pw_note_success(&now);
	rc = store_user_update(c, &now, e);
	if (!rc)
		rc = acct_tokens_revoke(c, &now, "user.password", actor, e);
	if (rc)
		return rc;
	*u = now;
	subject_of(subject, sizeof(subject), "user", now.id);
	data = json_pack("{s:b, s:b}", "reset_by_admin", by_admin,
			 "must_change", now.must_change);
	rc = store_event_append(c, now.org_id, actor, "user.password", subject,
				data, e);
	json_decref(data);
	return rc;
}

int acct_setting_put(struct store_conn *c, int64_t org_id, const char *key,
		     const char *value, const char *actor, struct fz_err *e)
{
	char subject[64];
	json_t *data;
	int rc = store_setting_put(c, org_id, key, value, e);

	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "org:%lld", (long long)org_id);
	data = json_pack("{s:s, s:o}", "key", key, "value",
			 json_loads(value, 0, NULL));
	rc = store_event_append(c, org_id, actor, "org.setting", subject, data,
				e);
	json_decref(data);
	return rc;
}
