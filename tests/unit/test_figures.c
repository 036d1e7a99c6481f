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
#include "kinds/figures_internal.h"
#include "lib/embedded.h"
#include "report/annual.h"
#include "report/indicators.h"
#include "store/store.h"

#include "scratch.h"

#include <math.h>
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
	int64_t org;
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

/* ---- the registry: the shipped kinds with random conditions ------------
 * Every kind with indicators gets NEXTRA more, counted, summed or counting
 * distinct values over the dates of one of its own, with 1 to 4 random
 * conditions whose operators go round all of them (equality, !=, <, <=,
 * >, >=, in, present, absent) on fields of every type, the values drawn
 * near those the random records hold; and a rate across kinds of summed
 * parts. The random changes below then hold the figures to the recount
 * under every operator. The same seed makes the same declarations. */

/* 12 extras a kind: with 9, the kinds after reconsideration_case drew
 * too few conditions of "<" and "<=" that counted records. */
enum { NEXTRA = 12, NOPS = 9 };

static uint64_t xrng;
static unsigned op_seen[NOPS];

static unsigned xpick(unsigned n)
{
	xrng ^= xrng << 13;
	xrng ^= xrng >> 7;
	xrng ^= xrng << 17;
	return n ? (unsigned)(xrng % n) : 0;
}

static const char *const op_names[NOPS] = {NULL /* a value: equality */,
					   "!=",
					   "<",
					   "<=",
					   ">",
					   ">=",
					   "in",
					   "present",
					   "absent"};

static int is_type(const json_t *f, const char *t)
{
	return !strcmp(json_string_value(json_object_get(f, "type")), t);
}

static int numeric_field(const json_t *f)
{
	return is_type(f, "int") || is_type(f, "decimal") ||
	       is_type(f, "money");
}

static int scalar_field(const json_t *f)
{
	return !is_type(f, "users") && !is_type(f, "objects");
}

/* A value of field f's type near those value_of() gives. */
static json_t *operand(const json_t *f)
{
	static const double nums[] = {0, 1, 3, 10, 25000.5, 100000, 1e6};
	const json_t *vals = json_object_get(f, "values");
	double lo = json_number_value(json_object_get(f, "min"));
	char d[16];

	if (is_type(f, "int"))
		return json_integer((json_int_t)lo + xpick(60));
	if (is_type(f, "org")) /* an organisation id (orgs[] are 1..5) */
		return json_integer(1 + xpick(6));
	if (numeric_field(f))
		return json_real(nums[xpick(7)] + (xpick(2) ? 0 : lo));
	if (is_type(f, "date")) {
		snprintf(d, sizeof(d), "%04u-%02u-%02u", 2022 + xpick(5),
			 1 + xpick(12), 1 + xpick(28));
		return json_string(d);
	}
	if (is_type(f, "enum"))
		return json_incref(json_object_get(
		    json_array_get(vals,
				   xpick((unsigned)json_array_size(vals))),
		    "value"));
	if (is_type(f, "bool"))
		return json_boolean(xpick(2));
	return json_string(xpick(3) ? "x" : xpick(2) ? "xx" : "");
}

static int op_fits(unsigned op, const json_t *f)
{
	return !(op >= 2 && op <= 5) || numeric_field(f) || is_type(f, "date");
}

static json_t *condition(const json_t *f, unsigned op)
{
	json_t *a;
	unsigned i, n;

	if (op == 0)
		return operand(f);
	if (op >= 7)
		return json_pack("{s:b}", op_names[op], 1);
	if (op != 6)
		return json_pack("{s:o}", op_names[op], operand(f));
	a = json_array();
	for (i = 0, n = 1 + xpick(3); i < n; i++)
		json_array_append_new(a, operand(f));
	return json_pack("{s:o}", "in", a);
}

static int created_with(const json_t *decl, const json_t *f)
{
	const json_t *names = json_object_get(json_object_get(decl, "create"),
					      "fields"),
		     *x;
	size_t i;

	json_array_foreach(
	    names, i,
	    x) if (json_equal(x, json_object_get(f, "name"))) return 1;
	return 0;
}

/* A random field of decl: scalar, or numeric or a date when asked; three
 * times in four one that records are created with (most records hold
 * it). */
static const json_t *any_field(const json_t *decl, const char *what)
{
	const json_t *fields = json_object_get(decl, "fields"), *f;
	unsigned n = (unsigned)json_array_size(fields), tries;
	int created = xpick(4) != 0;

	for (tries = 0; tries < 400; tries++) {
		f = json_array_get(fields, xpick(n));
		if (tries < 200 && created && !created_with(decl, f))
			continue;
		if (scalar_field(f) && !json_object_get(f, "derive") &&
		    (!what || (!strcmp(what, "number") && numeric_field(f)) ||
		     (!strcmp(what, "date") && is_type(f, "date"))))
			return f;
	}
	return NULL;
}

static void add_where(json_t *ind, const json_t *decl, unsigned *next_op)
{
	json_t *where = json_object();
	const json_t *f;
	const char *name;
	unsigned n = xpick(3) ? 1 + xpick(2) : 1 + xpick(4), i, op;

	for (i = 0; i < n; i++) {
		f = any_field(decl, NULL);
		name = json_string_value(json_object_get(f, "name"));
		if (json_object_get(where, name))
			continue;
		for (op = (*next_op)++ % NOPS; !op_fits(op, f);)
			op = (op + 1) % NOPS;
		op_seen[op]++;
		json_object_set_new(where, name, condition(f, op));
	}
	json_object_set_new(ind, "where", where);
}

