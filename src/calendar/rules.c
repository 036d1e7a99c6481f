/*
 * rules.c - parser and lookup of the statutory rules table (see rules.h).
 *
 * The file is a sequence of blocks, one per rule, each a `rule: ID` line
 * followed by `key: value` lines. The parser reads into a fresh array; each
 * block is checked when the next one starts (or at the end of the text) for
 * its required keys and for combinations that make no sense (a fixed date
 * with pauses, a backward period with an extension...). Only a text that
 * passes entirely replaces the table's content.
 */
#include "calendar/rules.h"
#include "calendar/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX_B 1024 /* bytes of one value */
#define ID_MAX_B   64

enum {
	K_LABEL = 1 << 0,
	K_BASIS = 1 << 1,
	K_FORM = 1 << 2,
	K_START = 1 << 3,
	K_DIRECTION = 1 << 4,
	K_KIND = 1 << 5,
	K_RESTART = 1 << 6,
	K_EXTEND = 1 << 7,
	K_NOTE = 1 << 8,
	K_PAUSE = 1 << 9 /* repeatable */
};

static const struct {
	const char *name;
	int bit;
} keys[] = {
    {"label", K_LABEL},	    {"basis", K_BASIS},		{"form", K_FORM},
    {"start", K_START},	    {"direction", K_DIRECTION}, {"kind", K_KIND},
    {"restart", K_RESTART}, {"extend", K_EXTEND},	{"note", K_NOTE},
    {"pause", K_PAUSE},
};

struct rparser {
	const char *source;
	int line;
	struct fz_err *e;
	struct rules_rule *v;
	size_t n, cap;
	int seen; /* K_* bits of the open rule (v[n - 1]) */
};

static int fail(struct rparser *ps, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct rparser *ps, int line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fz_err_set(ps->e, FZ_EINVAL, "rules", "%s line %d: %s",
			  ps->source, line, msg);
}

static void rule_release(struct rules_rule *r)
{
	free(r->id);
	free(r->label);
	free(r->basis);
	free(r->start);
	free(r->restart);
	free(r->extend_event);
	free(r->note);
	for (size_t i = 0; i < r->npauses; i++) {
		free(r->pauses[i].from);
		free(r->pauses[i].to);
	}
	free(r->pauses);
}

static void free_rules(struct rules_rule *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rule_release(&v[i]);
	free(v);
}

void rules_table_init(struct rules_table *t)
{
	t->v = NULL;
	t->n = 0;
}

void rules_table_release(struct rules_table *t)
{
	free_rules(t->v, t->n);
	rules_table_init(t);
}

const struct rules_rule *rules_find(const struct rules_table *t, const char *id)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].id, id))
			return &t->v[i];
	return NULL;
}

const char *rules_form_name(enum rules_form f)
{
	return f == RULES_WORKING    ? "working"
	       : f == RULES_CALENDAR ? "calendar"
	       : f == RULES_FIXED    ? "fixed"
				     : "unknown";
}

/* ---- values ----------------------------------------------------------- */

/* Strict decimal 1..CAL_MAX_UNITS, or -1. */
static int parse_units(const char *s, size_t n)
{
	int v = 0;

	if (n == 0 || n > 4)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1 && v <= CAL_MAX_UNITS ? v : -1;
}

static int is_word(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(s, w, n);
}

/* `working N`, `calendar N` or `fixed MM-DD`. */
static int v_form(struct rparser *ps, struct rules_rule *r, const char *s,
		  size_t n)
{
	size_t t = cal_token_len(s, n), b = t + cal_blank_len(s + t, n - t);
	const char *a = s + b;
	size_t an = n - b;
	int day;

	if (is_word(s, t, "working") || is_word(s, t, "calendar")) {
		r->form = s[0] == 'w' ? RULES_WORKING : RULES_CALENDAR;
		r->n = parse_units(a, an);
		if (r->n < 0)
			return fail(ps, ps->line,
				    "'%.*s' is not a day count in 1..%d",
				    an > 20 ? 20 : (int)an, a, CAL_MAX_UNITS);
		return 0;
	}
	if (is_word(s, t, "fixed")) {
		r->form = RULES_FIXED;
		/* 2001 is not a leap year: 02-29 is refused. */
		if (an != 5 || a[2] != '-' || parse_units(a, 2) < 0 ||
		    parse_units(a + 3, 2) < 0 ||
		    cal_date_make(2001, parse_units(a, 2),
				  parse_units(a + 3, 2), &day, NULL, NULL))
			return fail(ps, ps->line,
				    "'%.*s' is not a day of the year (MM-DD)",
				    an > 20 ? 20 : (int)an, a);
		r->month = parse_units(a, 2);
		r->mday = parse_units(a + 3, 2);
		return 0;
	}
	return fail(ps, ps->line,
		    "form '%.*s' is not 'working N', 'calendar N' or "
		    "'fixed MM-DD'",
		    n > 40 ? 40 : (int)n, s);
}

