/*
 * public.c - the public portal (SPEC §5), without an account and limited
 * per address:
 *
 *   GET  /api/v1/public/orgs             organisations that take requests
 *   GET  /api/v1/public/kinds            what the portal draws from the
 *                                        declarations: each kind's public
 *                                        form (its public fields) and its
 *                                        public list (title, intro, fields)
 *   POST /api/v1/public/{kind}           submit (kinds with public_intake)
 *   GET  /api/v1/public/{kind}/{code}    status by query code
 *   GET  /api/v1/public/{kind}/list      what a kind publishes (decisions
 *                                        with parties masked, the officer
 *                                        roster, the enforcement matters)
 *
 * A submission takes only the fields the declaration opens to the public;
 * the channel and the dates it names are set by the portal (a request over
 * the internet counts as received the day it is confirmed, 政府信息公开条例
 * art. 31). The answer is the record number and a query code; looking the
 * code up shows the state and the due dates, never personal data.
 */
#include "api.h"

#include "calendar/calendar.h"
#include "kinds/engine.h"
#include "kinds/public_view.h"
#include "lib/xalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static int add_org(const struct store_org *o, void *arg)
{
	if (!strcmp(o->level, "government") || !strcmp(o->level, "department"))
		json_array_append_new(
		    arg, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)o->id,
				   "name", o->name, "level", o->level));
	return 0;
}

int api_public_orgs(struct http_req *r)
{
	struct store_conn *c = store_rd_acquire(server_store(r->srv));
	json_t *a = json_array();
	struct fz_err e;
	int rc = store_org_list(c, 0, add_org, a, &e);

	store_rd_release(server_store(r->srv), c);
	if (rc) {
		json_decref(a);
		return http_fail(r, &e);
	}
	return http_json(r, 200, json_pack("{s:o}", "orgs", a));
}

static const struct kind *public_kind(struct http_req *r, struct fz_err *e)
{
	const char *id = http_capture(r, 0);
	const struct kind *k = kind_find(&api_app_of(r)->kinds, id);

	if (!k || !k->public_intake)
		fz_err_set(e, FZ_ENOTFOUND, "kind",
			   "kind: nothing of kind '%s' is received here", id);
	return k && k->public_intake ? k : NULL;
}

/* 12 characters from an alphabet without look-alikes (0/O, 1/I/L). */
static void query_code(char *out, size_t n)
{
	static const char abc[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
	unsigned char raw[12];
	size_t i;

	randombytes_buf(raw, sizeof(raw));
	for (i = 0; i < sizeof(raw) && i + 1 < n; i++)
		out[i] = abc[raw[i] % (sizeof(abc) - 1)];
	out[i] = '\0';
}

struct submit {
	const struct kind *k;
	struct engine_env env;
	int64_t org_id;
	json_t *input, *extra;
	char code[16];
	struct store_record out;
};

static void submit_free(void *p)
{
	struct submit *x = p;

	json_decref(x->input);
	json_decref(x->extra);
	store_record_release(&x->out);
	free(x);
}

static int submit_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct submit *x = arg;

	return engine_create(c, &x->env, x->k, x->org_id, x->input, x->extra,
			     x->code, &x->out, e);
}

static int submit_after(struct http_req *r, int rc, const struct fz_err *e)
{
	struct submit *x = r->ctx;

	if (rc)
		return http_fail(r, e);
	return http_json(
	    r, 201,
	    json_pack("{s:s, s:s, s:s}", "number", x->out.number, "query_code",
		      x->code, "message",
		      "申请已提交。请保存查询码，用于查询办理进度。"));
}

/* The fields the public may give, checked; org_id taken out. */
static int submit_input(struct http_req *r, struct submit *x, struct fz_err *e)
{
	json_t *org;
	struct store_org o;
	struct store_conn *c;
	int rc;

	x->input = json_deep_copy(r->json);
	org = json_object_get(x->input, "org_id");
	if (!json_is_integer(org))
		return fz_err_set(e, FZ_EINVAL, "org_id",
				  "org_id: required: the organisation asked");
	x->org_id = json_integer_value(org);
	json_object_del(x->input, "org_id");
	c = store_rd_acquire(server_store(r->srv));
	rc = store_org_get(c, x->org_id, &o, e);
	store_rd_release(server_store(r->srv), c);
	if (rc)
		return fz_err_set(e, FZ_EINVAL, "org_id",
				  "org_id: no organisation %lld",
				  (long long)x->org_id);
	return engine_check_input(x->k, x->input, x->k->public_fields,
				  x->k->npublic, e);
}

