/*
 * indicators.h - the figures of the annual report computed from records.
 *
 * Each kind declares its indicators (docs/kinds.md, "indicators"): a
 * count, or a sum of a numeric field, over the records of an organisation's
 * subtree whose date field falls in the year, or that are open at the
 * year's end. Every figure can be opened to list the records behind it
 * (ind_records). Manual figures and formatting in the report's style come
 * with the report (issue 7).
 *
 * Values are read from the figures kept current as records change
 * (src/kinds/figures.h), summed over the subtree's organisations; an
 * indicator they cannot answer exactly is recounted by its query, with the
 * same result. A sum counts each value rounded to its field's unit
 * (fig_unit: 1, 0.01 for money, 0.0001 for a decimal).
 */
#ifndef FZ_REPORT_INDICATORS_H
#define FZ_REPORT_INDICATORS_H

#include "kinds/kind.h"
#include "store/store.h"

/* The value (a count, or the sum) and the number of records. */
int ind_compute(struct store_conn *c, const struct kind_indicator *ind,
		int64_t org_id, int year, double *value, int64_t *records,
		struct fz_err *e);
/* Every indicator of every kind for the year, with last year's value:
 * [{id, label, unit, kind, value, records, previous, change}]. */
int ind_all(struct store_conn *c, const struct kind_registry *reg,
	    int64_t org_id, int year, json_t **out, struct fz_err *e);
/* ind_all recounted by queries over the records alone, ignoring the
 * figures kept current (the check of the figures, and bench/). */
int ind_all_query(struct store_conn *c, const struct kind_registry *reg,
		  int64_t org_id, int year, json_t **out, struct fz_err *e);
/* The records behind one figure, a page of them: [{id, org_id, number,
 * title, state}]. */
int ind_records(struct store_conn *c, const struct kind_indicator *ind,
		int64_t org_id, int year, int64_t limit, int64_t offset,
		json_t **out, struct fz_err *e);

/* The parts every reader of indicators shares (the 工作台's months too):
 * the indicator's query over year's dates (from, to: 16 bytes each, the
 * query points into them); a sibling of the same kind by id; a rate in
 * percent from its parts (exact, 0 of 0 is 0, its complement when the
 * indicator says so); a value as JSON (an integer when whole). */
void ind_query(const struct kind_indicator *ind, int64_t org_id, int year,
	       char *from, char *to, struct store_stat_query *q);
const struct kind_indicator *ind_sibling(const struct kind_indicator *ind,
					 const char *id);
double ind_rate(const struct kind_indicator *ind, double num, double den);
/* An indicator's value from the count and the sum of its records: the
 * sum, the count, or their average (over the records that have it). */
double ind_value_of(const struct kind_indicator *ind, int64_t n, double sum);
json_t *ind_number(double v);

#endif
