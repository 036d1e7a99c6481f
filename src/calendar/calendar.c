/*
 * calendar.c - the working-day calendar: loading holidays.txt text, day
 * lookups, and writing a year back out (see calendar.h for the contract and
 * docs/internals/calendar.md for the file format).
 *
 * Each year with data is a struct cal_year: its listed days (`marks`) in date
 * order, each pointing at one of the year's distinct holiday names, and its
 * optional source line. The year owns its names and marks.
 *
 * From years[] we derive, for the whole supported range 1900..2200
 * (~110,000 days), a prefix count of working days (wcount) and the list of
 * working days (wday). With them "is this a working day", "how many working
 * days between" and "the k-th working day after" are array lookups, which is
 * what makes a deadline O(1) (see period.c). The tables cost ~0.8 MB per
 * calendar and are rebuilt (in well under a millisecond) by every load.
 *
 * Loading is all or nothing: the text is parsed into fresh year objects and
 * checked completely; only then are they swapped in, replacing the old
 * years of the same number, and the tables rebuilt. Rebuilding cannot fail
 * (allocation failure aborts), so a load either fails having touched
 * nothing or succeeds entirely.
 */
#include "calendar/calendar.h"
#include "calendar/text.h"
#include "lib/buf.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NDAYS	   (CAL_DAY_LAST - CAL_DAY_FIRST + 1)
#define YEAR_NAMES 32  /* distinct holiday names in one year */
#define NAME_MAX_B 63  /* bytes of a holiday name */
#define SRC_MAX_B  255 /* bytes of a source line */

struct cal_mark {
	int32_t day;
	uint8_t working; /* 1: adjusted working day, 0: day off */
	uint8_t name;	 /* index into the year's names */
};

struct cal_year {
	int year;
	int line; /* of its `year` statement, for "given twice" messages */
	char *source;
	char *names[YEAR_NAMES];
	size_t nnames;
	struct cal_mark *marks; /* in date order */
	size_t nmarks;
};

static void year_free(struct cal_year *y)
{
	if (!y)
		return;
	for (size_t i = 0; i < y->nnames; i++)
		free(y->names[i]);
	free(y->source);
	free(y->marks);
	free(y);
}

