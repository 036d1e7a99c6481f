/*
 * guards_officers.c - guards of the enforcement officers' roster and their
 * certificates (guards_internal.h):
 *
 *   record_ref:F:KIND  int field F holds the id of a record of KIND in the
 *                      record's own organisation (a certificate is of an
 *                      officer of the roster of its organisation)
 *   account_link:F     int field F, when it holds a value that changed,
 *                      is the id of an account of the record's own
 *                      organisation that no other record of the kind
 *                      outside a final state links (an officer on the
 *                      roster has at most one account, an account one
 *                      officer)
 *   changed:F          field F holds a value other than before (换发: a
 *                      new certificate number)
 *
 * Each passes when F holds no value (`required` says what must be there).
 * The refusals name the field by its label and the account or record by
 * its name, never by an id.
 */
#include "guards_internal.h"

#include <stdio.h>
#include <string.h>

static int check_int_field(const struct kind *k, const char *name,
			   struct fz_err *e)
{
	const struct kind_field *f = kind_field(k, name);

	if (!f || f->type != KF_INT)
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "'%s' is not an int field", name);
	return 0;
}

static const char *label_of(const struct kind *k, const char *name)
{
	const struct kind_field *f = kind_field(k, name);

	return f && f->label ? f->label : name;
}

/* ---- record_ref -------------------------------------------------------- */

static int check_record_ref(const struct kind *k,
			    const struct rules_table *rules,
			    const struct spec *s, struct fz_err *e)
{
	(void)rules;
	return check_int_field(k, s->arg[0], e);
}

static int run_record_ref(const struct guard_ctx *g, const struct spec *s,
			  struct fz_err *e)
{
	json_t *v = json_object_get(g->after, s->arg[0]);
	const char *label = label_of(g->kind, s->arg[0]);
	struct store_record r;
	int ok;

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) ||
	    store_record_get(g->c, json_integer_value(v), &r, NULL))
		return fz_err_set(e, FZ_EREFUSED, s->arg[0],
				  "%s：所选的%s不存在", label, label);
	ok = !strcmp(r.kind, s->arg[1]) && r.org_id == g->org_id;
	store_record_release(&r);
	if (ok)
		return 0;
	return fz_err_set(
	    e, FZ_EREFUSED, s->arg[0],
	    "%s：本单位没有所选的%s，只能为本单位名册中的人员办理", label,
	    label);
}

/* ---- account_link ------------------------------------------------------ */

struct link_seek {
	const struct kind *k;
	char title[256 * 3];
	int found;
};

static int link_holder(const struct store_record *r, void *arg)
{
	struct link_seek *ls = arg;
	const struct kind_state *st = kind_state(ls->k, r->state);

	if (st && st->final)
		return 0;
	snprintf(ls->title, sizeof(ls->title), "%s", r->title);
	ls->found = 1;
	return 1;
}

static int check_account_link(const struct kind *k,
			      const struct rules_table *rules,
			      const struct spec *s, struct fz_err *e)
{
	(void)rules;
	return check_int_field(k, s->arg[0], e);
}

static int run_account_link(const struct guard_ctx *g, const struct spec *s,
			    struct fz_err *e)
{
	json_t *v = json_object_get(g->after, s->arg[0]);
	json_t *was = json_object_get(g->before, s->arg[0]);
	const char *label = label_of(g->kind, s->arg[0]);
	struct link_seek ls = {g->kind, "", 0};
	struct store_record_query q;
	struct store_user u;
	char path[80], uid[32];
	int rc;

	if (!v || json_is_null(v) || (was && json_equal(v, was)))
		return 0;
	if (!json_is_integer(v) ||
	    store_user_by_id(g->c, json_integer_value(v), &u, NULL))
		return fz_err_set(e, FZ_EREFUSED, s->arg[0],
				  "%s：所选账号不存在", label);
	if (u.org_id != g->org_id)
		return fz_err_set(
		    e, FZ_EREFUSED, s->arg[0],
		    "%s：账号“%s”不属于本单位，只能关联本单位的账号", label,
		    u.display_name);
	memset(&q, 0, sizeof(q));
	snprintf(path, sizeof(path), "$.%s", s->arg[0]);
	snprintf(uid, sizeof(uid), "%lld", (long long)u.id);
	q.kind = g->kind->id;
	q.fpath[0] = path;
	q.fval[0] = uid;
	q.fnum[0] = 1;
	q.limit = 50;
	if ((rc = store_record_list(g->c, &q, link_holder, &ls, NULL, e)))
		return rc;
	if (!ls.found)
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s：账号“%s”已关联%s“%s”，一个账号只能关联一名%s",
			  label, u.display_name, g->kind->label, ls.title,
			  g->kind->label);
}

/* ---- changed ----------------------------------------------------------- */

static int check_changed(const struct kind *k, const struct rules_table *rules,
			 const struct spec *s, struct fz_err *e)
{
	(void)rules;
	return kind_field(k, s->arg[0])
		   ? 0
		   : fz_err_set(e, FZ_EINVAL, "guard", "unknown field '%s'",
				s->arg[0]);
}

static int run_changed(const struct guard_ctx *g, const struct spec *s,
		       struct fz_err *e)
{
	json_t *v = json_object_get(g->after, s->arg[0]);
	json_t *was = json_object_get(g->before, s->arg[0]);
	const char *label = label_of(g->kind, s->arg[0]);

	if (!v || json_is_null(v) || !was || !json_equal(v, was))
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s：应当填写新的%s，所填与原来的相同", label, label);
}

const struct guard_def guards_officers[] = {
    {"record_ref", 2, check_record_ref, run_record_ref},
    {"account_link", 1, check_account_link, run_account_link},
    {"changed", 1, check_changed, run_changed},
    {NULL, 0, NULL, NULL},
};
