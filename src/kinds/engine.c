/*
 * engine.c - see engine.h.
 */
#include "engine.h"

#include "calendar/calendar.h"
#include "kinds/figures.h"
#include "kinds/guards.h"
#include "kinds/public_view.h"
#include "lib/buf.h"
#include "lib/jsonv.h"
#include "lib/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- checking values ------------------------------------------------------
 */

static int check_number(const struct kind_field *f, const json_t *v,
			struct fz_err *e)
{
	double x = json_number_value(v);

	if (f->type == KF_INT && !json_is_integer(v))
		return fz_err_set(e, FZ_EINVAL, f->name,
				  "%s: must be an integer", f->name);
	if (!json_is_number(v) || !isfinite(x))
		return fz_err_set(e, FZ_EINVAL, f->name, "%s: must be a number",
				  f->name);
	if (f->type == KF_MONEY && fabs(x * 100 - round(x * 100)) > 1e-6)
		return fz_err_set(e, FZ_EINVAL, f->name,
				  "%s: at most 2 decimals (fen)", f->name);
	if (f->has_min && x < f->min)
		return fz_err_set(e, FZ_EINVAL, f->name,
				  "%s: must be at least %g", f->name, f->min);
	if (f->has_max && x > f->max)
		return fz_err_set(e, FZ_EINVAL, f->name,
				  "%s: must be at most %g", f->name, f->max);
	return 0;
}

/* An enum value it does not have: the labels it does, as many as the
 * message holds. */
static int enum_refused(const struct kind_field *f, const char *s,
			struct fz_err *e)
{
	char list[160];
	size_t i, used = 0;
	int n;

	list[0] = '\0';
	for (i = 0; i < f->nvalues; i++) {
		n = snprintf(list + used, sizeof(list) - used, "%s%s",
			     i ? "、" : "", f->values[i].label);
		if (n < 0 || (size_t)n >= sizeof(list) - used) {
			list[used] = '\0';
			snprintf(list + used, sizeof(list) - used, "等");
			break;
		}
		used += (size_t)n;
	}
	return fz_err_set(e, FZ_EINVAL, f->name,
			  "%s: “%.24s”不是%s的可选值，可选：%s", f->name, s,
			  f->label, list);
}

static int check_string(const struct kind_field *f, const json_t *v,
			struct fz_err *e)
{
	struct jv_field spec = {f->name, JV_STRING,
				f->type == KF_TEXT ? JV_MULTILINE : 0,
				f->has_min ? (long long)f->min : 0,
				f->has_max ? (long long)f->max : 100000};
	const char *s = json_string_value(v);
	int day;

	if (!s)
		return fz_err_set(e, FZ_EINVAL, f->name, "%s: must be a string",
				  f->name);
	if (f->type == KF_DATE)
		return cal_date_parse(s, &day, f->name, e) ? FZ_EINVAL : 0;
	if (f->type == KF_ENUM && !kind_value_label(f, s))
		return enum_refused(f, s, e);
	if (f->type == KF_ENUM)
		return 0;
	return jv_check_value(v, &spec, e);
}

static int check_count(const struct kind_field *f, size_t n, struct fz_err *e)
{
	if (f->has_min && (double)n < f->min)
		return fz_err_set(e, FZ_EINVAL, f->name,
				  "%s: needs at least %g", f->name, f->min);
	if (f->has_max && (double)n > f->max)
		return fz_err_set(e, FZ_EINVAL, f->name, "%s: at most %g",
				  f->name, f->max);
	return 0;
}

static int check_users(const struct kind_field *f, const json_t *v,
		       struct fz_err *e)
{
	size_t i, j;
	json_t *x;

	if (!json_is_array(v))
		return fz_err_set(e, FZ_EINVAL, f->name,
				  "%s: must be an array of user ids", f->name);
	json_array_foreach((json_t *)(uintptr_t)v, i, x)
	{
		if (!json_is_integer(x) || json_integer_value(x) <= 0)
			return fz_err_set(e, FZ_EINVAL, f->name,
					  "%s: item %zu is not a user id",
					  f->name, i);
		for (j = 0; j < i; j++)
			if (json_integer_value(json_array_get(v, j)) ==
			    json_integer_value(x))
				return fz_err_set(
				    e, FZ_EINVAL, f->name,
				    "%s: user %lld listed twice", f->name,
				    (long long)json_integer_value(x));
	}
	return check_count(f, json_array_size(v), e);
}

static int check_value(const struct kind_field *f, const json_t *v,
		       struct fz_err *e);

/* One item of an objects field; errors name "field[i].item". */
static int check_item(const struct kind_field *f, size_t i, const json_t *o,
		      struct fz_err *e)
{
	char name[160];
	struct kind_field sub;
	const char *key;
	json_t *x;
	size_t j;
	int rc;

	if (!json_is_object(o))
		return fz_err_set(e, FZ_EINVAL, f->name,
				  "%s[%zu]: must be an object", f->name, i);
	json_object_foreach((json_t *)(uintptr_t)o, key, x)
	{
		for (j = 0; j < f->nitems && strcmp(f->items[j].name, key); j++)
			;
		snprintf(name, sizeof(name), "%s[%zu].%.60s", f->name, i, key);
		if (j == f->nitems)
			return fz_err_set(e, FZ_EINVAL, name,
					  "%s: unknown field", name);
		sub = f->items[j];
		sub.name = name;
		if (!json_is_null(x) && (rc = check_value(&sub, x, e)))
			return rc;
	}
	for (j = 0; j < f->nitems; j++) {
		x = json_object_get(o, f->items[j].name);
		snprintf(name, sizeof(name), "%s[%zu].%s", f->name, i,
			 f->items[j].name);
		if (f->items[j].required && (!x || json_is_null(x)))
			return fz_err_set(e, FZ_EINVAL, name, "%s: is required",
					  name);
	}
	return 0;
}

