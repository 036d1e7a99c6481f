/*
 * guards.c - see guards.h. Each guard is a row of `guards` below: its
 * name, how many arguments it takes, how they are checked against the kind
 * when the declaration loads, and the function that runs it.
 *
 * Guards of general use:
 *   date_not_before:A:B  date field A is not before date field B
 *   not_future:A         date field A is not after today
 *   once:F               field F had no value before this transition
 *   present:F            field F holds a value
 *   not_above:A:B        number A is not more than number B
 *   before_due:D         today is not past the due date of deadline D
 *   within_rule:A:B:R    date A is no later than the due date of rule R
 *                        counted from date B (a hearing requested within
 *                        5 working days of the notice)
 *   after_rule:A:B:R     date A is after the due date of rule R counted
 *                        from date B (no decision while the party may
 *                        still ask for a hearing)
 *   min_rule:A:B:R       date A is not before the due date of rule R
 *                        counted from date B, R being a `kind: minimum`
 *                        rule: the least period has run by A (a public
 *                        comment of a major decision may end on the 30th
 *                        day, not before; after_rule is the test for the
 *                        step that follows the period)
 *   certified_officers:U:D  at least two of the users in field U are
 *                        officers on the roster holding an enforcement
 *                        certificate valid on date D (行政处罚法 art. 42;
 *                        guard_certificate)
 * and of one kind:
 *   major_case_review    a case that meets its organisation's "major"
 *                        criteria has passed legal review (art. 58) and
 *                        collective discussion (art. 57)
 * (whether a disclosure reply's reason fits its type is enum_class, in
 * guards_work.c).
 */
#include "guards_internal.h"

#include "calendar/calendar.h"
#include "lib/jsonv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ARGS = GUARD_MAX_ARGS, ARG_LEN = GUARD_ARG_LEN };

static int split(const char *s, struct spec *sp)
{
	const char *p = s;
	size_t len;
	int i = -1;

	memset(sp, 0, sizeof(*sp));
	while (1) {
		len = strcspn(p, ":");
		if (len >= ARG_LEN || i >= MAX_ARGS)
			return -1;
		memcpy(i < 0 ? sp->name : sp->arg[i], p, len);
		if (i >= 0)
			sp->nargs = i + 1;
		if (!p[len])
			return 0;
		p += len + 1;
		i++;
	}
}

/* A field as a person reads it: its label (the name if it has none). */
static const char *lab(const struct guard_ctx *g, const char *name)
{
	const struct kind_field *f = g->kind ? kind_field(g->kind, name) : NULL;

	return f ? f->label : name;
}

/* 2024年3月5日 */
static const char *date_cn(int day, char *buf, size_t n)
{
	int y, m, d;

	cal_date_split(day, &y, &m, &d);
	snprintf(buf, n, "%d年%d月%d日", y, m, d);
	return buf;
}

int guard_arg_date_field(const struct kind *k, const char *name,
			 struct fz_err *e)
{
	const struct kind_field *f = kind_field(k, name);

	if (!f || f->type != KF_DATE)
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "'%s' is not a date field", name);
	return 0;
}

static int arg_field(const struct kind *k, const char *name, struct fz_err *e)
{
	return kind_field(k, name) ? 0
				   : fz_err_set(e, FZ_EINVAL, "guard",
						"unknown field '%s'", name);
}

/* ---- the guards -------------------------------------------------------- */

/* The checks of the guard table take the rules table (guard_def); those
 * that name no rule ignore it, and the derivations pass NULL. */
static int check_dates2(const struct kind *k, const struct rules_table *rules,
			const struct spec *s, struct fz_err *e)
{
	int rc;

	(void)rules;
	rc = guard_arg_date_field(k, s->arg[0], e);
	return rc ? rc : guard_arg_date_field(k, s->arg[1], e);
}

static int run_not_before(const struct guard_ctx *g, const struct spec *s,
			  struct fz_err *e)
{
	int a = kind_date_of(g->after, s->arg[0]);
	int b = kind_date_of(g->after, s->arg[1]);
	char da[32], db[32];

	if (a == CAL_NO_DATE || b == CAL_NO_DATE || a >= b)
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s: %s（%s）不能早于%s（%s）", s->arg[0],
			  lab(g, s->arg[0]), date_cn(a, da, sizeof(da)),
			  lab(g, s->arg[1]), date_cn(b, db, sizeof(db)));
}

static int check_date1(const struct kind *k, const struct rules_table *rules,
		       const struct spec *s, struct fz_err *e)
{
	(void)rules;
	return guard_arg_date_field(k, s->arg[0], e);
}

