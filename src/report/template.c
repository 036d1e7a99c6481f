/*
 * template.c - see template.h. The text is split once into literal and
 * placeholder pieces; rendering walks the pieces.
 */
#include "template.h"

#include "lib/xalloc.h"
#include "report/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum filter {
	F_NONE = 0,
	F_COUNT,
	F_APPROX,
	F_WAN_YUAN,
	F_YI_YUAN,
	F_WAN_M2,
	F_MU,
	F_PERCENT,
	F_NUMBER,
	F_CHANGE,
	F_PREVIOUS,
	F_ABOUT,
	F_COMPARE,
	F_WAN_M2_APPROX,
	F_LABEL,
	F_SPLIT,
	F_M2,
	F_AREA,
	F_POINTS,
	F_GROUPS,
	F_TOP
};

static const struct {
	const char *name;
	enum filter f;
	int arg; /* 0 none, 1 a unit (any text), 2 decimals 0..4 (may be
		    left out) */
} filters[] = {{"count", F_COUNT, 1},
	       {"approx", F_APPROX, 1},
	       {"wan_yuan", F_WAN_YUAN, 0},
	       {"yi_yuan", F_YI_YUAN, 0},
	       {"wan_m2", F_WAN_M2, 2},
	       {"mu", F_MU, 0},
	       {"percent", F_PERCENT, 2},
	       {"number", F_NUMBER, 0},
	       {"change", F_CHANGE, 1},
	       {"previous", F_PREVIOUS, 1},
	       {"about", F_ABOUT, 1},
	       {"compare", F_COMPARE, 1},
	       {"wan_m2_approx", F_WAN_M2_APPROX, 0},
	       {"label", F_LABEL, 1},
	       {"split", F_SPLIT, 1},
	       {"m2", F_M2, 0},
	       {"area", F_AREA, 2},
	       {"points", F_POINTS, 0},
	       {"groups", F_GROUPS, 2},
	       {"top", F_TOP, 2}};

/* Names every template may use besides indicators and text:SECTION. */
static const char *const builtins[] = {"org",	"year", "next_year", "date",
				       "scope", "self", "region",    "gov",
				       "above", "list", NULL};

static int is_builtin(const char *name)
{
	size_t i;

	for (i = 0; builtins[i]; i++)
		if (!strcmp(name, builtins[i]))
			return 1;
	return 0;
}

static int is_text(const char *name)
{
	return !strncmp(name, "text:", 5);
}

/* {{compose:SECTION}} and {{say:ID}}: statements of the catalogue. */
static int is_statements(const char *name)
{
	return !strncmp(name, "compose:", 8) || !strncmp(name, "say:", 4);
}

/* Not a figure: a builtin, a section or statements. */
static int is_word(const char *name)
{
	return is_builtin(name) || is_text(name) || is_statements(name);
}

/* What a piece is: text, a placeholder, or the bounds of a condition. */
enum { PH_TEXT = 0, PH_VALUE, PH_IF, PH_END };

struct piece {
	int is_ph;  /* PH_* */
	char *text; /* literal text, or the placeholder's name */
	enum filter f;
	char *arg;
	int line;
};

struct tpl {
	struct piece *v;
	size_t n, a;
};

static void add(struct tpl *t, struct piece p)
{
	t->v = fz_xgrow(t->v, t->n, &t->a, sizeof(*t->v), 32);
	t->v[t->n++] = p;
}

void tpl_free(struct tpl *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->v[i].text);
		free(t->v[i].arg);
	}
	free(t->v);
	free(t);
}

static int bad(struct fz_err *e, int line, const char *what, const char *ph)
{
	return fz_err_set(e, FZ_EINVAL, "template", "template line %d: %s '%s'",
			  line, what, ph);
}

static int parse_filter(struct piece *p, const char *spec, int line,
			struct fz_err *e)
{
	const char *colon = strchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec), i;

	for (i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		if (strlen(filters[i].name) != len ||
		    strncmp(filters[i].name, spec, len))
			continue;
		p->f = filters[i].f;
		if (!filters[i].arg && colon)
			return bad(e, line, "this filter takes no argument",
				   spec);
		if (filters[i].arg == 2 && colon &&
		    !(colon[1] >= '0' && colon[1] <= '4' && !colon[2]))
			return bad(e, line, "decimals must be 0 to 4", spec);
		p->arg = fz_xstrdup(colon ? colon + 1 : "");
		return 0;
	}
	return bad(e, line, "unknown filter", spec);
}

