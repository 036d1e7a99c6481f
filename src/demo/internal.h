/*
 * internal.h - the pieces of the demo generator (see demo.h), shared by
 * its files and by nothing else:
 *
 *   rng.c      a seeded random sequence (splitmix64): one fixture gives the
 *              same database every time
 *   fake.c     realistic names, identity numbers, credit codes, phones
 *   value.c    the value language of the fixture ($pick, $share, $split,
 *              ...) evaluated into JSON input for the engine
 *   fixture.c  reading data/demo/ (embedded) into batches, paths, steps
 *   plan.c     dates: each record's creation day and the day of each of
 *              its steps, then every step of every record in date order
 *   run.c      organisations, accounts, and the steps through the engine
 *              inside one store write
 *
 * Ownership: struct demo_fixture owns the parsed JSON documents; every
 * const json_t * below borrows from them. Arrays are owned by the struct
 * that holds them and freed by demo_fixture_release / demo_plan_release.
 */
#ifndef FZ_DEMO_INTERNAL_H
#define FZ_DEMO_INTERNAL_H

#include "calendar/calendar.h"
#include "kinds/kind.h"
#include "lib/err.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* ---- random numbers ------------------------------------------------------
 */

struct demo_rng {
	uint64_t s;
};

/* Seed from a text (the file and batch it serves) and a number. */
void demo_rng_seed(struct demo_rng *r, const char *text, uint64_t n);
uint64_t demo_rng_next(struct demo_rng *r);
/* 0 .. n-1 (n > 0). */
size_t demo_rng_below(struct demo_rng *r, size_t n);
/* [0, 1) */
double demo_rng_unit(struct demo_rng *r);
/* A standard normal deviate. */
double demo_rng_gauss(struct demo_rng *r);

/* ---- realistic personal and company data (fake.c) ----------------------- */

/* The lists they draw from: an object of arrays of strings (lists.json). */
int demo_fake_person(struct demo_rng *r, const json_t *lists, json_t **out,
		     struct fz_err *e);
int demo_fake_company(struct demo_rng *r, const json_t *lists,
		      const char *prefix, json_t **out, struct fz_err *e);
/* 18 characters with a valid check digit (GB 11643-1999); region: the six
 * digits of the area code. */
json_t *demo_fake_id_number(struct demo_rng *r, const char *region);
/* 统一社会信用代码 with a valid check character (GB 32100-2015). */
json_t *demo_fake_credit_code(struct demo_rng *r, const char *region);
json_t *demo_fake_phone(struct demo_rng *r);

/* ---- accounts named in the fixture -------------------------------------- */

struct demo_user {
	char username[64];
	int64_t id;
	unsigned roles;
};

struct demo_users {
	struct store_conn *c; /* where unknown names are looked up */
	struct demo_user *v;
	size_t n, a;
};

/* The account with this user name (looked up once), copied to *out: the
 * cache grows as names are looked up, so no pointer into it is handed
 * out. FZ_ENOTFOUND naming the name if there is none. */
int demo_user_get(struct demo_users *u, const char *name, struct demo_user *out,
		  struct fz_err *e);
void demo_users_release(struct demo_users *u);

/* ---- the value language (value.c) ----------------------------------------
 * A value of the fixture is JSON evaluated into the JSON given to the
 * engine:
 *   - a literal is itself; the strings "$date" (the step's day), "$year"
 *     (its year), "$report_year" and "$n" (the record's place in its
 *     batch, from 1, by creation day) are replaced; a string that is a
 *     date YYYY-MM-DD is moved to the report year asked for;
 *   - an object whose first key begins with '$' is an operation (value.c
 *     lists them); any other object or array is evaluated member by
 *     member.
 * $share and $split are bags: they declare how many values they hold and
 * hand them out one per evaluation; demo_bags_check() reports a bag not
 * emptied exactly (the fixture's counts and its paths disagree). */

struct demo_bag;

struct demo_bags {
	struct demo_bag *v;
	size_t n, a;
};

void demo_bags_release(struct demo_bags *b);
int demo_bags_check(const struct demo_bags *b, struct fz_err *e);

/* Counters of {"$count": "name"}, one set per batch. */
struct demo_counter {
	size_t batch;
	char name[48];
	long n;
};

struct demo_counters {
	struct demo_counter *v;
	size_t n, a;
};

void demo_counters_release(struct demo_counters *c);

#define DEMO_SCOPES 8

struct demo_eval {
	const json_t *lists; /* "@name" lists */
	struct demo_users *users;
	struct demo_bags *bags;
	struct demo_counters *counters;
	const struct cal_calendar *cal;
	int shift; /* years added to every date of the fixture */
	int report_year;
	/* set for each record and step: */
	size_t batch;
	const struct kind *kind;
	const json_t *params;	    /* the batch's, for $param */
	struct demo_rng *rng;	    /* the batch's */
	int date;		    /* the step's day */
	long n;			    /* "$n" */
	const json_t *data;	    /* the record as written so far, or NULL */
	const char *where;	    /* for messages: file, batch, step */
	json_t *scope[DEMO_SCOPES]; /* objects being built, for $ref */
	size_t nscope;
};

