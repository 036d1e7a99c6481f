/*
 * figures.c - see figures.h: what one record contributes to the figures,
 * the definitions they are counted under, and the change of one record.
 * The rebuild from every record is in figures_rebuild.c.
 *
 * Each rule below mirrors one clause of the recount (store_stats.c,
 * STAT_WHERE), so that the two agree record by record; the unit test
 * test_figures.c holds them to it.
 */
#include "figures_internal.h"

#include "lib/buf.h"
#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ---- a record's contributions -------------------------------------------
 */

static int is_unset(const json_t *v)
{
	return !v || json_is_null(v);
}

/* A value SQLite's json_extract returns as JSON text (an object or an
 * array), which no rule here compares as SQLite would: not kept. */
static int is_other(const json_t *v)
{
	return json_is_object(v) || json_is_array(v);
}

/* A condition as SQLite decides it on json_extract(data, field): NO, YES,
 * or UNKNOWN when the record's value is JSON text (an object or an array)
 * that would be compared as text with a text that begins as it does: the
 * record then counts as inexact (x) and the figure is recounted. */
enum { W_NO = 0, W_YES = 1, W_UNKNOWN = 2 };

/* What json_extract gives, as SQLite's comparisons order it: NULL (none),
 * then numbers (INTEGER: integers and true/false as 1/0; REAL), then TEXT
 * (strings; objects and arrays as their JSON text, of which only the
 * first byte, '{' or '[', is known here). */
enum sq_class { SQ_NULL, SQ_INT, SQ_REAL, SQ_TEXT, SQ_JSON };

struct sq_value {
	enum sq_class c;
	int64_t i;
	double r;
	const char *s; /* SQ_TEXT */
	char first;    /* SQ_JSON */
};

static struct sq_value sq_of(const json_t *v)
{
	struct sq_value x = {SQ_NULL, 0, 0, NULL, 0};

	if (is_unset(v))
		return x;
	if (json_is_boolean(v) || json_is_integer(v)) {
		x.c = SQ_INT;
		x.i = json_is_boolean(v) ? json_is_true(v)
					 : (int64_t)json_integer_value(v);
	} else if (json_is_real(v)) {
		x.c = SQ_REAL;
		x.r = json_real_value(v);
	} else if (json_is_string(v)) {
		x.c = SQ_TEXT;
		x.s = json_string_value(v);
	} else {
		x.c = SQ_JSON;
		x.first = json_is_object(v) ? '{' : '[';
	}
	return x;
}

static int sign_of(double d)
{
	return d < 0 ? -1 : d > 0;
}

/* An INTEGER against a REAL, exactly, as SQLite compares them. */
static int int_real_cmp(int64_t i, double r)
{
	int64_t t;

	if (r != r)
		return 1; /* NaN is NULL to SQLite: not reached */
	if (r < -9223372036854775808.0)
		return 1;
	if (r >= 9223372036854775808.0)
		return -1;
	t = (int64_t)r; /* exact: |r| < 2^63 */
	if (i != t)
		return i < t ? -1 : 1;
	return -sign_of(r - (double)t); /* r - t exact for a double */
}

/* The record's value x against a number w: -1, 0, 1. */
static int num_cmp(const struct sq_value *x, double w)
{
	if (x->c == SQ_INT)
		return int_real_cmp(x->i, w);
	if (x->c == SQ_REAL)
		return x->r < w ? -1 : x->r > w;
	return 1; /* text sorts after every number */
}

/* The record's value x against a text w: -1, 0, 1, or 2 when unknown. */
static int text_cmp(const struct sq_value *x, const char *w)
{
	int r;

	if (x->c == SQ_INT || x->c == SQ_REAL)
		return -1; /* numbers sort before every text */
	if (x->c == SQ_TEXT)
		return (r = strcmp(x->s, w)) < 0 ? -1 : r > 0;
	if (*w != x->first) /* binary order: the first byte decides */
		return (unsigned char)x->first < (unsigned char)*w ? -1 : 1;
	return 2;
}

static int cmp_value(const struct sq_value *x, const struct kind_where *w,
		     size_t j)
{
	return w->numeric ? num_cmp(x, w->num[j]) : text_cmp(x, w->text[j]);
}

/* x OP value j, one comparison (x is not NULL). */
static int cmp_op(enum kind_op op, int c)
{
	if (c == 2)
		return W_UNKNOWN;
	switch (op) {
	case KOP_NE:
		return c != 0;
	case KOP_LT:
		return c < 0;
	case KOP_LE:
		return c <= 0;
	case KOP_GT:
		return c > 0;
	case KOP_GE:
		return c >= 0;
	default:
		return c == 0;
	}
}

