/*
 * store_stats.c - counts and sums over the records of a kind, for the
 * indicators (src/report/indicators.c). One statement with optional
 * clauses and a fixed snippet per condition of the indicator (its
 * operator's): every path and value is bound, nothing of the input becomes
 * SQL text. Statements are prepared per call: a report asks a few dozen.
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

#include "lib/buf.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The statement is its head (what is selected), STAT_WHERE, one snippet
 * per condition (cond_sql) and its tail. Parameters: ?1 kind, ?2 ?3 the
 * paths' range, ?4 the summed field, ?5 the date field, ?6 ?7 the year's
 * first and last day, ?8 ?9 open_from and open_to, ?16 ?17 limit and
 * offset, ?18 on_time, ?19 the group field, ?20 with_sum, ?21 the unit,
 * ?22 the distinct field; condition i: ?(COND_P + COND_STEP * i) the
 * field's path, the next STORE_IN_MAX its values. */
#define STAT_WHERE                                                             \
	" FROM records r WHERE r.kind=?1 AND r.org_id IN (SELECT org_id "      \
	"FROM orgs WHERE path>=?2 AND path<?3)"                                \
	" AND (?5 IS NULL OR json_extract(r.data, ?5) BETWEEN ?6 AND ?7)"      \
	" AND (?8 IS NULL OR (json_extract(r.data, ?8) <= ?7 AND "             \
	"(json_extract(r.data, ?9) IS NULL OR json_extract(r.data, ?9) > "     \
	"?7)))"                                                                \
	" AND (?18 IS NULL OR EXISTS (SELECT 1 FROM record_deadlines d "       \
	"WHERE d.org_id=r.org_id AND d.record_id=r.record_id AND d.name=?18"   \
	" AND d.done_on IS NOT NULL AND d.due IS NOT NULL AND "                \
	"d.done_on<=d.due))"                                                   \
	" AND (?20 = 0 OR json_extract(r.data, ?4) IS NOT NULL)"

enum { COND_P = 30, COND_STEP = 20 };

/* The summed value, rounded to the unit ?21 when there is one. */
#define STAT_TOTAL                                                             \
	"total(CASE WHEN ?21 > 0 THEN round(json_extract(r.data, ?4) * ?21) "  \
	"ELSE json_extract(r.data, ?4) END)"

static const char head_groups[] =
    "SELECT json_extract(r.data, ?19), count(*), " STAT_TOTAL;
static const char tail_groups[] = " GROUP BY 1 ORDER BY 1";
static const char head_sum[] = "SELECT count(*), " STAT_TOTAL;
static const char head_distinct[] =
    "SELECT count(*), count(DISTINCT json_extract(r.data, ?22))";
static const char head_records[] =
    "SELECT r.org_id, r.record_id, r.number, r.title, r.state";
static const char tail_records[] = " ORDER BY r.record_id LIMIT ?16 OFFSET ?17";

/* What follows the field in the condition of each operator: a comparison
 * with the value, a list of values, or a test of NULL. */
static const char *const cond_sql[] = {
    [STORE_EQ] = " = ",		[STORE_NE] = " <> ",
    [STORE_LT] = " < ",		[STORE_LE] = " <= ",
    [STORE_GT] = " > ",		[STORE_GE] = " >= ",
    [STORE_IN] = " IN (",	[STORE_PRESENT] = " IS NOT NULL",
    [STORE_ABSENT] = " IS NULL"};

static void add_param(struct fz_buf *b, int n)
{
	fz_buf_addf(b, "?%d", n);
}

/* Condition i: only fixed text and parameter numbers. */
static void add_cond(struct fz_buf *b, const struct store_cond *w, int i)
{
	int p = COND_P + COND_STEP * i, j;

	fz_buf_adds(b, " AND json_extract(r.data, ");
	add_param(b, p);
	fz_buf_adds(b, ")");
	fz_buf_adds(b, cond_sql[w->op]);
	if (w->op == STORE_PRESENT || w->op == STORE_ABSENT)
		return;
	if (w->op != STORE_IN) {
		add_param(b, p + 1);
		return;
	}
	for (j = 0; j < STORE_IN_MAX; j++) {
		fz_buf_adds(b, j ? ", " : "");
		add_param(b, p + 1 + j);
	}
	fz_buf_adds(b, ")");
}