static int run_not_future(const struct guard_ctx *g, const struct spec *s,
			  struct fz_err *e)
{
	int a = kind_date_of(g->after, s->arg[0]);
	char da[32];

	if (a == CAL_NO_DATE || a <= g->today)
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s: %s（%s）晚于今天，不能填写将来的日期", s->arg[0],
			  lab(g, s->arg[0]), date_cn(a, da, sizeof(da)));
}

static int check_field1(const struct kind *k, const struct rules_table *rules,
			const struct spec *s, struct fz_err *e)
{
	(void)rules;
	return arg_field(k, s->arg[0], e);
}

static int run_once(const struct guard_ctx *g, const struct spec *s,
		    struct fz_err *e)
{
	json_t *v = json_object_get(g->before, s->arg[0]);

	if (!v || json_is_null(v))
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s: %s已经填写，此步骤只能办理一次", s->arg[0],
			  lab(g, s->arg[0]));
}

static int run_present(const struct guard_ctx *g, const struct spec *s,
		       struct fz_err *e)
{
	json_t *v = json_object_get(g->after, s->arg[0]);

	if (v && !json_is_null(v))
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0], "%s: 须先填写%s",
			  s->arg[0], lab(g, s->arg[0]));
}

/* not_above:A:B — one number may not exceed another (passed <= sat). */
static int number_field(const struct kind *k, const char *name,
			struct fz_err *e)
{
	const struct kind_field *f = kind_field(k, name);

	if (!f ||
	    (f->type != KF_INT && f->type != KF_DECIMAL && f->type != KF_MONEY))
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "'%s' is not a numeric field", name);
	return 0;
}

static int check_not_above(const struct kind *k,
			   const struct rules_table *rules,
			   const struct spec *s, struct fz_err *e)
{
	int rc = number_field(k, s->arg[0], e);

	(void)rules;
	return rc ? rc : number_field(k, s->arg[1], e);
}

static int run_not_above(const struct guard_ctx *g, const struct spec *s,
			 struct fz_err *e)
{
	json_t *a = json_object_get(g->after, s->arg[0]);
	json_t *b = json_object_get(g->after, s->arg[1]);

	if (!json_is_number(a) || !json_is_number(b) ||
	    json_number_value(a) <= json_number_value(b))
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s: %s（%.15g）不能大于%s（%.15g）", s->arg[0],
			  lab(g, s->arg[0]), json_number_value(a),
			  lab(g, s->arg[1]), json_number_value(b));
}

static int check_deadline1(const struct kind *k,
			   const struct rules_table *rules,
			   const struct spec *s, struct fz_err *e)
{
	(void)rules;
	return kind_deadline(k, s->arg[0])
		   ? 0
		   : fz_err_set(e, FZ_EINVAL, "guard", "unknown deadline '%s'",
				s->arg[0]);
}

static int run_before_due(const struct guard_ctx *g, const struct spec *s,
			  struct fz_err *e)
{
	int due = g->due ? g->due(g->due_arg, s->arg[0]) : CAL_NO_DATE;
	const struct kind_deadline *dl = kind_deadline(g->kind, s->arg[0]);
	char d[32];

	if (due == CAL_NO_DATE || g->today <= due)
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s: %s已于%s届满，不能再延长", s->arg[0],
			  dl ? dl->label : "期限", date_cn(due, d, sizeof(d)));
}

/* ---- guards over the statutory rules ------------------------------------ */

/* How a rule window guard compares date A with the due date of rule R
 * counted from date B. */
enum rule_window {
	RULE_WITHIN, /* within_rule: A no later than the due date */
	RULE_AFTER,  /* after_rule: A after it */
	RULE_MIN     /* min_rule: A not before it (R a minimum period) */
};

static int check_rule(const struct kind *k, const struct rules_table *rules,
		      const struct spec *s, int need_min, struct fz_err *e)
{
	const struct rules_rule *r;
	int rc = check_dates2(k, rules, s, e);

	if (rc)
		return rc;
	r = rules_find(rules, s->arg[2]);
	if (!r)
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "no statutory rule '%s'", s->arg[2]);
	if (need_min && r->kind != RULES_MINIMUM)
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "rule '%s' is not a minimum period",
				  s->arg[2]);
	return 0;
}

static int check_rule3(const struct kind *k, const struct rules_table *rules,
		       const struct spec *s, struct fz_err *e)
{
	return check_rule(k, rules, s, 0, e);
}

