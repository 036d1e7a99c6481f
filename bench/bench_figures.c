/*
 * bench_figures.c - issue 7: the annual report's figures on a province.
 *
 * Generates a province of --orgs organisations (a tree: the province, 10
 * cities, districts of 50 departments each, the departments; 2,000 by
 * default) and --records records (10,000,000) over every kind that
 * carries indicators, held by the departments. The records are a bench
 * fixture: bulk-inserted with plain SQL (the named indexes dropped during
 * the load and made again from their own definitions), with the fields the
 * indicators read (dates, enums, booleans, numbers) and, for indicators
 * counted on time, their deadlines; no event log, no search text. The
 * figures are then counted from the records by fig_rebuild, the function
 * a migrated database uses.
 *
 * Then, in the same run, for one department and for a district government
 * of 50 departments, year --year (default 2024) with the year before:
 *   - figures: ind_all, every indicator with last year's value, read from
 *     the figures kept current (what the API and the report call);
 *   - GROUP BY: the same figures by plain SQL over the same records, one
 *     GROUP BY statement per indicator (both years and every group value
 *     in one statement, with the indicator's conditions), as one would
 *     write them without the figures;
 *   - recount: ind_all_query, the query path the figures replaced (two or
 *     three statements per indicator).
 * And the annual report composed (issue 13: annual_render, Markdown: the
 * figures, every statement judged, the sentences written) for the
 * department, the district and the whole province, each next to the time
 * of reading its figures alone; targets 20, 50 and 100 ms.
 * Each is run --reps times (the slower ones fewer, see below) after one
 * warm-up run; the median and p95 are printed, and the ratio GROUP BY /
 * figures. Before timing, ind_all's answer is checked against the recount
 * and the GROUP BY's values against ind_all's (any difference is printed
 * and makes the run fail).
 *
 * usage: bench_figures [--db PATH] [--orgs 2000] [--records 10000000]
 *                      [--year 2024] [--reps 20] [--seed 7] [--keep]
 *
 * PATH (default /tmp/fz-bench-figures.db) is made anew and removed at the
 * end with its -wal and -shm, unless --keep; with --keep an existing PATH
 * that holds the same --orgs and --records is reused.
 *
 * Output (stdout): the table, a line beginning "report:", then one
 * summary line beginning "figures:" for bench/run.
 */
#include "admin/accounts.h"
#include "admin/legaltime.h"
#include "calendar/calendar.h"
#include "kinds/engine.h"
#include "kinds/figures.h"
#include "kinds/kind.h"
#include "report/annual.h"
#include "report/indicators.h"
#include "store/store.h"

#include <jansson.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEPTS_PER_DISTRICT 50
#define CITIES		   10
#define MAX_ORGS	   100000
#define MAX_FIELDS	   48
#define MAX_DL		   8

struct opts {
	const char *db;
	int orgs, year, reps, keep;
	long long records;
	uint64_t seed;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 7;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static int below(int n)
{
	return n > 0 ? (int)(rnd() % (uint64_t)n) : 0;
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_figures: %s: %s\n", what, msg);
	exit(1);
}

static void check_sql(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		die(what, sqlite3_errmsg(db));
}

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die(sql, msg ? msg : "?");
}

/* ---- the organisations ----------------------------------------------------
 */

struct tree {
	int64_t province;
	int64_t *depts; /* every department */
	int ndepts;
	int64_t district; /* the government measured: the first district */
	int64_t dept;	  /* the department measured: its first department */
	int ndistricts;
};

struct org_job {
	struct tree *t;
	int from, to; /* organisations [from, to) of the plan */
	int total;
};

/* Organisation i of the plan: 0 the province, 1..CITIES the cities, then
 * the districts (as many as the departments need), then the departments,
 * DEPTS_PER_DISTRICT to each district. */
static void plan(int total, int *ndistricts, int *ndepts)
{
	int rest = total - 1 - CITIES;

	*ndistricts = (rest + DEPTS_PER_DISTRICT) / (DEPTS_PER_DISTRICT + 1);
	*ndepts = rest - *ndistricts;
}

static int orgs_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct org_job *j = arg;
	static int64_t ids[MAX_ORGS];
	struct store_org o;
	int i, nd, ndep, rc = 0;

	plan(j->total, &nd, &ndep);
	for (i = j->from; !rc && i < j->to; i++) {
		memset(&o, 0, sizeof(o));
		if (i == 0) {
			snprintf(o.name, sizeof(o.name), "基准省");
			snprintf(o.level, sizeof(o.level), "region");
		} else if (i <= CITIES) {
			o.parent_id = ids[0];
			snprintf(o.name, sizeof(o.name), "基准市%d", i);
			snprintf(o.level, sizeof(o.level), "government");
		} else if (i <= CITIES + nd) {
			o.parent_id = ids[1 + (i - CITIES - 1) % CITIES];
			snprintf(o.name, sizeof(o.name), "基准区%d", i);
			snprintf(o.level, sizeof(o.level), "government");
		} else {
			int d = (i - CITIES - nd - 1) / DEPTS_PER_DISTRICT;
			o.parent_id = ids[CITIES + 1 + d];
			snprintf(o.name, sizeof(o.name), "基准局%d", i);
			snprintf(o.level, sizeof(o.level), "department");
		}
		rc = acct_org_add(c, &o, "bench", e);
		ids[i] = o.id;
		if (i > CITIES + nd)
			j->t->depts[j->t->ndepts++] = o.id;
	}
	j->t->province = ids[0];
	j->t->district = ids[CITIES + 1];
	return rc;
}

