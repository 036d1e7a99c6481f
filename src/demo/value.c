/*
 * value.c - the value language of the demo fixture (internal.h gives the
 * literals and the "$..." strings). Operations, each an object whose first
 * key names it:
 *
 *   {"$pick": [v, ...]} or {"$pick": "@list"}   one at random
 *   {"$cycle": [v, ...], "rounds": ["", "（变更）"]} the next of the list,
 *        in turn (the k-th evaluation of this $cycle takes item k % len);
 *        with rounds, the text of the round (how many times the list was
 *        gone through) is appended
 *   {"$share": [[v, count], ...]}  a bag of sum(count) values handed out in
 *        random order (exactly: 140 natural persons of 157 requests)
 *   {"$split": total, "parts": n, "min": m, "unit": u, "spread": s}
 *        a bag of n multiples of u, each at least m, adding up to total
 *        exactly (fines of 2828100 yuan over 43 decisions); spread is the
 *        standard deviation of the log of the weights (default 0.6)
 *   {"$int": [a, b]}              a whole number from a to b
 *   {"$concat": [v, ...]}         the texts (numbers written out) joined
 *   {"$merge": [v, ...]}          the objects joined, later keys winning
 *   {"$date": n}                  the step's day moved by n working days
 *   {"$ref": "parties.0.name"}    a value of the input being built, else of
 *                                 the record as written
 *   {"$user": "zhifa"}, {"$users": ["zhifa", "bb_wanglei"]}  account ids
 *   {"$org": "临江区司法局"}       an organisation's id (an org field)
 *   {"$officer": "zhifa"}         the id of the officer on the roster
 *                                 (enforcement_officer, 在岗) linked to
 *                                 that account: a certificate's officer
 *   {"$person": true}             张建华: a personal name
 *   {"$company": "重庆"}          重庆鑫源建材有限公司
 *   {"$id_number": "500109"}, {"$credit_code": "500109"}, {"$phone": true}
 *   {"$param": "fine"}            the batch's value of that name (a step of
 *                                 steps.json shared by batches takes its
 *                                 amounts and bags from each batch)
 *   {"$count": "decision"}        1, 2, 3 ... per name and batch, in the
 *                                 order the steps are taken (document
 *                                 numbers)
 *   {"$label": "violation_type"}  the label of that enum field's value
 *
 * A value drawn (from $pick, $cycle, $share) is itself evaluated, so a bag
 * may hold whole objects (a reply type with its reason) and bags nested
 * in them are drawn only by the records that drew their holder.
 */
#include "internal.h"

#include "lib/buf.h"
#include "lib/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct demo_bag {
	const json_t *node;
	char where[192];
	const json_t **items; /* $share: the values, shuffled */
	json_t **nums;	      /* $split: the numbers */
	size_t n, used;	      /* $cycle: used counts, n stays 0 */
	int cycle;
};

/* ---- bags ------------------------------------------------------------- */

void demo_bags_release(struct demo_bags *b)
{
	size_t i, j;

	for (i = 0; i < b->n; i++) {
		for (j = 0; b->v[i].nums && j < b->v[i].n; j++)
			json_decref(b->v[i].nums[j]);
		free(b->v[i].nums);
		free(b->v[i].items);
	}
	free(b->v);
	memset(b, 0, sizeof(*b));
}

int demo_bags_check(const struct demo_bags *b, struct fz_err *e)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!b->v[i].cycle && b->v[i].used != b->v[i].n)
			return fz_err_set(e, FZ_EINVAL, "fixture",
					  "%s: the bag holds %zu values but "
					  "%zu records took one",
					  b->v[i].where, b->v[i].n,
					  b->v[i].used);
	return 0;
}

static struct demo_bag *bag_find(struct demo_bags *b, const json_t *node)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (b->v[i].node == node)
			return &b->v[i];
	return NULL;
}

static struct demo_bag *bag_new(struct demo_eval *x, const json_t *node,
				const char *op)
{
	struct demo_bags *b = x->bags;
	struct demo_bag *g;

	b->v = fz_xgrow(b->v, b->n, &b->a, sizeof(*b->v), 16);
	g = &b->v[b->n++];
	memset(g, 0, sizeof(*g));
	g->node = node;
	snprintf(g->where, sizeof(g->where), "%s: %s", x->where, op);
	return g;
}

