/*
 * fixture.c - reading the demo fixture, data/demo/ (embedded).
 *
 * demo.json names the report year, the file of lists and the files of the
 * organisations, in the order they are made. An organisation's file:
 *
 *   {"about": "...", "seed": "000_....txt",
 *    "organisation": {"name", "level", "parent": {"name", "level"}, "why",
 *                     "settings": {"report.style": {...}}},
 *    "accounts": [{"username", "display_name", "roles": [...]}],
 *    "units": [{"about", "organisation": {...}, "accounts": [...]}, ...],
 *    "lists": {"name": [...]},
 *    "batches": [batch, ...],
 *    "statements": [...],      (read by the tests and the report, not here)
 *    "wanted": [...]}          (likewise)
 *
 * An organisation's settings are set as through the API (an org.setting
 * event each), checked as the API checks them: the report's (annual.h)
 * say how it writes its figures. An organisation without "level" must
 * exist already (北碚区规划和自然资源局,
 * made by `fazhi init --demo`). "units" are further organisations of the
 * same file, made after it in their order, each with its accounts: the
 * departments of a district government (their parent, the file's
 * organisation, is made by then). A batch's records belong to the file's
 * organisation, or to the unit its "org" names. A batch is records of one
 * kind:
 *
 *   {"about": "...", "kind": "enforcement_case", "actor": "zhifa",
 *    "org": "临江区司法局",
 *    "actors": {"head": "bb_head"}, "params": {"fine": value, ...},
 *    "dates": ["2023-01-04", "2023-07-31"] or {"on": ["2023-04-22", ...]},
 *    "until": "2023-12-29",
 *    "create": value,
 *    "steps": {"name": {"transition", "actor", "after" | "on", "input",
 *                       "linked"}}
 *             or "enforcement_case" (the steps of that name in steps.json),
 *    "paths": [{"count": 8, "steps": ["verify", ...], "dates", "create"}]}
 *
 * ("count" and "path" stand for a single path). A step's actor "@head" is
 * the batch's actors.head; a shared step takes the batch's own values with
 * {"$param": "fine"}, so each batch keeps its own bags. A path's "create"
 * replaces keys of the batch's (a literal object then), which are not
 * evaluated for that path's records. Creation days are working
 * days spread over "dates"; a step comes "after" working days (a value:
 * {"$int": [3, 9]}) or "on" a day or within [from, to]; nothing may fall
 * after "until" (default: the 31 December of the last creation day's
 * year). A step with "linked": KIND takes its transition on the record of
 * KIND the batch's record spawned (the respondent department's reply to
 * a 复议 case), by its actor. Keys are checked: a misspelt one is an error
 * naming it.
 */
#include "internal.h"

#include "lib/embedded.h"
#include "lib/jsonv.h"
#include "lib/xalloc.h"
#include "report/annual.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_DIR "data/demo/"

static int check_keys(const json_t *o, const char *const *allowed,
		      const char *where, struct fz_err *e)
{
	const char *key;

	if (!json_is_object(o))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: must be an object", where);
	if ((key = jv_unknown_key(o, allowed)))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: unknown key '%s'", where, key);
	return 0;
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int need_str(const json_t *o, const char *key, const char *where,
		    const char **out, struct fz_err *e)
{
	*out = str(o, key);
	if (!*out || !**out)
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: '%s' is required (a string)", where,
				  key);
	return 0;
}

static int load_doc(struct demo_fixture *fx, const char *name, json_t **out,
		    struct fz_err *e)
{
	char path[160];
	const struct fz_embedded *f;
	json_error_t je;

	if (!name)
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  DEMO_DIR "demo.json: a file name is missing");
	snprintf(path, sizeof(path), DEMO_DIR "%s", name);
	if (!(f = fz_embedded_need(path, "fixture", e)))
		return FZ_ENOTFOUND;
	*out = json_loadb((const char *)f->data, f->len, 0, &je);
	if (!*out)
		return fz_err_set(e, FZ_EINVAL, "fixture", "%s:%d: %s", path,
				  je.line, je.text);
	fx->docs = fz_xrealloc(fx->docs, (fx->ndocs + 1) * sizeof(*fx->docs));
	fx->docs[fx->ndocs++] = *out;
	return 0;
}

/* ---- steps and paths ---------------------------------------------------- */

/* "linked": "reconsideration": a kind the batch's kind spawns. */
static int parse_linked(const struct demo_batch *b, const char *kind,
			const char *where, struct demo_step *s,
			struct fz_err *e)
{
	size_t i;

	for (i = 0; kind && i < b->kind->ntransitions; i++) {
		const struct kind_spawn *sp = b->kind->transitions[i].spawn;
		if (sp && !strcmp(sp->target->id, kind)) {
			s->linked = sp;
			return 0;
		}
	}
	return fz_err_set(e, FZ_EINVAL, "fixture",
			  "%s: linked: %s spawns no record of kind '%s'", where,
			  b->kind->id, kind ? kind : "(not a string)");
}