/* `FROM .. TO` */
static int v_pause(struct rparser *ps, struct rules_rule *r, const char *s,
		   size_t n)
{
	const char *dots = NULL;
	size_t a, b;

	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '.' && s[i + 1] == '.') {
			dots = s + i;
			break;
		}
	a = dots ? (size_t)(dots - s) : 0;
	while (a > 0 && (s[a - 1] == ' ' || s[a - 1] == '\t'))
		a--;
	b = dots ? (size_t)(dots - s) + 2 : n;
	b += cal_blank_len(s + b, n - b);
	if (!dots || a == 0 || b == n)
		return fail(ps, ps->line,
			    "pause needs 'FROM-EVENT .. TO-EVENT'");
	r->pauses =
	    fz_xrealloc(r->pauses, (r->npauses + 1) * sizeof(*r->pauses));
	r->pauses[r->npauses].from = fz_xstrndup(s, a);
	r->pauses[r->npauses].to = fz_xstrndup(s + b, n - b);
	r->npauses++;
	return 0;
}

/* `N EVENT` */
static int v_extend(struct rparser *ps, struct rules_rule *r, const char *s,
		    size_t n)
{
	size_t t = cal_token_len(s, n), b = t + cal_blank_len(s + t, n - t);

	r->extend_max = parse_units(s, t);
	if (r->extend_max < 0)
		return fail(ps, ps->line,
			    "extend needs 'N EVENT' with N in 1..%d, not "
			    "'%.*s'",
			    CAL_MAX_UNITS, t > 20 ? 20 : (int)t, s);
	if (b == n)
		return fail(ps, ps->line,
			    "extend needs the event that grants it");
	r->extend_event = fz_xstrndup(s + b, n - b);
	return 0;
}

static int v_choice(struct rparser *ps, const char *key, const char *s,
		    size_t n, const char *a, const char *b, int *out)
{
	if (is_word(s, n, a) || is_word(s, n, b)) {
		*out = is_word(s, n, b);
		return 0;
	}
	return fail(ps, ps->line, "%s '%.*s' is not '%s' or '%s'", key,
		    n > 40 ? 40 : (int)n, s, a, b);
}

static int value(struct rparser *ps, struct rules_rule *r, int bit,
		 const char *s, size_t n)
{
	char **dst;
	int v;

	switch (bit) {
	case K_FORM:
		return v_form(ps, r, s, n);
	case K_PAUSE:
		return v_pause(ps, r, s, n);
	case K_EXTEND:
		return v_extend(ps, r, s, n);
	case K_DIRECTION:
		return v_choice(ps, "direction", s, n, "after", "before",
				&r->backward);
	case K_KIND:
		if (v_choice(ps, "kind", s, n, "deadline", "minimum", &v))
			return FZ_EINVAL;
		r->kind = v ? RULES_MINIMUM : RULES_DEADLINE;
		return 0;
	}
	dst = bit == K_LABEL	 ? &r->label
	      : bit == K_BASIS	 ? &r->basis
	      : bit == K_START	 ? &r->start
	      : bit == K_RESTART ? &r->restart
				 : &r->note;
	*dst = fz_xstrndup(s, n);
	return 0;
}

/* ---- blocks ----------------------------------------------------------- */

/* Check the open rule once its block is complete. */
static int finish(struct rparser *ps)
{
	struct rules_rule *r;
	static const struct {
		int bit;
		const char *name;
	} need[] = {{K_LABEL, "label"},
		    {K_BASIS, "basis"},
		    {K_FORM, "form"},
		    {K_START, "start"}};

	if (ps->n == 0)
		return 0;
	r = &ps->v[ps->n - 1];
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (!(ps->seen & need[i].bit))
			return fail(ps, r->line, "rule '%s' has no '%s'", r->id,
				    need[i].name);
	if (r->form == RULES_FIXED &&
	    (r->npauses || r->extend_max || r->restart || r->backward))
		return fail(ps, r->line,
			    "rule '%s': a fixed date takes no pause, "
			    "restart, extension or direction",
			    r->id);
	if (r->backward && (r->npauses || r->extend_max))
		return fail(ps, r->line,
			    "rule '%s': a period counted backward takes no "
			    "pause or extension",
			    r->id);
	return 0;
}

static int check_id(struct rparser *ps, const char *s, size_t n)
{
	if (n == 0 || n > ID_MAX_B)
		return fail(ps, ps->line,
			    "a rule id of 1..%d characters is "
			    "needed",
			    ID_MAX_B);
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		      s[i] == '_' || s[i] == '-'))
			return fail(ps, ps->line,
				    "rule id '%.*s' may hold only a-z, 0-9, "
				    "'.', '_' and '-'",
				    (int)n, s);
	for (size_t i = 0; i < ps->n; i++)
		if (is_word(s, n, ps->v[i].id))
			return fail(ps, ps->line,
				    "rule '%.*s' is defined twice (first at "
				    "line %d)",
				    (int)n, s, ps->v[i].line);
	return 0;
}