static json_t *portal_extra(const struct kind *k, int today)
{
	json_t *extra = json_object();
	char d[CAL_DATE_LEN];
	size_t i;

	if (k->public_channel)
		json_object_set_new(extra, "channel",
				    json_string(k->public_channel));
	for (i = 0; i < k->npublic_today; i++)
		json_object_set_new(extra, k->public_today[i],
				    json_string(cal_date_format(today, d)));
	return extra;
}

int api_public_submit(struct http_req *r)
{
	struct submit *x;
	struct fz_err e;
	const struct kind *k = public_kind(r, &e);

	if (!k)
		return http_fail(r, &e);
	x = api_ctx(r, sizeof(*x), submit_free);
	x->k = k;
	if (submit_input(r, x, &e))
		return http_fail(r, &e);
	/* the portal registers on the public's behalf */
	x->env = (struct engine_env){.lt = api_app_of(r)->lt,
				     .today = api_today(),
				     .actor = "public",
				     .roles = ROLE_ALL};
	x->extra = portal_extra(k, x->env.today);
	query_code(x->code, sizeof(x->code));
	return http_write(r, submit_write, x, submit_after);
}

/* ---- status by query code ------------------------------------------------ */

static json_t *public_deadline(struct store_conn *c,
			       const struct store_record *rec, const char *name)
{
	struct store_deadline d[16];
	char day[CAL_DATE_LEN];
	size_t n = 0, i;

	store_deadlines_get(c, rec->org_id, rec->id, d, 16, &n, NULL);
	for (i = 0; i < n && i < 16; i++)
		if (!strcmp(d[i].name, name))
			return json_pack(
			    "{s:s?, s:s?, s:b}", "due",
			    d[i].due == STORE_NO_DAY
				? NULL
				: cal_date_format(d[i].due, day),
			    "done_on",
			    d[i].done_on == STORE_NO_DAY
				? NULL
				: cal_date_format(d[i].done_on, day),
			    "paused", d[i].paused || d[i].suspended);
	return json_null();
}

static void status_item(struct http_req *r, struct store_conn *c,
			const struct kind *k, const struct store_record *rec,
			const json_t *data, const char *name, json_t *out)
{
	const struct kind_state *st;
	const struct kind_deadline *kd;
	const struct kind_field *f;
	json_t *v;

	if (!strcmp(name, "number")) {
		json_object_set_new(out, "number", json_string(rec->number));
	} else if (!strcmp(name, "state")) {
		st = kind_state(k, rec->state);
		json_object_set_new(out, "state", json_string(rec->state));
		json_object_set_new(out, "state_label",
				    json_string(st ? st->label : ""));
	} else if (!strncmp(name, "deadline:", 9)) {
		kd = kind_deadline(k, name + 9);
		v = public_deadline(c, rec, name + 9);
		if (json_is_object(v) && kd)
			json_object_set_new(v, "label", json_string(kd->label));
		json_object_set_new(out, name + 9, v);
	} else if ((f = kind_field(k, name)) != NULL) {
		v = public_view_value(k, data, f, NULL);
		if (v)
			json_object_set_new(out, name, v);
	}
}

int api_public_status(struct http_req *r)
{
	struct store_record rec;
	struct store_conn *c;
	struct fz_err e;
	const struct kind *k = public_kind(r, &e);
	json_t *out, *data;
	size_t i;
	int rc;

	if (!k)
		return http_fail(r, &e);
	c = store_rd_acquire(server_store(r->srv));
	rc = store_record_by_code(c, http_capture(r, 1), &rec, &e);
	if (!rc && strcmp(rec.kind, k->id) != 0) {
		store_record_release(&rec);
		rc = FZ_ENOTFOUND;
	}
	if (rc) {
		store_rd_release(server_store(r->srv), c);
		return http_fail_code(r, FZ_ENOTFOUND, "code",
				      "code: 查询码不存在");
	}
	data = json_loads(rec.data, 0, NULL);
	out = json_object();
	for (i = 0; i < k->npublic_status; i++)
		status_item(r, c, k, &rec, data, k->public_status[i], out);
	json_decref(data);
	store_record_release(&rec);
	store_rd_release(server_store(r->srv), c);
	return http_json(r, 200, out);
}

