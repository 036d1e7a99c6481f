/*
 * test_store.c - src/store and src/audit: organisations and scope, unique
 * keys, the event chain, group commit (many writers, one commit for many
 * jobs; a failing job rolls back alone), the verifier against a changed, a
 * removed, a reordered and a truncated log (edited with plain SQL, as an
 * attacker with the file would), backup and restore, the text search.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "admin/accounts.h"
#include "audit/verify.h"
#include "store/store.h"

#include "scratch.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int setup(void **state)
{
	(void)state;
	return scratch_make("store");
}

static struct store *fresh(const char *name)
{
	char p[512];
	struct store *s;
	struct fz_err e;

	scratch_path(p, sizeof(p), name);
	unlink(p);
	assert_int_equal(store_open(&s, p, STORE_INIT, &e), 0);
	return s;
}

static int add_org_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	return acct_org_add(c, arg, "test", e);
}

static int64_t add_org(struct store *s, int64_t parent, const char *name,
		       int expect_rc)
{
	struct store_org o;
	struct fz_err e;

	memset(&o, 0, sizeof(o));
	o.parent_id = parent;
	snprintf(o.name, sizeof(o.name), "%s", name);
	snprintf(o.level, sizeof(o.level), "%s", parent ? "unit" : "region");
	assert_int_equal(store_write(s, add_org_write, &o, &e), expect_rc);
	return o.id;
}

static int count_org(const struct store_org *o, void *arg)
{
	(void)o;
	(*(int *)arg)++;
	return 0;
}

static void test_orgs_and_scope(void **state)
{
	struct store *s = fresh("orgs.db");
	struct store_conn *c;
	int64_t root, a, a1, b;
	int n = 0;

	(void)state;
	root = add_org(s, 0, "重庆市", 0);
	a = add_org(s, root, "北碚区", 0);
	a1 = add_org(s, a, "规划和自然资源局", 0);
	b = add_org(s, root, "渝北区", 0);
	add_org(s, root, "北碚区", FZ_ECONFLICT); /* same name, same parent */
	add_org(s, 999, "无父", FZ_ENOTFOUND);
	/* ids 1..9 then 10: '/1/10/' must not fall into the subtree of
	 * '/1/1' nor '/1/' ranges be confused */
	c = store_rd_acquire(s);
	assert_true(store_org_in_subtree(c, a, a1));
	assert_false(store_org_in_subtree(c, a, b));
	assert_true(store_org_in_subtree(c, root, b));
	assert_int_equal(store_org_list(c, a, count_org, &n, NULL), 0);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(store_org_list(c, 0, count_org, &n, NULL), 0);
	assert_int_equal(n, 4);
	store_rd_release(s, c);
	store_close(s);
}

static void test_subtree_ranges(void **state)
{
	struct store *s = fresh("ranges.db");
	struct store_conn *c;
	int64_t root = add_org(s, 0, "root", 0), one = 0, ten = 0;
	char name[32];
	int i, n = 0;

	(void)state;
	for (i = 2; i <= 11; i++) {
		snprintf(name, sizeof(name), "o%d", i);
		int64_t id = add_org(s, root, name, 0);
		if (id == 2)
			one = id;
		if (id == 10)
			ten = id;
	}
	add_org(s, one, "child-of-2", 0);
	c = store_rd_acquire(s);
	assert_int_equal(store_org_list(c, one, count_org, &n, NULL), 0);
	assert_int_equal(n, 2); /* '/1/2/' and its child, not '/1/2x/' */
	assert_false(store_org_in_subtree(c, one, ten));
	store_rd_release(s, c);
	store_close(s);
}

/* ---- group commit ------------------------------------------------------- */

struct writer_arg {
	struct store *s;
	int id;
	int ok;
};

static void *writer(void *p)
{
	struct writer_arg *w = p;
	char name[64];
	int i;

	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "t%d-%d", w->id, i);
		struct store_org o;
		struct fz_err e;
		memset(&o, 0, sizeof(o));
		o.parent_id = 1;
		snprintf(o.name, sizeof(o.name), "%s", name);
		snprintf(o.level, sizeof(o.level), "unit");
		w->ok += store_write(w->s, add_org_write, &o, &e) == 0;
	}
	return NULL;
}