static int check_objects(const struct kind_field *f, const json_t *v,
			 struct fz_err *e)
{
	size_t i;
	json_t *x;
	int rc;

	if (!json_is_array(v))
		return fz_err_set(e, FZ_EINVAL, f->name,
				  "%s: must be an array of objects", f->name);
	json_array_foreach((json_t *)(uintptr_t)v, i,
			   x) if ((rc = check_item(f, i, x, e))) return rc;
	return check_count(f, json_array_size(v), e);
}

static int check_value(const struct kind_field *f, const json_t *v,
		       struct fz_err *e)
{
	switch (f->type) {
	case KF_USERS:
		return check_users(f, v, e);
	case KF_ORG:
		return json_is_integer(v) && json_integer_value(v) > 0
			   ? 0
			   : fz_err_set(e, FZ_EINVAL, f->name,
					"%s: must be an organisation id",
					f->name);
	case KF_OBJECTS:
		return check_objects(f, v, e);
	case KF_INT:
	case KF_DECIMAL:
	case KF_MONEY:
		return check_number(f, v, e);
	case KF_BOOL:
		return json_is_boolean(v) ? 0
					  : fz_err_set(e, FZ_EINVAL, f->name,
						       "%s: must be true or "
						       "false",
						       f->name);
	default:
		return check_string(f, v, e);
	}
}

int engine_check_input(const struct kind *k, const json_t *input,
		       const char *const *allowed, size_t n, struct fz_err *e)
{
	const struct kind_field *f;
	const char *key;
	json_t *v;
	int rc;

	if (!json_is_object(input))
		return fz_err_set(e, FZ_EINVAL, "body",
				  "body: must be a JSON object");
	json_object_foreach((json_t *)(uintptr_t)input, key, v)
	{
		f = kind_field(k, key);
		if (!f || (allowed && !kind_states_has(allowed, n, key)))
			return fz_err_set(e, FZ_EINVAL, key,
					  f ? "%s: cannot be set here"
					    : "%s: unknown field",
					  key);
		if (f->derive)
			return fz_err_set(e, FZ_EINVAL, key,
					  "%s: is computed, not entered", key);
		if (json_is_null(v))
			continue;
		if ((rc = check_value(f, v, e)))
			return rc;
	}
	return 0;
}

/* ---- the record's data ----------------------------------------------------
 */

/* Copy the input's values into data (null removes). */
static void apply(json_t *data, const json_t *input)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)(uintptr_t)input, key, v)
	{
		if (json_is_null(v))
			json_object_del(data, key);
		else
			json_object_set(data, key, v);
	}
}

static int derive_all(struct store_conn *c, const struct engine_env *env,
		      const struct kind *k, json_t *data, struct fz_err *e)
{
	const struct cal_calendar *cal;
	size_t i;
	int rc = 0;

	lt_read_begin(env->lt, &cal);
	for (i = 0; !rc && i < k->nfields; i++)
		if (k->fields[i].derive)
			rc = derive_run(&k->fields[i], data, cal, c, e);
	lt_read_end(env->lt);
	return rc;
}

static int has(const json_t *data, const char *field)
{
	json_t *v = json_object_get(data, field);
	return v && !json_is_null(v);
}

static int check_required(const char *const *names, size_t n,
			  const json_t *data, struct fz_err *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!has(data, names[i]))
			return fz_err_set(e, FZ_EINVAL, names[i],
					  "%s: is required", names[i]);
	return 0;
}

static int check_create_required(const struct kind *k, const json_t *data,
				 struct fz_err *e)
{
	size_t i;

	for (i = 0; i < k->nfields; i++)
		if (k->fields[i].required && !k->fields[i].derive &&
		    !has(data, k->fields[i].name))
			return fz_err_set(e, FZ_EINVAL, k->fields[i].name,
					  "%s: is required", k->fields[i].name);
	return 0;
}

/* The record's title and the text full-text search finds it by. */
static void describe(const struct kind *k, const json_t *data,
		     struct store_record *r, struct fz_buf *search)
{
	const char *t = json_string_value(json_object_get(data, k->title));
	size_t i, n;

	snprintf(r->title, sizeof(r->title), "%s", t ? t : "");
	/* do not cut a UTF-8 character in two */
	n = strlen(r->title);
	while (n && ((unsigned char)r->title[n - 1] & 0xC0) == 0x80 &&
	       n == sizeof(r->title) - 1)
		r->title[--n] = '\0';
	if (n && ((unsigned char)r->title[n - 1] & 0xC0) == 0xC0)
		r->title[n - 1] = '\0';
	fz_buf_adds(search, r->number);
	for (i = 0; i < k->nfields; i++) {
		const char *s;
		if (!k->fields[i].search)
			continue;
		s = json_string_value(json_object_get(data, k->fields[i].name));
		if (s) {
			fz_buf_add(search, "\n", 1);
			fz_buf_adds(search, s);
		}
	}
}

