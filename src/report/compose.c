/*
 * compose.c - see compose.h.
 */
#include "compose.h"

#include "lib/embedded.h"
#include "lib/xalloc.h"
#include "report/format.h"
#include "report/indicators.h"
#include "report/statements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEMPLATE_DEPARTMENT "data/report/department.md"
#define TEMPLATE_GOVERNMENT "data/report/government.md"
#define MANUAL_KIND	    "manual_figure"
#define MANUAL_OTHER	    "other" /* the section of a figure placed nowhere */
#define MANUAL_APPROX	    "manual.approximate" /* by figure */
#define VOICE_MAX	    (STORE_NAME_MAX * 4 + 1)

struct compose {
	struct store_conn *c;
	const struct kind_registry *reg;
	const struct annual_req *q;
	struct stmt_catalogue cat;
	struct tpl *t;
	json_t *all;	  /* id -> ind_all's entry: the whole subtree */
	json_t *own;	  /* the same of the organisation's own records */
	json_t *sections; /* name -> text */
	json_t *manual;	  /* confirmed manual figures of the year: data */
	json_t *approx;	  /* indicator id -> true: entered as approximate */
	json_t *printed;  /* indicator id -> true: a written statement's */
	json_t *judged;	  /* stmt id -> {id, section, label, written, reason} */
	json_t *style;	  /* report.style: id -> {unit, decimals, approx} */
	json_t *spoken;	  /* text section -> true: its part speaks */
	json_t *lists;	  /* statement id -> its list as judged */
	struct fz_err err; /* of the statements written, the first */
	json_t *outcomes;  /* the same in order */
	int voice, use_own;
	const struct stmt *cur; /* the statement judged or written */
	int orgs;		/* in the subtree, the organisation included */
	struct tpl_group *g;
	size_t ng, galloc;
	struct fz_buf out;  /* the statements asked last */
	struct fz_buf list; /* the records of the statement judged last */
	char scope[160];
	char words[TPL_VOICE_N][VOICE_MAX];
	struct tpl_env env;
};

/* ---- the template ------------------------------------------------------- */

/* Each listed value is one of the group field's. */
static int groups_known(const struct kind_indicator *ind, const char *groups)
{
	const struct kind_field *f = kind_field(ind->kind, ind->group);
	char buf[256], *save = NULL, *v;

	snprintf(buf, sizeof(buf), "%s", groups);
	for (v = strtok_r(buf, ",", &save); v; v = strtok_r(NULL, ",", &save))
		if (!f || !kind_value_label(f, v))
			return 0;
	return 1;
}

static int known(const char *name, void *arg)
{
	const struct kind_registry *reg = arg;
	const struct kind_indicator *ind;
	struct annual_fig n;

	if (annual_fig_name(name, strlen(name), &n) || n.own)
		return 0; /* @own is the marks', not a template's */
	ind = kind_indicator_find(reg, n.id);
	return ind &&
	       (!n.groups[0] || (ind->group && groups_known(ind, n.groups)));
}

struct check {
	const struct stmt_catalogue *cat;
	const char *bad;
};

static void check_one(const char *name, void *arg)
{
	struct check *k = arg;
	const char *colon = strchr(name, ':');

	if (k->bad)
		return;
	if (!strncmp(name, "say:", 4) ? !stmt_find(k->cat, colon + 1)
				      : !stmt_has_section(k->cat, colon + 1) &&
					    strcmp(colon + 1, MANUAL_OTHER))
		k->bad = name;
}

static const char *default_template(const struct annual_req *q)
{
	return stmt_voice(q->org->level) == STMT_GOVERNMENT
		   ? TEMPLATE_GOVERNMENT
		   : TEMPLATE_DEPARTMENT;
}

/* The organisation's own template (its setting report.template, the
 * nearest up the tree): malloc'ed text, or NULL. */
static char *own_template(struct store_conn *c, const struct annual_req *q)
{
	char *setting = NULL, *text = NULL;
	int64_t from;
	json_t *j;

	if (!c || !q->org->path[0] ||
	    store_setting_get(c, q->org->path, ANNUAL_TEMPLATE, &setting, &from,
			      NULL))
		return NULL;
	if (from != q->org->id) { /* a template is one organisation's */
		free(setting);
		return NULL;
	}
	j = json_loads(setting, 0, NULL);
	free(setting);
	if (json_string_value(json_object_get(j, "text")))
		text =
		    fz_xstrdup(json_string_value(json_object_get(j, "text")));
	json_decref(j);
	return text;
}

