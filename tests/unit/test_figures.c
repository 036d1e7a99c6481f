/*
 * test_figures.c - the figures kept current (src/kinds/figures.h) against
 * the recount by query (ind_all_query, store_stats.c).
 *
 * Random changes through the engine — creates, transitions (the edits
 * among them, some unsetting fields), 退回 — over every kind that has
 * indicators, in the organisations of a small tree, with dates that cross
 * year ends; after each batch, every indicator of every organisation's
 * subtree in every year, read from the figures (ind_all, ind_compute),
 * equals the recount. Then: the table kept by the changes equals the table
 * rebuilt from the records; after the figures are dropped (a database
 * migrated to 007) reads recount until fig_sync counts them again; a kind
 * whose declaration changed is recounted until it is counted again, and a
 * writer with the changed declaration stops the others from trusting the
 * old rows; a value the figures cannot hold exactly is recounted; and the
 * figures are really what ind_all reads (a row changed by hand shows).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "admin/accounts.h"
#include "admin/legaltime.h"
#include "calendar/calendar.h"
#include "kinds/engine.h"
#include "kinds/figures.h"
#include "lib/embedded.h"
#include "report/indicators.h"
#include "store/store.h"

#include "scratch.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { NORGS = 5, MAXREC = 4096, YEAR_LO = 2022, YEAR_HI = 2026 };

static struct store *st;
static struct lt_state *lt;
static struct kind_registry reg;
static char db_path[512];
static int64_t orgs[NORGS];
static uint64_t rng = 0x9E3779B97F4A7C15u;

struct rec {
	int64_t id;
	const struct kind *k;
	int day; /* the record's clock: its next dates fall from here on */
};
static struct rec recs[MAXREC];
static size_t nrecs;
static int creates, transitions, returns;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned pick(unsigned n)
{
	return n ? (unsigned)(rnd() % n) : 0;
}

static int day_of(int y, int m, int d)
{
	int day = 0;

	assert_int_equal(cal_date_make(y, m, d, &day, "day", NULL), 0);
	return day;
}

/* ---- the database -------------------------------------------------------
 */

static int org_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	return acct_org_add(c, arg, "test", e);
}

static int64_t add_org(int64_t parent, const char *name, const char *level)
{
	struct store_org o;
	struct fz_err e;

	memset(&o, 0, sizeof(o));
	o.parent_id = parent;
	snprintf(o.name, sizeof(o.name), "%s", name);
	snprintf(o.level, sizeof(o.level), "%s", level);
	assert_int_equal(store_write(st, org_write, &o, &e), 0);
	return o.id;
}

/* A province of two governments: records are held at every level. */
static int setup(void **state)
{
	struct store_conn *c;
	struct fz_err e;
	int n = -1;

	(void)state;
	if (scratch_make("figures"))
		return -1;
	scratch_path(db_path, sizeof(db_path), "fig.db");
	assert_int_equal(store_open(&st, db_path, STORE_INIT, &e), 0);
	orgs[0] = add_org(0, "省", "region");
	orgs[1] = add_org(orgs[0], "甲区人民政府", "government");
	orgs[2] = add_org(orgs[1], "甲区规划和自然资源局", "department");
	orgs[3] = add_org(orgs[1], "甲区司法局", "department");
	orgs[4] = add_org(orgs[0], "乙区人民政府", "government");
	c = store_rd_acquire(st);
	assert_int_equal(lt_state_open(&lt, c, &e), 0);
	store_rd_release(st, c);
	kind_registry_init(&reg);
	assert_int_equal(kind_registry_load(&reg, NULL, lt_rules(lt), &e), 0);
	assert_int_equal(fig_sync(st, &reg, 0, &n, &e), 0);
	assert_true(n > 10); /* a fresh database: every kind counted (none) */
	return 0;
}

static int teardown(void **state)
{
	kind_registry_release(&reg);
	lt_state_free(lt);
	store_close(st);
	return scratch_remove(state);
}

/* ---- random values --------------------------------------------------------
 */

static json_t *date_value(int day)
{
	char buf[CAL_DATE_LEN];

	return json_string(cal_date_format(day, buf));
}

