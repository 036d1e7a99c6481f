/*
 * figures_rebuild.c - the figures counted again from every record (see
 * figures.h): after migration 007 on a database that has records, when a
 * kind's declaration changed, and for bulk-loaded data (bench/).
 *
 * One pass over the records in storage order: each record of a kind being
 * counted is parsed once, its deadlines read when its kind needs them, and
 * its contributions (fig_contrib, the very rules of the engine's path)
 * summed in memory per (organisation, indicator, year, group value). The
 * sums go to the table whenever the map reaches MAP_FLUSH entries and at
 * the end, added to what is there (the rows of the kinds being counted
 * were removed first), so memory stays bounded whatever the order of the
 * records. The map owns its interned group values; everything is freed
 * before returning.
 */
#include "figures_internal.h"

#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MAP_FLUSH (1u << 20)

struct agg {
	int64_t org;
	const char *grp; /* interned: equal values, equal pointers */
	int32_t ind;	 /* index into rebuild.inds */
	int32_t year;
	int64_t n, s, x;
};

/* Open addressing, linear probing; a slot with ind < 0 is free. */
struct aggmap {
	struct agg *v;
	size_t cap, n;
};

/* Interned strings (the group values), open addressing. */
struct strset {
	char **v;
	size_t cap, n;
};

struct rebuild {
	struct store_conn *c;
	const struct kind_registry *reg;
	unsigned char *counted;		    /* per kind of reg */
	size_t *base;			    /* first index of each kind */
	const struct kind_indicator **inds; /* every indicator of reg */
	struct aggmap map;
	struct strset groups;
	int64_t org; /* of the record being counted */
	size_t kbase;
	const struct kind *k;
	struct store_deadline *dl;
	size_t dlcap;
	struct fz_err *e;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

/* The slot of s in t: where it is, or the free one it would go to. */
static char **str_slot(struct strset *t, const char *s)
{
	size_t i = hash_str(s) & (t->cap - 1);

	while (t->v[i] && strcmp(t->v[i], s))
		i = (i + 1) & (t->cap - 1);
	return &t->v[i];
}

/* The one copy of s (its pointer stays the same for the set's life). */
static const char *intern(struct strset *t, const char *s)
{
	char **old = t->v, **slot;
	size_t i, n = t->cap;

	if (!s)
		return NULL;
	if (2 * (t->n + 1) > t->cap) {
		t->cap = n ? 2 * n : 64;
		t->v = fz_xcalloc(t->cap, sizeof(*t->v));
		for (i = 0; i < n; i++)
			if (old[i])
				*str_slot(t, old[i]) = old[i];
		free(old);
	}
	slot = str_slot(t, s);
	if (!*slot) {
		*slot = fz_xstrdup(s);
		t->n++;
	}
	return *slot;
}

static void strset_free(struct strset *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->v[i]);
	free(t->v);
}

static uint64_t hash_agg(int64_t org, int32_t ind, int32_t year,
			 const char *grp)
{
	uint64_t h = (uint64_t)org * 0x9E3779B97F4A7C15u;

	h ^= ((uint64_t)(uint32_t)ind << 32 | (uint32_t)year) *
	     0xC2B2AE3D27D4EB4Fu;
	h ^= (uint64_t)(uintptr_t)grp * 0x165667B19E3779F9u;
	return h ^ (h >> 29);
}

static struct agg *slot_of(struct aggmap *m, const struct agg *k)
{
	size_t i = hash_agg(k->org, k->ind, k->year, k->grp) & (m->cap - 1);
	struct agg *a;

	for (;; i = (i + 1) & (m->cap - 1)) {
		a = &m->v[i];
		if (a->ind < 0 || (a->org == k->org && a->ind == k->ind &&
				   a->year == k->year && a->grp == k->grp))
			return a;
	}
}

static void map_alloc(struct aggmap *m, size_t cap)
{
	size_t i;

	m->v = fz_xmalloc(cap * sizeof(*m->v));
	m->cap = cap;
	m->n = 0;
	for (i = 0; i < cap; i++)
		m->v[i].ind = -1;
}