static void make_orgs(struct store *s, struct tree *t, int total)
{
	struct org_job j = {t, 0, 0, total};
	struct fz_err e;

	for (j.from = 0; j.from < total; j.from = j.to) {
		j.to = j.from + 200 < total ? j.from + 200 : total;
		if (store_write(s, orgs_write, &j, &e))
			die("organisations", e.msg);
	}
	t->dept = t->depts[0];
}

/* ---- what a record of a kind holds --------------------------------------
 */

struct gen_kind {
	const struct kind *k;
	const struct kind_field *f[MAX_FIELDS]; /* the fields indicators read */
	size_t nf;
	const struct kind_deadline *dl[MAX_DL]; /* counted on time */
	size_t ndl;
	int weight;
};

/* Records per kind: the busy kinds of a 规划和自然资源局 weigh more. */
static int weight_of(const char *id)
{
	static const struct {
		const char *id;
		int w;
	} w[] = {{"service_application", 24}, {"hotline_ticket", 18},
		 {"disclosure_request", 12},  {"petition", 10},
		 {"enforcement_case", 6},     {"patrol", 6},
		 {"supervision", 3},	      {"proactive_disclosure", 4},
		 {"noncase_handling", 3},     {"litigation", 2},
		 {"legal_advice", 2}};
	size_t i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (!strcmp(w[i].id, id))
			return w[i].w;
	return 1;
}

static void add_field(struct gen_kind *g, const char *name)
{
	const struct kind_field *f = name ? kind_field(g->k, name) : NULL;
	size_t i;

	if (!f)
		return;
	for (i = 0; i < g->nf; i++)
		if (g->f[i] == f)
			return;
	if (g->nf < MAX_FIELDS)
		g->f[g->nf++] = f;
}

static void add_deadline(struct gen_kind *g, const char *name)
{
	const struct kind_deadline *d = name ? kind_deadline(g->k, name) : NULL;
	size_t i;

	if (!d)
		return;
	for (i = 0; i < g->ndl; i++)
		if (g->dl[i] == d)
			return;
	if (g->ndl < MAX_DL)
		g->dl[g->ndl++] = d;
}

static void gen_kind_init(struct gen_kind *g, const struct kind *k)
{
	const struct kind_indicator *ind;
	size_t i, j;

	memset(g, 0, sizeof(*g));
	g->k = k;
	g->weight = weight_of(k->id);
	for (i = 0; i < k->nindicators; i++) {
		ind = &k->indicators[i];
		add_field(g, ind->date);
		add_field(g, ind->open_from);
		add_field(g, ind->open_to);
		add_field(g, ind->sum);
		add_field(g, ind->avg);
		add_field(g, ind->group);
		add_field(g, ind->distinct);
		for (j = 0; j < ind->nwhere; j++)
			add_field(g, ind->where[j].field);
		add_deadline(g, ind->on_time);
	}
}

static const struct gen_kind *pick_kind(const struct gen_kind *g, size_t n,
					int total)
{
	int r = below(total);
	size_t i;

	for (i = 0; i + 1 < n && r >= g[i].weight; i++)
		r -= g[i].weight;
	return &g[i];
}

/* One value of field f for a record whose first date is base: dates after
 * it (some left unset, so that records stay open), enums and booleans at
 * random, numbers in the field's range (decimals with 2 decimals), text
 * one of 50 names. */
static void put_value(char *out, size_t n, const struct kind_field *f, int base,
		      int first)
{
	char d[CAL_DATE_LEN];
	double hi = f->has_max ? f->max : 1000, lo = f->has_min ? f->min : 0;

	switch (f->type) {
	case KF_DATE:
		snprintf(out, n, "\"%s\"",
			 cal_date_format(first ? base : base + below(90), d));
		return;
	case KF_ENUM:
		snprintf(out, n, "\"%s\"",
			 f->values[below((int)f->nvalues)].value);
		return;
	case KF_BOOL:
		snprintf(out, n, "%s", below(2) ? "true" : "false");
		return;
	case KF_STRING:
	case KF_TEXT: /* one of 50 names: what a distinct count reads */
		snprintf(out, n, "\"名%d\"", below(50));
		return;
	case KF_INT:
		snprintf(out, n, "%d",
			 (int)lo +
			     below((int)(hi - lo < 100 ? hi - lo : 100) + 1));
		return;
	default: /* decimal, money */
		snprintf(
		    out, n, "%.2f",
		    lo + below((int)((hi - lo < 1000 ? hi - lo : 1000) * 100)) /
			     100.0);
	}
}

/* The record's data into buf: the first date field always, the other
 * dates in 4 of 5 records, every other field. */
static void record_data(char *buf, size_t n, const struct gen_kind *g, int base)
{
	char v[128];
	size_t i, len = 0;
	int first = 1;

	len += (size_t)snprintf(buf, n, "{");
	for (i = 0; i < g->nf; i++) {
		if (g->f[i]->type == KF_DATE && !first && below(5) == 0)
			continue;
		put_value(v, sizeof(v), g->f[i], base, first);
		if (g->f[i]->type == KF_DATE)
			first = 0;
		len += (size_t)snprintf(buf + len, n - len, "%s\"%s\":%s",
					len > 1 ? "," : "", g->f[i]->name, v);
	}
	snprintf(buf + len, n - len, "}");
}