/* {{?NAME}} opens a condition on an indicator, {{/?}} closes it (the
 * inner text; it is freed here). */
static int parse_condition(struct tpl *t, char *inner, int line,
			   tpl_known_fn known, void *arg, struct fz_err *e)
{
	int end = !strcmp(inner, "/?"), rc = 0;
	const char *name = inner + 1;

	if (!end && (!*name || strchr(name, '|') || is_word(name)))
		rc = bad(e, line, "a condition names one indicator, no filter",
			 inner);
	else if (!end && known && !known(name, arg))
		rc = bad(e, line, "unknown indicator", name);
	if (!rc)
		add(t, (struct piece){end ? PH_END : PH_IF,
				      fz_xstrdup(end ? "/?" : name), F_NONE,
				      NULL, line});
	free(inner);
	return rc;
}

/* Conditions pair up and do not nest. */
static int check_conditions(const struct tpl *t, struct fz_err *e)
{
	const struct piece *open = NULL;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct piece *p = &t->v[i];
		if (p->is_ph == PH_IF && open)
			return bad(e, p->line, "conditions do not nest",
				   p->text);
		if (p->is_ph == PH_END && !open)
			return bad(e, p->line, "no condition to close",
				   "{{/?}}");
		if (p->is_ph == PH_IF)
			open = p;
		else if (p->is_ph == PH_END)
			open = NULL;
	}
	return open ? bad(e, open->line, "condition not closed", open->text)
		    : 0;
}

/* One placeholder's inside (between the braces). */
static int parse_ph(struct tpl *t, const char *s, size_t len, int line,
		    tpl_known_fn known, void *arg, struct fz_err *e)
{
	char *inner = fz_xstrndup(s, len), *bar = strchr(inner, '|');
	struct piece p = {PH_VALUE, NULL, F_NONE, NULL, line};
	int rc = 0;

	if (!strcmp(inner, "/?") || inner[0] == '?')
		return parse_condition(t, inner, line, known, arg, e);
	if (bar)
		*bar = '\0';
	p.text = fz_xstrdup(inner);
	if (!p.text[0])
		rc = bad(e, line, "empty placeholder", inner);
	else if (is_text(p.text) && !p.text[5])
		rc = bad(e, line, "a section needs a name", p.text);
	else if (is_statements(p.text) && !strchr(p.text, ':')[1])
		rc = bad(e, line, "statements need a section or an id", p.text);
	else if (is_statements(p.text) && bar)
		rc = bad(e, line, "statements take no filter", p.text);
	else if (!is_word(p.text) && known && !known(p.text, arg))
		rc = bad(e, line, "unknown indicator", p.text);
	if (!rc && bar)
		rc = parse_filter(&p, bar + 1, line, e);
	if (!rc && (p.f == F_LABEL) != (is_text(p.text) && bar))
		rc = bad(e, line,
			 is_text(p.text) ? "a section takes only label:"
					 : "label: is for sections only",
			 inner);
	free(inner);
	if (rc) {
		free(p.text);
		free(p.arg);
		return rc;
	}
	add(t, p);
	return 0;
}

static void add_literal(struct tpl *t, const char *s, size_t len, int line)
{
	if (len)
		add(t, (struct piece){PH_TEXT, fz_xstrndup(s, len), F_NONE,
				      NULL, line});
}

static int lines_in(const char *s, const char *end)
{
	int n = 0;

	for (; s < end; s++)
		n += *s == '\n';
	return n;
}

