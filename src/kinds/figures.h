/*
 * figures.h - the report's figures kept current as records change
 * (docs/architecture.md, "Figures kept current").
 *
 * Every indicator of a kind that is not a rate nor a distinct count
 * (kind.h, struct kind_indicator) is a count, or a sum of a field, over
 * the records whose
 * date falls in the year or that are open at the year's end. What one
 * record contributes to it follows from the record alone (its data and
 * its stored deadlines): +1 record and its value in the year of its date;
 * or, open at year end, +1 in the year it opens and -1 in the year it
 * closes, summed up to the year asked. The figures table (store.h) holds
 * those contributions summed per organisation, indicator, year and group
 * value. The engine calls fig_record_change in the same write as every
 * record change: the record's contributions before and after, their
 * difference added to the table. A report then sums a few rows per
 * organisation of its subtree instead of recounting the records
 * (src/report/indicators.c).
 *
 * Exactness. The contributions are computed with the comparisons SQLite
 * makes in the recount (store_stats.c): dates as text, 'true'/'false' as
 * 1/0, a deadline met when done_on <= due, and each condition of `where`
 * as SQLite compares json_extract's value with a bound one (NULL matches
 * nothing but `absent`; numbers before text; integers against reals
 * exactly; text byte by byte). A record whose condition SQLite would
 * decide on JSON text (an object or array compared with a text that
 * begins as it does) counts in x, as below. Sums are kept as integers of
 * the field's unit (fig_unit: 1 for int, 0.01 for money, 0.0001 for a
 * decimal), each value rounded as SQLite's round() rounds, so that adding
 * and removing in any order gives the same integer the recount's total
 * gives. A value that cannot be held so (not a number, 2^52 units or more)
 * or a group value that is not text counts in x: the report then recounts
 * that indicator by query.
 *
 * The contributions read the record's stored deadlines: whatever rewrites
 * record_deadlines (today only the engine's write_change) must go through
 * fig_record_change too, or the on_time figures go stale.
 *
 * Definitions. The figures of a kind are only as good as the declaration
 * they were counted under. fig_def is that declaration's canonical text,
 * kept per kind beside the table: a reader whose declaration differs
 * recounts by query; a writer whose declaration differs removes the stored
 * definition (so that every reader recounts) and leaves the table alone;
 * fig_rebuild counts them again from the records (fig_sync at start-up).
 */
#ifndef FZ_KINDS_FIGURES_H
#define FZ_KINDS_FIGURES_H

#include "kinds/kind.h"
#include "store/store.h"

/* Terms below 2^52 units are rounded exactly; sums below 2^53 are exact. */
#define FIG_TERM_MAX 4503599627370496.0
#define FIG_SUM_MAX  9007199254740992.0
/* The year of a change that holds for every year (a date before all). */
#define FIG_YEAR_ALWAYS 0

/* The unit a summed field is kept in, as a multiplier of its value:
 * 1 (int, or a count), 100 (money: fen), 10000 (decimal). */
double fig_unit(const struct kind_indicator *ind);
/* 1 if the figures of ind are kept: any indicator but a rate and a
 * distinct count (which are answered by queries). */
int fig_ind_kept(const struct kind_indicator *ind);
/* 1 if k has an indicator whose figures are kept. */
int fig_kept(const struct kind *k);
/* The canonical text of k's figure definitions (malloc'ed): made once per
 * kind when it is read, kept as k->fig_def. */
char *fig_def(const struct kind *k);
/* *valid = 1 if the figures of k in the store were counted under k's
 * declaration. */
int fig_valid(struct store_conn *c, const struct kind *k, int *valid,
	      struct fz_err *e);
/* 1 if k's figures depend on deadlines (an on_time indicator). */
int fig_needs_deadlines(const struct kind *k);

/* A record as the figures see it: its data and its stored deadlines. */
struct fig_side {
	const json_t *data;
	const struct store_deadline *dl;
	size_t ndl;
};

/* Inside a write: a record of k in org_id changed from before (NULL: it
 * is new) to after; add the difference of their contributions. */
int fig_record_change(struct store_conn *c, const struct kind *k,
		      int64_t org_id, const struct fig_side *before,
		      const struct fig_side *after, struct fz_err *e);

/* Inside a write: count the figures again from the records, for every
 * kind of reg (all) or for those whose stored definition is not theirs;
 * *nkinds (may be NULL) gets how many kinds were counted. */
int fig_rebuild(struct store_conn *c, const struct kind_registry *reg, int all,
		int *nkinds, struct fz_err *e);
/* fig_rebuild as a write of its own (store_write_alone). */
int fig_sync(struct store *s, const struct kind_registry *reg, int all,
	     int *nkinds, struct fz_err *e);

#endif