static int check_min_rule(const struct kind *k, const struct rules_table *rules,
			  const struct spec *s, struct fz_err *e)
{
	return check_rule(k, rules, s, 1, e);
}

/* The period of rule r as applied, as a sentence says it: 五个工作日, 三十日,
 * 至次年3月31日. */
static void period_cn(const struct rules_rule *r, char *out, size_t n)
{
	if (r->form == RULES_FIXED)
		snprintf(out, n, "至次年%d月%d日", r->month, r->mday);
	else
		snprintf(out, n, "%d%s", r->n,
			 r->form == RULES_WORKING ? "个工作日" : "日");
}

static int window_holds(enum rule_window mode, int a, int due)
{
	switch (mode) {
	case RULE_WITHIN:
		return a <= due;
	case RULE_AFTER:
		return a > due;
	default:
		return a >= due;
	}
}

/* The refusal of a rule window: the step's date, the rule by its name,
 * period and article, and the day the period ends. */
static int window_refused(const struct guard_ctx *g, const struct spec *s,
			  enum rule_window mode, const struct rules_rule *r,
			  int a, int due, struct fz_err *e)
{
	char da[32], dd[32], per[64];
	const char *basis = r->basis ? r->basis : "";

	date_cn(a, da, sizeof(da));
	date_cn(due, dd, sizeof(dd));
	period_cn(r, per, sizeof(per));
	if (mode == RULE_WITHIN)
		return fz_err_set(e, FZ_EREFUSED, s->arg[0],
				  "%s: %s（%s）已过%s的期限：自%s起%s（%s），"
				  "最后一日为%s",
				  s->arg[0], lab(g, s->arg[0]), da, r->label,
				  lab(g, s->arg[1]), per, basis, dd);
	if (mode == RULE_AFTER)
		return fz_err_set(e, FZ_EREFUSED, s->arg[0],
				  "%s: 自%s起%s内%s（%s），该期限于%s届满后方可"
				  "办理",
				  s->arg[0], lab(g, s->arg[1]), per, r->label,
				  basis, dd);
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s: %s（%s）早于%s：自%s起的%s不少于%s（%s）",
			  s->arg[0], lab(g, s->arg[0]), da, dd,
			  lab(g, s->arg[1]), r->label, per, basis);
}

static int run_rule_window(const struct guard_ctx *g, const struct spec *s,
			   enum rule_window mode, struct fz_err *e)
{
	int a = kind_date_of(g->after, s->arg[0]);
	int b = kind_date_of(g->after, s->arg[1]);
	struct cal_result res = {0};
	struct rules_rule used;
	int rc;

	if (a == CAL_NO_DATE || b == CAL_NO_DATE)
		return 0;
	memset(&used, 0, sizeof(used));
	lt_read_begin(g->lt, NULL);
	rc = lt_rule_due(g->lt, s->arg[2], g->org_path, b, NULL, 0, 0, &res,
			 &used, NULL, e);
	if (rc == FZ_ENOTFOUND)
		rc = fz_err_set(e, FZ_EINVAL, "guard", "no rule '%s'",
				s->arg[2]);
	else if (!rc && !window_holds(mode, a, res.due))
		rc = window_refused(g, s, mode, &used, a, res.due, e);
	lt_read_end(g->lt); /* `used` points into the rules until here */
	return rc;
}

static int run_within_rule(const struct guard_ctx *g, const struct spec *s,
			   struct fz_err *e)
{
	return run_rule_window(g, s, RULE_WITHIN, e);
}

static int run_after_rule(const struct guard_ctx *g, const struct spec *s,
			  struct fz_err *e)
{
	return run_rule_window(g, s, RULE_AFTER, e);
}

static int run_min_rule(const struct guard_ctx *g, const struct spec *s,
			struct fz_err *e)
{
	return run_rule_window(g, s, RULE_MIN, e);
}

/* ---- certified officers (行政处罚法 art. 42) -------------------------------
 */

static int check_officers(const struct kind *k, const struct rules_table *rules,
			  const struct spec *s, struct fz_err *e)
{
	const struct kind_field *f = kind_field(k, s->arg[0]);

	(void)rules;
	if (!f || f->type != KF_USERS)
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "'%s' is not a users field", s->arg[0]);
	return guard_arg_date_field(k, s->arg[1], e);
}

struct cert_seek {
	int day;
	struct guard_cert *out;
	int found;
};

