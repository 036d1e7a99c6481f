/*
 * fuzz_common.c - see fuzz.h.
 */
#include "fuzz.h"

#include "admin/legaltime.h"
#include "kinds/kind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static struct rules_table rules;
static struct kind_registry reg;
static int loaded;

static void load(void)
{
	struct fz_err e;

	if (loaded)
		return;
	rules_table_init(&rules);
	kind_registry_init(&reg);
	if (lt_rules_embedded(&rules, &e) ||
	    kind_registry_load(&reg, NULL, &rules, &e)) {
		fprintf(stderr, "fuzz: cannot load the built-in kinds: %s\n",
			e.msg);
		abort();
	}
	loaded = 1;
}

const struct kind_registry *fuzz_kinds(void)
{
	load();
	return &reg;
}

const struct rules_table *fuzz_rules(void)
{
	load();
	return &rules;
}