/* ---- deadlines ------------------------------------------------------------
 */

/* The pauses of d as dates; an open pause runs to today. */
static size_t pauses_of(const struct kind_deadline *d, const json_t *data,
			int today, struct cal_pause *out, int *paused)
{
	size_t i, n = 0;

	*paused = 0;
	for (i = 0; i < d->npauses && n < CAL_MAX_PAUSES; i++) {
		int from = kind_date_of(data, d->pauses[i].from);
		int to = kind_date_of(data, d->pauses[i].to);
		if (from == CAL_NO_DATE)
			continue;
		if (to == CAL_NO_DATE) {
			to = today > from ? today : from;
			*paused = 1;
		}
		if (to < from)
			continue;
		out[n].from = from;
		out[n++].to = to;
	}
	return n;
}

static int one_deadline(const struct engine_env *env,
			const struct kind_deadline *d, const char *org_path,
			const char *state, const json_t *data,
			struct store_deadline *out, struct fz_err *e)
{
	struct cal_pause pauses[CAL_MAX_PAUSES];
	struct cal_result res;
	size_t np, i;
	int rc, ext;

	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", d->name);
	snprintf(out->rule, sizeof(out->rule), "%s", d->rule->id);
	out->start = kind_date_of(data, d->restart);
	if (out->start == CAL_NO_DATE)
		out->start = kind_date_of(data, d->start);
	out->due = out->done_on = STORE_NO_DAY;
	for (i = 0; i < d->ndone && out->done_on == STORE_NO_DAY; i++) {
		int v = kind_date_of(data, d->done[i]);
		if (v != CAL_NO_DATE)
			out->done_on = v;
	}
	out->suspended = kind_states_has(d->suspend_in, d->nsuspend, state) &&
			 out->done_on == STORE_NO_DAY;
	if (out->start == CAL_NO_DATE) {
		out->start = STORE_NO_DAY;
		return 0;
	}
	if (out->suspended)
		return 0;
	np = pauses_of(d, data, env->today, pauses, &out->paused);
	ext = d->extend
		  ? (int)json_integer_value(json_object_get(data, d->extend))
		  : 0;
	lt_read_begin(env->lt, NULL);
	rc = lt_rule_due(env->lt, d->rule->id, org_path, out->start, pauses, np,
			 ext, &res, NULL, NULL, e);
	lt_read_end(env->lt);
	if (rc == FZ_ENOTFOUND)
		return fz_err_set(e, FZ_EINVAL, d->name, "%s: no rule '%s'",
				  d->name, d->rule->id);
	if (rc)
		return rc;
	out->due = res.due;
	out->incomplete = res.incomplete;
	return 0;
}

/* Does d apply to a record with this data ("when")? */
static int applies(const struct kind_deadline *d, const json_t *data)
{
	json_t *v;

	if (!d->when)
		return 1;
	v = json_object_get(data, d->when);
	if (!v || json_is_null(v) || json_is_false(v))
		return 0;
	if (d->when_value)
		return json_is_string(v) &&
		       !strcmp(json_string_value(v), d->when_value);
	if (json_is_number(v))
		return json_number_value(v) != 0;
	return !json_is_string(v) || json_string_value(v)[0];
}

int engine_deadlines(const struct engine_env *env, const struct kind *k,
		     const char *org_path, const char *state,
		     const json_t *data, struct store_deadline *out, size_t *n,
		     struct fz_err *e)
{
	size_t i;
	int rc;

	*n = 0;
	for (i = 0; i < k->ndeadlines; i++) {
		if (!applies(&k->deadlines[i], data))
			continue;
		if ((rc = one_deadline(env, &k->deadlines[i], org_path, state,
				       data, &out[(*n)++], e)))
			return rc;
	}
	return 0;
}

/* Compute and store the record's deadlines; *out (n of them) gets them
 * (the caller frees it). */
static int save_deadlines(struct store_conn *c, const struct engine_env *env,
			  const struct kind *k, const struct store_record *r,
			  const json_t *data, struct store_deadline **out,
			  size_t *n, struct fz_err *e)
{
	struct store_org o;
	int rc;

	*out = NULL;
	*n = 0;
	if (!k->ndeadlines)
		return 0;
	rc = store_org_get(c, r->org_id, &o, e);
	if (rc)
		return rc;
	*out = fz_xcalloc(k->ndeadlines, sizeof(**out));
	rc = engine_deadlines(env, k, o.path, r->state, data, *out, n, e);
	if (!rc)
		rc = store_deadlines_put(c, r->org_id, r->id, k->id, *out, *n,
					 e);
	return rc;
}

/* ---- the figures (src/kinds/figures.h) ------------------------------------
 * The record's contributions before the change (its stored data and
 * deadlines) are taken back and those after it added, in the same write. */

struct fig_before {
	struct fig_side side;
	struct store_deadline *dl; /* owned: freed by write_change */
};

static int figures_before(struct store_conn *c, const struct kind *k,
			  const struct store_record *r, const json_t *before,
			  struct fig_before *b, struct fz_err *e)
{
	memset(b, 0, sizeof(*b));
	b->side.data = before;
	if (!before || !fig_kept(k) || !fig_needs_deadlines(k))
		return 0;
	b->dl = fz_xcalloc(k->ndeadlines + 1, sizeof(*b->dl));
	b->side.dl = b->dl;
	return store_deadlines_get(c, r->org_id, r->id, b->dl, k->ndeadlines,
				   &b->side.ndl, e);
}