static int share_fill(struct demo_eval *x, struct demo_bag *g,
		      const json_t *arg, struct fz_err *e)
{
	size_t i, k, c, total = 0;
	const json_t *p;

	json_array_foreach(arg, i, p)
	{
		json_t *cnt = json_array_get(p, 1);
		if (json_array_size(p) != 2 || !json_is_integer(cnt) ||
		    json_integer_value(cnt) < 0)
			return fz_err_set(e, FZ_EINVAL, "fixture",
					  "%s: each item is [value, count]",
					  g->where);
		total += (size_t)json_integer_value(cnt);
	}
	g->items = fz_xcalloc(total ? total : 1, sizeof(*g->items));
	json_array_foreach(arg, i, p)
	{
		c = (size_t)json_integer_value(json_array_get(p, 1));
		for (k = 0; k < c; k++)
			g->items[g->n++] = json_array_get(p, 0);
	}
	for (i = g->n; i > 1; i--) { /* Fisher-Yates */
		const json_t *t;
		k = demo_rng_below(x->rng, i);
		t = g->items[i - 1];
		g->items[i - 1] = g->items[k];
		g->items[k] = t;
	}
	return 0;
}

/* ---- $split --------------------------------------------------------------
 */

struct split_spec {
	double total, min, unit, spread;
	long long parts;
};

static int split_spec_of(const json_t *node, const char *where,
			 struct split_spec *s, struct fz_err *e)
{
	json_t *p = json_object_get(node, "parts");

	s->total = json_number_value(json_object_get(node, "$split"));
	s->unit = json_object_get(node, "unit")
		      ? json_number_value(json_object_get(node, "unit"))
		      : 1;
	s->min = json_object_get(node, "min")
		     ? json_number_value(json_object_get(node, "min"))
		     : s->unit;
	s->spread = json_object_get(node, "spread")
			? json_number_value(json_object_get(node, "spread"))
			: 0.6;
	s->parts = json_is_integer(p) ? json_integer_value(p) : 0;
	if (s->parts < 1 || s->parts > 100000 || s->unit <= 0 || s->min < 0)
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: $split needs parts (1 to 100000), a "
				  "positive unit and min >= 0",
				  where);
	return 0;
}

/* A number of units as JSON: whole units stay integers; for a unit below
 * one, divide by its inverse so that 0.01 * 12345 is 123.45 exactly. */
static json_t *units_json(long long units, double unit)
{
	double inv = 1.0 / unit;

	if (unit >= 1 && unit == floor(unit))
		return json_integer((json_int_t)(units * (long long)unit));
	if (fabs(inv - round(inv)) < 1e-9)
		return json_real((double)units / round(inv));
	return json_real((double)units * unit);
}

static int split_fill(struct demo_eval *x, struct demo_bag *g,
		      const json_t *node, struct fz_err *e)
{
	struct split_spec s;
	long long total, min, rest, *v, sum = 0;
	double *w, wsum = 0;
	size_t i, n;
	int rc = split_spec_of(node, g->where, &s, e);

	if (rc)
		return rc;
	n = (size_t)s.parts;
	total = llround(s.total / s.unit);
	min = llround(s.min / s.unit);
	if (fabs((double)total * s.unit - s.total) > 1e-6 * fmax(1, s.total) ||
	    total < min * (long long)n)
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: %g is not %lld parts of at least %g "
				  "in units of %g",
				  g->where, s.total, s.parts, s.min, s.unit);
	rest = total - min * (long long)n;
	w = fz_xcalloc(n, sizeof(*w));
	v = fz_xcalloc(n, sizeof(*v));
	for (i = 0; i < n; i++)
		wsum += (w[i] = exp(s.spread * demo_rng_gauss(x->rng)));
	for (i = 0; i < n; i++)
		sum += (v[i] = (long long)floor((double)rest * w[i] / wsum));
	for (; sum < rest; sum++)
		v[demo_rng_below(x->rng, n)]++;
	g->nums = fz_xcalloc(n, sizeof(*g->nums));
	for (g->n = 0; g->n < n; g->n++)
		g->nums[g->n] = units_json(v[g->n] + min, s.unit);
	free(w);
	free(v);
	return 0;
}

