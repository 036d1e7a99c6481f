/*
 * report.c - `fazhi report disclosure-table`: the national table of
 * disclosure requests (国办公开办函〔2021〕30号) of an organisation and its
 * subtree for a year, as Markdown (stdout or --out) or XLSX (--out).
 */
#include "admin/legaltime.h"
#include "calendar/calendar.h"
#include "cmd/common.h"
#include "kinds/kind.h"
#include "lib/buf.h"
#include "report/disclosure_source.h"
#include "report/indicators.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int find_org(const char *cmd, struct store *s, const char *org,
		    struct store_org *o)
{
	struct store_conn *c = store_rd_acquire(s);
	struct fz_err e;
	char *end;
	long long id = strtoll(org, &end, 10);
	int rc = (*end == '\0' && id > 0) ? store_org_get(c, id, o, &e)
					  : store_org_by_name(c, org, o, &e);

	store_rd_release(s, c);
	return rc ? fz_cmd_fail(cmd, FZ_EXIT_FAIL,
				"--org: no organisation '%s'", org)
		  : 0;
}

static int write_md(const struct dtable *t, const char *name, const char *out)
{
	struct fz_buf b = FZ_BUF_INIT(1u << 20);
	FILE *f = out ? fopen(out, "w") : stdout;
	int rc = 0;

	if (!f)
		return fz_cmd_fail("report", FZ_EXIT_FAIL,
				   "--out: cannot write %s", out);
	if (dtable_render_md(t, name, &b) ||
	    fwrite(b.data, 1, b.len, f) != b.len)
		rc = fz_cmd_fail("report", FZ_EXIT_FAIL,
				 "cannot write the table");
	if (out)
		fclose(f);
	fz_buf_release(&b);
	return rc;
}

struct dt_opts {
	const char *db, *org, *year, *format, *out;
};

static int run(const struct dt_opts *o, int year)
{
	struct store_org org;
	struct store_conn *c;
	struct store *s;
	struct dtable t;
	struct fz_err e;
	int rc = fz_open_store("report", o->db, &s);

	if (rc)
		return rc;
	if ((rc = find_org("report", s, o->org, &org))) {
		store_close(s);
		return rc;
	}
	dtable_init(&t, year, NULL);
	c = store_rd_acquire(s);
	fz_err_clear(&e);
	rc = dsource_fill(c, org.id, &t, &e);
	store_rd_release(s, c);
	store_close(s);
	if (rc)
		rc = fz_cmd_fail("report", FZ_EXIT_FAIL, "%s", e.msg);
	else if (!strcmp(o->format, "xlsx") &&
		 dtable_render_xlsx(&t, org.name, o->out, &e))
		rc = fz_cmd_fail("report", FZ_EXIT_FAIL, "%s", e.msg);
	else if (!strcmp(o->format, "md"))
		rc = write_md(&t, org.name, o->out);
	dtable_release(&t);
	return rc;
}

static int disclosure_table(int argc, char **argv)
{
	struct dt_opts o = {NULL, NULL, NULL, "md", NULL};
	struct fz_opt opts[] = {
	    {"--db", &o.db, NULL},     {"--org", &o.org, NULL},
	    {"--year", &o.year, NULL}, {"--format", &o.format, NULL},
	    {"--out", &o.out, NULL},   {NULL, NULL, NULL}};
	int64_t year;
	int rc = fz_opts_parse("report", argc, argv, 2, opts, NULL, 0);

	if (!rc)
		rc = fz_opt_required("report", "--db", o.db);
	if (!rc)
		rc = fz_opt_required("report", "--org", o.org);
	if (!rc)
		rc = fz_opt_required("report", "--year", o.year);
	if (!rc)
		rc = fz_opt_int("report", "--year", o.year, CAL_YEAR_MIN,
				CAL_YEAR_MAX, &year);
	if (!rc && strcmp(o.format, "md") && strcmp(o.format, "xlsx"))
		rc = fz_cmd_fail("report", FZ_EXIT_USAGE,
				 "--format: '%s' is not md or xlsx", o.format);
	if (!rc && !strcmp(o.format, "xlsx") && !o.out)
		rc = fz_cmd_fail("report", FZ_EXIT_USAGE,
				 "--out: required with --format xlsx");
	return rc ? rc : run(&o, (int)year);
}

int cmd_report(int argc, char **argv)
{
	static const struct fz_subcmd subs[] = {
	    {"disclosure-table", disclosure_table}, {NULL, NULL}};

	return fz_cmd_dispatch("report", subs, argc, argv);
}

/* ---- fazhi indicators ------------------------------------------------------
 */

static void print_indicators(const json_t *a)
{
	size_t i;
	json_t *x;

	json_array_foreach(a, i, x)
	{
		double v = json_number_value(json_object_get(x, "value"));
		printf("%s\t%s\t%g\t%s\n",
		       json_string_value(json_object_get(x, "id")),
		       json_string_value(json_object_get(x, "label")), v,
		       json_string_value(json_object_get(x, "unit")));
	}
}

static int indicators_run(const char *db, const char *kinds, const char *org,
			  int year, int as_json)
{
	struct kind_registry reg;
	struct rules_table rules;
	struct store_org o;
	struct store_conn *c;
	struct store *s;
	struct fz_err e;
	json_t *a = NULL;
	int rc = fz_open_store("indicators", db, &s);

	if (rc)
		return rc;
	kind_registry_init(&reg);
	rules_table_init(&rules);
	fz_err_clear(&e);
	rc = find_org("indicators", s, org, &o);
	if (!rc && (lt_rules_embedded(&rules, &e) ||
		    kind_registry_load(&reg, kinds, &rules, &e)))
		rc = fz_cmd_fail("indicators", FZ_EXIT_FAIL, "%s", e.msg);
	if (!rc) {
		c = store_rd_acquire(s);
		if (ind_all(c, &reg, o.id, year, &a, &e))
			rc = fz_cmd_fail("indicators", FZ_EXIT_FAIL, "%s",
					 e.msg);
		store_rd_release(s, c);
	}
	if (!rc && as_json) {
		char *text = json_dumps(a, JSON_INDENT(2));
		printf("%s\n", text);
		free(text);
	} else if (!rc) {
		print_indicators(a);
	}
	json_decref(a);
	kind_registry_release(&reg);
	rules_table_release(&rules);
	store_close(s);
	return rc;
}

int cmd_indicators(int argc, char **argv)
{
	const char *db = NULL, *org = NULL, *year = NULL, *kinds = NULL;
	int as_json = 0;
	struct fz_opt opts[] = {
	    {"--db", &db, NULL},	{"--org", &org, NULL},
	    {"--year", &year, NULL},	{"--kinds", &kinds, NULL},
	    {"--json", NULL, &as_json}, {NULL, NULL, NULL}};
	int64_t y;
	int rc;

	if (fz_cmd_wants_help(argc, argv))
		return fz_cmd_help("indicators");
	rc = fz_opts_parse("indicators", argc, argv, 1, opts, NULL, 0);
	if (!rc)
		rc = fz_opt_required("indicators", "--db", db);
	if (!rc)
		rc = fz_opt_required("indicators", "--org", org);
	if (!rc)
		rc = fz_opt_required("indicators", "--year", year);
	if (!rc)
		rc = fz_opt_int("indicators", "--year", year, CAL_YEAR_MIN,
				CAL_YEAR_MAX, &y);
	return rc ? rc : indicators_run(db, kinds, org, (int)y, as_json);
}