static void test_group_commit(void **state)
{
	struct store *s = fresh("group.db");
	struct writer_arg w[16];
	pthread_t t[16];
	uint64_t commits, jobs;
	struct store_conn *c;
	struct audit_report r;
	struct fz_err e;
	int i, total = 0;

	(void)state;
	add_org(s, 0, "root", 0);
	for (i = 0; i < 16; i++) {
		w[i] = (struct writer_arg){s, i, 0};
		pthread_create(&t[i], NULL, writer, &w[i]);
	}
	for (i = 0; i < 16; i++) {
		pthread_join(t[i], NULL);
		total += w[i].ok;
	}
	assert_int_equal(total, 16 * 40);
	store_write_stats(s, &commits, &jobs);
	assert_int_equal(jobs, 16 * 40 + 1);
	/* with 16 writers waiting, commits carry several jobs each */
	assert_true(commits < jobs);
	c = store_rd_acquire(s);
	assert_int_equal(audit_verify(c, &r, &e), 0);
	assert_int_equal(r.events, 16 * 40 + 1);
	store_rd_release(s, c);
	store_close(s);
}

static int fail_after_insert(struct store_conn *c, void *arg, struct fz_err *e)
{
	int rc = acct_org_add(c, arg, "test", e);

	return rc ? rc : fz_err_set(e, FZ_EINVAL, "x", "refused after write");
}

static void test_failed_job_rolls_back(void **state)
{
	struct store *s = fresh("rollback.db");
	struct store_org o;
	struct store_conn *c;
	struct fz_err e;
	int n = 0;

	(void)state;
	add_org(s, 0, "root", 0);
	memset(&o, 0, sizeof(o));
	o.parent_id = 1;
	snprintf(o.name, sizeof(o.name), "ghost");
	snprintf(o.level, sizeof(o.level), "unit");
	assert_int_equal(store_write(s, fail_after_insert, &o, &e), FZ_EINVAL);
	assert_string_equal(e.field, "x");
	c = store_rd_acquire(s);
	store_org_list(c, 0, count_org, &n, NULL);
	assert_int_equal(n, 1); /* neither the org nor its event stayed */
	store_rd_release(s, c);
	add_org(s, 1, "ghost", 0); /* the name is free */
	c = store_rd_acquire(s);
	struct audit_report r;
	assert_int_equal(audit_verify(c, &r, &e), 0);
	assert_int_equal(r.events, 2);
	store_rd_release(s, c);
	store_close(s);
}

/* ---- tampering ----------------------------------------------------------- */

static void build_log(const char *name)
{
	struct store *s = fresh(name);
	int64_t root = add_org(s, 0, "root", 0);
	char n[16];
	int i;

	for (i = 0; i < 5; i++) {
		snprintf(n, sizeof(n), "u%d", i);
		add_org(s, root, n, 0);
	}
	store_close(s); /* root's chain: seq 1..6 */
}

static void tamper(const char *name, const char *sql)
{
	char p[512];
	sqlite3 *db;

	scratch_path(p, sizeof(p), name);
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "DROP TRIGGER events_no_update;"
				      "DROP TRIGGER events_no_delete;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static int verify_file(const char *name, struct audit_report *r,
		       struct fz_err *e)
{
	char p[512];
	struct store *s;
	struct store_conn *c;
	int rc;

	scratch_path(p, sizeof(p), name);
	assert_int_equal(store_open(&s, p, STORE_SERVE, e), 0);
	c = store_rd_acquire(s);
	rc = audit_verify(c, r, e);
	store_rd_release(s, c);
	store_close(s);
	return rc;
}

static void expect_bad(const char *name, const char *sql, int64_t seq,
		       const char *word)
{
	struct audit_report r;
	struct fz_err e;

	build_log(name);
	assert_int_equal(verify_file(name, &r, &e), 0);
	tamper(name, sql);
	assert_int_equal(verify_file(name, &r, &e), FZ_ECORRUPT);
	assert_int_equal(r.bad_org, 1);
	assert_int_equal(r.bad_seq, seq);
	assert_non_null(strstr(e.msg, word));
}

static void test_tamper_changed(void **state)
{
	(void)state;
	expect_bad("changed.db",
		   "UPDATE events SET data='{\"name\":\"x\"}' WHERE seq=3", 3,
		   "changed");
}

static void test_tamper_removed(void **state)
{
	(void)state;
	expect_bad("removed.db", "DELETE FROM events WHERE seq=4", 4,
		   "removed");
}

