/*
 * figures.c - `fazhi figures`: count the report's figures again from the
 * records (src/kinds/figures.h). Without --all only the kinds whose
 * stored definition is not the declaration loaded (embedded, or --kinds),
 * as `fazhi serve` does at every start; with --all every kind. Prints how
 * many kinds were counted. The count is one write transaction: a server
 * running on the same database waits for it (stop it first on a large
 * database).
 */
#include "kinds/figures.h"
#include "admin/legaltime.h"
#include "cmd/common.h"
#include "kinds/kind.h"

#include <stdio.h>

static int count(const char *db, const char *kinds, int all)
{
	struct fz_kinds k;
	struct store *s;
	struct fz_err e;
	int n = 0, rc = fz_open_store("figures", db, &s);

	if (rc)
		return rc;
	fz_err_clear(&e);
	rc = fz_kinds_load("figures", kinds, &k);
	if (!rc && fig_sync(s, &k.reg, all, &n, &e))
		rc = fz_cmd_fail("figures", FZ_EXIT_FAIL, "%s", e.msg);
	else if (!rc)
		printf("figures of %d kind%s counted from the records\n", n,
		       n == 1 ? "" : "s");
	fz_kinds_release(&k);
	store_close(s);
	return rc;
}

int cmd_figures(int argc, char **argv)
{
	const char *db = NULL, *kinds = NULL;
	int all = 0, rc;
	struct fz_opt opts[] = {{"--db", &db, NULL},
				{"--kinds", &kinds, NULL},
				{"--all", NULL, &all},
				{NULL, NULL, NULL}};

	if (fz_cmd_wants_help(argc, argv))
		return fz_cmd_help("figures");
	rc = fz_opts_parse("figures", argc, argv, 1, opts, NULL, 0);
	if (!rc)
		rc = fz_opt_required("figures", "--db", db);
	return rc ? rc : count(db, kinds, all);
}