static int cert_valid(const struct store_record *r, void *arg)
{
	struct cert_seek *cs = arg;
	json_t *d = json_loads(r->data, 0, NULL);
	int from = kind_date_of(d, "valid_from");
	int to = kind_date_of(d, "valid_to");
	const char *no = json_string_value(json_object_get(d, "cert_number"));
	const char *name =
	    json_string_value(json_object_get(d, "officer_name"));

	if (cs->day == CAL_NO_DATE ||
	    (from != CAL_NO_DATE && to != CAL_NO_DATE && from <= cs->day &&
	     cs->day <= to)) {
		cs->found = 1;
		snprintf(cs->out->number, sizeof(cs->out->number), "%s",
			 no ? no : "");
		if (name && name[0])
			snprintf(cs->out->name, sizeof(cs->out->name), "%s",
				 name);
	}
	json_decref(d);
	return cs->found;
}

/* The officer on the roster (enforcement_officer, 在岗) linked to user. */
static int officer_seek(const struct store_record *r, void *arg)
{
	struct guard_cert *out = arg;
	json_t *d = json_loads(r->data, 0, NULL);
	const char *name = json_string_value(json_object_get(d, "name"));

	out->officer = r->id;
	snprintf(out->name, sizeof(out->name), "%s", name ? name : "");
	json_decref(d);
	return 1;
}

int guard_certificate(struct store_conn *c, int64_t user, int day,
		      struct guard_cert *out)
{
	struct store_record_query q;
	struct cert_seek cs = {day, out, 0};
	char id[32];

	memset(&q, 0, sizeof(q));
	memset(out, 0, sizeof(*out));
	snprintf(id, sizeof(id), "%lld", (long long)user);
	q.kind = "enforcement_officer";
	q.state = "on_duty";
	q.fpath[0] = "$.user_id";
	q.fval[0] = id;
	q.fnum[0] = 1;
	q.limit = 1;
	store_record_list(c, &q, officer_seek, out, NULL, NULL);
	if (!out->officer)
		return 0;
	snprintf(id, sizeof(id), "%lld", (long long)out->officer);
	q.kind = "officer_certificate";
	q.state = "valid";
	q.fpath[0] = "$.officer_id";
	q.limit = 50;
	store_record_list(c, &q, cert_valid, &cs, NULL, NULL);
	return cs.found;
}

/* The refusal for user, who does not count on day: named as on the roster
 * (else by the account's display name), never by id. */
static int refuse_officer(const struct guard_ctx *g, const struct spec *s,
			  int64_t user, int day, struct fz_err *e)
{
	const struct kind_field *f = kind_field(g->kind, s->arg[0]);
	const char *label = f && f->label ? f->label : s->arg[0];
	struct guard_cert cert;
	struct store_user u;
	char d[32];

	guard_certificate(g->c, user, day, &cert);
	date_cn(day, d, sizeof(d));
	if (!cert.officer)
		return fz_err_set(
		    e, FZ_EREFUSED, s->arg[0],
		    "%s：%s未列入本单位在岗执法人员库，%s不能作为执法人员"
		    "（行政处罚法第四十二条）",
		    label,
		    store_user_by_id(g->c, user, &u, NULL) ? "所选人员"
							   : u.display_name,
		    d);
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s：%s在%s没有有效的行政执法证件（已暂扣、已注销或"
			  "不在有效期内），不能计入两名执法人员（行政处罚法第"
			  "四十二条）",
			  label, cert.name, d);
}

static int run_officers(const struct guard_ctx *g, const struct spec *s,
			struct fz_err *e)
{
	json_t *users = json_object_get(g->after, s->arg[0]), *u;
	const struct kind_field *f = kind_field(g->kind, s->arg[0]);
	int day = kind_date_of(g->after, s->arg[1]), valid = 0;
	struct guard_cert cert;
	int64_t first_bad = 0;
	size_t i;

	if (day == CAL_NO_DATE)
		day = g->today;
	json_array_foreach(users, i, u)
	{
		if (guard_certificate(g->c, json_integer_value(u), day, &cert))
			valid++;
		else if (!first_bad)
			first_bad = json_integer_value(u);
	}
	if (valid >= 2)
		return 0;
	if (first_bad)
		return refuse_officer(g, s, first_bad, day, e);
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s：应当有两名以上持有有效行政执法证件的执法人员"
			  "（行政处罚法第四十二条）",
			  f && f->label ? f->label : s->arg[0]);
}

/* ---- major cases (行政处罚法 arts. 57, 58) ------------------------------ */