/* The bag of node, made on first use. */
static int bag_of(struct demo_eval *x, const json_t *node, const char *op,
		  struct demo_bag **out, struct fz_err *e)
{
	struct demo_bag *g = bag_find(x->bags, node);
	int rc;

	if (!g) {
		g = bag_new(x, node, op);
		rc = !strcmp(op, "$share")
			 ? share_fill(x, g, json_object_get(node, op), e)
			 : split_fill(x, g, node, e);
		if (rc)
			return rc;
	}
	if (g->used >= g->n)
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: all %zu values are taken; more records "
				  "reach it than the bag declares",
				  g->where, g->n);
	*out = g;
	return 0;
}

/* ---- dates ---------------------------------------------------------------
 */

int demo_date(const char *s, int shift, int *day, const char *where,
	      struct fz_err *e)
{
	int y, m, d;

	if (!s || cal_date_parse(s, day, "date", NULL))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: '%s' is not a date YYYY-MM-DD", where,
				  s ? s : "(none)");
	if (!shift)
		return 0;
	cal_date_split(*day, &y, &m, &d);
	if (m == 2 && d == 29 &&
	    cal_date_make(y + shift, m, d, day, "date", NULL))
		d = 28;
	return cal_date_make(y + shift, m, d, day, "date", e);
}

int demo_add_working(const struct cal_calendar *cal, int day, long n, int *out,
		     const char *where, struct fz_err *e)
{
	struct cal_period p = {.form = CAL_WORKING_DAYS, .start = day};
	struct cal_result r;

	*out = day;
	if (!n)
		return 0;
	if (n < -CAL_MAX_UNITS || n > CAL_MAX_UNITS)
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: %ld working days is outside -%d..%d",
				  where, n, CAL_MAX_UNITS, CAL_MAX_UNITS);
	p.n = (int)(n < 0 ? -n : n);
	p.backward = n < 0;
	if (cal_due(cal, &p, &r, e))
		return fz_err_set(e, FZ_EINVAL, "fixture", "%s: %s", where,
				  e ? e->msg : "");
	*out = r.due;
	return 0;
}

static int looks_like_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	size_t i;

	for (i = 0; shape[i]; i++)
		if (!s[i] || (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9')
					      : s[i] != '-'))
			return 0;
	return s[i] == '\0';
}

static json_t *date_json(int day)
{
	char buf[CAL_DATE_LEN];

	return json_string(cal_date_format(day, buf));
}

static int eval_string(struct demo_eval *x, const char *s, json_t **out,
		       struct fz_err *e)
{
	int day;

	if (looks_like_date(s)) {
		if (demo_date(s, x->shift, &day, x->where, e))
			return FZ_EINVAL;
		*out = date_json(day);
	} else if (s[0] != '$') {
		*out = json_string(s);
	} else if (!strcmp(s, "$date")) {
		*out = date_json(x->date);
	} else if (!strcmp(s, "$year")) {
		*out = json_integer(cal_date_year(x->date));
	} else if (!strcmp(s, "$report_year")) {
		*out = json_integer(x->report_year);
	} else if (!strcmp(s, "$n")) {
		*out = json_integer(x->n);
	} else {
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: unknown word '%s'", x->where, s);
	}
	return 0;
}

/* ---- scopes and $ref -----------------------------------------------------
 */

static void scope_push(struct demo_eval *x, json_t *o)
{
	if (x->nscope < DEMO_SCOPES)
		x->scope[x->nscope] = o;
	x->nscope++;
}

static void scope_pop(struct demo_eval *x)
{
	x->nscope--;
}

static const json_t *ref_first(const struct demo_eval *x, const char *key)
{
	size_t i = x->nscope < DEMO_SCOPES ? x->nscope : DEMO_SCOPES;
	const json_t *v;

	while (i-- > 0)
		if ((v = json_object_get(x->scope[i], key)))
			return v;
	return json_object_get(x->data, key);
}

static int eval_ref(struct demo_eval *x, const json_t *arg, json_t **out,
		    struct fz_err *e)
{
	const char *path = json_string_value(arg), *p;
	const json_t *v = NULL;
	char key[64];
	size_t len;