static int figures_after(struct store_conn *c, const struct kind *k,
			 const struct store_record *r,
			 const struct fig_before *b, const json_t *data,
			 const struct store_deadline *dl, size_t n,
			 struct fz_err *e)
{
	struct fig_side after = {data, dl, n};

	return fig_record_change(c, k, r->org_id,
				 b->side.data ? &b->side : NULL, &after, e);
}

/* ---- writing a change
 * -------------------------------------------------------- */

static char *dump(const json_t *j)
{
	return json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
}

/* The projection, the search text, the deadlines, the figures and the
 * event. before: the record's data as stored (NULL when it is new). */
static int write_change(struct store_conn *c, const struct engine_env *env,
			const struct kind *k, struct store_record *r,
			const json_t *before, const json_t *data,
			const char *type, json_t *event, struct fz_err *e)
{
	struct fz_buf search = FZ_BUF_INIT(1u << 20);
	struct store_deadline *dl = NULL;
	struct fig_before fb;
	char subject[96];
	size_t ndl = 0;
	int rc = figures_before(c, k, r, before, &fb, e);

	free(r->data);
	r->data = dump(data);
	describe(k, data, r, &search);
	if (!rc)
		rc = before ? store_record_update(c, r, search.data, e)
			    : store_record_insert(c, r, search.data, e);
	fz_buf_release(&search);
	if (!rc)
		rc = save_deadlines(c, env, k, r, data, &dl, &ndl, e);
	if (!rc)
		rc = figures_after(c, k, r, &fb, data, dl, ndl, e);
	free(fb.dl);
	free(dl);
	snprintf(subject, sizeof(subject), "%s:%lld", k->id, (long long)r->id);
	json_object_set_new(event, "number", json_string(r->number));
	json_object_set_new(event, "state", json_string(r->state));
	if (!rc)
		rc = store_event_append(c, r->org_id, env->actor, type, subject,
					event, e);
	return rc;
}

/* Is user_id an account of org_id's line (its subtree or the
 * organisations above it)? */
static int user_in_line(struct store_conn *c, int64_t org_id, int64_t user_id)
{
	struct store_user u;

	return store_user_by_id(c, user_id, &u, NULL) == 0 &&
	       (store_org_in_subtree(c, org_id, u.org_id) ||
		store_org_in_subtree(c, u.org_id, org_id));
}

/* The users of a users field are accounts of org_id's line: a case names
 * officers who exist, not ids of no one or of another branch. */
static int check_users_exist(struct store_conn *c, const struct kind_field *f,
			     int64_t org_id, const json_t *v, struct fz_err *e)
{
	struct store_org own;
	json_t *x;
	size_t i;

	json_array_foreach((json_t *)(uintptr_t)v, i, x)
	{
		if (user_in_line(c, org_id, json_integer_value(x)))
			continue;
		if (store_org_get(c, org_id, &own, e))
			return FZ_EIO;
		return fz_err_set(
		    e, FZ_EREFUSED, f->name,
		    "%s: %s第%zu人不是本单位（%s）及其上下级单位的"
		    "在册人员账号",
		    f->name, f->label, i + 1, own.name);
	}
	return 0;
}

/* The org fields of input name organisations in org_id's subtree (the
 * record's organisation or one below it); its users fields, accounts of
 * its line. */
static int check_refs(struct store_conn *c, const struct kind *k,
		      int64_t org_id, const json_t *input, struct fz_err *e)
{
	struct store_org o, own;
	size_t i;
	int rc;

	for (i = 0; i < k->nfields; i++) {
		const struct kind_field *f = &k->fields[i];
		json_t *v = json_object_get(input, f->name);
		int64_t id;
		if (f->type == KF_USERS && json_is_array(v) &&
		    (rc = check_users_exist(c, f, org_id, v, e)))
			return rc;
		if (f->type != KF_ORG || !json_is_integer(v))
			continue;
		id = json_integer_value(v);
		if (store_org_get(c, id, &o, NULL) == 0 &&
		    store_org_in_subtree(c, org_id, id))
			continue;
		if (store_org_get(c, org_id, &own, e))
			return FZ_EIO;
		return fz_err_set(e, FZ_EREFUSED, f->name,
				  "%s: %s须为本单位（%s）或其下属单位，所选单位"
				  "不存在或不在此范围内",
				  f->name, f->label, own.name);
	}
	return 0;
}

static void make_number(const struct kind *k, int year, int64_t seq, char *out,
			size_t n)
{
	snprintf(out, n, "%s-%d-%05lld", k->prefix, year, (long long)seq);
}

static int run_guards(struct store_conn *c, const struct engine_env *env,
		      const struct kind *k, const char **guards, size_t n,
		      int64_t org_id, const char *state, const json_t *before,
		      const json_t *after, struct fz_err *e);

int engine_create(struct store_conn *c, const struct engine_env *env,
		  const struct kind *k, int64_t org_id, const json_t *input,
		  const json_t *extra, const char *query_code,
		  struct store_record *out, struct fz_err *e)
{
	json_t *data = json_object(), *event;
	int64_t seq = 0;
	int y, m, d, rc;

