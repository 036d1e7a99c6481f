/*
 * store_report.c - the narrative sections of the annual report (store.h,
 * "narrative sections"; migration 008). Statements are prepared per call:
 * sections are edited by hand, a few times a day.
 */
#include "store.h"
#include "store_internal.h"

#include "lib/clock.h"

#include <string.h>

static int current_version(struct store_conn *c, int64_t org_id, int year,
			   const char *section, int *version, struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(c,
			       "SELECT version FROM report_sections WHERE "
			       "org_id=?1 AND year=?2 AND section=?3",
			       &st, "section", e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_text(st, 3, section, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	rc = (rc == SQLITE_ROW || rc == SQLITE_DONE)
		 ? 0
		 : store_db_err(e, store_conn_db(c), "section");
	sqlite3_finalize(st);
	return rc;
}

int store_section_put(struct store_conn *c, int64_t org_id, int year,
		      const char *section, const char *text, const char *actor,
		      int expect, int *version, struct fz_err *e)
{
	sqlite3_stmt *st;
	int have, rc = current_version(c, org_id, year, section, &have, e);

	if (rc)
		return rc;
	if (expect >= 0 && expect != have)
		return fz_err_set(e, FZ_ECONFLICT, "version",
				  "version: the section is at version %d, "
				  "not %d (edited meanwhile)",
				  have, expect);
	rc = store_prepare(
	    c,
	    "INSERT INTO report_sections(org_id,year,section,text,version,"
	    "updated_at,updated_by) VALUES(?1,?2,?3,?4,?5,?6,?7) "
	    "ON CONFLICT(org_id,year,section) DO UPDATE SET text=?4, "
	    "version=?5, updated_at=?6, updated_by=?7",
	    &st, "section", e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_text(st, 3, section, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, have + 1);
	sqlite3_bind_int64(st, 6, fz_now_ms());
	sqlite3_bind_text(st, 7, actor, -1, SQLITE_STATIC);
	rc = store_step_done(c, st, "section", e);
	sqlite3_finalize(st);
	*version = have + 1;
	return rc;
}

int store_sections_list(struct store_conn *c, int64_t org_id, int year,
			store_section_cb cb, void *arg, struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(c,
			       "SELECT section, text, version, updated_at, "
			       "updated_by FROM report_sections WHERE "
			       "org_id=?1 AND year=?2 ORDER BY section",
			       &st, "section", e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int(st, 2, year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (cb((const char *)sqlite3_column_text(st, 0),
		       (const char *)sqlite3_column_text(st, 1),
		       sqlite3_column_int(st, 2), sqlite3_column_int64(st, 3),
		       (const char *)sqlite3_column_text(st, 4), arg))
			break;
	rc = (rc == SQLITE_ROW || rc == SQLITE_DONE)
		 ? 0
		 : store_db_err(e, store_conn_db(c), "section");
	sqlite3_finalize(st);
	return rc;
}