	for (p = path; p && *p; p += len + (p[len] == '.')) {
		len = strcspn(p, ".");
		snprintf(key, sizeof(key), "%.*s", (int)len, p);
		if (p == path)
			v = ref_first(x, key);
		else if (json_is_array(v))
			v = json_array_get(v, (size_t)strtoul(key, NULL, 10));
		else
			v = json_object_get(v, key);
	}
	if (!v)
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: $ref '%s': no such value yet", x->where,
				  path ? path : "(not a string)");
	*out = json_incref((json_t *)(uintptr_t)v);
	return 0;
}

/* ---- the operations ------------------------------------------------------
 */

static const json_t *list_of(struct demo_eval *x, const json_t *arg,
			     struct fz_err *e)
{
	const char *s = json_string_value(arg);
	const json_t *a =
	    s && s[0] == '@' ? json_object_get(x->lists, s + 1) : arg;

	if (!json_is_array(a) || !json_array_size(a)) {
		fz_err_set(e, FZ_EINVAL, "fixture",
			   "%s: needs a list or '@name' of a list%s%s",
			   x->where, s ? ": no list " : "", s ? s : "");
		return NULL;
	}
	return a;
}

static int op_pick(struct demo_eval *x, const json_t *node, const json_t *arg,
		   json_t **out, struct fz_err *e)
{
	const json_t *a = list_of(x, arg, e);

	(void)node;
	if (!a)
		return FZ_EINVAL;
	return demo_eval(
	    x, json_array_get(a, demo_rng_below(x->rng, json_array_size(a))),
	    out, e);
}

static int op_cycle(struct demo_eval *x, const json_t *node, const json_t *arg,
		    json_t **out, struct fz_err *e)
{
	const json_t *a = list_of(x, arg, e), *rounds;
	struct demo_bag *g = bag_find(x->bags, node);
	size_t len, i, round;
	const char *suffix;
	int rc;

	if (!a)
		return FZ_EINVAL;
	if (!g) {
		g = bag_new(x, node, "$cycle");
		g->cycle = 1;
	}
	len = json_array_size(a);
	i = g->used++;
	rc = demo_eval(x, json_array_get(a, i % len), out, e);
	rounds = json_object_get(node, "rounds");
	round = i / len;
	if (rc || !json_array_size(rounds))
		return rc;
	suffix = json_string_value(
	    json_array_get(rounds, round % json_array_size(rounds)));
	if (json_is_string(*out) && suffix) {
		size_t n = strlen(json_string_value(*out)) + strlen(suffix) + 1;
		char *t = fz_xmalloc(n);
		snprintf(t, n, "%s%s", json_string_value(*out), suffix);
		json_decref(*out);
		*out = json_string(t);
		free(t);
	}
	return 0;
}

static int op_share(struct demo_eval *x, const json_t *node, const json_t *arg,
		    json_t **out, struct fz_err *e)
{
	struct demo_bag *g;
	int rc;

	if (!json_is_array(arg))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: $share needs [[value, count], ...]",
				  x->where);
	if ((rc = bag_of(x, node, "$share", &g, e)))
		return rc;
	return demo_eval(x, g->items[g->used++], out, e);
}

static int op_split(struct demo_eval *x, const json_t *node, const json_t *arg,
		    json_t **out, struct fz_err *e)
{
	struct demo_bag *g;
	int rc;

	if (!json_is_number(arg))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: $split needs a total", x->where);
	if ((rc = bag_of(x, node, "$split", &g, e)))
		return rc;
	*out = json_incref(g->nums[g->used++]);
	return 0;
}

static int op_int(struct demo_eval *x, const json_t *node, const json_t *arg,
		  json_t **out, struct fz_err *e)
{
	json_int_t a = json_integer_value(json_array_get(arg, 0));
	json_int_t b = json_integer_value(json_array_get(arg, 1));

	(void)node;
	if (json_array_size(arg) != 2 || b < a)
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: $int needs [low, high]", x->where);
	*out = json_integer(
	    a + (json_int_t)demo_rng_below(x->rng, (size_t)(b - a + 1)));
	return 0;
}

