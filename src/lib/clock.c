/*
 * clock.c - see clock.h.
 */
#include "clock.h"

#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static _Atomic(fz_clock_fn) clock_override;

int64_t fz_now_ms(void)
{
	fz_clock_fn fn = atomic_load(&clock_override);
	struct timespec ts;

	if (fn)
		return fn();
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void fz_clock_set(fz_clock_fn fn)
{
	atomic_store(&clock_override, fn);
}

static void local_tm(int64_t ms, struct tm *tm)
{
	time_t t = (time_t)(ms / 1000) + 8 * 3600;
	gmtime_r(&t, tm);
}

void fz_ms_to_local(int64_t ms, char *out, size_t n)
{
	struct tm tm;
	local_tm(ms, &tm);
	strftime(out, n, "%Y-%m-%d %H:%M:%S", &tm);
}

void fz_ms_to_local_date(int64_t ms, char *out, size_t n)
{
	struct tm tm;
	local_tm(ms, &tm);
	strftime(out, n, "%Y-%m-%d", &tm);
}