static int parse_step(struct demo_batch *b, const char *name, const json_t *o,
		      struct demo_step *s, struct fz_err *e)
{
	static const char *const keys[] = {"transition", "actor", "after",
					   "on",	 "input", "about",
					   "linked",	 NULL};
	char where[256];
	int rc;

	snprintf(where, sizeof(where), "%s: steps.%s", b->where, name);
	if ((rc = check_keys(o, keys, where, e)))
		return rc;
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->actor = str(o, "actor");
	s->after = json_object_get(o, "after");
	s->on = json_object_get(o, "on");
	s->input = json_object_get(o, "input");
	if ((rc = need_str(o, "transition", where, &s->transition, e)))
		return rc;
	if (json_object_get(o, "linked") &&
	    (rc = parse_linked(b, str(o, "linked"), where, s, e)))
		return rc;
	if (!kind_transition(s->linked ? s->linked->target : b->kind,
			     s->transition))
		return fz_err_set(
		    e, FZ_EINVAL, "fixture", "%s: %s has no transition '%s'",
		    where, s->linked ? s->linked->target->id : b->kind->id,
		    s->transition);
	return 0;
}

/* A batch's steps: an object, or the name of one in steps.json. */
static int parse_steps(const struct demo_fixture *fx, struct demo_batch *b,
		       const json_t *o, struct fz_err *e)
{
	const char *name = json_string_value(o);
	const json_t *v;
	int rc = 0;

	if (name && !(o = json_object_get(fx->library, name)))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: steps.json has no steps '%s'", b->where,
				  name);
	if (o && !json_is_object(o))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: steps must be an object", b->where);
	b->steps = fz_xcalloc(json_object_size(o) + 1, sizeof(*b->steps));
	json_object_foreach((json_t *)(uintptr_t)o, name, v)
	{
		if ((rc = parse_step(b, name, v, &b->steps[b->nsteps], e)))
			return rc;
		b->nsteps++;
	}
	return 0;
}

static int step_index(const struct demo_batch *b, const json_t *name,
		      size_t *out, struct fz_err *e)
{
	const char *s = json_string_value(name);

	for (*out = 0; s && *out < b->nsteps; (*out)++)
		if (!strcmp(b->steps[*out].name, s))
			return 0;
	return fz_err_set(e, FZ_EINVAL, "fixture",
			  "%s: a path names no step '%s'", b->where,
			  s ? s : "(not a string)");
}

static int parse_path(struct demo_batch *b, const json_t *o,
		      struct demo_path *p, struct fz_err *e)
{
	static const char *const keys[] = {"count",  "steps", "dates",
					   "create", "about", NULL};
	const json_t *steps = json_object_get(o, "steps"), *s;
	size_t i;
	int rc = check_keys(o, keys, b->where, e);

	if (rc)
		return rc;
	if (json_is_null(steps))
		steps = NULL;
	if (!json_is_integer(json_object_get(o, "count")) ||
	    json_integer_value(json_object_get(o, "count")) < 0 ||
	    (steps && !json_is_array(steps)))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: a path needs a count and a list of "
				  "steps",
				  b->where);
	p->count = (size_t)json_integer_value(json_object_get(o, "count"));
	p->dates = json_object_get(o, "dates");
	p->create = json_object_get(o, "create");
	p->steps = fz_xcalloc(json_array_size(steps) + 1, sizeof(*p->steps));
	json_array_foreach(steps, i, s)
	{
		if ((rc = step_index(b, s, &p->steps[p->nsteps], e)))
			return rc;
		p->nsteps++;
	}
	b->count += p->count;
	return 0;
}

static int parse_paths(struct demo_batch *b, const json_t *o, struct fz_err *e)
{
	const json_t *paths = json_object_get(o, "paths"), *p;
	json_t *one = NULL;
	size_t i;
	int rc = 0;

	if (!paths) { /* "count" and "path" stand for one path */
		one = json_pack("[{s:O?, s:O?}]", "count",
				json_object_get(o, "count"), "steps",
				json_object_get(o, "path"));
		paths = one;
	}
	if (!json_is_array(paths))
		rc = fz_err_set(e, FZ_EINVAL, "fixture",
				"%s: paths must be a list", b->where);
	b->paths = fz_xcalloc(json_array_size(paths) + 1, sizeof(*b->paths));
	json_array_foreach(paths, i, p)
	{
		if (rc || (rc = parse_path(b, p, &b->paths[b->npaths], e)))
			break;
		b->npaths++;
	}
	json_decref(one);
	return rc;
}

/* ---- batches ------------------------------------------------------------ */