	memset(out, 0, sizeof(*out));
	if (!(env->roles & k->create_roles))
		rc = fz_err_set(e, FZ_EPERM, "roles",
				"your roles do not allow creating a %s",
				k->label);
	else
		rc = engine_check_input(k, input, k->create_fields, k->ncreate,
					e);
	if (!rc && extra)
		rc = engine_check_input(k, extra, NULL, 0, e);
	if (!rc)
		rc = check_refs(c, k, org_id, input, e);
	if (!rc && extra)
		rc = check_refs(c, k, org_id, extra, e);
	if (!rc) {
		apply(data, input);
		if (extra)
			apply(data, extra);
		rc = derive_all(c, env, k, data, e);
	}
	if (!rc)
		rc = check_create_required(k, data, e);
	if (!rc && k->ncreate_guards) {
		json_t *none = json_object();
		rc = run_guards(c, env, k, k->create_guards, k->ncreate_guards,
				org_id, k->initial, none, data, e);
		json_decref(none);
	}
	y = kind_date_of(data, k->number_date);
	cal_date_split(y == CAL_NO_DATE ? env->today : y, &y, &m, &d);
	if (!rc)
		rc = store_record_counter(c, org_id, k->id, y, &seq, e);
	if (rc) {
		json_decref(data);
		return rc;
	}
	out->org_id = org_id;
	snprintf(out->kind, sizeof(out->kind), "%s", k->id);
	make_number(k, y, seq, out->number, sizeof(out->number));
	snprintf(out->state, sizeof(out->state), "%s", k->initial);
	snprintf(out->query_code, sizeof(out->query_code), "%s",
		 query_code ? query_code : "");
	snprintf(out->created_by, sizeof(out->created_by), "%s", env->actor);
	event = json_pack("{s:O}", "fields", data);
	rc =
	    write_change(c, env, k, out, NULL, data, "record.create", event, e);
	json_decref(event);
	json_decref(data);
	return rc;
}

/* ---- transitions --------------------------------------------------------- */

size_t engine_allowed(const struct kind *k, const char *state, unsigned roles,
		      const char **out, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < k->ntransitions; i++) {
		const struct kind_transition *t = &k->transitions[i];
		if ((t->roles & roles) &&
		    kind_states_has(t->from, t->nfrom, state)) {
			if (n < cap)
				out[n] = t->name;
			n++;
		}
	}
	return n;
}

static int load(struct store_conn *c, const struct kind *k, int64_t id,
		struct store_record *r, json_t **data, struct fz_err *e)
{
	int rc = store_record_get(c, id, r, e);

	if (rc)
		return rc;
	if (strcmp(r->kind, k->id) != 0) {
		store_record_release(r);
		return fz_err_set(e, FZ_ENOTFOUND, "id", "id: no %s %lld",
				  k->label, (long long)id);
	}
	*data = json_loads(r->data, 0, NULL);
	if (!*data) {
		store_record_release(r);
		return fz_err_set(e, FZ_ECORRUPT, "data",
				  "record %lld: stored data is not JSON",
				  (long long)id);
	}
	return 0;
}

struct due_arg {
	const struct engine_env *env;
	const struct kind *k;
	const char *org_path;
	const char *state;
	const json_t *data;
};

static int due_of(void *arg, const char *name)
{
	struct due_arg *a = arg;
	const struct kind_deadline *d = kind_deadline(a->k, name);
	struct store_deadline out;

	if (!d ||
	    one_deadline(a->env, d, a->org_path, a->state, a->data, &out, NULL))
		return CAL_NO_DATE;
	return out.due == STORE_NO_DAY ? CAL_NO_DATE : out.due;
}

/* The guards named (n of them) on a record of org_id in state, as its data
 * goes from before to after. */
static int run_guards(struct store_conn *c, const struct engine_env *env,
		      const struct kind *k, const char **guards, size_t n,
		      int64_t org_id, const char *state, const json_t *before,
		      const json_t *after, struct fz_err *e)
{
	struct store_org o;
	struct due_arg da = {env, k, NULL, state, before};
	struct guard_ctx g;
	size_t i;
	int rc = store_org_get(c, org_id, &o, e);

	if (rc)
		return rc;
	da.org_path = o.path;
	memset(&g, 0, sizeof(g));
	g.kind = k;
	g.before = before;
	g.after = after;
	g.state = state;
	g.today = env->today;
	g.due = due_of;
	g.due_arg = &da;
	g.c = c;
	g.org_id = org_id;
	g.org_path = o.path;
	g.lt = env->lt;
	for (i = 0; i < n; i++)
		if ((rc = guard_run(&g, guards[i], e)))
			return rc;
	return 0;
}

int engine_stale(int now, struct fz_err *e)
{
	return fz_err_set(e, FZ_ECONFLICT, "version",
			  "version: 这条记录已被他人修改（现为第%d版），请刷新"
			  "后再办理",
			  now);
}

/* A state as a person reads it. */
static const char *state_cn(const struct kind *k, const char *name)
{
	const struct kind_state *st = kind_state(k, name);

	return st ? st->label : name;
}