/* A plain indicator of decl whose dates an extra one takes. */
static const json_t *model_of(const json_t *inds)
{
	const json_t *m;
	unsigned tries;

	for (tries = 0; tries < 100; tries++) {
		m = json_array_get(inds,
				   xpick((unsigned)json_array_size(inds)));
		if (!json_object_get(m, "ratio"))
			return m;
	}
	return NULL;
}

/* An extra indicator of decl; plain: counted over a real indicator's
 * dates without conditions (the third extra of the first two kinds: the
 * numerator parts of x.cross_complement, which test_rate_records needs to
 * have records whatever the draw). */
static json_t *extra(const json_t *decl, const char *id, int plain,
		     unsigned *next_op)
{
	const json_t *m = model_of(json_object_get(decl, "indicators"));
	const char *keys[] = {"date", "open_from", "open_to"};
	json_t *ind = json_pack("{s:s, s:s, s:s}", "id", id, "label", "测试",
				"unit", "件");
	const json_t *f;
	size_t i;

	if (!plain && xpick(3) && (f = any_field(decl, "date")))
		json_object_set(ind, "date", json_object_get(f, "name"));
	else
		for (i = 0; i < 3; i++)
			if (json_object_get(m, keys[i]))
				json_object_set(ind, keys[i],
						json_object_get(m, keys[i]));
	if (plain)
		return ind;
	add_where(ind, decl, next_op);
	if (!xpick(4) && (f = any_field(decl, "number")))
		json_object_set(ind, "sum", json_object_get(f, "name"));
	else if (!xpick(4) && (f = any_field(decl, NULL)))
		json_object_set(ind, "distinct", json_object_get(f, "name"));
	return ind;
}

/* Rates whose parts are the extras of three kinds (ids: every extra id,
 * NEXTRA per kind in order). */
static void add_cross_rates(json_t *decl, const json_t *ids)
{
	json_t *inds = json_object_get(decl, "indicators");

	json_array_append_new(
	    inds, json_pack("{s:s, s:s, s:s, s:[O,O], s:i}", "id",
			    "x.cross_rate", "label", "测试率", "unit", "%",
			    "ratio", json_array_get(ids, 0),
			    json_array_get(ids, NEXTRA + 1), "decimals", 1));
	json_array_append_new(
	    inds,
	    json_pack("{s:s, s:s, s:s, s:[[O,O],[O,O,O]], s:b}", "id",
		      "x.cross_complement", "label", "测试率", "unit", "%",
		      "ratio", json_array_get(ids, 2),
		      json_array_get(ids, NEXTRA + 2), json_array_get(ids, 3),
		      json_array_get(ids, NEXTRA + 3),
		      json_array_get(ids, 2 * NEXTRA + 4), "complement", 1));
}

static void augment(json_t *d, json_t *ids, unsigned *next_op)
{
	json_t *inds = json_object_get(d, "indicators");
	char id[96];
	int i;

	for (i = 0; i < NEXTRA; i++) {
		snprintf(id, sizeof(id), "x.%s.%d",
			 json_string_value(json_object_get(d, "kind")), i);
		json_array_append_new(
		    inds,
		    extra(d, id, i == 2 && json_array_size(ids) < 2 * NEXTRA,
			  next_op));
		json_array_append_new(ids, json_string(id));
	}
}

/* The disclosure requests of a changed declaration: received requests
 * by channel instead of by applicant type. */
static void change_disclosure(json_t *d)
{
	json_t *x;
	size_t i;

	json_array_foreach(
	    json_object_get(d, "indicators"), i,
	    x) if (!strcmp(json_string_value(json_object_get(x, "id")),
			   "disclosure.received"))
	    json_object_set_new(x, "group", json_string("channel"));
}

/* Every shipped kind, augmented, into the scratch folder `name` (changed:
 * with the disclosure requests changed); r loaded from it. */