static json_t *number_value(const struct kind_field *f)
{
	double lo = f->has_min ? f->min : 0;
	double hi = f->has_max ? f->max : lo + 1e6, v;

	if (f->type == KF_INT)
		return json_integer(
		    (json_int_t)lo +
		    pick(hi - lo < 60 ? (unsigned)(hi - lo) + 1 : 60));
	if (f->type == KF_MONEY)
		return json_real((double)(pick(5000000)) / 100);
	/* a decimal with up to 6 decimals: rounded to 0.0001 when counted */
	v = lo + pick((unsigned)(hi - lo < 1e5 ? hi - lo : 1e5)) +
	    (pick(2) ? pick(1000000) / 1e6 : pick(100) / 100.0);
	return json_real(v < hi ? v : hi);
}

static json_t *objects_value(const struct kind_field *f, int day);

static json_t *value_of(const struct kind_field *f, int day)
{
	char s[64];
	int n;

	switch (f->type) {
	case KF_DATE:
		return date_value(day);
	case KF_ENUM:
		return json_string(f->values[pick((unsigned)f->nvalues)].value);
	case KF_BOOL:
		return json_boolean(pick(2));
	case KF_INT:
	case KF_DECIMAL:
	case KF_MONEY:
		return number_value(f);
	case KF_USERS:
		return json_pack("[i]", 1);
	case KF_OBJECTS:
		return objects_value(f, day);
	default:
		n = f->has_min && f->min > 1 ? (int)f->min : 1;
		snprintf(
		    s, sizeof(s), "%.*s", n < 60 ? n : 60,
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxx");
		return json_string(s);
	}
}

static json_t *objects_value(const struct kind_field *f, int day)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < f->nitems; i++)
		if (f->items[i].required)
			json_object_set_new(o, f->items[i].name,
					    value_of(&f->items[i], day));
	return json_pack("[o]", o);
}

/* The named fields into input: the required always, the others at
 * random, now and then unset (an edit that clears a value). */
static void fill(json_t *input, const struct kind *k, const char **names,
		 size_t n, const char **required, size_t nreq, int day)
{
	const struct kind_field *f;
	size_t i;

	for (i = 0; i < n; i++) {
		f = kind_field(k, names[i]);
		if (!f || f->derive)
			continue;
		if (kind_states_has(required, nreq, names[i]) || f->required ||
		    pick(3))
			json_object_set_new(input, names[i], value_of(f, day));
		else if (!pick(4))
			json_object_set_new(input, names[i], json_null());
	}
}

/* A write that must succeed (its error printed when it does not). */
static void write_ok(store_write_fn fn, void *arg)
{
	struct fz_err e;
	int rc = store_write(st, fn, arg, &e);

	if (rc)
		print_error("write: %s (%s)\n", e.msg, e.field);
	assert_int_equal(rc, 0);
}

/* ---- random changes -------------------------------------------------------
 */

static struct engine_env env_at(void)
{
	struct engine_env env = {lt, 0, "test", ROLE_ALL};

	env.today = day_of(2026, 6, 30);
	return env;
}

static int create_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	const struct kind *k = reg.v[pick((unsigned)reg.n)];
	struct engine_env env = env_at();
	int day = day_of(2022, 9, 1) + (int)pick(3 * 365);
	json_t *in = json_object();
	struct store_record out;
	int rc;

	(void)arg;
	if (!k->nindicators || nrecs == MAXREC) {
		json_decref(in);
		return FZ_EREFUSED;
	}
	fill(in, k, k->create_fields, k->ncreate, NULL, 0, day);
	rc = engine_create(c, &env, k, orgs[pick(NORGS)], in, NULL, NULL, &out,
			   e);
	if (!rc)
		recs[nrecs++] = (struct rec){out.id, k, day};
	store_record_release(&out);
	json_decref(in);
	return rc;
}

static int transition_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct rec *r = &recs[pick((unsigned)nrecs)];
	struct engine_env env = env_at();
	const struct kind_transition *t;
	struct store_record cur, out;
	const char *names[64];
	json_t *in;
	size_t n;
	int rc = store_record_get(c, r->id, &cur, e);

	(void)arg;
	if (rc)
		return rc;
	n = engine_allowed(r->k, cur.state, ROLE_ALL, names, 64);
	store_record_release(&cur);
	if (!n)
		return FZ_EREFUSED;
	t = kind_transition(r->k, names[pick((unsigned)(n < 64 ? n : 64))]);
	r->day += (int)pick(45);
	if (r->day > day_of(2025, 12, 31))
		r->day = day_of(2025, 12, 31);
	in = json_object();
	fill(in, r->k, t->fields, t->nfields, t->required, t->nrequired,
	     r->day);
	if (t->reason)
		json_object_set_new(in, "reason", json_string("理由"));
	rc = engine_transition(c, &env, r->k, r->id, t->name, in, 0, &out, e);
	store_record_release(&out);
	json_decref(in);
	return rc;
}