static int check_transition(const struct engine_env *env, const struct kind *k,
			    const struct kind_transition *t,
			    const struct store_record *r, int version,
			    struct fz_err *e)
{
	/* a stale version first: whatever else changed, the caller acts on
	 * what is no longer there */
	if (version && version != r->version)
		return engine_stale(r->version, e);
	if (!kind_states_has(t->from, t->nfrom, r->state))
		return fz_err_set(e, FZ_EREFUSED, "transition",
				  "transition: 记录当前为“%s”，不能办理“%s”",
				  state_cn(k, r->state), t->label);
	if (!(t->roles & env->roles))
		return fz_err_set(e, FZ_EPERM, "transition",
				  "transition: 您的角色不能办理“%s”", t->label);
	return 0;
}

/* The input without "reason" (which is not a field). */
static json_t *fields_of(const json_t *input, const char **reason)
{
	json_t *f = json_deep_copy(input);

	*reason = json_string_value(json_object_get(input, "reason"));
	json_object_del(f, "reason");
	return f;
}

static int check_reason(const struct kind_transition *t, const json_t *input,
			const char *reason, struct fz_err *e)
{
	json_t *v = json_object_get(input, "reason");

	if (v && !json_is_string(v))
		return fz_err_set(e, FZ_EINVAL, "reason",
				  "reason: must be a string");
	if (t->reason && (!reason || !reason[0]))
		return fz_err_set(e, FZ_EINVAL, "reason",
				  "reason: 办理“%s”须填写理由", t->label);
	if (reason && jv_utf8_len(reason) > 2000)
		return fz_err_set(e, FZ_EINVAL, "reason",
				  "reason: at most 2000 characters");
	return 0;
}

static void apply_set(const struct kind_transition *t, json_t *data)
{
	size_t i;

	for (i = 0; i < t->nset; i++)
		json_object_set_new(data, t->set[i].field,
				    json_string(t->set[i].value));
}

/* The record's data after t with fields (fields_of) entered. */
static int transition_data(struct store_conn *c, const struct engine_env *env,
			   const struct kind *k,
			   const struct kind_transition *t,
			   const json_t *fields, const json_t *before,
			   json_t **after, struct fz_err *e)
{
	int rc = engine_check_input(k, fields, t->fields, t->nfields, e);

	*after = json_deep_copy(before);
	if (!rc) {
		apply(*after, fields);
		apply_set(t, *after);
		rc = derive_all(c, env, k, *after, e);
	}
	if (!rc)
		rc = check_required(t->required, t->nrequired, *after, e);
	*after = rc ? (json_decref(*after), NULL) : *after;
	return rc;
}

/* fields: the input without "reason" (fields_of). */
static json_t *change_event(const char *name, const char *from, const char *to,
			    json_t *fields, const char *reason)
{
	json_t *ev = json_pack("{s:s, s:s, s:s, s:O}", "transition", name,
			       "from", from, "to", to, "fields", fields);

	if (reason)
		json_object_set_new(ev, "reason", json_string(reason));
	return ev;
}

/* The fields whose value differs from before to after, null for one
 * removed: what the step wrote, derived fields and set values included,
 * so that `audit verify` derives the data from the events alone. */
static json_t *changed_fields(const json_t *before, const json_t *after)
{
	json_t *d = json_object(), *v;
	const char *key;

	json_object_foreach((json_t *)(uintptr_t)after, key, v)
	{
		if (!json_equal(v, json_object_get(before, key)))
			json_object_set(d, key, v);
	}
	json_object_foreach((json_t *)(uintptr_t)before, key, v)
	{
		if (!json_object_get(after, key))
			json_object_set_new(d, key, json_null());
	}
	return d;
}

/* The fields of sp's target record from the source record r (data). */
static json_t *spawn_fields(struct store_conn *c, const struct kind_spawn *sp,
			    const struct store_record *r, const json_t *data)
{
	json_t *f = json_object(), *v;
	struct store_org o;
	size_t i;

	for (i = 0; i < sp->nset; i++) {
		const char *from = sp->set[i].from;
		if (!strcmp(from, "@number"))
			v = json_string(r->number);
		else if (!strcmp(from, "@org"))
			v = store_org_get(c, r->org_id, &o, NULL) == 0
				? json_string(o.name)
				: NULL;
		else
			v = json_incref(json_object_get(data, from));
		if (v && !json_is_null(v))
			json_object_set_new(f, sp->set[i].to, v);
		else
			json_decref(v);
	}
	for (i = 0; i < sp->nconsts; i++)
		json_object_set_new(f, sp->consts[i].field,
				    json_string(sp->consts[i].value));
	json_object_set_new(f, sp->link, json_integer(r->id));
	return f;
}

/* The record sp declares, created in the organisation the source's org
 * field names, in the same write; none when that is the source's own
 * organisation (or the field is unset). The engine creates it: neither
 * the target's create roles nor its create fields limit it. */
static int spawn(struct store_conn *c, const struct engine_env *env,
		 const struct kind *k, const struct kind_spawn *sp,
		 const struct store_record *r, const json_t *data,
		 struct fz_err *e)
{
	json_t *org = json_object_get(data, sp->org), *none, *extra;
	struct engine_env sys = *env;
	struct store_record made;
	int64_t to;
	int rc;

	(void)k;
	if (!json_is_integer(org) || json_integer_value(org) == r->org_id)
		return 0;
	to = json_integer_value(org);
	sys.roles = ROLE_ALL;
	none = json_object();
	extra = spawn_fields(c, sp, r, data);
	rc =
	    engine_create(c, &sys, sp->target, to, none, extra, NULL, &made, e);
	store_record_release(&made);
	json_decref(none);
	json_decref(extra);
	return rc;
}

