/*
 * store_figures.c - the figures tables of migrations 007 and 010 (store.h,
 * "figures kept current"): deltas added to an organisation's rows and to
 * those of the subtree of every organisation above it, one organisation's
 * rows read (its own or its subtree's), the
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
/* The same on the subtree rows of migration 010, ?1 the subtree's root. */
static const char sql_tree_upd[] =
    "UPDATE figures_tree SET n=n+?5, s=s+?6, x=x+?7 WHERE root_org=?1 AND "
    "ind=?2 AND year=?3 AND grp=?4";
static const char sql_tree_ins[] =
    "INSERT INTO figures_tree(root_org, ind, year, grp, n, s, x) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_tree_del[] =
    "DELETE FROM figures_tree WHERE root_org=?1 AND ind=?2 AND year=?3 AND "
    "grp=?4 AND n=0 AND s=0 AND x=0";
static const char sql_org_path[] = "SELECT path FROM orgs WHERE org_id=?1";
static const char sql_def_get[] =
    "SELECT def FROM figure_defs WHERE org_id=0 AND kind=?1";
static const char sql_def_put[] =
    "INSERT INTO figure_defs(org_id, kind, def) VALUES(0, ?1, ?2) "
    "ON CONFLICT(org_id, kind) DO UPDATE SET def=excluded.def";
static const char sql_def_del[] =
    "DELETE FROM figure_defs WHERE org_id=0 AND kind=?1";
/* The rows of one organisation: of its own records (figures) or of its
 * subtree (figures_tree), by their key (adding them up per indicator is
 * the caller's). */
#define SUM_COLS  "SELECT f.ind, f.year, f.grp, f.n, f.s, f.x, typeof(f.s) "
#define SUM_OWN	  SUM_COLS "FROM figures f WHERE f.org_id=?1 "
#define SUM_TREE  SUM_COLS "FROM figures_tree f WHERE f.root_org=?1 "
#define SUM_YEARS "AND f.year BETWEEN ?4 AND ?5"
static const char sql_sum_own[] = SUM_OWN SUM_YEARS;
static const char sql_sum_own_one[] = SUM_OWN SUM_YEARS " AND f.ind=?3";
static const char sql_sum_tree[] = SUM_TREE SUM_YEARS;
static const char sql_sum_tree_one[] = SUM_TREE SUM_YEARS " AND f.ind=?3";
/* Root 0, the whole tree: every organisation's own rows. */
static const char sql_sum_every[] =
    SUM_COLS "FROM figures f WHERE f.org_id>?1 " SUM_YEARS;
static const char sql_sum_every_one[] =
    SUM_COLS "FROM figures f WHERE f.org_id>?1 " SUM_YEARS " AND f.ind=?3";

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

/* Add d to the row of key `key` of one table (upd, ins, del slots). */
static int add_to(struct store_conn *c, const int *slots,
		  const char *const *texts, int64_t key,
		  const struct store_fig *d, const char *grp, struct fz_err *e)
{
	int changed = 0;
	int rc = run_row(c, slots[0], texts[0], key, d, grp, &changed, e);

	if (!rc && !changed)
		rc = run_row(c, slots[1], texts[1], key, d, grp, &changed, e);
	else if (!rc)
		rc = run_row(c, slots[2], texts[2], key, d, grp, &changed, e);
	return rc;
}

/* org_id's path ("/1/4/9/"): the organisations whose subtrees hold it. */
static int path_of(struct store_conn *c, int64_t org_id, char *path, size_t n,
		   struct fz_err *e)
{
	sqlite3_stmt *st = store_slot(c, SLOT_FIG_ORG_PATH, sql_org_path);
	int rc;

	sqlite3_bind_int64(st, 1, org_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(path, n, "%s",
			 (const char *)sqlite3_column_text(st, 0));
	store_slot_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? fz_err_set(e, FZ_ENOTFOUND, "org_id",
					      "figures: no organisation %lld",
					      (long long)org_id)
				 : store_db_err(e, store_conn_db(c), "figures");
}

int store_fig_add(struct store_conn *c, int64_t org_id,
		  const struct store_fig *d, struct fz_err *e)
{
	static const int own[] = {SLOT_FIG_UPD, SLOT_FIG_INS, SLOT_FIG_DEL};
	static const int tree[] = {SLOT_FIG_TREE_UPD, SLOT_FIG_TREE_INS,
				   SLOT_FIG_TREE_DEL};
	static const char *const own_sql[] = {sql_upd, sql_ins, sql_del};
	static const char *const tree_sql[] = {sql_tree_upd, sql_tree_ins,
					       sql_tree_del};
	char buf[256], path[512], *owned, *p, *next;
	const char *grp = grp_key(d->grp, buf, sizeof(buf), &owned);
	int rc = add_to(c, own, own_sql, org_id, d, grp, e);

	if (!rc)
		rc = path_of(c, org_id, path, sizeof(path), e);
	/* every organisation on the path, the organisation's own included */
	for (p = path; !rc && *p; p = next) {
		long long id = strtoll(p + (*p == '/'), &next, 10);
		if (next == p + (*p == '/'))
			break;
		rc = add_to(c, tree, tree_sql, id, d, grp, e);
	}
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

	if (inds_json) {
		rc = run_once(c,
			      "DELETE FROM figures WHERE ind IN (SELECT "
			      "value FROM json_each(?1))",
			      inds_json, e);
		return rc ? rc
			  : run_once(c,
				     "DELETE FROM figures_tree WHERE ind IN "
				     "(SELECT value FROM json_each(?1))",
				     inds_json, e);
	}
	rc = run_once(c, "DELETE FROM figures", NULL, e);
	rc = rc ? rc : run_once(c, "DELETE FROM figures_tree", NULL, e);
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
	const char *sql = own_only ? (ind ? sql_sum_own_one : sql_sum_own)
			  : !root_org
			      ? (ind ? sql_sum_every_one : sql_sum_every)
			      : (ind ? sql_sum_tree_one : sql_sum_tree);
	sqlite3_stmt *st;
	int rc = store_prepare(c, sql, &st, "figures", e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, root_org);
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
