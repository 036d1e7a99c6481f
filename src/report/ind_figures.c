/*
 * ind_figures.c - see ind_figures.h.
 */
#include "ind_figures.h"

#include "kinds/figures.h"
#include "lib/xalloc.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double ind_figs_sum(const struct kind_indicator *ind, int64_t units)
{
	return (double)units / fig_unit(ind);
}

static int cmp_ref(const void *a, const void *b)
{
	const struct ind_ref *x = a, *y = b;

	return strcmp(x->ind->id, y->ind->id);
}

static size_t nkinds(const struct kind_registry *reg)
{
	return reg ? reg->n : 1;
}

static size_t nind(const struct kind_registry *reg, size_t k)
{
	return reg ? reg->v[k]->nindicators : 1;
}

/* The slots, one per indicator in the order of the kinds, and the index
 * by id. */
static void make_slots(struct ind_figs *f, const struct kind_registry *reg,
		       const struct kind_indicator *ind)
{
	size_t k, i, j, n = 0;

	f->base = fz_xcalloc(nkinds(reg) + 1, sizeof(*f->base));
	for (k = 0; k < nkinds(reg); k++) {
		f->base[k] = n;
		n += nind(reg, k);
	}
	f->v = fz_xcalloc(n + 1, sizeof(*f->v));
	f->refs = fz_xcalloc(n + 1, sizeof(*f->refs));
	f->n = n;
	for (k = 0; k < nkinds(reg); k++)
		for (i = 0; i < nind(reg, k); i++) {
			j = f->base[k] + i;
			f->refs[j].ind = reg ? &reg->v[k]->indicators[i] : ind;
			f->refs[j].fig = &f->v[j];
		}
	qsort(f->refs, n, sizeof(*f->refs), cmp_ref);
}

static struct ind_fig *find(struct ind_figs *f, const char *id,
			    const struct kind_indicator **ind)
{
	size_t lo = 0, hi = f->n, mid;
	int r;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		r = strcmp(id, f->refs[mid].ind->id);
		if (!r) {
			*ind = f->refs[mid].ind;
			return f->refs[mid].fig;
		}
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* a += b, or x marked when it would overflow. */
static void add64(int64_t *a, int64_t b, int64_t *x)
{
	if (__builtin_add_overflow(*a, b, a))
		*x = 1;
}

static int cmp_value(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* The group of value v, added in order when new. */
static struct ind_group *group_at(struct ind_fig *fg, const char *v)
{
	size_t i = 0;

	while (i < fg->ng && cmp_value(fg->g[i].value, v) < 0)
		i++;
	if (i < fg->ng && !cmp_value(fg->g[i].value, v))
		return &fg->g[i];
	fg->g = fz_xgrow(fg->g, fg->ng, &fg->galloc, sizeof(*fg->g), 8);
	memmove(&fg->g[i + 1], &fg->g[i], (fg->ng - i) * sizeof(*fg->g));
	fg->ng++;
	memset(&fg->g[i], 0, sizeof(fg->g[i]));
	fg->g[i].value = v ? fz_xstrdup(v) : NULL;
	return &fg->g[i];
}

struct load {
	struct ind_figs *f;
	int year;
	int every; /* the rows of every organisation: values come again */
	/* the indicator of the last row: rows come in key order */
	char last[128];
	const struct kind_indicator *ind;
	struct ind_fig *fg;
};

/* A row into the years it counts for: its own year for a date, every
 * year from it on for a change of an open indicator. */
static int take_row(const struct store_fig *r, void *arg)
{
	struct load *l = arg;
	const struct kind_indicator *ind;
	struct ind_fig *fg;
	struct ind_group *g;
	int i, y;

	if (strcmp(r->ind, l->last) != 0) {
		snprintf(l->last, sizeof(l->last), "%s", r->ind);
		l->fg = find(l->f, r->ind, &l->ind);
	}
	ind = l->ind;
	fg = l->fg;
	for (i = 0; fg && i < 2; i++) {
		y = l->year - i;
		if (ind->date ? r->year != y : r->year > y)
			continue;
		add64(&fg->n[i], r->n, &fg->x[i]);
		add64(&fg->s[i], r->s, &fg->x[i]);
		add64(&fg->x[i], r->x, &fg->x[i]);
		if (ind->distinct) { /* one row per value of the subtree */
			fg->d[i] += r->grp && r->n > 0;
			fg->x[i] |= l->every;
		}
		if (i || !ind->group)
			continue;
		g = group_at(fg, r->grp);
		add64(&g->n, r->n, &fg->x[0]);
		add64(&g->s, r->s, &fg->x[0]);
	}
	return 0;
}

static int exact(int64_t s)
{
	return fabs((double)s) < FIG_SUM_MAX;
}

static void judge(struct ind_fig *fg)
{
	size_t i;

	fg->ok = fg->kind_ok && !fg->x[0] && !fg->x[1] && exact(fg->s[0]) &&
		 exact(fg->s[1]);
	for (i = 0; i < fg->ng; i++)
		fg->ok = fg->ok && exact(fg->g[i].s);
}

/* Which kinds' figures were counted under their declaration. */
static int kinds_ok(struct ind_figs *f, struct store_conn *c,
		    const struct kind_registry *reg,
		    const struct kind_indicator *ind)
{
	const struct kind *kd;
	size_t k, i;
	int valid, any = 0;

	for (k = 0; k < nkinds(reg); k++) {
		kd = reg ? reg->v[k] : ind->kind;
		if (fig_valid(c, kd, &valid, NULL))
			valid = 0;
		any |= valid;
		for (i = 0; i < nind(reg, k); i++)
			f->v[f->base[k] + i].kind_ok = valid;
	}
	return any;
}

static void clear_groups(struct ind_figs *f)
{
	size_t i, j;

	for (i = 0; i < f->n; i++) {
		for (j = 0; j < f->v[i].ng; j++)
			free(f->v[i].g[j].value);
		f->v[i].ng = 0;
	}
}

void ind_figs_load(struct ind_figs *f, struct store_conn *c,
		   const struct kind_registry *reg,
		   const struct kind_indicator *ind, int64_t root_org,
		   int own_only, int year)
{
	struct load l = {f, year, !root_org && !own_only, "", NULL, NULL};
	int from = !reg && ind->date ? year - 1 : INT_MIN;
	size_t i;

	memset(f, 0, sizeof(*f));
	f->year = year;
	make_slots(f, reg, ind);
	if (kinds_ok(f, c, reg, ind) &&
	    store_fig_sum(c, root_org, own_only, reg ? NULL : ind->id, from,
			  year, take_row, &l, NULL)) {
		clear_groups(f);
		for (i = 0; i < f->n; i++)
			f->v[i].kind_ok = 0;
	}
	for (i = 0; i < f->n; i++)
		judge(&f->v[i]);
}

void ind_figs_release(struct ind_figs *f)
{
	size_t i;

	clear_groups(f);
	for (i = 0; i < f->n; i++)
		free(f->v[i].g);
	free(f->v);
	free(f->refs);
	free(f->base);
	memset(f, 0, sizeof(*f));
}

struct ind_fig *ind_figs_at(struct ind_figs *f, size_t k, size_t i)
{
	return &f->v[f->base[k] + i];
}
