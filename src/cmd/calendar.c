/*
 * calendar.c - `fazhi calendar import|show`.
 *
 * import validates the whole file against the calendar in force before it
 * writes anything, then stores each year it holds (replacing that year)
 * with one calendar.import event. show lists a year's days off and
 * adjusted working days, from the embedded data and, with --db, the
 * imported years.
 */
#include "admin/legaltime.h"
#include "cmd/common.h"
#include "lib/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_file(const char *path, struct fz_buf *b)
{
	struct fz_err e;

	fz_err_clear(&e);
	if (fz_buf_read_file(b, path, &e))
		return fz_cmd_fail("calendar", FZ_EXIT_FAIL, "FILE: %s", e.msg);
	return 0;
}

struct import_job {
	const char *path;
	struct fz_buf *text;
	int years;
};

static int import_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct import_job *j = arg;
	struct cal_calendar check;
	int rc;

	/* The file must also load over the calendar in force. */
	cal_init(&check);
	rc = lt_calendar_load(c, &check, e);
	if (!rc)
		rc = cal_load(&check, j->text->data, j->text->len, j->path, e);
	cal_release(&check);
	if (!rc)
		rc = lt_calendar_import(c, j->text->data, j->text->len, j->path,
					"cli", &j->years, e);
	return rc;
}

static int cal_import(int argc, char **argv)
{
	const char *db = NULL, *file = NULL;
	struct fz_opt opts[] = {{"--db", &db, NULL}, {NULL, NULL, NULL}};
	struct fz_buf text = FZ_BUF_INIT(1u << 20);
	struct import_job j = {NULL, &text, 0};
	struct store *s;
	struct fz_err e;
	int rc;

	rc = fz_opts_parse("calendar", argc, argv, 2, opts, &file, 1);
	if (!rc)
		rc = fz_opt_required("calendar", "--db", db);
	if (!rc)
		rc = fz_opt_required("calendar", "FILE", file);
	if (!rc)
		rc = read_file(file, &text);
	if (!rc)
		rc = fz_open_store("calendar", db, &s);
	if (!rc) {
		j.path = file;
		fz_err_clear(&e);
		rc = store_write(s, import_write, &j, &e);
		store_close(s);
		if (rc)
			rc = fz_cmd_fail("calendar", FZ_EXIT_FAIL, "%s", e.msg);
		else
			printf("imported %d year(s) from %s\n", j.years, file);
	}
	fz_buf_release(&text);
	return rc;
}

static int print_year(const struct cal_calendar *cal, int year)
{
	struct cal_entry ent[400];
	char d[CAL_DATE_LEN];
	size_t n = cal_year_entries(cal, year, ent, 400), i;
	const char *src = cal_year_source(cal, year);

	if (n == 0)
		return fz_cmd_fail("calendar", FZ_EXIT_FAIL,
				   "YEAR: no calendar data for %d (deadlines "
				   "touching it count weekends only and are "
				   "flagged calendar_incomplete)",
				   year);
	printf("%d年 节假日安排%s%s\n", year, src ? " — " : "", src ? src : "");
	for (i = 0; i < n && i < 400; i++)
		printf("%s\t%s\t%s\n", cal_date_format(ent[i].day, d),
		       ent[i].working ? "调休上班" : "休息",
		       ent[i].name ? ent[i].name : "");
	return FZ_EXIT_OK;
}

static int cal_show(int argc, char **argv)
{
	const char *db = NULL, *year = NULL;
	struct fz_opt opts[] = {{"--db", &db, NULL}, {NULL, NULL, NULL}};
	struct cal_calendar cal;
	int64_t y;
	int rc;

	rc = fz_opts_parse("calendar", argc, argv, 2, opts, &year, 1);
	if (!rc)
		rc = fz_opt_required("calendar", "YEAR", year);
	if (!rc)
		rc = fz_opt_int("calendar", "YEAR", year, CAL_YEAR_MIN,
				CAL_YEAR_MAX, &y);
	if (rc)
		return rc;
	cal_init(&cal);
	rc = fz_load_calendar("calendar", db, &cal);
	if (!rc)
		rc = print_year(&cal, (int)y);
	cal_release(&cal);
	return rc;
}

int cmd_calendar(int argc, char **argv)
{
	static const struct fz_subcmd subs[] = {
	    {"import", cal_import}, {"show", cal_show}, {NULL, NULL}};

	return fz_cmd_dispatch("calendar", subs, argc, argv);
}
