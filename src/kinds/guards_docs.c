/*
 * guards_docs.c - guards of normative documents, major decisions,
 * capacity and services (guards_internal.h):
 *
 *   min_rule:A:B:R   date A is not before the due date of rule R counted
 *                    from date B, R being a `kind: minimum` rule: the
 *                    least period has run by A (a public comment of a
 *                    major decision may end on the 30th day, not before;
 *                    after_rule, which wants A after that day, is the
 *                    test for the step that follows the period)
 *   not_above:A:B    number A is at most number B (passed <= sat)
 *   in_year:D:Y      date D lies in the year held by int field Y (a
 *                    manual figure's as_of date and its year)
 *
 * Each passes when a field it reads holds no value (present:F asks for
 * one).
 */
#include "guards_internal.h"

#include "calendar/calendar.h"

#include <stddef.h>

/* ---- min_rule ----------------------------------------------------------- */

static int check_min_rule(const struct kind *k, const struct spec *s,
			  struct fz_err *e)
{
	struct rules_table t;
	const struct rules_rule *r;
	int rc = guard_arg_date_field(k, s->arg[0], e);

	if (!rc)
		rc = guard_arg_date_field(k, s->arg[1], e);
	if (rc)
		return rc;
	rules_table_init(&t);
	rc = lt_rules_embedded(&t, e);
	r = rc ? NULL : rules_find(&t, s->arg[2]);
	if (!rc && !r)
		rc = fz_err_set(e, FZ_EINVAL, "guard", "no statutory rule '%s'",
				s->arg[2]);
	else if (!rc && r->kind != RULES_MINIMUM)
		rc = fz_err_set(e, FZ_EINVAL, "guard",
				"rule '%s' is not a minimum period", s->arg[2]);
	rules_table_release(&t);
	return rc;
}

static int run_min_rule(const struct guard_ctx *g, const struct spec *s,
			struct fz_err *e)
{
	int a = guard_date_of(g->after, s->arg[0]);
	int b = guard_date_of(g->after, s->arg[1]);
	const struct cal_calendar *cal;
	const struct rules_table *rules;
	const struct rules_rule *rr;
	struct rules_rule local;
	struct cal_result res = {0};
	char da[CAL_DATE_LEN], dd[CAL_DATE_LEN];
	int64_t by;
	int rc = 0;

	if (a == CAL_NO_DATE || b == CAL_NO_DATE)
		return 0;
	lt_read_begin(g->lt, &cal, &rules);
	rr = rules_find(rules, s->arg[2]);
	if (rr) {
		local = *rr;
		local.n = lt_rule_days(g->lt, rr, g->org_path, &by);
		rc = rules_due(&local, cal, b, NULL, 0, 0, &res, e);
	}
	lt_read_end(g->lt);
	if (!rr)
		return fz_err_set(e, FZ_EINVAL, "guard", "no rule '%s'",
				  s->arg[2]);
	if (rc || a >= res.due)
		return rc;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s: %s is before %s: the least period of %s from "
			  "%s has not run",
			  s->arg[0], cal_date_format(a, da),
			  cal_date_format(res.due, dd), s->arg[2], s->arg[1]);
}

/* ---- in_year ------------------------------------------------------------ */

static int check_in_year(const struct kind *k, const struct spec *s,
			 struct fz_err *e)
{
	const struct kind_field *y = kind_field(k, s->arg[1]);
	int rc = guard_arg_date_field(k, s->arg[0], e);

	if (!rc && (!y || y->type != KF_INT))
		rc = fz_err_set(e, FZ_EINVAL, "guard",
				"'%s' is not an int field", s->arg[1]);
	return rc;
}

static int run_in_year(const struct guard_ctx *g, const struct spec *s,
		       struct fz_err *e)
{
	int d = guard_date_of(g->after, s->arg[0]);
	json_t *y = json_object_get(g->after, s->arg[1]);
	char dd[CAL_DATE_LEN];

	if (d == CAL_NO_DATE || !json_is_integer(y) ||
	    cal_date_year(d) == json_integer_value(y))
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0], "%s: %s is not in %s %lld",
			  s->arg[0], cal_date_format(d, dd), s->arg[1],
			  (long long)json_integer_value(y));
}

const struct guard_def guards_docs[] = {
    {"min_rule", 3, check_min_rule, run_min_rule},
    {"in_year", 2, check_in_year, run_in_year},
    {NULL, 0, NULL, NULL},
};
