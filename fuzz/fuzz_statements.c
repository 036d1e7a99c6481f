/*
 * fuzz_statements.c - a file of report statements
 * (data/report/statements/NAME.json, docs/report.md): stmt_add, every figure
 * name known but those beginning with 'x'.
 */
#include "fuzz.h"

#include "report/statements.h"

#include <string.h>

static int known(const char *name, void *arg)
{
	(void)arg;
	return name[0] != 'x';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stmt_catalogue c;
	struct fz_err e;

	memset(&c, 0, sizeof(c));
	stmt_add(&c, "fuzz.json", (const char *)data, size, known, NULL, &e);
	stmt_release(&c);
	return 0;
}
