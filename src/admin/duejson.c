/*
 * duejson.c - a computed due date as JSON, for `fazhi deadline --json` and
 * the API: the period, the due date, calendar_incomplete with the years
 * without data, each pause with the days it did not count, each day off
 * passed over (with its holiday name) and each worked weekend day.
 */
#include "admin/legaltime.h"

#include <jansson.h>

static json_t *date_json(int day)
{
	char buf[CAL_DATE_LEN];

	return json_string(cal_date_format(day, buf));
}

struct walk_out {
	json_t *skipped, *adjusted;
};

static void on_day(void *ctx, int day, enum cal_role role, enum cal_kind kind,
		   const char *name)
{
	struct walk_out *w = ctx;
	json_t *o;

	if (role == CAL_ROLE_PAUSED)
		return; /* reported per pause */
	o = json_object();
	json_object_set_new(o, "date", date_json(day));
	json_object_set_new(o, "weekday", json_integer(cal_weekday(day)));
	json_object_set_new(o, "kind", json_string(cal_kind_name(kind)));
	json_object_set_new(o, "name", name ? json_string(name) : json_null());
	json_array_append_new(
	    role == CAL_ROLE_SKIPPED ? w->skipped : w->adjusted, o);
}

static json_t *pauses_json(const struct cal_calendar *c,
			   const struct cal_period *p,
			   const struct cal_result *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->npauses; i++) {
		const struct cal_pause *q = &p->pauses[i];
		int from = q->from > r->span_from ? q->from : r->span_from;
		int to = q->to < r->span_to ? q->to : r->span_to;
		json_t *o = json_object();

		json_object_set_new(o, "from", date_json(q->from));
		json_object_set_new(o, "to", date_json(q->to));
		json_object_set_new(
		    o, "days_not_counted",
		    json_integer(to >= from ? to - from + 1 : 0));
		json_object_set_new(
		    o, "working_days_not_counted",
		    json_integer(cal_working_days(c, from, to)));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *missing_json(const struct cal_calendar *c,
			    const struct cal_result *r)
{
	int years[CAL_NYEARS];
	size_t n =
	    cal_missing_years(c, r->span_from, r->span_to, years, CAL_NYEARS);
	json_t *a = json_array();

	for (size_t i = 0; i < n && r->incomplete; i++)
		json_array_append_new(a, json_integer(years[i]));
	return a;
}

static json_t *rule_json(const struct rules_rule *rule)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(rule->id));
	json_object_set_new(o, "label", json_string(rule->label));
	json_object_set_new(o, "basis", json_string(rule->basis));
	return o;
}

/* fixed: rule is a fixed date (no period). */
static void period_json(json_t *o, const struct cal_period *p,
			const struct rules_rule *rule, int fixed,
			const struct cal_result *r)
{
	json_object_set_new(
	    o, "form", json_string(fixed ? "fixed" : cal_form_name(p->form)));
	if (!fixed) {
		json_object_set_new(o, "days", json_integer(p->n));
		json_object_set_new(
		    o, "direction",
		    json_string(p->backward ? "before" : "after"));
	}
	if (p->extend)
		json_object_set_new(o, "extend", json_integer(p->extend));
	if (rule)
		json_object_set_new(o, "rule", rule_json(rule));
	json_object_set_new(o, "due", date_json(r->due));
	json_object_set_new(o, "weekday", json_integer(cal_weekday(r->due)));
	if (p->extend)
		json_object_set_new(o, "original_due", date_json(r->base_due));
	if (!fixed && p->form == CAL_CALENDAR_DAYS)
		json_object_set_new(o, "last_counted_day",
				    date_json(r->nominal));
}

json_t *lt_due_json(const struct cal_calendar *c, const struct cal_period *p,
		    const struct rules_rule *rule, const struct cal_result *r)
{
	json_t *o = json_object();
	struct walk_out w = {json_array(), json_array()};
	int fixed = rule && rule->form == RULES_FIXED;

	json_object_set_new(o, "from", date_json(p->start));
	period_json(o, p, rule, fixed, r);
	json_object_set_new(o, "calendar_incomplete",
			    json_boolean(r->incomplete));
	json_object_set_new(o, "years_without_data", missing_json(c, r));
	json_object_set_new(o, "pauses", pauses_json(c, p, r));
	if (!fixed)
		cal_due_walk(c, p, r, on_day, &w);
	json_object_set_new(o, "skipped", w.skipped);
	json_object_set_new(o, "adjusted_working_days", w.adjusted);
	return o;
}