static int add_text(struct fz_buf *b, const json_t *v)
{
	if (json_is_string(v))
		return fz_buf_adds(b, json_string_value(v));
	if (json_is_integer(v))
		return fz_buf_addf(b, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return fz_buf_addf(b, "%g", json_real_value(v));
	return FZ_EINVAL;
}

static int op_concat(struct demo_eval *x, const json_t *node, const json_t *arg,
		     json_t **out, struct fz_err *e)
{
	struct fz_buf b = FZ_BUF_INIT(1u << 16);
	const json_t *p;
	json_t *v;
	size_t i;
	int rc = json_is_array(arg) ? 0 : FZ_EINVAL;

	(void)node;
	json_array_foreach(arg, i, p)
	{
		if (rc || (rc = demo_eval(x, p, &v, e)))
			break;
		rc = add_text(&b, v);
		json_decref(v);
		if (rc)
			rc = fz_err_set(e, FZ_EINVAL, "fixture",
					"%s: $concat of a value that is not "
					"text or a number",
					x->where);
	}
	if (!rc)
		*out = json_stringn(b.data ? b.data : "", b.len);
	fz_buf_release(&b);
	return rc;
}

static int op_merge(struct demo_eval *x, const json_t *node, const json_t *arg,
		    json_t **out, struct fz_err *e)
{
	json_t *o = json_object(), *v;
	const json_t *p;
	size_t i;
	int rc = 0;

	(void)node;
	scope_push(x, o);
	json_array_foreach(arg, i, p)
	{
		if ((rc = demo_eval(x, p, &v, e)))
			break;
		if (!json_is_object(v))
			rc = fz_err_set(e, FZ_EINVAL, "fixture",
					"%s: $merge of a value that is not "
					"an object",
					x->where);
		else
			json_object_update(o, v);
		json_decref(v);
		if (rc)
			break;
	}
	scope_pop(x);
	if (rc)
		json_decref(o);
	else
		*out = o;
	return rc;
}

static int op_date(struct demo_eval *x, const json_t *node, const json_t *arg,
		   json_t **out, struct fz_err *e)
{
	int day;

	(void)node;
	if (!json_is_integer(arg))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: $date needs a number of working days",
				  x->where);
	if (demo_add_working(x->cal, x->date, (long)json_integer_value(arg),
			     &day, x->where, e))
		return FZ_EINVAL;
	*out = date_json(day);
	return 0;
}

static int op_ref(struct demo_eval *x, const json_t *node, const json_t *arg,
		  json_t **out, struct fz_err *e)
{
	(void)node;
	return eval_ref(x, arg, out, e);
}

static int user_id(struct demo_eval *x, const json_t *name, json_t **out,
		   struct fz_err *e)
{
	struct demo_user u;
	int rc = demo_user_get(x->users, json_string_value(name), &u, e);

	if (rc)
		return fz_err_set(e, rc, "fixture", "%s: %s", x->where,
				  e ? e->msg : "no such account");
	*out = json_integer(u.id);
	return 0;
}

static int op_user(struct demo_eval *x, const json_t *node, const json_t *arg,
		   json_t **out, struct fz_err *e)
{
	(void)node;
	return user_id(x, arg, out, e);
}

/* {"$org": "临江区住房和城乡建设局"}: the organisation's id (made by then). */
static int op_org(struct demo_eval *x, const json_t *node, const json_t *arg,
		  json_t **out, struct fz_err *e)
{
	struct store_org o;

	(void)node;
	if (!json_is_string(arg) || !x->users->c ||
	    store_org_by_name(x->users->c, json_string_value(arg), &o, NULL))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: $org: no organisation named %s",
				  x->where,
				  json_is_string(arg) ? json_string_value(arg)
						      : "(not a name)");
	*out = json_integer(o.id);
	return 0;
}

static int officer_of(const struct store_record *r, void *arg)
{
	*(int64_t *)arg = r->id;
	return 1;
}

