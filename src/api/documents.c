/*
 * documents.c - documents generated from a record, as DOCX:
 *
 *   GET /api/v1/records/{kind}/{id}/documents/{name}
 *
 * The kind declares its documents (name, label, template, the states in
 * which one may be made). The template is the built-in one
 * (data/templates/<template>/), unless the server was started with
 * --templates DIR and DIR/<template>.docx exists: an organisation replaces
 * a layout by dropping its own DOCX there.
 *
 * What a template may use: every field of the kind (null when unset),
 * FIELD_label for enums, every item field of an objects field (null when
 * unset, ITEM_label for enums), FIELD_names and FIELD_list ({name,
 * cert_number}, the name as on the certificate) for users fields, number,
 * state_label, org_name, parent_org_name, reconsideration_organ (the
 * organisation above), court, contact_name, contact_phone and today. A value
 * that is unset prints "____".
 */
#include "api.h"

#include "calendar/calendar.h"
#include "docx/docx.h"
#include "kinds/guards.h"
#include "lib/buf.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const struct kind_document *find_doc(const struct kind *k,
					    const char *name)
{
	size_t i;

	for (i = 0; i < k->ndocuments; i++)
		if (!strcmp(k->documents[i].name, name))
			return &k->documents[i];
	return NULL;
}

static int load_template(struct http_req *r, const char *name,
			 struct docx_template **t, struct fz_err *e)
{
	const char *dir = api_app_of(r)->templates_dir;
	char path[4096];
	struct stat sb;

	if (dir) {
		snprintf(path, sizeof(path), "%s/%s.docx", dir, name);
		if (stat(path, &sb) == 0)
			return docx_template_load_file(t, path, e);
	}
	return docx_template_load_embedded(t, name, e);
}

/* For a users field: FIELD_names "张敏、李强" and FIELD_list
 * [{name, cert_number}] (执法人员 and 执法证号 on the documents). */
static void add_users(struct store_conn *c, json_t *out,
		      const struct kind_field *f, const json_t *ids)
{
	struct fz_buf names = FZ_BUF_INIT(4096);
	json_t *list = json_array(), *id;
	struct store_user u;
	struct guard_cert cert;
	const char *name;
	char key[96];
	size_t i;

	json_array_foreach(ids, i, id)
	{
		if (store_user_by_id(c, json_integer_value(id), &u, NULL))
			continue;
		guard_certificate(c, u.id, CAL_NO_DATE, &cert);
		name = cert.name[0] ? cert.name : u.display_name;
		if (names.len)
			fz_buf_adds(&names, "、");
		fz_buf_adds(&names, name);
		json_array_append_new(list,
				      json_pack("{s:s, s:s}", "name", name,
						"cert_number", cert.number));
	}
	snprintf(key, sizeof(key), "%s_names", f->name);
	json_object_set_new(out, key,
			    names.len ? json_string(names.data) : json_null());
	snprintf(key, sizeof(key), "%s_list", f->name);
	json_object_set_new(out, key, list);
	fz_buf_release(&names);
}

/* NAME_label beside an enum field: the label of its value, or null. */
static void put_label(json_t *out, const struct kind_field *f, const json_t *v)
{
	const char *label = json_is_string(v)
				? kind_value_label(f, json_string_value(v))
				: NULL;
	char key[96];

	if (f->type != KF_ENUM)
		return;
	snprintf(key, sizeof(key), "%s_label", f->name);
	json_object_set_new(out, key, label ? json_string(label) : json_null());
}

/* An objects field with every item field present (null when unset) and
 * FIELD_label for enum item fields, so a template can name them all. */