/* Head, STAT_WHERE, the conditions, tail: malloc'ed. */
static char *stat_sql(const char *head, const struct store_stat_query *q,
		      const char *tail)
{
	struct fz_buf b = FZ_BUF_INIT(1u << 16);
	size_t i;

	fz_buf_adds(&b, head);
	fz_buf_adds(&b, STAT_WHERE);
	for (i = 0; i < q->nwhere && i < STORE_WHERE_MAX; i++)
		add_cond(&b, &q->where[i], (int)i);
	fz_buf_adds(&b, tail);
	return fz_buf_detach(&b, NULL);
}

static void bind_path(sqlite3_stmt *st, int i, const char *field)
{
	char path[80];

	if (!field)
		return;
	snprintf(path, sizeof(path), "$.%s", field);
	sqlite3_bind_text(st, i, path, -1, SQLITE_TRANSIENT);
}

/* Value j of condition w (in: the first again past the last given, which
 * leaves the list's meaning as it is). */
static void bind_value(sqlite3_stmt *st, int i, const struct store_cond *w,
		       size_t j)
{
	if (j >= w->n)
		j = 0;
	if (w->numeric)
		sqlite3_bind_double(st, i, w->num[j]);
	else
		sqlite3_bind_text(st, i, w->text[j], -1, SQLITE_TRANSIENT);
}

static void bind_where(sqlite3_stmt *st, const struct store_stat_query *q)
{
	const struct store_cond *w;
	size_t i, j, n;
	int p;

	for (i = 0; i < q->nwhere && i < STORE_WHERE_MAX; i++) {
		w = &q->where[i];
		p = COND_P + COND_STEP * (int)i;
		bind_path(st, p, w->field);
		n = w->op == STORE_IN ? STORE_IN_MAX : w->n ? 1 : 0;
		for (j = 0; j < n && w->n; j++)
			bind_value(st, p + 1 + (int)j, w, j);
	}
}

static int prepare(struct store_conn *c, const char *head, const char *tail,
		   const struct store_stat_query *q, sqlite3_stmt **st,
		   struct fz_err *e)
{
	char lo[512], hi[512], *text;
	int rc =
	    store_org_range(c, q->root_org, q->own_only, lo, hi, sizeof(lo), e);

	if (rc)
		return rc;
	text = stat_sql(head, q, tail);
	rc = store_prepare(c, text, st, "indicator", e);
	free(text);
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
	bind_path(*st, 22, q->distinct);
	return 0;
}

int store_org_range(struct store_conn *c, int64_t root, int own_only, char *lo,
		    char *hi, size_t n, struct fz_err *e)
{
	int rc = store_subtree(c, root, lo, hi, n, e);

	if (!rc && own_only)
		snprintf(hi, n, "%.*s\x01", (int)(n - 2), lo);
	return rc;
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

/* The one row of statement head over q, read by row into out. */
static int one_stat(struct store_conn *c, const char *head,
		    const struct store_stat_query *q,
		    void (*row)(sqlite3_stmt *, void *), void *out,
		    struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(c, head, "", q, &st, e);

	if (rc)
		return rc;
	rc = store_one_row(c, st, row, out, "indicator", "indicator: no result",
			   e);
	sqlite3_finalize(st);
	return rc;
}

int store_stat(struct store_conn *c, const struct store_stat_query *q,
	       int64_t *count, double *sum, struct fz_err *e)
{
	struct count_sum cs = {q, count, sum};

	return one_stat(c, head_sum, q, count_sum_row, &cs, e);
}

struct count_distinct {
	int64_t *count, *distinct;
};

static void count_distinct_row(sqlite3_stmt *st, void *out)
{
	struct count_distinct *cd = out;

	*cd->count = sqlite3_column_int64(st, 0);
	*cd->distinct = sqlite3_column_int64(st, 1);
}

int store_stat_distinct(struct store_conn *c, const struct store_stat_query *q,
			int64_t *count, int64_t *distinct, struct fz_err *e)
{
	struct count_distinct cd = {count, distinct};

	return one_stat(c, head_distinct, q, count_distinct_row, &cd, e);
}

int store_stat_records(struct store_conn *c, const struct store_stat_query *q,
		       int64_t limit, int64_t offset, store_stat_record_cb cb,
		       void *arg, struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc = prepare(c, head_records, tail_records, q, &st, e);

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
	int rc = prepare(c, head_groups, tail_groups, q, &st, e);

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
