/*
 * fuzz_rules.c - the statutory rules file (data/rules/statutory.txt):
 * rules_table_load.
 */
#include "fuzz.h"

#include "calendar/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rules_table t;
	struct fz_err e;

	rules_table_init(&t);
	rules_table_load(&t, (const char *)data, size, "fuzz.txt", &e);
	rules_table_release(&t);
	return 0;
}
