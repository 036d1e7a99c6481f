/*
 * metrics.h - request counters by route and status, a latency histogram,
 * exposed at /metrics in Prometheus' text format. Lock-free (atomics).
 */
#ifndef FZ_HTTP_METRICS_H
#define FZ_HTTP_METRICS_H

#include "http/router.h"
#include "lib/buf.h"

#include <stddef.h>
#include <stdint.h>

struct metrics;

/* routes: the table (for names); nroutes entries. */
struct metrics *metrics_new(const struct route *routes, size_t nroutes);
void metrics_free(struct metrics *m);
/* route_index == nroutes stands for "no route" (404, static files). */
void metrics_observe(struct metrics *m, size_t route_index, int status,
		     double seconds);
/* Append the exposition text; db_bytes and the store's commit counters are
 * passed in by the server. */
int metrics_render(struct metrics *m, struct fz_buf *out, int64_t db_bytes,
		   uint64_t commits, uint64_t jobs, size_t sessions);

#endif