/* The fields of echo sp that the step gave their first value (after, not
 * before) and the source record does not hold yet, into `set`. */
static size_t echo_fields(const struct kind_spawn *sp, const json_t *before,
			  const json_t *after, const json_t *source,
			  json_t *set)
{
	size_t i;

	for (i = 0; i < sp->necho; i++) {
		json_t *v = json_object_get(after, sp->echo[i].from);
		if (!v || json_is_null(v) ||
		    json_object_get(before, sp->echo[i].from) ||
		    json_object_get(source, sp->echo[i].to))
			continue;
		json_object_set(set, sp->echo[i].to, v);
	}
	return json_object_size(set);
}

/* One echo: the record that spawned r (by sp->link) gets what r's step
 * gave, in the same write, with an event record.echo in its chain naming
 * r. Its guards do not run: it is the fact r recorded. */
static int echo_one(struct store_conn *c, const struct engine_env *env,
		    const struct kind_spawn *sp, const struct store_record *r,
		    const json_t *before, const json_t *after, struct fz_err *e)
{
	json_t *link = json_object_get(after, sp->link), *was = NULL, *now;
	json_t *set = json_object(), *event;
	struct store_record src;
	char from[96];
	int rc = 0;

	if (json_is_integer(link) &&
	    load(c, sp->source, json_integer_value(link), &src, &was, NULL) ==
		0) {
		if (echo_fields(sp, before, after, was, set)) {
			now = json_deep_copy(was);
			json_object_update(now, set);
			snprintf(from, sizeof(from), "%s:%lld", r->kind,
				 (long long)r->id);
			event = json_pack("{s:O, s:s}", "fields", set, "from",
					  from);
			rc = write_change(c, env, sp->source, &src, was, now,
					  "record.echo", event, e);
			json_decref(event);
			json_decref(now);
		}
		json_decref(was);
		store_record_release(&src);
	}
	json_decref(set);
	return rc;
}

static int echo_back(struct store_conn *c, const struct engine_env *env,
		     const struct kind *k, const struct store_record *r,
		     const json_t *before, const json_t *after,
		     struct fz_err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < k->nechoes; i++)
		rc = echo_one(c, env, k->echoes[i], r, before, after, e);
	return rc;
}

/* The step that puts a record on the kind's public list records in its
 * event what the list shows masked: {"published_masked": {field: counts}}
 * (public_view.h), counts only. */
static void publication_record(const struct kind *k,
			       const struct store_record *r,
			       const json_t *before, const json_t *after,
			       const char *to, json_t *event)
{
	json_t *report, *view;

	if (!k->public_list_fields || public_view_listed(k, r->state, before) ||
	    !public_view_listed(k, to, after))
		return;
	report = json_object();
	view = public_view_make(k, r->number, after, k->public_list_fields,
				k->npublic_list_fields, report);
	json_decref(view);
	json_object_set_new(event, "published_masked", report);
}

/* The transition's "snapshot": what it sees of the fields the snapshot
 * field names (a review: the proposal it approves), kept as canonical JSON
 * in that field, so that a later step can be held to it (as_reviewed). */
static void snapshot_record(const struct kind *k,
			    const struct kind_transition *t, json_t *after)
{
	const struct kind_field *f = kind_field(k, t->snapshot);
	json_t *o = json_object(), *v;
	char *text;
	size_t i;

	for (i = 0; i < f->nsnapshot_of; i++) {
		v = json_object_get(after, f->snapshot_of[i]);
		json_object_set(o, f->snapshot_of[i], v ? v : json_null());
	}
	text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	json_object_set_new(after, f->name, json_string(text));
	free(text);
	json_decref(o);
}

int engine_transition(struct store_conn *c, const struct engine_env *env,
		      const struct kind *k, int64_t id, const char *name,
		      const json_t *input, int version,
		      struct store_record *out, struct fz_err *e)
{
	const struct kind_transition *t = kind_transition(k, name);
	json_t *before = NULL, *after = NULL, *fields, *event;
	const char *reason = NULL;
	char type[96];
	int rc;