static const char *const major_fields[] = {"fine",
					   "confiscated_gains",
					   "confiscated_building_area",
					   "order_demolition",
					   "license_revoked",
					   "hearing_on",
					   "legal_review_result",
					   "collective_discussion_on"};

static int check_major(const struct kind *k, const struct rules_table *rules,
		       const struct spec *s, struct fz_err *e)
{
	size_t i;

	(void)rules;
	(void)s;
	for (i = 0; i < sizeof(major_fields) / sizeof(major_fields[0]); i++)
		if (!kind_field(k, major_fields[i]))
			return fz_err_set(e, FZ_EINVAL, "guard",
					  "major_case_review needs the field "
					  "'%s'",
					  major_fields[i]);
	return 0;
}

static double num(const json_t *data, const char *f)
{
	return json_number_value(json_object_get(data, f));
}

static int set(const json_t *data, const char *f)
{
	json_t *v = json_object_get(data, f);
	return v && !json_is_null(v) && !json_is_false(v);
}

/* Why the case is major under the criteria, or NULL. The criteria are the
 * organisation's setting "major_case" (guards.h documents the default). */
static const char *major_reason(const json_t *crit, const json_t *d, char *buf,
				size_t n)
{
	json_t *min = json_object_get(crit, "min_fine");

	if (json_is_number(min) && num(d, "fine") >= json_number_value(min)) {
		snprintf(buf, n, "罚款%.15g元，达到%.15g元", num(d, "fine"),
			 json_number_value(min));
		return buf;
	}
	if (json_is_true(json_object_get(crit, "confiscation")) &&
	    (num(d, "confiscated_gains") > 0 ||
	     num(d, "confiscated_building_area") > 0))
		return "没收违法所得或者非法财物";
	if (json_is_true(json_object_get(crit, "demolition")) &&
	    set(d, "order_demolition"))
		return "责令限期拆除";
	if (json_is_true(json_object_get(crit, "license_revoked")) &&
	    set(d, "license_revoked"))
		return "吊销许可证件";
	if (json_is_true(json_object_get(crit, "hearing")) &&
	    set(d, "hearing_on"))
		return "经过听证";
	return NULL;
}

const char *guard_major_reason(const struct kind *k, struct store_conn *c,
			       const char *org_path, const json_t *data,
			       char *buf, size_t n)
{
	const char *why = NULL;
	json_t *crit;
	size_t t, i;
	int has = 0;

	for (t = 0; t < k->ntransitions && !has; t++)
		for (i = 0; i < k->transitions[t].nguards && !has; i++)
			has = !strcmp(k->transitions[t].guards[i],
				      "major_case_review");
	if (!has)
		return NULL;
	crit = guard_setting(c, org_path, "major_case", NULL);
	why = major_reason(crit, data, buf, n);
	if (why && why != buf) {
		snprintf(buf, n, "%s", why);
		why = buf;
	}
	json_decref(crit);
	return why;
}

static const struct jv_field major_case_spec[] = {
    {"min_fine", JV_INT, JV_REQUIRED, 0, 1000000000},
    {"confiscation", JV_BOOL, JV_REQUIRED, 0, 0},
    {"demolition", JV_BOOL, JV_REQUIRED, 0, 0},
    {"hearing", JV_BOOL, JV_REQUIRED, 0, 0},
    {"license_revoked", JV_BOOL, JV_REQUIRED, 0, 0},
    {NULL, 0, 0, 0, 0}};

static json_t *major_case_default(void)
{
	return json_pack("{s:f, s:b, s:b, s:b, s:b}", "min_fine",
			 GUARD_MAJOR_MIN_FINE, "confiscation", 1, "demolition",
			 1, "hearing", 1, "license_revoked", 1);
}

static const struct setting_def {
	const char *key;
	const struct jv_field *spec;
	json_t *(*fallback)(void);
} settings[] = {
    {"major_case", major_case_spec, major_case_default},
};

static const struct setting_def *setting_def(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (!strcmp(settings[i].key, key))
			return &settings[i];
	return NULL;
}

const struct jv_field *guard_setting_spec(const char *key)
{
	const struct setting_def *d = setting_def(key);

	return d ? d->spec : NULL;
}

json_t *guard_setting(struct store_conn *c, const char *org_path,
		      const char *key, int64_t *from)
{
	const struct setting_def *d = setting_def(key);
	char *text = NULL;
	int64_t by = 0;
	json_t *v = NULL;

	if (!d)
		return NULL;
	if (c && store_setting_get(c, org_path, key, &text, &by, NULL) == 0)
		v = json_loads(text, 0, NULL);
	free(text);
	if (!v) {
		v = d->fallback();
		by = 0;
	}
	if (from)
		*from = by;
	return v;
}

