/*
 * date.c - civil dates as day numbers (see calendar.h).
 *
 * A date is the count of days since 1970-01-01 in the proleptic Gregorian
 * calendar. The conversions are Howard Hinnant's days_from_civil and
 * civil_from_days ("chrono-Compatible Low-Level Date Algorithms"), written
 * here rather than taken from <time.h> because mktime/gmtime drag in time
 * zones and time of day, which a legal date has none of. Parsing is strict:
 * exactly "YYYY-MM-DD", zero-padded, a real day of a year in 1900..2200.
 */
#include "calendar/calendar.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Valid for y >= 0, which covers our range. */
static int days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void cal_date_split(int day, int *y, int *m, int *d)
{
	int z, era, doe, yoe, doy, mp, yy, mm;

	assert(cal_date_valid(day));
	z = day + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	mm = mp < 10 ? mp + 3 : mp - 9;
	yy = yoe + era * 400 + (mm <= 2);
	if (y)
		*y = yy;
	if (m)
		*m = mm;
	if (d)
		*d = doy - (153 * mp + 2) / 5 + 1;
}

int cal_date_year(int day)
{
	int y;

	cal_date_split(day, &y, NULL, NULL);
	return y;
}

int cal_date_valid(int day)
{
	return day >= CAL_DAY_FIRST && day <= CAL_DAY_LAST;
}

int cal_weekday(int day)
{
	/* 1970-01-01 was a Thursday (4). */
	int r = (day + 3) % 7;

	return (r < 0 ? r + 7 : r) + 1;
}

int cal_date_make(int y, int m, int d, int *day, const char *field,
		  struct fz_err *e)
{
	if (y < CAL_YEAR_MIN || y > CAL_YEAR_MAX)
		return fz_err_set(e, FZ_EINVAL, field,
				  "year %d is outside the supported range "
				  "%d..%d",
				  y, CAL_YEAR_MIN, CAL_YEAR_MAX);
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return fz_err_set(e, FZ_EINVAL, field,
				  "'%04d-%02d-%02d' is not a date", y, m, d);
	*day = days_from_civil(y, m, d);
	return 0;
}

/* Value of n ASCII digits, or -1. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int cal_date_parse_n(const char *s, size_t len, int *day, const char *field,
		     struct fz_err *e)
{
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-' || (y = digits(s, 4)) < 0 ||
	    (m = digits(s + 5, 2)) < 0 || (d = digits(s + 8, 2)) < 0)
		return fz_err_set(e, FZ_EINVAL, field,
				  "'%.*s' is not a date (YYYY-MM-DD)",
				  len > 40 ? 40 : (int)len, s);
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return fz_err_set(e, FZ_EINVAL, field, "'%.10s' is not a date",
				  s);
	if (y < CAL_YEAR_MIN || y > CAL_YEAR_MAX)
		return fz_err_set(e, FZ_EINVAL, field,
				  "'%.10s': year %d is outside the supported "
				  "range %d..%d",
				  s, y, CAL_YEAR_MIN, CAL_YEAR_MAX);
	*day = days_from_civil(y, m, d);
	return 0;
}

int cal_date_parse(const char *s, int *day, const char *field, struct fz_err *e)
{
	return cal_date_parse_n(s, strlen(s), day, field, e);
}

char *cal_date_format(int day, char buf[CAL_DATE_LEN])
{
	int y, m, d;

	cal_date_split(day, &y, &m, &d);
	/* The ranges are known (1900..2200, 1..12, 1..31); the modulo tells
	 * the compiler so, and the text fits CAL_DATE_LEN exactly. */
	snprintf(buf, CAL_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u,
		 (unsigned)m % 100u, (unsigned)d % 100u);
	return buf;
}
