/*
 * test_calendar.c - unit tests of src/calendar/: dates, the calendar file,
 * due dates, pauses, extensions, status.
 *
 * Every expected due date below was worked out by hand from the State
 * Council's notices (国办发明电, see data/calendar/holidays.txt) and a plain
 * wall calendar, never by running the code under test; the comment above
 * each row gives the count. Notation: "Feb 2 (1)" means Feb 2 is the first
 * counted working day; "off" means a day off by the notice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "dates.h"

/* ---- helpers ---------------------------------------------------------- */

static void assert_date(int day, const char *want, const char *ctx)
{
	char got[CAL_DATE_LEN];

	cal_date_format(day, got);
	if (strcmp(got, want))
		fail_msg("%s: got %s, want %s", ctx, got, want);
}

static int setup(void **state)
{
	struct cal_calendar *c = cal_new();

	load_calendar(c);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	cal_free(*state);
	return 0;
}

/* "A..B,C..D" into q; returns the count. */
static size_t parse_pauses(const char *s, struct cal_pause *q)
{
	size_t n = 0;

	while (s && *s) {
		char a[11], b[11];

		memcpy(a, s, 10);
		a[10] = '\0';
		memcpy(b, s + 12, 10);
		b[10] = '\0';
		q[n].from = D(a);
		q[n].to = D(b);
		n++;
		s += 22;
		if (*s == ',')
			s++;
	}
	return n;
}

/* A string that changes whenever anything observable in c changes: every
 * year written out, then the working/off state of 2019..2027. */
static char *snapshot(const struct cal_calendar *c)
{
	int years[CAL_NYEARS];
	size_t ny = cal_years(c, years, CAL_NYEARS), len = 0;
	int from = D("2019-01-01"), to = D("2027-12-31");
	char *s = malloc((size_t)(to - from + 2));

	for (int d = from; d <= to; d++)
		s[len++] = (char)('0' + cal_is_working(c, d));
	s[len] = '\0';
	for (size_t i = 0; i < ny; i++) {
		char *y;
		size_t n;

		assert_int_equal(cal_format_year(c, years[i], &y, &n, NULL), 0);
		s = realloc(s, len + n + 1);
		memcpy(s + len, y, n + 1);
		len += n;
		free(y);
	}
	return s;
}

/* ---- dates ------------------------------------------------------------ */

static void test_date_roundtrip(void **state)
{
	static const struct {
		const char *s;
		int weekday; /* from a wall calendar */
	} rows[] = {
	    {"1900-01-01", 1}, {"1970-01-01", 4}, {"2000-02-29", 2},
	    {"2024-02-29", 4}, {"2024-02-10", 6}, {"2025-01-01", 3},
	    {"2026-01-01", 4}, {"2200-12-31", 3},
	};
	char buf[CAL_DATE_LEN];
	int day, y, m, d;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		day = D(rows[i].s);
		assert_string_equal(cal_date_format(day, buf), rows[i].s);
		assert_int_equal(cal_weekday(day), rows[i].weekday);
	}
	assert_int_equal(D("1970-01-01"), 0);
	assert_int_equal(D("1900-01-01"), CAL_DAY_FIRST);
	assert_int_equal(D("2200-12-31"), CAL_DAY_LAST);
	assert_int_equal(D("2024-03-01") - D("2024-02-28"), 2);
	assert_int_equal(D("2023-03-01") - D("2023-02-28"), 1);
	cal_date_split(D("2024-12-31"), &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20241231);
	assert_int_equal(cal_date_make(2024, 2, 29, &day, "x", NULL), 0);
	assert_int_equal(day, D("2024-02-29"));
}

static void test_date_bad(void **state)
{
	static const struct {
		const char *s;
		const char *msg; /* expected in the message */
	} rows[] = {
	    {"2024-02-30", "'2024-02-30' is not a date"},
	    {"2023-02-29", "'2023-02-29' is not a date"},
	    {"1900-02-29", "'1900-02-29' is not a date"},
	    {"2100-02-29", "'2100-02-29' is not a date"},
	    {"2024-13-01", "'2024-13-01' is not a date"},
	    {"2024-00-10", "'2024-00-10' is not a date"},
	    {"2024-01-00", "'2024-01-00' is not a date"},
	    {"2024-2-01", "'2024-2-01' is not a date"},
	    {"2024-02-1", "'2024-02-1' is not a date"},
	    {"2024/02/01", "'2024/02/01' is not a date"},
	    {"2024-02-01x", "'2024-02-01x' is not a date"},
	    {" 2024-02-01", "' 2024-02-01' is not a date"},
	    {"", "'' is not a date"},
	    {"1899-12-31", "year 1899 is outside the supported range"},
	    {"2201-01-01", "year 2201 is outside the supported range"},
	};
	struct fz_err e;
	int day = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		fz_err_clear(&e);
		assert_int_equal(cal_date_parse(rows[i].s, &day, "from", &e),
				 FZ_EINVAL);
		assert_int_equal(e.code, FZ_EINVAL);
		assert_string_equal(e.field, "from");
		if (!strstr(e.msg, rows[i].msg))
			fail_msg("'%s': message '%s' lacks '%s'", rows[i].s,
				 e.msg, rows[i].msg);
		assert_int_equal(day, 12345); /* untouched */
	}
	assert_int_equal(cal_date_make(2024, 2, 30, &day, "d", &e), FZ_EINVAL);
	assert_non_null(strstr(e.msg, "2024-02-30"));
	assert_int_equal(cal_date_make(2201, 1, 1, &day, "d", &e), FZ_EINVAL);
	assert_non_null(strstr(e.msg, "2201"));
}

/* ---- the data: every adjusted working day 2023-2026 ------------------- */

