/*
 * figures_internal.h - shared by figures.c and figures_rebuild.c only: a
 * record's contributions, handed one by one to a function.
 */
#ifndef FZ_KINDS_FIGURES_INTERNAL_H
#define FZ_KINDS_FIGURES_INTERNAL_H

#include "kinds/figures.h"

/* The version of the rules of figures.c, part of every definition: a
 * change of the rules makes every stored definition stale. */
#define FIG_VERSION "fig1"
/* A year past every date (first_year of a text after '9999-12-31'). */
#define FIG_NEVER 10000

/* One contribution: n records, s units, x inexact records, to indicator
 * ind in year (group value grp, NULL: none). */
typedef void (*fig_emit_fn)(void *arg, const struct kind_indicator *ind,
			    int year, const char *grp, int64_t n, int64_t s,
			    int64_t x);
/* Every contribution of record r of kind k, times sign (+1 or -1). grp
 * points into r->data. */
void fig_contrib(const struct kind *k, const struct fig_side *r, int sign,
		 fig_emit_fn emit, void *arg);

#endif
