/*
 * metrics.c - see metrics.h.
 */
#include "metrics.h"

#include "lib/xalloc.h"

#include <stdatomic.h>
#include <stdlib.h>

static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404,
			       405, 409, 413, 415, 422, 429, 500, 503};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
				 0.05,	 0.1,	0.25,	0.5,   1.0,  2.5};
#define NBUCKET (sizeof(buckets) / sizeof(buckets[0]))

struct metrics {
	const struct route *routes;
	size_t nroutes;
	atomic_ullong *counts; /* (nroutes + 1) * (NSTATUS + 1) */
	atomic_ullong hist[NBUCKET + 1];
	atomic_ullong sum_us;
	atomic_ullong total;
};

struct metrics *metrics_new(const struct route *routes, size_t nroutes)
{
	struct metrics *m = fz_xcalloc(1, sizeof(*m));

	m->routes = routes;
	m->nroutes = nroutes;
	m->counts =
	    fz_xcalloc((nroutes + 1) * (NSTATUS + 1), sizeof(*m->counts));
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	free(m->counts);
	free(m);
}

static size_t status_slot(int status)
{
	size_t i;

	for (i = 0; i < NSTATUS; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS;
}

void metrics_observe(struct metrics *m, size_t route_index, int status,
		     double seconds)
{
	size_t b = 0;

	if (route_index > m->nroutes)
		route_index = m->nroutes;
	atomic_fetch_add(
	    &m->counts[route_index * (NSTATUS + 1) + status_slot(status)], 1);
	while (b < NBUCKET && seconds > buckets[b])
		b++;
	atomic_fetch_add(&m->hist[b], 1);
	atomic_fetch_add(&m->sum_us, (unsigned long long)(seconds * 1e6));
	atomic_fetch_add(&m->total, 1);
}

static int render_counts(struct metrics *m, struct fz_buf *out)
{
	size_t r, s;
	int rc = fz_buf_adds(out, "# HELP fazhi_http_requests_total HTTP "
				  "requests by route and status.\n"
				  "# TYPE fazhi_http_requests_total counter\n");

	for (r = 0; !rc && r <= m->nroutes; r++)
		for (s = 0; !rc && s <= NSTATUS; s++) {
			unsigned long long n =
			    atomic_load(&m->counts[r * (NSTATUS + 1) + s]);
			if (!n)
				continue;
			rc = fz_buf_addf(
			    out,
			    "fazhi_http_requests_total{route=\"%s\","
			    "status=\"%s%d\"} %llu\n",
			    r < m->nroutes ? m->routes[r].name : "other",
			    s < NSTATUS ? "" : "other:",
			    s < NSTATUS ? statuses[s] : 0, n);
		}
	return rc;
}

static int render_hist(struct metrics *m, struct fz_buf *out)
{
	unsigned long long cum = 0;
	size_t b;
	int rc = fz_buf_adds(out, "# HELP fazhi_http_request_duration_seconds "
				  "Time to answer a request.\n"
				  "# TYPE fazhi_http_request_duration_seconds "
				  "histogram\n");

	for (b = 0; !rc && b < NBUCKET; b++) {
		cum += atomic_load(&m->hist[b]);
		rc = fz_buf_addf(out,
				 "fazhi_http_request_duration_seconds_bucket{"
				 "le=\"%g\"} %llu\n",
				 buckets[b], cum);
	}
	cum += atomic_load(&m->hist[NBUCKET]);
	if (!rc)
		rc = fz_buf_addf(
		    out,
		    "fazhi_http_request_duration_seconds_bucket{le=\"+Inf\"}"
		    " %llu\nfazhi_http_request_duration_seconds_sum %.6f\n"
		    "fazhi_http_request_duration_seconds_count %llu\n",
		    cum, atomic_load(&m->sum_us) / 1e6, atomic_load(&m->total));
	return rc;
}

int metrics_render(struct metrics *m, struct fz_buf *out, int64_t db_bytes,
		   uint64_t commits, uint64_t jobs, size_t sessions)
{
	int rc = render_counts(m, out);

	if (!rc)
		rc = render_hist(m, out);
	if (!rc)
		rc = fz_buf_addf(
		    out,
		    "# HELP fazhi_db_size_bytes Database file size.\n"
		    "# TYPE fazhi_db_size_bytes gauge\n"
		    "fazhi_db_size_bytes %lld\n"
		    "# HELP fazhi_db_commits_total Group commits.\n"
		    "# TYPE fazhi_db_commits_total counter\n"
		    "fazhi_db_commits_total %llu\n"
		    "# HELP fazhi_db_writes_total Writes committed.\n"
		    "# TYPE fazhi_db_writes_total counter\n"
		    "fazhi_db_writes_total %llu\n"
		    "# HELP fazhi_sessions Live sessions.\n"
		    "# TYPE fazhi_sessions gauge\nfazhi_sessions %zu\n",
		    (long long)db_bytes, (unsigned long long)commits,
		    (unsigned long long)jobs, sessions);
	return rc;
}