int tpl_parse(struct tpl **out, const char *text, size_t len,
	      tpl_known_fn known, void *arg, struct fz_err *e)
{
	struct tpl *t = fz_xcalloc(1, sizeof(*t));
	const char *p = text, *end = text + len, *open, *close;
	int line = 1, rc = 0;

	while (!rc && p < end) {
		open = memmem(p, (size_t)(end - p), "{{", 2);
		if (!open) {
			add_literal(t, p, (size_t)(end - p), line);
			break;
		}
		add_literal(t, p, (size_t)(open - p), line);
		line += lines_in(p, open);
		close = memmem(open + 2, (size_t)(end - open - 2), "}}", 2);
		if (!close || memchr(open, '\n', (size_t)(close - open)))
			rc = bad(e, line, "unclosed placeholder", "{{");
		else
			rc = parse_ph(t, open + 2, (size_t)(close - open - 2),
				      line, known, arg, e);
		p = close ? close + 2 : end;
	}
	if (!rc)
		rc = check_conditions(t, e);
	if (rc) {
		tpl_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

/* The figure `name` from the caller: 1 when it has one. */
static int figure(const struct tpl_env *env, const char *name,
		  struct tpl_fig *f)
{
	memset(f, 0, sizeof(*f));
	f->decimals = f->style_decimals = -1;
	return env->value && !env->value(name, f, env->arg);
}

/* The decimals of a figure: the organisation's style, else the filter's,
 * else the indicator's, else d. */
static int decimals_of(const struct piece *p, const struct tpl_fig *f, int d)
{
	if (f->style_decimals >= 0)
		return f->style_decimals;
	if (p->arg && p->arg[0] >= '0' && p->arg[0] <= '4')
		return p->arg[0] - '0';
	return f->decimals >= 0 ? f->decimals : d;
}

/* The unit a count is written in: the organisation's, else the filter's. */
static const char *unit_of(const struct piece *p, const struct tpl_fig *f)
{
	return f->unit ? f->unit : p->arg;
}

/* A count written approximately: a figure entered as approximate keeps
 * its number (约3700 is 3700余); a computed one is floored to its leading
 * digit (3260 → 3000余), as the statement asks. */
static int render_approx(const struct piece *p, const struct tpl_fig *f,
			 struct fz_buf *out)
{
	int rc;

	if (!f->entered)
		return fmt_count(out, f->now, unit_of(p, f), 1);
	rc = fmt_decimal(out, f->now, f->now == (long long)f->now ? 0 : 2);
	if (!rc && f->approx)
		rc = fz_buf_adds(out, "余");
	return rc ? rc : fz_buf_adds(out, unit_of(p, f));
}

/* An area as the organisation writes it (style unit 平方米, 万平方米 or
 * 亩), else as the filter says. */
static int render_area(const struct piece *p, const struct tpl_fig *f,
		       struct fz_buf *out)
{
	const char *u = f->unit;

	if (u && !strcmp(u, "平方米"))
		return fmt_m2(out, f->now);
	if (u && !strcmp(u, "万平方米"))
		return fmt_wan_m2(out, f->now, decimals_of(p, f, 1));
	if (u && !strcmp(u, "亩"))
		return fmt_mu(out, f->now);
	switch (p->f) {
	case F_WAN_M2:
		return fmt_wan_m2(out, f->now, decimals_of(p, f, 1));
	case F_WAN_M2_APPROX:
		return fmt_wan_m2_approx(out, f->now);
	case F_M2:
		return fmt_m2(out, f->now);
	case F_MU:
		return fmt_mu(out, f->now);
	default:
		return fmt_area(out, f->now, decimals_of(p, f, 1));
	}
}

/* Money as the organisation writes it (style unit 万元 or 亿元), else as
 * the filter says. */
static int render_money(const struct piece *p, const struct tpl_fig *f,
			struct fz_buf *out)
{
	const char *u = f->unit;

	if (u ? !strcmp(u, "亿元") : p->f == F_YI_YUAN)
		return fmt_yi_yuan(out, f->now);
	return fmt_wan_yuan(out, f->now);
}

static int render_value(const struct piece *p, const struct tpl_fig *f,
			struct fz_buf *out)
{
	double now = f->now, before = f->before;

	switch (p->f) {
	case F_COUNT:
		if (f->style_approx == 1)
			return render_approx(p, f, out);
		if (f->style_approx == 2)
			return fz_buf_adds(out, "约")
				   ? FZ_ETOOBIG
				   : fmt_count(out, now, unit_of(p, f), 0);
		return fmt_count(out, now, unit_of(p, f), 0);
	case F_APPROX:
		return render_approx(p, f, out);
	case F_ABOUT:
		return fz_buf_adds(out, "约")
			   ? FZ_ETOOBIG
			   : fmt_count(out, now, unit_of(p, f), 0);
	case F_WAN_YUAN:
	case F_YI_YUAN:
		return render_money(p, f, out);
	case F_WAN_M2:
	case F_WAN_M2_APPROX:
	case F_M2:
	case F_AREA:
	case F_MU:
		return render_area(p, f, out);
	case F_PERCENT:
		return fmt_percent_d(out, now, decimals_of(p, f, 1));
	case F_CHANGE:
		return fmt_change(out, now - before, unit_of(p, f));
	case F_COMPARE: /* only when last year has records to compare */
		if (!f->has_before)
			return 0;
		return fz_buf_adds(out, "，与去年相比")
			   ? FZ_ETOOBIG
			   : fmt_change(out, now - before, unit_of(p, f));
	case F_POINTS: /* a rate against last year's, when there is one */
		if (!f->has_before)
			return 0;
		return fz_buf_adds(out, "，较去年")
			   ? FZ_ETOOBIG
			   : fmt_points(out, now - before);
	case F_PREVIOUS:
		return fmt_count(out, before, unit_of(p, f), 0);
	default:
		return fmt_decimal(out, now, now == (long long)now ? 0 : 2);
	}
}

static int render_builtin(const struct piece *p, const struct tpl_env *env,
			  struct fz_buf *out)
{
	static const char *const voice[] = {"self", "region", "gov", "above"};
	size_t i;

	if (!strcmp(p->text, "org"))
		return fz_buf_adds(out, env->org ? env->org : "");
	if (!strcmp(p->text, "year"))
		return fz_buf_addf(out, "%d", env->year);
	if (!strcmp(p->text, "next_year"))
		return fz_buf_addf(out, "%d", env->year + 1);
	if (!strcmp(p->text, "date"))
		return env->date ? fmt_date(out, env->date) : 0;
	if (!strcmp(p->text, "list")) {
		const char *s = env->list ? env->list(env->arg) : NULL;
		return fz_buf_adds(out, s ? s : "");
	}
	for (i = 0; i < TPL_VOICE_N; i++)
		if (!strcmp(p->text, voice[i]))
			return fz_buf_adds(out,
					   env->voice[i] ? env->voice[i] : "");
	return fz_buf_adds(out, env->scope ? env->scope : "");
}

static int mark_open(const struct tpl_env *env, const char *name,
		     const char *group, struct fz_buf *out)
{
	const char *scope = env->mark_scope ? env->mark_scope : "";

	if (!env->mark)
		return 0;
	return group ? fz_buf_addf(out, TPL_MARK_OPEN "%s[%s]%s" TPL_MARK_MID,
				   name, group, scope)
		     : fz_buf_addf(out, TPL_MARK_OPEN "%s%s" TPL_MARK_MID, name,
				   scope);
}

/* The groups that hold data, largest first. */
static int by_amount(const void *a, const void *b)
{
	const struct tpl_group *x = a, *y = b;

	return x->amount < y->amount ? 1 : x->amount > y->amount ? -1 : 0;
}

/* f's groups with data and a label, largest first (malloc'ed, *n of
 * them); *rest gets the amount of the records of no group. */
static struct tpl_group *largest(const struct tpl_fig *f, size_t *n,
				 double *rest)
{
	struct tpl_group *g = fz_xcalloc(f->ng + 1, sizeof(*g));
	size_t i;

	*n = 0;
	*rest = 0;
	for (i = 0; i < f->ng; i++) {
		if (f->g[i].amount <= 0)
			continue;
		if (f->g[i].value && f->g[i].label)
			g[(*n)++] = f->g[i];
		else
			*rest += f->g[i].amount;
	}
	qsort(g, *n, sizeof(*g), by_amount);
	return g;
}

/* How many groups a filter names: its argument (1..4), else the most. */
static size_t how_many(const struct piece *p)
{
	return p->arg && p->arg[0] >= '1' && p->arg[0] <= '4'
		   ? (size_t)(p->arg[0] - '0')
		   : TPL_SPLIT_MAX;
}

/* "，其中A类3件、B类2件、其他1件": the groups with data, largest first,
 * TPL_SPLIT_MAX of them and the rest (and records of no group) as 其他;
 * nothing when fewer than two groups hold data. */
static int render_split(const struct piece *p, const struct tpl_env *env,
			const struct tpl_fig *f, struct fz_buf *out)
{
	size_t i, n, shown;
	double rest;
	struct tpl_group *g = largest(f, &n, &rest);
	int rc = 0;

	shown = n > TPL_SPLIT_MAX ? TPL_SPLIT_MAX : n;
	for (i = shown; i < n; i++)
		rest += g[i].amount;
	if (shown + (rest > 0) >= 2)
		rc = fz_buf_adds(out, "，其中");
	for (i = 0; !rc && shown + (rest > 0) >= 2 && i < shown; i++) {
		if (i)
			rc = fz_buf_adds(out, "、");
		if (!rc)
			rc = fz_buf_adds(out, g[i].label);
		if (!rc)
			rc = mark_open(env, p->text, g[i].value, out);
		if (!rc)
			rc = fmt_count(out, g[i].amount, unit_of(p, f), 0);
		if (!rc && env->mark)
			rc = fz_buf_adds(out, TPL_MARK_CLOSE);
	}
	if (!rc && shown + (rest > 0) >= 2 && rest > 0) {
		rc = fz_buf_adds(out, "、其他");
		if (!rc)
			rc = fmt_count(out, rest, unit_of(p, f), 0);
	}
	free(g);
	return rc;
}

/* "国家宪法日、全国土地日等": the labels of the N groups with data that
 * hold most (groups:N, default TPL_SPLIT_MAX), largest first, and 等 when
 * there are more. */
static int render_groups(const struct piece *p, const struct tpl_fig *f,
			 struct fz_buf *out)
{
	size_t i, n, most = how_many(p);
	double rest;
	struct tpl_group *g = largest(f, &n, &rest);
	int rc = 0;

	for (i = 0; !rc && i < n && i < most; i++)
		rc = fz_buf_addf(out, "%s%s", i ? "、" : "", g[i].label);
	if (!rc && n > most)
		rc = fz_buf_adds(out, "等");
	free(g);
	return rc;
}

/* "84.0%": the share of all of f's records that the N groups holding most
 * hold (top:N), marked as those groups (in f's order) of the figure. */
static int render_top(const struct piece *p, const struct tpl_env *env,
		      const struct tpl_fig *f, struct fz_buf *out)
{
	size_t i, j, n, most = how_many(p);
	double rest, part = 0, all;
	struct tpl_group *g = largest(f, &n, &rest);
	struct fz_buf names = FZ_BUF_INIT(1024);
	int rc = 0;

	all = rest;
	for (i = 0; i < n; i++)
		all += g[i].amount;
	for (i = 0; i < f->ng; i++) /* f's order, as a figure's name says */
		for (j = 0; j < n && j < most; j++)
			if (!strcmp(f->g[i].value ? f->g[i].value : "",
				    g[j].value)) {
				part += g[j].amount;
				fz_buf_addf(&names, "%s%s",
					    names.len ? "," : "", g[j].value);
			}
	rc = names.len ? mark_open(env, p->text, names.data, out) : 0;
	if (!rc)
		rc = fmt_percent_d(out, all > 0 ? part * 100 / all : 0,
				   f->decimals >= 0 ? f->decimals : 1);
	if (!rc && env->mark && names.len)
		rc = fz_buf_adds(out, TPL_MARK_CLOSE);
	fz_buf_release(&names);
	free(g);
	return rc;
}

/* A figure, between the marks when the caller asks for them. */
static int render_figure(const struct piece *p, const struct tpl_env *env,
			 const struct tpl_fig *f, struct fz_buf *out)
{
	int rc;

	if (p->f == F_SPLIT)
		return render_split(p, env, f, out);
	if (p->f == F_GROUPS)
		return render_groups(p, f, out);
	if (p->f == F_TOP)
		return render_top(p, env, f, out);
	if ((p->f == F_COMPARE || p->f == F_POINTS) && !f->has_before)
		return 0;
	rc = mark_open(env, p->text, NULL, out);
	if (!rc)
		rc = render_value(p, f, out);
	if (!rc && env->mark)
		rc = fz_buf_adds(out, TPL_MARK_CLOSE);
	return rc;
}

static int render_ph(const struct piece *p, const struct tpl_env *env,
		     struct fz_buf *out, struct fz_err *e)
{
	struct tpl_fig f;
	const char *s;

	if (is_builtin(p->text))
		return render_builtin(p, env, out);
	if (is_text(p->text)) {
		s = env->text ? env->text(p->text + 5, env->arg) : NULL;
		return fz_buf_adds(out, s ? s : "");
	}
	if (is_statements(p->text)) {
		s = env->statements ? env->statements(p->text, env->arg) : NULL;
		return fz_buf_adds(out, s ? s : "");
	}
	if (!figure(env, p->text, &f))
		return bad(e, p->line, "no value for", p->text);
	return render_figure(p, env, &f, out);
}

int tpl_figure_has_data(const struct tpl_fig *f)
{
	return f->rate ? f->den > 0 : f->now != 0;
}

/* A figure that writes nothing when it has nothing to say. */
static int self_omitting(const struct piece *p)
{
	return p->f == F_COMPARE || p->f == F_POINTS || p->f == F_SPLIT ||
	       p->f == F_GROUPS;
}

/* A condition (piece i) holds when its figure has data (not 0; a rate: a
 * denominator that is not 0) and so has every figure the clause prints:
 * a clause never writes a zero as a result. */
static int holds(const struct tpl *t, size_t i, const struct tpl_env *env)
{
	struct tpl_fig f;

	if (!figure(env, t->v[i].text, &f) || !tpl_figure_has_data(&f))
		return 0;
	for (i++; i < t->n && t->v[i].is_ph != PH_END; i++) {
		const struct piece *p = &t->v[i];
		if (p->is_ph != PH_VALUE || is_word(p->text) ||
		    self_omitting(p))
			continue;
		if (!figure(env, p->text, &f) || !tpl_figure_has_data(&f))
			return 0;
		/* a change needs last year's records, last year's value one */
		if ((p->f == F_CHANGE || p->f == F_PREVIOUS) && !f.has_before)
			return 0;
		if (p->f == F_PREVIOUS && f.before == 0)
			return 0;
	}
	return 1;
}

int tpl_render(const struct tpl *t, const struct tpl_env *env,
	       struct fz_buf *out, struct fz_err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < t->n; i++) {
		if (t->v[i].is_ph == PH_IF && !holds(t, i, env))
			while (t->v[i].is_ph != PH_END) /* parse paired it */
				i++;
		if (t->v[i].is_ph == PH_VALUE)
			rc = render_ph(&t->v[i], env, out, e);
		else if (t->v[i].is_ph == PH_TEXT)
			rc = fz_buf_adds(out, t->v[i].text);
	}
	if (rc == FZ_ETOOBIG)
		return fz_err_set(e, rc, "template", "the report is too long");
	return rc;
}

/* Whether the figure a piece prints is needed for the sentence to stand:
 * outside any condition, and not a comparison that leaves itself out. */
static int needs_previous(const struct piece *p)
{
	return p->f == F_CHANGE || p->f == F_PREVIOUS;
}

int tpl_writable(const struct tpl *t, const struct tpl_env *env)
{
	struct tpl_fig f;
	int inside = 0, any = 0;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct piece *p = &t->v[i];
		if (p->is_ph == PH_IF || p->is_ph == PH_END)
			inside = p->is_ph == PH_IF;
		if (p->is_ph != PH_VALUE || is_word(p->text))
			continue;
		if (!figure(env, p->text, &f))
			return TPL_NO_DATA;
		if (!inside && needs_previous(p) && !f.has_before)
			return TPL_NO_PREVIOUS;
		if (!inside && !self_omitting(p) && !tpl_figure_has_data(&f))
			return TPL_NO_DATA;
		any |= tpl_figure_has_data(&f);
	}
	return any ? TPL_WRITABLE : TPL_NO_DATA;
}

