/*
 * rules.c - `fazhi rules list|override`: the statutory periods, and the
 * override of one for an organisation (a province or a city whose own
 * rules differ). An override is an event in that organisation's chain.
 */
#include "admin/legaltime.h"
#include "cmd/common.h"

#include <stdio.h>
#include <string.h>

static int rules_list(int argc, char **argv)
{
	const char *db = NULL;
	struct fz_opt opts[] = {{"--db", &db, NULL}, {NULL, NULL, NULL}};
	struct rules_table t;
	struct fz_err e;
	size_t i;
	int rc = fz_opts_parse("rules", argc, argv, 2, opts, NULL, 0);

	if (rc)
		return rc;
	rules_table_init(&t);
	if (lt_rules_embedded(&t, &e)) {
		rules_table_release(&t);
		return fz_cmd_fail("rules", FZ_EXIT_FAIL, "%s", e.msg);
	}
	for (i = 0; i < t.n; i++) {
		const struct rules_rule *r = &t.v[i];
		if (r->form == RULES_FIXED)
			printf("%s\t%02d-%02d\t%s\t%s\n", r->id, r->month,
			       r->mday, r->label, r->basis);
		else
			printf("%s\t%s %d\t%s\t%s\n", r->id,
			       rules_form_name(r->form), r->n, r->label,
			       r->basis);
	}
	rules_table_release(&t);
	return FZ_EXIT_OK;
}

struct ov_job {
	struct rules_table t;
	int64_t org;
	const char *rule;
	int days;
};

static int ov_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct ov_job *j = arg;
	struct store_org o;
	int rc = store_org_get(c, j->org, &o, e);

	if (rc)
		return fz_err_set(e, rc, "org", "--org: no organisation %lld",
				  (long long)j->org);
	return lt_rule_override(c, &j->t, j->org, j->rule, j->days, "cli", e);
}

static int rules_override(int argc, char **argv)
{
	const char *db = NULL, *org = NULL, *rule = NULL, *days = NULL;
	struct fz_opt opts[] = {{"--db", &db, NULL},
				{"--org", &org, NULL},
				{"--rule", &rule, NULL},
				{"--days", &days, NULL},
				{NULL, NULL, NULL}};
	struct ov_job j;
	struct store *s;
	struct fz_err e;
	int64_t v;
	int rc = fz_opts_parse("rules", argc, argv, 2, opts, NULL, 0);

	if (!rc)
		rc = fz_opt_required("rules", "--db", db);
	if (!rc)
		rc = fz_opt_required("rules", "--rule", rule);
	if (!rc)
		rc = fz_opt_required("rules", "--org", org);
	if (!rc)
		rc = fz_opt_int("rules", "--org", org, 1, INT64_MAX, &j.org);
	if (!rc)
		rc = fz_opt_required("rules", "--days", days);
	if (!rc)
		rc = fz_opt_int("rules", "--days", days, 1, CAL_MAX_UNITS, &v);
	if (rc || (rc = fz_open_store("rules", db, &s)))
		return rc;
	j.rule = rule;
	j.days = (int)v;
	rules_table_init(&j.t);
	fz_err_clear(&e);
	rc = lt_rules_embedded(&j.t, &e);
	if (!rc)
		rc = store_write(s, ov_write, &j, &e);
	rules_table_release(&j.t);
	store_close(s);
	if (rc)
		return fz_cmd_fail("rules", FZ_EXIT_FAIL, "%s", e.msg);
	printf("%s: %d for organisation %lld\n", rule, j.days,
	       (long long)j.org);
	return FZ_EXIT_OK;
}

int cmd_rules(int argc, char **argv)
{
	static const struct fz_subcmd subs[] = {
	    {"list", rules_list}, {"override", rules_override}, {NULL, NULL}};

	return fz_cmd_dispatch("rules", subs, argc, argv);
}