static int op_officer(struct demo_eval *x, const json_t *node,
		      const json_t *arg, json_t **out, struct fz_err *e)
{
	struct store_record_query q;
	json_t *uid = NULL;
	int64_t id = 0;
	char v[32];
	int rc = user_id(x, arg, &uid, e);

	(void)node;
	if (rc)
		return rc;
	memset(&q, 0, sizeof(q));
	snprintf(v, sizeof(v), "%lld", (long long)json_integer_value(uid));
	json_decref(uid);
	q.kind = "enforcement_officer";
	q.state = "on_duty";
	q.fpath[0] = "$.user_id";
	q.fval[0] = v;
	q.fnum[0] = 1;
	q.limit = 1;
	if (x->users->c &&
	    (rc = store_record_list(x->users->c, &q, officer_of, &id, NULL, e)))
		return rc;
	if (!id)
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: no officer on the roster is linked to "
				  "the account '%s' (create the officer first)",
				  x->where, json_string_value(arg));
	*out = json_integer(id);
	return 0;
}

static int op_users(struct demo_eval *x, const json_t *node, const json_t *arg,
		    json_t **out, struct fz_err *e)
{
	json_t *a = json_array(), *id = NULL;
	const json_t *p;
	size_t i;
	int rc = 0;

	(void)node;
	json_array_foreach(arg, i, p)
	{
		if ((rc = user_id(x, p, &id, e)))
			break;
		json_array_append_new(a, id);
	}
	if (rc)
		json_decref(a);
	else
		*out = a;
	return rc;
}

static int op_person(struct demo_eval *x, const json_t *node, const json_t *arg,
		     json_t **out, struct fz_err *e)
{
	(void)node;
	(void)arg;
	return demo_fake_person(x->rng, x->lists, out, e);
}

static int op_company(struct demo_eval *x, const json_t *node,
		      const json_t *arg, json_t **out, struct fz_err *e)
{
	const char *prefix = json_string_value(arg);

	(void)node;
	return demo_fake_company(x->rng, x->lists, prefix ? prefix : "", out,
				 e);
}

static const char *region_of(const json_t *arg)
{
	const char *s = json_string_value(arg);

	return s && strlen(s) == 6 && strspn(s, "0123456789") == 6 ? s : NULL;
}

static int op_id_number(struct demo_eval *x, const json_t *node,
			const json_t *arg, json_t **out, struct fz_err *e)
{
	(void)node;
	if (!region_of(arg))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: $id_number needs a six-digit area code",
				  x->where);
	*out = demo_fake_id_number(x->rng, region_of(arg));
	return 0;
}

static int op_credit_code(struct demo_eval *x, const json_t *node,
			  const json_t *arg, json_t **out, struct fz_err *e)
{
	(void)node;
	if (!region_of(arg))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: $credit_code needs a six-digit area "
				  "code",
				  x->where);
	*out = demo_fake_credit_code(x->rng, region_of(arg));
	return 0;
}

static int op_phone(struct demo_eval *x, const json_t *node, const json_t *arg,
		    json_t **out, struct fz_err *e)
{
	(void)node;
	(void)arg;
	(void)e;
	*out = demo_fake_phone(x->rng);
	return 0;
}

static int op_param(struct demo_eval *x, const json_t *node, const json_t *arg,
		    json_t **out, struct fz_err *e)
{
	const char *name = json_string_value(arg);
	const json_t *v = name ? json_object_get(x->params, name) : NULL;

	(void)node;
	if (!v)
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: the batch gives no param '%s'", x->where,
				  name ? name : "(not a string)");
	return demo_eval(x, v, out, e);
}

