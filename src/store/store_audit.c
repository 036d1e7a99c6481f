/*
 * store_audit.c - the audit settings and the signed checkpoints of
 * migration 012 (store.h), and the lookups their verification needs. The
 * event log itself is in store_sqlite.c. Statements are prepared per call,
 * as none of these runs often (a checkpoint every N events), except the
 * lookup verify makes for every signed head, which is cached.
 */
#include "store_internal.h"

#include <string.h>

int store_audit_setting_put(struct store_conn *c, const char *key,
			    const char *value, struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(c,
			       "INSERT INTO audit_settings(key,value) "
			       "VALUES(?1,?2) ON CONFLICT(key) DO UPDATE SET "
			       "value=excluded.value",
			       &st, "audit settings", e);

	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	rc = store_step_done(c, st, "audit settings", e);
	sqlite3_finalize(st);
	return rc;
}

static void hash_fill(sqlite3_stmt *st, void *out)
{
	memset(out, 0, 32);
	if (sqlite3_column_bytes(st, 0) == 32)
		memcpy(out, sqlite3_column_blob(st, 0), 32);
}

int store_event_hash_at(struct store_conn *c, int64_t org_id, int64_t seq,
			unsigned char hash[32], struct fz_err *e)
{
	/* cached: verify asks it for every head of every checkpoint */
	sqlite3_stmt *st =
	    store_slot(c, SLOT_EVENT_HASH_AT,
		       "SELECT hash FROM events WHERE org_id=?1 AND seq=?2");

	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, seq);
	return store_one_row(c, st, hash_fill, hash, "event", "no such event",
			     e);
}

int store_checkpoint_insert(struct store_conn *c, int64_t ts, const char *key,
			    const char *body, const unsigned char *sig,
			    size_t siglen, struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(c,
			       "INSERT INTO checkpoints(ts,key,body,sig) "
			       "VALUES(?1,?2,?3,?4)",
			       &st, "checkpoints", e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, ts);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, body, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 4, sig, (int)siglen, SQLITE_TRANSIENT);
	rc = store_step_done(c, st, "checkpoints", e);
	sqlite3_finalize(st);
	return rc;
}

static int each_checkpoint(struct store_conn *c, const char *sql,
			   store_checkpoint_cb cb, void *arg, struct fz_err *e)
{
	struct store_checkpoint k;
	sqlite3_stmt *st;
	const unsigned char *t;
	int rc = store_prepare(c, sql, &st, "checkpoints", e);

	if (rc)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		k.id = sqlite3_column_int64(st, 0);
		k.ts = sqlite3_column_int64(st, 1);
		t = sqlite3_column_text(st, 2);
		k.key = t ? (const char *)t : "";
		t = sqlite3_column_text(st, 3);
		k.body = t ? (const char *)t : "";
		k.sig = sqlite3_column_blob(st, 4);
		k.siglen = (size_t)sqlite3_column_bytes(st, 4);
		if (cb(&k, arg))
			break;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		 ? 0
		 : store_db_err(e, store_conn_db(c), "checkpoints");
	sqlite3_finalize(st);
	return rc;
}

#define CHECKPOINT_COLS                                                        \
	"SELECT checkpoint_id, ts, key, body, sig FROM checkpoints "

int store_checkpoint_list(struct store_conn *c, store_checkpoint_cb cb,
			  void *arg, struct fz_err *e)
{
	return each_checkpoint(c, CHECKPOINT_COLS "ORDER BY checkpoint_id", cb,
			       arg, e);
}

int store_checkpoint_last(struct store_conn *c, store_checkpoint_cb cb,
			  void *arg, struct fz_err *e)
{
	return each_checkpoint(
	    c, CHECKPOINT_COLS "ORDER BY checkpoint_id DESC LIMIT 1", cb, arg,
	    e);
}

int64_t store_events_total(struct store_conn *c)
{
	sqlite3_stmt *st;
	int64_t n = 0;

	if (store_prepare(c, "SELECT ifnull(sum(seq),0) FROM chain_heads", &st,
			  "chain heads", NULL))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}