/* The organisation of the file (those from first on) that a batch's "org"
 * names; without one, the file's own (first). */
static int batch_org(const struct demo_fixture *fx, size_t first,
		     const json_t *o, struct demo_batch *b, struct fz_err *e)
{
	const json_t *v = json_object_get(o, "org");
	const char *name = json_string_value(v);

	b->org = first;
	if (!v)
		return 0;
	for (b->org = first; name && b->org < fx->norgs; b->org++)
		if (!strcmp(fx->orgs[b->org].name, name))
			return 0;
	return fz_err_set(e, FZ_EINVAL, "fixture",
			  "%s: org: '%s' is not an organisation of this file",
			  b->where, name ? name : "(not a string)");
}

static int parse_batch(struct demo_fixture *fx, const struct kind_registry *reg,
		       const char *file, size_t first, size_t i,
		       const json_t *o, struct demo_batch *b, struct fz_err *e)
{
	static const char *const keys[] = {
	    "about", "kind",   "org",	"actor", "actors", "params", "dates",
	    "until", "create", "steps", "paths", "count",  "path",   NULL};
	const char *kind = str(o, "kind"), *until = str(o, "until");
	int rc;

	memset(b, 0, sizeof(*b));
	b->file = file;
	snprintf(b->where, sizeof(b->where), DEMO_DIR "%s: batches[%zu] %s",
		 file, i, kind ? kind : "");
	demo_rng_seed(&b->rng, file, i);
	if ((rc = check_keys(o, keys, b->where, e)) ||
	    (rc = batch_org(fx, first, o, b, e)))
		return rc;
	if (!kind || !(b->kind = kind_find(reg, kind)))
		return fz_err_set(e, FZ_EINVAL, "fixture", "%s: no kind '%s'",
				  b->where, kind ? kind : "(none)");
	if ((rc = need_str(o, "actor", b->where, &b->actor, e)))
		return rc;
	b->actors = json_object_get(o, "actors");
	b->params = json_object_get(o, "params");
	b->dates = json_object_get(o, "dates");
	b->create.name = "create";
	b->create.input = json_object_get(o, "create");
	if (until && (rc = demo_date(until, fx->shift, &b->until, b->where, e)))
		return rc;
	if (!until)
		b->until = CAL_NO_DATE;
	if ((rc = parse_steps(fx, b, json_object_get(o, "steps"), e)))
		return rc;
	return parse_paths(b, o, e);
}

static int parse_batches(struct demo_fixture *fx,
			 const struct kind_registry *reg, const char *file,
			 size_t first, const json_t *a, struct fz_err *e)
{
	const json_t *o;
	size_t i;
	int rc;

	fx->batches =
	    fz_xrealloc(fx->batches, (fx->nbatches + json_array_size(a)) *
					 sizeof(*fx->batches));
	json_array_foreach(a, i, o)
	{
		rc = parse_batch(fx, reg, file, first, i, o,
				 &fx->batches[fx->nbatches], e);
		fx->nbatches++; /* released even when half parsed */
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- organisations ------------------------------------------------------ */

static int parse_accounts(struct demo_org *g, const json_t *a, struct fz_err *e)
{
	static const char *const keys[] = {"username", "display_name", "roles",
					   NULL};
	const json_t *o;
	size_t i;
	int rc;

	g->accounts = fz_xcalloc(json_array_size(a) + 1, sizeof(*g->accounts));
	json_array_foreach(a, i, o)
	{
		struct demo_account *u = &g->accounts[g->naccounts];
		if ((rc = check_keys(o, keys, g->file, e)) ||
		    (rc = need_str(o, "username", g->file, &u->username, e)) ||
		    (rc = need_str(o, "display_name", g->file, &u->display_name,
				   e)))
			return rc;
		u->roles = json_object_get(o, "roles");
		g->naccounts++;
	}
	return 0;
}

static int parse_org(struct demo_org *g, const json_t *doc, struct fz_err *e)
{
	static const char *const keys[] = {"name", "level",    "parent",
					   "why",  "settings", NULL};
	const json_t *o = json_object_get(doc, "organisation");
	const json_t *parent = json_object_get(o, "parent");
	int rc = check_keys(o, keys, g->file, e);

	if (rc || (rc = need_str(o, "name", g->file, &g->name, e)))
		return rc;
	g->level = str(o, "level");
	g->parent = str(parent, "name");
	g->parent_level = str(parent, "level");
	g->settings = json_object_get(o, "settings");
	if (g->settings && !json_is_object(g->settings))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: settings: an object of key: value",
				  g->file);
	if (g->level && (!g->parent || !g->parent_level))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: an organisation to make needs a parent "
				  "with a name and a level",
				  g->file);
	return parse_accounts(g, json_object_get(doc, "accounts"), e);
}