static void test_tamper_reordered(void **state)
{
	(void)state;
	/* swap everything but the key between seq 3 and seq 4 */
	expect_bad("reordered.db",
		   "UPDATE events SET seq=-1 WHERE seq=3;"
		   "UPDATE events SET seq=3 WHERE seq=4;"
		   "UPDATE events SET seq=4 WHERE seq=-1;",
		   3, "reordered");
}

static void test_tamper_truncated(void **state)
{
	(void)state;
	expect_bad("truncated.db", "DELETE FROM events WHERE seq=6", 6,
		   "removed");
}

static void test_backup_restore(void **state)
{
	char out[512], to[512], tmp[512];
	struct store *s;
	struct audit_report r;
	struct fz_err e;

	(void)state;
	build_log("orig.db");
	scratch_path(out, sizeof(out), "orig.bak");
	scratch_path(to, sizeof(to), "orig.db");
	assert_int_equal(store_open(&s, to, STORE_SERVE, &e), 0);
	assert_int_equal(store_backup(s, out, &e), 0);
	store_close(s);
	scratch_path(to, sizeof(to), "restored.db");
	scratch_path(tmp, sizeof(tmp), "restored.tmp");
	assert_int_equal(store_restore_prepare(out, tmp, &e), 0);
	assert_int_equal(store_restore_commit(tmp, to, &e), 0);
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(verify_file("restored.db", &r, &e), 0);
	assert_int_equal(r.events, 6);
	assert_int_equal(store_restore_prepare("/nonexistent/x.db", tmp, &e),
			 FZ_ENOTFOUND);
	assert_string_equal(e.field, "from");
}

/* An open record of kind "k" in org 1 with search text text; *id its id. */
static int insert_k(struct store_conn *c, const char *number, const char *text,
		    int64_t *id, struct fz_err *e)
{
	struct store_record r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.org_id = 1;
	snprintf(r.kind, sizeof(r.kind), "k");
	snprintf(r.number, sizeof(r.number), "%s", number);
	snprintf(r.state, sizeof(r.state), "open");
	snprintf(r.created_by, sizeof(r.created_by), "test");
	r.data = "{}";
	rc = store_record_insert(c, &r, text, e);
	if (id)
		*id = r.id;
	return rc;
}

/* Two records of org 1, each with a reply deadline due long ago; the
 * second's clock is paused (a third party is being consulted). */
static int paused_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct store_deadline d;
	int64_t *ids = arg;
	int i, rc = 0;

	for (i = 0; !rc && i < 2; i++) {
		char number[16];
		snprintf(number, sizeof(number), "K-%d", i);
		rc = insert_k(c, number, "", &ids[i], e);
		memset(&d, 0, sizeof(d));
		snprintf(d.name, sizeof(d.name), "reply");
		snprintf(d.rule, sizeof(d.rule), "disclosure.reply");
		d.start = 19000;
		d.due = 19028;
		d.done_on = STORE_NO_DAY;
		d.paused = i == 1;
		if (!rc)
			rc = store_deadlines_put(c, 1, ids[i], "k", &d, 1, e);
	}
	return rc;
}

static int collect_id(const struct store_record *r, void *arg)
{
	int64_t *out = arg;

	out[out[0] + 1] = r->id;
	out[0]++;
	return 0;
}

static void test_paused_not_overdue(void **state)
{
	struct store *s = fresh("paused.db");
	struct store_record_query q;
	struct store_conn *c;
	int64_t ids[2], got[4] = {0}, total = 0;
	struct fz_err e;

	(void)state;
	add_org(s, 0, "root", 0);
	assert_int_equal(store_write(s, paused_write, ids, &e), 0);
	memset(&q, 0, sizeof(q));
	q.kind = "k";
	q.root_org = 1;
	q.due = STORE_DUE_OVERDUE;
	q.today = 20000;
	q.limit = 10;
	c = store_rd_acquire(s);
	assert_int_equal(store_record_list(c, &q, collect_id, got, &total, &e),
			 0);
	store_rd_release(s, c);
	assert_int_equal(total, 1);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[1], ids[0]); /* the running one only */
	store_close(s);
}

/* Record i's two open deadlines of overdue_write: due 19010 + i and
 * 19030 + i, except the last record's, 5 days earlier than i's would be. */
