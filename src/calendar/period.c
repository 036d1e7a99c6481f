/*
 * period.c - due dates of statutory periods and the status of obligations
 * (see calendar.h for the rules; docs/internals/calendar.md for examples).
 *
 * All counting goes through the calendar's prefix count of working days
 * (wcount) and its list of working days (wday): "the n-th working day after
 * d" is wday[wcount[d + 1] + n - 1], one lookup. Pauses are sorted and
 * merged first; a period then walks them in order, subtracting the units
 * that elapsed before each pause and resuming after it, so a period costs
 * O(pauses) and does not allocate. Only the span walk (cal_due_walk) visits
 * days one by one, for explaining a result to a person.
 */
#include "calendar/calendar.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* The k-th working day (0-based) of the range, or CAL_NO_DATE. */
static int nth(const struct cal_calendar *c, int64_t k)
{
	return k >= 0 && k < c->nwork ? c->wday[k] : CAL_NO_DATE;
}

/* Working days strictly before day. */
static int64_t before(const struct cal_calendar *c, int day)
{
	return c->wcount[day - CAL_DAY_FIRST];
}

/* Working days up to and including day. */
static int64_t upto(const struct cal_calendar *c, int day)
{
	return c->wcount[day - CAL_DAY_FIRST + 1];
}

/* Index (year - CAL_YEAR_MIN) of the year of day: a guess from the mean
 * year length, corrected against the table of 1 January dates. */
static int year_index(const struct cal_calendar *c, int day)
{
	int i = (int)((int64_t)(day - CAL_DAY_FIRST) * 400 / 146097);

	while (i > 0 && day < c->ystart[i])
		i--;
	while (i < CAL_NYEARS - 1 && day >= c->ystart[i + 1])
		i++;
	return i;
}

static int cmp_pause(const void *a, const void *b)
{
	const struct cal_pause *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return (x->to > y->to) - (x->to < y->to);
}

/* Sorted, merged copy of p[0..n) in out; returns the count. */
static size_t merge_pauses(const struct cal_pause *p, size_t n,
			   struct cal_pause *out)
{
	size_t m = 0;

	if (n == 0)
		return 0;
	memcpy(out, p, n * sizeof(*p));
	qsort(out, n, sizeof(*out), cmp_pause);
	for (size_t i = 0; i < n; i++) {
		if (m && out[i].from <= out[m - 1].to + 1) {
			if (out[i].to > out[m - 1].to)
				out[m - 1].to = out[i].to;
		} else {
			out[m++] = out[i];
		}
	}
	return m;
}

static int check_pauses(const struct cal_period *p, struct fz_err *e)
{
	char b1[CAL_DATE_LEN], b2[CAL_DATE_LEN];

	if (p->npauses > CAL_MAX_PAUSES)
		return fz_err_set(e, FZ_EINVAL, "pause",
				  "%zu pauses given; at most %d", p->npauses,
				  CAL_MAX_PAUSES);
	for (size_t i = 0; i < p->npauses; i++) {
		const struct cal_pause *q = &p->pauses[i];

		if (!cal_date_valid(q->from) || !cal_date_valid(q->to))
			return fz_err_set(e, FZ_EINVAL, "pause",
					  "pause %zu lies outside "
					  "1900-01-01..2200-12-31",
					  i + 1);
		if (q->to < q->from)
			return fz_err_set(e, FZ_EINVAL, "pause",
					  "pause %s..%s ends before it starts",
					  cal_date_format(q->from, b1),
					  cal_date_format(q->to, b2));
	}
	return 0;
}

static int check_period(const struct cal_period *p, struct fz_err *e)
{
	if (p->form != CAL_WORKING_DAYS && p->form != CAL_CALENDAR_DAYS)
		return fz_err_set(e, FZ_EINVAL, "form",
				  "unknown period form %d", (int)p->form);
	if (!cal_date_valid(p->start))
		return fz_err_set(e, FZ_EINVAL, "start",
				  "start date outside 1900-01-01..2200-12-31");
	if (p->n < 1 || p->n > CAL_MAX_UNITS)
		return fz_err_set(e, FZ_EINVAL, "days",
				  "day count %d is outside 1..%d", p->n,
				  CAL_MAX_UNITS);
	if (p->extend < 0 || p->extend > CAL_MAX_UNITS)
		return fz_err_set(e, FZ_EINVAL, "extend",
				  "extension %d is outside 0..%d", p->extend,
				  CAL_MAX_UNITS);
	if (p->backward && (p->npauses || p->extend))
		return fz_err_set(e, FZ_EINVAL, "backward",
				  "a period counted backward takes no pauses "
				  "and no extension");
	return check_pauses(p, e);
}

