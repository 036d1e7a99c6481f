/*
 * legaltime.c - see legaltime.h.
 */
#include "legaltime.h"

#include "lib/embedded.h"
#include "lib/xalloc.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOLIDAYS "data/calendar/holidays.txt"

int lt_calendar_embedded(struct cal_calendar *cal, struct fz_err *e)
{
	const struct fz_embedded *f = fz_embedded_need(HOLIDAYS, "calendar", e);

	if (!f)
		return FZ_ENOTFOUND;
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

	/* The file must load as a whole (nothing is written otherwise). How
	 * cal_load parses a text does not depend on the calendar it loads
	 * into, so loading it alone is the whole check. */
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

/* ---- statutory rules and their overrides -------------------------------- */

#define STATUTORY "data/rules/statutory.txt"

int lt_rules_embedded(struct rules_table *t, struct fz_err *e)
{
	const struct fz_embedded *f = fz_embedded_need(STATUTORY, "rules", e);

	if (!f)
		return FZ_ENOTFOUND;
	return rules_table_load(t, (const char *)f->data, f->len, STATUTORY, e);
}

int lt_rule_override(struct store_conn *c, const struct rules_table *rules,
		     int64_t org_id, const char *rule_id, int days,
		     const char *actor, struct fz_err *e)
{
	const struct rules_rule *r = rules_find(rules, rule_id);
	char subject[96];
	json_t *data;
	int rc;

	if (!r)
		return fz_err_set(e, FZ_ENOTFOUND, "rule",
				  "rule: no statutory rule '%s'", rule_id);
	if (r->form == RULES_FIXED)
		return fz_err_set(e, FZ_EREFUSED, "rule",
				  "rule: '%s' is a fixed date, not a period",
				  rule_id);
	if (days < 1 || days > CAL_MAX_UNITS)
		return fz_err_set(e, FZ_EINVAL, "days",
				  "days: %d is outside 1..%d", days,
				  CAL_MAX_UNITS);
	rc = store_rule_override_put(c, org_id, rule_id, days, e);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "rule:%s", rule_id);
	data = json_pack("{s:s, s:i, s:i, s:s}", "rule", rule_id, "national",
			 r->n, "days", days, "form", rules_form_name(r->form));
	rc = store_event_append(c, org_id, actor, "rule.override", subject,
				data, e);
	json_decref(data);
	return rc;
}

/* ---- the server's state ------------------------------------------------- */

struct override {
	int64_t org_id;
	char rule[64];
	int days;
};

struct lt_state {
	pthread_rwlock_t lock;
	struct cal_calendar cal;
	/* read once by lt_state_open, never reloaded (lt_rules) */
	struct rules_table rules;
	struct override *ov;
	size_t nov;
};

struct ov_list {
	struct override *v;
	size_t n, a;
};

static int add_override(int64_t org_id, const char *rule, int days, void *arg)
{
	struct ov_list *l = arg;

	l->v = fz_xgrow(l->v, l->n, &l->a, sizeof(*l->v), 16);
	l->v[l->n].org_id = org_id;
	snprintf(l->v[l->n].rule, sizeof(l->v[l->n].rule), "%s", rule);
	l->v[l->n].days = days;
	l->n++;
	return 0;
}

int lt_state_reload(struct lt_state *lt, struct store_conn *c, struct fz_err *e)
{
	struct cal_calendar cal;
	struct ov_list ov = {NULL, 0, 0};
	int rc;

	cal_init(&cal);
	rc = lt_calendar_load(c, &cal, e);
	if (!rc && c)
		rc = store_rule_override_list(c, add_override, &ov, e);
	if (rc) {
		cal_release(&cal);
		free(ov.v);
		return rc;
	}
	pthread_rwlock_wrlock(&lt->lock);
	cal_release(&lt->cal);
	free(lt->ov);
	lt->cal = cal;
	lt->ov = ov.v;
	lt->nov = ov.n;
	pthread_rwlock_unlock(&lt->lock);
	return 0;
}

int lt_state_open(struct lt_state **out, struct store_conn *c, struct fz_err *e)
{
	struct lt_state *lt = fz_xcalloc(1, sizeof(*lt));
	int rc;

	pthread_rwlock_init(&lt->lock, NULL);
	cal_init(&lt->cal);
	rules_table_init(&lt->rules);
	rc = lt_rules_embedded(&lt->rules, e);
	if (!rc)
		rc = lt_state_reload(lt, c, e);
	if (rc) {
		lt_state_free(lt);
		return rc;
	}
	*out = lt;
	return 0;
}

void lt_state_free(struct lt_state *lt)
{
	if (!lt)
		return;
	cal_release(&lt->cal);
	rules_table_release(&lt->rules);
	free(lt->ov);
	pthread_rwlock_destroy(&lt->lock);
	free(lt);
}

void lt_read_begin(struct lt_state *lt, const struct cal_calendar **cal)
{
	pthread_rwlock_rdlock(&lt->lock);
	if (cal)
		*cal = &lt->cal;
}

const struct rules_table *lt_rules(const struct lt_state *lt)
{
	return &lt->rules;
}

void lt_read_end(struct lt_state *lt)
{
	pthread_rwlock_unlock(&lt->lock);
}

/* Depth of org on the path "/1/4/9/" (1-based), or 0 if absent. */
static int depth_on_path(const char *path, int64_t org)
{
	char needle[32];
	const char *hit;
	int depth = 0;

	snprintf(needle, sizeof(needle), "/%lld/", (long long)org);
	hit = strstr(path, needle);
	if (!hit)
		return 0;
	for (; path <= hit; path++)
		depth += *path == '/';
	return depth;
}

int lt_rule_days(struct lt_state *lt, const struct rules_rule *r,
		 const char *org_path, int64_t *by)
{
	int best = 0, days = r->n, d;
	size_t i;

	*by = 0;
	for (i = 0; i < lt->nov; i++) {
		if (strcmp(lt->ov[i].rule, r->id) != 0)
			continue;
		d = depth_on_path(org_path, lt->ov[i].org_id);
		if (d > best) {
			best = d;
			days = lt->ov[i].days;
			*by = lt->ov[i].org_id;
		}
	}
	return days;
}

int lt_rule_due(struct lt_state *lt, const char *id, const char *org_path,
		int start, const struct cal_pause *pauses, size_t npauses,
		int extend, struct cal_result *res, struct rules_rule *used,
		int64_t *by, struct fz_err *e)
{
	const struct rules_rule *r = rules_find(&lt->rules, id);
	struct rules_rule local;
	int64_t who;

	if (!r)
		return fz_err_set(e, FZ_ENOTFOUND, "rule",
				  "rule: no statutory rule '%s'", id);
	local = *r;
	local.n = lt_rule_days(lt, r, org_path, &who);
	if (used)
		*used = local;
	if (by)
		*by = who;
	return rules_due(&local, &lt->cal, start, pauses, npauses, extend, res,
			 e);
}