static int return_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct rec *r = &recs[pick((unsigned)nrecs)];
	struct engine_env env = env_at();
	struct store_record out;
	int rc;

	(void)arg;
	rc = engine_return(c, &env, r->k, r->id, "退回补充材料", &out, e);
	store_record_release(&out);
	return rc;
}

static void random_changes(int n)
{
	struct fz_err e;
	int i, op;

	for (i = 0; i < n; i++) {
		op = (int)pick(20);
		if (op < 6 || nrecs < 10)
			creates += !store_write(st, create_write, NULL, &e);
		else if (op < 16)
			transitions +=
			    !store_write(st, transition_write, NULL, &e);
		else
			returns += !store_write(st, return_write, NULL, &e);
	}
}

/* ---- figures against the recount ------------------------------------------
 */

static void report_difference(json_t *a, json_t *b)
{
	size_t i;
	char *x, *y;

	for (i = 0; i < json_array_size(a); i++) {
		if (json_equal(json_array_get(a, i), json_array_get(b, i)))
			continue;
		x = json_dumps(json_array_get(a, i), JSON_SORT_KEYS);
		y = json_dumps(json_array_get(b, i), JSON_SORT_KEYS);
		print_error("figures: %s\nrecount: %s\n", x, y);
		free(x);
		free(y);
		return;
	}
}

/* Every figure of the subtree of org in year, both ways. */
static void check_one(struct store_conn *c, int64_t org, int year)
{
	json_t *fig = NULL, *query = NULL;
	struct fz_err e;

	assert_int_equal(ind_all(c, &reg, org, year, &fig, &e), 0);
	assert_int_equal(ind_all_query(c, &reg, org, year, &query, &e), 0);
	if (!json_equal(fig, query)) {
		print_error("org %lld, year %d\n", (long long)org, year);
		report_difference(fig, query);
		fail();
	}
	json_decref(fig);
	json_decref(query);
}

/* ind_compute (one indicator at a time, its own read of the figures)
 * gives the recount's value and records. */
static void check_compute(struct store_conn *c, int64_t org, int year)
{
	json_t *query = NULL, *x;
	struct fz_err e;
	double v;
	int64_t n;
	size_t i;

	assert_int_equal(ind_all_query(c, &reg, org, year, &query, &e), 0);
	json_array_foreach(query, i, x)
	{
		const char *id = json_string_value(json_object_get(x, "id"));
		const struct kind_indicator *ind =
		    kind_indicator_find(&reg, id);
		assert_int_equal(ind_compute(c, ind, org, year, &v, &n, &e), 0);
		if (v != json_number_value(json_object_get(x, "value")) ||
		    n != json_integer_value(json_object_get(x, "records")))
			print_error("%s in %d: %g (%lld) against %s\n", id,
				    year, v, (long long)n,
				    json_dumps(x, JSON_COMPACT));
		assert_true(v ==
			    json_number_value(json_object_get(x, "value")));
		assert_int_equal(
		    n, json_integer_value(json_object_get(x, "records")));
	}
	json_decref(query);
}

/* Every figure of the subtrees of orgs 0, 1 and 3 (a province, a
 * government, a department; all five when full) in every year. */
static void check_some(int full)
{
	struct store_conn *c = store_rd_acquire(st);
	size_t i;
	int y;

	for (i = 0; i < NORGS; i++)
		if (full || i == 0 || i == 1 || i == 3)
			for (y = YEAR_LO; y <= YEAR_HI; y++)
				check_one(c, orgs[i], y);
	for (y = YEAR_LO; full && y <= YEAR_HI; y++)
		check_compute(c, orgs[0], y);
	store_rd_release(st, c);
}

static void check_all(void)
{
	check_some(1);
}

/* Every kind's figures are trusted (so the checks above compared the
 * figures, not the recount with itself). */
static void assert_all_valid(void)
{
	struct store_conn *c = store_rd_acquire(st);
	struct fz_err e;
	size_t i;
	int valid;

	for (i = 0; i < reg.n; i++) {
		if (!fig_kept(reg.v[i]))
			continue;
		assert_int_equal(fig_valid(c, reg.v[i], &valid, &e), 0);
		assert_true(valid);
	}
	store_rd_release(st, c);
}