/* n working days after cur (cur not counted), pauses q[0..nq) excluded. */
static int run_working(const struct cal_calendar *c, int cur, int n,
		       const struct cal_pause *q, size_t nq, int *due)
{
	size_t i = 0;
	int cand;

	for (;;) {
		while (i < nq && q[i].to <= cur)
			i++;
		cand = nth(c, upto(c, cur) + n - 1);
		if (cand == CAL_NO_DATE)
			return -1;
		if (i == nq || cand < q[i].from) {
			*due = cand;
			return 0;
		}
		/* The pause begins before the candidate: count what ran
		 * before it (fewer than n), resume after it. */
		if (q[i].from > cur)
			n -= cal_working_days(c, cur + 1, q[i].from - 1);
		cur = q[i].to;
		i++;
	}
}

/* The n-th day after cur (cur not counted), pauses excluded. */
static int run_calendar(int cur, int n, const struct cal_pause *q, size_t nq,
			int *nominal)
{
	size_t i = 0;

	for (;;) {
		while (i < nq && q[i].to <= cur)
			i++;
		if (cur > CAL_DAY_LAST - n)
			return -1;
		if (i == nq || cur + n < q[i].from) {
			*nominal = cur + n;
			return 0;
		}
		if (q[i].from > cur)
			n -= q[i].from - 1 - cur;
		cur = q[i].to;
		i++;
	}
}

/* The first working day on or after day that lies in no pause. */
static int roll(const struct cal_calendar *c, int day,
		const struct cal_pause *q, size_t nq, int *due)
{
	size_t i = 0;
	int w;

	for (;;) {
		w = nth(c, before(c, day));
		if (w == CAL_NO_DATE)
			return -1;
		while (i < nq && q[i].to < w)
			i++;
		if (i == nq || w < q[i].from) {
			*due = w;
			return 0;
		}
		if (q[i].to >= CAL_DAY_LAST)
			return -1;
		day = q[i].to + 1;
	}
}

/* One run of n units from cur: the original period or the extension. */
static int segment(const struct cal_calendar *c, enum cal_form form, int cur,
		   int n, const struct cal_pause *q, size_t nq, int *nominal,
		   int *due)
{
	if (form == CAL_WORKING_DAYS) {
		if (run_working(c, cur, n, q, nq, due))
			return -1;
		*nominal = *due;
		return 0;
	}
	if (run_calendar(cur, n, q, nq, nominal))
		return -1;
	return roll(c, *nominal, q, nq, due);
}

static int run_backward(const struct cal_calendar *c,
			const struct cal_period *p, struct cal_result *r)
{
	if (p->form == CAL_WORKING_DAYS) {
		r->due = nth(c, before(c, p->start) - p->n);
		r->nominal = r->due;
	} else {
		if (p->start - p->n < CAL_DAY_FIRST)
			return -1;
		r->nominal = p->start - p->n;
		r->due = nth(c, upto(c, r->nominal) - 1);
	}
	if (r->due == CAL_NO_DATE)
		return -1;
	r->base_due = r->due;
	r->base_nominal = r->nominal;
	r->span_from = r->due;
	r->span_to = p->start - 1;
	return 0;
}

static int run_forward(const struct cal_calendar *c, const struct cal_period *p,
		       struct cal_result *r)
{
	struct cal_pause q[CAL_MAX_PAUSES];
	size_t nq = merge_pauses(p->pauses, p->npauses, q);

	if (segment(c, p->form, p->start, p->n, q, nq, &r->base_nominal,
		    &r->base_due))
		return -1;
	r->nominal = r->base_nominal;
	r->due = r->base_due;
	if (p->extend && segment(c, p->form, r->base_due, p->extend, q, nq,
				 &r->nominal, &r->due))
		return -1;
	r->span_from = p->start + 1;
	r->span_to = r->due;
	return 0;
}

int cal_due(const struct cal_calendar *c, const struct cal_period *p,
	    struct cal_result *r, struct fz_err *e)
{
	struct cal_result res;
	int y1, y2, rc = check_period(p, e);

	if (rc)
		return rc;
	if (p->backward ? run_backward(c, p, &res) : run_forward(c, p, &res))
		return fz_err_set(e, FZ_EINVAL, "days",
				  "the due date would fall outside the "
				  "supported range 1900-01-01..2200-12-31");
	y1 = year_index(c, res.span_from);
	y2 = year_index(c, res.span_to);
	res.nmissing = y2 < y1 ? 0 : c->nodata[y2 + 1] - c->nodata[y1];
	res.incomplete = res.nmissing > 0;
	*r = res;
	return 0;
}

int cal_add_working_days(const struct cal_calendar *c, int start, int n,
			 int *due, struct fz_err *e)
{
	struct cal_period p = {
	    .form = CAL_WORKING_DAYS, .start = start, .n = n};
	struct cal_result r;
	int rc = cal_due(c, &p, &r, e);

	if (!rc)
		*due = r.due;
	return rc;
}

