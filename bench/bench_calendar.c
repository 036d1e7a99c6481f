/*
 * bench_calendar.c - how many due dates per second one core computes.
 *
 * Due dates of 20-working-day periods (the disclosure reply) from random
 * start dates in 2020..2026, through the full cal_due() (validation, the
 * incomplete-year check), on the embedded calendar. The figure is printed
 * next to a baseline loop that only reads the same start dates, in the same
 * process, so the ratio is comparable across machines. Target: >= 10
 * million due dates per second.
 *
 * usage: bench_calendar [SECONDS]   (default 1 second per measurement)
 */
#include "calendar/calendar.h"
#include "lib/embedded.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NSTARTS (1 << 16)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* xorshift32: reproducible start dates without libc rand's state. */
static uint32_t next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static volatile int64_t sink;

/* Rounds of the due-date loop per second. */
static double run_due(const struct cal_calendar *c, const int *starts,
		      double secs, int64_t *count)
{
	struct cal_period p = {.form = CAL_WORKING_DAYS, .n = 20};
	struct cal_result r;
	int64_t n = 0, acc = 0;
	double t0 = now(), t;

	do {
		for (int i = 0; i < NSTARTS; i++) {
			p.start = starts[i];
			if (cal_due(c, &p, &r, NULL))
				abort();
			acc += r.due;
		}
		n += NSTARTS;
		t = now() - t0;
	} while (t < secs);
	sink = acc;
	*count = n;
	return (double)n / t;
}

/* The same loop reading the start dates only. */
static double run_read(const int *starts, double secs)
{
	int64_t n = 0, acc = 0;
	double t0 = now(), t;

	do {
		for (int i = 0; i < NSTARTS; i++)
			acc += *(volatile const int *)&starts[i];
		n += NSTARTS;
		t = now() - t0;
	} while (t < secs);
	sink = acc;
	return (double)n / t;
}

int main(int argc, char **argv)
{
	const struct fz_embedded *f =
	    fz_embedded_find("data/calendar/holidays.txt");
	double secs = argc > 1 ? atof(argv[1]) : 1.0;
	struct cal_calendar c;
	int *starts = malloc(NSTARTS * sizeof(*starts));
	int first, last;
	uint32_t seed = 20240201;
	double due_rate, read_rate;
	int64_t count;

	if (!f || !starts || secs <= 0)
		return 1;
	cal_init(&c);
	if (cal_load(&c, (const char *)f->data, f->len, "holidays.txt", NULL))
		return 1;
	cal_date_parse("2020-01-01", &first, NULL, NULL);
	cal_date_parse("2026-12-31", &last, NULL, NULL);
	for (int i = 0; i < NSTARTS; i++)
		starts[i] = first + (int)(next_rand(&seed) %
					  (uint32_t)(last - first + 1));
	due_rate = run_due(&c, starts, secs, &count);
	read_rate = run_read(starts, secs);
	printf("calendar: %.1f M due dates/s; baseline read loop %.0f M/s; "
	       "ratio %.3f\n",
	       due_rate / 1e6, read_rate / 1e6, due_rate / read_rate);
	printf("(%lld due dates of 20 working days from random starts "
	       "2020..2026)\n",
	       (long long)count);
	printf("target >= 10 M/s: %s\n", due_rate >= 10e6 ? "met" : "NOT met");
	cal_release(&c);
	free(starts);
	return 0;
}
