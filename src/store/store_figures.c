/*
 * store_figures.c - the figures table of migration 007 (store.h, "figures
 * kept current"): deltas added to rows, the rows of a subtree summed, the
 * definition each kind's figures were counted under, and a scan of every
 * record for a rebuild. What a record contributes is decided above the
 * store (src/kinds/figures.c); here nothing but adding and summing.
 *
 * A group value is stored as '=' followed by the value, and no group value
 * as '', so that a record without the field and an enum value "" stay
 * apart, as the query's GROUP BY keeps them apart.
 *
 * The statements of the write path (add, remove, definitions) are prepared
 * once per connection (store_slot); the reads are prepared per call, like
 * store_stats.c's.
 */
#include "store.h"
#include "store_internal.h"

#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Add to a row: an UPDATE, else an INSERT; then remove it if it came back
 * to zero. Three plain one-row statements rather than one upsert with
 * RETURNING, which costs several times more inside a write job's
 * savepoint (it journals its statement). */
static const char sql_upd[] =
    "UPDATE figures SET n=n+?5, s=s+?6, x=x+?7 WHERE org_id=?1 AND ind=?2 "
    "AND year=?3 AND grp=?4";
static const char sql_ins[] = "INSERT INTO figures(org_id, ind, year, grp, n, "
			      "s, x) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_del[] =
    "DELETE FROM figures WHERE org_id=?1 AND ind=?2 AND year=?3 AND grp=?4 "
    "AND n=0 AND s=0 AND x=0";
static const char sql_def_get[] =
    "SELECT def FROM figure_defs WHERE org_id=0 AND kind=?1";
static const char sql_def_put[] =
    "INSERT INTO figure_defs(org_id, kind, def) VALUES(0, ?1, ?2) "
    "ON CONFLICT(org_id, kind) DO UPDATE SET def=excluded.def";
static const char sql_def_del[] =
    "DELETE FROM figure_defs WHERE org_id=0 AND kind=?1";
/* The subtree's organisations, then each one's rows by its key (adding
 * them up is the caller's: a GROUP BY here would sort every row). */
#define SUM_FROM                                                               \
	"SELECT f.ind, f.year, f.grp, f.n, f.s, f.x, typeof(f.s) FROM orgs o " \
	"JOIN figures f ON f.org_id=o.org_id WHERE o.path>=?1 AND o.path<?2 "  \
	"AND f.year BETWEEN ?4 AND ?5"
static const char sql_sum_all[] = SUM_FROM;
static const char sql_sum_one[] = SUM_FROM " AND f.ind=?3";

/* The stored form of a group value into buf (n bytes) or, when longer, a
 * new string in *owned (the caller frees it). */
static const char *grp_key(const char *grp, char *buf, size_t n, char **owned)
{
	size_t len;

	*owned = NULL;
	if (!grp)
		return "";
	len = strlen(grp) + 2;
	if (len > n)
		buf = *owned = fz_xmalloc(len);
	buf[0] = '=';
	memcpy(buf + 1, grp, len - 1);
	return buf;
}

/* Run statement slot (text) on the row of d with its deltas. */
static int run_row(struct store_conn *c, int slot, const char *text,
		   int64_t org_id, const struct store_fig *d, const char *grp,
		   int *changed, struct fz_err *e)
{
	sqlite3_stmt *st = store_slot(c, slot, text);
	int rc;

	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, d->ind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, d->year);
	sqlite3_bind_text(st, 4, grp, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, d->n);
	sqlite3_bind_int64(st, 6, d->s);
	sqlite3_bind_int64(st, 7, d->x);
	rc = store_step_done(c, st, "figures", e);
	*changed = sqlite3_changes(store_conn_db(c));
	return rc;
}

int store_fig_add(struct store_conn *c, int64_t org_id,
		  const struct store_fig *d, struct fz_err *e)
{
	char buf[256], *owned;
	const char *grp = grp_key(d->grp, buf, sizeof(buf), &owned);
	int changed = 0;
	int rc = run_row(c, SLOT_FIG_UPD, sql_upd, org_id, d, grp, &changed, e);

	if (!rc && !changed)
		rc = run_row(c, SLOT_FIG_INS, sql_ins, org_id, d, grp, &changed,
			     e);
	else if (!rc)
		rc = run_row(c, SLOT_FIG_DEL, sql_del, org_id, d, grp, &changed,
			     e);
	free(owned);
	return rc;
}