void demo_counters_release(struct demo_counters *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static int op_count(struct demo_eval *x, const json_t *node, const json_t *arg,
		    json_t **out, struct fz_err *e)
{
	struct demo_counters *c = x->counters;
	const char *name = json_string_value(arg);
	size_t i;

	(void)node;
	if (!name || strlen(name) >= sizeof(c->v->name))
		return fz_err_set(e, FZ_EINVAL, "fixture",
				  "%s: $count needs a short name", x->where);
	for (i = 0; i < c->n; i++)
		if (c->v[i].batch == x->batch && !strcmp(c->v[i].name, name))
			break;
	if (i == c->n) {
		c->v = fz_xgrow(c->v, c->n, &c->a, sizeof(*c->v), 16);
		memset(&c->v[c->n], 0, sizeof(*c->v));
		c->v[c->n].batch = x->batch;
		snprintf(c->v[c->n++].name, sizeof(c->v->name), "%s", name);
	}
	*out = json_integer(++c->v[i].n);
	return 0;
}

static int op_label(struct demo_eval *x, const json_t *node, const json_t *arg,
		    json_t **out, struct fz_err *e)
{
	const char *name = json_string_value(arg), *label = NULL;
	const struct kind_field *f = name ? kind_field(x->kind, name) : NULL;
	json_t *v = NULL;
	int rc = f ? eval_ref(x, arg, &v, e)
		   : fz_err_set(e, FZ_EINVAL, "fixture",
				"%s: $label of no field '%s'", x->where,
				name ? name : "(not a string)");

	(void)node;
	if (!rc && !(label = kind_value_label(f, json_string_value(v))))
		rc = fz_err_set(e, FZ_EINVAL, "fixture",
				"%s: $label: %s holds no value of its list",
				x->where, name);
	if (!rc)
		*out = json_string(label);
	json_decref(v);
	return rc;
}

typedef int (*op_fn)(struct demo_eval *x, const json_t *node, const json_t *arg,
		     json_t **out, struct fz_err *e);

static const struct {
	const char *name;
	op_fn fn;
} ops[] = {
    {"$pick", op_pick},
    {"$cycle", op_cycle},
    {"$share", op_share},
    {"$split", op_split},
    {"$int", op_int},
    {"$concat", op_concat},
    {"$merge", op_merge},
    {"$date", op_date},
    {"$ref", op_ref},
    {"$user", op_user},
    {"$users", op_users},
    {"$org", op_org},
    {"$officer", op_officer},
    {"$person", op_person},
    {"$company", op_company},
    {"$id_number", op_id_number},
    {"$credit_code", op_credit_code},
    {"$phone", op_phone},
    {"$param", op_param},
    {"$count", op_count},
    {"$label", op_label},
};

static int eval_op(struct demo_eval *x, const json_t *node, const char *name,
		   json_t **out, struct fz_err *e)
{
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(ops[i].name, name))
			return ops[i].fn(x, node, json_object_get(node, name),
					 out, e);
	return fz_err_set(e, FZ_EINVAL, "fixture", "%s: unknown operation '%s'",
			  x->where, name);
}

/* ---- evaluation ----------------------------------------------------------
 */

static int eval_object(struct demo_eval *x, const json_t *spec, json_t **out,
		       struct fz_err *e)
{
	json_t *o = json_object(), *v;
	const char *key;
	const json_t *p;
	int rc = 0;

	scope_push(x, o);
	json_object_foreach((json_t *)(uintptr_t)spec, key, p)
	{
		if ((rc = demo_eval(x, p, &v, e)))
			break;
		json_object_set_new(o, key, v);
	}
	scope_pop(x);
	if (rc)
		json_decref(o);
	else
		*out = o;
	return rc;
}

static int eval_array(struct demo_eval *x, const json_t *spec, json_t **out,
		      struct fz_err *e)
{
	json_t *a = json_array(), *v;
	const json_t *p;
	size_t i;
	int rc = 0;

	json_array_foreach(spec, i, p)
	{
		if ((rc = demo_eval(x, p, &v, e)))
			break;
		json_array_append_new(a, v);
	}
	if (rc)
		json_decref(a);
	else
		*out = a;
	return rc;
}

/* The first key of an object, or NULL. */
static const char *first_key(const json_t *o)
{
	void *it = json_object_iter((json_t *)(uintptr_t)o);

	return it ? json_object_iter_key(it) : NULL;
}

int demo_eval(struct demo_eval *x, const json_t *spec, json_t **out,
	      struct fz_err *e)
{
	const char *k;

	if (json_is_string(spec))
		return eval_string(x, json_string_value(spec), out, e);
	if (json_is_array(spec))
		return eval_array(x, spec, out, e);
	if (!json_is_object(spec)) {
		*out = json_incref((json_t *)(uintptr_t)spec);
		return 0;
	}
	k = first_key(spec);
	if (k && k[0] == '$')
		return eval_op(x, spec, k, out, e);
	return eval_object(x, spec, out, e);
}
