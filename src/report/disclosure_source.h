/*
 * disclosure_source.h - the national disclosure table of an organisation
 * and its subtree for a year, counted from the records of the kind
 * disclosure_request (kinds/disclosure_request.json) through the store.
 */
#ifndef FZ_REPORT_DISCLOSURE_SOURCE_H
#define FZ_REPORT_DISCLOSURE_SOURCE_H

#include "report/disclosure_table.h"
#include "store/store.h"

/* *t must be initialised for the year (dtable_init). */
int dsource_fill(struct store_conn *c, int64_t org_id, struct dtable *t,
		 struct fz_err *e);
/* The table as JSON: rows with their labels and cells, and the check. */
json_t *dsource_json(const struct dtable *t, const char *org_name);

#endif