/* x IN (values): yes if one is equal, else unknown if one might be. */
static int in_list(const struct sq_value *x, const struct kind_where *w)
{
	size_t j;
	int r = W_NO, c;

	for (j = 0; j < w->nvalues; j++) {
		c = cmp_op(KOP_EQ, cmp_value(x, w, j));
		if (c == W_YES)
			return W_YES;
		if (c == W_UNKNOWN)
			r = W_UNKNOWN;
	}
	return r;
}

/* The condition of store_stats.c's cond_sql on the record's value v. */
static int where_one(const json_t *v, const struct kind_where *w)
{
	struct sq_value x = sq_of(v);

	if (w->op == KOP_PRESENT || w->op == KOP_ABSENT)
		return (x.c == SQ_NULL) == (w->op == KOP_ABSENT);
	if (x.c == SQ_NULL) /* NULL compared is NULL: not counted */
		return W_NO;
	if (w->op == KOP_IN)
		return in_list(&x, w);
	return cmp_op(w->op, cmp_value(&x, w, 0));
}

/* W_NO as soon as a condition fails; W_UNKNOWN if one is unknown. */
static int where_all(const struct kind_indicator *ind, const json_t *data)
{
	size_t i;
	int r = W_YES, c;

	for (i = 0; i < ind->nwhere; i++) {
		c = where_one(json_object_get(data, ind->where[i].field),
			      &ind->where[i]);
		if (c == W_NO)
			return W_NO;
		if (c == W_UNKNOWN)
			r = W_UNKNOWN;
	}
	return r;
}

/* The deadline `name` was met: done on or before a due date. */
static int met(const struct fig_side *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ndl; i++)
		if (!strcmp(r->dl[i].name, name) &&
		    r->dl[i].done_on != STORE_NO_DAY &&
		    r->dl[i].due != STORE_NO_DAY &&
		    r->dl[i].done_on <= r->dl[i].due)
			return 1;
	return 0;
}

/* v in units of 1/unit, rounded as SQLite's round(v * unit) is:
 * (int64)(r +- 0.5). 0 when it cannot be kept exactly. */
static int units_of(const json_t *v, double unit, int64_t *out)
{
	double r;

	*out = 0;
	if (is_unset(v))
		return 1;
	if (json_is_boolean(v))
		r = json_is_true(v) ? unit : 0; /* json_extract: 1 or 0 */
	else if (json_is_number(v))
		r = json_number_value(v) * unit;
	else
		return 0;
	if (!(r > -FIG_TERM_MAX && r < FIG_TERM_MAX))
		return 0;
	*out = (int64_t)(r + (r < 0 ? -0.5 : 0.5));
	return 1;
}

/* What a counted record adds: its group value and its value in units;
 * x when either cannot be kept exactly. */
struct term {
	const char *grp;
	int64_t s, x;
};

/* 0 when the record is not counted: an average's record without the
 * field (with_sum in the recount). */
static int term_of(const struct kind_indicator *ind, const json_t *data,
		   struct term *t)
{
	const char *f = ind->sum ? ind->sum : ind->avg;
	const json_t *v = f ? json_object_get(data, f) : NULL;
	/* a distinct count keeps its records by the field's value, as groups
	 * (a value that is not text is not kept: SQLite's DISTINCT compares
	 * numbers across types) */
	const char *by = ind->group ? ind->group : ind->distinct;
	const json_t *g = by ? json_object_get(data, by) : NULL;

	memset(t, 0, sizeof(*t));
	if (ind->avg && is_unset(v))
		return 0;
	if (f && !units_of(v, fig_unit(ind), &t->s))
		t->x = 1;
	if (json_is_string(g))
		t->grp = json_string_value(g);
	else if (!is_unset(g))
		t->x = 1;
	return 1;
}

