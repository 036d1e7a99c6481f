/*
 * plan.c - when each record of the demo is made and each of its steps
 * taken, and the order in which they are all taken.
 *
 * A batch's records are created on working days spread evenly over its
 * "dates" (one in each equal stretch of the working days, at a random day
 * within it) or on the days it lists; records of paths that share the
 * batch's dates are dealt to the paths at random. Each step then comes
 * "after" a number of working days or "on" a day. The steps of every
 * record are finally sorted by day (then by record, then by step), so the
 * engine sees the year as it happened: today never goes back, records are
 * numbered in the order they arrive, and the event log runs in date order.
 */
#include "internal.h"

#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	int day;
	size_t path, order;
};

/* The working days from..to into *out (caller frees). */
static size_t working_days(const struct cal_calendar *cal, int from, int to,
			   int **out)
{
	size_t n = 0;
	int d;

	*out =
	    fz_xcalloc((size_t)(to >= from ? to - from + 1 : 1), sizeof(**out));
	for (d = from; d <= to; d++)
		if (cal_is_working(cal, d))
			(*out)[n++] = d;
	return n;
}

static int window(int shift, const json_t *dates, const char *where, int *from,
		  int *to, struct fz_err *e)
{
	int rc = demo_date(json_string_value(json_array_get(dates, 0)), shift,
			   from, where, e);

	if (!rc)
		rc = demo_date(json_string_value(json_array_get(dates, 1)),
			       shift, to, where, e);
	if (!rc && (json_array_size(dates) != 2 || *to < *from))
		rc = fz_err_set(e, FZ_EINVAL, "fixture",
				"%s: dates must be [from, to]", where);
	return rc;
}

/* n creation days from dates into s[0..n-1] (path p each). */
static int spread(const struct demo_fixture *fx, struct demo_batch *b,
		  const struct cal_calendar *cal, const json_t *dates,
		  struct slot *s, size_t n, struct fz_err *e)
{
	const json_t *on = json_object_get(dates, "on");
	int from, to, *w;
	size_t i, m;
	int rc;

	if (on) {
		if (json_array_size(on) != n)
			return fz_err_set(e, FZ_EINVAL, "fixture",
					  "%s: %zu days listed for %zu records",
					  b->where, json_array_size(on), n);
		for (i = 0, rc = 0; !rc && i < n; i++)
			rc = demo_date(json_string_value(json_array_get(on, i)),
				       fx->shift, &s[i].day, b->where, e);
		return rc;
	}
	if ((rc = window(fx->shift, dates, b->where, &from, &to, e)))
		return rc;
	if (!(m = working_days(cal, from, to, &w)) && n)
		rc = fz_err_set(e, FZ_EINVAL, "fixture",
				"%s: no working day in its dates", b->where);
	for (i = 0; !rc && i < n; i++) {
		size_t k = (size_t)(((double)i + demo_rng_unit(&b->rng)) *
				    (double)m / (double)n);
		s[i].day = w[k < m ? k : m - 1];
	}
	free(w);
	return rc;
}

static int by_day(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Creation days and paths of the batch's records, by day. */
static int deal(const struct demo_fixture *fx, struct demo_batch *b,
		const struct cal_calendar *cal, struct slot *s,
		struct fz_err *e)
{
	size_t i, j, k, shared = 0;
	int rc = 0;

	for (i = 0; i < b->npaths; i++) /* the paths on the batch's dates */
		for (j = 0; !b->paths[i].dates && j < b->paths[i].count; j++)
			s[shared++].path = i;
	for (i = shared; i > 1; i--) {
		size_t t;
		k = demo_rng_below(&b->rng, i);
		t = s[i - 1].path;
		s[i - 1].path = s[k].path;
		s[k].path = t;
	}
	if (shared)
		rc = spread(fx, b, cal, b->dates, s, shared, e);
	for (i = 0, k = shared; !rc && i < b->npaths; i++) {
		if (!b->paths[i].dates)
			continue;
		for (j = 0; j < b->paths[i].count; j++)
			s[k + j].path = i;
		rc = spread(fx, b, cal, b->paths[i].dates, s + k,
			    b->paths[i].count, e);
		k += b->paths[i].count;
	}
	for (i = 0; i < b->count; i++)
		s[i].order = i;
	if (!rc)
		qsort(s, b->count, sizeof(*s), by_day);
	return rc;
}

/* ---- the days of the steps ---------------------------------------------- */

void demo_eval_at(struct demo_eval *x, struct demo_batch *b,
		  const struct demo_record *r, int day, const char *where)
{
	x->batch = r->batch;
	x->kind = b->kind;
	x->params = b->params;
	x->rng = &b->rng;
	x->n = r->n;
	x->data = r->data;
	x->date = day;
	x->where = where;
}

/* "on": a day, or a working day from..to not before prev; the value is
 * evaluated first (a $param; its dates are moved to the year then). */
static int step_on(struct demo_eval *x, struct demo_batch *b,
		   const json_t *spec, int prev, int *day, const char *where,
		   struct fz_err *e)
{
	int from, to, *w = NULL;
	size_t m = 0, lo = 0;
	json_t *on = NULL;
	int rc = demo_eval(x, spec, &on, e);

	if (!rc && json_is_string(on))
		rc = demo_date(json_string_value(on), 0, day, where, e);
	else if (!rc && !(rc = window(0, on, where, &from, &to, e)))
		m = working_days(x->cal, from, to, &w);
	while (!rc && lo < m && w[lo] < prev)
		lo++;
	if (!rc && !json_is_string(on) && lo == m)
		rc = fz_err_set(e, FZ_EINVAL, "fixture",
				"%s: no working day left in 'on'", where);
	else if (!rc && !json_is_string(on))
		*day = w[lo + demo_rng_below(&b->rng, m - lo)];
	free(w);
	json_decref(on);
	return rc;
}

static int step_after(struct demo_eval *x, const struct demo_step *s, int prev,
		      int *day, struct fz_err *e)
{
	json_t *v = NULL;
	int rc = 0;

	if (s->after)
		rc = demo_eval(x, s->after, &v, e);
	if (!rc && s->after &&
	    (!json_is_integer(v) || json_integer_value(v) < 0))
		rc = fz_err_set(e, FZ_EINVAL, "fixture",
				"%s: 'after' must give a number of working "
				"days",
				x->where);
	if (!rc)
		rc = demo_add_working(x->cal, prev,
				      v ? (long)json_integer_value(v) : 0, day,
				      x->where, e);
	json_decref(v);
	return rc;
}

static int step_days(struct demo_batch *b, struct demo_record *r,
		     struct demo_eval *x, struct fz_err *e)
{
	const struct demo_path *p = &b->paths[r->path];
	char where[320], d1[CAL_DATE_LEN], d2[CAL_DATE_LEN], d3[CAL_DATE_LEN];
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < p->nsteps; i++) {
		const struct demo_step *s = &b->steps[p->steps[i]];
		int prev = r->days[i], *day = &r->days[i + 1];
		snprintf(where, sizeof(where), "%s: record %ld: step %s",
			 b->where, r->n, s->name);
		demo_eval_at(x, b, r, prev, where);
		rc = s->on ? step_on(x, b, s->on, prev, day, where, e)
			   : step_after(x, s, prev, day, e);
		if (!rc && (*day < prev || *day > b->until))
			rc = fz_err_set(
			    e, FZ_EINVAL, "fixture",
			    "%s: falls on %s, outside %s..%s (the step "
			    "before, the batch's 'until')",
			    where, cal_date_format(*day, d1),
			    cal_date_format(prev, d2),
			    cal_date_format(b->until, d3));
	}
	x->where = NULL; /* where was this function's */
	return rc;
}