/* ---- the bulk load --------------------------------------------------------
 */

struct loader {
	sqlite3 *db;
	sqlite3_stmt *rec, *dl;
	struct gen_kind *g;
	size_t ng;
	int total_weight;
};

static void insert_record(struct loader *l, int64_t org, int64_t id)
{
	const struct gen_kind *g = pick_kind(l->g, l->ng, l->total_weight);
	int base = 0, due, done;
	char data[4096], number[64];
	size_t i;

	cal_date_make(2022, 7, 1, &base, NULL, NULL);
	base += below(915); /* 2022-07-01 .. 2024-12-31 */
	record_data(data, sizeof(data), g, base);
	snprintf(number, sizeof(number), "%s-B-%lld", g->k->prefix,
		 (long long)id);
	sqlite3_bind_int64(l->rec, 1, org);
	sqlite3_bind_int64(l->rec, 2, id);
	sqlite3_bind_text(l->rec, 3, g->k->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->rec, 4, number, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(l->rec, 5, g->k->initial, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->rec, 6, data, -1, SQLITE_TRANSIENT);
	check_sql(l->db, sqlite3_step(l->rec), "record");
	sqlite3_reset(l->rec);
	for (i = 0; i < g->ndl; i++) {
		due = base + 15;
		done = base + below(25);
		sqlite3_bind_int64(l->dl, 1, org);
		sqlite3_bind_int64(l->dl, 2, id);
		sqlite3_bind_text(l->dl, 3, g->k->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(l->dl, 4, g->dl[i]->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(l->dl, 5, g->dl[i]->rule->id, -1,
				  SQLITE_STATIC);
		sqlite3_bind_int(l->dl, 6, base);
		sqlite3_bind_int(l->dl, 7, due);
		if (below(5))
			sqlite3_bind_int(l->dl, 8, done);
		else
			sqlite3_bind_null(l->dl, 8);
		check_sql(l->db, sqlite3_step(l->dl), "deadline");
		sqlite3_reset(l->dl);
	}
}

/* The named indexes of the record tables: their definitions (to make them
 * again) into sql[], then dropped. */
static size_t drop_indexes(sqlite3 *db, char **sql, char **names, size_t cap)
{
	sqlite3_stmt *st;
	char drop[256];
	size_t n = 0, i;

	check_sql(
	    db,
	    sqlite3_prepare_v2(db,
			       "SELECT name, sql FROM sqlite_master WHERE "
			       "type='index' AND sql IS NOT NULL AND "
			       "tbl_name IN ('records', "
			       "'record_deadlines')",
			       -1, &st, NULL),
	    "indexes");
	while (sqlite3_step(st) == SQLITE_ROW && n < cap) {
		names[n] = strdup((const char *)sqlite3_column_text(st, 0));
		sql[n++] = strdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	for (i = 0; i < n; i++) {
		snprintf(drop, sizeof(drop), "DROP INDEX \"%s\"", names[i]);
		exec(db, drop);
	}
	return n;
}

static void load(const char *path, const struct kind_registry *reg,
		 const struct tree *t, long long records, double *secs,
		 double *isecs)
{
	struct loader l = {NULL, NULL, NULL, NULL, 0, 0};
	char *sql[16], *names[16];
	size_t i, nidx;
	long long r;
	double t0 = now_s();

	l.g = calloc(reg->n + 1, sizeof(*l.g));
	for (i = 0; i < reg->n; i++)
		if (fig_kept(reg->v[i])) {
			gen_kind_init(&l.g[l.ng], reg->v[i]);
			l.total_weight += l.g[l.ng++].weight;
		}
	check_sql(NULL, sqlite3_open(path, &l.db), "open");
	exec(l.db, "PRAGMA journal_mode=DELETE; PRAGMA journal_mode=OFF; "
		   "PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; "
		   "PRAGMA locking_mode=EXCLUSIVE; PRAGMA temp_store=MEMORY");
	nidx = drop_indexes(l.db, sql, names, 16);
	check_sql(l.db,
		  sqlite3_prepare_v2(
		      l.db,
		      "INSERT INTO records(org_id, record_id, kind, number, "
		      "state, title, data, created_at, created_by, updated_at, "
		      "version) VALUES(?1, ?2, ?3, ?4, ?5, '', ?6, "
		      "1700000000000, 'bench', 1700000000000, 1)",
		      -1, &l.rec, NULL),
		  "insert");
	check_sql(l.db,
		  sqlite3_prepare_v2(
		      l.db,
		      "INSERT INTO record_deadlines(org_id, record_id, kind, "
		      "name, rule, start, due, done_on) VALUES(?1, ?2, ?3, ?4, "
		      "?5, ?6, ?7, ?8)",
		      -1, &l.dl, NULL),
		  "insert");
	exec(l.db, "BEGIN");
	/* department i holds the records [i*N/D, (i+1)*N/D) */
	for (r = 0; r < records; r++) {
		insert_record(&l, t->depts[r * t->ndepts / records], r + 1);
		if ((r + 1) % 1000000 == 0)
			fprintf(stderr, "  %lld records, %.0f s\n", r + 1,
				now_s() - t0);
	}
	exec(l.db, "COMMIT");
	sqlite3_finalize(l.rec);
	sqlite3_finalize(l.dl);
	*secs = now_s() - t0;
	t0 = now_s();
	for (i = 0; i < nidx; i++) {
		exec(l.db, sql[i]);
		free(sql[i]);
		free(names[i]);
	}
	exec(l.db, "PRAGMA locking_mode=NORMAL; PRAGMA journal_mode=WAL");
	*isecs = now_s() - t0;
	sqlite3_close(l.db);
	free(l.g);
}

/* ---- timing ---------------------------------------------------------------
 */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct timing {
	double median, p95;
	int runs;
};

static struct timing summarise(double *v, int n)
{
	struct timing t;

	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	t.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	t.p95 = v[(int)ceil(0.95 * n) - 1];
	t.runs = n;
	return t;
}

typedef void (*timed_fn)(void *arg);

/* One warm-up, then n timed runs, in milliseconds. */
static struct timing time_it(timed_fn fn, void *arg, int n)
{
	double *v = calloc((size_t)n, sizeof(*v)), t0;
	struct timing t;
	int i;

	fn(arg);
	for (i = 0; i < n; i++) {
		t0 = now_s();
		fn(arg);
		v[i] = (now_s() - t0) * 1000;
	}
	t = summarise(v, n);
	free(v);
	return t;
}

struct ind_run {
	struct store_conn *c;
	const struct kind_registry *reg;
	int64_t org;
	int year;
	int query;
};

static void run_ind_all(void *arg)
{
	struct ind_run *r = arg;
	struct fz_err e;
	json_t *a = NULL;
	int rc = r->query ? ind_all_query(r->c, r->reg, r->org, r->year, &a, &e)
			  : ind_all(r->c, r->reg, r->org, r->year, &a, &e);

	if (rc)
		die("indicators", e.msg);
	json_decref(a);
}

/* The annual report composed (issue 13): its figures, the statements
 * judged and written, the Markdown. */
struct report_run {
	struct store_conn *c;
	const struct kind_registry *reg;
	struct store_org org;
	int year;
};

static void run_report(void *arg)
{
	struct report_run *r = arg;
	struct annual_req q = {.org = &r->org, .year = r->year};
	struct fz_buf out = FZ_BUF_INIT(8u << 20);
	struct fz_err e;

	if (annual_render(r->c, r->reg, &q, ANNUAL_MD, &out, &e))
		die("report", e.msg);
	fz_buf_release(&out);
}

/* ---- the plain GROUP BY ---------------------------------------------------
 * Per indicator one statement over the records of the subtree: the year of
 * the date (or, open at year end, both year ends as two sums) and the
 * group value, with the indicator's conditions. ?1 date or open_from, ?2
 * group, ?3 summed field, ?4 unit, ?5 ?6 subtree, ?7 kind, ?8 first day of
 * last year, ?9 last day of the year, ?10-?15 where, ?16 on_time, ?17
 * with_sum, ?18 open_to, ?19 last day of last year. */

#define GB_WHERE                                                               \
	" FROM records r WHERE r.org_id IN (SELECT org_id FROM orgs WHERE "    \
	"path>=?5 AND path<?6) AND r.kind=?7"                                  \
	" AND (?10 IS NULL OR json_extract(r.data, ?10) = ?11)"                \
	" AND (?12 IS NULL OR json_extract(r.data, ?12) = ?13)"                \
	" AND (?14 IS NULL OR json_extract(r.data, ?14) = ?15)"                \
	" AND (?16 IS NULL OR EXISTS (SELECT 1 FROM record_deadlines d WHERE " \
	"d.org_id=r.org_id AND d.record_id=r.record_id AND d.name=?16 AND "    \
	"d.done_on IS NOT NULL AND d.due IS NOT NULL AND d.done_on<=d.due))"   \
	" AND (?17 = 0 OR json_extract(r.data, ?3) IS NOT NULL)"
#define GB_UNITS "round(json_extract(r.data, ?3) * ?4)"
#define GB_OPEN(end)                                                           \
	"(json_extract(r.data, ?1) <= " end " AND (json_extract(r.data, ?18) " \
	"IS NULL OR json_extract(r.data, ?18) > " end "))"

static const char gb_dated[] =
    "SELECT substr(json_extract(r.data, ?1), 1, 4) = substr(?9, 1, 4), "
    "json_extract(r.data, ?2), count(*), total(" GB_UNITS ")" GB_WHERE
    " AND json_extract(r.data, ?1) BETWEEN ?8 AND ?9 GROUP BY 1, 2";
static const char gb_open[] =
    "SELECT json_extract(r.data, ?2), sum(" GB_OPEN("?9") "), sum(" GB_OPEN(
	"?19") "), total(CASE WHEN " GB_OPEN("?9") " THEN " GB_UNITS
						   " END), total(CASE "
						   "WHEN " GB_OPEN(
						       "?19") " THEN " GB_UNITS
							      " END)" GB_WHERE
							      " AND "
							      "json_extract(r."
							      "data, ?1) <= ?9 "
							      "GROUP BY 1";

struct gb_value {
	const struct kind_indicator *ind;
	int64_t n[2];
	double s[2]; /* in units */
};

struct gb_run {
	sqlite3 *db;
	const struct kind_registry *reg;
	char lo[512], hi[512];
	int year;
	struct gb_value *v; /* per non-rate indicator */
	size_t nv;
};

static void bind_path(sqlite3_stmt *st, int i, const char *field)
{
	char p[96];

	if (!field)
		return;
	snprintf(p, sizeof(p), "$.%s", field);
	sqlite3_bind_text(st, i, p, -1, SQLITE_TRANSIENT);
}

static void gb_bind(struct gb_run *r, sqlite3_stmt *st,
		    const struct kind_indicator *ind)
{
	char d[3][24];
	size_t i;
	const char *w;

	snprintf(d[0], sizeof(d[0]), "%04d-01-01", r->year - 1);
	snprintf(d[1], sizeof(d[1]), "%04d-12-31", r->year);
	snprintf(d[2], sizeof(d[2]), "%04d-12-31", r->year - 1);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	bind_path(st, 1, ind->date ? ind->date : ind->open_from);
	bind_path(st, 2, ind->group);
	bind_path(st, 3, ind->sum ? ind->sum : ind->avg);
	sqlite3_bind_double(st, 4, fig_unit(ind));
	sqlite3_bind_text(st, 5, r->lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, r->hi, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, ind->kind->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, d[0], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, d[1], -1, SQLITE_TRANSIENT);
	for (i = 0; i < ind->nwhere; i++) {
		w = ind->where[i].text[0]; /* an equality (gb_covers) */
		bind_path(st, 10 + 2 * (int)i, ind->where[i].field);
		if (!strcmp(w, "true") || !strcmp(w, "false"))
			sqlite3_bind_int(st, 11 + 2 * (int)i,
					 !strcmp(w, "true"));
		else
			sqlite3_bind_text(st, 11 + 2 * (int)i, w, -1,
					  SQLITE_STATIC);
	}
	if (ind->on_time)
		sqlite3_bind_text(st, 16, ind->on_time, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 17, ind->avg != NULL);
	bind_path(st, 18, ind->open_to);
	sqlite3_bind_text(st, 19, d[2], -1, SQLITE_TRANSIENT);
}

/* The GROUP BY holds up to three equalities of text or bool values, and
 * no rate nor distinct count: the other indicators are checked against
 * the recount alone. */
static int gb_covers(const struct kind_indicator *ind)
{
	size_t i;

	if (!fig_ind_kept(ind) || ind->distinct || ind->nwhere > 3)
		return 0; /* (the GROUP BY counts records, not values) */
	for (i = 0; i < ind->nwhere; i++)
		if (ind->where[i].op != KOP_EQ || !ind->where[i].text[0])
			return 0;
	return 1;
}

static void gb_one(struct gb_run *r, sqlite3_stmt *dated, sqlite3_stmt *open,
		   struct gb_value *v)
{
	sqlite3_stmt *st = v->ind->date ? dated : open;
	int i, rc;

	memset(v->n, 0, sizeof(v->n));
	memset(v->s, 0, sizeof(v->s));
	gb_bind(r, st, v->ind);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (v->ind->date) {
			i = sqlite3_column_int(st, 0) ? 0 : 1;
			v->n[i] += sqlite3_column_int64(st, 2);
			v->s[i] += sqlite3_column_double(st, 3);
			continue;
		}
		for (i = 0; i < 2; i++) {
			v->n[i] += sqlite3_column_int64(st, 1 + i);
			v->s[i] += sqlite3_column_double(st, 3 + i);
		}
	}
	check_sql(r->db, rc, "GROUP BY");
}

static void run_group_by(void *arg)
{
	struct gb_run *r = arg;
	sqlite3_stmt *dated, *open;
	size_t i;

	check_sql(r->db, sqlite3_prepare_v2(r->db, gb_dated, -1, &dated, NULL),
		  "GROUP BY");
	check_sql(r->db, sqlite3_prepare_v2(r->db, gb_open, -1, &open, NULL),
		  "GROUP BY");
	for (i = 0; i < r->nv; i++)
		gb_one(r, dated, open, &r->v[i]);
	sqlite3_finalize(dated);
	sqlite3_finalize(open);
}

/* [lo, hi): the paths of org's subtree, as the store bounds them. */
static void subtree(sqlite3 *db, int64_t org, char *lo, char *hi, size_t n)
{
	sqlite3_stmt *st;
	size_t len;

	check_sql(db,
		  sqlite3_prepare_v2(db,
				     "SELECT path FROM orgs WHERE org_id=?1",
				     -1, &st, NULL),
		  "path");
	sqlite3_bind_int64(st, 1, org);
	if (sqlite3_step(st) != SQLITE_ROW)
		die("path", "no such organisation");
	snprintf(lo, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	snprintf(hi, n, "%s", lo);
	len = strlen(hi);
	hi[len - 1] = (char)(hi[len - 1] + 1);
}

static void gb_init(struct gb_run *r, sqlite3 *db,
		    const struct kind_registry *reg, int64_t org, int year)
{
	size_t k, i;

	memset(r, 0, sizeof(*r));
	r->db = db;
	r->reg = reg;
	r->year = year;
	subtree(db, org, r->lo, r->hi, sizeof(r->lo));
	for (k = 0; k < reg->n; k++)
		r->nv += reg->v[k]->nindicators;
	r->v = calloc(r->nv + 1, sizeof(*r->v));
	r->nv = 0;
	for (k = 0; k < reg->n; k++)
		for (i = 0; i < reg->v[k]->nindicators; i++)
			if (gb_covers(&reg->v[k]->indicators[i]))
				r->v[r->nv++].ind = &reg->v[k]->indicators[i];
}

/* ---- checks: the three agree ----------------------------------------------
 */

static json_t *by_id(json_t *a, const char *id)
{
	json_t *x;
	size_t i;

	json_array_foreach(
	    a, i, x) if (!strcmp(json_string_value(json_object_get(x, "id")),
				 id)) return x;
	return NULL;
}

static double gb_result(const struct gb_value *v, int i)
{
	double sum = v->s[i] / fig_unit(v->ind);

	if (v->ind->avg)
		return v->n[i] ? sum / (double)v->n[i] : 0;
	return v->ind->sum ? sum : (double)v->n[i];
}

/* The GROUP BY's values against ind_all's; the number of differences. */
static int gb_check(const struct gb_run *r, json_t *fig)
{
	json_t *x;
	size_t i;
	int bad = 0;

	for (i = 0; i < r->nv; i++) {
		x = by_id(fig, r->v[i].ind->id);
		if (x &&
		    gb_result(&r->v[i], 0) ==
			json_number_value(json_object_get(x, "value")) &&
		    gb_result(&r->v[i], 1) ==
			json_number_value(json_object_get(x, "previous")))
			continue;
		fprintf(stderr, "  GROUP BY differs on %s: %g / %g\n",
			r->v[i].ind->id, gb_result(&r->v[i], 0),
			gb_result(&r->v[i], 1));
		bad++;
	}
	return bad;
}

/* ind_all against the recount, then the GROUP BY against ind_all. */
static int check_equal(struct store_conn *c, const struct kind_registry *reg,
		       struct gb_run *gb, int64_t org, int year)
{
	json_t *a = NULL, *b = NULL;
	struct fz_err e;
	int bad;

	if (ind_all(c, reg, org, year, &a, &e) ||
	    ind_all_query(c, reg, org, year, &b, &e))
		die("indicators", e.msg);
	bad = !json_equal(a, b);
	if (bad)
		fprintf(stderr,
			"  figures differ from the recount (org %lld)\n",
			(long long)org);
	run_group_by(gb);
	bad += gb_check(gb, a);
	json_decref(a);
	json_decref(b);
	return bad;
}

/* ---- the run --------------------------------------------------------------
 */

static void parse(int argc, char **argv, struct opts *o)
{
	int i;

	*o = (struct opts){
	    "/tmp/fz-bench-figures.db", 2000, 2024, 20, 0, 10000000, 7};
	for (i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(argv[i], "--keep")) {
			o->keep = 1;
			continue;
		}
		if (!v)
			die(argv[i], "needs a value (see the file's head)");
		if (!strcmp(argv[i], "--db"))
			o->db = v;
		else if (!strcmp(argv[i], "--orgs"))
			o->orgs = atoi(v);
		else if (!strcmp(argv[i], "--records"))
			o->records = atoll(v);
		else if (!strcmp(argv[i], "--year"))
			o->year = atoi(v);
		else if (!strcmp(argv[i], "--reps"))
			o->reps = atoi(v);
		else if (!strcmp(argv[i], "--seed"))
			o->seed = strtoull(v, NULL, 10);
		else
			die(argv[i], "unknown option");
		i++;
	}
	if (o->orgs < 1 + CITIES + 1 + DEPTS_PER_DISTRICT ||
	    o->orgs > MAX_ORGS || o->records < 1 || o->reps < 1)
		die("options", "--orgs 62..100000, --records and --reps >= 1");
}

static void remove_db(const char *path)
{
	char p[4096];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

struct ctx {
	struct opts o;
	struct store *s;
	struct lt_state *lt;
	struct kind_registry reg;
	struct tree t;
	double gen_s, idx_s, fig_s;
};

static void open_app(struct ctx *x, enum store_open_mode m)
{
	struct store_conn *c;
	struct fz_err e;

	if (store_open(&x->s, x->o.db, m, &e))
		die("store", e.msg);
	c = store_rd_acquire(x->s);
	if (lt_state_open(&x->lt, c, &e))
		die("legal time", e.msg);
	store_rd_release(x->s, c);
	kind_registry_init(&x->reg);
	if (kind_registry_load(&x->reg, NULL, lt_rules(x->lt), &e))
		die("kinds", e.msg);
}

static void close_app(struct ctx *x)
{
	kind_registry_release(&x->reg);
	lt_state_free(x->lt);
	store_close(x->s);
}

/* A new database with the organisations, the records and the figures. */
static void generate(struct ctx *x)
{
	struct fz_err e;
	double t0;
	int n = 0;

	remove_db(x->o.db);
	open_app(x, STORE_INIT);
	make_orgs(x->s, &x->t, x->o.orgs);
	store_close(x->s); /* the kinds stay loaded: the load reads them */
	load(x->o.db, &x->reg, &x->t, x->o.records, &x->gen_s, &x->idx_s);
	if (store_open(&x->s, x->o.db, STORE_SERVE, &e))
		die("store", e.msg);
	t0 = now_s();
	if (fig_sync(x->s, &x->reg, 1, &n, &e))
		die("figures", e.msg);
	x->fig_s = now_s() - t0;
}

/* ---- the cost on the write path ------------------------------------------
 * Disclosure requests created through the engine (the record, its search
 * text, deadlines, event and, when kept, figures) in the department
 * measured, in write jobs of JOB_RECORDS: first with the figures kept,
 * then with the kind's definition removed (the engine then leaves the
 * figures alone, as after a changed declaration), then the kind counted
 * again by fig_sync (one kind: every record scanned). Runs after the
 * reads, which it does not disturb. */

#define JOB_RECORDS 20

struct wjob {
	struct ctx *x;
	int64_t org;
	int n;
};

static int create_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct wjob *j = arg;
	const struct kind *k = kind_find(&j->x->reg, "disclosure_request");
	struct engine_env env = {j->x->lt, 0, "bench-writes", ROLE_ALL};
	struct store_record out;
	json_t *in;
	int i, rc = 0;

	cal_date_make(2025, 1, 1, &env.today, NULL, NULL);
	for (i = 0; !rc && i < j->n; i++) {
		in = json_pack("{s:s, s:s, s:s, s:s, s:s}", "applicant_type",
			       "natural_person", "applicant_name", "张三",
			       "channel", "in_person", "submitted_on",
			       "2024-06-03", "content", "某地块土地征收批复");
		rc = engine_create(c, &env, k, j->org, in, NULL, NULL, &out, e);
		store_record_release(&out);
		json_decref(in);
	}
	return rc;
}

static int undef_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	(void)arg;
	return store_fig_def_put(c, "disclosure_request", NULL, e);
}

/* Microseconds per record for n records. */
static double create_round(struct ctx *x, int64_t org, int n)
{
	struct wjob j = {x, org, JOB_RECORDS};
	struct fz_err e;
	double t0 = now_s();
	int i;

	for (i = 0; i < n; i += JOB_RECORDS)
		if (store_write(x->s, create_write, &j, &e))
			die("create", e.msg);
	return (now_s() - t0) * 1e6 / n;
}

static void measure_writes(struct ctx *x, int64_t org, int n)
{
	struct fz_err e;
	double on, off, t0;
	int kinds = 0;

	on = create_round(x, org, n);
	if (store_write(x->s, undef_write, NULL, &e))
		die("figures", e.msg);
	off = create_round(x, org, n);
	t0 = now_s();
	if (fig_sync(x->s, &x->reg, 0, &kinds, &e))
		die("figures", e.msg);
	printf("  writes: a disclosure request created through the engine, "
	       "%d per run in jobs of %d: %.0f us with the figures kept, %.0f "
	       "us without (%+.0f us); that kind counted again (fig_sync, %d "
	       "kind) %.0f s\n",
	       n, JOB_RECORDS, on, off, on - off, kinds, now_s() - t0);
}

static void print_timing(const char *what, struct timing t, double base)
{
	printf("    %-44s median %9.2f ms  p95 %9.2f ms  (%2d runs)", what,
	       t.median, t.p95, t.runs);
	if (base > 0)
		printf("  %7.1fx", t.median / base);
	printf("\n");
}

struct result {
	struct timing fig, gb, query;
};

/* The three ways for org's subtree; reps for the figures, fewer for the
 * slower two (at least 3). */
static struct result measure(struct ctx *x, sqlite3 *db, int64_t org, int greps,
			     int *bad)
{
	struct store_conn *c = store_rd_acquire(x->s);
	struct ind_run fig = {c, &x->reg, org, x->o.year, 0};
	struct ind_run query = {c, &x->reg, org, x->o.year, 1};
	struct gb_run gb;
	struct result r;

	gb_init(&gb, db, &x->reg, org, x->o.year);
	*bad += check_equal(c, &x->reg, &gb, org, x->o.year);
	r.fig = time_it(run_ind_all, &fig, x->o.reps);
	r.gb = time_it(run_group_by, &gb, greps);
	r.query = time_it(run_ind_all, &query, greps);
	free(gb.v);
	store_rd_release(x->s, c);
	return r;
}

static void report(const char *what, int64_t org, long long recs,
		   const struct result *r)
{
	printf("  %s (org %lld, %lld records in its subtree), year with the "
	       "year before:\n",
	       what, (long long)org, recs);
	print_timing("figures kept current (ind_all)", r->fig, 0);
	print_timing("plain GROUP BY, one per indicator", r->gb, r->fig.median);
	print_timing("recount by query (ind_all_query)", r->query,
		     r->fig.median);
}

/* Rows of table in org's subtree (org 0: all). */
static long long count_rows(sqlite3 *db, const char *table, int64_t org)
{
	char lo[512] = "/", hi[512] = "0", sql[256];
	sqlite3_stmt *st;
	long long n;

	if (org)
		subtree(db, org, lo, hi, sizeof(lo));
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM %s WHERE org_id IN (SELECT org_id FROM "
		 "orgs WHERE path>=?1 AND path<?2)",
		 table);
	check_sql(db, sqlite3_prepare_v2(db, sql, -1, &st, NULL), "count");
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	sqlite3_step(st);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static sqlite3 *open_reader(const char *path)
{
	sqlite3 *db;

	check_sql(NULL, sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
		  "open");
	exec(db, "PRAGMA cache_size=-16000; PRAGMA temp_store=MEMORY");
	return db;
}

static void summary(const struct ctx *x, const struct result *one,
		    const struct result *gov, int bad)
{
	double r1 = one->gb.median / one->fig.median;
	double r2 = gov->gb.median / gov->fig.median;
	int ok1 = one->fig.median <= 100, ok2 = r1 >= 5 && r2 >= 5;

	printf("  checks: figures equal the recount and the GROUP BY: %s\n",
	       bad ? "NO" : "yes");
	printf("figures: %d orgs, %lld records; one organisation %.2f ms "
	       "(p95 %.2f; GROUP BY %.1fx, recount %.1fx), government of %d "
	       "departments %.2f ms (p95 %.2f; GROUP BY %.1fx, recount "
	       "%.1fx); targets: <= 100 ms %s, >= 5x %s%s\n",
	       x->o.orgs, x->o.records, one->fig.median, one->fig.p95, r1,
	       one->query.median / one->fig.median, DEPTS_PER_DISTRICT,
	       gov->fig.median, gov->fig.p95, r2,
	       gov->query.median / gov->fig.median, ok1 ? "met" : "NOT met",
	       ok2 ? "met" : "NOT met", bad ? " (INVALID: values differ)" : "");
}

/* Composing org's report next to reading its figures, n runs of each. */
static double measure_report(struct ctx *x, const char *what, int64_t org,
			     int n, double target)
{
	struct store_conn *c = store_rd_acquire(x->s);
	struct ind_run fig = {c, &x->reg, org, x->o.year, 0};
	struct report_run rep = {c, &x->reg, {0}, x->o.year};
	struct timing tf, tr;
	struct fz_err e;

	if (store_org_get(c, org, &rep.org, &e))
		die("org", e.msg);
	tf = time_it(run_ind_all, &fig, n);
	tr = time_it(run_report, &rep, n);
	store_rd_release(x->s, c);
	printf("  the annual report of %s (org %lld):\n", what, (long long)org);
	print_timing("figures (ind_all)", tf, 0);
	print_timing("report composed (annual_render, Markdown)", tr,
		     tf.median);
	printf("    target <= %.0f ms: %s\n", target,
	       tr.median <= target ? "met" : "NOT met");
	return tr.median;
}

static void measure_reports(struct ctx *x)
{
	double d = measure_report(x, "one department", x->t.dept, 10, 20);
	double g = measure_report(x, "a district of its departments",
				  x->t.district, 5, 50);
	double p =
	    measure_report(x, "the whole province", x->t.province, 3, 100);

	printf("report: department %.2f ms, district %.2f ms, province %.2f "
	       "ms; targets <= 20 / 50 / 100 ms: %s\n",
	       d, g, p, d <= 20 && g <= 50 && p <= 100 ? "met" : "NOT met");
}

static int measure_all(struct ctx *x)
{
	sqlite3 *db = open_reader(x->o.db);
	long long n1 = count_rows(db, "records", x->t.dept);
	long long n2 = count_rows(db, "records", x->t.district);
	struct result one, gov;
	int bad = 0;

	printf("fazhi figures (issue 7): %d organisations (1 province, %d "
	       "cities, %d districts of up to %d departments, %d "
	       "departments), %lld records, %lld deadlines, %lld rows of "
	       "figures\n",
	       x->o.orgs, CITIES, x->t.ndistricts, DEPTS_PER_DISTRICT,
	       x->t.ndepts, x->o.records, count_rows(db, "record_deadlines", 0),
	       count_rows(db, "figures", 0));
	if (x->gen_s > 0)
		printf("  generated: records %.0f s, indexes %.0f s, figures "
		       "counted from the records (fig_rebuild) %.0f s\n",
		       x->gen_s, x->idx_s, x->fig_s);
	one = measure(x, db, x->t.dept, x->o.reps / 4 > 3 ? x->o.reps / 4 : 3,
		      &bad);
	report("one department", x->t.dept, n1, &one);
	gov = measure(x, db, x->t.district, 3, &bad);
	report("a district government of its departments", x->t.district, n2,
	       &gov);
	measure_reports(x);
	measure_writes(x, x->t.dept, 2000);
	summary(x, &one, &gov, bad);
	sqlite3_close(db);
	return bad ? 1 : 0;
}

/* --keep: an existing database of the same size is measured again. */
static int reuse(struct ctx *x)
{
	struct stat sb;
	sqlite3 *db;
	sqlite3_stmt *st;
	long long recs = -1;

	if (!x->o.keep || stat(x->o.db, &sb) != 0)
		return 0;
	db = open_reader(x->o.db);
	if (sqlite3_prepare_v2(db,
			       "SELECT count(*) FROM records WHERE "
			       "created_by='bench'",
			       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		recs = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return recs == x->o.records;
}

static int64_t nth_org(sqlite3 *db, const char *level, int parent_of_dept)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	check_sql(db,
		  sqlite3_prepare_v2(
		      db,
		      parent_of_dept
			  ? "SELECT parent_id FROM orgs WHERE level=?1 ORDER "
			    "BY org_id LIMIT 1"
			  : "SELECT org_id FROM orgs WHERE level=?1 ORDER BY "
			    "org_id LIMIT 1",
		      -1, &st, NULL),
		  "orgs");
	sqlite3_bind_text(st, 1, level, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

int main(int argc, char **argv)
{
	struct ctx x;
	sqlite3 *db;
	int nd, rc;

	memset(&x, 0, sizeof(x));
	parse(argc, argv, &x.o);
	rng = x.o.seed ? x.o.seed : 7;
	plan(x.o.orgs, &nd, &x.t.ndepts);
	x.t.depts = calloc((size_t)x.t.ndepts + 1, sizeof(*x.t.depts));
	if (reuse(&x)) {
		open_app(&x, STORE_SERVE);
		db = open_reader(x.o.db);
		x.t.dept = nth_org(db, "department", 0);
		x.t.district = nth_org(db, "department", 1);
		x.t.province = nth_org(db, "region", 0);
		sqlite3_close(db);
	} else {
		x.t.ndepts = 0;
		generate(&x);
	}
	plan(x.o.orgs, &x.t.ndistricts, &nd);
	x.t.ndepts = nd;
	rc = measure_all(&x);
	close_app(&x);
	if (!x.o.keep)
		remove_db(x.o.db);
	free(x.t.depts);
	return rc;
}
