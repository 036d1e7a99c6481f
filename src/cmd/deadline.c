/*
 * deadline.c - `fazhi deadline`: the due date of a statutory period on the
 * built-in working-day calendar (data/calendar/holidays.txt, embedded).
 *
 *   fazhi deadline --from 2024-02-01 --working-days 20        -> 2024-03-05
 *   fazhi deadline --from 2024-01-26 --calendar-days 15       -> 2024-02-18
 *   ... [--pause FROM..TO]... [--extend N] [--json]
 *   fazhi deadline --from 2024-02-01 --rule disclosure.reply  (form and N
 *                  from data/rules/statutory.txt)
 *
 * Plain output is the due date alone on one line. When the period touches a
 * year without calendar data the date is still printed (weekends only) and
 * one warning line goes to stderr; --json carries the same as
 * calendar_incomplete and years_without_data, with the days that were
 * skipped (and their holiday names), the worked weekend days and the pauses.
 * Bad input is one line on stderr naming the value, exit 2 (cmd.h).
 *
 * Everything is computed by src/calendar/; this file only parses options
 * and prints.
 */
#include "admin/legaltime.h"
#include "calendar/calendar.h"
#include "calendar/rules.h"
#include "cmd/common.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "deadline"

struct dl_opts {
	const char *from, *working, *calendar, *extend, *rule, *db;
	const char *pause[CAL_MAX_PAUSES];
	size_t npause;
	int json;
};

/* What was asked, once checked. */
struct dl_job {
	struct cal_period p;
	struct cal_pause pauses[CAL_MAX_PAUSES];
	const struct rules_rule *rule;
};

/* ---- options ---------------------------------------------------------- */

static const char *const value_opts[] = {
    "--from", "--working-days", "--calendar-days", "--extend",
    "--rule", "--db",		"--pause"};

static const char **opt_slot(struct dl_opts *o, size_t i)
{
	const char **slots[] = {&o->from,   &o->working, &o->calendar,
				&o->extend, &o->rule,	 &o->db};

	return i < 6 ? slots[i] : NULL;
}

static int set_value(struct dl_opts *o, size_t i, const char *val)
{
	const char **slot = opt_slot(o, i);

	if (!slot) { /* --pause, repeatable */
		if (o->npause == CAL_MAX_PAUSES)
			return fz_cmd_fail(CMD, FZ_EXIT_USAGE,
					   "--pause: at most %d pauses",
					   CAL_MAX_PAUSES);
		o->pause[o->npause++] = val;
		return 0;
	}
	if (*slot)
		return fz_cmd_fail(CMD, FZ_EXIT_USAGE, "%s given twice",
				   value_opts[i]);
	*slot = val;
	return 0;
}

/* One option at argv[*i]; advances *i past its value. */
static int parse_opt(struct dl_opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *eq = strchr(a, '=');
	size_t len = eq ? (size_t)(eq - a) : strlen(a);

	if (!strcmp(a, "--json")) {
		o->json = 1;
		return 0;
	}
	for (size_t k = 0; k < sizeof(value_opts) / sizeof(value_opts[0]);
	     k++) {
		if (strlen(value_opts[k]) != len ||
		    strncmp(value_opts[k], a, len))
			continue;
		if (eq)
			return set_value(o, k, eq + 1);
		if (*i + 1 >= argc)
			return fz_cmd_fail(CMD, FZ_EXIT_USAGE,
					   "%s needs a value", value_opts[k]);
		return set_value(o, k, argv[++*i]);
	}
	return fz_cmd_fail(CMD, FZ_EXIT_USAGE,
			   "unknown argument '%s' (see fazhi help deadline)",
			   a);
}

static int parse_args(struct dl_opts *o, int argc, char **argv)
{
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		int rc = parse_opt(o, argc, argv, &i);

		if (rc)
			return rc;
	}
	if (!o->from)
		return fz_cmd_fail(CMD, FZ_EXIT_USAGE, "--from is required");
	if (!!o->working + !!o->calendar + !!o->rule != 1)
		return fz_cmd_fail(CMD, FZ_EXIT_USAGE,
				   "give exactly one of --working-days, "
				   "--calendar-days and --rule");
	return 0;
}

/* ---- values ----------------------------------------------------------- */

/* Strict decimal in min..max ("-5", "20x", "1e3" and "" are refused). */
static int parse_count(const char *opt, const char *s, int min, int max,
		       int *out)
{
	long v = 0;
	size_t i = 0;

	for (; s[i] >= '0' && s[i] <= '9' && i < 9; i++)
		v = v * 10 + (s[i] - '0');
	if (i == 0 || s[i] != '\0' || v < min || v > max)
		return fz_cmd_fail(CMD, FZ_EXIT_USAGE,
				   "%s: '%s' is not a number of days in "
				   "%d..%d",
				   opt, s, min, max);
	*out = (int)v;
	return 0;
}

static int parse_date(const char *opt, const char *s, size_t len, int *day)
{
	struct fz_err e;

	if (cal_date_parse_n(s, len, day, opt, &e))
		return fz_cmd_fail(CMD, FZ_EXIT_USAGE, "%s: %s", opt, e.msg);
	return 0;
}

