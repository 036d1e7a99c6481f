/*
 * ind_figures.h - for indicators.c only: the figures kept current
 * (src/kinds/figures.h) of an organisation's subtree read back per
 * indicator, for the year asked and the year before.
 *
 * One statement reads the rows of the subtree's organisations
 * (store_fig_sum); here they are added up per indicator and group value
 * and folded into the two years: the rows of that year for an indicator
 * with a date, every row up to that year for one open at year end (its
 * rows are the changes). An indicator whose kind's stored definition is not its
 * own, or that has an inexact record (x) or a sum past 2^53 units in either
 * year, is not `ok`: indicators.c then recounts it by query.
 *
 * Ownership: ind_figs_load allocates, ind_figs_release frees everything,
 * including the group values copied from the rows.
 */
#ifndef FZ_REPORT_IND_FIGURES_H
#define FZ_REPORT_IND_FIGURES_H

#include "kinds/kind.h"
#include "store/store.h"

struct ind_group {
	char *value; /* NULL: records without the field */
	int64_t n, s, x;
};

/* One indicator: [0] the year asked, [1] the year before; its groups in
 * the year asked, in the order of the recount (no value first, then by
 * value); ok when the figures answer it exactly. */
struct ind_fig {
	int64_t n[2], s[2], x[2];
	int64_t d[2]; /* a distinct count: the values with records */
	struct ind_group *g;
	size_t ng, galloc;
	int kind_ok, ok;
};

struct ind_ref {
	const struct kind_indicator *ind;
	struct ind_fig *fig;
};

struct ind_figs {
	struct ind_ref *refs; /* every indicator, sorted by id */
	size_t n;
	struct ind_fig *v; /* the figures, in the order of the kinds */
	size_t *base;	   /* first of each kind of reg in v */
	int year;
};

/* The figures of every indicator of reg (ind NULL) or of ind alone, for
 * year and year - 1 in root_org's subtree (own_only: of root_org alone).
 * An error of the store leaves every indicator not ok (recounted), so that
 * a figure is never wrong; only the query's own errors are reported. The
 * indicators whose figures are not kept (fig_ind_kept) have no rows: the
 * caller asks the query for them. */
void ind_figs_load(struct ind_figs *f, struct store_conn *c,
		   const struct kind_registry *reg,
		   const struct kind_indicator *ind, int64_t root_org,
		   int own_only, int year);
void ind_figs_release(struct ind_figs *f);
/* The figures of indicator i of kind number k of reg (0 for ind). */
struct ind_fig *ind_figs_at(struct ind_figs *f, size_t k, size_t i);
/* A sum in the field's value: units / fig_unit, as the recount divides. */
double ind_figs_sum(const struct kind_indicator *ind, int64_t units);

#endif