static int run_major(const struct guard_ctx *g, const struct spec *s,
		     struct fz_err *e)
{
	json_t *crit = guard_setting(g->c, g->org_path, "major_case", NULL);
	const char *passed =
	    json_string_value(json_object_get(g->after, "legal_review_result"));
	char buf[128];
	const char *why = major_reason(crit, g->after, buf, sizeof(buf));
	int rc = 0;

	(void)s;
	if (why && !(passed && !strcmp(passed, "passed")))
		rc = fz_err_set(e, FZ_EREFUSED, "legal_review_result",
				"legal_review_result: 重大执法决定（%s）须经"
				"法制审核通过（行政处罚法第五十八条）",
				why);
	else if (why && !set(g->after, "collective_discussion_on"))
		rc = fz_err_set(e, FZ_EREFUSED, "collective_discussion_on",
				"collective_discussion_on: 重大执法决定（%s）"
				"须经集体讨论决定（行政处罚法第五十七条）",
				why);
	json_decref(crit);
	return rc;
}

static const struct guard_def guards[] = {
    {"date_not_before", 2, check_dates2, run_not_before},
    {"not_future", 1, check_date1, run_not_future},
    {"once", 1, check_field1, run_once},
    {"present", 1, check_field1, run_present},
    {"not_above", 2, check_not_above, run_not_above},
    {"before_due", 1, check_deadline1, run_before_due},
    {"within_rule", 3, check_rule3, run_within_rule},
    {"after_rule", 3, check_rule3, run_after_rule},
    {"min_rule", 3, check_min_rule, run_min_rule},
    {"certified_officers", 2, check_officers, run_officers},
    {"major_case_review", 0, check_major, run_major},
    {NULL, 0, NULL, NULL},
};

static const struct guard_def *const tables[] = {
    guards, guards_work, guards_docs, guards_officers, guards_review};

static const struct guard_def *find(const char *text, struct spec *sp,
				    struct fz_err *e)
{
	const struct guard_def *g;
	size_t t;

	if (split(text, sp))
		goto bad;
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (g = tables[t]; g->name; g++) {
			if (strcmp(g->name, sp->name))
				continue;
			if (g->nargs == sp->nargs)
				return g;
			fz_err_set(e, FZ_EINVAL, "guard",
				   "guard '%s' takes %d argument(s)", sp->name,
				   g->nargs);
			return NULL;
		}
bad:
	fz_err_set(e, FZ_EINVAL, "guard", "unknown guard '%s'", text);
	return NULL;
}

int guard_check_decl(const struct kind *k, const struct rules_table *rules,
		     const char *text, struct fz_err *e)
{
	struct spec sp;
	const struct guard_def *g = find(text, &sp, e);

	return g ? g->check(k, rules, &sp, e) : FZ_EINVAL;
}

int guard_run(const struct guard_ctx *g, const char *text, struct fz_err *e)
{
	struct spec sp;
	const struct guard_def *d = find(text, &sp, e);

	return d ? d->run(g, &sp, e) : FZ_EINVAL;
}

/* ---- derivations -------------------------------------------------------- */

/* 政府信息公开条例 art. 31: the day a request counts as received. In
 * person: the day it was handed in; by mail: the day it was signed for;
 * over the internet or by fax: the day both sides confirmed it. */
static int derive_received_on(const struct kind_field *f, json_t *data,
			      struct fz_err *e)
{
	const char *ch = json_string_value(json_object_get(data, "channel"));
	const char *from = "submitted_on";
	json_t *v;

	if (ch && !strcmp(ch, "mail"))
		from = "signed_on";
	else if (ch && (!strcmp(ch, "online") || !strcmp(ch, "fax")))
		from = "confirmed_on";
	v = json_object_get(data, from);
	if (!v || json_is_null(v))
		return fz_err_set(e, FZ_EINVAL, from,
				  "%s: required for a request received by "
				  "'%s' (政府信息公开条例第三十一条)",
				  from, ch ? ch : "?");
	json_object_set(data, f->name, v);
	return 0;
}

/* What a derivation reads besides the record: the calendar (may be NULL:
 * working days count as calendar days) and the store (may be NULL). */
struct derive_env {
	const struct cal_calendar *cal;
	struct store_conn *c;
};