int tpl_uses_words(const struct tpl *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].is_ph == PH_VALUE &&
		    (is_text(t->v[i].text) || is_statements(t->v[i].text)))
			return 1;
	return 0;
}

/* Whether piece i is the first placeholder of its name. */
static int first_of_name(const struct tpl *t, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (t->v[j].is_ph != PH_TEXT && t->v[j].is_ph != PH_END &&
		    !strcmp(t->v[j].text, t->v[i].text))
			return 0;
	return 1;
}

void tpl_indicators(const struct tpl *t, void (*cb)(const char *id, void *arg),
		    void *arg)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if ((t->v[i].is_ph == PH_VALUE || t->v[i].is_ph == PH_IF) &&
		    !is_word(t->v[i].text) && first_of_name(t, i))
			cb(t->v[i].text, arg);
}

void tpl_words(const struct tpl *t, void (*cb)(const char *name, void *arg),
	       void *arg)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].is_ph == PH_VALUE &&
		    (is_text(t->v[i].text) || is_statements(t->v[i].text)))
			cb(t->v[i].text, arg);
}

int tpl_uses(const struct tpl *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].is_ph == PH_VALUE && !strcmp(t->v[i].text, name))
			return 1;
	return 0;
}

void tpl_statements(const struct tpl *t,
		    void (*cb)(const char *name, void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].is_ph == PH_VALUE && is_statements(t->v[i].text))
			cb(t->v[i].text, arg);
}

void tpl_sections(const struct tpl *t,
		  void (*cb)(const char *name, const char *label, void *arg),
		  void *arg)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].is_ph == PH_VALUE && is_text(t->v[i].text) &&
		    first_of_name(t, i))
			cb(t->v[i].text + 5,
			   t->v[i].arg ? t->v[i].arg : t->v[i].text + 5, arg);
}
