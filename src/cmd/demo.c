/*
 * demo.c - `fazhi demo`: fill a database made by `fazhi init --demo` with
 * the year's records of the agencies of the seed reports (src/demo/demo.h,
 * the fixture in data/demo/). Once only: a second run adds nothing.
 */
#include "demo/demo.h"
#include "cmd/common.h"

#include <stdio.h>

static int run(const char *db, int year)
{
	struct demo_result res;
	struct store *s;
	struct fz_err e;
	int rc = fz_open_store("demo", db, &s);

	if (rc)
		return rc;
	fz_err_clear(&e);
	rc = demo_generate(s, year, &res, &e);
	store_close(s);
	if (rc)
		return fz_cmd_fail("demo", FZ_EXIT_FAIL, "%s", e.msg);
	if (res.skipped)
		fprintf(stderr, "fazhi demo: %s\n", res.note);
	else
		fprintf(stderr,
			"fazhi demo: %zu records, %zu steps, %zu "
			"organisations and %zu accounts added to %s\n",
			res.records, res.steps, res.orgs, res.accounts, db);
	return FZ_EXIT_OK;
}

int cmd_demo(int argc, char **argv)
{
	const char *db = NULL, *year = NULL;
	struct fz_opt opts[] = {
	    {"--db", &db, NULL}, {"--year", &year, NULL}, {NULL, NULL, NULL}};
	int64_t y = 0;
	int rc;

	if (fz_cmd_wants_help(argc, argv))
		return fz_cmd_help("demo");
	rc = fz_opts_parse("demo", argc, argv, 1, opts, NULL, 0);
	if (!rc)
		rc = fz_opt_required("demo", "--db", db);
	if (!rc && year)
		rc = fz_opt_int("demo", "--year", year, 2001, 2199, &y);
	return rc ? rc : run(db, (int)y);
}
