/*
 * guards_review.c - the reviewed proposal is what is decided
 * (guards_internal.h):
 *
 *   as_reviewed:S    every field that the snapshot field S names
 *                    (snapshot_of) holds what S recorded when the review
 *                    was taken (a transition with "snapshot": S): a
 *                    decision may not depart from the proposal that
 *                    法制审核 or 集体讨论 approved (行政处罚法 art. 57,
 *                    58). Passes while S is empty (no such review yet);
 *                    a new review records S again.
 */
#include "guards_internal.h"

#include "lib/buf.h"

#include <stdio.h>
#include <string.h>

static int check_as_reviewed(const struct kind *k,
			     const struct rules_table *rules,
			     const struct spec *s, struct fz_err *e)
{
	const struct kind_field *f = kind_field(k, s->arg[0]);

	(void)rules;
	if (!f || !f->nsnapshot_of)
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "'%s' is not a field with snapshot_of",
				  s->arg[0]);
	return 0;
}

/* A value as a person reads it: an enum's label, a number, 是/否, 空. */
static void shown(const struct kind_field *f, const json_t *v, char *out,
		  size_t n)
{
	const char *str = json_string_value(v);
	size_t i;

	if (!v || json_is_null(v) || (str && !str[0])) {
		snprintf(out, n, "空");
		return;
	}
	for (i = 0; str && i < f->nvalues; i++)
		if (!strcmp(f->values[i].value, str)) {
			snprintf(out, n, "%s", f->values[i].label);
			return;
		}
	if (json_is_boolean(v))
		snprintf(out, n, "%s", json_is_true(v) ? "是" : "否");
	else if (json_is_number(v))
		snprintf(out, n, "%.15g%s", json_number_value(v),
			 f->type == KF_MONEY ? "元" : "");
	else if (str)
		snprintf(out, n, "“%.24s%s”", str, strlen(str) > 24 ? "…" : "");
	else
		snprintf(out, n, "（另一值）");
}

static int same(const json_t *a, const json_t *b)
{
	int na = !a || json_is_null(a), nb = !b || json_is_null(b);

	if (na || nb)
		return na && nb;
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	return json_equal(a, b);
}

static int run_as_reviewed(const struct guard_ctx *g, const struct spec *s,
			   struct fz_err *e)
{
	const struct kind_field *snap = kind_field(g->kind, s->arg[0]), *f;
	const char *text =
	    json_string_value(json_object_get(g->after, snap->name));
	json_t *was = text ? json_loads(text, 0, NULL) : NULL;
	const char *first = NULL;
	char a[160], b[160];
	struct fz_buf diff;
	size_t i;
	json_t *then, *now;
	int rc = 0, ndiff = 0;

	if (!json_is_object(was)) {
		json_decref(was);
		return 0; /* not reviewed yet */
	}
	fz_buf_init(&diff, 0);
	for (i = 0; i < snap->nsnapshot_of; i++) {
		f = kind_field(g->kind, snap->snapshot_of[i]);
		then = json_object_get(was, f->name);
		now = json_object_get(g->after, f->name);
		if (same(then, now))
			continue;
		if (!ndiff++)
			first = f->name;
		if (ndiff > 2) /* the message has room for two */
			continue;
		shown(f, then, a, sizeof(a));
		shown(f, now, b, sizeof(b));
		fz_buf_addf(&diff, "%s%s审核时为%s、现为%s",
			    diff.len ? "；" : "", f->label, a, b);
	}
	if (ndiff > 2)
		fz_buf_addf(&diff, "等%d项", ndiff);
	if (first)
		rc = fz_err_set(e, FZ_EREFUSED, first,
				"%s: 与%s不一致（%s），须重新提出处理意见并"
				"再经审核",
				first, snap->label, diff.data);
	fz_buf_release(&diff);
	json_decref(was);
	return rc;
}

const struct guard_def guards_review[] = {
    {"as_reviewed", 1, check_as_reviewed, run_as_reviewed},
    {NULL, 0, NULL, NULL},
};