static json_t *items_json(const struct kind_field *f, const json_t *v)
{
	json_t *arr = json_array(), *el, *o, *x;
	size_t j, m;

	json_array_foreach(v, j, el)
	{
		o = json_object();
		for (m = 0; m < f->nitems; m++) {
			const struct kind_field *it = &f->items[m];
			x = json_object_get(el, it->name);
			json_object_set(o, it->name, x ? x : json_null());
			put_label(o, it, x);
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *name_or_null(const char *name)
{
	return name[0] ? json_string(name) : json_null();
}

/* Everything a template may use; unset values are null. */
static json_t *document_data(struct store_conn *c, const struct kind *k,
			     const struct store_record *rec)
{
	json_t *data = json_loads(rec->data, 0, NULL), *out = json_object();
	const struct kind_state *st = kind_state(k, rec->state);
	struct store_org org, parent;
	char today[CAL_DATE_LEN];
	size_t i;

	for (i = 0; i < k->nfields; i++) {
		const struct kind_field *f = &k->fields[i];
		json_t *v = json_object_get(data, f->name);
		if (f->type == KF_OBJECTS && json_is_array(v))
			json_object_set_new(out, f->name, items_json(f, v));
		else
			json_object_set(out, f->name, v ? v : json_null());
		if (f->type == KF_USERS)
			add_users(c, out, f, v);
		put_label(out, f, v);
	}
	json_decref(data);
	json_object_set_new(out, "number", json_string(rec->number));
	json_object_set_new(out, "state_label",
			    json_string(st ? st->label : rec->state));
	memset(&org, 0, sizeof(org));
	memset(&parent, 0, sizeof(parent));
	if (store_org_get(c, rec->org_id, &org, NULL) == 0 && org.parent_id)
		store_org_get(c, org.parent_id, &parent, NULL);
	json_object_set_new(out, "org_name", name_or_null(org.name));
	json_object_set_new(out, "parent_org_name", name_or_null(parent.name));
	/* the reconsideration organ is the organisation above */
	json_object_set_new(out, "reconsideration_organ",
			    name_or_null(parent.name));
	json_object_set_new(out, "court", json_string("有管辖权的人民法院"));
	json_object_set_new(out, "contact_name", json_null());
	json_object_set_new(out, "contact_phone", json_null());
	json_object_set_new(out, "today",
			    json_string(cal_date_format(api_today(), today)));
	return out;
}

/* The file a document downloads as: its name and its 文号 (the record's
 * number while it has none), 行政处罚决定书（北碚规资罚〔2023〕43号）.docx. */
static void doc_filename(const struct kind_document *d,
			 const struct store_record *rec, char *out, size_t n)
{
	json_t *data = d->number_field ? json_loads(rec->data, 0, NULL) : NULL;
	const char *no =
	    json_string_value(json_object_get(data, d->number_field));

	snprintf(out, n, "%s（%s）.docx", d->label,
		 no && no[0] ? no : rec->number);
	json_decref(data);
}

static int render(struct http_req *r, const struct kind_document *d,
		  const json_t *data, const struct store_record *rec)
{
	static const struct docx_opts opts = {"____"};
	struct docx_template *t = NULL;
	struct fz_buf out = FZ_BUF_INIT(64u << 20);
	char name[256];
	struct fz_err e;
	int rc = load_template(r, d->template_name, &t, &e);

	if (!rc && docx_render(t, data, &opts, &out, &e))
		/* a template that does not fit the data is the server's
		 * fault, not the request's */
		rc = fz_err_set(&e, FZ_EIO, NULL, "template %s: %s",
				d->template_name, e.msg);
	docx_template_free(t);
	if (rc) {
		fz_buf_release(&out);
		return http_fail(r, &e);
	}
	doc_filename(d, rec, name, sizeof(name));
	http_download(r,
		      "application/vnd.openxmlformats-officedocument."
		      "wordprocessingml.document",
		      name, out.data, out.len);
	fz_buf_release(&out);
	return 0;
}

int api_records_document(struct http_req *r)
{
	const struct kind_document *d;
	struct store_record rec;
	struct store_conn *c;
	struct fz_err e;
	const struct kind *k = api_kind(r, &e);
	json_t *data;
	int rc;

	if (!k)
		return http_fail(r, &e);
	d = find_doc(k, http_capture(r, 2));
	if (!d)
		return http_fail_code(r, FZ_ENOTFOUND, "name",
				      "name: %s has no document '%s'", k->label,
				      http_capture(r, 2));
	c = store_rd_acquire(server_store(r->srv));
	if (api_record_at(r, c, k, &rec, &e)) {
		store_rd_release(server_store(r->srv), c);
		return http_fail(r, &e);
	}
	if (d->nstates && !kind_states_has(d->states, d->nstates, rec.state)) {
		store_rd_release(server_store(r->srv), c);
		rc = http_fail_code(r, FZ_EREFUSED, "state",
				    "state: %s cannot be made in state '%s'",
				    d->label, rec.state);
		store_record_release(&rec);
		return rc;
	}
	data = document_data(c, k, &rec);
	store_rd_release(server_store(r->srv), c);
	rc = render(r, d, data, &rec);
	json_decref(data);
	store_record_release(&rec);
	return rc;
}
