/*
 * legaltime.h - the calendar in force: the embedded holiday data
 * (data/calendar/holidays.txt) overlaid with the years an administrator
 * imported into the database (`fazhi calendar import`), and the import
 * itself as an audited change.
 */
#ifndef FZ_ADMIN_LEGALTIME_H
#define FZ_ADMIN_LEGALTIME_H

#include "calendar/calendar.h"
#include "store/store.h"

/* Fill an initialised calendar with the embedded data only. */
int lt_calendar_embedded(struct cal_calendar *cal, struct fz_err *e);
/* Embedded data, then every imported year from the store (c may be NULL
 * for the embedded data alone). */
int lt_calendar_load(struct store_conn *c, struct cal_calendar *cal,
		     struct fz_err *e);
/* Inside a write: store every year of `file` (already validated as a whole
 * with cal_load) and append calendar.import to the system chain. *years
 * gets how many were imported. */
int lt_calendar_import(struct store_conn *c, const char *text, size_t len,
		       const char *source, const char *actor, int *years,
		       struct fz_err *e);

#endif