/* A new organisation of the file from o ({"organisation", "accounts"}: the
 * file itself or one of its units). */
static int add_org(struct demo_fixture *fx, const char *file, const json_t *o,
		   struct fz_err *e)
{
	struct demo_org *g;

	fx->orgs = fz_xrealloc(fx->orgs, (fx->norgs + 1) * sizeof(*fx->orgs));
	g = &fx->orgs[fx->norgs++];
	memset(g, 0, sizeof(*g));
	g->file = file;
	return parse_org(g, o, e);
}

static int parse_units(struct demo_fixture *fx, const char *file,
		       const json_t *a, struct fz_err *e)
{
	static const char *const keys[] = {"about", "organisation", "accounts",
					   NULL};
	char where[192];
	const json_t *u;
	size_t i;
	int rc = 0;

	if (a && !json_is_array(a))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: units must be a list", file);
	json_array_foreach(a, i, u)
	{
		snprintf(where, sizeof(where), "%s: units[%zu]", file, i);
		if ((rc = check_keys(u, keys, where, e)) ||
		    (rc = add_org(fx, file, u, e)))
			return rc;
	}
	return 0;
}

static int parse_org_file(struct demo_fixture *fx,
			  const struct kind_registry *reg, const char *file,
			  struct fz_err *e)
{
	static const char *const keys[] = {
	    "about", "seed",	"organisation", "accounts", "units",
	    "lists", "batches", "statements",	"wanted",   NULL};
	size_t first = fx->norgs;
	json_t *doc;
	int rc = load_doc(fx, file, &doc, e);

	if (rc || (rc = check_keys(doc, keys, file, e)) ||
	    (rc = add_org(fx, file, doc, e)) ||
	    (rc = parse_units(fx, file, json_object_get(doc, "units"), e)))
		return rc;
	if (json_is_object(json_object_get(doc, "lists")))
		json_object_update(fx->lists, json_object_get(doc, "lists"));
	return parse_batches(fx, reg, file, first,
			     json_object_get(doc, "batches"), e);
}

/* Each organisation's settings are the report's, with values it takes. */
static int check_settings(const struct demo_fixture *fx,
			  const struct kind_registry *reg, struct fz_err *e)
{
	const char *key;
	json_t *v;
	size_t i;
	int rc;

	for (i = 0; i < fx->norgs; i++)
		json_object_foreach((json_t *)(uintptr_t)fx->orgs[i].settings,
				    key, v)
		{
			if (!annual_setting_known(key))
				return fz_err_set(e, FZ_EINVAL, "fixture",
						  "%s: settings: no setting "
						  "'%s'",
						  fx->orgs[i].file, key);
			if ((rc = annual_setting_check(key, v, reg, e)))
				return fz_err_set(
				    e, rc, "fixture", "%s: settings.%s: %s",
				    fx->orgs[i].file, key, e->msg);
		}
	return 0;
}

int demo_fixture_load(struct demo_fixture *fx, const struct kind_registry *reg,
		      int year, struct fz_err *e)
{
	static const char *const keys[] = {"about", "year",	     "lists",
					   "steps", "organisations", NULL};
	const json_t *files, *f;
	json_t *index, *lists, *library;
	size_t i;
	int rc;

	memset(fx, 0, sizeof(*fx));
	fx->lists = json_object();
	if ((rc = load_doc(fx, "demo.json", &index, e)) ||
	    (rc = check_keys(index, keys, DEMO_DIR "demo.json", e)))
		return rc;
	fx->year = (int)json_integer_value(json_object_get(index, "year"));
	fx->shift = year ? year - fx->year : 0;
	if ((rc = load_doc(fx, str(index, "lists"), &lists, e)))
		return rc;
	json_object_update(fx->lists, lists);
	if ((rc = load_doc(fx, str(index, "steps"), &library, e)))
		return rc;
	fx->library = library;
	files = json_object_get(index, "organisations");
	json_array_foreach(files, i, f)
	{
		if ((rc = parse_org_file(fx, reg, json_string_value(f), e)))
			return rc;
	}
	return check_settings(fx, reg, e);
}

void demo_fixture_release(struct demo_fixture *fx)
{
	size_t i, j;

	for (i = 0; i < fx->nbatches; i++) {
		for (j = 0; j < fx->batches[i].npaths; j++)
			free(fx->batches[i].paths[j].steps);
		free(fx->batches[i].paths);
		free(fx->batches[i].steps);
	}
	for (i = 0; i < fx->norgs; i++)
		free(fx->orgs[i].accounts);
	for (i = 0; i < fx->ndocs; i++)
		json_decref(fx->docs[i]);
	json_decref(fx->lists);
	free(fx->batches);
	free(fx->orgs);
	free(fx->docs);
	memset(fx, 0, sizeof(*fx));
}
