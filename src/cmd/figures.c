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
	struct kind_registry reg;
	struct rules_table rules;
	struct store *s;
	struct fz_err e;
	int n = 0, rc = fz_open_store("figures", db, &s);

	if (rc)
		return rc;
	kind_registry_init(&reg);
	rules_table_init(&rules);
	fz_err_clear(&e);
	if (lt_rules_embedded(&rules, &e) ||
	    kind_registry_load(&reg, kinds, &rules, &e) ||
	    fig_sync(s, &reg, all, &n, &e))
		rc = fz_cmd_fail("figures", FZ_EXIT_FAIL, "%s", e.msg);
	else
		printf("figures of %d kind%s counted from the records\n", n,
		       n == 1 ? "" : "s");
	kind_registry_release(&reg);
	rules_table_release(&rules);
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