static void two_deadlines(struct store_deadline d[2], int i)
{
	int j;

	memset(d, 0, 2 * sizeof(*d));
	for (j = 0; j < 2; j++) {
		snprintf(d[j].name, sizeof(d[j].name), "d%d", j);
		snprintf(d[j].rule, sizeof(d[j].rule), "r");
		d[j].start = 19000;
		d[j].due = 19010 + 20 * j + (i == 4 ? -5 : i);
		d[j].done_on = STORE_NO_DAY;
	}
}

/* Five records of org 1, each with two overdue deadlines (due 19010 + i
 * and 19030 + i): the overdue list pages them by their first. */
static int overdue_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct store_deadline d[2];
	int64_t *ids = arg;
	int i, rc = 0;

	for (i = 0; !rc && i < 5; i++) {
		char number[16];
		snprintf(number, sizeof(number), "K-%d", i);
		rc = insert_k(c, number, "", &ids[i], e);
		two_deadlines(d, i);
		if (!rc)
			rc = store_deadlines_put(c, 1, ids[i], "k", d, 2, e);
	}
	return rc;
}

/* The overdue list of org 1's kind "k" on day 20000, limit records from
 * offset: by the index of first open deadlines, or (state given) by
 * grouping every open deadline. got[0] is how many, then the ids. */
static void overdue_list(struct store *s, const char *state, int64_t limit,
			 int64_t offset, int64_t *got, int64_t *total)
{
	struct store_record_query q;
	struct store_conn *c = store_rd_acquire(s);
	struct fz_err e;

	memset(&q, 0, sizeof(q));
	q.kind = "k";
	q.root_org = 1;
	q.state = state;
	q.due = STORE_DUE_OVERDUE;
	q.today = 20000;
	q.limit = limit;
	q.offset = offset;
	got[0] = 0;
	*total = -1;
	assert_int_equal(store_record_list(c, &q, collect_id, got, total, &e),
			 0);
	store_rd_release(s, c);
}

/* Pages of the overdue list: each record once, by its first deadline; the
 * total of records on every page, past the end included. */
static void test_overdue_pages(void **state)
{
	struct store *s = fresh("overdue.db");
	int64_t ids[5], got[8], total;
	struct fz_err e;

	(void)state;
	add_org(s, 0, "root", 0);
	assert_int_equal(store_write(s, overdue_write, ids, &e), 0);
	overdue_list(s, NULL, 2, 0, got, &total);
	assert_int_equal(total, 5);
	assert_int_equal(got[0], 2);
	assert_int_equal(got[1], ids[4]);
	assert_int_equal(got[2], ids[0]);
	overdue_list(s, NULL, 2, 4, got, &total);
	assert_int_equal(total, 5);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[1], ids[3]);
	overdue_list(s, NULL, 2, 6, got, &total); /* past the end */
	assert_int_equal(total, 5);
	assert_int_equal(got[0], 0);
	store_close(s);
}

/* Deadlines of the records of overdue_write changed: ids[4]'s first done,
 * both of ids[0]'s done, ids[1]'s first paused. */
static int overdue_change(struct store_conn *c, void *arg, struct fz_err *e)
{
	const int64_t *ids = arg;
	struct store_deadline d[2];
	int i, rc = 0;

	for (i = 0; !rc && i < 3; i++) {
		int rec = i == 0 ? 4 : i == 1 ? 0 : 1;
		two_deadlines(d, rec);
		if (rec == 4 || rec == 0)
			d[0].done_on = 19020;
		if (rec == 0)
			d[1].done_on = 19020;
		if (rec == 1)
			d[0].paused = 1;
		rc = store_deadlines_put(c, 1, ids[rec], "k", d, 2, e);
	}
	return rc;
}

/* A record's place in the overdue list follows its earliest deadline that
 * is still open and running: done and paused deadlines leave it, and a
 * record with none leaves the list. Both ways of reading the list agree. */
static void test_overdue_follows_deadlines(void **state)
{
	struct store *s = fresh("overdue2.db");
	int64_t ids[5], got[12], slow[12], total, slow_total;
	struct fz_err e;

	(void)state;
	add_org(s, 0, "root", 0);
	assert_int_equal(store_write(s, overdue_write, ids, &e), 0);
	assert_int_equal(store_write(s, overdue_change, ids, &e), 0);
	overdue_list(s, NULL, 10, 0, got, &total);
	assert_int_equal(total, 4);
	assert_int_equal(got[0], 4);
	assert_int_equal(got[1], ids[2]); /* 19012 */
	assert_int_equal(got[2], ids[3]); /* 19013 */
	assert_int_equal(got[3], ids[4]); /* 19025: its second */
	assert_int_equal(got[4], ids[1]); /* 19031: the first is paused */
	overdue_list(s, "open", 10, 0, slow, &slow_total);
	assert_int_equal(slow_total, total);
	assert_memory_equal(slow, got, sizeof(int64_t) * 5);
	store_close(s);
}

