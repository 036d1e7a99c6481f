/*
 * demo.h - the demo database: the year's work of the agencies of the seed
 * reports (../shared/seeds/: 北碚区规划和自然资源局, 巴中市自然资源和规划局
 * 巴州分局, 浦东新区规划资源局), generated so that the figures the seeds
 * state come out of the indicators (docs/seed-statements.md); and two
 * agencies of no seed, a county bureau (云溪县规划和自然资源局) and a
 * district government with five departments (临江区人民政府), whose
 * fixtures state what such reports write in their own words.
 *
 * What to make is data: the fixture in data/demo/ (embedded; format in
 * fixture.c and value.c) gives per organisation its accounts and batches
 * of records — how many, on which days, along which steps, with which
 * values, totals split exactly over the records — and the statements of
 * the seeds with the indicator and value that reproduce each.
 *
 * Every record is made and moved through the engine (engine_create,
 * engine_transition) with `today` set to the day of the step and the
 * account that takes it as actor, so the guards, deadlines and the hash
 * chain are those of real work; no SQL is written by hand. Everything is
 * one store write: on any error nothing is written.
 *
 * It is added once: with the demo's organisations present already the
 * call does nothing and says so (skipped); records already in an
 * organisation the demo fills make it refuse (FZ_ECONFLICT).
 */
#ifndef FZ_DEMO_DEMO_H
#define FZ_DEMO_DEMO_H

#include "lib/err.h"
#include "store/store.h"

#include <stddef.h>

struct demo_result {
	int skipped;	 /* the demo was there already; nothing written */
	char note[256];	 /* why it was skipped */
	size_t orgs;	 /* organisations made */
	size_t accounts; /* accounts made */
	size_t records;	 /* records made */
	size_t steps;	 /* transitions taken */
};

/* Generate the demo into s. year: the report year to move the fixture's
 * dates to (0: the fixture's own, 2023). */
int demo_generate(struct store *s, int year, struct demo_result *out,
		  struct fz_err *e);

#endif