/* Evaluate spec into a new reference *out. */
int demo_eval(struct demo_eval *x, const json_t *spec, json_t **out,
	      struct fz_err *e);
/* A date of the fixture ("YYYY-MM-DD") moved by shift years (29 February
 * becomes the 28th in a common year). */
int demo_date(const char *s, int shift, int *day, const char *where,
	      struct fz_err *e);
/* *out: day moved by n working days (cal_due: the n-th working day after
 * it, or before it for n < 0); n == 0 is day itself. FZ_EINVAL naming
 * where if that leaves 1900..2200 or |n| passes CAL_MAX_UNITS. */
int demo_add_working(const struct cal_calendar *cal, int day, long n, int *out,
		     const char *where, struct fz_err *e);

/* ---- the fixture (fixture.c) -------------------------------------------- */

struct demo_step {
	const char *name;	/* its key in the batch's "steps" */
	const char *transition; /* NULL: the creation */
	const char *actor;	/* user name, "@role" of the batch's actors,
				   NULL: the batch's actor */
	const json_t *after;	/* working days after the step before */
	const json_t *on;	/* or a day, or [from, to] */
	const json_t *input;
	/* the transition is taken on the record of this kind that the
	   batch's record spawned (kinds.md "spawn"), not on the record */
	const struct kind_spawn *linked;
};

struct demo_path {
	size_t count;
	const json_t *dates;  /* NULL: the batch's */
	const json_t *create; /* merged over the batch's, may be NULL */
	size_t *steps;	      /* indexes into the batch's steps */
	size_t nsteps;
};

struct demo_batch {
	const char *file;
	char where[160];
	const struct kind *kind;
	size_t org; /* index into demo_fixture.orgs */
	const char *actor;
	const json_t *actors; /* {"head": "bb_head", ...} for "@head" */
	const json_t *params; /* values for $param */
	const json_t *dates;  /* [from, to] or {"on": [days]} */
	int until;	      /* no step after this day */
	struct demo_step create;
	struct demo_step *steps;
	size_t nsteps;
	struct demo_path *paths;
	size_t npaths;
	size_t count; /* sum of the paths' counts */
	struct demo_rng rng;
};

struct demo_account {
	const char *username, *display_name;
	const json_t *roles;
};

struct demo_org {
	const char *file;
	const char *name, *level; /* level NULL: must exist already */
	const char *parent, *parent_level;
	struct demo_account *accounts;
	size_t naccounts;
	const json_t *settings; /* {key: value}: report.style and the like */
	int64_t id;		/* once resolved */
};

struct demo_fixture {
	int year;  /* the fixture's own report year */
	int shift; /* to the year asked for */
	json_t *lists;
	const json_t *library; /* steps.json: steps shared by batches */
	json_t **docs;
	size_t ndocs;
	struct demo_org *orgs;
	size_t norgs;
	struct demo_batch *batches;
	size_t nbatches;
};

/* Read data/demo/demo.json and the files it names; every kind and
 * transition named is checked against reg. year: the report year to move
 * the fixture to (0: its own). */
int demo_fixture_load(struct demo_fixture *fx, const struct kind_registry *reg,
		      int year, struct fz_err *e);
void demo_fixture_release(struct demo_fixture *fx);

/* ---- the plan (plan.c) ---------------------------------------------------
 */

struct demo_record {
	size_t batch, path;
	long n;	      /* place in its batch, from 1 */
	int *days;    /* [0] creation, [i] the path's step i-1 */
	int64_t id;   /* once created */
	json_t *data; /* as the engine wrote it */
};

struct demo_op {
	int day;
	uint32_t record, step; /* step 0: creation; i: the path's step i-1 */
};

struct demo_plan {
	struct demo_record *records;
	size_t nrecords;
	struct demo_op *ops;
	size_t nops;
};

/* Set x for a step of record r of batch b on day: the batch's kind,
 * params and random sequence, the record's place and data so far, and
 * where (for messages). */
void demo_eval_at(struct demo_eval *x, struct demo_batch *b,
		  const struct demo_record *r, int day, const char *where);

/* Every record's days (evaluating the steps' "after" with x, whose bags
 * and users it uses), and the steps in date order. */
int demo_plan_make(struct demo_plan *p, struct demo_fixture *fx,
		   struct demo_eval *x, struct fz_err *e);
void demo_plan_release(struct demo_plan *p);

/* ---- the write (run.c) ---------------------------------------------------
 */

struct lt_state;
struct demo_result;

struct demo_run {
	struct lt_state *lt;
	struct demo_fixture *fx;
	struct demo_plan *plan;
	struct demo_eval *x;	     /* lists, bags, calendar, users */
	struct store_user *accounts; /* the fixture's, hashed; org_id unset */
	size_t naccounts;
	struct demo_result *out;
};

/* The store write function: organisations, accounts, then every step of
 * the plan through the engine; finally the bags are checked and a
 * demo.generate event closes the system chain's part. */
int demo_run_write(struct store_conn *c, void *arg, struct fz_err *e);

#endif
