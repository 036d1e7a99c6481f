/*
 * test_files.c - evidence files (src/store/store_files.c) and their check
 * in the verifier (src/audit/verify.c): a blob is written once under its
 * SHA-256 and identical content is stored once; a damaged blob is
 * replaced by the next put; names that are not hashes never become paths;
 * rows are listed per record and iterated in order, each naming its
 * record.evidence event; the verifier finds changed bytes, a missing blob, a
 * changed row and a removed row, naming the file; copying every blob to
 * another directory (backup, restore) refuses a damaged one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "admin/accounts.h"
#include "audit/verify.h"
#include "lib/clock.h"
#include "store/store.h"

#include "scratch.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* SHA-256 of "hello" and of "world". */
#define HELLO "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
#define WORLD "486ea46224d1bb4fb680f34f7c9ad96a8f24ec88be73ea8e5a6c65260e9cb8a7"

static int setup(void **state)
{
	(void)state;
	return scratch_make("files");
}

static void blob_path(char *out, size_t n, const char *blobs, const char *sha)
{
	snprintf(out, n, "%s/%.2s/%s", blobs, sha, sha);
}

static size_t read_all(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "rb");
	size_t got;

	if (!f)
		return (size_t)-1;
	got = fread(buf, 1, n, f);
	fclose(f);
	return got;
}

static void write_all(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* ---- blobs ------------------------------------------------------------ */

static void test_blob_once(void **state)
{
	char blobs[512], p[1024], sha[STORE_SHA256_HEX], sha2[STORE_SHA256_HEX];
	char buf[64];
	struct fz_err e;
	int existed = -1;

	(void)state;
	scratch_path(blobs, sizeof(blobs), "once.files");
	assert_int_equal(store_blob_put(blobs, "hello", 5, sha, &existed, &e),
			 0);
	assert_string_equal(sha, HELLO);
	assert_int_equal(existed, 0);
	blob_path(p, sizeof(p), blobs, sha);
	assert_int_equal(read_all(p, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "hello", 5);
	/* The same content again: nothing written, one blob. */
	assert_int_equal(store_blob_put(blobs, "hello", 5, sha2, &existed, &e),
			 0);
	assert_string_equal(sha2, HELLO);
	assert_int_equal(existed, 1);
	assert_int_equal(count_entries(blobs), 1);
	snprintf(p, sizeof(p), "%s/2c", blobs);
	assert_int_equal(count_entries(p), 1); /* no temporary file left */
	/* Other content: another blob. */
	assert_int_equal(store_blob_put(blobs, "world", 5, sha, NULL, &e), 0);
	assert_string_equal(sha, WORLD);
	assert_int_equal(count_entries(blobs), 2);
}

static void test_blob_repaired(void **state)
{
	char blobs[512], p[1024], sha[STORE_SHA256_HEX], hex[STORE_SHA256_HEX];
	char buf[64];
	struct fz_err e;
	int64_t size;
	int existed = -1;

	(void)state;
	scratch_path(blobs, sizeof(blobs), "repair.files");
	assert_int_equal(store_blob_put(blobs, "hello", 5, sha, NULL, &e), 0);
	blob_path(p, sizeof(p), blobs, sha);
	write_all(p, "HELLO");
	assert_int_equal(store_blob_hash(blobs, sha, hex, &size, &e), 0);
	assert_int_equal(size, 5);
	assert_string_not_equal(hex, HELLO);
	/* A damaged blob is not taken for the content: written anew. */
	assert_int_equal(store_blob_put(blobs, "hello", 5, sha, &existed, &e),
			 0);
	assert_int_equal(existed, 0);
	assert_int_equal(read_all(p, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "hello", 5);
}

static void test_blob_names(void **state)
{
	char blobs[512], hex[STORE_SHA256_HEX];
	struct fz_err e;
	int64_t size;
	FILE *f = NULL;

	(void)state;
	scratch_path(blobs, sizeof(blobs), "names.files");
	assert_int_equal(store_blob_open(blobs, "../../etc/passwd", &f, &e),
			 FZ_EINVAL);
	assert_string_equal(e.field, "sha256");
	assert_int_equal(store_blob_open(blobs, HELLO "00", &f, &e), FZ_EINVAL);
	assert_int_equal(store_blob_open(blobs,
					 "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161"
					 "E5C1FA7425E73043362938B9824",
					 &f, &e),
			 FZ_EINVAL);
	assert_int_equal(store_blob_hash(blobs, HELLO, hex, &size, &e),
			 FZ_ENOTFOUND);
	assert_null(f);
}

/* ---- rows --------------------------------------------------------------- */

struct fixture {
	int64_t org, rec[2];
};

static int org_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	return acct_org_add(c, arg, "test", e);
}

static int record_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct store_record *r = arg;

	return store_record_insert(c, r, "", e);
}

static int64_t add_record(struct store *s, int64_t org, const char *number)
{
	struct store_record r;
	struct fz_err e;

	memset(&r, 0, sizeof(r));
	r.org_id = org;
	snprintf(r.kind, sizeof(r.kind), "disclosure_request");
	snprintf(r.number, sizeof(r.number), "%s", number);
	snprintf(r.state, sizeof(r.state), "received");
	snprintf(r.created_by, sizeof(r.created_by), "test");
	r.data = (char *)(uintptr_t) "{}";
	assert_int_equal(store_write(s, record_write, &r, &e), 0);
	return r.id;
}

static struct store *fresh(const char *name, struct fixture *fx)
{
	struct store_org o;
	struct store *s;
	struct fz_err e;
	char p[512];

	scratch_path(p, sizeof(p), name);
	assert_int_equal(store_open(&s, p, STORE_INIT, &e), 0);
	memset(&o, 0, sizeof(o));
	snprintf(o.name, sizeof(o.name), "root");
	snprintf(o.level, sizeof(o.level), "region");
	assert_int_equal(store_write(s, org_write, &o, &e), 0);
	fx->org = o.id;
	fx->rec[0] = add_record(s, o.id, "GK-2024-00001");
	fx->rec[1] = add_record(s, o.id, "GK-2024-00002");
	return s;
}

/* What the API's write does: the row, then its record.evidence event. */
static int file_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct store_file *f = arg;
	char subject[96];
	json_t *ev;
	int rc = store_file_insert(c, f, e);

	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "disclosure_request:%lld",
		 (long long)f->record_id);
	ev = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s}", "file_id",
		       (json_int_t)f->id, "sha256", f->sha256, "size",
		       (json_int_t)f->size, "content_type", f->content_type,
		       "name", f->name, "note", f->note);
	rc = store_event_append(c, f->org_id, "test", "record.evidence",
				subject, ev, e);
	json_decref(ev);
	return rc;
}