static void load_registry(struct kind_registry *r, const char *name,
			  int changed)
{
	json_t *ids = json_array(), *d, *last = NULL;
	char dir[512], path[700];
	unsigned next_op = 0;
	size_t i, first, n;
	struct fz_err e;

	xrng = 0x5851F42D4C957F2Du;
	scratch_path(dir, sizeof(dir), name);
	mkdir(dir, 0700);
	fz_embedded_under("kinds/", &first, &n);
	for (i = first; i < first + n; i++) {
		const struct fz_embedded *f = &fz_embedded_files[i];
		d = json_loadb((const char *)f->data, f->len, 0, NULL);
		if (json_array_size(json_object_get(d, "indicators")))
			augment(d, ids, &next_op);
		if (changed &&
		    !strcmp(f->path, "kinds/disclosure_request.json"))
			change_disclosure(d);
		snprintf(path, sizeof(path), "%s/%s", dir, f->path + 6);
		if (last)
			json_decref(last);
		last = d;
		if (i + 1 < first + n)
			assert_int_equal(json_dump_file(d, path, 0), 0);
	}
	add_cross_rates(last, ids);
	assert_int_equal(json_dump_file(last, path, 0), 0);
	json_decref(last);
	json_decref(ids);
	kind_registry_init(r);
	if (kind_registry_load(r, dir, lt_rules(lt), &e))
		fail_msg("%s", e.msg);
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
	load_registry(&reg, "kinds_ops", 0);
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
	case KF_ORG: /* refused when not in the record's subtree */
		return json_integer(orgs[pick(NORGS)]);
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

/* A kind whose records refer to a record of another kind (record_ref:F:
 * KIND, a certificate of an officer): F set to a record of KIND made
 * before, at random, and its organisation returned (else org). A field
 * linking an account (account_link:F) is left out: there are none. */
static int64_t refer(const struct kind *k, json_t *in, int64_t org)
{
	char f[64], kind[64];
	size_t i, j, n = 0, cand[MAXREC];

	for (i = 0; i < k->ncreate_guards; i++) {
		/* no accounts to link here: records go without */
		if (sscanf(k->create_guards[i], "account_link:%63s", f) == 1)
			json_object_del(in, f);
		if (sscanf(k->create_guards[i], "record_ref:%63[^:]:%63s", f,
			   kind) != 2)
			continue;
		for (j = 0; j < nrecs; j++)
			if (!strcmp(recs[j].k->id, kind))
				cand[n++] = j;
		if (!n)
			return org;
		j = cand[pick((unsigned)n)];
		json_object_set_new(in, f, json_integer(recs[j].id));
		return recs[j].org;
	}
	return org;
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
	rc = engine_create(c, &env, k, refer(k, in, orgs[pick(NORGS)]), in,
			   NULL, NULL, &out, e);
	if (!rc)
		recs[nrecs++] = (struct rec){out.id, out.org_id, k, day};
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
	rc = engine_return(c, &env, r->k, r->id, "退回补充材料", 0, &out, e);
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

static json_t *entry(const json_t *a, const char *id)
{
	const json_t *x;
	size_t i;

	json_array_foreach(
	    a, i, x) if (!strcmp(json_string_value(json_object_get(x, "id")),
				 id)) return (json_t *)(uintptr_t)x;
	return NULL;
}

/* Kind k has records in the entries of a: an indicator that is not a
 * rate with records > 0. */
static int kind_has_records(const json_t *a, const char *k)
{
	const json_t *x;
	size_t i;

	json_array_foreach(
	    a, i,
	    x) if (!json_object_get(x, "ratio") &&
		   !strcmp(json_string_value(json_object_get(x, "kind")), k) &&
		   json_integer_value(json_object_get(x, "records")) >
		       0) return 1;
	return 0;
}

/* Entry x can be compared with the year before (entries `before`): its
 * kind, or for a rate a kind of its denominator's parts, had records. */
static int comparable(const json_t *x, const json_t *before)
{
	const json_t *den =
	    json_object_get(json_object_get(x, "ratio"), "denominator");
	const json_t *id;
	size_t i;

	if (!den)
		return kind_has_records(
		    before, json_string_value(json_object_get(x, "kind")));
	json_array_foreach(
	    den, i,
	    id) if (kind_has_records(before,
				     json_string_value(json_object_get(
					 entry(before, json_string_value(id)),
					 "kind")))) return 1;
	return 0;
}

/* previous and change (indicators.h): null without records of the kind
 * the year before, else last year's value and the difference. */
static void check_previous(struct store_conn *c, int64_t org, int year)
{
	json_t *now = NULL, *before = NULL, *x, *b;
	struct fz_err e;
	size_t i;

	assert_int_equal(ind_all(c, &reg, org, year, &now, &e), 0);
	assert_int_equal(ind_all(c, &reg, org, year - 1, &before, &e), 0);
	json_array_foreach(now, i, x)
	{
		b = entry(before, json_string_value(json_object_get(x, "id")));
		if (!comparable(x, before)) {
			assert_true(
			    json_is_null(json_object_get(x, "previous")));
			assert_true(json_is_null(json_object_get(x, "change")));
			continue;
		}
		assert_true(json_number_value(json_object_get(x, "previous")) ==
			    json_number_value(json_object_get(b, "value")));
		assert_true(json_number_value(json_object_get(x, "change")) ==
			    json_number_value(json_object_get(x, "value")) -
				json_number_value(json_object_get(b, "value")));
	}
	json_decref(now);
	json_decref(before);
}

/* The own figures of org: those of the recount of org alone; for a
 * plain indicator, the subtree's less its children's subtrees'. */
static void check_own(struct store_conn *c, int64_t org, const int64_t *kids,
		      size_t nkids, int year)
{
	json_t *own = NULL, *query = NULL, *all = NULL, *kid[NORGS], *x;
	struct fz_err e;
	int64_t n;
	size_t i, j;

	assert_int_equal(ind_all_own(c, &reg, org, year, 1, &own, &e), 0);
	assert_int_equal(ind_all_query_own(c, &reg, org, year, 1, &query, &e),
			 0);
	assert_true(json_equal(own, query));
	assert_int_equal(ind_all(c, &reg, org, year, &all, &e), 0);
	for (j = 0; j < nkids; j++)
		assert_int_equal(ind_all(c, &reg, kids[j], year, &kid[j], &e),
				 0);
	json_array_foreach(all, i, x)
	{
		if (json_object_get(x, "ratio"))
			continue;
		n = json_integer_value(json_object_get(x, "records"));
		for (j = 0; j < nkids; j++)
			n -= json_integer_value(json_object_get(
			    json_array_get(kid[j], i), "records"));
		assert_int_equal(n, json_integer_value(json_object_get(
					json_array_get(own, i), "records")));
	}
	if (!nkids)
		assert_true(json_equal(own, all));
	for (j = 0; j < nkids; j++)
		json_decref(kid[j]);
	json_decref(own);
	json_decref(query);
	json_decref(all);
}

/* Every figure of the subtrees of orgs 0, 1 and 3 (a province, a
 * government, a department; all five when full) in every year; when
 * full, also one at a time, last year's comparison and the own figures
 * of a government (1: two departments under it) and a department. */
/* ---- the composed report over the same records (issue 13) --------------
 * Whatever the records, the report never writes a figure as zero, a rate
 * over an empty denominator, a comparison without last year's records or
 * 0万 for an amount; and every figure it marks is its indicator's. */

static size_t report_figures; /* figures checked, over every report */

static const json_t *entry_of(const json_t *a, const char *id)
{
	const json_t *x;
	size_t i;

	json_array_foreach(
	    a, i, x) if (!strcmp(json_string_value(json_object_get(x, "id")),
				 id)) return x;
	return NULL;
}

/* The amount of groups "v1,v2" of x (NULL: of all of them). */
static double groups_amount(const json_t *x, const char *groups)
{
	const json_t *g;
	double sum = 0;
	char key[260];
	size_t i;

	json_array_foreach(json_object_get(x, "groups"), i, g)
	{
		char v[200];

		snprintf(key, sizeof(key), ",%s,", groups ? groups : "");
		snprintf(v, sizeof(v), ",%s,",
			 json_string_value(json_object_get(g, "value")));
		if (!groups || strstr(key, v))
			sum += json_number_value(json_object_get(g, "amount"));
	}
	return sum;
}

/* The decimals written between s and end. */
static int decimals_in(const char *s, const char *end)
{
	const char *dot = memchr(s, '.', (size_t)(end - s));

	return dot ? (int)(end - dot - 1) : 0;
}

/* One figure <a class="fig" data-indicator="ID" [data-groups="G"]
 * [data-scope="own"] href="...">TEXT</a> of the report, checked. */
static void check_mark(const char *id, const char *groups, int own,
		       const char *text, const json_t *all, const json_t *mine)
{
	const json_t *x = entry_of(own ? mine : all, id), *r;
	const char *num = !strncmp(text, "约", 3) ? text + 3 : text;
	double v = strtod(num, NULL), want;
	char *end;

	if (!strcmp(id, "manual.figures"))
		return;
	if (!x)
		fail_msg("%s: '%s' of no indicator", id, text);
	report_figures++;
	if (!strncmp(text, "，与去年相比", strlen("，与去年相比")) ||
	    !strncmp(text, "，较去年", strlen("，较去年"))) {
		if (json_is_null(json_object_get(x, "previous")))
			fail_msg("%s: '%s' without last year's records", id,
				 text);
		return;
	}
	strtod(num, &end);
	r = json_object_get(x, "ratio");
	if (r && !(json_number_value(json_object_get(r, "den")) > 0))
		fail_msg("%s: '%s', a rate over nothing", id, text);
	want = groups[0] ? groups_amount(x, groups)
			 : json_number_value(json_object_get(x, "value"));
	if (groups[0] && *end == '%') /* a share of all the groups */
		want = want * 100 / groups_amount(x, NULL);
	/* a rate of something may truly be 0%; a count or sum is written
	 * only when it is not 0 */
	if (end == num || (!r && (v <= 0 || want <= 0)))
		fail_msg("%s: '%s' is written as zero (%g)", id, text, want);
	/* a count or a rate written as it is: the same number as rounded
	 * (a scaled unit, 余 or 约 say less and are not compared) */
	if (num != text || !strncmp(end, "万", 3) || !strncmp(end, "亿", 3) ||
	    !strncmp(end, "余", 3) || !strncmp(end, "亩", 3) ||
	    !strncmp(end, "平方米", 9))
		return;
	if (fabs(want - v) > 0.5 * pow(10, -decimals_in(num, end)) + 1e-6)
		fail_msg("%s: '%s' for a figure of %g", id, text, want);
}

/* The figures of org's report of year, checked. */
static void check_report(struct store_conn *c, int64_t org, int year)
{
	struct fz_buf out = FZ_BUF_INIT(8u << 20);
	json_t *all = NULL, *mine = NULL;
	struct store_org o;
	struct annual_req q = {.org = &o, .year = year};
	struct fz_err e;
	char id[128], groups[256], text[256];
	const char *p, *t, *z;

	assert_int_equal(store_org_get(c, org, &o, &e), 0);
	assert_int_equal(annual_render(c, &reg, &q, ANNUAL_HTML, &out, &e), 0);
	assert_int_equal(fz_buf_add(&out, "", 1), 0);
	assert_int_equal(ind_all(c, &reg, org, year, &all, &e), 0);
	assert_int_equal(ind_all_own(c, &reg, org, year, 1, &mine, &e), 0);
	for (p = out.data;
	     (p = strstr(p, "<a class=\"fig\" data-indicator=\""));) {
		p += strlen("<a class=\"fig\" data-indicator=\"");
		groups[0] = '\0';
		sscanf(p, "%127[^\"]", id);
		t = strchr(p, '>');
		if ((z = strstr(p, "data-groups=\"")) && z < t)
			sscanf(z + 13, "%255[^\"]", groups);
		z = strstr(p, "data-scope=\"own\"");
		text[0] = '\0';
		sscanf(t + 1, "%255[^<]", text);
		check_mark(id, groups, z && z < t, text, all, mine);
		p = t;
	}
	for (p = out.data; (p = strstr(p, "0万")); p++)
		if (p == out.data || !strchr("0123456789.", p[-1]))
			fail_msg("org %lld %d: 0万 in the report",
				 (long long)org, year);
	json_decref(all);
	json_decref(mine);
	fz_buf_release(&out);
}

static void check_some(int full)
{
	struct store_conn *c = store_rd_acquire(st);
	size_t i;
	int y;

	for (i = 0; i < NORGS; i++)
		if (full || i == 0 || i == 1 || i == 3)
			for (y = YEAR_LO; y <= YEAR_HI; y++) {
				check_one(c, orgs[i], y);
				check_report(c, orgs[i], y);
			}
	for (y = YEAR_LO; full && y <= YEAR_HI; y++) {
		check_compute(c, orgs[0], y);
		check_previous(c, orgs[0], y);
		check_previous(c, orgs[3], y);
		check_own(c, orgs[1], &orgs[2], 2, y);
		check_own(c, orgs[3], NULL, 0, y);
	}
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

/* The operators of the conditions of indicator i of ind_all's order. */
static void count_ops(size_t i, unsigned *counted)
{
	const struct kind_indicator *ind;
	size_t k, j;

	for (k = 0; k < reg.n; k++) {
		if (i < reg.v[k]->nindicators) {
			ind = &reg.v[k]->indicators[i];
			for (j = 0; j < ind->nwhere; j++)
				counted[ind->where[j].op]++;
			return;
		}
		i -= reg.v[k]->nindicators;
	}
}

/* The extra indicators count something: most of them have records in
 * some year, and some have none in some year (their conditions select). */
static void assert_extras_counted(void)
{
	struct store_conn *c = store_rd_acquire(st);
	json_t *a, *x;
	struct fz_err e;
	size_t i, n = 0, some = 0, none = 0;
	int y;
	int64_t r;
	char seen[1024] = {0}, empty[1024] = {0};
	unsigned counted[NOPS + 1] = {0};

	for (y = YEAR_LO; y <= YEAR_HI; y++) {
		assert_int_equal(ind_all(c, &reg, orgs[0], y, &a, &e), 0);
		json_array_foreach(a, i, x)
		{
			if (strncmp(json_string_value(json_object_get(x, "id")),
				    "x.", 2) ||
			    i >= sizeof(seen))
				continue;
			r = json_integer_value(json_object_get(x, "records"));
			seen[i] |= r > 0;
			empty[i] |= r == 0;
		}
		n = json_array_size(a);
		json_decref(a);
	}
	store_rd_release(st, c);
	for (i = 0; i < n && i < sizeof(seen); i++) {
		some += seen[i];
		none += seen[i] && empty[i];
		if (seen[i])
			count_ops(i, counted);
	}
	print_message("extra indicators with records: %zu, of which empty in "
		      "a year: %zu; conditions by operator:",
		      some, none);
	for (i = 1; i <= NOPS; i++)
		print_message(" %u", counted[i]);
	print_message("\n");
	assert_true(some >= 60);
	assert_true(none >= 20);
	for (i = 1; i <= NOPS; i++)
		assert_true(counted[i] >= 3);
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
	/* the changes were real ones, of every sort, under every operator */
	print_message("%d creates, %d transitions, %d 退回 over %zu records\n",
		      creates, transitions, returns, nrecs);
	for (batch = 0; batch < NOPS; batch++)
		assert_true(op_seen[batch] >= 3);
	assert_extras_counted();
	print_message("%zu figures of the composed reports checked\n",
		      report_figures);
	assert_true(report_figures >= 500);
	assert_true(creates >= 100);
	assert_true(transitions >= 100);
	assert_true(returns >= 10);
}

/* ---- the records of a rate ------------------------------------------------
 */

/* The records of a rate of two numerator parts (of two kinds) are the
 * first part's then the second's, a page cut across them. */
static void test_rate_records(void **state)
{
	const struct kind_indicator *ind =
	    kind_indicator_find(&reg, "x.cross_complement");
	struct store_conn *c = store_rd_acquire(st);
	json_t *all, *parts, *page, *x;
	struct fz_err e;
	size_t i, j, total = 0;
	int y;

	(void)state;
	assert_int_equal(ind->ratio[0].n, 2);
	assert_ptr_not_equal(ind->ratio[0].ind[0]->kind,
			     ind->ratio[0].ind[1]->kind);
	for (y = YEAR_LO; y <= YEAR_HI; y++) {
		assert_int_equal(
		    ind_records(c, ind, orgs[0], y, 1000, 0, &all, &e), 0);
		parts = json_array();
		for (i = 0; i < 2; i++) {
			assert_int_equal(ind_records(c, ind->ratio[0].ind[i],
						     orgs[0], y, 1000, 0, &x,
						     &e),
					 0);
			json_array_extend(parts, x);
			json_decref(x);
		}
		assert_true(json_equal(all, parts));
		for (i = 0; i < json_array_size(all); i += 3) {
			assert_int_equal(ind_records(c, ind, orgs[0], y, 3,
						     (int64_t)i, &page, &e),
					 0);
			for (j = 0; j < json_array_size(page); j++)
				assert_true(
				    json_equal(json_array_get(page, j),
					       json_array_get(all, i + j)));
			assert_int_equal(json_array_size(page),
					 json_array_size(all) - i < 3
					     ? json_array_size(all) - i
					     : 3);
			json_decref(page);
		}
		total += json_array_size(all);
		json_decref(all);
		json_decref(parts);
	}
	store_rd_release(st, c);
	assert_true(total > 0);
}

/* ---- rebuild --------------------------------------------------------------
 */

/* The figures table as text, in key order (a connection of its own, as a
 * reader sees the database). */
/* The rows of the figures (tree: of the subtrees, migration 010). */
static char *rows_text(int tree)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_int_equal(
	    sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
			       tree ? "SELECT root_org, ind, year, grp, n, s, "
				      "x FROM figures_tree ORDER BY 1, 2, 3, 4"
				    : "SELECT org_id, ind, year, grp, n, s, x "
				      "FROM figures ORDER BY 1, 2, 3, 4",
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

static char *table_text(void)
{
	return rows_text(0);
}

/* Migration 010 run again on a database whose subtree rows are gone
 * gives them back row for row from the organisations' own. */
static void check_tree_migration(const char *kept_tree)
{
	const struct fz_embedded *m =
	    fz_embedded_find("src/store/migrations/010_figures_tree.sql");
	char *again;
	sqlite3 *db;

	assert_non_null(m);
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN; DROP TABLE figures_tree; ",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, (const char *)m->data, NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	again = rows_text(1);
	assert_string_equal(kept_tree, again);
	free(again);
}

static int drop_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	(void)arg;
	return store_fig_clear(c, NULL, e);
}

static void test_rebuild(void **state)
{
	char *kept, *kept_tree, *rebuilt;
	struct fz_err e;
	int n = -1;

	(void)state;
	if (nrecs < 10)
		random_changes(200);
	kept = table_text();
	kept_tree = rows_text(1);
	assert_true(strlen(kept) > 1000); /* the changes left figures */
	assert_true(strlen(kept_tree) > strlen(kept)); /* and each above */
	check_tree_migration(kept_tree);
	/* nothing is stale: a sync counts nothing */
	assert_int_equal(fig_sync(st, &reg, 0, &n, &e), 0);
	assert_int_equal(n, 0);
	/* counted again from the records: row for row the same */
	assert_int_equal(fig_sync(st, &reg, 1, &n, &e), 0);
	assert_true(n > 10);
	rebuilt = table_text();
	assert_string_equal(kept, rebuilt);
	free(rebuilt);
	rebuilt = rows_text(1);
	assert_string_equal(kept_tree, rebuilt);
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
	rebuilt = rows_text(1);
	assert_string_equal(kept_tree, rebuilt);
	free(rebuilt);
	free(kept);
	free(kept_tree);
	assert_all_valid();
	check_all();
}

/* ---- declarations that change ------------------------------------------- */

/* A registry whose disclosure requests count received requests by channel
 * instead of by applicant type. */
static void load_changed(struct kind_registry *r2)
{
	load_registry(r2, "kinds_changed", 1);
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
	/* no reconsideration before 2021 (the random ones are of 2022 on):
	 * nothing to compare with, not "previous 0, change +2" */
	assert_true(json_is_null(
	    json_object_get(entry(a, "reconsideration.replied"), "previous")));
	assert_true(json_is_null(
	    json_object_get(entry(a, "reconsideration.replied"), "change")));
	assert_true(json_is_null(json_object_get(
	    entry(a, "reconsideration.reply_on_time_rate"), "previous")));
	assert_true(json_object_get(entry(a, "reconsideration.replied"),
				    "previous") != NULL);
	json_decref(a);
	/* the year after: compared with 2021, also where 2021 had none */
	assert_int_equal(ind_all(c, &reg, orgs[4], 2022, &a, &e), 0);
	assert_true(json_integer_value(json_object_get(
			entry(a, "reconsideration.replied"), "previous")) == 2);
	assert_true(json_is_integer(
	    json_object_get(entry(a, "reconsideration.upheld"), "previous")));
	assert_int_equal(json_integer_value(json_object_get(
			     entry(a, "reconsideration.upheld"), "previous")),
			 0);
	assert_true(json_number_value(json_object_get(
			entry(a, "reconsideration.reply_on_time_rate"),
			"previous")) == 50);
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

/* ---- each operator, record by record ----------------------------------
 * A kind of every field type whose records hold values no form would let
 * through (wrong types, JSON null, objects and arrays, integers past 2^53,
 * -0.0, text that looks like a number): one indicator per field, operator
 * and value, one record per year, written straight to the store. What the
 * figures take from each record (fig_contrib) is what the recount's
 * statement counts for it, except where the figures say they cannot know
 * (x: SQLite would compare an object's or an array's JSON text with a
 * text beginning as it does). */

static const char *const odd[] = {NULL, /* not set */
				  "null",
				  "true",
				  "false",
				  "0",
				  "1",
				  "-1",
				  "2",
				  "2.5",
				  "0.1",
				  "-0.0",
				  "1e15",
				  "9007199254740993",
				  "9007199254740992",
				  "1000000.5",
				  "\"\"",
				  "\"x\"",
				  "\"xx\"",
				  "\"a\"",
				  "\"b\"",
				  "\"2024-01-01\"",
				  "\"2023-12-31\"",
				  "\"2024-1-1\"",
				  "\"1\"",
				  "\"[\"",
				  "\"{\"",
				  "[1,2]",
				  "{\"a\":1}",
				  "[]",
				  "\"[1,2]\"",
				  "\"\\u00e9\""};
enum { NODD = sizeof(odd) / sizeof(odd[0]) };

static const char *const mirror_fields[] = {"s", "t",  "i", "n",
					    "m", "dd", "b", "e"};
enum { NMF = sizeof(mirror_fields) / sizeof(mirror_fields[0]) };

/* The operands tried for a field of type t: JSON texts. */
static const char *operands_of(const char *t)
{
	if (!strcmp(t, "int") || !strcmp(t, "decimal") || !strcmp(t, "money"))
		return "[0, 1, 2.5, -1, 0.1, 1e15, 9007199254740992, "
		       "9007199254740993, -0.0]";
	if (!strcmp(t, "date"))
		return "[\"2024-01-01\", \"2023-12-31\"]";
	if (!strcmp(t, "enum"))
		return "[\"a\", \"b\"]";
	if (!strcmp(t, "bool"))
		return "[true, false]";
	return "[\"x\", \"\", \"[1,2]\", \"{\", \"1\", \"2024-01-01\"]";
}

static void mirror_ind(json_t *inds, const char *field, const char *op,
		       json_t *arg)
{
	char id[64];

	snprintf(id, sizeof(id), "m.%zu", json_array_size(inds));
	json_array_append_new(
	    inds, json_pack("{s:s, s:s, s:s, s:s, s:{s:o}}", "id", id, "label",
			    "m", "unit", "件", "date", "d", "where", field,
			    op ? json_pack("{s:o}", op, arg) : arg));
}

/* Every operator with every operand (in: pairs and all) on field f. */
static void mirror_inds_of(json_t *inds, const char *f, const char *type)
{
	static const char *const ops[] = {"", "!=", "<", "<=", ">", ">="};
	json_t *vals = json_loads(operands_of(type), 0, NULL), *v;
	int ordered = strcmp(type, "date") == 0 || !strcmp(type, "int") ||
		      !strcmp(type, "decimal") || !strcmp(type, "money");
	size_t i, j;

	for (j = 0; j < (ordered ? 6u : 2u); j++)
		json_array_foreach(vals, i, v) mirror_ind(
		    inds, f, *ops[j] ? ops[j] : NULL, json_incref(v));
	json_array_foreach(vals, i, v) if (i + 1 < json_array_size(vals))
	    mirror_ind(inds, f, "in",
		       json_pack("[O,O]", v, json_array_get(vals, i + 1)));
	mirror_ind(inds, f, "in", json_incref(vals));
	mirror_ind(inds, f, "present", json_true());
	mirror_ind(inds, f, "absent", json_true());
	json_decref(vals);
}

static struct kind *mirror_kind(void)
{
	static const char *const types[NMF] = {"string",  "text",  "int",
					       "decimal", "money", "date",
					       "bool",	  "enum"};
	json_t *d = json_pack(
	    "{s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s}], s:[{s:s, s:s}], s:s, "
	    "s:{s:[s], s:[]}, s:[]}",
	    "kind", "mirror", "label", "镜像", "number_prefix", "JX", "title",
	    "s", "fields", "name", "d", "label", "日期", "type", "date",
	    "states", "name", "open", "label", "开", "initial", "open",
	    "create", "roles", "officer", "fields", "transitions");
	json_t *inds = json_array();
	struct kind *k = NULL;
	struct fz_err e;
	char *text;
	size_t i;

	for (i = 0; i < NMF; i++) {
		json_t *f =
		    json_pack("{s:s, s:s, s:s}", "name", mirror_fields[i],
			      "label", "字段", "type", types[i]);
		if (!strcmp(types[i], "enum"))
			json_object_set_new(f, "values",
					    json_pack("[{s:s,s:s},{s:s,s:s}]",
						      "value", "a", "label",
						      "甲", "value", "b",
						      "label", "乙"));
		json_array_append_new(json_object_get(d, "fields"), f);
		mirror_inds_of(inds, mirror_fields[i], types[i]);
	}
	json_object_set_new(d, "indicators", inds);
	text = json_dumps(d, 0);
	if (kind_parse(text, strlen(text), "mirror", lt_rules(lt), &k, &e))
		fail_msg("%s", e.msg);
	free(text);
	json_decref(d);
	return k;
}

/* Record r's data: year 2001 + r, every field an odd value. */
static char *mirror_data(size_t r)
{
	char *out = NULL;
	size_t len = 0, f;
	FILE *m = open_memstream(&out, &len);

	fprintf(m, "{\"d\": \"%04zu-06-01\"", 2001 + r);
	for (f = 0; f < NMF; f++)
		if (odd[(r * 7 + f * 3) % NODD])
			fprintf(m, ", \"%s\": %s", mirror_fields[f],
				odd[(r * 7 + f * 3) % NODD]);
	fputs("}", m);
	fclose(m);
	return out;
}

struct mirror_write {
	size_t n;
};

static int mirror_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct mirror_write *w = arg;
	struct store_record r;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < w->n; i++) {
		memset(&r, 0, sizeof(r));
		r.org_id = orgs[4];
		snprintf(r.kind, sizeof(r.kind), "mirror");
		snprintf(r.number, sizeof(r.number), "JX-%zu", i);
		snprintf(r.state, sizeof(r.state), "open");
		r.data = mirror_data(i);
		rc = store_record_insert(c, &r, "", e);
		free(r.data);
	}
	return rc;
}

/* What the figures take from each record: n and x per indicator (by its
 * index) and record (by its year). */
struct mirror_acc {
	const struct kind *k;
	int64_t (*n)[NODD], (*x)[NODD];
};

static void mirror_emit(void *arg, const struct kind_indicator *ind, int year,
			const char *grp, int64_t n, int64_t s, int64_t x)
{
	struct mirror_acc *a = arg;
	size_t i = (size_t)(ind - a->k->indicators);

	(void)grp;
	(void)s;
	assert_true(year >= 2001 && year < 2001 + NODD);
	a->n[i][year - 2001] += n;
	a->x[i][year - 2001] += x;
}

struct mirror_row {
	int64_t *per; /* per record (year) */
};

static int mirror_row(const char *value, int64_t count, double sum, void *arg)
{
	struct mirror_row *m = arg;

	(void)sum;
	assert_non_null(value);
	m->per[atoi(value) - 2001] = count;
	return 0;
}

/* The recount of indicator ind over all the years, per record. */
static void mirror_recount(struct store_conn *c,
			   const struct kind_indicator *ind, int64_t *per)
{
	struct store_stat_query q;
	struct mirror_row m = {per};
	char from[16], to[16];
	struct fz_err e;

	ind_query(ind, orgs[4], 2001, from, to, &q);
	q.to = "2099-12-31";
	q.group = "d";
	assert_int_equal(store_stat_groups(c, &q, mirror_row, &m, &e), 0);
}

static void mirror_fail(const struct kind_indicator *ind, size_t r, int64_t fig,
			int64_t recount)
{
	char *data = mirror_data(r);
	const char *line = strstr(ind->kind->fig_def, ind->id);

	fail_msg("%.*s on %s: figures %lld, recount %lld",
		 (int)strcspn(line, "\n"), line, data, (long long)fig,
		 (long long)recount);
	free(data);
}

static void test_where_mirror(void **state)
{
	struct kind *k = mirror_kind();
	struct mirror_write w = {NODD};
	struct mirror_acc a = {k, NULL, NULL};
	struct store_conn *c;
	int64_t per[NODD];
	json_t *data;
	size_t i, r, decided = 0, unknown = 0, matched = 0;

	(void)state;
	a.n = calloc(k->nindicators, sizeof(*a.n));
	a.x = calloc(k->nindicators, sizeof(*a.x));
	write_ok(mirror_write, &w);
	for (r = 0; r < NODD; r++) {
		char *text = mirror_data(r);
		struct fig_side side = {NULL, NULL, 0};
		data = json_loads(text, 0, NULL);
		assert_non_null(data);
		side.data = data;
		fig_contrib(k, &side, +1, mirror_emit, &a);
		json_decref(data);
		free(text);
	}
	c = store_rd_acquire(st);
	for (i = 0; i < k->nindicators; i++) {
		memset(per, 0, sizeof(per));
		mirror_recount(c, &k->indicators[i], per);
		for (r = 0; r < NODD; r++) {
			if (a.x[i][r]) {
				unknown++;
				continue;
			}
			if (a.n[i][r] != per[r])
				mirror_fail(&k->indicators[i], r, a.n[i][r],
					    per[r]);
			decided++;
			matched += per[r] > 0;
		}
	}
	store_rd_release(st, c);
	print_message("%zu indicators: %zu decided (%zu counted), %zu not "
		      "known\n",
		      k->nindicators, decided, matched, unknown);
	assert_true(unknown > 0 && unknown * 50 < decided);
	assert_true(matched * 5 > decided);
	free(a.n);
	free(a.x);
	kind_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_changes),
	    cmocka_unit_test(test_rate_records),
	    cmocka_unit_test(test_rebuild),
	    cmocka_unit_test(test_changed_declaration),
	    cmocka_unit_test(test_inexact_value),
	    cmocka_unit_test(test_on_time_boundary),
	    cmocka_unit_test(test_figures_are_read),
	    cmocka_unit_test(test_where_mirror),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