/* ---- public lists: published decisions, the roster, the matters ------------
 */

struct plist {
	const struct kind *k;
	json_t *a;
	int64_t skip, take, total;
};

static int add_listed(const struct store_record *rec, void *arg)
{
	struct plist *p = arg;
	const struct kind *k = p->k;
	json_t *data = json_loads(rec->data, 0, NULL), *o;

	if (public_view_listed(k, rec->state, data)) {
		if (p->total >= p->skip && p->total < p->skip + p->take) {
			o = public_view_make(k, rec->number, data,
					     k->public_list_fields,
					     k->npublic_list_fields, NULL);
			json_array_append_new(p->a, o);
		}
		p->total++;
	}
	json_decref(data);
	return 0;
}

/* The declarations of the named fields, as the kind declares them
 * (label, type, values, limits, required), in the order named. */
static json_t *fields_of(const struct kind *k, const char *const *names,
			 size_t n)
{
	json_t *decl = json_object_get(k->decl, "fields"), *a = json_array();
	const struct kind_field *f;
	size_t i;

	/* k->fields are the declaration's fields, in its order */
	for (i = 0; i < n; i++)
		if ((f = kind_field(k, names[i])) != NULL)
			json_array_append(
			    a, json_array_get(decl, (size_t)(f - k->fields)));
	return a;
}

static json_t *portal_json(const struct kind *k)
{
	json_t *j = json_pack("{s:s, s:s, s:s?}", "kind", k->id, "label",
			      k->label, "title_field", k->title);

	json_object_set_new(
	    j, "intake",
	    k->public_intake
		? json_pack("{s:o}", "fields",
			    fields_of(k, k->public_fields, k->npublic))
		: json_null());
	json_object_set_new(j, "list",
			    k->public_list_fields
				? json_pack("{s:s?, s:s?, s:o}", "title",
					    k->public_list_title, "intro",
					    k->public_list_intro, "fields",
					    fields_of(k, k->public_list_fields,
						      k->npublic_list_fields))
				: json_null());
	return j;
}

int api_public_kinds(struct http_req *r)
{
	const struct kind_registry *reg = &api_app_of(r)->kinds;
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < reg->n; i++)
		if (reg->v[i]->public_intake || reg->v[i]->public_list_fields)
			json_array_append_new(a, portal_json(reg->v[i]));
	return http_json(r, 200, json_pack("{s:o}", "kinds", a));
}

int api_public_list(struct http_req *r)
{
	const struct kind *k =
	    kind_find(&api_app_of(r)->kinds, http_capture(r, 0));
	struct store_record_query q;
	struct store_conn *c;
	struct plist p;
	struct fz_err e;
	int64_t org, page, per;
	int rc;

	if (!k || !k->public_list_fields)
		return http_fail_code(r, FZ_ENOTFOUND, "kind",
				      "kind: nothing of kind '%s' is published",
				      http_capture(r, 0));
	if (http_query_int(r, "org_id", 1, INT64_MAX, 0, &org, &e) ||
	    http_query_int(r, "page", 1, 100000, 1, &page, &e) ||
	    http_query_int(r, "per_page", 1, 100, 20, &per, &e))
		return http_fail(r, &e);
	memset(&q, 0, sizeof(q));
	q.kind = k->id;
	q.root_org = org;
	q.sort = STORE_SORT_ID;
	q.limit = 100000; /* scanned in full: public lists are short */
	p = (struct plist){k, json_array(), (page - 1) * per, per, 0};
	c = store_rd_acquire(server_store(r->srv));
	rc = store_record_list(c, &q, add_listed, &p, NULL, &e);
	store_rd_release(server_store(r->srv), c);
	if (rc) {
		json_decref(p.a);
		return http_fail(r, &e);
	}
	return http_json(r, 200,
			 json_pack("{s:s, s:I, s:o}", "kind", k->label, "total",
				   (json_int_t)p.total, "items", p.a));
}