static int64_t add_file(struct store *s, int64_t org, int64_t rec,
			const char *text, const char *name, struct fz_err *e,
			int *rc)
{
	char blobs[512];
	struct store_file f;

	memset(&f, 0, sizeof(f));
	store_files_dir(store_path(s), blobs, sizeof(blobs));
	assert_int_equal(
	    store_blob_put(blobs, text, strlen(text), f.sha256, NULL, e), 0);
	f.org_id = org;
	f.record_id = rec;
	f.size = (int64_t)strlen(text);
	snprintf(f.content_type, sizeof(f.content_type), "text/plain");
	snprintf(f.name, sizeof(f.name), "%s", name);
	snprintf(f.actor, sizeof(f.actor), "test");
	*rc = store_write(s, file_write, &f, e);
	return f.id;
}

struct seen {
	int n;
	int64_t ids[8], recs[8], seqs[8];
	char names[8][STORE_FILE_NAME_MAX * 4 + 1];
};

static int see(const struct store_file *f, void *arg)
{
	struct seen *x = arg;

	assert_true(x->n < 8);
	x->ids[x->n] = f->id;
	x->recs[x->n] = f->record_id;
	x->seqs[x->n] = f->event_seq;
	snprintf(x->names[x->n], sizeof(x->names[0]), "%s", f->name);
	x->n++;
	return 0;
}

static int seq_of(const struct store_event *ev, void *arg)
{
	*(int64_t *)arg = ev->seq;
	return 0;
}

