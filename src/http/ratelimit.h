/*
 * ratelimit.h - a token bucket per client address (SPEC §5: the public
 * portal and the login are rate-limited per address).
 *
 * Each address may make `burst` requests at once and regains `per_minute`
 * a minute. A fixed table of slots hashed by address: two addresses that
 * hash alike share one bucket, which only ever limits sooner (a second
 * address cannot refill the first one's bucket). Thread-safe; time is
 * passed in.
 */
#ifndef FZ_HTTP_RATELIMIT_H
#define FZ_HTTP_RATELIMIT_H

#include <stdint.h>

struct ratelimit;

struct ratelimit *ratelimit_new(unsigned per_minute, unsigned burst);
void ratelimit_free(struct ratelimit *rl);
/* 0 if allowed (and counted), -1 if over the limit. */
int ratelimit_take(struct ratelimit *rl, const char *addr, int64_t now_ms);

#endif