static int parse_with(struct store_conn *c, const struct kind_registry *reg,
		      const struct annual_req *q,
		      const struct stmt_catalogue *cat, struct tpl **t,
		      struct fz_err *e)
{
	const struct fz_embedded *f;
	const char *text = q->tpl;
	size_t len = q->tpl_len;
	struct check k = {cat, NULL};
	char *own = text ? NULL : own_template(c, q);
	int rc;

	if (own) {
		text = own;
		len = strlen(own);
	}
	if (!text) {
		f = fz_embedded_need(default_template(q), "template", e);
		if (!f)
			return e ? e->code : FZ_ENOTFOUND;
		text = (const char *)f->data;
		len = f->len;
	}
	rc = tpl_parse(t, text, len, known, (void *)(uintptr_t)reg, e);
	free(own);
	if (rc)
		return rc;
	tpl_statements(*t, check_one, &k);
	if (!k.bad)
		return 0;
	rc = fz_err_set(e, FZ_EINVAL, "template",
			"template: no statement or section of statements '%s' "
			"in the catalogue",
			k.bad); /* k.bad is the template's: before it goes */
	tpl_free(*t);
	*t = NULL;
	return rc;
}

int compose_parse(struct store_conn *c, const struct kind_registry *reg,
		  const struct annual_req *q, struct tpl **t, struct fz_err *e)
{
	struct stmt_catalogue cat;
	int rc = stmt_load(&cat, known, (void *)(uintptr_t)reg, e);

	if (rc)
		return rc;
	rc = parse_with(c, reg, q, &cat, t, e);
	stmt_release(&cat);
	return rc;
}

/* Both default templates against the catalogue. */
int annual_check(const struct kind_registry *reg, struct fz_err *e)
{
	static const struct store_org levels[] = {{.level = "department"},
						  {.level = "government"}};
	struct stmt_catalogue cat;
	struct tpl *t = NULL;
	size_t i;
	int rc = stmt_load(&cat, known, (void *)(uintptr_t)reg, e);

	if (rc)
		return rc;
	for (i = 0; !rc && i < sizeof(levels) / sizeof(levels[0]); i++) {
		struct annual_req q = {.org = &levels[i]};
		rc = parse_with(NULL, reg, &q, &cat, &t, e);
		tpl_free(t);
		t = NULL;
	}
	stmt_release(&cat);
	return rc;
}

/* ---- the voice ------------------------------------------------------------
 */

