/*
 * fuzz_kind.c - a kind declaration (kinds/NAME.json, docs/kinds.md) as the
 * loader reads it: kind_parse checks every key, type, state, transition,
 * guard, deadline, spawn and indicator, and names the path of what is
 * wrong.
 */
#include "fuzz.h"

#include "kinds/kind.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kind *k = NULL;
	struct fz_err e;

	if (kind_parse((const char *)data, size, "fuzz.json", fuzz_rules(), &k,
		       &e) == 0)
		kind_free(k);
	return 0;
}