static void test_adjusted_working_days(void **state)
{
	/* Transcribed from the notices of 2023 (国办发明电〔2022〕16号),
	 * 2024 (〔2023〕7号), 2025 (〔2024〕12号) and 2026 (〔2025〕7号):
	 * every weekend day they declare a working day. */
	static const struct {
		const char *day, *name;
	} rows[] = {
	    {"2023-01-28", "春节"},	      {"2023-01-29", "春节"},
	    {"2023-04-23", "劳动节"},	      {"2023-05-06", "劳动节"},
	    {"2023-06-25", "端午节"},	      {"2023-10-07", "中秋节、国庆节"},
	    {"2023-10-08", "中秋节、国庆节"}, {"2024-02-04", "春节"},
	    {"2024-02-18", "春节"},	      {"2024-04-07", "清明节"},
	    {"2024-04-28", "劳动节"},	      {"2024-05-11", "劳动节"},
	    {"2024-09-14", "中秋节"},	      {"2024-09-29", "国庆节"},
	    {"2024-10-12", "国庆节"},	      {"2025-01-26", "春节"},
	    {"2025-02-08", "春节"},	      {"2025-04-27", "劳动节"},
	    {"2025-09-28", "国庆节、中秋节"}, {"2025-10-11", "国庆节、中秋节"},
	    {"2026-01-04", "元旦"},	      {"2026-02-14", "春节"},
	    {"2026-02-28", "春节"},	      {"2026-05-09", "劳动节"},
	    {"2026-09-20", "国庆节"},	      {"2026-10-10", "国庆节"},
	};
	/* Days off and adjusted working days per year, summed from the
	 * notices (2020 includes the extension to 2 February; 2022 includes
	 * 2022-12-31 from the 2023 notice). */
	static const struct {
		int year, off, work;
	} counts[] = {{2020, 30, 6}, {2021, 31, 7}, {2022, 32, 7},
		      {2023, 26, 7}, {2024, 28, 8}, {2025, 28, 5},
		      {2026, 33, 6}};
	const struct cal_calendar *c = *state;
	struct cal_entry v[400];
	const char *name;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int d = D(rows[i].day);

		assert_true(cal_weekday(d) >= 6);
		assert_int_equal(cal_is_working(c, d), 1);
		assert_int_equal(cal_day_kind(c, d, &name),
				 CAL_ADJUSTED_WORKDAY);
		assert_string_equal(name, rows[i].name);
	}
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		size_t n = cal_year_entries(c, counts[i].year, v, 400);
		int off = 0, work = 0;

		for (size_t k = 0; k < n; k++)
			v[k].working ? work++ : off++;
		if (off != counts[i].off || work != counts[i].work)
			fail_msg("%d: %d off, %d work; want %d, %d",
				 counts[i].year, off, work, counts[i].off,
				 counts[i].work);
	}
}

static void test_day_kinds(void **state)
{
	const struct cal_calendar *c = *state;
	const char *name;

	/* 除夕 2024 (Fri 9 Feb) is a working day: the notice only encourages
	 * rest. 除夕 2025 (Tue 28 Jan) is a holiday under the 2024 rules. */
	assert_int_equal(cal_day_kind(c, D("2024-02-09"), &name), CAL_WORKDAY);
	assert_null(name);
	assert_int_equal(cal_day_kind(c, D("2025-01-28"), &name), CAL_HOLIDAY);
	assert_string_equal(name, "春节");
	/* A Saturday inside the 2024 Spring Festival is a named holiday. */
	assert_int_equal(cal_day_kind(c, D("2024-02-10"), &name), CAL_HOLIDAY);
	assert_string_equal(name, "春节");
	assert_int_equal(cal_day_kind(c, D("2024-03-02"), &name), CAL_WEEKEND);
	assert_null(name);
	/* 2020: Saturday 1 February, first a working day, was taken back by
	 * the extension (国办发明电〔2020〕1号). */
	assert_int_equal(cal_is_working(c, D("2020-02-01")), 0);
	assert_int_equal(cal_day_kind(c, D("2020-02-01"), &name), CAL_HOLIDAY);
	assert_string_equal(name, "春节（延长假期）");
	/* 2022-12-31 opens the 2023 元旦 holiday. */
	assert_int_equal(cal_day_kind(c, D("2022-12-31"), &name), CAL_HOLIDAY);
	assert_string_equal(name, "元旦");
	/* February 2024: Feb 1-2, Feb 4, Feb 5-9, Feb 18, Feb 19-23,
	 * Feb 26-29 = 2 + 1 + 5 + 1 + 5 + 4 = 18 working days. */
	assert_int_equal(cal_working_days(c, D("2024-02-01"), D("2024-02-29")),
			 18);
	assert_int_equal(cal_working_days(c, D("2024-02-10"), D("2024-02-17")),
			 0);
	assert_int_equal(cal_working_days(c, D("2024-02-10"), D("2024-02-09")),
			 0);
}

/* ---- due dates -------------------------------------------------------- */

struct due_row {
	const char *from;
	enum cal_form form;
	int n, extend;
	const char *pauses; /* "A..B,C..D" or NULL */
	const char *due;
	const char *base_due; /* due date before the extension, or NULL */
};

#define W CAL_WORKING_DAYS
#define C CAL_CALENDAR_DAYS

static void run_rows(const struct cal_calendar *c, const struct due_row *rows,
		     size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct cal_pause q[CAL_MAX_PAUSES];
		struct cal_period p = {.form = rows[i].form,
				       .start = D(rows[i].from),
				       .n = rows[i].n,
				       .extend = rows[i].extend,
				       .pauses = q,
				       .npauses =
					   parse_pauses(rows[i].pauses, q)};
		struct cal_result r;
		struct fz_err e;
		char ctx[80];

		snprintf(ctx, sizeof(ctx), "row %zu (from %s, %d)", i,
			 rows[i].from, rows[i].n);
		if (cal_due(c, &p, &r, &e))
			fail_msg("%s: %s", ctx, e.msg);
		assert_date(r.due, rows[i].due, ctx);
		if (rows[i].base_due)
			assert_date(r.base_due, rows[i].base_due, ctx);
		if (r.incomplete)
			fail_msg("%s: flagged incomplete", ctx);
	}
}