static void test_random_changes(void **state)
{
	int batch;

	(void)state;
	for (batch = 0; batch < 8; batch++) {
		random_changes(90);
		assert_all_valid();
		check_some(batch == 7);
	}
	/* the changes were real ones, of every sort */
	print_message("%d creates, %d transitions, %d 退回 over %zu records\n",
		      creates, transitions, returns, nrecs);
	assert_true(creates >= 100);
	assert_true(transitions >= 100);
	assert_true(returns >= 10);
}

/* ---- rebuild --------------------------------------------------------------
 */

/* The figures table as text, in key order (a connection of its own, as a
 * reader sees the database). */
static char *table_text(void)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_int_equal(
	    sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT org_id, ind, year, grp, "
					    "n, s, x FROM figures ORDER BY "
					    "1, 2, 3, 4",
					    -1, &q, NULL),
			 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW)
		fprintf(f, "%lld %s %d '%s' %lld %lld %lld\n",
			sqlite3_column_int64(q, 0),
			(const char *)sqlite3_column_text(q, 1),
			sqlite3_column_int(q, 2),
			(const char *)sqlite3_column_text(q, 3),
			sqlite3_column_int64(q, 4), sqlite3_column_int64(q, 5),
			sqlite3_column_int64(q, 6));
	sqlite3_finalize(q);
	sqlite3_close(db);
	fclose(f);
	return out;
}

static int drop_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	(void)arg;
	return store_fig_clear(c, NULL, e);
}

static void test_rebuild(void **state)
{
	char *kept, *rebuilt;
	struct fz_err e;
	int n = -1;

	(void)state;
	if (nrecs < 10)
		random_changes(200);
	kept = table_text();
	assert_true(strlen(kept) > 1000); /* the changes left figures */
	/* nothing is stale: a sync counts nothing */
	assert_int_equal(fig_sync(st, &reg, 0, &n, &e), 0);
	assert_int_equal(n, 0);
	/* counted again from the records: row for row the same */
	assert_int_equal(fig_sync(st, &reg, 1, &n, &e), 0);
	assert_true(n > 10);
	rebuilt = table_text();
	assert_string_equal(kept, rebuilt);
	free(rebuilt);
	/* a database without figures (as after migration 007): every read
	 * recounts, then the start-up sync counts them all */
	assert_int_equal(store_write(st, drop_write, NULL, &e), 0);
	rebuilt = table_text();
	assert_string_equal(rebuilt, "");
	free(rebuilt);
	check_all();
	assert_int_equal(fig_sync(st, &reg, 0, &n, &e), 0);
	assert_true(n > 10);
	rebuilt = table_text();
	assert_string_equal(kept, rebuilt);
	free(rebuilt);
	free(kept);
	assert_all_valid();
	check_all();
}

/* ---- declarations that change ------------------------------------------- */

/* A registry whose disclosure requests count received requests by channel
 * instead of by applicant type. */
static void load_changed(struct kind_registry *r2)
{
	const struct fz_embedded *f =
	    fz_embedded_find("kinds/disclosure_request.json");
	json_t *d = json_loadb((const char *)f->data, f->len, 0, NULL);
	json_t *inds = json_object_get(d, "indicators"), *x;
	char dir[512], path[600];
	struct fz_err e;
	size_t i;

	json_array_foreach(
	    inds, i, x) if (!strcmp(json_string_value(json_object_get(x, "id")),
				    "disclosure.received"))
	    json_object_set_new(x, "group", json_string("channel"));
	scratch_path(dir, sizeof(dir), "kinds");
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/disclosure_request.json", dir);
	assert_int_equal(json_dump_file(d, path, 0), 0);
	json_decref(d);
	kind_registry_init(r2);
	assert_int_equal(kind_registry_load(r2, dir, lt_rules(lt), &e), 0);
}

static int is_valid(const struct kind_registry *r, const char *kind)
{
	struct store_conn *c = store_rd_acquire(st);
	struct fz_err e;
	int valid = -1;

	assert_int_equal(fig_valid(c, kind_find(r, kind), &valid, &e), 0);
	store_rd_release(st, c);
	return valid;
}

