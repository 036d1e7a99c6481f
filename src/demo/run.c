/*
 * run.c - the demo's one store write: the organisations (found by name or
 * made with acct_org_add), the accounts (acct_user_add), then each step of
 * the plan in date order through the engine, as the account the fixture
 * names, on the step's day. See demo.h.
 */
#include "internal.h"

#include "admin/accounts.h"
#include "admin/legaltime.h"
#include "demo/demo.h"
#include "kinds/engine.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- accounts by name ----------------------------------------------------
 */

int demo_user_get(struct demo_users *u, const char *name, struct demo_user *out,
		  struct fz_err *e)
{
	struct store_user su;
	struct demo_user *d;
	size_t i;

	for (i = 0; name && i < u->n; i++)
		if (!strcmp(u->v[i].username, name)) {
			*out = u->v[i];
			return 0;
		}
	if (!name || store_user_by_name(u->c, name, &su, NULL))
		return fz_err_set(e, FZ_ENOTFOUND, "actor", "no account '%s'",
				  name ? name : "(none)");
	u->v = fz_xgrow(u->v, u->n, &u->a, sizeof(*u->v), 16);
	d = &u->v[u->n++];
	snprintf(d->username, sizeof(d->username), "%s", name);
	d->id = su.id;
	d->roles = su.roles;
	*out = *d;
	return 0;
}

void demo_users_release(struct demo_users *u)
{
	free(u->v);
	memset(u, 0, sizeof(*u));
}

/* ---- organisations and accounts ----------------------------------------- */

static int org_make(struct store_conn *c, const char *name, const char *level,
		    int64_t parent, int64_t *id, struct demo_result *out,
		    struct fz_err *e)
{
	struct store_org o;
	int rc;

	if (!store_org_by_name(c, name, &o, NULL)) {
		*id = o.id;
		return 0;
	}
	memset(&o, 0, sizeof(o));
	snprintf(o.name, sizeof(o.name), "%s", name);
	snprintf(o.level, sizeof(o.level), "%s", level);
	o.parent_id = parent;
	if ((rc = acct_org_add(c, &o, "cli", e)))
		return rc;
	out->orgs++;
	*id = o.id;
	return 0;
}

/* The organisation's settings, each as the API would set it. */
static int settings_put(struct store_conn *c, const struct demo_org *g,
			struct fz_err *e)
{
	const char *key;
	json_t *v;
	char *text;
	int rc = 0;

	json_object_foreach((json_t *)(uintptr_t)g->settings, key, v)
	{
		text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
		rc = acct_setting_put(c, g->id, key, text, "cli", e);
		free(text);
		if (rc)
			break;
	}
	return rc;
}

static int orgs_resolve(struct store_conn *c, struct demo_fixture *fx,
			struct demo_result *out, struct fz_err *e)
{
	int64_t parent;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < fx->norgs; i++) {
		struct demo_org *g = &fx->orgs[i];
		if (!g->level) {
			struct store_org o;
			rc = store_org_by_name(c, g->name, &o, NULL)
				 ? fz_err_set(e, FZ_ENOTFOUND, "organisation",
					      "no organisation '%s' (run "
					      "fazhi init --demo first)",
					      g->name)
				 : 0;
			g->id = o.id;
			if (!rc)
				rc = settings_put(c, g, e);
			continue;
		}
		rc =
		    org_make(c, g->parent, g->parent_level, 0, &parent, out, e);
		if (!rc)
			rc = org_make(c, g->name, g->level, parent, &g->id, out,
				      e);
		if (!rc)
			rc = settings_put(c, g, e);
	}
	return rc;
}

static int accounts_add(struct store_conn *c, struct demo_run *r,
			struct fz_err *e)
{
	size_t i, j, k = 0;
	int rc = 0;

	for (i = 0; !rc && i < r->fx->norgs; i++)
		for (j = 0; !rc && j < r->fx->orgs[i].naccounts; j++, k++) {
			r->accounts[k].org_id = r->fx->orgs[i].id;
			rc = acct_user_add(c, &r->accounts[k], "cli", e);
			r->out->accounts += !rc;
		}
	return rc;
}

/* ---- the steps -----------------------------------------------------------
 */

/* The creation's input: the batch's values with the path's in place of
 * those it names (which are then not evaluated: their bags are the
 * other paths'). */
static int create_input(struct demo_eval *x, const struct demo_batch *b,
			const struct demo_path *p, json_t **out,
			struct fz_err *e)
{
	const json_t *spec = b->create.input;
	json_t *both;
	int rc;

	if (!p->create)
		return spec ? demo_eval(x, spec, out, e)
			    : (*out = json_object(), 0);
	if (!json_is_object(spec) || !json_is_object(p->create) ||
	    json_object_iter_key(
		json_object_iter((json_t *)(uintptr_t)spec))[0] == '$')
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: with a path's create, the batch's must "
				  "be a plain object",
				  x->where);
	both = json_copy((json_t *)(uintptr_t)spec);
	json_object_update(both, (json_t *)(uintptr_t)p->create);
	rc = demo_eval(x, both, out, e);
	json_decref(both);
	return rc;
}

/* The account a step is taken as: its own, "@role" of the batch's, or
 * the batch's actor. */
static const char *actor_of(const struct demo_batch *b,
			    const struct demo_step *s)
{
	if (!s->actor)
		return b->actor;
	if (s->actor[0] != '@')
		return s->actor;
	return json_string_value(json_object_get(b->actors, s->actor + 1));
}

