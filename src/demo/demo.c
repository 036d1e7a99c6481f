/*
 * demo.c - demo_generate (demo.h): read the fixture, see whether the demo
 * is there already, hash the accounts' passwords (before the write, so
 * that Argon2 does not hold the writer), plan the days, and hand the rest
 * to one store write (run.c).
 *
 * The accounts the demo adds are the officers and heads the records name
 * (two certified officers per case, the head who approves). Their
 * passwords are random and not kept: a security administrator sets one
 * (`fazhi user passwd`) for whoever is to log in as them; they must change
 * it at first login.
 */
#include "demo.h"

#include "internal.h"

#include "admin/legaltime.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gen {
	struct lt_state *lt;
	const struct cal_calendar *cal; /* lt's, read-locked until release */
	struct kind_registry reg;
	struct demo_fixture fx;
	struct demo_plan plan;
	struct demo_users users;
	struct demo_bags bags;
	struct demo_counters counters;
	struct demo_eval x;
	struct store_user *accounts;
	size_t naccounts;
};

static int has_record(const struct store_record *r, void *arg)
{
	(void)r;
	*(int *)arg = 1;
	return 1;
}

/* 1 if the subtree of org holds a record of any kind of reg (a list is
 * of one kind). */
static int holds_records(struct store_conn *c, const struct kind_registry *reg,
			 int64_t org, int *any, struct fz_err *e)
{
	struct store_record_query q;
	size_t k;

	for (k = 0; k < reg->n && !*any; k++) {
		memset(&q, 0, sizeof(q));
		q.kind = reg->v[k]->id;
		q.root_org = org;
		q.limit = 1;
		if (store_record_list(c, &q, has_record, any, NULL, e))
			return FZ_EIO;
	}
	return 0;
}

/* Skipped when an organisation the demo makes exists (it ran before);
 * else refused when one it fills holds records already. */
static int check_state(struct store_conn *c, const struct kind_registry *reg,
		       const struct demo_fixture *fx, struct demo_result *out,
		       struct fz_err *e)
{
	struct store_org o;
	size_t i;
	int any = 0;

	for (i = 0; i < fx->norgs; i++)
		if (fx->orgs[i].level &&
		    !store_org_by_name(c, fx->orgs[i].name, &o, NULL)) {
			out->skipped = 1;
			snprintf(out->note, sizeof(out->note),
				 "the demo is there already (%s exists); "
				 "nothing added",
				 fx->orgs[i].name);
			return 0;
		}
	for (i = 0; i < fx->norgs && !any; i++) {
		if (store_org_by_name(c, fx->orgs[i].name, &o, NULL))
			continue;
		if (holds_records(c, reg, o.id, &any, e))
			return FZ_EIO;
		if (any)
			return fz_err_set(e, FZ_ECONFLICT, "db",
					  "%s holds records already; the demo "
					  "goes into a new database (fazhi "
					  "init --demo)",
					  fx->orgs[i].name);
	}
	return 0;
}

static int account_prepare(const struct demo_account *a, struct store_user *u,
			   struct fz_err *e)
{
	char raw[SESSION_TOKEN_LEN + 1], pw[SESSION_TOKEN_LEN + 8];
	int rc = roles_from_json(a->roles, "roles", &u->roles, e);

	if (!rc)
		rc = roles_check(u->roles, "roles", e);
	if (rc)
		return fz_err_set(e, rc, "roles", "data/demo: account %s: %s",
				  a->username, e ? e->msg : "bad roles");
	snprintf(u->username, sizeof(u->username), "%s", a->username);
	snprintf(u->display_name, sizeof(u->display_name), "%s",
		 a->display_name);
	session_random_token(raw);
	snprintf(pw, sizeof(pw), "Fz-%.20s7", raw); /* kept nowhere */
	if ((rc = pw_set(u, pw, e)))
		return rc;
	u->must_change = 1;
	return 0;
}

static int accounts_prepare(struct gen *g, struct fz_err *e)
{
	size_t i, j, n = 0;
	int rc = 0;

	for (i = 0; i < g->fx.norgs; i++)
		n += g->fx.orgs[i].naccounts;
	g->accounts = fz_xcalloc(n + 1, sizeof(*g->accounts));
	for (i = 0; !rc && i < g->fx.norgs; i++)
		for (j = 0; !rc && j < g->fx.orgs[i].naccounts; j++)
			rc = account_prepare(&g->fx.orgs[i].accounts[j],
					     &g->accounts[g->naccounts++], e);
	return rc;
}

/* Legal time (its calendar held for the whole run: the demo is one
 * thread, and the engine's own read locks nest in it), kinds, fixture;
 * then skipped or go on. */
static int prepare(struct gen *g, struct store *s, int year,
		   struct demo_result *out, struct fz_err *e)
{
	struct store_conn *c = store_rd_acquire(s);
	int rc = lt_state_open(&g->lt, c, e);

	if (!rc)
		lt_read_begin(g->lt, &g->cal);
	if (!rc)
		rc = kind_registry_load(&g->reg, NULL, lt_rules(g->lt), e);
	if (!rc)
		rc = demo_fixture_load(&g->fx, &g->reg, year, e);
	if (!rc)
		rc = check_state(c, &g->reg, &g->fx, out, e);
	store_rd_release(s, c);
	return rc;
}

static int plan(struct gen *g, struct fz_err *e)
{
	g->x.lists = g->fx.lists;
	g->x.users = &g->users;
	g->x.bags = &g->bags;
	g->x.counters = &g->counters;
	g->x.cal = g->cal;
	g->x.shift = g->fx.shift;
	g->x.report_year = g->fx.year + g->fx.shift;
	return demo_plan_make(&g->plan, &g->fx, &g->x, e);
}

static void release(struct gen *g)
{
	demo_plan_release(&g->plan);
	demo_bags_release(&g->bags);
	demo_counters_release(&g->counters);
	demo_users_release(&g->users);
	demo_fixture_release(&g->fx);
	kind_registry_release(&g->reg);
	if (g->cal)
		lt_read_end(g->lt);
	if (g->lt)
		lt_state_free(g->lt);
	free(g->accounts);
}

int demo_generate(struct store *s, int year, struct demo_result *out,
		  struct fz_err *e)
{
	struct gen g;
	struct demo_run r;
	int rc;

	memset(&g, 0, sizeof(g));
	memset(out, 0, sizeof(*out));
	kind_registry_init(&g.reg);
	rc = prepare(&g, s, year, out, e);
	if (!rc && !out->skipped)
		rc = accounts_prepare(&g, e);
	if (!rc && !out->skipped)
		rc = plan(&g, e);
	if (!rc && !out->skipped) {
		r = (struct demo_run){g.lt,	  &g.fx,       &g.plan, &g.x,
				      g.accounts, g.naccounts, out};
		rc = store_write(s, demo_run_write, &r, e);
	}
	release(&g);
	return rc;
}