/* Migration 009 fills record_due from the deadlines already stored: the
 * table is dropped (and 010's and 011's column) and the schema set back to 8,
 * then opening with STORE_INIT applies 009 to 011 again, and the overdue list
 * is as before. */
static void test_first_due_migration(void **state)
{
	struct store *s = fresh("overdue3.db");
	int64_t ids[5], got[12], again[12], total, again_total;
	struct fz_err e;
	char p[512];
	sqlite3 *db;

	(void)state;
	add_org(s, 0, "root", 0);
	assert_int_equal(store_write(s, overdue_write, ids, &e), 0);
	assert_int_equal(store_write(s, overdue_change, ids, &e), 0);
	overdue_list(s, NULL, 10, 0, got, &total);
	store_close(s);
	scratch_path(p, sizeof(p), "overdue3.db");
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
			 "DROP TABLE record_due;"
			 "DROP TABLE figures_tree;"
			 "ALTER TABLE users DROP COLUMN integration;"
			 "ALTER TABLE chain_heads DROP COLUMN alg;"
			 "DROP TABLE audit_settings;"
			 "DROP TABLE checkpoints;"
			 "ALTER TABLE record_cc DROP COLUMN acked_at;"
			 "PRAGMA user_version=8;",
			 NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(&s, p, STORE_INIT, &e), 0);
	overdue_list(s, NULL, 10, 0, again, &again_total);
	assert_int_equal(total, 4);
	assert_int_equal(again_total, total);
	assert_memory_equal(again, got, sizeof(int64_t) * 5);
	store_close(s);
}

/* One record of org 1 whose indexed text is Chinese. */
static int text_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	(void)arg;
	return insert_k(c, "K-1", "北碚区规划和自然资源局", NULL, e);
}

static int64_t text_count(struct store *s, const char *text)
{
	struct store_record_query q;
	struct store_conn *c = store_rd_acquire(s);
	int64_t got[4] = {0}, total = -1;
	struct fz_err e;

	memset(&q, 0, sizeof(q));
	q.kind = "k";
	q.root_org = 1;
	q.text = text;
	q.limit = 2;
	assert_int_equal(store_record_list(c, &q, collect_id, got, &total, &e),
			 0);
	store_rd_release(s, c);
	assert_int_equal(got[0], total);
	return total;
}

/* Characters, not bytes, choose the search: two Chinese characters (six
 * bytes) are a LIKE, three a trigram phrase. */
static void test_text_search_counts_characters(void **state)
{
	struct store *s = fresh("text.db");
	struct fz_err e;

	(void)state;
	add_org(s, 0, "root", 0);
	assert_int_equal(store_write(s, text_write, NULL, &e), 0);
	assert_int_equal(text_count(s, "北碚"), 1);
	assert_int_equal(text_count(s, "规划和"), 1);
	assert_int_equal(text_count(s, "资源局"), 1);
	assert_int_equal(text_count(s, "南岸"), 0);
	assert_int_equal(text_count(s, "南岸区"), 0);
	store_close(s);
}

/* A record with the search text arg, then a failure: the job rolls back. */
static int failing_text_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	int rc = insert_k(c, "K-9", arg, NULL, e);

	return rc ? rc : fz_err_set(e, FZ_EINVAL, "x", "refused after writing");
}

/* Holds the writer until released, so the jobs queued meanwhile are
 * committed as one group. */
struct hold {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int held, released, finished;
};

static int hold_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct hold *h = arg;

	(void)c;
	(void)e;
	pthread_mutex_lock(&h->mu);
	h->held = 1;
	pthread_cond_broadcast(&h->cv);
	while (!h->released)
		pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
	return 0;
}

