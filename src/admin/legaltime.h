/*
 * legaltime.h - the calendar in force: the embedded holiday data
 * (data/calendar/holidays.txt) overlaid with the years an administrator
 * imported into the database (`fazhi calendar import`), and the import
 * itself as an audited change.
 */
#ifndef FZ_ADMIN_LEGALTIME_H
#define FZ_ADMIN_LEGALTIME_H

#include "calendar/calendar.h"
#include "calendar/rules.h"
#include "store/store.h"

/* Fill an initialised calendar with the embedded data only. */
int lt_calendar_embedded(struct cal_calendar *cal, struct fz_err *e);
/* Embedded data, then every imported year from the store (c may be NULL
 * for the embedded data alone). */
int lt_calendar_load(struct store_conn *c, struct cal_calendar *cal,
		     struct fz_err *e);
/* Inside a write: check `text` as a whole with cal_load (a bad file is
 * refused and nothing written), store each of its years and append
 * calendar.import to the system chain. *years gets how many were
 * imported. */
int lt_calendar_import(struct store_conn *c, const char *text, size_t len,
		       const char *source, const char *actor, int *years,
		       struct fz_err *e);

/* ---- the state a server keeps --------------------------------------------
 * The calendar in force and the rules table with the overrides of every
 * organisation, behind a read-write lock: many requests compute at once; an
 * import or an override reloads the calendar and the overrides after its
 * write has committed. The rules table (the embedded statutory.txt) is read
 * once by lt_state_open and never replaced. */
struct lt_state;

int lt_state_open(struct lt_state **out, struct store_conn *c,
		  struct fz_err *e);
void lt_state_free(struct lt_state *lt);
int lt_state_reload(struct lt_state *lt, struct store_conn *c,
		    struct fz_err *e);
/* Take the read lock (the calendar and the overrides can be reloaded) and
 * borrow the calendar (cal may be NULL); give it back with lt_read_end().
 * The rules table needs no lock: lt_rules. */
void lt_read_begin(struct lt_state *lt, const struct cal_calendar **cal);
void lt_read_end(struct lt_state *lt);
/* The rules table, the same for the life of lt (it is not reloaded): rules
 * and pointers into it may be kept (the kinds' deadlines) without the
 * lock. */
const struct rules_table *lt_rules(const struct lt_state *lt);
/* With the read lock held: the period of rule r in force for an
 * organisation with this path ("/1/4/9/"): the override set at the nearest
 * organisation on the path, else the national one. *by gets that
 * organisation (0: national). */
int lt_rule_days(struct lt_state *lt, const struct rules_rule *r,
		 const char *org_path, int64_t *by);
/* With the read lock held: the due date (rules_due) of rule id with the
 * period in force for the organisation at org_path (lt_rule_days) on the
 * calendar in force, from start with the pauses and an extension of
 * `extend` units. *used (may be NULL) gets the rule as applied (valid until
 * lt_read_end), *by (may be NULL) as lt_rule_days. FZ_ENOTFOUND (field
 * "rule") if there is no rule id. */
int lt_rule_due(struct lt_state *lt, const char *id, const char *org_path,
		int start, const struct cal_pause *pauses, size_t npauses,
		int extend, struct cal_result *res, struct rules_rule *used,
		int64_t *by, struct fz_err *e);

/* Inside a write: check and store an override of rule_id for org_id and
 * append rule.override to that organisation's chain. */
int lt_rule_override(struct store_conn *c, const struct rules_table *rules,
		     int64_t org_id, const char *rule_id, int days,
		     const char *actor, struct fz_err *e);
/* The embedded rules table. */
int lt_rules_embedded(struct rules_table *t, struct fz_err *e);

/* The detail of a computed period as a new JSON object (duejson.c). rule
 * may be NULL. */
json_t *lt_due_json(const struct cal_calendar *c, const struct cal_period *p,
		    const struct rules_rule *rule, const struct cal_result *r);

#endif