static void test_rows(void **state)
{
	struct fixture fx;
	struct store *s = fresh("rows.db", &fx);
	struct store_conn *c;
	struct store_file f;
	struct seen x;
	struct fz_err e;
	int64_t a, b, d, last = 0;
	int rc;

	(void)state;
	a = add_file(s, fx.org, fx.rec[0], "hello", "扫描件.pdf", &e, &rc);
	assert_int_equal(rc, 0);
	b = add_file(s, fx.org, fx.rec[1], "world", "b.txt", &e, &rc);
	assert_int_equal(rc, 0);
	d = add_file(s, fx.org, fx.rec[0], "hello", "again.pdf", &e, &rc);
	assert_int_equal(rc, 0);
	assert_true(a < b && b < d);
	/* A record of another organisation (or none): refused, no row. */
	add_file(s, fx.org + 1, fx.rec[0], "hello", "x", &e, &rc);
	assert_int_equal(rc, FZ_ENOTFOUND);
	add_file(s, fx.org, 999, "hello", "x", &e, &rc);
	assert_int_equal(rc, FZ_ENOTFOUND);
	assert_string_equal(e.field, "id");

	c = store_rd_acquire(s);
	memset(&x, 0, sizeof(x));
	assert_int_equal(store_file_list(c, fx.org, fx.rec[0], see, &x, &e), 0);
	assert_int_equal(x.n, 2);
	assert_int_equal(x.ids[0], a);
	assert_int_equal(x.ids[1], d);
	assert_string_equal(x.names[0], "扫描件.pdf");
	memset(&x, 0, sizeof(x));
	assert_int_equal(store_file_each(c, see, &x, &e), 0);
	assert_int_equal(x.n, 3);
	assert_int_equal(x.ids[0], a);
	assert_int_equal(x.ids[1], b);
	assert_int_equal(x.ids[2], d);
	assert_int_equal(x.recs[1], fx.rec[1]);
	/* Each row names its event: the last one, the chain's last event. */
	assert_int_equal(store_event_by_subject(c, fx.org,
						"disclosure_request:1", seq_of,
						&last, &e),
			 0);
	assert_int_equal(x.seqs[2], last);
	assert_int_equal(store_file_get(c, b, &f, &e), 0);
	assert_string_equal(f.sha256, WORLD);
	assert_int_equal(f.size, 5);
	assert_string_equal(f.content_type, "text/plain");
	assert_true(f.created_at > 0);
	/* b's event is the one its row names; a row naming none is refused */
	assert_int_equal(store_file_event(c, &f, seq_of, &last, &e), 0);
	assert_int_equal(last, f.event_seq);
	f.event_seq = 99999;
	assert_int_equal(store_file_event(c, &f, seq_of, &last, &e),
			 FZ_ENOTFOUND);
	assert_string_equal(e.field, "event");
	assert_int_equal(store_file_get(c, 12345, &f, &e), FZ_ENOTFOUND);
	assert_string_equal(e.field, "file_id");
	assert_string_equal(e.msg, "file_id: no file 12345");
	store_rd_release(s, c);
	store_close(s);
}

/* ---- the verifier -----------------------------------------------------------
 */

static int verify(const char *name, struct audit_report *r, struct fz_err *e)
{
	char p[512], blobs[512];
	struct store_conn *c;
	struct store *s;
	int rc;

	scratch_path(p, sizeof(p), name);
	store_files_dir(p, blobs, sizeof(blobs));
	assert_int_equal(store_open(&s, p, STORE_SERVE, e), 0);
	c = store_rd_acquire(s);
	rc = audit_verify(c, r, e);
	if (!rc)
		rc = audit_verify_files(c, blobs, r, e);
	store_rd_release(s, c);
	store_close(s);
	return rc;
}

/* A database with two files of record 1 ("hello", "world"). */
static void build(const char *name, int64_t *second)
{
	struct fixture fx;
	struct store *s = fresh(name, &fx);
	struct audit_report r;
	struct fz_err e;
	int rc;

	add_file(s, fx.org, fx.rec[0], "hello", "a.txt", &e, &rc);
	assert_int_equal(rc, 0);
	*second = add_file(s, fx.org, fx.rec[0], "world", "b.txt", &e, &rc);
	assert_int_equal(rc, 0);
	store_close(s);
	assert_int_equal(verify(name, &r, &e), 0);
	assert_int_equal(r.files, 2);
}

