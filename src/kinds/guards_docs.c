/*
 * guards_docs.c - guards of normative documents, major decisions,
 * capacity and services (guards_internal.h):
 *
 *   not_above:A:B    number A is at most number B (passed <= sat)
 *   in_year:D:Y      date D lies in the year held by int field Y (a
 *                    manual figure's as_of date and its year)
 *   enum_is:F:V      enum F holds V (a step of government documents
 *                    only: enum_is:drafted_for:government)
 *
 * Each passes when a field it reads holds no value (present:F asks for
 * one). min_rule, the least period of a rule, is with within_rule and
 * after_rule in guards.c.
 */
#include "guards_internal.h"

#include "calendar/calendar.h"

#include <stddef.h>
#include <string.h>

/* ---- in_year ------------------------------------------------------------ */

static int check_in_year(const struct kind *k, const struct rules_table *rules,
			 const struct spec *s, struct fz_err *e)
{
	const struct kind_field *y = kind_field(k, s->arg[1]);
	int rc = guard_arg_date_field(k, s->arg[0], e);

	(void)rules;
	if (!rc && (!y || y->type != KF_INT))
		rc = fz_err_set(e, FZ_EINVAL, "guard",
				"'%s' is not an int field", s->arg[1]);
	return rc;
}

static int run_in_year(const struct guard_ctx *g, const struct spec *s,
		       struct fz_err *e)
{
	int d = kind_date_of(g->after, s->arg[0]);
	json_t *y = json_object_get(g->after, s->arg[1]);
	char dd[CAL_DATE_LEN];

	if (d == CAL_NO_DATE || !json_is_integer(y) ||
	    cal_date_year(d) == json_integer_value(y))
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0], "%s: %s is not in %s %lld",
			  s->arg[0], cal_date_format(d, dd), s->arg[1],
			  (long long)json_integer_value(y));
}

/* ---- enum_is ------------------------------------------------------------ */

static int check_enum_is(const struct kind *k, const struct rules_table *rules,
			 const struct spec *s, struct fz_err *e)
{
	const struct kind_field *f = kind_field(k, s->arg[0]);

	(void)rules;
	if (!f || f->type != KF_ENUM)
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "'%s' is not an enum field", s->arg[0]);
	if (!kind_value_label(f, s->arg[1]))
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "'%s' is not a value of the enum '%s'",
				  s->arg[1], s->arg[0]);
	return 0;
}

/* The message names the field and the labels, never the values. */
static int run_enum_is(const struct guard_ctx *g, const struct spec *s,
		       struct fz_err *e)
{
	const struct kind_field *f = kind_field(g->kind, s->arg[0]);
	const char *v = json_string_value(json_object_get(g->after, s->arg[0]));
	const char *lv, *want;

	if (!v || !strcmp(v, s->arg[1]))
		return 0;
	lv = kind_value_label(f, v);
	want = kind_value_label(f, s->arg[1]);
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s: 此步骤只适用于%s为“%s”的记录，本记录为“%s”",
			  s->arg[0], f->label, want, lv ? lv : "其他");
}

const struct guard_def guards_docs[] = {
    {"in_year", 2, check_in_year, run_in_year},
    {"enum_is", 2, check_enum_is, run_enum_is},
    {NULL, 0, NULL, NULL},
};