static const struct cal_year *get_year(const struct cal_calendar *c, int year)
{
	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return NULL;
	return c->years[year - CAL_YEAR_MIN];
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* ---- derived tables --------------------------------------------------- */

static void apply_marks(unsigned char *work, const struct cal_calendar *c)
{
	for (int y = 0; y < CAL_NYEARS; y++) {
		const struct cal_year *cy = c->years[y];

		for (size_t i = 0; cy && i < cy->nmarks; i++)
			work[cy->marks[i].day - CAL_DAY_FIRST] =
			    cy->marks[i].working;
	}
}

/* Rebuild wcount, wday and nodata from years[]. */
static void build(struct cal_calendar *c)
{
	unsigned char *work = fz_xmalloc(NDAYS);
	int32_t *wcount = fz_xmalloc((NDAYS + 1) * sizeof(*wcount));
	int32_t *wday, k = 0;
	int wd = cal_weekday(CAL_DAY_FIRST);

	for (int32_t i = 0; i < NDAYS; i++) {
		work[i] = wd <= 5;
		wd = wd == 7 ? 1 : wd + 1;
	}
	apply_marks(work, c);
	wcount[0] = 0;
	for (int32_t i = 0; i < NDAYS; i++)
		wcount[i + 1] = wcount[i] + work[i];
	wday = fz_xmalloc((size_t)wcount[NDAYS] * sizeof(*wday));
	for (int32_t i = 0; i < NDAYS; i++)
		if (work[i])
			wday[k++] = CAL_DAY_FIRST + i;
	free(work);
	free(c->wcount);
	free(c->wday);
	c->wcount = wcount;
	c->wday = wday;
	c->nwork = k;
	c->nodata[0] = 0;
	for (int y = 0; y < CAL_NYEARS; y++)
		c->nodata[y + 1] = (uint16_t)(c->nodata[y] + !c->years[y]);
	c->ystart[0] = CAL_DAY_FIRST;
	for (int y = 0; y < CAL_NYEARS; y++)
		c->ystart[y + 1] =
		    c->ystart[y] + (leap(CAL_YEAR_MIN + y) ? 366 : 365);
}

void cal_init(struct cal_calendar *c)
{
	memset(c, 0, sizeof(*c));
	build(c);
}

void cal_release(struct cal_calendar *c)
{
	for (int y = 0; y < CAL_NYEARS; y++)
		year_free(c->years[y]);
	free(c->wcount);
	free(c->wday);
	memset(c, 0, sizeof(*c));
}

struct cal_calendar *cal_new(void)
{
	struct cal_calendar *c = fz_xmalloc(sizeof(*c));

	cal_init(c);
	return c;
}

void cal_free(struct cal_calendar *c)
{
	if (!c)
		return;
	cal_release(c);
	free(c);
}

/* ---- the parser ------------------------------------------------------- */

enum { DAY_UNSET = 0, DAY_OFF = 1, DAY_WORK = 2 };

struct parser {
	const char *source;
	int line;
	struct fz_err *e;
	struct cal_year *parsed[CAL_NYEARS]; /* years read so far */
	struct cal_year *cur;		     /* the open year block */
	int first;			     /* date of 1 January of cur */
	unsigned char state[366];	     /* DAY_* per day of cur */
	unsigned char name[366];	     /* name index per day of cur */
};

static int fail(struct parser *ps, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(struct parser *ps, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fz_err_set(ps->e, FZ_EINVAL, "calendar", "%s line %d: %s",
			  ps->source, ps->line, msg);
}

/* Turn the day states of the open year into its marks. */
static void year_close(struct parser *ps)
{
	struct cal_year *y = ps->cur;
	int ndays;
	size_t n = 0;

	if (!y)
		return;
	ndays = leap(y->year) ? 366 : 365;
	for (int i = 0; i < ndays; i++)
		n += ps->state[i] != DAY_UNSET;
	y->marks = fz_xmalloc(n * sizeof(*y->marks));
	for (int i = 0; i < ndays; i++) {
		if (ps->state[i] == DAY_UNSET)
			continue;
		y->marks[y->nmarks].day = ps->first + i;
		y->marks[y->nmarks].working = ps->state[i] == DAY_WORK;
		y->marks[y->nmarks].name = ps->name[i];
		y->nmarks++;
	}
	ps->cur = NULL;
}

static int st_year(struct parser *ps, const char *arg, size_t n)
{
	struct cal_year *y;
	int year = 0;

	if (n == 0)
		return fail(ps, "'year' needs a year");
	for (size_t i = 0; i < n; i++) {
		if (n != 4 || arg[i] < '0' || arg[i] > '9')
			return fail(ps, "'%.*s' is not a year",
				    n > 40 ? 40 : (int)n, arg);
		year = year * 10 + (arg[i] - '0');
	}
	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return fail(ps, "year %d is outside the supported range %d..%d",
			    year, CAL_YEAR_MIN, CAL_YEAR_MAX);
	if (ps->parsed[year - CAL_YEAR_MIN])
		return fail(ps, "year %d is given twice (first at line %d)",
			    year, ps->parsed[year - CAL_YEAR_MIN]->line);
	year_close(ps);
	y = fz_xcalloc(1, sizeof(*y));
	y->year = year;
	y->line = ps->line;
	ps->parsed[year - CAL_YEAR_MIN] = y;
	ps->cur = y;
	cal_date_make(year, 1, 1, &ps->first, NULL, NULL);
	memset(ps->state, DAY_UNSET, sizeof(ps->state));
	memset(ps->name, 0, sizeof(ps->name));
	return 0;
}

static int st_source(struct parser *ps, const char *arg, size_t n)
{
	if (ps->cur->source)
		return fail(ps, "a second 'source' for year %d", ps->cur->year);
	if (n == 0 || n > SRC_MAX_B)
		return fail(ps, "'source' needs a text of 1..%d bytes",
			    SRC_MAX_B);
	ps->cur->source = fz_xstrndup(arg, n);
	return 0;
}

/* One date of the open year. */
static int parse_date(struct parser *ps, const char *s, size_t n, int *day)
{
	struct fz_err e2;
	char buf[CAL_DATE_LEN];

	if (cal_date_parse_n(s, n, day, NULL, &e2))
		return fail(ps, "%s", e2.msg);
	if (*day < ps->first ||
	    *day >= ps->first + (leap(ps->cur->year) ? 366 : 365))
		return fail(ps, "%s lies outside the block of year %d",
			    cal_date_format(*day, buf), ps->cur->year);
	return 0;
}

/* "DATE" or "DATE..DATE". */
static int parse_range(struct parser *ps, const char *s, size_t n, int *from,
		       int *to)
{
	int rc;

	if (n == 22 && s[10] == '.' && s[11] == '.') {
		rc = parse_date(ps, s, 10, from);
		if (!rc)
			rc = parse_date(ps, s + 12, 10, to);
		if (!rc && *to < *from)
			return fail(ps, "'%.22s' ends before it starts", s);
		return rc;
	}
	rc = parse_date(ps, s, n, from);
	*to = *from;
	return rc;
}

/* Index of the holiday name (added if new). */
static int intern_name(struct parser *ps, const char *s, size_t n, int *idx)
{
	struct cal_year *y = ps->cur;

	if (n == 0)
		return fail(ps, "a holiday name is needed after the date");
	if (n > NAME_MAX_B)
		return fail(ps,
			    "holiday name '%.*s...' is longer than %d bytes",
			    20, s, NAME_MAX_B);
	for (size_t i = 0; i < y->nnames; i++)
		if (strlen(y->names[i]) == n && !memcmp(y->names[i], s, n)) {
			*idx = (int)i;
			return 0;
		}
	if (y->nnames == YEAR_NAMES)
		return fail(ps, "more than %d holiday names in year %d",
			    YEAR_NAMES, y->year);
	y->names[y->nnames] = fz_xstrndup(s, n);
	*idx = (int)y->nnames++;
	return 0;
}

static int mark_day(struct parser *ps, int day, int state, int name)
{
	static const char *const wd[] = {"",	      "Monday",	  "Tuesday",
					 "Wednesday", "Thursday", "Friday"};
	int i = day - ps->first;
	char buf[CAL_DATE_LEN];

	cal_date_format(day, buf);
	if (ps->state[i] == state)
		return fail(ps, "%s is listed twice", buf);
	if (ps->state[i] != DAY_UNSET)
		return fail(ps,
			    "%s is listed both as a day off and as a "
			    "working day",
			    buf);
	if (state == DAY_WORK && cal_weekday(day) <= 5)
		return fail(ps,
			    "%s is a %s: only a Saturday or Sunday can be an "
			    "adjusted working day",
			    buf, wd[cal_weekday(day)]);
	ps->state[i] = (unsigned char)state;
	ps->name[i] = (unsigned char)name;
	return 0;
}

/* off|work DATE[..DATE] NAME */
static int st_days(struct parser *ps, int state, const char *arg, size_t n)
{
	size_t t = cal_token_len(arg, n);
	size_t b = t + cal_blank_len(arg + t, n - t);
	int from = 0, to = -1, name = 0, rc;

	if (t == 0)
		return fail(ps, "a date is needed");
	rc = parse_range(ps, arg, t, &from, &to);
	if (!rc)
		rc = intern_name(ps, arg + b, n - b, &name);
	for (int d = from; !rc && d <= to; d++)
		rc = mark_day(ps, d, state, name);
	return rc;
}

static int statement(struct parser *ps, const char *kw, size_t k,
		     const char *arg, size_t n)
{
	int known = (k == 4 && !memcmp(kw, "year", 4)) ||
		    (k == 6 && !memcmp(kw, "source", 6)) ||
		    (k == 3 && !memcmp(kw, "off", 3)) ||
		    (k == 4 && !memcmp(kw, "work", 4));

	if (!known)
		return fail(ps,
			    "unknown keyword '%.*s' (expected year, source, "
			    "off or work)",
			    k > 40 ? 40 : (int)k, kw);
	if (kw[0] == 'y')
		return st_year(ps, arg, n);
	if (!ps->cur)
		return fail(ps, "'%.*s' before the first 'year' line", (int)k,
			    kw);
	if (kw[0] == 's')
		return st_source(ps, arg, n);
	return st_days(ps, kw[0] == 'o' ? DAY_OFF : DAY_WORK, arg, n);
}

static int parse(struct parser *ps, const char *text, size_t len)
{
	struct cal_lines it;
	const char *s;
	size_t n, k, b;
	int rc;

	cal_lines_init(&it, text, len);
	while (cal_lines_next(&it, &s, &n)) {
		ps->line = it.line;
		if (n == 0 || s[0] == '#')
			continue;
		if (cal_text_check(s, n))
			return fail(ps, "not UTF-8 text, or a control "
					"character");
		k = cal_token_len(s, n);
		b = k + cal_blank_len(s + k, n - k);
		rc = statement(ps, s, k, s + b, n - b);
		if (rc)
			return rc;
	}
	year_close(ps);
	return 0;
}

int cal_load(struct cal_calendar *c, const char *text, size_t len,
	     const char *source, struct fz_err *e)
{
	struct parser *ps = fz_xcalloc(1, sizeof(*ps));
	int rc;

	ps->source = source ? source : "calendar";
	ps->e = e;
	rc = parse(ps, text, len);
	for (int y = 0; y < CAL_NYEARS; y++) {
		if (!ps->parsed[y])
			continue;
		if (rc) {
			year_free(ps->parsed[y]);
			continue;
		}
		year_free(c->years[y]);
		c->years[y] = ps->parsed[y];
	}
	if (!rc)
		build(c);
	free(ps);
	return rc;
}

/* ---- lookups ---------------------------------------------------------- */

int cal_has_year(const struct cal_calendar *c, int year)
{
	return get_year(c, year) != NULL;
}

size_t cal_years(const struct cal_calendar *c, int *out, size_t cap)
{
	size_t n = 0;

	for (int y = 0; y < CAL_NYEARS; y++) {
		if (!c->years[y])
			continue;
		if (n < cap)
			out[n] = CAL_YEAR_MIN + y;
		n++;
	}
	return n;
}

size_t cal_missing_years(const struct cal_calendar *c, int from, int to,
			 int *out, size_t cap)
{
	size_t n = 0;

	if (to < from)
		return 0;
	for (int y = cal_date_year(from); y <= cal_date_year(to); y++) {
		if (c->years[y - CAL_YEAR_MIN])
			continue;
		if (n < cap)
			out[n] = y;
		n++;
	}
	return n;
}

int cal_is_working(const struct cal_calendar *c, int day)
{
	int32_t i = day - CAL_DAY_FIRST;

	assert(cal_date_valid(day));
	return c->wcount[i + 1] - c->wcount[i];
}

int cal_working_days(const struct cal_calendar *c, int from, int to)
{
	if (to < from)
		return 0;
	assert(cal_date_valid(from) && cal_date_valid(to));
	return c->wcount[to - CAL_DAY_FIRST + 1] -
	       c->wcount[from - CAL_DAY_FIRST];
}

static const struct cal_mark *find_mark(const struct cal_year *y, int day)
{
	size_t lo = 0, hi = y->nmarks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (y->marks[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < y->nmarks && y->marks[lo].day == day ? &y->marks[lo] : NULL;
}

enum cal_kind cal_day_kind(const struct cal_calendar *c, int day,
			   const char **name)
{
	const struct cal_year *y = get_year(c, cal_date_year(day));
	const struct cal_mark *m = y ? find_mark(y, day) : NULL;

	if (name)
		*name = m ? y->names[m->name] : NULL;
	if (m)
		return m->working ? CAL_ADJUSTED_WORKDAY : CAL_HOLIDAY;
	return cal_weekday(day) >= 6 ? CAL_WEEKEND : CAL_WORKDAY;
}

size_t cal_year_entries(const struct cal_calendar *c, int year,
			struct cal_entry *out, size_t cap)
{
	const struct cal_year *y = get_year(c, year);

	if (!y)
		return 0;
	for (size_t i = 0; i < y->nmarks && i < cap; i++) {
		out[i].day = y->marks[i].day;
		out[i].working = y->marks[i].working;
		out[i].name = y->names[y->marks[i].name];
	}
	return y->nmarks;
}

const char *cal_year_source(const struct cal_calendar *c, int year)
{
	const struct cal_year *y = get_year(c, year);

	return y ? y->source : NULL;
}

/* ---- writing a year --------------------------------------------------- */

/* End of the run of marks starting at i: same kind, same name, day after
 * day. */
static size_t run_end(const struct cal_year *y, size_t i)
{
	size_t j = i + 1;

	while (j < y->nmarks && y->marks[j].working == y->marks[i].working &&
	       y->marks[j].name == y->marks[i].name &&
	       y->marks[j].day == y->marks[j - 1].day + 1)
		j++;
	return j;
}

/* One line for the run of marks from i (see run_end); *next gets its end. */
static int add_run(struct fz_buf *b, const struct cal_year *y, size_t i,
		   size_t *next)
{
	const struct cal_mark *m = &y->marks[i];
	const char *kw = m->working ? "work" : "off";
	char d1[CAL_DATE_LEN], d2[CAL_DATE_LEN];
	size_t j = run_end(y, i);

	*next = j;
	cal_date_format(m->day, d1);
	if (j - i == 1)
		return fz_buf_addf(b, "%s %s %s\n", kw, d1, y->names[m->name]);
	cal_date_format(y->marks[j - 1].day, d2);
	return fz_buf_addf(b, "%s %s..%s %s\n", kw, d1, d2, y->names[m->name]);
}

int cal_format_year(const struct cal_calendar *c, int year, char **out,
		    size_t *len, struct fz_err *e)
{
	const struct cal_year *y = get_year(c, year);
	struct fz_buf b = FZ_BUF_INIT(0);
	int rc;

	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return fz_err_set(e, FZ_EINVAL, "year",
				  "year %d is outside the supported range "
				  "%d..%d",
				  year, CAL_YEAR_MIN, CAL_YEAR_MAX);
	if (!y)
		return fz_err_set(e, FZ_ENOTFOUND, "year",
				  "no calendar data for %d", year);
	rc = fz_buf_addf(&b, "year %d\n", year);
	if (!rc && y->source)
		rc = fz_buf_addf(&b, "source %s\n", y->source);
	for (size_t i = 0; !rc && i < y->nmarks;)
		rc = add_run(&b, y, i, &i);
	if (rc) {
		fz_buf_release(&b);
		return fz_err_set(e, rc, "year", "year %d: cannot be written",
				  year);
	}
	*out = fz_buf_detach(&b, len);
	return 0;
}
