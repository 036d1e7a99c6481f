/*
 * disclosure_source.c - see disclosure_source.h. Records are read in pages
 * by id (keyset), so the memory does not grow with the number of requests.
 */
#include "disclosure_source.h"

#include "calendar/calendar.h"
#include "kinds/kind.h"

#include <stdio.h>
#include <string.h>

struct fill {
	struct dtable *t;
	struct fz_err *e;
	int rc;
	int64_t last_id;
	int64_t seen;
};

static int add_one(const struct store_record *rec, void *arg)
{
	struct fill *f = arg;
	json_t *data = json_loads(rec->data, 0, NULL);
	struct dtable_rec r;
	struct fz_err inner;

	f->last_id = rec->id;
	f->seen++;
	r.received_on = kind_date_of(data, "received_on");
	r.replied_on = kind_date_of(data, "replied_on");
	r.applicant_type =
	    json_string_value(json_object_get(data, "applicant_type"));
	r.reply_type = json_string_value(json_object_get(data, "reply_type"));
	r.reply_reason =
	    json_string_value(json_object_get(data, "reply_reason"));
	r.record_id = rec->id;
	if (r.received_on != CAL_NO_DATE && dtable_add(f->t, &r, &inner))
		f->rc = fz_err_set(f->e, FZ_ECORRUPT, inner.field,
				   "record %s: %s", rec->number, inner.msg);
	json_decref(data);
	return f->rc;
}

int dsource_fill(struct store_conn *c, int64_t org_id, struct dtable *t,
		 struct fz_err *e)
{
	struct store_record_query q;
	struct fill f = {t, e, 0, 0, 0};
	int64_t before;
	int rc;

	memset(&q, 0, sizeof(q));
	q.kind = "disclosure_request";
	q.root_org = org_id;
	q.sort = STORE_SORT_ID;
	q.limit = 1000;
	do {
		before = f.seen;
		q.before_id = f.last_id;
		rc = store_record_list(c, &q, add_one, &f, NULL, e);
	} while (!rc && !f.rc && f.seen - before == q.limit);
	if (rc)
		return rc;
	return f.rc ? f.rc : dtable_check(t, e);
}

json_t *dsource_json(const struct dtable *t, const char *org_name)
{
	json_t *rows = json_array(), *cols = json_array();
	size_t i, j;

	for (j = 0; j < DTABLE_NCOLS; j++)
		json_array_append_new(cols, json_pack("{s:s, s:s}", "id",
						      dtable_col_id(j), "label",
						      dtable_col_label(j)));
	for (i = 0; i < DTABLE_NROWS; i++) {
		json_t *cells = json_array();
		for (j = 0; j < DTABLE_NCOLS; j++)
			json_array_append_new(
			    cells, json_integer(dtable_cell_at(t, i, j)));
		json_array_append_new(
		    rows,
		    json_pack("{s:s, s:s, s:s?, s:o}", "id", dtable_row_id(i),
			      "label", dtable_row_label(i), "group",
			      dtable_row_group(i), "cells", cells));
	}
	return json_pack("{s:s, s:i, s:o, s:o, s:b}", "org",
			 org_name ? org_name : "", "year", t->year, "columns",
			 cols, "rows", rows, "balanced",
			 dtable_check(t, NULL) == 0);
}
