/*
 * store_replay.c - the projections as stored, row by row, for the replay
 * of the event log (store.h, src/audit/replay.c). One statement per
 * table, stepped to its end.
 */
#include "store_internal.h"

#include <string.h>

static const char *text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

typedef void (*any_fn)(void);
typedef int (*row_fn)(sqlite3_stmt *st, any_fn cb, void *arg);

/* Prepare sql, each row to fn(st, cb, arg) until it returns non-zero. */
static int each(struct store_conn *c, const char *sql, const char *what,
		row_fn fn, any_fn cb, void *arg, struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(c, sql, &st, what, e);

	if (rc)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(st, cb, arg))
			break;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		 ? 0
		 : store_db_err(e, store_conn_db(c), what);
	sqlite3_finalize(st);
	return rc;
}

static int rec_row(sqlite3_stmt *st, any_fn cb, void *arg)
{
	struct store_rec_row r;

	r.org_id = sqlite3_column_int64(st, 0);
	r.id = sqlite3_column_int64(st, 1);
	r.kind = text(st, 2);
	r.number = text(st, 3);
	r.state = text(st, 4);
	r.data = text(st, 5);
	r.version = sqlite3_column_int64(st, 6);
	return ((store_rec_row_cb)cb)(&r, arg);
}

int store_replay_records(struct store_conn *c, store_rec_row_cb cb, void *arg,
			 struct fz_err *e)
{
	return each(c,
		    "SELECT org_id, record_id, kind, number, state, data, "
		    "version FROM records ORDER BY record_id",
		    "records", rec_row, (any_fn)cb, arg, e);
}

static int user_row(sqlite3_stmt *st, any_fn cb, void *arg)
{
	struct store_user_row u;

	u.org_id = sqlite3_column_int64(st, 0);
	u.id = sqlite3_column_int64(st, 1);
	u.username = text(st, 2);
	u.display_name = text(st, 3);
	u.roles = (unsigned)sqlite3_column_int64(st, 4);
	u.must_change = sqlite3_column_int(st, 5);
	u.failed_count = sqlite3_column_int(st, 6);
	u.locked_until = sqlite3_column_int64(st, 7);
	u.disabled = sqlite3_column_int(st, 8);
	u.integration = sqlite3_column_int(st, 9);
	return ((store_user_row_cb)cb)(&u, arg);
}

int store_replay_users(struct store_conn *c, store_user_row_cb cb, void *arg,
		       struct fz_err *e)
{
	return each(c,
		    "SELECT org_id, user_id, username, display_name, roles, "
		    "must_change, failed_count, locked_until, disabled, "
		    "integration FROM users ORDER BY user_id",
		    "users", user_row, (any_fn)cb, arg, e);
}

static int token_row(sqlite3_stmt *st, any_fn cb, void *arg)
{
	struct store_token_row t;
	const void *h = sqlite3_column_blob(st, 4);

	t.org_id = sqlite3_column_int64(st, 0);
	t.id = sqlite3_column_int64(st, 1);
	t.user_id = sqlite3_column_int64(st, 2);
	t.name = text(st, 3);
	memset(t.hash, 0, sizeof(t.hash));
	if (h && sqlite3_column_bytes(st, 4) == (int)sizeof(t.hash))
		memcpy(t.hash, h, sizeof(t.hash));
	t.revoked = sqlite3_column_int(st, 5);
	return ((store_token_row_cb)cb)(&t, arg);
}

int store_replay_tokens(struct store_conn *c, store_token_row_cb cb, void *arg,
			struct fz_err *e)
{
	return each(c,
		    "SELECT org_id, token_id, user_id, name, token_hash, "
		    "revoked FROM api_tokens ORDER BY token_id",
		    "api_tokens", token_row, (any_fn)cb, arg, e);
}

static int org_row(sqlite3_stmt *st, any_fn cb, void *arg)
{
	struct store_org o;

	memset(&o, 0, sizeof(o));
	o.id = sqlite3_column_int64(st, 0);
	o.parent_id = sqlite3_column_int64(st, 1);
	store_col_text(st, 2, o.name, sizeof(o.name));
	store_col_text(st, 3, o.level, sizeof(o.level));
	store_col_text(st, 4, o.path, sizeof(o.path));
	o.created_at = sqlite3_column_int64(st, 5);
	return ((store_org_row_cb)cb)(&o, arg);
}

int store_replay_orgs(struct store_conn *c, store_org_row_cb cb, void *arg,
		      struct fz_err *e)
{
	return each(c,
		    "SELECT org_id, ifnull(parent_id,0), name, level, path, "
		    "created_at FROM orgs ORDER BY org_id",
		    "orgs", org_row, (any_fn)cb, arg, e);
}
