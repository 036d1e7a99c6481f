/*
 * report.c - `fazhi report`: the annual 法治政府建设情况报告 of an
 * organisation and its subtree for a year (src/report/annual.h) as
 * Markdown, HTML, DOCX or XLSX; and `fazhi report disclosure-table`, the
 * national table of disclosure requests (国办公开办函〔2021〕30号), as
 * Markdown (stdout or --out) or XLSX (--out).
 */
#include "admin/legaltime.h"
#include "calendar/calendar.h"
#include "cmd/common.h"
#include "kinds/kind.h"
#include "lib/buf.h"
#include "lib/clock.h"
#include "report/annual.h"
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

/* --db, --org and --year, all three required; the year in range. */
static int db_org_year(const char *cmd, const char *db, const char *org,
		       const char *year, int64_t *y)
{
	int rc = fz_opt_required(cmd, "--db", db);

	if (!rc)
		rc = fz_opt_required(cmd, "--org", org);
	if (!rc)
		rc = fz_opt_required(cmd, "--year", year);
	if (!rc)
		rc = fz_opt_int(cmd, "--year", year, CAL_YEAR_MIN, CAL_YEAR_MAX,
				y);
	return rc;
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
		rc = db_org_year("report", o.db, o.org, o.year, &year);
	if (!rc && strcmp(o.format, "md") && strcmp(o.format, "xlsx"))
		rc = fz_cmd_fail("report", FZ_EXIT_USAGE,
				 "--format: '%s' is not md or xlsx", o.format);
	if (!rc && !strcmp(o.format, "xlsx") && !o.out)
		rc = fz_cmd_fail("report", FZ_EXIT_USAGE,
				 "--out: required with --format xlsx");
	return rc ? rc : run(&o, (int)year);
}

/* ---- the annual report ----------------------------------------------------
 */

struct an_opts {
	const char *db, *org, *year, *format, *out, *tpl, *date, *kinds;
};

static int write_out(const char *out, const struct fz_buf *b)
{
	FILE *f = out ? fopen(out, "wb") : stdout;
	int rc = 0;

	if (!f)
		return fz_cmd_fail("report", FZ_EXIT_FAIL,
				   "--out: cannot write %s", out);
	if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
		rc = fz_cmd_fail("report", FZ_EXIT_FAIL, "cannot write %s",
				 out ? out : "the report");
	if (out && fclose(f) && !rc)
		rc =
		    fz_cmd_fail("report", FZ_EXIT_FAIL, "cannot write %s", out);
	return rc;
}

/* The registry and the store, then the report into out. */
static int annual_build(const struct an_opts *o, struct annual_req *q,
			enum annual_format f, struct fz_buf *out)
{
	struct fz_kinds k;
	struct store_org org;
	struct store_conn *c;
	struct store *s;
	struct fz_err e;
	int rc = fz_open_store("report", o->db, &s);

	if (rc)
		return rc;
	fz_err_clear(&e);
	rc = fz_kinds_load("report", o->kinds, &k);
	rc = rc ? rc : find_org("report", s, o->org, &org);
	if (!rc) {
		q->org = &org;
		c = store_rd_acquire(s);
		if (annual_render(c, &k.reg, q, f, out, &e))
			rc = fz_cmd_fail("report", FZ_EXIT_FAIL, "%s", e.msg);
		store_rd_release(s, c);
	}
	fz_kinds_release(&k);
	store_close(s);
	return rc;
}

static int annual_run(const struct an_opts *o, int year, enum annual_format f)
{
	struct fz_buf tpl = FZ_BUF_INIT(1u << 20);
	struct fz_buf out = FZ_BUF_INIT(64u << 20);
	struct annual_req q = {.year = year};
	char today[16];
	struct fz_err e;
	int rc = 0;

	fz_ms_to_local_date(fz_now_ms(), today, sizeof(today));
	if (cal_date_parse(o->date ? o->date : today, &q.date, "--date", &e))
		rc = fz_cmd_fail("report", FZ_EXIT_USAGE, "%s", e.msg);
	if (!rc && o->tpl && fz_buf_read_file(&tpl, o->tpl, &e))
		rc = fz_cmd_fail("report", FZ_EXIT_FAIL, "--template: %s",
				 e.msg);
	if (o->tpl) {
		q.tpl = tpl.data ? tpl.data : "";
		q.tpl_len = tpl.len;
	}
	if (!rc)
		rc = annual_build(o, &q, f, &out);
	if (!rc)
		rc = write_out(o->out, &out);
	fz_buf_release(&tpl);
	fz_buf_release(&out);
	return rc;
}

