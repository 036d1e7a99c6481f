/*
 * store_stats.c - counts and sums over the records of a kind, for the
 * indicators (src/report/indicators.c). One statement with optional
 * clauses: every path and value is bound, nothing of the input becomes SQL
 * text. Statements are prepared per call: a report asks a few dozen.
 *
 * These are the recount: the figures kept current (store_figures.c) must
 * equal them, and an indicator the figures cannot answer exactly is
 * answered here. With q->unit each value is rounded to 1/unit as SQLite's
 * round() does, (double)(int64)(v*unit +- 0.5), before it is summed: the
 * terms are then integers below 2^52 and their total is exact in any order,
 * the same integer the figures hold.
 */
#include "store.h"
#include "store_internal.h"

#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STAT_WHERE                                                             \
	" FROM records r WHERE r.kind=?1 AND r.org_id IN (SELECT org_id "      \
	"FROM orgs WHERE path>=?2 AND path<?3)"                                \
	" AND (?5 IS NULL OR json_extract(r.data, ?5) BETWEEN ?6 AND ?7)"      \
	" AND (?8 IS NULL OR (json_extract(r.data, ?8) <= ?7 AND "             \
	"(json_extract(r.data, ?9) IS NULL OR json_extract(r.data, ?9) > "     \
	"?7)))"                                                                \
	" AND (?10 IS NULL OR json_extract(r.data, ?10) = ?11)"                \
	" AND (?12 IS NULL OR json_extract(r.data, ?12) = ?13)"                \
	" AND (?14 IS NULL OR json_extract(r.data, ?14) = ?15)"                \
	" AND (?18 IS NULL OR EXISTS (SELECT 1 FROM record_deadlines d "       \
	"WHERE d.org_id=r.org_id AND d.record_id=r.record_id AND d.name=?18"   \
	" AND d.done_on IS NOT NULL AND d.due IS NOT NULL AND "                \
	"d.done_on<=d.due))"                                                   \
	" AND (?20 = 0 OR json_extract(r.data, ?4) IS NOT NULL)"

/* The summed value, rounded to the unit ?21 when there is one. */
#define STAT_TOTAL                                                             \
	"total(CASE WHEN ?21 > 0 THEN round(json_extract(r.data, ?4) * ?21) "  \
	"ELSE json_extract(r.data, ?4) END)"

static const char sql_groups[] =
    "SELECT json_extract(r.data, ?19), count(*), " STAT_TOTAL STAT_WHERE
    " GROUP BY 1 ORDER BY 1";
static const char sql_sum[] = "SELECT count(*), " STAT_TOTAL STAT_WHERE;
static const char sql_records[] =
    "SELECT r.org_id, r.record_id, r.number, r.title, r.state" STAT_WHERE
    " ORDER BY r.record_id LIMIT ?16 OFFSET ?17";

static void bind_path(sqlite3_stmt *st, int i, const char *field)
{
	char path[80];

	if (!field)
		return;
	snprintf(path, sizeof(path), "$.%s", field);
	sqlite3_bind_text(st, i, path, -1, SQLITE_TRANSIENT);
}

static void bind_where(sqlite3_stmt *st, const struct store_stat_query *q)
{
	size_t i;

	for (i = 0; i < q->nwhere && i < 3; i++) {
		bind_path(st, 10 + 2 * (int)i, q->wfield[i]);
		if (!strcmp(q->wvalue[i], "true") ||
		    !strcmp(q->wvalue[i], "false"))
			sqlite3_bind_int(st, 11 + 2 * (int)i,
					 !strcmp(q->wvalue[i], "true"));
		else
			sqlite3_bind_text(st, 11 + 2 * (int)i, q->wvalue[i], -1,
					  SQLITE_TRANSIENT);
	}
}

static int prepare(struct store_conn *c, const char *text,
		   const struct store_stat_query *q, sqlite3_stmt **st,
		   struct fz_err *e)
{
	char lo[512], hi[512];
	int rc = store_subtree(c, q->root_org, lo, hi, sizeof(lo), e);

	if (!rc)
		rc = store_prepare(c, text, st, "indicator", e);
	if (rc)
		return rc;
	sqlite3_bind_text(*st, 1, q->kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(*st, 2, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(*st, 3, hi, -1, SQLITE_TRANSIENT);
	bind_path(*st, 4, q->sum);
	bind_path(*st, 5, q->date);
	sqlite3_bind_text(*st, 6, q->from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(*st, 7, q->to, -1, SQLITE_TRANSIENT);
	bind_path(*st, 8, q->open_from);
	bind_path(*st, 9, q->open_to);
	bind_where(*st, q);
	if (q->on_time)
		sqlite3_bind_text(*st, 18, q->on_time, -1, SQLITE_TRANSIENT);
	bind_path(*st, 19, q->group);
	sqlite3_bind_int(*st, 20, q->with_sum != 0);
	sqlite3_bind_double(*st, 21, q->unit > 0 ? q->unit : 0);
	return 0;
}

/* A total as the field's value: back from units when rounded to them. */
static double in_field(const struct store_stat_query *q, double total)
{
	return q->unit > 0 ? total / q->unit : total;
}

struct count_sum {
	const struct store_stat_query *q;
	int64_t *count;
	double *sum;
};

static void count_sum_row(sqlite3_stmt *st, void *out)
{
	struct count_sum *cs = out;

	*cs->count = sqlite3_column_int64(st, 0);
	*cs->sum = in_field(cs->q, sqlite3_column_double(st, 1));
}

int store_stat(struct store_conn *c, const struct store_stat_query *q,
	       int64_t *count, double *sum, struct fz_err *e)
{
	struct count_sum cs = {q, count, sum};
	sqlite3_stmt *st;
	int rc = prepare(c, sql_sum, q, &st, e);

	if (rc)
		return rc;
	rc = store_one_row(c, st, count_sum_row, &cs, "indicator",
			   "indicator: no result", e);
	sqlite3_finalize(st);
	return rc;
}

int store_stat_records(struct store_conn *c, const struct store_stat_query *q,
		       int64_t limit, int64_t offset, store_stat_record_cb cb,
		       void *arg, struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(c, sql_records, q, &st, e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 16, limit);
	sqlite3_bind_int64(st, 17, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (cb(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		       (const char *)sqlite3_column_text(st, 2),
		       (const char *)sqlite3_column_text(st, 3),
		       (const char *)sqlite3_column_text(st, 4), arg))
			break;
	sqlite3_finalize(st);
	return rc == SQLITE_ERROR
		   ? store_db_err(e, store_conn_db(c), "indicator")
		   : 0;
}

int store_stat_groups(struct store_conn *c, const struct store_stat_query *q,
		      store_stat_group_cb cb, void *arg, struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(c, sql_groups, q, &st, e);

	if (rc)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (cb((const char *)sqlite3_column_text(st, 0),
		       sqlite3_column_int64(st, 1),
		       in_field(q, sqlite3_column_double(st, 2)), arg))
			break;
	sqlite3_finalize(st);
	return rc == SQLITE_ERROR
		   ? store_db_err(e, store_conn_db(c), "indicator")
		   : 0;
}