static void map_add(struct aggmap *m, const struct agg *k)
{
	struct agg *a, *old = m->v;
	size_t i, cap = m->cap;

	if (2 * (m->n + 1) > m->cap) {
		map_alloc(m, cap ? 2 * cap : 4096);
		for (i = 0; i < cap; i++)
			if (old[i].ind >= 0)
				map_add(m, &old[i]);
		free(old);
	}
	a = slot_of(m, k);
	if (a->ind < 0) {
		*a = *k;
		m->n++;
		return;
	}
	a->n += k->n;
	a->s += k->s;
	a->x += k->x;
}

/* ---- writing the sums -----------------------------------------------------
 */

static int cmp_grp(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* The table's key order: org, indicator id, year, group. */
static int cmp_agg(const void *pa, const void *pb, void *arg)
{
	const struct agg *a = pa, *b = pb;
	const struct rebuild *rb = arg;
	int r;

	if (a->org != b->org)
		return a->org < b->org ? -1 : 1;
	r = strcmp(rb->inds[a->ind]->id, rb->inds[b->ind]->id);
	if (r)
		return r;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return cmp_grp(a->grp, b->grp);
}

static int flush(struct rebuild *rb)
{
	struct aggmap *m = &rb->map;
	struct agg *v = fz_xmalloc((m->n + 1) * sizeof(*v));
	struct store_fig f;
	size_t i, n = 0;
	int rc = 0;

	for (i = 0; i < m->cap; i++)
		if (m->v[i].ind >= 0 && (m->v[i].n || m->v[i].s || m->v[i].x))
			v[n++] = m->v[i];
	qsort_r(v, n, sizeof(*v), cmp_agg, rb);
	for (i = 0; !rc && i < n; i++) {
		f = (struct store_fig){rb->inds[v[i].ind]->id,
				       v[i].year,
				       v[i].grp,
				       v[i].n,
				       v[i].s,
				       v[i].x};
		rc = store_fig_add(rb->c, v[i].org, &f, rb->e);
	}
	free(v);
	for (i = 0; i < m->cap; i++)
		m->v[i].ind = -1;
	m->n = 0;
	return rc;
}

/* ---- counting the records -------------------------------------------------
 */

static void emit_map(void *arg, const struct kind_indicator *ind, int year,
		     const char *grp, int64_t n, int64_t s, int64_t x)
{
	struct rebuild *rb = arg;
	struct agg a = {
	    rb->org,
	    intern(&rb->groups, grp),
	    (int32_t)(rb->kbase + (size_t)(ind - rb->k->indicators)),
	    year,
	    n,
	    s,
	    x};

	map_add(&rb->map, &a);
}

/* The kind of reg named id that is being counted, or NULL. */
static size_t counted_kind(const struct rebuild *rb, const char *id)
{
	size_t i;

	for (i = 0; i < rb->reg->n; i++)
		if (!strcmp(rb->reg->v[i]->id, id))
			return rb->counted[i] ? i : rb->reg->n;
	return rb->reg->n;
}

static int count_record(int64_t org, int64_t id, const char *kind,
			const char *data, void *arg)
{
	struct rebuild *rb = arg;
	size_t ki = counted_kind(rb, kind);
	struct fig_side side = {NULL, NULL, 0};
	json_t *j;
	int rc = 0;

	if (ki == rb->reg->n)
		return 0;
	rb->k = rb->reg->v[ki];
	rb->kbase = rb->base[ki];
	rb->org = org;
	j = json_loads(data, 0, NULL);
	if (!j)
		return fz_err_set(rb->e, FZ_ECORRUPT, "data",
				  "record %lld: stored data is not JSON",
				  (long long)id);
	if (fig_needs_deadlines(rb->k))
		rc = store_deadlines_get(rb->c, org, id, rb->dl, rb->dlcap,
					 &side.ndl, rb->e);
	side.data = j;
	side.dl = rb->dl;
	if (!rc)
		fig_contrib(rb->k, &side, +1, emit_map, rb);
	json_decref(j);
	if (!rc && rb->map.n >= MAP_FLUSH)
		rc = flush(rb);
	return rc;
}

/* ---- which kinds, and the whole pass --------------------------------------
 */

/* Mark the kinds to count (all, or those whose definition is stale) and
 * remove their rows and definitions; *n gets how many. */
static int choose(struct rebuild *rb, int all, int *n)
{
	const struct kind *k;
	json_t *ids;
	char *text;
	size_t i, j;
	int valid = 0, rc = 0;

	*n = 0;
	for (i = 0; !rc && i < rb->reg->n; i++) {
		k = rb->reg->v[i];
		if (fig_kept(k) && !all)
			rc = fig_valid(rb->c, k, &valid, rb->e);
		rb->counted[i] = !rc && fig_kept(k) && (all || !valid);
		*n += rb->counted[i];
		if (!rb->counted[i] || all)
			continue;
		ids = json_array();
		for (j = 0; j < k->nindicators; j++)
			json_array_append_new(ids,
					      json_string(k->indicators[j].id));
		text = json_dumps(ids, JSON_COMPACT);
		rc = store_fig_clear(rb->c, text, rb->e);
		free(text);
		json_decref(ids);
	}
	if (!rc && all)
		rc = store_fig_clear(rb->c, NULL, rb->e);
	return rc;
}

static void rb_init(struct rebuild *rb, struct store_conn *c,
		    const struct kind_registry *reg, struct fz_err *e)
{
	size_t i, j, n = 0;

	memset(rb, 0, sizeof(*rb));
	rb->c = c;
	rb->reg = reg;
	rb->e = e;
	rb->counted = fz_xcalloc(reg->n + 1, 1);
	rb->base = fz_xcalloc(reg->n + 1, sizeof(*rb->base));
	for (i = 0; i < reg->n; i++) {
		rb->base[i] = n;
		n += reg->v[i]->nindicators;
		if (reg->v[i]->ndeadlines > rb->dlcap)
			rb->dlcap = reg->v[i]->ndeadlines;
	}
	rb->inds = fz_xcalloc(n + 1, sizeof(*rb->inds));
	for (i = 0; i < reg->n; i++)
		for (j = 0; j < reg->v[i]->nindicators; j++)
			rb->inds[rb->base[i] + j] = &reg->v[i]->indicators[j];
	rb->dl = fz_xcalloc(rb->dlcap + 1, sizeof(*rb->dl));
	map_alloc(&rb->map, 4096);
}

static void rb_release(struct rebuild *rb)
{
	free(rb->counted);
	free(rb->base);
	free(rb->inds);
	free(rb->dl);
	free(rb->map.v);
	strset_free(&rb->groups);
}

/* The definitions of the kinds counted, now that their rows are. */
static int put_defs(struct rebuild *rb)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < rb->reg->n; i++)
		if (rb->counted[i])
			rc = store_fig_def_put(rb->c, rb->reg->v[i]->id,
					       rb->reg->v[i]->fig_def, rb->e);
	return rc;
}

int fig_rebuild(struct store_conn *c, const struct kind_registry *reg, int all,
		int *nkinds, struct fz_err *e)
{
	struct rebuild rb;
	int n = 0, rc;

	rb_init(&rb, c, reg, e);
	rc = choose(&rb, all, &n);
	if (!rc && n)
		rc = store_fig_records(c, count_record, &rb, e);
	if (!rc && n)
		rc = flush(&rb);
	if (!rc)
		rc = put_defs(&rb);
	rb_release(&rb);
	if (nkinds)
		*nkinds = rc ? 0 : n;
	return rc;
}

struct sync_arg {
	const struct kind_registry *reg;
	int all, n;
};

static int sync_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct sync_arg *a = arg;

	return fig_rebuild(c, a->reg, a->all, &a->n, e);
}

int fig_sync(struct store *s, const struct kind_registry *reg, int all,
	     int *nkinds, struct fz_err *e)
{
	struct sync_arg a = {reg, all, 0};
	int rc = store_write_alone(s, sync_write, &a, e);

	if (nkinds)
		*nkinds = rc ? 0 : a.n;
	return rc;
}