static int four_digits(const char *s)
{
	int i;

	for (i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[4] == '-';
}

static int year_of(const char *s)
{
	return (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	       (s[3] - '0');
}

/* The year Y with 'Y-01-01' <= s <= 'Y-12-31' as text, if any: both
 * bounds begin 'YYYY-', so s must too. */
static int year_in(const char *s, int *y)
{
	if (!s || !four_digits(s))
		return 0;
	*y = year_of(s);
	return strcmp(s + 5, "01-01") >= 0 && strcmp(s + 5, "12-31") <= 0;
}

/* The first year Y with s <= 'Y-12-31' as text (FIG_NEVER: none); the
 * texts 'Y-12-31' grow with Y, so a search finds it for any s. */
static int first_year(const char *s)
{
	char end[24];
	int lo = 0, hi = FIG_NEVER, mid;

	if (four_digits(s))
		return year_of(s) + (strcmp(s + 5, "12-31") > 0);
	while (lo < hi) {
		mid = (lo + hi) / 2;
		snprintf(end, sizeof(end), "%04d-12-31", mid);
		if (strcmp(s, end) <= 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void dated(const struct kind_indicator *ind, const json_t *data,
		  const struct term *t, int sign, fig_emit_fn emit, void *arg)
{
	int y;

	if (year_in(json_string_value(json_object_get(data, ind->date)), &y))
		emit(arg, ind, y, t->grp, sign, sign * t->s, sign * t->x);
}

/* Open at the end of year Y: open_from <= 'Y-12-31' and (open_to unset or
 * open_to > 'Y-12-31'), i.e. first_year(from) <= Y < first_year(to). A
 * number compares below any text (from: open since always; to: never
 * open). */
static void open_at_end(const struct kind_indicator *ind, const json_t *data,
			const struct term *t, int sign, fig_emit_fn emit,
			void *arg)
{
	const json_t *from = json_object_get(data, ind->open_from);
	const json_t *to = json_object_get(data, ind->open_to);
	int a, b;

	if (is_other(from) || is_other(to)) {
		emit(arg, ind, FIG_YEAR_ALWAYS, NULL, 0, 0, sign);
		return;
	}
	if (is_unset(from) || (!is_unset(to) && !json_is_string(to)))
		return;
	a = json_is_string(from) ? first_year(json_string_value(from))
				 : FIG_YEAR_ALWAYS;
	b = is_unset(to) ? FIG_NEVER : first_year(json_string_value(to));
	if (a >= FIG_NEVER || b <= a)
		return;
	emit(arg, ind, a, t->grp, sign, sign * t->s, sign * t->x);
	if (b < FIG_NEVER)
		emit(arg, ind, b, t->grp, -sign, -sign * t->s, -sign * t->x);
}

void fig_contrib(const struct kind *k, const struct fig_side *r, int sign,
		 fig_emit_fn emit, void *arg)
{
	const struct kind_indicator *ind;
	struct term t;
	size_t i;

	int w;

	for (i = 0; i < k->nindicators; i++) {
		ind = &k->indicators[i];
		if (!fig_ind_kept(ind) ||
		    (w = where_all(ind, r->data)) == W_NO ||
		    (ind->on_time && !met(r, ind->on_time)) ||
		    !term_of(ind, r->data, &t))
			continue;
		if (w == W_UNKNOWN)
			t.x = 1;
		if (ind->date)
			dated(ind, r->data, &t, sign, emit, arg);
		else
			open_at_end(ind, r->data, &t, sign, emit, arg);
	}
}

/* ---- definitions ----------------------------------------------------------
 */

double fig_unit(const struct kind_indicator *ind)
{
	const char *name = ind->sum ? ind->sum : ind->avg;
	const struct kind_field *f = name ? kind_field(ind->kind, name) : NULL;

	if (!f || f->type == KF_INT)
		return 1;
	return f->type == KF_MONEY ? 100 : 10000;
}

int fig_ind_kept(const struct kind_indicator *ind)
{
	/* a distinct count of records dated in the year is kept by value;
	 * one of records open at the year's end is recounted */
	return !kind_is_rate(ind) && (!ind->distinct || ind->date);
}

int fig_kept(const struct kind *k)
{
	size_t i;

	for (i = 0; i < k->nindicators; i++)
		if (fig_ind_kept(&k->indicators[i]))
			return 1;
	return 0;
}

int fig_needs_deadlines(const struct kind *k)
{
	size_t i;

	for (i = 0; i < k->nindicators; i++)
		if (k->indicators[i].on_time)
			return 1;
	return 0;
}

/* One field of a definition line and its separator. */
static void def_part(struct fz_buf *b, const char *s, const char *sep)
{
	fz_buf_adds(b, s ? s : "-");
	fz_buf_adds(b, sep);
}

/* A value of a condition as JSON: a number as %.17g, a text quoted. */
static void def_value(struct fz_buf *b, const struct kind_where *w, size_t j)
{
	json_t *s;
	char *t;

	if (w->numeric && !w->text[j]) {
		fz_buf_addf(b, "%.17g", w->num[j]);
		return;
	}
	s = json_string(w->text[j]);
	t = json_dumps(s, JSON_ENCODE_ANY);
	fz_buf_adds(b, t);
	free(t);
	json_decref(s);
}

/* A condition: "field=value;" for an equality of an enum or a bool (as
 * it was before the other operators, so that the definitions stored then
 * still hold), else "field OP v,v;" with each value in JSON. */
static void def_where(struct fz_buf *b, const struct kind_indicator *ind,
		      const struct kind_where *w)
{
	static const char *const ops[] = {
	    [KOP_EQ] = "=",	     [KOP_NE] = "!=",
	    [KOP_LT] = "<",	     [KOP_LE] = "<=",
	    [KOP_GT] = ">",	     [KOP_GE] = ">=",
	    [KOP_IN] = " in ",	     [KOP_PRESENT] = " present",
	    [KOP_ABSENT] = " absent"};
	const struct kind_field *f = kind_field(ind->kind, w->field);
	size_t j;

	def_part(b, w->field, ops[w->op]);
	if (w->op == KOP_EQ && f &&
	    (f->type == KF_ENUM || f->type == KF_BOOL)) {
		def_part(b, w->text[0], ";");
		return;
	}
	for (j = 0; j < w->nvalues; j++) {
		fz_buf_adds(b, j ? "," : "");
		def_value(b, w, j);
	}
	fz_buf_adds(b, ";");
}

/* An indicator's line. */
static void def_line(struct fz_buf *b, const struct kind_indicator *ind)
{
	double u = fig_unit(ind);
	size_t i;

	def_part(b, ind->id, "|");
	def_part(b, ind->date, "|");
	def_part(b, ind->open_from, "|");
	def_part(b, ind->open_to, "|");
	def_part(b, ind->sum, "|");
	def_part(b, ind->avg, "|");
	def_part(b, u == 1 ? "1" : u == 100 ? "100" : "10000", "|");
	def_part(b, ind->on_time, "|");
	def_part(b, ind->group, "|");
	if (ind->distinct) /* (lines without one are written as before) */
		def_part(b, ind->distinct, "~|");
	for (i = 0; i < ind->nwhere; i++)
		def_where(b, ind, &ind->where[i]);
	fz_buf_adds(b, "\n");
}

char *fig_def(const struct kind *k)
{
	struct fz_buf b = FZ_BUF_INIT(1u << 20);
	size_t i;

	def_part(&b, FIG_VERSION " ", k->id);
	fz_buf_adds(&b, "\n");
	for (i = 0; i < k->nindicators; i++)
		if (fig_ind_kept(&k->indicators[i]))
			def_line(&b, &k->indicators[i]);
	return fz_buf_detach(&b, NULL);
}

/* *stored: the stored definition equals k's. */
static int def_matches(struct store_conn *c, const struct kind *k, int *stored,
		       int *valid, struct fz_err *e)
{
	char *have = NULL;
	int rc = store_fig_def_get(c, k->id, &have, e);

	*stored = have != NULL;
	*valid = !rc && have && !strcmp(have, k->fig_def);
	free(have);
	return rc;
}

int fig_valid(struct store_conn *c, const struct kind *k, int *valid,
	      struct fz_err *e)
{
	int stored;

	return def_matches(c, k, &stored, valid, e);
}

/* ---- one record's change --------------------------------------------------
 */

struct fig_list {
	struct store_fig *v;
	size_t n, alloc;
};

static int same_grp(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void emit_list(void *arg, const struct kind_indicator *ind, int year,
		      const char *grp, int64_t n, int64_t s, int64_t x)
{
	struct fig_list *l = arg;
	struct store_fig *f;
	size_t i;

	for (i = 0; i < l->n; i++) {
		f = &l->v[i];
		if (f->ind == ind->id && f->year == year &&
		    same_grp(f->grp, grp)) {
			f->n += n;
			f->s += s;
			f->x += x;
			return;
		}
	}
	l->v = fz_xgrow(l->v, l->n, &l->alloc, sizeof(*l->v), 16);
	l->v[l->n++] = (struct store_fig){ind->id, year, grp, n, s, x};
}

/* The deltas that are not zero, to the table. */
static int apply_list(struct store_conn *c, int64_t org_id,
		      const struct fig_list *l, struct fz_err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < l->n; i++)
		if (l->v[i].n || l->v[i].s || l->v[i].x)
			rc = store_fig_add(c, org_id, &l->v[i], e);
	return rc;
}

int fig_record_change(struct store_conn *c, const struct kind *k,
		      int64_t org_id, const struct fig_side *before,
		      const struct fig_side *after, struct fz_err *e)
{
	struct fig_list l = {NULL, 0, 0};
	int stored, valid, rc;

	if (!fig_kept(k))
		return 0;
	rc = def_matches(c, k, &stored, &valid, e);
	if (!rc && stored && !valid) /* counted under another declaration */
		return store_fig_def_put(c, k->id, NULL, e);
	if (rc || !valid)
		return rc;
	if (before)
		fig_contrib(k, before, -1, emit_list, &l);
	fig_contrib(k, after, +1, emit_list, &l);
	rc = apply_list(c, org_id, &l, e);
	free(l.v);
	return rc;
}