static void test_working_days(void **state)
{
	static const struct due_row rows[] = {
	    /* 2023 Spring Festival, off Jan 21-27, Sat Jan 28 and Sun Jan 29
	     * worked: Jan 20 (1), Jan 28 (2), Jan 29 (3), Jan 30 (4),
	     * Jan 31 (5). */
	    {"2023-01-19", W, 5, 0, NULL, "2023-01-31", NULL},
	    /* 2023 Labour Day: Sat Apr 22 off, Sun Apr 23 worked (1). */
	    {"2023-04-21", W, 1, 0, NULL, "2023-04-23", NULL},
	    /* 2023 端午 off Jun 22-24, Sun Jun 25 worked (1). */
	    {"2023-06-21", W, 1, 0, NULL, "2023-06-25", NULL},
	    /* 2023 中秋国庆 off Sep 29-Oct 6, Oct 7-8 worked: Sep 28 (1),
	     * Sat Oct 7 (2), Sun Oct 8 (3). */
	    {"2023-09-27", W, 3, 0, NULL, "2023-10-08", NULL},
	    /* 2022-12-30 Fri; Dec 31-Jan 2 off (元旦 of the 2023 notice):
	     * Tue Jan 3 (1). Across the year end. */
	    {"2022-12-30", W, 1, 0, NULL, "2023-01-03", NULL},
	    /* 2024 Spring Festival off Feb 10-17, Sun Feb 4 and Sun Feb 18
	     * worked: Feb 2 (1), Feb 4 (2), Feb 5-9 (3-7), Feb 18 (8),
	     * Feb 19-23 (9-13), Feb 26-29 (14-17), Mar 1 (18), Mar 4 (19),
	     * Mar 5 (20). */
	    {"2024-02-01", W, 20, 0, NULL, "2024-03-05", NULL},
	    /* 除夕 2024 (Fri Feb 9) is worked (1). */
	    {"2024-02-08", W, 1, 0, NULL, "2024-02-09", NULL},
	    /* Feb 10-17 off, Sun Feb 18 worked (1). */
	    {"2024-02-09", W, 1, 0, NULL, "2024-02-18", NULL},
	    /* 2024 中秋: Sat Sep 14 worked (1). */
	    {"2024-09-13", W, 1, 0, NULL, "2024-09-14", NULL},
	    /* 2024 National Day: Sat Sep 28 off, Sun Sep 29 worked (1),
	     * Mon Sep 30 (2). */
	    {"2024-09-27", W, 2, 0, NULL, "2024-09-30", NULL},
	    /* Oct 1-7 off: Tue Oct 8 (1). */
	    {"2024-09-30", W, 1, 0, NULL, "2024-10-08", NULL},
	    /* Sat Oct 12 worked (1). */
	    {"2024-10-11", W, 1, 0, NULL, "2024-10-12", NULL},
	    /* Leap day: Thu Feb 29 -> Fri Mar 1 (1). */
	    {"2024-02-29", W, 1, 0, NULL, "2024-03-01", NULL},
	    /* Across 2024/2025: Jan 1 off; Jan 2-3 (1-2), Jan 6-10 (3-7),
	     * Jan 13-17 (8-12), Jan 20-24 (13-17), Sun Jan 26 worked (18),
	     * Jan 27 (19), Jan 28-Feb 4 off, Wed Feb 5 (20). */
	    {"2024-12-31", W, 20, 0, NULL, "2025-02-05", NULL},
	    /* 2025: Sat Jan 25 off, Sun Jan 26 worked (1). */
	    {"2025-01-24", W, 1, 0, NULL, "2025-01-26", NULL},
	    /* Jan 28 (除夕) - Feb 4 off: Wed Feb 5 (1). */
	    {"2025-01-27", W, 1, 0, NULL, "2025-02-05", NULL},
	    /* Sat Feb 8 worked (1). */
	    {"2025-02-07", W, 1, 0, NULL, "2025-02-08", NULL},
	    /* 2025 National Day: Sat Sep 27 off, Sun Sep 28 worked (1),
	     * Sep 29 (2), Sep 30 (3). */
	    {"2025-09-26", W, 3, 0, NULL, "2025-09-30", NULL},
	    /* Oct 1-8 off: Oct 9 (1), Oct 10 (2). */
	    {"2025-09-30", W, 2, 0, NULL, "2025-10-10", NULL},
	    /* Sat Oct 11 worked (1). */
	    {"2025-10-10", W, 1, 0, NULL, "2025-10-11", NULL},
	    /* Across 2025/2026: Jan 1-3 off, Sun Jan 4 worked (1). */
	    {"2025-12-31", W, 1, 0, NULL, "2026-01-04", NULL},
	    /* 2026 Spring Festival off Feb 15-23, Sat Feb 14 and Sat Feb 28
	     * worked: Feb 13 (1), Feb 14 (2), Feb 24 (3), Feb 25 (4),
	     * Feb 26 (5). */
	    {"2026-02-12", W, 5, 0, NULL, "2026-02-26", NULL},
	    /* Feb 27 (1), Sat Feb 28 (2). */
	    {"2026-02-26", W, 2, 0, NULL, "2026-02-28", NULL},
	    /* 2026 Labour Day off May 1-5: Wed May 6 (1). */
	    {"2026-04-30", W, 1, 0, NULL, "2026-05-06", NULL},
	    /* Sat May 9 worked (1). */
	    {"2026-05-08", W, 1, 0, NULL, "2026-05-09", NULL},
	    /* 2026 National Day: Sat Sep 19 off, Sun Sep 20 worked (1). */
	    {"2026-09-18", W, 1, 0, NULL, "2026-09-20", NULL},
	    /* 中秋 Sep 25-27 off: Mon Sep 28 (1). */
	    {"2026-09-24", W, 1, 0, NULL, "2026-09-28", NULL},
	    /* Oct 1-7 off: Oct 8 (1), Oct 9 (2), Sat Oct 10 (3). */
	    {"2026-09-30", W, 3, 0, NULL, "2026-10-10", NULL},
	    /* 2020 extension: Jan 24-Feb 2 off (Sat Feb 1 no longer worked):
	     * Mon Feb 3 (1). */
	    {"2020-01-23", W, 1, 0, NULL, "2020-02-03", NULL},
	    /* Sun Jan 19 2020 worked (1). */
	    {"2020-01-18", W, 1, 0, NULL, "2020-01-19", NULL},
	    /* 2021: Sat Feb 6 off, Sun Feb 7 worked (1), Mon Feb 8 (2). */
	    {"2021-02-05", W, 2, 0, NULL, "2021-02-08", NULL},
	    /* 2022: Sat Jan 29 (1) and Sun Jan 30 (2) worked. */
	    {"2022-01-28", W, 2, 0, NULL, "2022-01-30", NULL},
	};

	run_rows(*state, rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_calendar_days(void **state)
{
	static const struct due_row rows[] = {
	    /* Jan 26 + 15 = Sat Feb 10, off (春节 Feb 10-17); the next
	     * working day is Sun Feb 18, an adjusted working day. */
	    {"2024-01-26", C, 15, 0, NULL, "2024-02-18", NULL},
	    /* Aug 1 + 60 = Sat Sep 30, off (中秋国庆 Sep 29-Oct 6);
	     * Sat Oct 7 is worked. */
	    {"2023-08-01", C, 60, 0, NULL, "2023-10-07", NULL},
	    /* Jul 3 + 90: 28 days to Jul 31, 31 to Aug 31, 30 to Sep 30,
	     * 1 more = Oct 1, off (Oct 1-8) -> Thu Oct 9. */
	    {"2025-07-03", C, 90, 0, NULL, "2025-10-09", NULL},
	    /* Across the year end: Dec 20 + 15 = Sat Jan 4 2025 -> Mon
	     * Jan 6. */
	    {"2024-12-20", C, 15, 0, NULL, "2025-01-06", NULL},
	    /* Jan 5 + 30 = Wed Feb 4, a working day: no move. */
	    {"2026-01-05", C, 30, 0, NULL, "2026-02-04", NULL},
	    /* Jan 15 + 30 = Sat Feb 14, an adjusted working day: no move. */
	    {"2026-01-15", C, 30, 0, NULL, "2026-02-14", NULL},
	    /* Feb 1 + 15 = Mon Feb 16, off (Feb 15-23) -> Tue Feb 24. */
	    {"2026-02-01", C, 15, 0, NULL, "2026-02-24", NULL},
	    /* Sep 16 + 15 = Oct 1, off (Oct 1-8) -> Oct 9. */
	    {"2025-09-16", C, 15, 0, NULL, "2025-10-09", NULL},
	    /* Dec 17 2023 + 15 = Mon Jan 1 2024 (元旦) -> Tue Jan 2. */
	    {"2023-12-17", C, 15, 0, NULL, "2024-01-02", NULL},
	};

	run_rows(*state, rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_pauses(void **state)
{
	static const struct due_row rows[] = {
	    /* Pause over the 2024 Spring Festival: Feb 2 (1), Sun Feb 4 (2),
	     * Feb 5-20 paused (the worked Sun Feb 18 inside it does not
	     * count), Feb 21-23 (3-5), Feb 26-29 (6-9), Mar 1 (10),
	     * Mar 4-8 (11-15), Mar 11-15 (16-20). */
	    {"2024-02-01", W, 20, 0, "2024-02-05..2024-02-20", "2024-03-15",
	     NULL},
	    /* Calendar days with a pause across the 2025 Spring Festival:
	     * Jan 21-24 count (4), Jan 25-Feb 5 paused, Feb 6-16 (5-15);
	     * Sun Feb 16 -> Mon Feb 17. */
	    {"2025-01-20", C, 15, 0, "2025-01-25..2025-02-05", "2025-02-17",
	     NULL},
	    /* Two pauses: Jun 2 (1), Jun 5-6 paused, Jun 7-9 (2-4),
	     * Jun 12-16 (5-9), Jun 19-20 (10-11), Jun 21-26 paused (it holds
	     * 端午 Jun 22-24 and the worked Sun Jun 25), Jun 27 (12). */
	    {"2023-06-01", W, 12, 0,
	     "2023-06-05..2023-06-06,2023-06-21..2023-06-26", "2023-06-27",
	     NULL},
	    /* Overlapping pauses merge into Mar 4-8: Mar 11 (1), 12 (2),
	     * 13 (3). */
	    {"2024-03-01", W, 3, 0,
	     "2024-03-05..2024-03-08,2024-03-04..2024-03-06", "2024-03-13",
	     NULL},
	    /* A pause that began before the start: Feb 29-Mar 3 paused,
	     * Mon Mar 4 (1). */
	    {"2024-02-28", W, 1, 0, "2024-02-25..2024-03-03", "2024-03-04",
	     NULL},
	    /* A pause after the due date changes nothing: Mon Mar 4 (1). */
	    {"2024-03-01", W, 1, 0, "2024-03-10..2024-03-12", "2024-03-04",
	     NULL},
	    /* A pause that ends inside a holiday: Jan 28-Feb 4 is off anyway;
	     * Feb 5 (1), 6 (2), 7 (3). */
	    {"2025-01-27", W, 3, 0, "2025-01-20..2025-01-30", "2025-02-07",
	     NULL},
	    /* Calendar days ending on a day off whose next working day is
	     * paused: Feb 2 + 8 = Sat Feb 10 (off) -> the next working day,
	     * Sun Feb 18, lies in the pause Feb 18-19 -> Tue Feb 20. */
	    {"2024-02-02", C, 8, 0, "2024-02-18..2024-02-19", "2024-02-20",
	     NULL},
	};

	run_rows(*state, rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_extension(void **state)
{
	static const struct due_row rows[] = {
	    /* 20 + 20 working days (政府信息公开条例 art. 33): original due
	     * Mar 5 (see above); then Mar 6-8 (1-3), Mar 11-15 (4-8),
	     * Mar 18-22 (9-13), Mar 25-29 (14-18), Apr 1 (19), Apr 2 (20). */
	    {"2024-02-01", W, 20, 20, NULL, "2024-04-02", "2024-03-05"},
	    /* 60 + 30 days: original due Sat Oct 7 2023 (worked); Oct 7 + 30
	     * = Mon Nov 6. */
	    {"2023-08-01", C, 60, 30, NULL, "2023-11-06", "2023-10-07"},
	    /* 90 + 30 days: original due Thu Oct 9 2025; Oct 9 + 30 =
	     * Sat Nov 8 -> Mon Nov 10. */
	    {"2025-07-03", C, 90, 30, NULL, "2025-11-10", "2025-10-09"},
	    /* 2024 清明 off Apr 4-6, Sun Apr 7 worked: Apr 2 (1), 3 (2),
	     * Apr 7 (3), 8 (4), 9 (5) = original due; the extension meets
	     * the pause Apr 10-12: Apr 15-19 (1-5). */
	    {"2024-04-01", W, 5, 5, "2024-04-10..2024-04-12", "2024-04-19",
	     "2024-04-09"},
	    /* A pause between the original due date and the extended one:
	     * Mar 6-8 paused, Mar 11-15 (1-5), 18-22 (6-10), 25-29 (11-15),
	     * Apr 1-3 (16-18), Apr 4-6 off, Sun Apr 7 (19), Apr 8 (20). */
	    {"2024-02-01", W, 20, 20, "2024-03-06..2024-03-08", "2024-04-08",
	     "2024-03-05"},
	};

	run_rows(*state, rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_backward(void **state)
{
	static const struct {
		const char *from;
		enum cal_form form;
		int n;
		const char *due;
	} rows[] = {
	    /* Hearing Tue Feb 20 2024, notice 7 working days before: Feb 19
	     * (1), Sun Feb 18 (2), Feb 10-17 off, Feb 9 (3), 8 (4), 7 (5),
	     * 6 (6), Mon Feb 5 (7). */
	    {"2024-02-20", W, 7, "2024-02-05"},
	    /* Sat Oct 12 2024 - 10 days = Oct 2, off -> back to the last
	     * working day, Mon Sep 30. */
	    {"2024-10-12", C, 10, "2024-09-30"},
	    /* Mon Jan 5 2026: Sun Jan 4 (1), Jan 1-3 off, Wed Dec 31 (2),
	     * Tue Dec 30 (3). */
	    {"2026-01-05", W, 3, "2025-12-30"},
	};
	const struct cal_calendar *c = *state;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct cal_period p = {.form = rows[i].form,
				       .start = D(rows[i].from),
				       .n = rows[i].n,
				       .backward = 1};
		struct cal_result r;

		assert_int_equal(cal_due(c, &p, &r, NULL), 0);
		assert_date(r.due, rows[i].due, rows[i].from);
		assert_false(r.incomplete);
	}
}

static void test_shorthands(void **state)
{
	const struct cal_calendar *c = *state;
	int due;

	assert_int_equal(
	    cal_add_working_days(c, D("2024-02-01"), 20, &due, NULL), 0);
	assert_date(due, "2024-03-05", "shorthand working");
	assert_int_equal(
	    cal_add_calendar_days(c, D("2024-01-26"), 15, &due, NULL), 0);
	assert_date(due, "2024-02-18", "shorthand calendar");
}

/* ---- the O(1) walk against a day-by-day count ------------------------- */

static int naive_paused(const struct cal_pause *q, size_t nq, int d)
{
	for (size_t i = 0; i < nq; i++)
		if (d >= q[i].from && d <= q[i].to)
			return 1;
	return 0;
}

/* SPEC §3 read literally, one day at a time. */
static int naive_segment(const struct cal_calendar *c, enum cal_form form,
			 int cur, int n, const struct cal_pause *q, size_t nq)
{
	int d = cur;

	while (n > 0) {
		d++;
		if (naive_paused(q, nq, d))
			continue;
		if (form == CAL_CALENDAR_DAYS || cal_is_working(c, d))
			n--;
	}
	while (form == CAL_CALENDAR_DAYS &&
	       (!cal_is_working(c, d) || naive_paused(q, nq, d)))
		d++;
	return d;
}

static uint32_t next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void test_against_day_by_day(void **state)
{
	const struct cal_calendar *c = *state;
	int first = D("2019-10-01"), span = D("2027-03-31") - first;
	uint32_t seed = 12345;

	for (int i = 0; i < 20000; i++) {
		struct cal_pause q[3];
		struct cal_period p = {
		    .form = next_rand(&seed) % 2 ? CAL_WORKING_DAYS
						 : CAL_CALENDAR_DAYS,
		    .start = first + (int)(next_rand(&seed) % (uint32_t)span),
		    .n = 1 + (int)(next_rand(&seed) % 90),
		    .extend = next_rand(&seed) % 3
				  ? 0
				  : 1 + (int)(next_rand(&seed) % 30),
		    .pauses = q,
		    .npauses = next_rand(&seed) % 4};
		struct cal_result r;
		int want;

		for (size_t k = 0; k < p.npauses; k++) {
			q[k].from =
			    p.start - 10 + (int)(next_rand(&seed) % 150);
			q[k].to = q[k].from + (int)(next_rand(&seed) % 20);
		}
		want = naive_segment(c, p.form, p.start, p.n, q, p.npauses);
		if (p.extend)
			want = naive_segment(c, p.form, want, p.extend, q,
					     p.npauses);
		assert_int_equal(cal_due(c, &p, &r, NULL), 0);
		if (r.due != want) {
			char a[CAL_DATE_LEN], b[CAL_DATE_LEN], s[CAL_DATE_LEN];

			fail_msg("case %d: %s from %s n %d ext %d, %zu pauses: "
				 "got %s, want %s",
				 i, cal_form_name(p.form),
				 cal_date_format(p.start, s), p.n, p.extend,
				 p.npauses, cal_date_format(r.due, a),
				 cal_date_format(want, b));
		}
	}
}

/* ---- years without data ----------------------------------------------- */

static void test_incomplete(void **state)
{
	static const struct {
		const char *from;
		int n, backward;
		const char *due;
		int missing; /* the one year lacking data, or 0 */
	} rows[] = {
	    /* 2019 has no data: Mon Dec 23 - Fri Dec 27 (1-5). */
	    {"2019-12-20", 5, 0, "2019-12-27", 2019},
	    /* 2027 has no data: Dec 28-31 (1-4), Fri Jan 1 2027 counts as a
	     * working day (5), Jan 4-8 (6-10). */
	    {"2026-12-25", 10, 0, "2027-01-08", 2027},
	    /* Inside 2026: Dec 2-4 (1-3), Dec 7-8 (4-5). */
	    {"2026-12-01", 5, 0, "2026-12-08", 0},
	    /* The start day is not counted, so 2019 is not touched:
	     * Jan 1 2020 off, Thu Jan 2 (1). */
	    {"2019-12-31", 1, 0, "2020-01-02", 0},
	    /* Backward into 2019: Jan 2 (1), Jan 1 off, Dec 31 (2),
	     * Dec 30 (3). */
	    {"2020-01-03", 3, 1, "2019-12-30", 2019},
	};
	const struct cal_calendar *c = *state;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct cal_period p = {.form = CAL_WORKING_DAYS,
				       .start = D(rows[i].from),
				       .n = rows[i].n,
				       .backward = rows[i].backward};
		struct cal_result r;
		int years[4];

		assert_int_equal(cal_due(c, &p, &r, NULL), 0);
		assert_date(r.due, rows[i].due, rows[i].from);
		assert_int_equal(r.incomplete, rows[i].missing != 0);
		assert_int_equal(r.nmissing, rows[i].missing != 0);
		assert_int_equal(
		    cal_missing_years(c, r.span_from, r.span_to, years, 4),
		    (size_t)(rows[i].missing != 0));
		if (rows[i].missing)
			assert_int_equal(years[0], rows[i].missing);
	}
}

static void test_empty_calendar(void **state)
{
	struct cal_calendar c;
	struct cal_period p = {
	    .form = CAL_WORKING_DAYS, .start = D("2024-02-08"), .n = 2};
	struct cal_result r;

	(void)state;
	cal_init(&c);
	assert_int_equal(cal_years(&c, NULL, 0), 0);
	/* Weekends only: Fri Feb 9 (1), Mon Feb 12 (2). */
	assert_int_equal(cal_due(&c, &p, &r, NULL), 0);
	assert_date(r.due, "2024-02-12", "empty");
	assert_true(r.incomplete);
	assert_int_equal(r.nmissing, 1);
	cal_release(&c);
}

/* ---- bad periods ------------------------------------------------------ */

static void test_bad_periods(void **state)
{
	struct cal_pause rev = {D("2024-03-05"), D("2024-03-01")};
	struct cal_pause many[CAL_MAX_PAUSES + 1];
	static const struct {
		enum cal_form form;
		int n, extend, backward;
		const char *from;
		int pause; /* 0 none, 1 reversed, 2 too many */
		const char *field, *msg;
	} rows[] = {
	    {W, -1, 0, 0, "2024-02-01", 0, "days", "day count -1 is outside"},
	    {W, 0, 0, 0, "2024-02-01", 0, "days", "day count 0 is outside"},
	    {C, 3651, 0, 0, "2024-02-01", 0, "days", "day count 3651"},
	    {W, 5, -2, 0, "2024-02-01", 0, "extend", "extension -2"},
	    {C, 5, 9999, 0, "2024-02-01", 0, "extend", "extension 9999"},
	    {W, 5, 0, 0, "2024-02-01", 1, "pause",
	     "pause 2024-03-05..2024-03-01 ends before it starts"},
	    {W, 5, 0, 0, "2024-02-01", 2, "pause", "65 pauses"},
	    {W, 5, 3, 1, "2024-02-01", 0, "backward", "backward"},
	    {W, 30, 0, 0, "2200-12-20", 0, "days", "2200-12-31"},
	    {C, 30, 0, 0, "2200-12-20", 0, "days", "2200-12-31"},
	    {W, 3, 0, 1, "1900-01-02", 0, "days", "1900-01-01"},
	    {(enum cal_form)7, 3, 0, 0, "2024-02-01", 0, "form", "form 7"},
	};
	const struct cal_calendar *c = *state;

	for (size_t i = 0; i <= CAL_MAX_PAUSES; i++)
		many[i] = (struct cal_pause){D("2024-01-01"), D("2024-01-02")};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct cal_period p = {
		    .form = rows[i].form,
		    .start = D(rows[i].from),
		    .n = rows[i].n,
		    .extend = rows[i].extend,
		    .backward = rows[i].backward,
		    .pauses = rows[i].pause == 1 ? &rev : many,
		    .npauses = rows[i].pause == 1   ? 1
			       : rows[i].pause == 2 ? CAL_MAX_PAUSES + 1
						    : 0};
		struct cal_result r, before;
		struct fz_err e;

		memset(&r, 0x5a, sizeof(r));
		before = r;
		assert_int_equal(cal_due(c, &p, &r, &e), FZ_EINVAL);
		assert_string_equal(e.field, rows[i].field);
		if (!strstr(e.msg, rows[i].msg))
			fail_msg("row %zu: '%s' lacks '%s'", i, e.msg,
				 rows[i].msg);
		assert_memory_equal(&r, &before, sizeof(r)); /* untouched */
	}
}

/* ---- explaining a result ---------------------------------------------- */

struct seen {
	int skipped, adjusted, paused, holidays;
	int first_skipped;
};

static void count_day(void *ctx, int day, enum cal_role role,
		      enum cal_kind kind, const char *name)
{
	struct seen *s = ctx;

	if (role == CAL_ROLE_SKIPPED && !s->skipped++)
		s->first_skipped = day;
	s->adjusted += role == CAL_ROLE_ADJUSTED;
	s->paused += role == CAL_ROLE_PAUSED;
	if (kind == CAL_HOLIDAY) {
		assert_non_null(name);
		s->holidays++;
	}
}

static void test_walk(void **state)
{
	const struct cal_calendar *c = *state;
	struct cal_period p = {
	    .form = CAL_WORKING_DAYS, .start = D("2024-02-01"), .n = 20};
	struct cal_pause q = {D("2024-02-05"), D("2024-02-20")};
	struct cal_result r;
	struct seen s = {0};

	/* 20 working days from Feb 1 2024: Feb 2 - Mar 5 is 33 days: 20
	 * counted, 13 skipped (Sat Feb 3, Feb 10-17, Feb 24-25, Mar 2-3),
	 * of which the 8 of Feb 10-17 are named holidays; the worked
	 * Sundays Feb 4 and Feb 18 are reported as adjusted. */
	assert_int_equal(cal_due(c, &p, &r, NULL), 0);
	cal_due_walk(c, &p, &r, count_day, &s);
	assert_int_equal(s.skipped, 13);
	assert_int_equal(s.holidays, 8);
	assert_int_equal(s.adjusted, 2);
	assert_int_equal(s.first_skipped, D("2024-02-03"));
	/* Calendar days from Jan 26: the period ends on Sat Feb 10, so the
	 * eight days Feb 10-17 are skipped and the end is Sun Feb 18;
	 * weekends in the middle (Jan 27-28 ...) count and are not listed. */
	p = (struct cal_period){
	    .form = CAL_CALENDAR_DAYS, .start = D("2024-01-26"), .n = 15};
	memset(&s, 0, sizeof(s));
	assert_int_equal(cal_due(c, &p, &r, NULL), 0);
	assert_date(r.nominal, "2024-02-10", "nominal");
	cal_due_walk(c, &p, &r, count_day, &s);
	assert_int_equal(s.skipped, 8);
	assert_int_equal(s.first_skipped, D("2024-02-10"));
	assert_int_equal(s.adjusted, 1);
	/* With the pause Feb 5-20: 16 paused days reported as such. */
	p = (struct cal_period){.form = CAL_WORKING_DAYS,
				.start = D("2024-02-01"),
				.n = 20,
				.pauses = &q,
				.npauses = 1};
	memset(&s, 0, sizeof(s));
	assert_int_equal(cal_due(c, &p, &r, NULL), 0);
	cal_due_walk(c, &p, &r, count_day, &s);
	assert_int_equal(s.paused, 16);
	assert_int_equal(s.adjusted, 1); /* Feb 4; Feb 18 is paused */
}

/* ---- status ----------------------------------------------------------- */

static void test_status(void **state)
{
	static const struct {
		const char *due, *done, *today;
		int soon;
		enum cal_status want;
	} rows[] = {
	    /* Due Tue Mar 5 2024. From Thu Feb 29: Mar 1, 4, 5 = 3 working
	     * days left -> due soon at threshold 3. */
	    {"2024-03-05", NULL, "2024-02-29", 3, CAL_DUE_SOON},
	    /* From Wed Feb 28: Feb 29, Mar 1, 4, 5 = 4 -> on time. */
	    {"2024-03-05", NULL, "2024-02-28", 3, CAL_ON_TIME},
	    {"2024-03-05", NULL, "2024-03-05", 3, CAL_DUE_SOON},
	    {"2024-03-05", NULL, "2024-03-06", 3, CAL_OVERDUE},
	    {"2024-03-05", "2024-03-05", "2024-04-01", 3, CAL_DONE_ON_TIME},
	    {"2024-03-05", "2024-03-06", "2024-03-06", 3, CAL_DONE_LATE},
	    /* Due Mon Feb 19 2024 across the Spring Festival: from Thu
	     * Feb 8, only Feb 9, Sun Feb 18 and Feb 19 are working days
	     * -> due soon although 11 days remain. */
	    {"2024-02-19", NULL, "2024-02-08", 3, CAL_DUE_SOON},
	    /* From Wed Feb 7: Feb 8, 9, 18, 19 = 4 -> on time. */
	    {"2024-02-19", NULL, "2024-02-07", 3, CAL_ON_TIME},
	    /* Threshold 0: due soon only on the due date itself. */
	    {"2024-03-05", NULL, "2024-03-04", 0, CAL_ON_TIME},
	    {"2024-03-05", NULL, "2024-03-05", 0, CAL_DUE_SOON},
	};
	const struct cal_calendar *c = *state;
	enum cal_status st;
	struct fz_err e;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int done = rows[i].done ? D(rows[i].done) : CAL_NO_DATE;

		assert_int_equal(cal_status(c, D(rows[i].due), done,
					    D(rows[i].today), rows[i].soon, &st,
					    NULL),
				 0);
		if (st != rows[i].want)
			fail_msg("row %zu: %s, want %s", i, cal_status_name(st),
				 cal_status_name(rows[i].want));
	}
	assert_int_equal(cal_status(c, D("2024-03-05"), CAL_NO_DATE,
				    D("2024-03-01"), -1, &st, &e),
			 FZ_EINVAL);
	assert_string_equal(e.field, "soon");
	assert_string_equal(cal_status_label(CAL_OVERDUE), "已逾期");
	assert_string_equal(cal_status_name(CAL_DONE_LATE), "done_late");
}

/* ---- loading and writing ---------------------------------------------- */

static void test_load_replaces_year(void **state)
{
	static const char text[] = "year 2024\n"
				   "source test\n"
				   "off 2024-03-01 测试日\n"
				   "year 2027\n"
				   "off 2027-01-01 元旦\n";
	struct cal_calendar *c = cal_new();
	const char *name;
	int due;

	(void)state;
	load_calendar(c);
	assert_int_equal(cal_load(c, text, strlen(text), "t", NULL), 0);
	/* 2024 is replaced whole: Spring Festival gone, Mar 1 off. */
	assert_int_equal(cal_is_working(c, D("2024-02-12")), 1);
	assert_int_equal(cal_is_working(c, D("2024-02-04")), 0);
	assert_int_equal(cal_day_kind(c, D("2024-03-01"), &name), CAL_HOLIDAY);
	assert_string_equal(name, "测试日");
	assert_string_equal(cal_year_source(c, 2024), "test");
	/* Other years are untouched. */
	assert_int_equal(cal_is_working(c, D("2025-01-28")), 0);
	/* 2027 added: Dec 28-31 (1-4), Jan 1 off, Jan 4-8 (5-9), Jan 11
	 * (10), and no longer incomplete. */
	assert_true(cal_has_year(c, 2027));
	assert_int_equal(
	    cal_add_working_days(c, D("2026-12-25"), 10, &due, NULL), 0);
	assert_date(due, "2027-01-11", "2027 added");
	/* Loading the embedded file again restores 2024. */
	load_calendar(c);
	assert_int_equal(cal_is_working(c, D("2024-02-12")), 0);
	assert_true(cal_has_year(c, 2027));
	cal_free(c);
}

static void test_format_year(void **state)
{
	static const char want2024[] = "year 2024\n"
				       "source 国办发明电〔2023〕7号\n"
				       "off 2024-01-01 元旦\n"
				       "work 2024-02-04 春节\n"
				       "off 2024-02-10..2024-02-17 春节\n"
				       "work 2024-02-18 春节\n"
				       "off 2024-04-04..2024-04-06 清明节\n"
				       "work 2024-04-07 清明节\n"
				       "work 2024-04-28 劳动节\n"
				       "off 2024-05-01..2024-05-05 劳动节\n"
				       "work 2024-05-11 劳动节\n"
				       "off 2024-06-10 端午节\n"
				       "work 2024-09-14 中秋节\n"
				       "off 2024-09-15..2024-09-17 中秋节\n"
				       "work 2024-09-29 国庆节\n"
				       "off 2024-10-01..2024-10-07 国庆节\n"
				       "work 2024-10-12 国庆节\n";
	const struct cal_calendar *c = *state;
	int years[CAL_NYEARS];
	size_t ny = cal_years(c, years, CAL_NYEARS);
	struct cal_calendar copy;
	struct fz_err e;
	char *s, *t;
	size_t n;

	assert_int_equal(ny, 7);
	assert_int_equal(years[0], 2020);
	assert_int_equal(years[6], 2026);
	assert_int_equal(cal_format_year(c, 2024, &s, &n, NULL), 0);
	assert_string_equal(s, want2024);
	assert_int_equal(n, strlen(want2024));
	free(s);
	/* Every year survives a round trip through the format. */
	cal_init(&copy);
	for (size_t i = 0; i < ny; i++) {
		assert_int_equal(cal_format_year(c, years[i], &s, &n, NULL), 0);
		assert_int_equal(cal_load(&copy, s, n, "copy", &e), 0);
		assert_int_equal(
		    cal_format_year(&copy, years[i], &t, NULL, NULL), 0);
		assert_string_equal(s, t);
		free(s);
		free(t);
	}
	s = snapshot(c);
	t = snapshot(&copy);
	assert_string_equal(s, t);
	free(s);
	free(t);
	cal_release(&copy);
	assert_int_equal(cal_format_year(c, 2019, &s, NULL, &e), FZ_ENOTFOUND);
	assert_non_null(strstr(e.msg, "2019"));
	assert_int_equal(cal_format_year(c, 2300, &s, NULL, &e), FZ_EINVAL);
}

#define NUL_TEXT "year 2024\noff 2024-01-01 元\0旦\n"

static void test_bad_files(void **state)
{
	static const struct {
		const char *text;
		size_t len; /* 0: strlen */
		const char *msg;
	} rows[] = {
	    {"year 2024\noff 2024-02-30 春节\n", 0,
	     "t line 2: '2024-02-30' is not a date"},
	    {"year 2024\nholiday 2024-02-10 春节\n", 0,
	     "t line 2: unknown keyword 'holiday'"},
	    {"year 2024\noff 2024-02-10..2024-02-17 春节\n"
	     "work 2024-02-10 春节\n",
	     0,
	     "t line 3: 2024-02-10 is listed both as a day off and as a "
	     "working day"},
	    {"year 2024\noff 2024-01-01 元旦\nyear 2025\n\nyear 2024\n", 0,
	     "t line 5: year 2024 is given twice (first at line 1)"},
	    {"year 2201\noff 2201-01-01 元旦\n", 0,
	     "t line 1: year 2201 is outside the supported range"},
	    {"year 1899\n", 0, "year 1899 is outside"},
	    {"year 20x4\n", 0, "t line 1: '20x4' is not a year"},
	    {"year 2024\noff 2025-01-01 元旦\n", 0,
	     "t line 2: 2025-01-01 lies outside the block of year 2024"},
	    {"year 2024\nwork 2024-02-05 春节\n", 0,
	     "t line 2: 2024-02-05 is a Monday"},
	    {"# comment\noff 2024-01-01 元旦\n", 0,
	     "t line 2: 'off' before the first 'year' line"},
	    {"year 2024\noff 2024-01-01\n", 0,
	     "t line 2: a holiday name is needed"},
	    {"year 2024\noff 2024-01-01 元旦\noff 2024-01-01 元旦\n", 0,
	     "t line 3: 2024-01-01 is listed twice"},
	    {"year 2024\noff 2024-02-17..2024-02-10 春节\n", 0,
	     "ends before it starts"},
	    {"year 2024\noff 2024-01-01 \xff\xfe\n", 0, "t line 2: not UTF-8"},
	    {NUL_TEXT, sizeof(NUL_TEXT) - 1,
	     "t line 2: not UTF-8 text, or a "
	     "control character"},
	    {"year 2024\nsource a\nsource b\n", 0,
	     "t line 3: a second 'source'"},
	    /* A good year before the bad one must not be installed. */
	    {"year 2027\noff 2027-01-01 元旦\nyear 2028\n"
	     "off 2028-13-01 元旦\n",
	     0, "t line 4: '2028-13-01' is not a date"},
	};
	struct cal_calendar *c = cal_new();
	char *before, *after;

	(void)state;
	load_calendar(c);
	before = snapshot(c);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t len = rows[i].len ? rows[i].len : strlen(rows[i].text);
		struct fz_err e;

		fz_err_clear(&e);
		assert_int_equal(cal_load(c, rows[i].text, len, "t", &e),
				 FZ_EINVAL);
		assert_string_equal(e.field, "calendar");
		if (!strstr(e.msg, rows[i].msg))
			fail_msg("row %zu: '%s' lacks '%s'", i, e.msg,
				 rows[i].msg);
		after = snapshot(c);
		assert_string_equal(before, after);
		free(after);
	}
	assert_false(cal_has_year(c, 2027));
	free(before);
	cal_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_date_roundtrip),
	    cmocka_unit_test(test_date_bad),
	    cmocka_unit_test(test_adjusted_working_days),
	    cmocka_unit_test(test_day_kinds),
	    cmocka_unit_test(test_working_days),
	    cmocka_unit_test(test_calendar_days),
	    cmocka_unit_test(test_pauses),
	    cmocka_unit_test(test_extension),
	    cmocka_unit_test(test_backward),
	    cmocka_unit_test(test_shorthands),
	    cmocka_unit_test(test_against_day_by_day),
	    cmocka_unit_test(test_incomplete),
	    cmocka_unit_test(test_empty_calendar),
	    cmocka_unit_test(test_bad_periods),
	    cmocka_unit_test(test_walk),
	    cmocka_unit_test(test_status),
	    cmocka_unit_test(test_load_replaces_year),
	    cmocka_unit_test(test_format_year),
	    cmocka_unit_test(test_bad_files),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