int store_fig_def_get(struct store_conn *c, const char *kind, char **def,
		      struct fz_err *e)
{
	sqlite3_stmt *st = store_slot(c, SLOT_FIG_DEF_GET, sql_def_get);
	int rc;

	*def = NULL;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*def = fz_xstrdup((const char *)sqlite3_column_text(st, 0));
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		 ? 0
		 : store_db_err(e, store_conn_db(c), "figures");
	store_slot_done(st);
	return rc;
}

int store_fig_def_put(struct store_conn *c, const char *kind, const char *def,
		      struct fz_err *e)
{
	sqlite3_stmt *st = def ? store_slot(c, SLOT_FIG_DEF_PUT, sql_def_put)
			       : store_slot(c, SLOT_FIG_DEF_DEL, sql_def_del);

	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	if (def)
		sqlite3_bind_text(st, 2, def, -1, SQLITE_STATIC);
	return store_step_done(c, st, "figures", e);
}

/* Run one statement prepared for this call, with ?1 bound to text (or
 * nothing when NULL). */
static int run_once(struct store_conn *c, const char *sql, const char *text,
		    struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(c, sql, &st, "figures", e);

	if (rc)
		return rc;
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	rc = store_step_done(c, st, "figures", e);
	sqlite3_finalize(st);
	return rc;
}

int store_fig_clear(struct store_conn *c, const char *inds_json,
		    struct fz_err *e)
{
	int rc;

	if (inds_json)
		return run_once(c,
				"DELETE FROM figures WHERE ind IN (SELECT "
				"value FROM json_each(?1))",
				inds_json, e);
	rc = run_once(c, "DELETE FROM figures", NULL, e);
	return rc ? rc : run_once(c, "DELETE FROM figure_defs", NULL, e);
}

/* One row to cb; a stored group "=v" goes out as "v", "" as NULL. A sum
 * SQLite could not keep as an integer (it turns to a real past 2^63) is
 * marked inexact. */
static int sum_row(sqlite3_stmt *st, store_fig_cb cb, void *arg)
{
	const char *grp = (const char *)sqlite3_column_text(st, 2);
	struct store_fig f;

	f.ind = (const char *)sqlite3_column_text(st, 0);
	f.year = sqlite3_column_int(st, 1);
	f.grp = grp && grp[0] == '=' ? grp + 1 : NULL;
	f.n = sqlite3_column_int64(st, 3);
	f.s = sqlite3_column_int64(st, 4);
	f.x = sqlite3_column_int64(st, 5);
	if (strcmp((const char *)sqlite3_column_text(st, 6), "integer") != 0)
		f.x = f.x ? f.x : 1;
	return cb(&f, arg);
}

int store_fig_sum(struct store_conn *c, int64_t root_org, int own_only,
		  const char *ind, int year_min, int year_max, store_fig_cb cb,
		  void *arg, struct fz_err *e)
{
	char lo[512], hi[512];
	sqlite3_stmt *st;
	int rc = store_org_range(c, root_org, own_only, lo, hi, sizeof(lo), e);

	if (!rc)
		rc = store_prepare(c, ind ? sql_sum_one : sql_sum_all, &st,
				   "figures", e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	if (ind)
		sqlite3_bind_text(st, 3, ind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, year_min);
	sqlite3_bind_int(st, 5, year_max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sum_row(st, cb, arg))
			break;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		 ? 0
		 : store_db_err(e, store_conn_db(c), "figures");
	sqlite3_finalize(st);
	return rc;
}

int store_fig_records(struct store_conn *c, store_fig_record_cb cb, void *arg,
		      struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(c,
			       "SELECT org_id, record_id, kind, data FROM "
			       "records",
			       &st, "figures", e);
	int step = SQLITE_DONE;

	if (rc)
		return rc;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc =
		    cb(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		       (const char *)sqlite3_column_text(st, 2),
		       (const char *)sqlite3_column_text(st, 3), arg);
	if (!rc && step != SQLITE_DONE)
		rc = store_db_err(e, store_conn_db(c), "figures");
	sqlite3_finalize(st);
	return rc;
}
