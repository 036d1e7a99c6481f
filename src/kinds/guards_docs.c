/*
 * guards_docs.c - guards of normative documents, major decisions,
 * capacity and services (guards_internal.h):
 *
 *   not_above:A:B    number A is at most number B (passed <= sat)
 *   in_year:D:Y      date D lies in the year held by int field Y (a
 *                    manual figure's as_of date and its year)
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
	return fz_err_set(e, FZ_EREFUSED, s->arg[0], "%s: %s（%s）不在%lld年内",
			  s->arg[0], kind_field(g->kind, s->arg[0])->label,
			  cal_date_format(d, dd),
			  (long long)json_integer_value(y));
}

const struct guard_def guards_docs[] = {
    {"in_year", 2, check_in_year, run_in_year},
    {NULL, 0, NULL, NULL},
};