static int annual(int argc, char **argv)
{
	struct an_opts o = {NULL, NULL, NULL, "md", NULL, NULL, NULL, NULL};
	struct fz_opt opts[] = {
	    {"--db", &o.db, NULL},     {"--org", &o.org, NULL},
	    {"--year", &o.year, NULL}, {"--format", &o.format, NULL},
	    {"--out", &o.out, NULL},   {"--template", &o.tpl, NULL},
	    {"--date", &o.date, NULL}, {"--kinds", &o.kinds, NULL},
	    {NULL, NULL, NULL}};
	enum annual_format f;
	struct fz_err e;
	int64_t year;
	int rc = fz_opts_parse("report", argc, argv, 1, opts, NULL, 0);

	if (!rc)
		rc = db_org_year("report", o.db, o.org, o.year, &year);
	if (!rc && annual_format_parse(o.format, &f, &e))
		rc = fz_cmd_fail("report", FZ_EXIT_USAGE, "--%s", e.msg);
	if (!rc && (f == ANNUAL_DOCX || f == ANNUAL_XLSX) && !o.out)
		rc = fz_cmd_fail("report", FZ_EXIT_USAGE,
				 "--out: required with --format %s", o.format);
	return rc ? rc : annual_run(&o, (int)year, f);
}

int cmd_report(int argc, char **argv)
{
	static const struct fz_subcmd subs[] = {
	    {"disclosure-table", disclosure_table}, {NULL, NULL}};

	if (argc > 1 && !strcmp(argv[1], "disclosure-table"))
		return fz_cmd_dispatch("report", subs, argc, argv);
	if (fz_cmd_wants_help(argc, argv))
		return fz_cmd_help("report");
	return annual(argc, argv);
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
		printf("%s\t%s\t%.15g\t%s\n",
		       json_string_value(json_object_get(x, "id")),
		       json_string_value(json_object_get(x, "label")), v,
		       json_string_value(json_object_get(x, "unit")));
	}
}

static int indicators_run(const char *db, const char *kinds, const char *org,
			  int year, int as_json, int own)
{
	struct fz_kinds k;
	struct store_org o;
	struct store_conn *c;
	struct store *s;
	struct fz_err e;
	json_t *a = NULL;
	int rc = fz_open_store("indicators", db, &s);

	if (rc)
		return rc;
	fz_err_clear(&e);
	rc = fz_kinds_load("indicators", kinds, &k);
	rc = rc ? rc : find_org("indicators", s, org, &o);
	if (!rc) {
		c = store_rd_acquire(s);
		if (ind_all_own(c, &k.reg, o.id, year, own, &a, &e))
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
	fz_kinds_release(&k);
	store_close(s);
	return rc;
}

int cmd_indicators(int argc, char **argv)
{
	const char *db = NULL, *org = NULL, *year = NULL, *kinds = NULL;
	int as_json = 0, own = 0;
	struct fz_opt opts[] = {
	    {"--db", &db, NULL},	{"--org", &org, NULL},
	    {"--year", &year, NULL},	{"--kinds", &kinds, NULL},
	    {"--json", NULL, &as_json}, {"--own", NULL, &own},
	    {NULL, NULL, NULL}};
	int64_t y;
	int rc;

	if (fz_cmd_wants_help(argc, argv))
		return fz_cmd_help("indicators");
	rc = fz_opts_parse("indicators", argc, argv, 1, opts, NULL, 0);
	if (!rc)
		rc = db_org_year("indicators", db, org, year, &y);
	return rc ? rc : indicators_run(db, kinds, org, (int)y, as_json, own);
}
