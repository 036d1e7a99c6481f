/*
 * fsync_delay.c - an LD_PRELOAD shim for bench/run (BENCH_FSYNC_DELAY_US):
 * every fsync and fdatasync of the process returns FZ_FSYNC_DELAY_US
 * microseconds later than the disk answered, as on a disk whose cache
 * flush is that much slower. bench/run loads it into the SQLite ceiling
 * and into fazhi alike, so both measure the same emulated disk; what it
 * shows is how the write path scales with the cost of an fsync, which on
 * the machine at hand may be far from the disk an agency runs on.
 *
 * A bench fixture, never linked into fazhi.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long delay_ns(void)
{
	static long ns = -1;

	if (ns < 0) {
		const char *s = getenv("FZ_FSYNC_DELAY_US");
		ns = s ? atol(s) * 1000 : 0;
	}
	return ns;
}

static void slower(void)
{
	long ns = delay_ns();
	struct timespec t, end;

	if (ns <= 0)
		return;
	/* a busy-free wait to an absolute time: nanosleep's timer slack
	 * would add tens of microseconds of its own */
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_nsec += ns;
	end.tv_sec += end.tv_nsec / 1000000000;
	end.tv_nsec %= 1000000000;
	t = end;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL))
		t = end;
}

/* The real call (looked up once), then the delay. */
static int delayed(int (**real)(int), const char *name, int fd)
{
	int rc;

	if (!*real)
		*(void **)real = dlsym(RTLD_NEXT, name);
	rc = (*real)(fd);
	slower();
	return rc;
}

int fsync(int fd)
{
	static int (*real)(int);

	return delayed(&real, "fsync", fd);
}

int fdatasync(int fd)
{
	static int (*real)(int);

	return delayed(&real, "fdatasync", fd);
}