static void same_both_ways(const struct kind_registry *r)
{
	struct store_conn *c = store_rd_acquire(st);
	json_t *a = NULL, *b = NULL;
	struct fz_err e;

	assert_int_equal(ind_all(c, r, orgs[0], 2024, &a, &e), 0);
	assert_int_equal(ind_all_query(c, r, orgs[0], 2024, &b, &e), 0);
	assert_true(json_equal(a, b));
	json_decref(a);
	json_decref(b);
	store_rd_release(st, c);
}

struct create_arg {
	const struct kind_registry *r;
};

/* A disclosure request through the engine with registry a->r. */
static int disclosure_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct create_arg *a = arg;
	const struct kind *k = kind_find(a->r, "disclosure_request");
	struct engine_env env = env_at();
	json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s}", "applicant_type",
			       "natural_person", "applicant_name", "张三",
			       "channel", "in_person", "submitted_on",
			       "2024-03-05", "content", "土地征收批复");
	struct store_record out;
	int rc = engine_create(c, &env, k, orgs[2], in, NULL, NULL, &out, e);

	store_record_release(&out);
	json_decref(in);
	return rc;
}

static void test_changed_declaration(void **state)
{
	struct kind_registry r2;
	struct create_arg a = {NULL};
	struct fz_err e;
	int n = -1;

	(void)state;
	load_changed(&r2);
	assert_int_equal(is_valid(&reg, "disclosure_request"), 1);
	/* a reader with the changed declaration recounts */
	assert_int_equal(is_valid(&r2, "disclosure_request"), 0);
	same_both_ways(&r2);
	/* a writer with it: the rows no longer follow the old declaration
	 * either, so no one trusts them until they are counted again */
	a.r = &r2;
	write_ok(disclosure_write, &a);
	assert_int_equal(is_valid(&reg, "disclosure_request"), 0);
	assert_int_equal(is_valid(&reg, "petition"), 1);
	same_both_ways(&reg);
	/* one more with the original: still recounted, the figures left */
	a.r = &reg;
	write_ok(disclosure_write, &a);
	same_both_ways(&reg);
	/* the sync of the changed registry counts that kind alone */
	assert_int_equal(fig_sync(st, &r2, 0, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(is_valid(&r2, "disclosure_request"), 1);
	same_both_ways(&r2);
	/* and back */
	assert_int_equal(fig_sync(st, &reg, 0, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_all_valid();
	check_all();
	kind_registry_release(&r2);
}

/* ---- values that cannot be kept exactly -------------------------------- */

struct noncase_arg {
	double area;
	int64_t id;
};

static int noncase_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct noncase_arg *a = arg;
	const struct kind *k = kind_find(&reg, "noncase_handling");
	struct engine_env env = env_at();
	json_t *in = json_pack(
	    "{s:s, s:s, s:s}", "found_on", "2021-02-01", "location", "北碚区",
	    "violation_type", kind_field(k, "violation_type")->values[0].value);
	struct store_record out;
	int rc = engine_create(c, &env, k, orgs[3], in, NULL, NULL, &out, e);

	json_decref(in);
	store_record_release(&out);
	if (rc)
		return rc;
	a->id = out.id;
	in = json_pack("{s:s, s:s, s:f}", "handled_on", "2021-03-01", "result",
		       kind_field(k, "result")->values[0].value,
		       "demolished_area", a->area);
	rc = engine_transition(c, &env, k, a->id, "finish", in, 0, &out, e);
	json_decref(in);
	store_record_release(&out);
	return rc;
}

static void test_inexact_value(void **state)
{
	struct noncase_arg a = {1e13, 0}; /* 1e17 units: past 2^52 */
	const struct kind_indicator *ind =
	    kind_indicator_find(&reg, "noncase.demolished_area");
	struct store_stat_query q;
	struct store_conn *c;
	struct fz_err e;
	double v = 0, sum = 0;
	int64_t n = 0, m = 0;
	char *t;

	(void)state;
	write_ok(noncase_write, &a);
	t = table_text(); /* kept as one inexact record (x = 1) */
	assert_non_null(strstr(t, "noncase.demolished_area 2021 '' 1 0 1\n"));
	free(t);
	c = store_rd_acquire(st);
	assert_int_equal(ind_compute(c, ind, orgs[0], 2021, &v, &n, &e), 0);
	memset(&q, 0, sizeof(q));
	q.kind = "noncase_handling";
	q.root_org = orgs[0];
	q.sum = "demolished_area";
	q.date = "handled_on";
	q.from = "2021-01-01";
	q.to = "2021-12-31";
	q.unit = fig_unit(ind);
	assert_int_equal(store_stat(c, &q, &m, &sum, &e), 0);
	assert_true(v == sum);
	assert_true(v >= 1e13);
	assert_int_equal(n, m);
	assert_int_equal(n, 1);
	check_one(c, orgs[0], 2021);
	check_one(c, orgs[0], 2022);
	store_rd_release(st, c);
}

static double value_in(json_t *a, const char *id)
{
	json_t *x;
	size_t i;

	json_array_foreach(a, i, x) if (
	    !strcmp(json_string_value(json_object_get(x, "id")),
		    id)) return json_number_value(json_object_get(x, "value"));
	fail();
	return 0;
}

/* ---- on time: done on the due day ------------------------------------- */

struct reply_arg {
	int late; /* days after the due date */
};

/* A reconsideration received in 2021, replied `late` days after the due
 * date of its reply deadline (as the engine computed and stored it). */
static int reply_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct reply_arg *a = arg;
	const struct kind *k = kind_find(&reg, "reconsideration");
	struct engine_env env = env_at();
	struct store_deadline dl[4];
	struct store_record out;
	char day[CAL_DATE_LEN];
	json_t *in =
	    json_pack("{s:s, s:s, s:s, s:s, s:s}", "capacity", "respondent",
		      "reconsideration_body", "区政府", "cause", "土地登记",
		      "applicant_name", "李四", "received_on", "2021-05-10");
	size_t n = 0;
	int rc = engine_create(c, &env, k, orgs[4], in, NULL, NULL, &out, e);

	json_decref(in);
	store_record_release(&out);
	if (!rc)
		rc = store_deadlines_get(c, orgs[4], out.id, dl, 4, &n, e);
	if (rc)
		return rc;
	assert_int_equal(n, 1);
	in = json_pack("{s:s}", "replied_on",
		       cal_date_format(dl[0].due + a->late, day));
	rc = engine_transition(c, &env, k, out.id, "reply", in, 0, &out, e);
	json_decref(in);
	store_record_release(&out);
	return rc;
}

static void test_on_time_boundary(void **state)
{
	struct reply_arg on_due = {0}, late = {1};
	struct store_conn *c;
	json_t *a = NULL;
	struct fz_err e;

	(void)state;
	write_ok(reply_write, &on_due);
	write_ok(reply_write, &late);
	c = store_rd_acquire(st);
	check_one(c, orgs[4], 2021);
	assert_int_equal(ind_all(c, &reg, orgs[4], 2021, &a, &e), 0);
	assert_true(value_in(a, "reconsideration.replied") == 2);
	assert_true(value_in(a, "reconsideration.replied_on_time") == 1);
	json_decref(a);
	store_rd_release(st, c);
}

/* ---- the figures are what is read --------------------------------------- */

struct nudge {
	int64_t n;
};

static int nudge_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct nudge *x = arg;
	struct store_fig f = {"petition.received", 2024, NULL, x->n, 0, 0};

	return store_fig_add(c, orgs[3], &f, e);
}

static void test_figures_are_read(void **state)
{
	struct nudge x = {1000};
	struct store_conn *c;
	json_t *a = NULL, *b = NULL;
	struct fz_err e;

	(void)state;
	assert_int_equal(store_write(st, nudge_write, &x, &e), 0);
	c = store_rd_acquire(st);
	assert_int_equal(ind_all(c, &reg, orgs[1], 2024, &a, &e), 0);
	assert_int_equal(ind_all_query(c, &reg, orgs[1], 2024, &b, &e), 0);
	assert_true(value_in(a, "petition.received") ==
		    value_in(b, "petition.received") + 1000);
	json_decref(a);
	/* outside the subtree of that organisation: not counted */
	assert_int_equal(ind_all(c, &reg, orgs[4], 2024, &a, &e), 0);
	json_decref(b);
	assert_int_equal(ind_all_query(c, &reg, orgs[4], 2024, &b, &e), 0);
	assert_true(json_equal(a, b));
	json_decref(a);
	json_decref(b);
	store_rd_release(st, c);
	x.n = -1000;
	assert_int_equal(store_write(st, nudge_write, &x, &e), 0);
	check_all();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_changes),
	    cmocka_unit_test(test_rebuild),
	    cmocka_unit_test(test_changed_declaration),
	    cmocka_unit_test(test_inexact_value),
	    cmocka_unit_test(test_on_time_boundary),
	    cmocka_unit_test(test_figures_are_read),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