static void sql_on(const char *name, const char *sql)
{
	char p[512];
	sqlite3 *db;

	scratch_path(p, sizeof(p), name);
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void expect_bad(const char *name, int64_t file, const char *word)
{
	struct audit_report r;
	struct fz_err e;
	char id[32];

	assert_int_equal(verify(name, &r, &e), FZ_ECORRUPT);
	assert_int_equal(r.bad_file, file);
	assert_int_equal(r.bad_record, 1);
	assert_int_equal(r.bad_org, 1);
	assert_true(r.bad_seq > 0);
	snprintf(id, sizeof(id), "file %lld ", (long long)file);
	assert_non_null(strstr(e.msg, id));
	assert_non_null(strstr(e.msg, "disclosure_request:1"));
	assert_non_null(strstr(e.msg, word));
}

static void test_verify_changed(void **state)
{
	char p[512], blobs[512], blob[1024];
	int64_t second;

	(void)state;
	build("changed.db", &second);
	scratch_path(p, sizeof(p), "changed.db");
	store_files_dir(p, blobs, sizeof(blobs));
	blob_path(blob, sizeof(blob), blobs, WORLD);
	write_all(blob, "w0rld");
	expect_bad("changed.db", second, "do not match its SHA-256");
}

static void test_verify_missing(void **state)
{
	char p[512], blobs[512], blob[1024];
	int64_t second;

	(void)state;
	build("missing.db", &second);
	scratch_path(p, sizeof(p), "missing.db");
	store_files_dir(p, blobs, sizeof(blobs));
	blob_path(blob, sizeof(blob), blobs, WORLD);
	assert_int_equal(unlink(blob), 0);
	expect_bad("missing.db", second, "missing");
}

/* The row pointed at another intact blob: its event still says which. */
static void test_verify_row_changed(void **state)
{
	int64_t second;

	(void)state;
	build("row.db", &second);
	sql_on("row.db", "DROP TRIGGER files_no_update; UPDATE files SET "
			 "sha256='" HELLO "' WHERE file_id=2");
	expect_bad("row.db", second,
		   "does not match its record.evidence event");
}

static void test_verify_row_removed(void **state)
{
	int64_t second;

	(void)state;
	build("removed.db", &second);
	sql_on("removed.db",
	       "DROP TRIGGER files_no_delete; DELETE FROM files WHERE "
	       "file_id=2");
	expect_bad("removed.db", second, "no row");
}

/* ---- copying every blob -------------------------------------------------- */

static void test_copy(void **state)
{
	char p[512], from[512], to[512], blob[1024];
	struct store_conn *c;
	struct store *s;
	struct fz_err e;
	int64_t second, n = 0;

	(void)state;
	build("copy.db", &second);
	scratch_path(p, sizeof(p), "copy.db");
	store_files_dir(p, from, sizeof(from));
	scratch_path(to, sizeof(to), "copy-backup.db.files");
	assert_int_equal(store_open(&s, p, STORE_SERVE, &e), 0);
	c = store_rd_acquire(s);
	assert_int_equal(store_files_copy(c, from, to, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(count_entries(to), 2);
	/* Again: the intact copies are kept. */
	assert_int_equal(store_files_copy(c, from, to, &n, &e), 0);
	/* A damaged source blob is refused, naming the file. */
	blob_path(blob, sizeof(blob), from, WORLD);
	write_all(blob, "w0rld");
	scratch_path(to, sizeof(to), "copy-other.db.files");
	assert_int_equal(store_files_copy(c, from, to, &n, &e), FZ_ECORRUPT);
	assert_non_null(strstr(e.msg, "file 2 "));
	blob_path(blob, sizeof(blob), to, WORLD);
	assert_int_equal(access(blob, F_OK), -1);
	store_rd_release(s, c);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_blob_once),
	    cmocka_unit_test(test_blob_repaired),
	    cmocka_unit_test(test_blob_names),
	    cmocka_unit_test(test_rows),
	    cmocka_unit_test(test_verify_changed),
	    cmocka_unit_test(test_verify_missing),
	    cmocka_unit_test(test_verify_row_changed),
	    cmocka_unit_test(test_verify_row_removed),
	    cmocka_unit_test(test_copy),
	};

	return cmocka_run_group_tests(tests, setup, scratch_remove);
}