static int derive_disclosure(const struct kind_field *f, const struct spec *s,
			     json_t *data, const struct cal_calendar *cal,
			     int working, struct fz_err *e)
{
	(void)s;
	(void)cal;
	(void)working;
	return derive_received_on(f, data, e);
}

/* Days from date A to date B: calendar days, or with a calendar the
 * working days in (A, B]. Unset while either date is. */
static int span(const struct spec *s, const json_t *data,
		const struct cal_calendar *cal, int working, int *out)
{
	int a = kind_date_of(data, s->arg[0]);
	int b = kind_date_of(data, s->arg[1]);

	if (a == CAL_NO_DATE || b == CAL_NO_DATE)
		return 0;
	*out = working && cal ? cal_working_days(cal, a + 1, b) : b - a;
	return 1;
}

static int derive_days(const struct kind_field *f, const struct spec *s,
		       json_t *data, const struct cal_calendar *cal,
		       int working, struct fz_err *e)
{
	int n;

	(void)e;
	if (span(s, data, cal, working, &n))
		json_object_set_new(data, f->name, json_integer(n));
	else
		json_object_del(data, f->name);
	return 0;
}

/* N of within_*: a number written in the declaration (0: the same day,
 * 即办) or else the name of an int field. */
static int literal_days(const char *arg, long *out)
{
	char *end;
	long n;

	if (*arg < '0' || *arg > '9')
		return 0;
	n = strtol(arg, &end, 10);
	if (*end || n > 3650)
		return 0;
	*out = n;
	return 1;
}

/* true when B came within N (a number or an int field) days of A; unset
 * until B. */
static int derive_within(const struct kind_field *f, const struct spec *s,
			 json_t *data, const struct cal_calendar *cal,
			 int working, struct fz_err *e)
{
	json_t *limit = json_object_get(data, s->arg[2]);
	long max;
	int n;

	(void)e;
	if (!literal_days(s->arg[2], &max)) {
		if (!json_is_integer(limit)) {
			json_object_del(data, f->name);
			return 0;
		}
		max = (long)json_integer_value(limit);
	}
	if (!span(s, data, cal, working, &n)) {
		json_object_del(data, f->name);
		return 0;
	}
	json_object_set_new(data, f->name, json_boolean(n <= max));
	return 0;
}

/* Checks of a derivation's declaration: the field's type, the args. */
static int decl_disclosure(const struct kind *k, const struct kind_field *f,
			   const struct spec *s, struct fz_err *e)
{
	(void)k;
	(void)s;
	return f->type == KF_DATE ? 0
				  : fz_err_set(e, FZ_EINVAL, "derive",
					       "'%s' must be a date", f->name);
}

static int decl_days(const struct kind *k, const struct kind_field *f,
		     const struct spec *s, struct fz_err *e)
{
	if (f->type != KF_INT)
		return fz_err_set(e, FZ_EINVAL, "derive", "'%s' must be an int",
				  f->name);
	return check_dates2(k, NULL, s, e);
}

static int decl_within(const struct kind *k, const struct kind_field *f,
		       const struct spec *s, struct fz_err *e)
{
	const struct kind_field *n = kind_field(k, s->arg[2]);
	long days;

	if (f->type != KF_BOOL)
		return fz_err_set(e, FZ_EINVAL, "derive", "'%s' must be a bool",
				  f->name);
	if (literal_days(s->arg[2], &days))
		return check_dates2(k, NULL, s, e);
	if (!n || n->type != KF_INT)
		return fz_err_set(e, FZ_EINVAL, "derive",
				  "'%s' is not an int field", s->arg[2]);
	return check_dates2(k, NULL, s, e);
}

/* The earlier of the day after date A and date B (lapse_day:valid_to:
 * revoked_on: the first day a certificate is no longer valid, expired or
 * revoked); unset while both are. */
static int derive_lapse(const struct kind_field *f, const struct spec *s,
			json_t *data, const struct cal_calendar *cal,
			int working, struct fz_err *e)
{
	int a = kind_date_of(data, s->arg[0]);
	int b = kind_date_of(data, s->arg[1]), d;
	char buf[CAL_DATE_LEN];

	(void)cal;
	(void)working;
	(void)e;
	if (a != CAL_NO_DATE)
		a++;
	d = a == CAL_NO_DATE ? b : b == CAL_NO_DATE ? a : a < b ? a : b;
	if (d == CAL_NO_DATE)
		json_object_del(data, f->name);
	else
		json_object_set_new(data, f->name,
				    json_string(cal_date_format(d, buf)));
	return 0;
}