int cal_add_calendar_days(const struct cal_calendar *c, int start, int n,
			  int *due, struct fz_err *e)
{
	struct cal_period p = {
	    .form = CAL_CALENDAR_DAYS, .start = start, .n = n};
	struct cal_result r;
	int rc = cal_due(c, &p, &r, e);

	if (!rc)
		*due = r.due;
	return rc;
}

/* ---- explaining a result ---------------------------------------------- */

static int in_range(int d, int from, int to_excl)
{
	return d >= from && d < to_excl;
}

/* Role of a day of the span that lies in no pause, or 0. */
static int day_role(const struct cal_period *p, const struct cal_result *r,
		    int d, int working, enum cal_kind kind)
{
	if (p->form == CAL_WORKING_DAYS) {
		if (!working)
			return CAL_ROLE_SKIPPED;
		return kind == CAL_ADJUSTED_WORKDAY ? CAL_ROLE_ADJUSTED : 0;
	}
	/* Calendar days: every day counts; only the moves of an end to a
	 * working day skip days. */
	if (working)
		return kind == CAL_ADJUSTED_WORKDAY &&
			       (d == r->due || d == r->base_due)
			   ? CAL_ROLE_ADJUSTED
			   : 0;
	if (p->backward)
		return d <= r->nominal ? CAL_ROLE_SKIPPED : 0;
	return in_range(d, r->base_nominal, r->base_due) ||
		       in_range(d, r->nominal, r->due)
		   ? CAL_ROLE_SKIPPED
		   : 0;
}

void cal_due_walk(const struct cal_calendar *c, const struct cal_period *p,
		  const struct cal_result *r,
		  void (*fn)(void *ctx, int day, enum cal_role role,
			     enum cal_kind kind, const char *name),
		  void *ctx)
{
	struct cal_pause q[CAL_MAX_PAUSES];
	size_t nq = p->backward ? 0 : merge_pauses(p->pauses, p->npauses, q);
	size_t i = 0;

	for (int d = r->span_from; d <= r->span_to; d++) {
		const char *name;
		enum cal_kind kind = cal_day_kind(c, d, &name);
		int role;

		while (i < nq && q[i].to < d)
			i++;
		if (i < nq && d >= q[i].from)
			role = CAL_ROLE_PAUSED;
		else
			role = day_role(p, r, d, cal_is_working(c, d), kind);
		if (role)
			fn(ctx, d, (enum cal_role)role, kind, name);
	}
}

/* ---- status ----------------------------------------------------------- */

int cal_status(const struct cal_calendar *c, int due, int done, int today,
	       int soon, enum cal_status *out, struct fz_err *e)
{
	if (!cal_date_valid(due))
		return fz_err_set(e, FZ_EINVAL, "due", "due date out of range");
	if (!cal_date_valid(today))
		return fz_err_set(e, FZ_EINVAL, "today", "today out of range");
	if (done != CAL_NO_DATE && !cal_date_valid(done))
		return fz_err_set(e, FZ_EINVAL, "done",
				  "done date out of range");
	if (soon < 0 || soon > CAL_MAX_UNITS)
		return fz_err_set(e, FZ_EINVAL, "soon",
				  "due-soon threshold %d is outside 0..%d",
				  soon, CAL_MAX_UNITS);
	if (done != CAL_NO_DATE)
		*out = done <= due ? CAL_DONE_ON_TIME : CAL_DONE_LATE;
	else if (today > due)
		*out = CAL_OVERDUE;
	else if (cal_working_days(c, today + 1, due) <= soon)
		*out = CAL_DUE_SOON;
	else
		*out = CAL_ON_TIME;
	return 0;
}

/* ---- names ------------------------------------------------------------ */

const char *cal_form_name(enum cal_form form)
{
	return form == CAL_WORKING_DAYS	   ? "working_days"
	       : form == CAL_CALENDAR_DAYS ? "calendar_days"
					   : "unknown";
}

const char *cal_kind_name(enum cal_kind kind)
{
	static const char *const n[] = {"workday", "weekend", "holiday",
					"adjusted_workday"};

	return (unsigned)kind < 4 ? n[kind] : "unknown";
}

const char *cal_role_name(enum cal_role role)
{
	static const char *const n[] = {"", "skipped", "paused", "adjusted"};

	return role >= 1 && role <= 3 ? n[role] : "unknown";
}

const char *cal_status_name(enum cal_status s)
{
	static const char *const n[] = {"on_time", "due_soon", "overdue",
					"done_on_time", "done_late"};

	return (unsigned)s < 5 ? n[s] : "unknown";
}

const char *cal_status_label(enum cal_status s)
{
	static const char *const n[] = {"按期", "即将到期", "已逾期",
					"按期办结", "逾期办结"};

	return (unsigned)s < 5 ? n[s] : "未知";
}