static int found(const struct store_record *rec, void *arg)
{
	*(int64_t *)arg = rec->id;
	return 1;
}

/* Step s on the record rec spawned (s->linked), found by its link field. */
static int linked_step(struct store_conn *c, struct demo_run *r,
		       const struct demo_record *rec, const struct demo_step *s,
		       const json_t *input, const struct engine_env *env,
		       struct fz_err *e)
{
	const struct demo_batch *b = &r->fx->batches[rec->batch];
	struct store_record_query q;
	struct store_record out;
	char path[80], id[32];
	int64_t target = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	snprintf(path, sizeof(path), "$.%s", s->linked->link);
	snprintf(id, sizeof(id), "%lld", (long long)rec->id);
	q.kind = s->linked->target->id;
	q.root_org = r->fx->orgs[b->org].id;
	q.fpath[0] = path;
	q.fval[0] = id;
	q.fnum[0] = 1;
	q.limit = 1;
	if ((rc = store_record_list(c, &q, found, &target, NULL, e)))
		return rc;
	if (!target)
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: no %s record was spawned by this one",
				  s->name, s->linked->target->id);
	rc = engine_transition(c, env, s->linked->target, target, s->transition,
			       input, 0, &out, e);
	if (!rc) {
		store_record_release(&out);
		r->out->steps++;
	}
	return rc;
}

static int engine_step(struct store_conn *c, struct demo_run *r,
		       struct demo_record *rec, const struct demo_step *s,
		       const json_t *input, const struct demo_user *u, int day,
		       struct fz_err *e)
{
	const struct demo_batch *b = &r->fx->batches[rec->batch];
	struct store_record out;
	struct engine_env env;
	char actor[64];
	int rc;

	snprintf(actor, sizeof(actor), "user:%lld", (long long)u->id);
	env = (struct engine_env){
	    .lt = r->lt, .today = day, .actor = actor, .roles = u->roles};
	if (s->linked)
		return linked_step(c, r, rec, s, input, &env, e);
	rc = s->transition
		 ? engine_transition(c, &env, b->kind, rec->id, s->transition,
				     input, 0, &out, e)
		 : engine_create(c, &env, b->kind, r->fx->orgs[b->org].id,
				 input, NULL, NULL, &out, e);
	if (rc)
		return rc;
	rec->id = out.id;
	json_decref(rec->data);
	rec->data = json_loads(out.data, 0, NULL);
	store_record_release(&out);
	if (s->transition)
		r->out->steps++;
	else
		r->out->records++;
	return 0;
}

static int take(struct store_conn *c, struct demo_run *r,
		const struct demo_op *op, struct fz_err *e)
{
	struct demo_record *rec = &r->plan->records[op->record];
	struct demo_batch *b = &r->fx->batches[rec->batch];
	const struct demo_path *p = &b->paths[rec->path];
	const struct demo_step *s =
	    op->step ? &b->steps[p->steps[op->step - 1]] : &b->create;
	struct demo_user u;
	struct demo_eval *x = r->x;
	char where[320], d[CAL_DATE_LEN];
	json_t *input = NULL;
	int rc;

	snprintf(where, sizeof(where), "%s: record %ld: %s on %s", b->where,
		 rec->n, s->name, cal_date_format(op->day, d));
	demo_eval_at(x, b, rec, op->day, where);
	rc = demo_user_get(x->users, actor_of(b, s), &u, e);
	if (!rc)
		rc = op->step ? (s->input ? demo_eval(x, s->input, &input, e)
					  : (input = json_object(), 0))
			      : create_input(x, b, p, &input, e);
	if (!rc)
		rc = engine_step(c, r, rec, s, input, &u, op->day, e);
	json_decref(input);
	if (rc && e && strncmp(e->msg, where, strlen(b->where)))
		fz_err_set(e, rc, e->field, "%s: %s", where, e->msg);
	return rc;
}

static int take_all(struct store_conn *c, struct demo_run *r, struct fz_err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < r->plan->nops; i++)
		rc = take(c, r, &r->plan->ops[i], e);
	return rc;
}

static int closing_event(struct store_conn *c, const struct demo_run *r,
			 struct fz_err *e)
{
	json_t *orgs = json_array(), *ev;
	size_t i;
	int rc;

	for (i = 0; i < r->fx->norgs; i++)
		json_array_append_new(orgs, json_string(r->fx->orgs[i].name));
	ev = json_pack("{s:s, s:i, s:o, s:I, s:I, s:I}", "fixture", "data/demo",
		       "year", r->x->report_year, "organisations", orgs,
		       "accounts", (json_int_t)r->out->accounts, "records",
		       (json_int_t)r->out->records, "steps",
		       (json_int_t)r->out->steps);
	rc = store_event_append(c, 0, "cli", "demo.generate", "demo", ev, e);
	json_decref(ev);
	return rc;
}

int demo_run_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct demo_run *r = arg;
	int rc;

	r->x->users->c = c;
	rc = orgs_resolve(c, r->fx, r->out, e);
	if (!rc)
		rc = accounts_add(c, r, e);
	if (!rc)
		rc = take_all(c, r, e);
	if (!rc)
		rc = demo_bags_check(r->x->bags, e);
	if (!rc)
		rc = closing_event(c, r, e);
	return rc;
}
