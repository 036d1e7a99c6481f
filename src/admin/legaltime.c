/*
 * legaltime.c - see legaltime.h.
 */
#include "legaltime.h"

#include "lib/embedded.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOLIDAYS "data/calendar/holidays.txt"

int lt_calendar_embedded(struct cal_calendar *cal, struct fz_err *e)
{
	const struct fz_embedded *f = fz_embedded_find(HOLIDAYS);

	if (!f)
		return fz_err_set(e, FZ_ENOTFOUND, "calendar",
				  "%s is not embedded", HOLIDAYS);
	return cal_load(cal, (const char *)f->data, f->len, HOLIDAYS, e);
}

struct overlay {
	struct cal_calendar *cal;
	struct fz_err *e;
	int rc;
};

static int load_year(int64_t org_id, int year, const char *body, void *arg)
{
	struct overlay *o = arg;
	char source[64];

	(void)org_id; /* one national calendar for now */
	snprintf(source, sizeof(source), "imported year %d", year);
	o->rc = cal_load(o->cal, body, strlen(body), source, o->e);
	return o->rc;
}

int lt_calendar_load(struct store_conn *c, struct cal_calendar *cal,
		     struct fz_err *e)
{
	struct overlay o = {cal, e, 0};
	int rc = lt_calendar_embedded(cal, e);

	if (rc || !c)
		return rc;
	rc = store_calendar_list(c, load_year, &o, e);
	return rc ? rc : o.rc;
}

int lt_calendar_import(struct store_conn *c, const char *text, size_t len,
		       const char *source, const char *actor, int *years,
		       struct fz_err *e)
{
	struct cal_calendar only;
	int list[CAL_NYEARS];
	size_t n, i;
	json_t *ys, *data;
	char *body = NULL;
	int rc;

	cal_init(&only);
	rc = cal_load(&only, text, len, source, e);
	n = rc ? 0 : cal_years(&only, list, CAL_NYEARS);
	ys = json_array();
	for (i = 0; !rc && i < n; i++) {
		rc = cal_format_year(&only, list[i], &body, NULL, e);
		if (!rc)
			rc = store_calendar_put(c, 0, list[i], body, e);
		free(body);
		body = NULL;
		json_array_append_new(ys, json_integer(list[i]));
	}
	data = json_pack("{s:o, s:s}", "years", ys, "source", source);
	if (!rc)
		rc = store_event_append(c, 0, actor, "calendar.import",
					"calendar:national", data, e);
	json_decref(data);
	cal_release(&only);
	*years = (int)n;
	return rc;
}
