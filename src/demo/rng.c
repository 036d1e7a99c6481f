/*
 * rng.c - the demo's random numbers: splitmix64 (Steele, Lea, Flood 2014),
 * seeded from the name of what it serves, so that each batch of the
 * fixture draws the same values whatever the other batches do, and the
 * same fixture always gives the same database. Not for anything secret.
 */
#include "internal.h"

#include <math.h>

void demo_rng_seed(struct demo_rng *r, const char *text, uint64_t n)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *text; text++)
		h = (h ^ (unsigned char)*text) * 1099511628211ULL;
	r->s = h ^ (n * 0x9E3779B97F4A7C15ULL);
}

uint64_t demo_rng_next(struct demo_rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

size_t demo_rng_below(struct demo_rng *r, size_t n)
{
	return (size_t)(demo_rng_next(r) % (uint64_t)n);
}

double demo_rng_unit(struct demo_rng *r)
{
	return (double)(demo_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double demo_rng_gauss(struct demo_rng *r)
{
	double u = demo_rng_unit(r), v = demo_rng_unit(r);

	if (u < 1e-12)
		u = 1e-12;
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}