/* The region word of a government's name: 云溪县人民政府 → 县. */
static void region_of(const char *gov, char *out, size_t n)
{
	static const char *const words[] = {
	    "自治县", "自治旗", "自治州", "自治区", "新区", "区", "县",
	    "市",     "旗",	"州",	  "盟",	    "省",   NULL};
	const char *suffix = "人民政府";
	size_t len = strlen(gov), sl = strlen(suffix), i, wl;

	out[0] = '\0';
	if (len >= sl && !strcmp(gov + len - sl, suffix))
		len -= sl;
	for (i = 0; words[i]; i++) {
		wl = strlen(words[i]);
		if (len >= wl && !memcmp(gov + len - wl, words[i], wl)) {
			snprintf(out, n, "%s", words[i]);
			return;
		}
	}
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* How a department names itself: 本局, 本委, 本办, else 本机关. */
static const char *self_of(const char *name)
{
	if (ends_with(name, "局") || ends_with(name, "分局"))
		return "本局";
	if (ends_with(name, "委员会") || ends_with(name, "委"))
		return "本委";
	if (ends_with(name, "办公室") || ends_with(name, "办"))
		return "本办";
	return "本机关";
}

/* The nearest government at or above org (none: gov left empty). */
static void government_of(struct store_conn *c, const struct store_org *org,
			  char *out, size_t n)
{
	struct store_org o = *org;
	int depth;

	out[0] = '\0';
	for (depth = 0; depth < 16; depth++) {
		if (stmt_voice(o.level) == STMT_GOVERNMENT) {
			snprintf(out, n, "%s", o.name);
			return;
		}
		if (!o.parent_id || store_org_get(c, o.parent_id, &o, NULL))
			return;
	}
}

/* The setting report.voice overrides the words: {"self": "本局",
 * "region": "县", "gov": "…", "above": "…"}; region and gov as set up the
 * tree (a county's departments are the county's), self and above only as
 * the organisation sets them for itself. */
static void voice_setting(struct compose *x)
{
	static const char *const keys[TPL_VOICE_N] = {"self", "region", "gov",
						      "above"};
	char *text = NULL;
	int64_t from;
	json_t *j;
	size_t i;

	if (store_setting_get(x->c, x->q->org->path, ANNUAL_VOICE, &text, &from,
			      NULL))
		return;
	j = json_loads(text, 0, NULL);
	free(text);
	for (i = 0; i < TPL_VOICE_N; i++) {
		const char *v = json_string_value(json_object_get(j, keys[i]));
		int own = i == TPL_SELF || i == TPL_ABOVE;
		if (v && (!own || from == x->q->org->id))
			snprintf(x->words[i], VOICE_MAX, "%s", v);
	}
	json_decref(j);
}

static void load_style(struct compose *x)
{
	char *text = NULL;
	int64_t from;

	if (!store_setting_get(x->c, x->q->org->path, ANNUAL_STYLE, &text,
			       &from, NULL))
		x->style = json_loads(text, 0, NULL);
	free(text);
}

static void voice_of(struct compose *x)
{
	const struct store_org *org = x->q->org;
	struct store_org parent;
	char *w[TPL_VOICE_N];
	size_t i;

	for (i = 0; i < TPL_VOICE_N; i++)
		w[i] = x->words[i];
	x->voice = stmt_voice(org->level);
	government_of(x->c, org, w[TPL_GOV], VOICE_MAX);
	region_of(w[TPL_GOV], w[TPL_REGION], VOICE_MAX);
	if (x->voice == STMT_GOVERNMENT)
		snprintf(w[TPL_SELF], VOICE_MAX, "%.64s政府",
			 w[TPL_REGION][0] ? w[TPL_REGION] : "本级");
	else
		snprintf(w[TPL_SELF], VOICE_MAX, "%s", self_of(org->name));
	if (org->parent_id &&
	    !store_org_get(x->c, org->parent_id, &parent, NULL))
		snprintf(w[TPL_ABOVE], VOICE_MAX, "%s", parent.name);
	voice_setting(x);
	for (i = 0; i < TPL_VOICE_N; i++)
		x->env.voice[i] = w[i];
}

/* ---- the figures ----------------------------------------------------------
 */

static json_t *by_id(json_t *a)
{
	json_t *o = json_object(), *v;
	size_t i;

	json_array_foreach(a, i, v)
	    json_object_set(o, json_string_value(json_object_get(v, "id")), v);
	json_decref(a);
	return o;
}

static int listed(const char *groups, const char *v)
{
	size_t n = strlen(v);
	const char *p = groups;

	while (v[0] && (p = strstr(p, v)) != NULL) {
		if ((p == groups || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

/* The groups of figure x named by n: their sum, or their share. */
static double of_groups(const json_t *x, const struct annual_fig *n)
{
	double part = 0, all = 0, amount;
	const json_t *g;
	size_t i;

	json_array_foreach(json_object_get(x, "groups"), i, g)
	{
		const char *v = json_string_value(json_object_get(g, "value"));
		amount = json_number_value(json_object_get(g, "amount"));
		all += amount;
		if (v && listed(n->groups, v))
			part += amount;
	}
	if (!n->share)
		return part;
	return all > 0 ? part * 100.0 / all : 0;
}

/* The groups of x as the template reads them (valid until the next). */
static void groups_of(struct compose *x, const char *id, const json_t *fig,
		      struct tpl_fig *f)
{
	const json_t *g, *a = json_object_get(fig, "groups");
	const json_t *words =
	    x->cur ? json_object_get(x->cur->labels, id) : NULL;
	const char *w;
	size_t i;

	x->ng = 0;
	json_array_foreach(a, i, g)
	{
		x->g = fz_xgrow(x->g, x->ng, &x->galloc, sizeof(*x->g), 16);
		x->g[x->ng].value =
		    json_string_value(json_object_get(g, "value"));
		x->g[x->ng].label =
		    json_string_value(json_object_get(g, "label"));
		w = x->g[x->ng].value ? json_string_value(json_object_get(
					    words, x->g[x->ng].value))
				      : NULL;
		if (w)
			x->g[x->ng].label = w;
		x->g[x->ng++].amount =
		    json_number_value(json_object_get(g, "amount"));
	}
	f->g = x->g;
	f->ng = x->ng;
}

/* A rate's denominator this year: ratio.den, or (before the figures
 * carried it) the number of records of its denominator. */
static double den_of(const json_t *fig)
{
	const json_t *r = json_object_get(fig, "ratio");
	const json_t *d = json_object_get(r, "den");

	return d ? json_number_value(d)
		 : (double)json_integer_value(json_object_get(fig, "records"));
}

/* How the organisation writes figure id (its report.style). */
static void style_of(const struct compose *x, const char *id, struct tpl_fig *f)
{
	const json_t *s = json_object_get(x->style, id);
	const json_t *d = json_object_get(s, "decimals");

	f->unit = json_string_value(json_object_get(s, "unit"));
	f->style_decimals = d ? (int)json_integer_value(d) : -1;
	f->style_approx = json_is_true(json_object_get(s, "approx"))  ? 1
			  : json_is_true(json_object_get(s, "about")) ? 2
								      : 0;
}

static void fill_fig(struct compose *x, const char *id, const json_t *fig,
		     struct tpl_fig *f)
{
	const json_t *prev = json_object_get(fig, "previous");
	const json_t *dec = json_object_get(fig, "decimals");
	const char *kind = json_string_value(json_object_get(fig, "kind"));

	f->now = json_number_value(json_object_get(fig, "value"));
	f->has_before = prev && !json_is_null(prev);
	f->before = f->has_before ? json_number_value(prev) : 0;
	f->rate = json_object_get(fig, "ratio") != NULL;
	f->den = f->rate ? den_of(fig) : 0;
	f->decimals = dec ? (int)json_integer_value(dec) : -1;
	f->entered = kind && !strcmp(kind, MANUAL_KIND);
	f->approx = json_is_true(json_object_get(x->approx, id));
	style_of(x, id, f);
	groups_of(x, id, fig, f);
}

static int value(const char *name, struct tpl_fig *f, void *arg)
{
	struct compose *x = arg;
	struct annual_fig n;
	const json_t *fig;

	if (annual_fig_name(name, strlen(name), &n) ||
	    !(fig = json_object_get(x->use_own ? x->own : x->all, n.id)))
		return -1;
	fill_fig(x, n.id, fig, f);
	if (n.groups[0]) { /* groups are this year's only: no comparison */
		f->now = of_groups(fig, &n);
		f->has_before = 0;
		f->rate = 0;
		f->ng = 0;
	}
	return 0;
}

/* A narrative section nobody wrote: nothing where the records speak in
 * the statements of its part, （本部分待填写） where none can. */
static const char *text(const char *section, void *arg)
{
	const struct compose *x = arg;
	const char *s =
	    json_string_value(json_object_get(x->sections, section));

	if (s && *s)
		return s;
	return json_object_get(x->spoken, section) ? "" : ANNUAL_MISSING;
}

/* A record's title (or a figure's label) as Markdown text: ASCII
 * punctuation escaped, so that no title formats the report, and no figure
 * mark. */
static int add_title(struct fz_buf *b, const char *t)
{
	int rc = 0;

	for (; !rc && *t; t++) {
		if (*t == '\n' || *t == '\r')
			continue;
		if ((unsigned char)t[0] == 0xee &&
		    (unsigned char)t[1] == 0x80 &&
		    (unsigned char)t[2] >= 0x80 &&
		    (unsigned char)t[2] <= 0x82) {
			t += 2; /* the figure marks are fazhi's alone */
			continue;
		}
		if (strchr("\\`*_{}[]<>()#+-.!|~&", *t))
			rc = fz_buf_adds(b, "\\");
		if (!rc)
			rc = fz_buf_add(b, t, 1);
	}
	return rc;
}

/* ---- the manual figures ---------------------------------------------------
 */

static const char *str_at(const json_t *d, const char *key)
{
	const char *s = json_string_value(json_object_get(d, key));

	return s ? s : "";
}

/* An earlier figure of the same figure, label and unit (parts entered by
 * two sections are one figure, as the indicators add them), or NULL. */
static json_t *same_figure(const json_t *manual, const json_t *d)
{
	json_t *o;
	size_t i;

	json_array_foreach(manual, i, o)
	{
		if (!strcmp(str_at(o, "figure"), str_at(d, "figure")) &&
		    !strcmp(str_at(o, "label"), str_at(d, "label")) &&
		    !strcmp(str_at(o, "unit"), str_at(d, "unit")))
			return o;
	}
	return NULL;
}

static int add_manual(const struct store_record *r, void *arg)
{
	struct compose *x = arg;
	json_t *d = json_loads(r->data, 0, NULL), *o;
	double v = json_number_value(json_object_get(d, "value"));

	if (!d)
		return 0;
	if ((o = same_figure(x->manual, d))) {
		json_object_set_new(
		    o, "value",
		    json_real(json_number_value(json_object_get(o, "value")) +
			      v));
		if (json_is_true(json_object_get(d, "approximate")))
			json_object_set_new(o, "approximate", json_true());
		json_decref(d);
	} else if (v != 0) /* a figure of 0 says nothing */
		json_array_append_new(x->manual, d);
	else
		json_decref(d);
	return 0;
}

/* The catalogued figures entered as approximate anywhere in the subtree:
 * the groups of manual.approximate. */
static void approx_of(struct compose *x)
{
	const json_t *g;
	char id[160];
	size_t i;

	json_array_foreach(
	    json_object_get(json_object_get(x->all, MANUAL_APPROX), "groups"),
	    i, g)
	{
		const char *v = json_string_value(json_object_get(g, "value"));
		if (!v || json_number_value(json_object_get(g, "amount")) <= 0)
			continue;
		snprintf(id, sizeof(id), "manual.%s", v);
		json_object_set_new(x->approx, id, json_true());
	}
}

static int load_manual(struct compose *x, struct fz_err *e)
{
	char year[16];
	struct store_record_query q = {
	    .kind = MANUAL_KIND,
	    .root_org = x->q->org->id,
	    .fpath = {"$.figure_status", "$.year"},
	    .fval = {"confirmed", year},
	    .fnum = {0, 1},
	    .sort = STORE_SORT_ID,
	    .limit = 10000,
	    /* a government writes its own; its departments' other figures
	     * are theirs (the catalogued ones it writes by their indicators) */
	    .own_only = x->voice == STMT_GOVERNMENT,
	};

	snprintf(year, sizeof(year), "%d", x->q->year);
	if (!kind_find(x->reg, MANUAL_KIND))
		return 0;
	approx_of(x);
	return store_record_list(x->c, &q, add_manual, x, NULL, e);
}

/* The indicator of a catalogued manual figure, "manual.FIGURE". */
static void manual_id(const json_t *d, char *out, size_t n)
{
	snprintf(out, n, "manual.%s",
		 json_string_value(json_object_get(d, "figure")));
}

/* A confirmed figure no written statement prints, placed in `section`. */
static int manual_here(const struct compose *x, const json_t *d,
		       const char *section)
{
	const char *s = json_string_value(json_object_get(d, "place"));
	char id[160];

	manual_id(d, id, sizeof(id));
	if (json_object_get(x->printed, id))
		return 0;
	return s && !strcmp(s, section);
}

static void add_composed(const char *name, void *arg)
{
	if (!strncmp(name, "compose:", 8))
		json_object_set_new(arg, name + 8, json_true());
}

/* Where each manual figure is written: the section chosen for it when the
 * template composes it, else 其他 (other), else the first section the
 * template composes; none when it composes nothing. */
static void place_manual(struct compose *x)
{
	json_t *composed = json_object(), *d;
	const char *first = NULL, *s, *key;
	json_t *v;
	size_t i;

	tpl_statements(x->t, add_composed, composed);
	json_object_foreach(composed, key, v)
	{
		if (!first)
			first = key;
	}
	json_array_foreach(x->manual, i, d)
	{
		s = json_string_value(json_object_get(d, "report_section"));
		if (!s || !json_object_get(composed, s))
			s = json_object_get(composed, MANUAL_OTHER)
				? MANUAL_OTHER
				: first;
		if (s)
			json_object_set_new(d, "place", json_string(s));
	}
	json_decref(composed);
}

/* "label12.5余unit。" as the figure was entered. */
static int write_manual(struct compose *x, const json_t *d)
{
	double v = json_number_value(json_object_get(d, "value"));
	struct fz_buf *b = &x->out;
	int rc;

	rc = add_title(b, str_at(d, "label"));
	if (!rc && x->env.mark)
		rc =
		    fz_buf_adds(b, TPL_MARK_OPEN "manual.figures" TPL_MARK_MID);
	if (!rc)
		rc = fmt_decimal(b, v, v == (long long)v ? 0 : 2);
	if (!rc && json_is_true(json_object_get(d, "approximate")))
		rc = fz_buf_adds(b, "余");
	if (!rc)
		rc = add_title(b, str_at(d, "unit"));
	if (!rc && x->env.mark)
		rc = fz_buf_adds(b, TPL_MARK_CLOSE);
	return rc ? rc : fz_buf_adds(b, "。");
}

/* ---- the statements -------------------------------------------------------
 */

static const char *const reasons[] = {NULL, "无记录", "上年无数据",
				      "不适用于本级别", "已由其他表述写出"};
enum { WHY_LEVEL = 3, WHY_SAID };

/* The titles of the records a statement lists, into x->list; the number
 * of them. */
struct listing {
	struct compose *x;
	const struct stmt *s;
	size_t n;
};

/* One record's title into the list: 等 after the maximum, and stop. */
static int list_one(int64_t org_id, int64_t id, const char *number,
		    const char *title, const char *state, void *arg)
{
	struct listing *l = arg;
	struct fz_buf *b = &l->x->list;
	int book = l->s->list_book && strncmp(title, "《", strlen("《"));

	(void)org_id;
	(void)id;
	(void)number;
	(void)state;
	if (!title || !*title)
		return 0;
	if (l->n == (size_t)l->s->list_max) {
		fz_buf_adds(b, "等");
		return 1;
	}
	if (l->n++)
		fz_buf_adds(b, "、");
	if (book)
		fz_buf_adds(b, "《");
	add_title(b, title);
	if (book)
		fz_buf_adds(b, "》");
	return 0;
}

/* The titles of the records a statement lists (the organisation's own
 * for an own statement), into x->list; the number of them. */
static size_t list_of(struct compose *x, const struct stmt *s)
{
	const struct kind_indicator *ind = kind_indicator_find(x->reg, s->list);
	struct listing l = {x, s, 0};
	struct store_stat_query q;
	char from[16], to[16];

	fz_buf_setlen(&x->list, 0);
	if (!ind || kind_is_rate(ind))
		return 0;
	ind_query(ind, x->q->org->id, x->q->year, from, to, &q);
	q.own_only = s->own;
	if (store_stat_records(x->c, &q, s->list_max + 1, 0, list_one, &l,
			       NULL))
		return 0;
	return l.n;
}

static const char *list_text(void *arg)
{
	const struct compose *x = arg;

	return x->list.data ? x->list.data : "";
}

static void count_one(const char *id, void *arg)
{
	(void)id;
	++*(int *)arg;
}

static int judge_in(struct compose *x, const struct stmt *s);

/* Whether s can be written (TPL_WRITABLE) or why not; the state it set
 * for its figures (scope, labels) is reset after. */
static int judge(struct compose *x, const struct stmt *s)
{
	int why = judge_in(x, s);

	x->use_own = 0;
	x->cur = NULL;
	return why;
}

static int judge_in(struct compose *x, const struct stmt *s)
{
	int why, figures = 0;
	const struct tpl *t =
	    s->text[x->voice] ? s->text[x->voice] : s->text[0];
	struct tpl_fig f;
	size_t i;

	if (!(s->levels & (1u << x->voice)))
		return WHY_LEVEL;
	/* the organisation alone: its own figures are the roll-up's, which
	 * its other statements write (a list has no such twin) */
	if (s->own && !s->list && x->orgs <= 1)
		return WHY_SAID;
	x->use_own = s->own;
	x->cur = s;
	if (s->list && !list_of(x, s))
		return TPL_NO_DATA;
	for (i = 0; i < s->nwhen; i++) {
		memset(&f, 0, sizeof(f));
		if (value(s->when[i], &f, x) || !tpl_figure_has_data(&f))
			return TPL_NO_DATA;
	}
	for (i = 0; i < s->nunless; i++) {
		memset(&f, 0, sizeof(f));
		if (!value(s->unless[i], &f, x) && tpl_figure_has_data(&f))
			return WHY_SAID;
	}
	why = tpl_writable(t, &x->env);
	/* a list alone speaks for the records it names */
	if (why == TPL_NO_DATA && s->list) {
		tpl_indicators(t, count_one, &figures);
		if (!figures)
			why = TPL_WRITABLE;
	}
	return why;
}

static void add_printed(const char *id, void *arg)
{
	struct annual_fig n;

	if (!annual_fig_name(id, strlen(id), &n))
		json_object_set_new(arg, n.id, json_true());
}

/* What a statement says, for a person: its department text without the
 * placeholders, cut to LABEL_MAX characters (UTF-8) and "…" when cut. */
#define LABEL_MAX 40
static json_t *label_of(const char *raw)
{
	size_t n = strlen(raw), i = 0, j = 0, chars = 0;
	char *b = fz_xmalloc(n + 4);
	const char *end;
	json_t *l;

	while (i < n) {
		if (raw[i] == '{' && raw[i + 1] == '{' &&
		    (end = strstr(raw + i + 2, "}}"))) {
			i = (size_t)(end - raw) + 2;
			continue;
		}
		if (((unsigned char)raw[i] & 0xc0) != 0x80 &&
		    chars++ == LABEL_MAX) {
			memcpy(b + j, "\xe2\x80\xa6", 3); /* … */
			j += 3;
			break;
		}
		b[j++] = raw[i++];
	}
	l = json_stringn(b, j);
	free(b);
	return l;
}

static void judge_one(struct compose *x, const struct stmt *s)
{
	int why;

	if (json_object_get(x->judged, s->id))
		return;
	why = judge(x, s);
	if (!why)
		tpl_indicators(s->text[x->voice] ? s->text[x->voice]
						 : s->text[0],
			       add_printed, x->printed);
	json_object_set_new(x->judged, s->id,
			    json_pack("{s:s, s:s, s:o, s:b, s:s?}", "id", s->id,
				      "section", s->section, "label",
				      label_of(s->raw), "written", !why,
				      "reason", reasons[why]));
	/* the records a list names as judged, written as they were then */
	if (!why && s->list)
		json_object_set_new(
		    x->lists, s->id,
		    json_string(x->list.data ? x->list.data : ""));
	json_array_append(x->outcomes, json_object_get(x->judged, s->id));
}

static void judge_asked(const char *name, void *arg)
{
	struct compose *x = arg;
	const char *what = strchr(name, ':') + 1;
	size_t i;

	if (!strncmp(name, "say:", 4)) {
		judge_one(x, stmt_find(&x->cat, what));
		return;
	}
	for (i = 0; i < x->cat.n; i++)
		if (!strcmp(x->cat.v[i].section, what))
			judge_one(x, &x->cat.v[i]);
}

static int render_stmt(struct compose *x, const struct stmt *s,
		       struct fz_err *e)
{
	const json_t *j = json_object_get(x->judged, s->id);

	if (!json_is_true(json_object_get(j, "written")))
		return 0;
	x->use_own = s->own;
	x->cur = s;
	x->env.mark_scope = s->own ? ANNUAL_OWN : NULL;
	fz_buf_setlen(&x->list, 0);
	if (s->list)
		fz_buf_adds(&x->list, json_string_value(
					  json_object_get(x->lists, s->id)));
	return tpl_render(s->text[x->voice] ? s->text[x->voice] : s->text[0],
			  &x->env, &x->out, e);
}

/* A section's statements that are written, then the manual figures
 * placed in it. */
static int write_section(struct compose *x, const char *section)
{
	const json_t *d;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < x->cat.n; i++)
		if (!strcmp(x->cat.v[i].section, section))
			rc = render_stmt(x, &x->cat.v[i], &x->err);
	json_array_foreach(x->manual, i, d)
	{
		if (!rc && manual_here(x, d, section))
			rc = write_manual(x, d);
	}
	return rc;
}

static const char *statements(const char *name, void *arg)
{
	struct compose *x = arg;
	const char *what = strchr(name, ':') + 1;
	int rc;

	fz_buf_setlen(&x->out, 0);
	rc = !strncmp(name, "say:", 4)
		 ? render_stmt(x, stmt_find(&x->cat, what), &x->err)
		 : write_section(x, what);
	x->use_own = 0;
	x->cur = NULL;
	x->env.mark_scope = NULL;
	if (rc && !x->err.code)
		fz_err_set(&x->err, rc, "report", "the report is too long");
	return rc ? NULL : (x->out.data ? x->out.data : "");
}

/* The sections in which something is written: a statement, a figure. */
struct speaking {
	struct compose *x;
	json_t *said;	  /* statement section -> true: something written */
	const char *part; /* the narrative section whose part this is */
};

/* Each narrative section's part (the statements after it, up to the next
 * section) speaks when one of them writes something. */
static void speak(const char *name, void *arg)
{
	struct speaking *k = arg;
	const char *what = strchr(name, ':') + 1;
	const json_t *j;

	if (!strncmp(name, "text:", 5)) {
		k->part = what;
		return;
	}
	j = json_object_get(k->x->judged, what);
	if (k->part && (!strncmp(name, "say:", 4)
			    ? json_is_true(json_object_get(j, "written"))
			    : json_object_get(k->said, what) != NULL))
		json_object_set_new(k->x->spoken, k->part, json_true());
}

/* The narrative sections whose part writes something: a statement, or a
 * manual figure placed in it. */
static void spoken_of(struct compose *x)
{
	struct speaking k = {x, json_object(), NULL};
	const json_t *j, *d;
	size_t i;

	x->spoken = json_object();
	json_array_foreach(x->outcomes, i, j)
	{
		if (json_is_true(json_object_get(j, "written")))
			json_object_set_new(
			    k.said,
			    json_string_value(json_object_get(j, "section")),
			    json_true());
	}
	json_array_foreach(x->manual, i, d)
	{
		const char *place =
		    json_string_value(json_object_get(d, "place"));
		char id[160];
		manual_id(d, id, sizeof(id));
		if (place && !json_object_get(x->printed, id))
			json_object_set_new(k.said, place, json_true());
	}
	tpl_words(x->t, speak, &k);
	json_decref(k.said);
}

/* ---- open and close --------------------------------------------------------
 */

static int count_org(const struct store_org *o, void *arg)
{
	(void)o;
	++*(int *)arg;
	return 0;
}

/* What the figures cover: a government's report counts its departments. */
static int scope_of(struct compose *x)
{
	int orgs = 0;

	store_org_list(x->c, x->q->org->id, count_org, &orgs, NULL);
	if (orgs > 1)
		snprintf(x->scope, sizeof(x->scope),
			 "本报告所列数据汇总了本级及所属%d个单位的记录。",
			 orgs - 1);
	return orgs;
}

/* A section's text without the figure marks, which only fazhi writes. */
static json_t *clean(const char *s)
{
	size_t n = strlen(s), i, j = 0;
	char *b = fz_xmalloc(n + 1);
	json_t *j_s;

	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] == 0xee && i + 2 < n &&
		    (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] >= 0x80 &&
		    (unsigned char)s[i + 2] <= 0x82) {
			i += 2;
			continue;
		}
		b[j++] = s[i];
	}
	b[j] = '\0';
	j_s = json_stringn(b, j);
	free(b);
	return j_s;
}

static int add_section(const char *section, const char *s, int version,
		       int64_t at, const char *by, void *arg)
{
	(void)version;
	(void)at;
	(void)by;
	json_object_set_new(arg, section, clean(s));
	return 0;
}

static int load(struct compose *x, int orgs, struct fz_err *e)
{
	json_t *a = NULL;
	int rc = ind_all(x->c, x->reg, x->q->org->id, x->q->year, &a, e);

	if (rc)
		return rc;
	x->all = by_id(a);
	a = NULL;
	if (orgs > 1)
		rc = ind_all_own(x->c, x->reg, x->q->org->id, x->q->year, 1, &a,
				 e);
	x->own = a ? by_id(a) : json_incref(x->all);
	if (!rc)
		rc = store_sections_list(x->c, x->q->org->id, x->q->year,
					 add_section, x->sections, e);
	return rc ? rc : load_manual(x, e);
}

int compose_open(struct compose **out, struct store_conn *c,
		 const struct kind_registry *reg, const struct annual_req *q,
		 int mark, struct fz_err *e)
{
	struct compose *x = fz_xcalloc(1, sizeof(*x));
	int rc;

	x->c = c;
	x->reg = reg;
	x->q = q;
	x->sections = json_object();
	x->manual = json_array();
	x->approx = json_object();
	x->printed = json_object();
	x->judged = json_object();
	x->outcomes = json_array();
	x->lists = json_object();
	x->out = (struct fz_buf)FZ_BUF_INIT(1u << 20);
	x->list = (struct fz_buf)FZ_BUF_INIT(1u << 16);
	x->env = (struct tpl_env){.org = q->org->name,
				  .year = q->year,
				  .date = q->date,
				  .scope = x->scope,
				  .mark = mark,
				  .value = value,
				  .text = text,
				  .statements = statements,
				  .list = list_text,
				  .arg = x};
	voice_of(x);
	load_style(x);
	rc = stmt_load(&x->cat, known, (void *)(uintptr_t)reg, e);
	if (!rc)
		rc = parse_with(c, reg, q, &x->cat, &x->t, e);
	if (!rc)
		rc = load(x, x->orgs = scope_of(x), e);
	if (rc) {
		compose_close(x);
		return rc;
	}
	tpl_statements(x->t, judge_asked, x);
	place_manual(x);
	spoken_of(x);
	*out = x;
	return 0;
}

void compose_close(struct compose *x)
{
	if (!x)
		return;
	stmt_release(&x->cat);
	tpl_free(x->t);
	json_decref(x->all);
	json_decref(x->own);
	json_decref(x->sections);
	json_decref(x->manual);
	json_decref(x->approx);
	json_decref(x->printed);
	json_decref(x->judged);
	json_decref(x->style);
	json_decref(x->spoken);
	json_decref(x->lists);
	json_decref(x->outcomes);
	free(x->g);
	fz_buf_release(&x->out);
	fz_buf_release(&x->list);
	free(x);
}

int compose_markdown(struct compose *x, struct fz_buf *md, struct fz_err *e)
{
	int rc = tpl_render(x->t, &x->env, md, e);

	/* statements that could not be written fail the report */
	if (!rc && x->err.code)
		rc = fz_err_set(e, x->err.code, x->err.field, "%s", x->err.msg);
	return rc;
}

const json_t *compose_outcomes(const struct compose *x)
{
	return x->outcomes;
}

const struct tpl *compose_template(const struct compose *x)
{
	return x->t;
}

json_t *compose_figures(const struct compose *x)
{
	return x->all;
}

void compose_used(const struct compose *x,
		  void (*cb)(const char *id, void *arg), void *arg)
{
	const char *id;
	json_t *v;

	json_object_foreach(x->printed, id, v) cb(id, arg);
}
