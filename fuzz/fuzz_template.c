/*
 * fuzz_template.c - a report template (data/report/NAME.md, an
 * organisation's report.template setting, docs/report.md): tpl_parse, with
 * every figure name known.
 */
#include "fuzz.h"

#include "report/template.h"

static int known(const char *name, void *arg)
{
	(void)arg;
	return name[0] != 'x'; /* some names unknown, to reach that error */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tpl *t = NULL;
	struct fz_err e;

	if (tpl_parse(&t, (const char *)data, size, known, NULL, &e) == 0)
		tpl_free(t);
	return 0;
}
