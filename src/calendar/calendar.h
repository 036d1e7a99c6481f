/*
 * calendar.h - legal time: civil dates, the Chinese working-day calendar and
 * statutory periods computed on it (SPEC §3).
 *
 * Dates. A date is an int: the number of days since 1970-01-01 in the
 * proleptic Gregorian calendar, read as a civil date in Asia/Shanghai (there
 * is no time of day anywhere in this module). Every date handed out or
 * accepted lies in CAL_DAY_FIRST..CAL_DAY_LAST (1900-01-01..2200-12-31);
 * cal_date_parse() and cal_date_make() refuse anything else, so arithmetic on
 * parsed dates cannot overflow.
 *
 * Calendar. struct cal_calendar knows, per year, which days are statutory
 * days off (法定节假日 and the rest days moved by 调休) and which weekend days
 * are worked (调休上班). A year is either loaded as a whole or has no data;
 * for a year without data only Saturdays and Sundays are off, and every
 * period that touches such a year is flagged incomplete. Text in the format
 * of data/calendar/holidays.txt (see docs/internals/calendar.md) is loaded
 * with cal_load(): each `year` block adds that year or replaces it whole.
 * A failed load changes nothing. cal_format_year() writes one year back in
 * the same format. Reading functions take a const calendar and may run in
 * many threads at once; cal_load() needs the caller to exclude readers.
 *
 * Periods. cal_due() computes the due date of a period:
 *  - N working days: the start day is not counted; the due date is the N-th
 *    working day after it.
 *  - N calendar days: the start day is not counted; the due date is the N-th
 *    day after it, and when that is not a working day, the next working day
 *    (民法典 art. 203, 民事诉讼法 art. 85).
 *  - pauses: every day of a pause [from, to] (both inclusive) does not count;
 *    the clock runs again on to + 1. Pauses may overlap, lie anywhere and
 *    span holidays. A calendar-days period never ends inside a pause.
 *  - one extension of M units of the same form, counted on from the due
 *    date of the original period (after its move to a working day), with the
 *    same pauses.
 *  - backward periods ("notify 7 working days before the hearing"): the due
 *    date is the N-th working day before the start date, or N days before it
 *    moved back to a working day; they take no pauses and no extension.
 * Lookups are O(1) (a prefix count of working days over the whole range) and
 * a period costs O(number of pauses).
 *
 * Errors. Functions that can fail return 0 or FZ_EINVAL/FZ_ENOTFOUND with
 * detail in *e (lib/err.h): the message names the offending value. Nothing
 * is changed on failure. Out-of-memory aborts.
 */
#ifndef FZ_CALENDAR_H
#define FZ_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

#define CAL_YEAR_MIN	 1900
#define CAL_YEAR_MAX	 2200
#define CAL_NYEARS	 (CAL_YEAR_MAX - CAL_YEAR_MIN + 1)
#define CAL_DAY_FIRST	 (-25567) /* 1900-01-01 */
#define CAL_DAY_LAST	 84370	  /* 2200-12-31 */
#define CAL_NO_DATE	 INT32_MIN
#define CAL_DATE_LEN	 11   /* "YYYY-MM-DD" and its NUL */
#define CAL_MAX_UNITS	 3650 /* largest N of a period or an extension */
#define CAL_MAX_PAUSES	 64
#define CAL_SOON_DEFAULT 3 /* working days before the due date */

/* ---- dates ------------------------------------------------------------ */

/* y-m-d to a date; FZ_EINVAL naming the value (and `field`) if it is not a
 * real date or lies outside 1900..2200. */
int cal_date_make(int y, int m, int d, int *day, const char *field,
		  struct fz_err *e);
/* Strict "YYYY-MM-DD" (exactly ten characters, zero-padded). */
int cal_date_parse(const char *s, int *day, const char *field,
		   struct fz_err *e);
int cal_date_parse_n(const char *s, size_t len, int *day, const char *field,
		     struct fz_err *e);
/* Write "YYYY-MM-DD" into buf and return buf. day must be in range. */
char *cal_date_format(int day, char buf[CAL_DATE_LEN]);
void cal_date_split(int day, int *y, int *m, int *d);
int cal_date_year(int day);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int cal_weekday(int day);
/* True if day lies in CAL_DAY_FIRST..CAL_DAY_LAST. */
int cal_date_valid(int day);

/* ---- the calendar ----------------------------------------------------- */

struct cal_year; /* one year's listed days; private to calendar.c */

struct cal_calendar {
	struct cal_year *years[CAL_NYEARS]; /* NULL: no data for the year */
	/* Derived from years[] by every successful load: */
	int32_t *wcount; /* wcount[i]: working days among the first i days */
	int32_t *wday;	 /* wday[k]: date of the k-th working day (from 0) */
	int32_t nwork;	 /* entries in wday */
	uint16_t nodata[CAL_NYEARS + 1]; /* years without data among first i */
	int32_t ystart[CAL_NYEARS + 1];	 /* date of 1 January of each year */
};

/* What a day is. */
enum cal_kind {
	CAL_WORKDAY = 0,	  /* Monday to Friday, not listed */
	CAL_WEEKEND = 1,	  /* Saturday or Sunday, not listed */
	CAL_HOLIDAY = 2,	  /* listed `off` (a name is given) */
	CAL_ADJUSTED_WORKDAY = 3, /* weekend listed `work` (调休上班) */
};

/* One listed day of a year, for display. name lives as long as the year's
 * data in the calendar (until the next load that replaces that year). */