	memset(out, 0, sizeof(*out));
	if (!t)
		return fz_err_set(e, FZ_ENOTFOUND, "transition",
				  "transition: %s has no '%s'", k->label, name);
	if ((rc = load(c, k, id, out, &before, e)))
		return rc;
	fields = fields_of(input, &reason);
	rc = check_transition(env, k, t, out, version, e);
	if (!rc)
		rc = check_reason(t, input, reason, e);
	if (!rc)
		rc = transition_data(c, env, k, t, fields, before, &after, e);
	if (!rc)
		rc = check_refs(c, k, out->org_id, fields, e);
	if (!rc && t->snapshot)
		snapshot_record(k, t, after);
	if (!rc)
		rc = run_guards(c, env, k, t->guards, t->nguards, out->org_id,
				out->state, before, after, e);
	if (!rc) {
		const char *to = t->to ? t->to : out->state;
		event = change_event(name, out->state, to, fields, reason);
		publication_record(k, out, before, after, to, event);
		json_object_set_new(event, "changed",
				    changed_fields(before, after));
		if (t->to) {
			snprintf(out->prev_state, sizeof(out->prev_state), "%s",
				 out->state);
			snprintf(out->state, sizeof(out->state), "%s", t->to);
		}
		snprintf(type, sizeof(type), "record.%s", name);
		rc =
		    write_change(c, env, k, out, before, after, type, event, e);
		json_decref(event);
	}
	if (!rc && t->spawn)
		rc = spawn(c, env, k, t->spawn, out, after, e);
	if (!rc && k->nechoes)
		rc = echo_back(c, env, k, out, before, after, e);
	json_decref(fields);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* ---- 退回 and 抄送
 * -------------------------------------------------------------- */

/* Roles that may act on a record in `state`: those of its transitions. */
static unsigned acting_roles(const struct kind *k, const char *state)
{
	unsigned roles = 0;
	size_t i;

	for (i = 0; i < k->ntransitions; i++)
		if (kind_states_has(k->transitions[i].from,
				    k->transitions[i].nfrom, state))
			roles |= k->transitions[i].roles;
	return roles;
}

int engine_return(struct store_conn *c, const struct engine_env *env,
		  const struct kind *k, int64_t id, const char *reason,
		  int version, struct store_record *out, struct fz_err *e)
{
	json_t *data = NULL, *event;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!reason || !reason[0] || jv_utf8_len(reason) > 2000)
		return fz_err_set(e, FZ_EINVAL, "reason",
				  "reason: required (at most 2000 "
				  "characters) to send a record back");
	if ((rc = load(c, k, id, out, &data, e)))
		return rc;
	if (version && version != out->version)
		rc = engine_stale(out->version, e);
	else if (!out->prev_state[0] || !strcmp(out->prev_state, out->state))
		rc = fz_err_set(e, FZ_EREFUSED, "state",
				"state: 这条记录没有可以退回的上一步");
	else if (!(acting_roles(k, out->state) & env->roles))
		rc = fz_err_set(e, FZ_EPERM, "roles",
				"roles: 您的角色不能办理“%s”状态的记录",
				state_cn(k, out->state));
	if (!rc) {
		event = json_pack("{s:s, s:s, s:s}", "from", out->state, "to",
				  out->prev_state, "reason", reason);
		snprintf(out->state, sizeof(out->state), "%s", out->prev_state);
		out->prev_state[0] = '\0';
		rc = write_change(c, env, k, out, data, data, "record.return",
				  event, e);
		json_decref(event);
	}
	json_decref(data);
	return rc;
}

int engine_cc(struct store_conn *c, const struct engine_env *env,
	      const struct kind *k, int64_t id, const int64_t *users,
	      size_t nusers, const char *note, struct fz_err *e)
{
	struct store_record r;
	json_t *ids = json_array(), *event;
	char subject[96];
	size_t i;
	int rc = store_record_get(c, id, &r, e);

	if (!rc && strcmp(r.kind, k->id) != 0)
		rc = fz_err_set(e, FZ_ENOTFOUND, "id", "id: no %s %lld",
				k->label, (long long)id);
	/* a copy goes to accounts of the record's line; an unknown id and an
	 * account elsewhere get the same answer, which tells nothing of other
	 * organisations' accounts */
	for (i = 0; !rc && i < nusers; i++) {
		if (!user_in_line(c, r.org_id, users[i]))
			rc = fz_err_set(e, FZ_EINVAL, "user_ids",
					"user_ids：第%zu个账号不是本单位及其"
					"上下级单位的账号，不能抄送",
					i + 1);
		if (!rc)
			rc = store_record_cc(c, r.org_id, id, users[i],
					     env->actor, note, e);
		json_array_append_new(ids, json_integer(users[i]));
	}
	snprintf(subject, sizeof(subject), "%s:%lld", k->id, (long long)id);
	event =
	    json_pack("{s:O, s:s}", "user_ids", ids, "note", note ? note : "");
	if (!rc)
		rc = store_event_append(c, r.org_id, env->actor, "record.cc",
					subject, event, e);
	json_decref(event);
	json_decref(ids);
	store_record_release(&r);
	return rc;
}

/* ---- what stops a step now ---------------------------------------------- */

static int sets(const struct kind_transition *t, const char *field)
{
	return kind_states_has(t->fields, t->nfields, field);
}

/* Whether guard text reads a field that t itself may set (then what the
 * step is given decides, and the guard cannot be judged beforehand). once:
 * reads the value before the step; as_reviewed the fields of its snapshot. */
static int reads_input(const struct kind *k, const struct kind_transition *t,
		       const char *text)
{
	char buf[200], *arg, *save = NULL;
	const struct kind_field *f;
	size_t i;
	int first = 1;

	if (!strncmp(text, "once:", 5))
		return 0;
	snprintf(buf, sizeof(buf), "%s", text);
	for (arg = strtok_r(buf, ":", &save); arg;
	     arg = strtok_r(NULL, ":", &save), first = 0) {
		if (first)
			continue; /* the guard's name */
		if (sets(t, arg))
			return 1;
		f = kind_field(k, arg);
		for (i = 0; f && i < f->nsnapshot_of; i++)
			if (sets(t, f->snapshot_of[i]))
				return 1;
	}
	return 0;
}

int engine_blocked(struct store_conn *c, const struct engine_env *env,
		   const struct kind *k, const struct store_record *rec,
		   const json_t *data, const struct kind_transition *t,
		   struct fz_err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < t->nguards; i++)
		if (!reads_input(k, t, t->guards[i]))
			rc = run_guards(c, env, k, &t->guards[i], 1,
					rec->org_id, rec->state, data, data, e);
	return rc;
}
