/*
 * indicators.h - the figures of the annual report computed from records.
 *
 * Each kind declares its indicators (docs/kinds.md, "indicators"): a
 * count, a sum or an average of a numeric field, or the number of
 * distinct values of a field, over the records of an organisation's
 * subtree whose date field falls in the year, or that are open at the
 * year's end, narrowed by conditions; or a rate of sums of such
 * indicators of any kinds. Every figure can be opened to list the records
 * behind it (ind_records). Manual figures and formatting in the report's style
 * come with the report (issue 7).
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

/* The value (a count, the sum, the average, the number of distinct
 * values, or a rate) and the number of records (of a rate: of its
 * denominator's parts). */
int ind_compute(struct store_conn *c, const struct kind_indicator *ind,
		int64_t org_id, int year, double *value, int64_t *records,
		struct fz_err *e);
/* ind_compute of the organisation's own records alone (own_only 1). */
int ind_compute_own(struct store_conn *c, const struct kind_indicator *ind,
		    int64_t org_id, int year, int own_only, double *value,
		    int64_t *records, struct fz_err *e);
/* Every indicator of every kind for the year, with last year's value, in
 * the order of the kinds and their declarations; each entry is
 *   {id, label, unit, kind, value, records, previous, change,
 *    decimals?, distinct?, ratio?, groups?}
 * previous and change are JSON null when there is nothing to compare
 * with: no plain indicator (not a rate) of the indicator's kind has
 * records in the year before in the subtree (for a rate: of any kind of
 * its denominator's parts). decimals: as declared; distinct: the field
 * whose distinct values are counted; ratio (a rate):
 *   {numerator: [ids], denominator: [ids], complement, num, den}
 * with num and den this year's sums of the parts; groups (an indicator
 * with a group field): [{value, label, records, amount}]. */
int ind_all(struct store_conn *c, const struct kind_registry *reg,
	    int64_t org_id, int year, json_t **out, struct fz_err *e);
/* ind_all of the organisation's own records alone (本级: own_only 1),
 * without those of the organisations under it, or of its subtree
 * (own_only 0: ind_all itself). Read from the figures kept current of the
 * organisation's own rows, recounted by query where they do not answer. */
int ind_all_own(struct store_conn *c, const struct kind_registry *reg,
		int64_t org_id, int year, int own_only, json_t **out,
		struct fz_err *e);
/* ind_all recounted by queries over the records alone, ignoring the
 * figures kept current (the check of the figures, and bench/). */
int ind_all_query(struct store_conn *c, const struct kind_registry *reg,
		  int64_t org_id, int year, json_t **out, struct fz_err *e);
/* ind_all_own recounted by queries alone. */
int ind_all_query_own(struct store_conn *c, const struct kind_registry *reg,
		      int64_t org_id, int year, int own_only, json_t **out,
		      struct fz_err *e);
/* The records behind one figure, a page of them: [{id, org_id, number,
 * title, state}]; of a rate, those of its numerator's parts one after
 * the other. */
int ind_records(struct store_conn *c, const struct kind_indicator *ind,
		int64_t org_id, int year, int64_t limit, int64_t offset,
		json_t **out, struct fz_err *e);
/* ind_records of the organisation's own records alone (own_only 1). */
int ind_records_own(struct store_conn *c, const struct kind_indicator *ind,
		    int64_t org_id, int year, int own_only, int64_t limit,
		    int64_t offset, json_t **out, struct fz_err *e);

/* The parts every reader of indicators shares (the 工作台's months too):
 * the indicator's query over year's dates (from, to: 16 bytes each, the
 * query points into them); a rate in percent from its parts (exact, 0 of
 * 0 is 0, its complement when the indicator says so); a value as JSON (an
 * integer when whole). */
void ind_query(const struct kind_indicator *ind, int64_t org_id, int year,
	       char *from, char *to, struct store_stat_query *q);
double ind_rate(const struct kind_indicator *ind, double num, double den);
/* An indicator's value from the count and the sum of its records: the
 * sum, the count, or their average (over the records that have it). */
double ind_value_of(const struct kind_indicator *ind, int64_t n, double sum);
json_t *ind_number(double v);

#endif