struct cal_entry {
	int day;
	int working; /* 1: adjusted working day, 0: day off */
	const char *name;
};

/* An empty calendar: no year has data (weekends only). */
void cal_init(struct cal_calendar *c);
void cal_release(struct cal_calendar *c);
struct cal_calendar *cal_new(void);
void cal_free(struct cal_calendar *c);

/* Load text in the holidays.txt format; `source` names it in messages
 * ("holidays.txt line 12: ..."). All years of the text are checked before
 * any is installed: on error nothing changes. */
int cal_load(struct cal_calendar *c, const char *text, size_t len,
	     const char *source, struct fz_err *e);

int cal_has_year(const struct cal_calendar *c, int year);
/* Years with data, ascending; returns how many there are (may exceed cap). */
size_t cal_years(const struct cal_calendar *c, int *out, size_t cap);
/* Years without data among those of the dates from..to (inclusive). */
size_t cal_missing_years(const struct cal_calendar *c, int from, int to,
			 int *out, size_t cap);

/* day must be a valid date (asserted). */
int cal_is_working(const struct cal_calendar *c, int day);
/* Kind of day; *name (may be NULL) gets the holiday name or NULL. */
enum cal_kind cal_day_kind(const struct cal_calendar *c, int day,
			   const char **name);
/* Working days among the dates from..to, both inclusive (0 if to < from). */
int cal_working_days(const struct cal_calendar *c, int from, int to);

/* The listed days of a year in date order; returns their number (may exceed
 * cap); 0 for a year without data. */
size_t cal_year_entries(const struct cal_calendar *c, int year,
			struct cal_entry *out, size_t cap);
/* The year's `source` line, or NULL. */
const char *cal_year_source(const struct cal_calendar *c, int year);
/* The year in the file format, in a malloc'ed NUL-terminated string the
 * caller frees; FZ_ENOTFOUND for a year without data. len may be NULL. */
int cal_format_year(const struct cal_calendar *c, int year, char **out,
		    size_t *len, struct fz_err *e);

/* ---- periods ---------------------------------------------------------- */

enum cal_form {
	CAL_WORKING_DAYS = 1, /* 工作日 */
	CAL_CALENDAR_DAYS = 2 /* 日 */
};

struct cal_pause {
	int from, to; /* inclusive; the clock runs again on to + 1 */
};

struct cal_period {
	enum cal_form form;
	int start;    /* date of the starting event; not counted */
	int n;	      /* 1..CAL_MAX_UNITS */
	int extend;   /* 0 or 1..CAL_MAX_UNITS more units of the same form */
	int backward; /* due date lies before start (no pauses, no extension) */
	const struct cal_pause *pauses; /* any order; may overlap */
	size_t npauses;			/* 0..CAL_MAX_PAUSES */
};

struct cal_result {
	int due;	  /* the due date */
	int nominal;	  /* calendar days: the N-th counted day, before the
			     move to a working day; working days: == due */
	int base_due;	  /* due date without the extension (== due if none) */
	int base_nominal; /* nominal of the period without extension */
	int span_from;	  /* first and last date the period looked at: */
	int span_to;	  /* (start, due] forward, [due, start) backward */
	int incomplete;	  /* the span touches a year without data */
	int nmissing;	  /* how many such years (cal_missing_years lists) */
};

/* Due date of *p. FZ_EINVAL naming the value for a bad period or when the
 * due date would fall after 2200-12-31 (or before 1900-01-01). */
int cal_due(const struct cal_calendar *c, const struct cal_period *p,
	    struct cal_result *r, struct fz_err *e);
/* Shorthands without pauses or extension. */
int cal_add_working_days(const struct cal_calendar *c, int start, int n,
			 int *due, struct fz_err *e);
int cal_add_calendar_days(const struct cal_calendar *c, int start, int n,
			  int *due, struct fz_err *e);

/* Why a day of the span matters (see cal_due_walk). */
enum cal_role {
	CAL_ROLE_SKIPPED = 1,  /* a day off the count passed over or that moved
				  the end of a calendar-days period */
	CAL_ROLE_PAUSED = 2,   /* inside a pause: not counted */
	CAL_ROLE_ADJUSTED = 3, /* a worked weekend day that counted */
};

/* Calls fn for each day of r's span that has a role, in date order. p and
 * r must be the arguments and the result of a successful cal_due(). */
void cal_due_walk(const struct cal_calendar *c, const struct cal_period *p,
		  const struct cal_result *r,
		  void (*fn)(void *ctx, int day, enum cal_role role,
			     enum cal_kind kind, const char *name),
		  void *ctx);

const char *cal_form_name(enum cal_form form); /* "working_days", ... */
const char *cal_kind_name(enum cal_kind kind); /* "holiday", ... */
const char *cal_role_name(enum cal_role role); /* "skipped", ... */

/* ---- status of an obligation -------------------------------------------
 * done == CAL_NO_DATE: open. Open and today > due: overdue; open and at most
 * `soon` working days in (today, due]: due soon; else on time. Done: on
 * time if done <= due, else late. */
enum cal_status {
	CAL_ON_TIME = 0,
	CAL_DUE_SOON,
	CAL_OVERDUE,
	CAL_DONE_ON_TIME,
	CAL_DONE_LATE
};

int cal_status(const struct cal_calendar *c, int due, int done, int today,
	       int soon, enum cal_status *out, struct fz_err *e);
const char *cal_status_name(enum cal_status s);	 /* "due_soon" */
const char *cal_status_label(enum cal_status s); /* "即将到期" */

#endif