static int plan_batch(const struct demo_fixture *fx, struct demo_batch *b,
		      size_t bi, struct demo_record *rec, struct demo_eval *x,
		      struct fz_err *e)
{
	struct slot *s = fz_xcalloc(b->count + 1, sizeof(*s));
	int rc = deal(fx, b, x->cal, s, e), y, m, d;
	size_t i;

	if (!rc && b->until == CAL_NO_DATE && b->count) {
		cal_date_split(s[b->count - 1].day, &y, &m, &d);
		rc = cal_date_make(y, 12, 31, &b->until, "until", e);
	}
	for (i = 0; !rc && i < b->count; i++) {
		struct demo_record *r = &rec[i];
		r->batch = bi;
		r->path = s[i].path;
		r->n = (long)i + 1;
		r->days =
		    fz_xcalloc(b->paths[r->path].nsteps + 1, sizeof(*r->days));
		r->days[0] = s[i].day;
		rc = step_days(b, r, x, e);
	}
	free(s);
	return rc;
}

/* ---- all steps in date order -------------------------------------------- */

static int by_op(const void *a, const void *b)
{
	const struct demo_op *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->record != y->record)
		return x->record < y->record ? -1 : 1;
	return x->step < y->step ? -1 : x->step > y->step;
}

static void order_ops(struct demo_plan *p, const struct demo_fixture *fx)
{
	size_t i, j, n = 0;

	for (i = 0; i < p->nrecords; i++)
		n += 1 + fx->batches[p->records[i].batch]
			     .paths[p->records[i].path]
			     .nsteps;
	p->ops = fz_xcalloc(n + 1, sizeof(*p->ops));
	for (i = 0; i < p->nrecords; i++) {
		const struct demo_record *r = &p->records[i];
		size_t steps = fx->batches[r->batch].paths[r->path].nsteps;
		for (j = 0; j <= steps; j++) {
			struct demo_op *o = &p->ops[p->nops++];
			o->day = r->days[j];
			o->record = (uint32_t)i;
			o->step = (uint32_t)j;
		}
	}
	qsort(p->ops, p->nops, sizeof(*p->ops), by_op);
}

int demo_plan_make(struct demo_plan *p, struct demo_fixture *fx,
		   struct demo_eval *x, struct fz_err *e)
{
	size_t i, n = 0;
	int rc = 0;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < fx->nbatches; i++)
		n += fx->batches[i].count;
	p->records = fz_xcalloc(n + 1, sizeof(*p->records));
	for (i = 0; !rc && i < fx->nbatches; i++) {
		rc = plan_batch(fx, &fx->batches[i], i,
				p->records + p->nrecords, x, e);
		p->nrecords += fx->batches[i].count;
	}
	if (!rc)
		order_ops(p, fx);
	return rc;
}

void demo_plan_release(struct demo_plan *p)
{
	size_t i;

	for (i = 0; i < p->nrecords; i++) {
		free(p->records[i].days);
		json_decref(p->records[i].data);
	}
	free(p->records);
	free(p->ops);
	memset(p, 0, sizeof(*p));
}