/* "YYYY-MM-DD..YYYY-MM-DD" */
static int parse_pause(const char *s, struct cal_pause *out)
{
	const char *dots = strstr(s, "..");
	int rc;

	if (!dots)
		return fz_cmd_fail(CMD, FZ_EXIT_USAGE,
				   "--pause: '%s' is not FROM..TO "
				   "(YYYY-MM-DD..YYYY-MM-DD)",
				   s);
	rc = parse_date("--pause", s, (size_t)(dots - s), &out->from);
	if (!rc)
		rc =
		    parse_date("--pause", dots + 2, strlen(dots + 2), &out->to);
	if (!rc && out->to < out->from)
		return fz_cmd_fail(CMD, FZ_EXIT_USAGE,
				   "--pause: '%s' ends before it starts", s);
	return rc;
}

static int find_rule(struct rules_table *t, const char *id,
		     const struct rules_rule **out)
{
	struct fz_err e;

	if (lt_rules_embedded(t, &e))
		return fz_cmd_fail(CMD, FZ_EXIT_FAIL, "%s", e.msg);
	*out = rules_find(t, id);
	if (!*out)
		return fz_cmd_fail(CMD, FZ_EXIT_USAGE,
				   "--rule: no rule '%s' (see "
				   "data/rules/statutory.txt)",
				   id);
	return 0;
}

/* Options to a period. The rule table, if used, stays owned by rules. */
static int make_job(const struct dl_opts *o, struct rules_table *rules,
		    struct dl_job *j)
{
	int rc = parse_date("--from", o->from, strlen(o->from), &j->p.start);

	for (size_t i = 0; !rc && i < o->npause; i++)
		rc = parse_pause(o->pause[i], &j->pauses[i]);
	if (!rc && o->extend)
		rc = parse_count("--extend", o->extend, 1, CAL_MAX_UNITS,
				 &j->p.extend);
	if (!rc && o->working)
		rc = parse_count("--working-days", o->working, 1, CAL_MAX_UNITS,
				 &j->p.n);
	if (!rc && o->calendar)
		rc = parse_count("--calendar-days", o->calendar, 1,
				 CAL_MAX_UNITS, &j->p.n);
	if (!rc && o->rule)
		rc = find_rule(rules, o->rule, &j->rule);
	if (rc)
		return rc;
	j->p.form = o->working ? CAL_WORKING_DAYS : CAL_CALENDAR_DAYS;
	if (j->rule && j->rule->form != RULES_FIXED) {
		j->p.form = (enum cal_form)j->rule->form;
		j->p.n = j->rule->n;
		j->p.backward = j->rule->backward;
	}
	j->p.pauses = j->pauses;
	j->p.npauses = o->npause;
	return 0;
}

static int compute(const struct cal_calendar *c, const struct dl_job *j,
		   struct cal_result *r)
{
	struct fz_err e;
	int rc;

	if (j->rule)
		rc = rules_due(j->rule, c, j->p.start, j->p.pauses,
			       j->p.npauses, j->p.extend, r, &e);
	else
		rc = cal_due(c, &j->p, r, &e);
	if (!rc)
		return 0;
	if (!strcmp(e.field, "extend") || !strcmp(e.field, "pause"))
		return fz_cmd_fail(CMD, FZ_EXIT_USAGE, "--%s: %s", e.field,
				   e.msg);
	return fz_cmd_fail(CMD, FZ_EXIT_USAGE, "%s", e.msg);
}

/* ---- output ----------------------------------------------------------- */

static int print_json(const struct cal_calendar *c, const struct dl_job *j,
		      const struct cal_result *r)
{
	json_t *o = lt_due_json(c, &j->p, j->rule, r);
	char *s = json_dumps(o, JSON_INDENT(2));

	json_decref(o);
	if (!s)
		return fz_cmd_fail(CMD, FZ_EXIT_FAIL, "cannot write JSON");
	printf("%s\n", s);
	free(s);
	return FZ_EXIT_OK;
}

static void warn_incomplete(const struct cal_calendar *c,
			    const struct cal_result *r)
{
	int years[CAL_NYEARS];
	size_t n =
	    cal_missing_years(c, r->span_from, r->span_to, years, CAL_NYEARS);

	fprintf(stderr, "fazhi %s: warning: no holiday data for", CMD);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s %d", i ? "," : "", years[i]);
	fprintf(stderr, "; only weekends were taken as days off "
			"(calendar_incomplete)\n");
}

static int print_plain(const struct cal_calendar *c, const struct cal_result *r)
{
	char buf[CAL_DATE_LEN];

	if (r->incomplete)
		warn_incomplete(c, r);
	printf("%s\n", cal_date_format(r->due, buf));
	return FZ_EXIT_OK;
}

int cmd_deadline(int argc, char **argv)
{
	struct dl_opts o;
	struct dl_job j = {0};
	struct rules_table rules;
	struct cal_calendar cal;
	struct cal_result r;
	int rc;

	if (fz_cmd_wants_help(argc, argv))
		return fz_cmd_help(CMD);
	rc = parse_args(&o, argc, argv);
	if (rc)
		return rc;
	rules_table_init(&rules);
	cal_init(&cal);
	rc = make_job(&o, &rules, &j);
	if (!rc)
		rc = fz_load_calendar(CMD, o.db, &cal);
	if (!rc)
		rc = compute(&cal, &j, &r);
	if (!rc)
		rc = o.json ? print_json(&cal, &j, &r) : print_plain(&cal, &r);
	cal_release(&cal);
	rules_table_release(&rules);
	return rc;
}