static void hold_done(void *arg, int rc, const struct fz_err *e)
{
	struct hold *h = arg;

	(void)rc;
	(void)e;
	pthread_mutex_lock(&h->mu);
	h->finished++;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

/* In one group, a job that fails after writing a record leaves nothing in
 * the search index (its held search text is dropped with its savepoint),
 * and the next job, whose record takes the same rowid, is found by its
 * own text only. */
static void test_search_text_of_failed_job(void **state)
{
	struct store *s = fresh("text2.db");
	struct hold h;

	(void)state;
	add_org(s, 0, "root", 0);
	memset(&h, 0, sizeof(h));
	pthread_mutex_init(&h.mu, NULL);
	pthread_cond_init(&h.cv, NULL);
	store_write_async(s, hold_write, &h, hold_done, &h);
	pthread_mutex_lock(&h.mu);
	while (!h.held)
		pthread_cond_wait(&h.cv, &h.mu);
	pthread_mutex_unlock(&h.mu);
	store_write_async(s, failing_text_write, (void *)"南岸区人民政府",
			  hold_done, &h);
	store_write_async(s, text_write, NULL, hold_done, &h);
	pthread_mutex_lock(&h.mu);
	h.released = 1;
	pthread_cond_broadcast(&h.cv);
	while (h.finished < 3)
		pthread_cond_wait(&h.cv, &h.mu);
	pthread_mutex_unlock(&h.mu);
	assert_int_equal(text_count(s, "南岸区"), 0);
	assert_int_equal(text_count(s, "北碚区"), 1);
	store_close(s);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

/* Three records of kind "svc" in org 1: days 4, days 8, none. */
static int stat_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	static char d1[] = "{\"days\":4}", d2[] = "{\"days\":8}", d3[] = "{}";
	char *data[] = {d1, d2, d3};
	struct store_record r;
	size_t i;
	int rc = 0;

	(void)arg;
	for (i = 0; !rc && i < 3; i++) {
		memset(&r, 0, sizeof(r));
		r.org_id = 1;
		snprintf(r.kind, sizeof(r.kind), "svc");
		snprintf(r.number, sizeof(r.number), "S-%zu", i + 1);
		snprintf(r.state, sizeof(r.state), "done");
		snprintf(r.created_by, sizeof(r.created_by), "test");
		r.data = data[i];
		rc = store_record_insert(c, &r, "", e);
	}
	return rc;
}

/* A sum counts every record; with_sum (an average's) only those that
 * have the field, so the one without does not weigh as 0. */
static void test_stat_with_sum(void **state)
{
	struct store *s = fresh("stat.db");
	struct store_stat_query q;
	struct store_conn *c;
	struct fz_err e;
	int64_t n = -1;
	double sum = -1;

	(void)state;
	add_org(s, 0, "root", 0);
	assert_int_equal(store_write(s, stat_write, NULL, &e), 0);
	memset(&q, 0, sizeof(q));
	q.kind = "svc";
	q.root_org = 1;
	q.sum = "days";
	c = store_rd_acquire(s);
	assert_int_equal(store_stat(c, &q, &n, &sum, &e), 0);
	assert_int_equal(n, 3);
	assert_true(sum == 12);
	q.with_sum = 1;
	assert_int_equal(store_stat(c, &q, &n, &sum, &e), 0);
	assert_int_equal(n, 2);
	assert_true(sum == 12);
	store_rd_release(s, c);
	store_close(s);
}

static void test_open_checks(void **state)
{
	struct store *s;
	struct fz_err e;

	(void)state;
	assert_int_equal(
	    store_open(&s, "/nonexistent/dir/x.db", STORE_SERVE, &e),
	    FZ_ENOTFOUND);
	assert_non_null(strstr(e.msg, "fazhi init"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_orgs_and_scope),
	    cmocka_unit_test(test_subtree_ranges),
	    cmocka_unit_test(test_group_commit),
	    cmocka_unit_test(test_failed_job_rolls_back),
	    cmocka_unit_test(test_tamper_changed),
	    cmocka_unit_test(test_tamper_removed),
	    cmocka_unit_test(test_tamper_reordered),
	    cmocka_unit_test(test_tamper_truncated),
	    cmocka_unit_test(test_backup_restore),
	    cmocka_unit_test(test_paused_not_overdue),
	    cmocka_unit_test(test_overdue_pages),
	    cmocka_unit_test(test_overdue_follows_deadlines),
	    cmocka_unit_test(test_first_due_migration),
	    cmocka_unit_test(test_text_search_counts_characters),
	    cmocka_unit_test(test_search_text_of_failed_job),
	    cmocka_unit_test(test_stat_with_sum),
	    cmocka_unit_test(test_open_checks),
	};
	return cmocka_run_group_tests(tests, setup, scratch_remove);
}