static int open_rule(struct rparser *ps, const char *s, size_t n)
{
	struct rules_rule *r;
	int rc = finish(ps);

	if (!rc)
		rc = check_id(ps, s, n);
	if (rc)
		return rc;
	ps->v = fz_xgrow(ps->v, ps->n, &ps->cap, sizeof(*ps->v), 32);
	r = &ps->v[ps->n++];
	memset(r, 0, sizeof(*r));
	r->id = fz_xstrndup(s, n);
	r->line = ps->line;
	ps->seen = 0;
	return 0;
}

static int key_line(struct rparser *ps, const char *k, size_t kn, const char *s,
		    size_t n)
{
	int bit = 0;

	if (is_word(k, kn, "rule"))
		return open_rule(ps, s, n);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (is_word(k, kn, keys[i].name))
			bit = keys[i].bit;
	if (!bit)
		return fail(ps, ps->line, "unknown key '%.*s'",
			    kn > 40 ? 40 : (int)kn, k);
	if (ps->n == 0)
		return fail(ps, ps->line,
			    "'%.*s' before the first 'rule:' line", (int)kn, k);
	if ((ps->seen & bit) && bit != K_PAUSE)
		return fail(ps, ps->line, "'%.*s' given twice in rule '%s'",
			    (int)kn, k, ps->v[ps->n - 1].id);
	if (n == 0 || n > TEXT_MAX_B)
		return fail(ps, ps->line, "'%.*s' needs a value of 1..%d bytes",
			    (int)kn, k, TEXT_MAX_B);
	ps->seen |= bit;
	return value(ps, &ps->v[ps->n - 1], bit, s, n);
}

static int line(struct rparser *ps, const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t kn, b;

	if (cal_text_check(s, n))
		return fail(ps, ps->line,
			    "not UTF-8 text, or a control character");
	if (!colon)
		return fail(ps, ps->line, "expected 'key: value'");
	kn = (size_t)(colon - s);
	while (kn > 0 && (s[kn - 1] == ' ' || s[kn - 1] == '\t'))
		kn--;
	b = (size_t)(colon - s) + 1;
	b += cal_blank_len(s + b, n - b);
	return key_line(ps, s, kn, s + b, n - b);
}

int rules_table_load(struct rules_table *t, const char *text, size_t len,
		     const char *source, struct fz_err *e)
{
	struct rparser ps = {.source = source ? source : "rules", .e = e};
	struct cal_lines it;
	const char *s;
	size_t n;
	int rc = 0;

	cal_lines_init(&it, text, len);
	while (!rc && cal_lines_next(&it, &s, &n)) {
		ps.line = it.line;
		if (n && s[0] != '#')
			rc = line(&ps, s, n);
	}
	if (!rc)
		rc = finish(&ps);
	if (rc) {
		free_rules(ps.v, ps.n);
		return rc;
	}
	rules_table_release(t);
	t->v = ps.v;
	t->n = ps.n;
	return 0;
}

/* ---- due dates -------------------------------------------------------- */

static int fixed_due(const struct rules_rule *r, int start,
		     struct cal_result *res, struct fz_err *e)
{
	struct cal_result x = {0};
	int y;

	if (!cal_date_valid(start))
		return fz_err_set(e, FZ_EINVAL, "start",
				  "start date outside 1900-01-01..2200-12-31");
	y = cal_date_year(start) + 1;
	if (cal_date_make(y, r->month, r->mday, &x.due, "start", e))
		return FZ_EINVAL;
	x.nominal = x.base_due = x.base_nominal = x.due;
	x.span_from = x.span_to = x.due;
	*res = x;
	return 0;
}

int rules_due(const struct rules_rule *r, const struct cal_calendar *c,
	      int start, const struct cal_pause *pauses, size_t npauses,
	      int extend, struct cal_result *res, struct fz_err *e)
{
	struct cal_period p = {
	    .form = (enum cal_form)r->form,
	    .start = start,
	    .n = r->n,
	    .extend = extend,
	    .backward = r->backward,
	    .pauses = pauses,
	    .npauses = npauses,
	};

	if (extend < 0 || extend > r->extend_max)
		return r->extend_max
			   ? fz_err_set(e, FZ_EINVAL, "extend",
					"extension %d exceeds the %d allowed "
					"by rule '%s'",
					extend, r->extend_max, r->id)
			   : fz_err_set(e, FZ_EINVAL, "extend",
					"rule '%s' allows no extension", r->id);
	if (r->form != RULES_FIXED)
		return cal_due(c, &p, res, e);
	if (npauses)
		return fz_err_set(e, FZ_EINVAL, "pause",
				  "rule '%s' is a fixed date: no pauses",
				  r->id);
	return fixed_due(r, start, res, e);
}