static int decl_lapse(const struct kind *k, const struct kind_field *f,
		      const struct spec *s, struct fz_err *e)
{
	if (f->type != KF_DATE)
		return fz_err_set(e, FZ_EINVAL, "derive", "'%s' must be a date",
				  f->name);
	return check_dates2(k, NULL, s, e);
}

/* record_field:REF:FIELD: text field FIELD of the record whose id int
 * field REF holds (a certificate's officer_name from its officer); unset
 * when there is no such record or value. Without a store it is left as
 * it is. A guard (record_ref) checks that the record is the right one. */
static int derive_record_field(const struct kind_field *f, const struct spec *s,
			       json_t *data, const struct derive_env *env,
			       struct fz_err *e)
{
	json_t *ref = json_object_get(data, s->arg[0]), *d, *v;
	struct store_record r;

	(void)e;
	if (!env->c)
		return 0;
	json_object_del(data, f->name);
	if (!json_is_integer(ref) ||
	    store_record_get(env->c, json_integer_value(ref), &r, NULL))
		return 0;
	d = json_loads(r.data, 0, NULL);
	v = json_object_get(d, s->arg[1]);
	if (json_is_string(v))
		json_object_set(data, f->name, v);
	json_decref(d);
	store_record_release(&r);
	return 0;
}

static int decl_record_field(const struct kind *k, const struct kind_field *f,
			     const struct spec *s, struct fz_err *e)
{
	const struct kind_field *ref = kind_field(k, s->arg[0]);

	if (f->type != KF_STRING && f->type != KF_TEXT)
		return fz_err_set(e, FZ_EINVAL, "derive",
				  "'%s' must be a string", f->name);
	if (!ref || ref->type != KF_INT)
		return fz_err_set(e, FZ_EINVAL, "derive",
				  "'%s' is not an int field", s->arg[0]);
	return 0;
}

static const struct derive_def {
	const char *name;
	int nargs;
	int (*check)(const struct kind *k, const struct kind_field *f,
		     const struct spec *s, struct fz_err *e);
	int (*run)(const struct kind_field *f, const struct spec *s,
		   json_t *data, const struct cal_calendar *cal, int working,
		   struct fz_err *e);
	int working; /* count working days (with a calendar) */
	/* instead of run: a derivation that reads the store */
	int (*run_env)(const struct kind_field *f, const struct spec *s,
		       json_t *data, const struct derive_env *env,
		       struct fz_err *e);
} derivations[] = {
    {"disclosure_received_on", 0, decl_disclosure, derive_disclosure, 0, NULL},
    {"days_between", 2, decl_days, derive_days, 0, NULL},
    {"working_days_between", 2, decl_days, derive_days, 1, NULL},
    {"within_days", 3, decl_within, derive_within, 0, NULL},
    {"within_working_days", 3, decl_within, derive_within, 1, NULL},
    {"lapse_day", 2, decl_lapse, derive_lapse, 0, NULL},
    {"record_field", 2, decl_record_field, NULL, 0, derive_record_field},
};

static const struct derive_def *find_derive(const char *text, struct spec *sp,
					    struct fz_err *e)
{
	size_t i;

	if (!split(text, sp))
		for (i = 0; i < sizeof(derivations) / sizeof(derivations[0]);
		     i++)
			if (!strcmp(derivations[i].name, sp->name)) {
				if (derivations[i].nargs == sp->nargs)
					return &derivations[i];
				fz_err_set(e, FZ_EINVAL, "derive",
					   "derivation '%s' takes %d "
					   "argument(s)",
					   sp->name, derivations[i].nargs);
				return NULL;
			}
	fz_err_set(e, FZ_EINVAL, "derive", "unknown derivation '%s'", text);
	return NULL;
}

int derive_check_decl(const struct kind *k, const struct kind_field *f,
		      struct fz_err *e)
{
	struct spec sp;
	const struct derive_def *d = find_derive(f->derive, &sp, e);

	return d ? d->check(k, f, &sp, e) : FZ_EINVAL;
}

int derive_run(const struct kind_field *f, json_t *data,
	       const struct cal_calendar *cal, struct store_conn *c,
	       struct fz_err *e)
{
	struct spec sp;
	const struct derive_def *d = find_derive(f->derive, &sp, e);
	struct derive_env env = {cal, c};

	if (!d)
		return FZ_EINVAL;
	return d->run_env ? d->run_env(f, &sp, data, &env, e)
			  : d->run(f, &sp, data, cal, d->working, e);
}
