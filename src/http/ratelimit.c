/*
 * ratelimit.c - see ratelimit.h.
 */
#include "ratelimit.h"

#include "lib/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 1024

struct slot {
	char addr[48]; /* the first address seen; others may share the slot */
	double tokens;
	int64_t last;
};

struct ratelimit {
	pthread_mutex_t mu;
	double per_ms, burst;
	struct slot slots[SLOTS];
};

struct ratelimit *ratelimit_new(unsigned per_minute, unsigned burst)
{
	struct ratelimit *rl = fz_xcalloc(1, sizeof(*rl));

	pthread_mutex_init(&rl->mu, NULL);
	rl->per_ms = per_minute / 60000.0;
	rl->burst = burst ? burst : 1;
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	pthread_mutex_destroy(&rl->mu);
	free(rl);
}

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % SLOTS;
}

int ratelimit_take(struct ratelimit *rl, const char *addr, int64_t now_ms)
{
	struct slot *s;
	int rc = -1;

	pthread_mutex_lock(&rl->mu);
	s = &rl->slots[hash(addr)];
	if (!s->addr[0]) {
		snprintf(s->addr, sizeof(s->addr), "%s", addr);
		s->tokens = rl->burst;
		s->last = now_ms;
	}
	s->tokens += (double)(now_ms - s->last) * rl->per_ms;
	if (s->tokens > rl->burst)
		s->tokens = rl->burst;
	s->last = now_ms;
	if (s->tokens >= 1.0) {
		s->tokens -= 1.0;
		rc = 0;
	}
	pthread_mutex_unlock(&rl->mu);
	return rc;
}
