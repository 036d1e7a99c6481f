/*
 * dates.h - what the calendar and rule tests share: D("2026-10-08"), a
 * date of a test table as a day number (a bad one fails the test), and
 * the built-in calendar and rule table, loaded as the server loads them.
 * Include after <cmocka.h>.
 */
#ifndef FZ_TEST_DATES_H
#define FZ_TEST_DATES_H

#include "admin/legaltime.h"
#include "calendar/calendar.h"

static inline int D(const char *s)
{
	struct fz_err e;
	int day = 0;

	if (cal_date_parse(s, &day, "test", &e))
		fail_msg("bad date in test table: %s (%s)", s, e.msg);
	return day;
}

static inline void load_calendar(struct cal_calendar *c)
{
	struct fz_err e;

	if (lt_calendar_embedded(c, &e))
		fail_msg("built-in calendar: %s", e.msg);
}

static inline void load_rules(struct rules_table *t)
{
	struct fz_err e;

	if (lt_rules_embedded(t, &e))
		fail_msg("built-in rules: %s", e.msg);
}

#endif
