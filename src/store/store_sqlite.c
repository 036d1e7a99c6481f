/*
 * store_sqlite.c - the SQLite backend of store.h.
 *
 * One writer connection owned by the writer thread; a pool of reader
 * connections handed out under a mutex. Every statement is prepared once per
 * connection from the table `sql` below (bound parameters only: no SQL text
 * is ever built from input) and reset after use.
 *
 * Durability: WAL with synchronous=FULL, so COMMIT returns after the WAL is
 * fsynced. Throughput comes from group commit: the writer thread takes every
 * job that queued while it was committing and commits them together, each
 * job inside its own SAVEPOINT.
 *
 * Migrations are the embedded files src/store/migrations/NNN_*.sql, applied
 * in order by STORE_INIT; PRAGMA user_version holds how many are applied.
 */
#include "store.h"

#include "audit/chain.h"
#include "lib/clock.h"
#include "lib/embedded.h"
#include "lib/xalloc.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum q {
	Q_ORG_NEXT_ID,
	Q_ORG_INSERT,
	Q_ORG_GET,
	Q_ORG_BY_NAME,
	Q_ORG_LIST,
	Q_ORG_IN_SUBTREE,
	Q_USER_NEXT_ID,
	Q_USER_INSERT,
	Q_USER_BY_NAME,
	Q_USER_BY_ID,
	Q_USER_UPDATE,
	Q_USER_LIST,
	Q_TOKEN_NEXT_ID,
	Q_TOKEN_INSERT,
	Q_TOKEN_BY_HASH,
	Q_TOKEN_BY_ID,
	Q_TOKEN_REVOKE,
	Q_HEAD_GET,
	Q_HEAD_PUT,
	Q_EVENT_INSERT,
	Q_EVENT_LIST,
	Q_HEADS_ALL,
	Q_CAL_PUT,
	Q_CAL_LIST,
	Q_OV_PUT,
	Q_OV_LIST,
	Q_BEGIN,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_SAVEPOINT,
	Q_ROLLBACK_TO,
	Q_RELEASE,
	Q_MAX
};

#define ORG_COLS "org_id, ifnull(parent_id,0), name, level, path, created_at"
#define USER_COLS                                                              \
	"org_id, user_id, username, display_name, roles, pw_hash, "            \
	"pw_history, must_change, failed_count, locked_until, disabled, "      \
	"created_at"

static const char *const sql[Q_MAX] = {
    [Q_ORG_NEXT_ID] = "SELECT ifnull(max(org_id),0)+1 FROM orgs",
    [Q_ORG_INSERT] = "INSERT INTO orgs(org_id,parent_id,name,level,path,"
		     "created_at) VALUES(?1,nullif(?2,0),?3,?4,?5,?6)",
    [Q_ORG_GET] = "SELECT " ORG_COLS " FROM orgs WHERE org_id=?1",
    [Q_ORG_BY_NAME] = "SELECT " ORG_COLS " FROM orgs WHERE name=?1 "
		      "ORDER BY org_id LIMIT 1",
    [Q_ORG_LIST] = "SELECT " ORG_COLS " FROM orgs WHERE path>=?1 AND "
		   "path<?2 ORDER BY path",
    [Q_ORG_IN_SUBTREE] = "SELECT 1 FROM orgs a, orgs b WHERE a.org_id=?1 "
			 "AND b.org_id=?2 AND substr(b.path,1,"
			 "length(a.path))=a.path",
    [Q_USER_NEXT_ID] = "SELECT ifnull(max(user_id),0)+1 FROM users",
    [Q_USER_INSERT] = "INSERT INTO users(" USER_COLS ") VALUES(?1,?2,?3,"
		      "?4,?5,?6,?7,?8,?9,?10,?11,?12)",
    [Q_USER_BY_NAME] = "SELECT " USER_COLS " FROM users WHERE username=?1",
    [Q_USER_BY_ID] = "SELECT " USER_COLS " FROM users WHERE user_id=?1",
    [Q_USER_UPDATE] = "UPDATE users SET display_name=?3, roles=?4, "
		      "pw_hash=?5, pw_history=?6, must_change=?7, "
		      "failed_count=?8, locked_until=?9, disabled=?10 "
		      "WHERE org_id=?1 AND user_id=?2",
    [Q_USER_LIST] = "SELECT u.org_id, u.user_id, u.username, "
		    "u.display_name, u.roles, u.pw_hash, u.pw_history, "
		    "u.must_change, u.failed_count, u.locked_until, "
		    "u.disabled, u.created_at FROM users u JOIN orgs o "
		    "ON o.org_id=u.org_id WHERE o.path>=?1 AND o.path<?2 "
		    "ORDER BY u.user_id",
    [Q_TOKEN_NEXT_ID] = "SELECT ifnull(max(token_id),0)+1 FROM api_tokens",
    [Q_TOKEN_INSERT] = "INSERT INTO api_tokens(org_id,token_id,user_id,"
		       "name,token_hash,created_at) "
		       "VALUES(?1,?2,?3,?4,?5,?6)",
    [Q_TOKEN_BY_HASH] = "SELECT org_id,token_id,user_id,name,created_at,"
			"revoked FROM api_tokens WHERE token_hash=?1",
    [Q_TOKEN_BY_ID] = "SELECT org_id,token_id,user_id,name,created_at,"
		      "revoked FROM api_tokens WHERE token_id=?1",
    [Q_TOKEN_REVOKE] = "UPDATE api_tokens SET revoked=1 WHERE (?1=0 OR "
		       "org_id=?1) AND token_id=?2 AND revoked=0",
    [Q_HEAD_GET] = "SELECT seq, hash FROM chain_heads WHERE org_id=?1",
    [Q_HEAD_PUT] = "INSERT INTO chain_heads(org_id,seq,hash) "
		   "VALUES(?1,?2,?3) ON CONFLICT(org_id) DO UPDATE SET "
		   "seq=excluded.seq, hash=excluded.hash",
    [Q_EVENT_INSERT] = "INSERT INTO events(org_id,seq,ts,actor,type,"
		       "subject,data,prev_hash,hash) "
		       "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    [Q_EVENT_LIST] = "SELECT org_id,seq,ts,actor,type,subject,data,"
		     "prev_hash,hash FROM events WHERE (?1=-1 OR org_id=?1) "
		     "AND ts>=?2 AND (?3=0 OR ts<?3) AND "
		     "(?4 IS NULL OR substr(type,1,length(?4))=?4) "
		     "AND seq>?7 ORDER BY org_id, seq LIMIT ?5 OFFSET ?6",
    [Q_HEADS_ALL] = "SELECT org_id, seq, hash FROM chain_heads "
		    "ORDER BY org_id",
    [Q_CAL_PUT] = "INSERT INTO calendar_years(org_id,year,body,updated_at)"
		  " VALUES(?1,?2,?3,?4) ON CONFLICT(org_id,year) DO "
		  "UPDATE SET body=excluded.body, "
		  "updated_at=excluded.updated_at",
    [Q_CAL_LIST] = "SELECT org_id, year, body FROM calendar_years "
		   "ORDER BY org_id, year",
    [Q_OV_PUT] = "INSERT INTO rule_overrides(org_id,rule_id,days,"
		 "updated_at) VALUES(?1,?2,?3,?4) ON CONFLICT(org_id,"
		 "rule_id) DO UPDATE SET days=excluded.days, "
		 "updated_at=excluded.updated_at",
    [Q_OV_LIST] = "SELECT org_id, rule_id, days FROM rule_overrides "
		  "ORDER BY org_id, rule_id",
    /* the writer's transactions: prepared once, not parsed per job */
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_SAVEPOINT] = "SAVEPOINT job",
    [Q_ROLLBACK_TO] = "ROLLBACK TO job",
    [Q_RELEASE] = "RELEASE job",
};

struct store_conn {
	sqlite3 *db;
	sqlite3_stmt *st[Q_MAX];
	struct store_conn *next; /* in the reader pool */
};

struct job {
	store_write_fn fn;
	void *arg;
	store_done_fn done;
	void *done_arg;
	int rc;
	struct fz_err err;
	struct job *next;
};

struct store {
	char *path;
	enum store_open_mode mode;
	struct store_conn *writer;
	pthread_t writer_thread;
	int writer_running;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *head, *tail;
	int stopping;
	uint64_t commits, jobs;
	pthread_mutex_t pool_mu;
	struct store_conn *pool;
};

/* ---- connections ------------------------------------------------------- */

static int db_err(struct fz_err *e, sqlite3 *db, const char *what)
{
	int ext = sqlite3_extended_errcode(db);

	if (ext == SQLITE_CONSTRAINT_UNIQUE ||
	    ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		return fz_err_set(e, FZ_ECONFLICT, NULL, "%s: already exists",
				  what);
	if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
		return fz_err_set(e, FZ_ENOTFOUND, NULL,
				  "%s: refers to something that does not exist",
				  what);
	return fz_err_set(e, FZ_EIO, NULL, "%s: %s", what, sqlite3_errmsg(db));
}

static int exec(sqlite3 *db, const char *text, struct fz_err *e)
{
	char *msg = NULL;

	if (sqlite3_exec(db, text, NULL, NULL, &msg) != SQLITE_OK) {
		fz_err_set(e, FZ_EIO, NULL, "database: %s",
			   msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return FZ_EIO;
	}
	return 0;
}

static int conn_open(const char *path, int flags, int reader,
		     struct store_conn **out, struct fz_err *e)
{
	struct store_conn *c = fz_xcalloc(1, sizeof(*c));
	int rc;

	if (sqlite3_open_v2(path, &c->db, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		fz_err_set(e, FZ_EIO, "db", "cannot open database %s: %s", path,
			   sqlite3_errmsg(c->db));
		sqlite3_close(c->db);
		free(c);
		return FZ_EIO;
	}
	sqlite3_busy_timeout(c->db, 10000);
	rc = exec(c->db,
		  "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; "
		  "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;",
		  e);
	if (!rc && reader)
		rc = exec(c->db, "PRAGMA query_only=1;", e);
	if (rc) {
		sqlite3_close(c->db);
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

static void conn_close(struct store_conn *c)
{
	int i;

	if (!c)
		return;
	for (i = 0; i < Q_MAX; i++)
		sqlite3_finalize(c->st[i]);
	sqlite3_close(c->db);
	free(c);
}

/* The prepared statement for q on c, reset and ready to bind. */
static sqlite3_stmt *q(struct store_conn *c, enum q id)
{
	if (!c->st[id]) {
		if (sqlite3_prepare_v3(c->db, sql[id], -1,
				       SQLITE_PREPARE_PERSISTENT, &c->st[id],
				       NULL) != SQLITE_OK) {
			fprintf(stderr, "fazhi: cannot prepare %d: %s\n", id,
				sqlite3_errmsg(c->db));
			abort(); /* a programmer mistake in the table */
		}
	}
	return c->st[id];
}

static void done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Run a statement that returns no rows. */
static int step_done(struct store_conn *c, sqlite3_stmt *st, const char *what,
		     struct fz_err *e)
{
	int rc = sqlite3_step(st);
	int out = 0;

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		out = db_err(e, c->db, what);
	done(st);
	return out;
}

static int64_t scalar(struct store_conn *c, enum q id)
{
	sqlite3_stmt *st = q(c, id);
	int64_t v = 0;

	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	done(st);
	return v;
}

static void col_text(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(out, n, "%s", t ? (const char *)t : "");
}

/* ---- migrations -------------------------------------------------------- */

static int is_migration(const char *path)
{
	static const char prefix[] = "src/store/migrations/";
	return strncmp(path, prefix, sizeof(prefix) - 1) == 0;
}

int store_schema_version(void)
{
	size_t i;
	int n = 0;

	for (i = 0; i < fz_embedded_count; i++)
		n += is_migration(fz_embedded_files[i].path);
	return n;
}

static int user_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

static int apply_one(sqlite3 *db, const struct fz_embedded *m, int version,
		     struct fz_err *e)
{
	char pragma[64];
	int rc;

	rc = exec(db, "BEGIN IMMEDIATE", e);
	if (rc)
		return rc;
	rc = exec(db, (const char *)m->data, e);
	if (!rc) {
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d",
			 version);
		rc = exec(db, pragma, e);
	}
	if (!rc)
		return exec(db, "COMMIT", e);
	exec(db, "ROLLBACK", NULL);
	return fz_err_set(e, FZ_EIO, NULL, "migration %s failed: %s", m->path,
			  e ? e->msg : "");
}

static int migrate(sqlite3 *db, struct fz_err *e)
{
	int have = user_version(db), n = 0, rc;
	size_t i;

	for (i = 0; i < fz_embedded_count; i++) {
		if (!is_migration(fz_embedded_files[i].path))
			continue;
		if (++n <= have)
			continue;
		rc = apply_one(db, &fz_embedded_files[i], n, e);
		if (rc)
			return rc;
	}
	return 0;
}

static int check_version(sqlite3 *db, struct fz_err *e)
{
	int have = user_version(db), want = store_schema_version();

	if (have == want)
		return 0;
	if (have <= 0)
		return fz_err_set(e, FZ_EINVAL, "db",
				  "not a fazhi database (schema version %d): "
				  "run `fazhi init` first",
				  have);
	return fz_err_set(e, FZ_EINVAL, "db",
			  "database schema version %d, this fazhi needs %d: "
			  "run `fazhi init` to migrate",
			  have, want);
}

/* ---- the writer -------------------------------------------------------- */

/* Run one of the transaction statements (Q_BEGIN .. Q_RELEASE). */
static int txn(struct store_conn *c, enum q id, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, id);
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		fz_err_set(e, FZ_EIO, NULL, "database: %s",
			   sqlite3_errmsg(c->db));
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : FZ_EIO;
}

static void run_job(struct store_conn *c, struct job *j)
{
	fz_err_clear(&j->err);
	txn(c, Q_SAVEPOINT, NULL);
	j->rc = j->fn(c, j->arg, &j->err);
	if (j->rc)
		txn(c, Q_ROLLBACK_TO, NULL);
	txn(c, Q_RELEASE, NULL);
}

static void commit_batch(struct store *s, struct job *batch)
{
	struct fz_err e;
	struct job *j, *next;
	int rc, n = 0;

	fz_err_clear(&e);
	rc = txn(s->writer, Q_BEGIN, &e);
	for (j = batch; j; j = j->next, n++) {
		if (rc) {
			j->rc = rc;
			j->err = e;
		} else {
			run_job(s->writer, j);
		}
	}
	if (!rc && txn(s->writer, Q_COMMIT, &e)) {
		txn(s->writer, Q_ROLLBACK, NULL);
		for (j = batch; j; j = j->next)
			if (!j->rc) {
				j->rc = FZ_EIO;
				j->err = e;
			}
	}
	pthread_mutex_lock(&s->mu);
	s->commits++;
	s->jobs += (uint64_t)n;
	pthread_mutex_unlock(&s->mu);
	for (j = batch; j; j = next) {
		next = j->next;
		j->done(j->done_arg, j->rc, &j->err);
		free(j);
	}
}

static void *writer_main(void *arg)
{
	struct store *s = arg;
	struct job *batch;

	for (;;) {
		pthread_mutex_lock(&s->mu);
		while (!s->head && !s->stopping)
			pthread_cond_wait(&s->cv, &s->mu);
		batch = s->head;
		s->head = s->tail = NULL;
		pthread_mutex_unlock(&s->mu);
		if (!batch)
			return NULL; /* stopping and drained */
		commit_batch(s, batch);
	}
}

void store_write_async(struct store *s, store_write_fn fn, void *arg,
		       store_done_fn done_fn, void *done_arg)
{
	struct job *j = fz_xcalloc(1, sizeof(*j));

	j->fn = fn;
	j->arg = arg;
	j->done = done_fn;
	j->done_arg = done_arg;
	pthread_mutex_lock(&s->mu);
	if (s->tail)
		s->tail->next = j;
	else
		s->head = j;
	s->tail = j;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

struct sync_wait {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int finished;
	int rc;
	struct fz_err err;
};

static void sync_done(void *arg, int rc, const struct fz_err *e)
{
	struct sync_wait *w = arg;

	pthread_mutex_lock(&w->mu);
	w->rc = rc;
	if (e)
		w->err = *e;
	w->finished = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

int store_write(struct store *s, store_write_fn fn, void *arg, struct fz_err *e)
{
	struct sync_wait w;

	memset(&w, 0, sizeof(w));
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	store_write_async(s, fn, arg, sync_done, &w);
	pthread_mutex_lock(&w.mu);
	while (!w.finished)
		pthread_cond_wait(&w.cv, &w.mu);
	pthread_mutex_unlock(&w.mu);
	pthread_mutex_destroy(&w.mu);
	pthread_cond_destroy(&w.cv);
	if (w.rc && e)
		*e = w.err;
	return w.rc;
}

void store_write_stats(struct store *s, uint64_t *commits, uint64_t *jobs)
{
	pthread_mutex_lock(&s->mu);
	*commits = s->commits;
	*jobs = s->jobs;
	pthread_mutex_unlock(&s->mu);
}

/* ---- open and close ---------------------------------------------------- */

static int open_writer(struct store *s, struct fz_err *e)
{
	int flags = SQLITE_OPEN_READWRITE;
	int rc;

	if (s->mode == STORE_INIT)
		flags |= SQLITE_OPEN_CREATE;
	rc = conn_open(s->path, flags, 0, &s->writer, e);
	if (rc)
		return rc;
	rc = exec(s->writer->db, "PRAGMA journal_mode=WAL;", e);
	if (!rc && s->mode == STORE_INIT)
		rc = migrate(s->writer->db, e);
	if (!rc)
		rc = check_version(s->writer->db, e);
	return rc;
}

/* Before SQLite initialises: no memory statistics. With them on (the
 * default), every sqlite3_malloc and sqlite3_free takes one process-wide
 * mutex, which the writer and every reader contend for; fazhi never reads
 * the statistics. Too late (SQLite already in use) is harmless. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_open(struct store **out, const char *path, enum store_open_mode m,
	       struct fz_err *e)
{
	struct store *s = fz_xcalloc(1, sizeof(*s));
	struct stat sb;
	int rc;

	pthread_once(&sqlite_once, sqlite_setup);
	s->path = fz_xstrdup(path);
	s->mode = m;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	pthread_mutex_init(&s->pool_mu, NULL);
	if (m != STORE_INIT && stat(path, &sb) != 0) {
		store_close(s);
		return fz_err_set(e, FZ_ENOTFOUND, "db",
				  "no database at %s: run `fazhi init --db %s`",
				  path, path);
	}
	rc = open_writer(s, e);
	if (rc) {
		store_close(s);
		return rc;
	}
	if (pthread_create(&s->writer_thread, NULL, writer_main, s) != 0) {
		store_close(s);
		return fz_err_set(e, FZ_EIO, NULL, "cannot start writer");
	}
	s->writer_running = 1;
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	struct store_conn *c, *next;

	if (!s)
		return;
	if (s->writer_running) {
		pthread_mutex_lock(&s->mu);
		s->stopping = 1;
		pthread_cond_signal(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->writer_thread, NULL);
	}
	for (c = s->pool; c; c = next) {
		next = c->next;
		conn_close(c);
	}
	if (s->writer)
		sqlite3_wal_checkpoint_v2(
		    s->writer->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	conn_close(s->writer);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->pool_mu);
	free(s->path);
	free(s);
}

const char *store_path(const struct store *s)
{
	return s->path;
}

int64_t store_db_size(struct store *s)
{
	struct stat sb;
	char wal[4096];
	int64_t n = 0;

	if (stat(s->path, &sb) == 0)
		n += sb.st_size;
	snprintf(wal, sizeof(wal), "%s-wal", s->path);
	if (stat(wal, &sb) == 0)
		n += sb.st_size;
	return n;
}

struct store_conn *store_rd_acquire(struct store *s)
{
	struct store_conn *c;
	struct fz_err e;

	pthread_mutex_lock(&s->pool_mu);
	c = s->pool;
	if (c)
		s->pool = c->next;
	pthread_mutex_unlock(&s->pool_mu);
	if (c)
		return c;
	if (conn_open(s->path, SQLITE_OPEN_READWRITE, 1, &c, &e)) {
		fprintf(stderr, "fazhi: %s\n", e.msg);
		abort(); /* the database opened moments ago */
	}
	return c;
}

void store_rd_release(struct store *s, struct store_conn *c)
{
	pthread_mutex_lock(&s->pool_mu);
	c->next = s->pool;
	s->pool = c;
	pthread_mutex_unlock(&s->pool_mu);
}

/* ---- organisations ----------------------------------------------------- */

static void org_row(sqlite3_stmt *st, struct store_org *o)
{
	o->id = sqlite3_column_int64(st, 0);
	o->parent_id = sqlite3_column_int64(st, 1);
	col_text(st, 2, o->name, sizeof(o->name));
	col_text(st, 3, o->level, sizeof(o->level));
	col_text(st, 4, o->path, sizeof(o->path));
	o->created_at = sqlite3_column_int64(st, 5);
}

static int org_one(struct store_conn *c, sqlite3_stmt *st, struct store_org *o,
		   const char *what, struct fz_err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		org_row(st, o);
	done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return fz_err_set(e, FZ_ENOTFOUND, "org",
				  "organisation %s not found", what);
	return db_err(e, c->db, "organisation");
}

int store_org_get(struct store_conn *c, int64_t id, struct store_org *o,
		  struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_ORG_GET);
	char what[32];

	snprintf(what, sizeof(what), "%lld", (long long)id);
	sqlite3_bind_int64(st, 1, id);
	return org_one(c, st, o, what, e);
}

int store_org_by_name(struct store_conn *c, const char *name,
		      struct store_org *o, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_ORG_BY_NAME);

	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	return org_one(c, st, o, name, e);
}

int store_org_insert(struct store_conn *c, struct store_org *o,
		     struct fz_err *e)
{
	struct store_org parent;
	sqlite3_stmt *st;
	int rc;

	if (o->parent_id) {
		rc = store_org_get(c, o->parent_id, &parent, e);
		if (rc)
			return fz_err_set(e, rc, "parent_id",
					  "parent_id: organisation %lld does "
					  "not exist",
					  (long long)o->parent_id);
	}
	if (o->parent_id && strlen(parent.path) > sizeof(o->path) - 32)
		return fz_err_set(e, FZ_EINVAL, "parent_id",
				  "parent_id: the organisation tree is too "
				  "deep there");
	o->id = scalar(c, Q_ORG_NEXT_ID);
	snprintf(o->path, sizeof(o->path), "%.480s%lld/",
		 o->parent_id ? parent.path : "/", (long long)o->id);
	o->created_at = fz_now_ms();
	st = q(c, Q_ORG_INSERT);
	sqlite3_bind_int64(st, 1, o->id);
	sqlite3_bind_int64(st, 2, o->parent_id);
	sqlite3_bind_text(st, 3, o->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, o->level, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, o->path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, o->created_at);
	rc = step_done(c, st, "organisation", e);
	if (rc == FZ_ECONFLICT)
		return fz_err_set(e, rc, "name",
				  "name: an organisation named '%s' exists "
				  "there already",
				  o->name);
	return rc;
}

/* Bounds of the subtree whose root has path p: [p, p') where p' is p with
 * its last character ('/') raised by one: paths hold only digits and '/'. */
static void path_range(const char *p, char *hi, size_t n)
{
	size_t len = strlen(p);

	snprintf(hi, n, "%s", p);
	if (len && len < n)
		hi[len - 1] = (char)(hi[len - 1] + 1);
}

static int root_path(struct store_conn *c, int64_t root, char *lo, char *hi,
		     size_t n, struct fz_err *e)
{
	struct store_org o;
	int rc;

	if (!root) {
		snprintf(lo, n, "/");
		snprintf(hi, n, "0");
		return 0;
	}
	rc = store_org_get(c, root, &o, e);
	if (rc)
		return rc;
	snprintf(lo, n, "%s", o.path);
	path_range(o.path, hi, n);
	return 0;
}

int store_org_list(struct store_conn *c, int64_t root, store_org_cb cb,
		   void *arg, struct fz_err *e)
{
	char lo[512], hi[512];
	struct store_org o;
	sqlite3_stmt *st;
	int rc;

	rc = root_path(c, root, lo, hi, sizeof(lo), e);
	if (rc)
		return rc;
	st = q(c, Q_ORG_LIST);
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		org_row(st, &o);
		if (cb(&o, arg))
			break;
	}
	done(st);
	return rc == SQLITE_ERROR ? db_err(e, c->db, "organisations") : 0;
}

int store_org_in_subtree(struct store_conn *c, int64_t root, int64_t org)
{
	sqlite3_stmt *st = q(c, Q_ORG_IN_SUBTREE);
	int yes;

	sqlite3_bind_int64(st, 1, root);
	sqlite3_bind_int64(st, 2, org);
	yes = sqlite3_step(st) == SQLITE_ROW;
	done(st);
	return yes;
}

/* ---- users ------------------------------------------------------------- */

static void user_row(sqlite3_stmt *st, struct store_user *u)
{
	u->org_id = sqlite3_column_int64(st, 0);
	u->id = sqlite3_column_int64(st, 1);
	col_text(st, 2, u->username, sizeof(u->username));
	col_text(st, 3, u->display_name, sizeof(u->display_name));
	u->roles = (unsigned)sqlite3_column_int64(st, 4);
	col_text(st, 5, u->pw_hash, sizeof(u->pw_hash));
	col_text(st, 6, u->pw_history, sizeof(u->pw_history));
	u->must_change = sqlite3_column_int(st, 7);
	u->failed_count = sqlite3_column_int(st, 8);
	u->locked_until = sqlite3_column_int64(st, 9);
	u->disabled = sqlite3_column_int(st, 10);
	u->created_at = sqlite3_column_int64(st, 11);
}

static int user_one(struct store_conn *c, sqlite3_stmt *st,
		    struct store_user *u, struct fz_err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		user_row(st, u);
	done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return fz_err_set(e, FZ_ENOTFOUND, "user", "user not found");
	return db_err(e, c->db, "user");
}

int store_user_by_name(struct store_conn *c, const char *username,
		       struct store_user *u, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_USER_BY_NAME);

	sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
	return user_one(c, st, u, e);
}

int store_user_by_id(struct store_conn *c, int64_t id, struct store_user *u,
		     struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_USER_BY_ID);

	sqlite3_bind_int64(st, 1, id);
	return user_one(c, st, u, e);
}

static void bind_user_mutable(sqlite3_stmt *st, const struct store_user *u,
			      int first)
{
	sqlite3_bind_text(st, first, u->display_name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, first + 1, u->roles);
	sqlite3_bind_text(st, first + 2, u->pw_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, first + 3, u->pw_history, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, first + 4, u->must_change);
	sqlite3_bind_int(st, first + 5, u->failed_count);
	sqlite3_bind_int64(st, first + 6, u->locked_until);
	sqlite3_bind_int(st, first + 7, u->disabled);
}

int store_user_insert(struct store_conn *c, struct store_user *u,
		      struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc;

	u->id = scalar(c, Q_USER_NEXT_ID);
	u->created_at = fz_now_ms();
	if (!u->pw_history[0])
		snprintf(u->pw_history, sizeof(u->pw_history), "[]");
	st = q(c, Q_USER_INSERT);
	sqlite3_bind_int64(st, 1, u->org_id);
	sqlite3_bind_int64(st, 2, u->id);
	sqlite3_bind_text(st, 3, u->username, -1, SQLITE_TRANSIENT);
	/* USER_COLS order: display_name .. disabled, then created_at */
	sqlite3_bind_text(st, 4, u->display_name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, u->roles);
	sqlite3_bind_text(st, 6, u->pw_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, u->pw_history, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 8, u->must_change);
	sqlite3_bind_int(st, 9, u->failed_count);
	sqlite3_bind_int64(st, 10, u->locked_until);
	sqlite3_bind_int(st, 11, u->disabled);
	sqlite3_bind_int64(st, 12, u->created_at);
	rc = step_done(c, st, "user", e);
	if (rc == FZ_ECONFLICT)
		return fz_err_set(e, rc, "username", "username: '%s' is taken",
				  u->username);
	if (rc == FZ_ENOTFOUND)
		return fz_err_set(e, rc, "org_id",
				  "org_id: organisation %lld does not exist",
				  (long long)u->org_id);
	return rc;
}

int store_user_update(struct store_conn *c, const struct store_user *u,
		      struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_USER_UPDATE);

	sqlite3_bind_int64(st, 1, u->org_id);
	sqlite3_bind_int64(st, 2, u->id);
	bind_user_mutable(st, u, 3);
	return step_done(c, st, "user", e);
}

int store_user_list(struct store_conn *c, int64_t root_org, store_user_cb cb,
		    void *arg, struct fz_err *e)
{
	char lo[512], hi[512];
	struct store_user *u;
	sqlite3_stmt *st;
	int rc;

	rc = root_path(c, root_org, lo, hi, sizeof(lo), e);
	if (rc)
		return rc;
	u = fz_xmalloc(sizeof(*u));
	st = q(c, Q_USER_LIST);
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		user_row(st, u);
		if (cb(u, arg))
			break;
	}
	done(st);
	free(u);
	return rc == SQLITE_ERROR ? db_err(e, c->db, "users") : 0;
}

/* ---- API tokens ------------------------------------------------------- */

int store_token_insert(struct store_conn *c, struct store_token *t,
		       struct fz_err *e)
{
	sqlite3_stmt *st;

	t->id = scalar(c, Q_TOKEN_NEXT_ID);
	t->created_at = fz_now_ms();
	st = q(c, Q_TOKEN_INSERT);
	sqlite3_bind_int64(st, 1, t->org_id);
	sqlite3_bind_int64(st, 2, t->id);
	sqlite3_bind_int64(st, 3, t->user_id);
	sqlite3_bind_text(st, 4, t->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 5, t->hash, 32, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, t->created_at);
	return step_done(c, st, "API token", e);
}

static int token_one(sqlite3_stmt *st, struct store_token *t, struct fz_err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		t->org_id = sqlite3_column_int64(st, 0);
		t->id = sqlite3_column_int64(st, 1);
		t->user_id = sqlite3_column_int64(st, 2);
		col_text(st, 3, t->name, sizeof(t->name));
		t->created_at = sqlite3_column_int64(st, 4);
		t->revoked = sqlite3_column_int(st, 5);
	}
	done(st);
	if (rc == SQLITE_ROW)
		return 0;
	return fz_err_set(e, FZ_ENOTFOUND, "token", "unknown API token");
}

int store_token_by_hash(struct store_conn *c, const unsigned char hash[32],
			struct store_token *t, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_TOKEN_BY_HASH);

	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
	memcpy(t->hash, hash, 32);
	return token_one(st, t, e);
}

int store_token_by_id(struct store_conn *c, int64_t id, struct store_token *t,
		      struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_TOKEN_BY_ID);

	sqlite3_bind_int64(st, 1, id);
	memset(t->hash, 0, sizeof(t->hash));
	return token_one(st, t, e);
}

int store_token_revoke(struct store_conn *c, int64_t org_id, int64_t id,
		       struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_TOKEN_REVOKE);
	int rc;

	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, id);
	rc = step_done(c, st, "API token", e);
	if (!rc && sqlite3_changes(c->db) == 0)
		return fz_err_set(e, FZ_ENOTFOUND, "id",
				  "id: no live API token %lld", (long long)id);
	return rc;
}

/* ---- the event log ----------------------------------------------------- */

static void chain_head(struct store_conn *c, int64_t org_id, int64_t *seq,
		       unsigned char hash[32])
{
	sqlite3_stmt *st = q(c, Q_HEAD_GET);

	*seq = 0;
	memset(hash, 0, 32);
	sqlite3_bind_int64(st, 1, org_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == 32)
			memcpy(hash, sqlite3_column_blob(st, 1), 32);
	}
	done(st);
}

static int event_insert(struct store_conn *c, const struct audit_event *ev,
			const unsigned char prev[32],
			const unsigned char hash[32], struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_EVENT_INSERT);
	int rc;

	sqlite3_bind_int64(st, 1, ev->org_id);
	sqlite3_bind_int64(st, 2, ev->seq);
	sqlite3_bind_int64(st, 3, ev->ts);
	sqlite3_bind_text(st, 4, ev->actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, ev->type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, ev->subject, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, ev->data, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 8, prev, 32, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 9, hash, 32, SQLITE_TRANSIENT);
	rc = step_done(c, st, "event", e);
	if (rc)
		return rc;
	st = q(c, Q_HEAD_PUT);
	sqlite3_bind_int64(st, 1, ev->org_id);
	sqlite3_bind_int64(st, 2, ev->seq);
	sqlite3_bind_blob(st, 3, hash, 32, SQLITE_TRANSIENT);
	return step_done(c, st, "chain head", e);
}

int store_event_append(struct store_conn *c, int64_t org_id, const char *actor,
		       const char *type, const char *subject,
		       const json_t *data, struct fz_err *e)
{
	unsigned char prev[32], hash[32];
	struct audit_event ev;
	char *canon;
	int rc;

	canon = audit_canonical_data(data);
	if (!canon)
		return fz_err_set(e, FZ_EINVAL, "data", "event data invalid");
	chain_head(c, org_id, &ev.seq, prev);
	ev.seq++;
	ev.org_id = org_id;
	ev.ts = fz_now_ms();
	ev.actor = actor;
	ev.type = type;
	ev.subject = subject;
	ev.data = canon;
	rc = audit_event_hash(prev, &ev, hash, e);
	if (!rc)
		rc = event_insert(c, &ev, prev, hash, e);
	free(canon);
	return rc;
}

static void event_row(sqlite3_stmt *st, struct store_event *ev)
{
	ev->org_id = sqlite3_column_int64(st, 0);
	ev->seq = sqlite3_column_int64(st, 1);
	ev->ts = sqlite3_column_int64(st, 2);
	col_text(st, 3, ev->actor, sizeof(ev->actor));
	col_text(st, 4, ev->type, sizeof(ev->type));
	col_text(st, 5, ev->subject, sizeof(ev->subject));
	ev->data = (char *)(uintptr_t)sqlite3_column_text(st, 6);
	memset(ev->prev_hash, 0, 32);
	memset(ev->hash, 0, 32);
	if (sqlite3_column_bytes(st, 7) == 32)
		memcpy(ev->prev_hash, sqlite3_column_blob(st, 7), 32);
	if (sqlite3_column_bytes(st, 8) == 32)
		memcpy(ev->hash, sqlite3_column_blob(st, 8), 32);
}

int store_event_list(struct store_conn *c, const struct store_event_filter *f,
		     store_event_cb cb, void *arg, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_EVENT_LIST);
	struct store_event ev;
	int rc;

	sqlite3_bind_int64(st, 1, f->org_id);
	sqlite3_bind_int64(st, 2, f->after_ts);
	sqlite3_bind_int64(st, 3, f->before_ts);
	if (f->type_prefix)
		sqlite3_bind_text(st, 4, f->type_prefix, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, f->limit > 0 ? f->limit : -1);
	sqlite3_bind_int64(st, 6, f->offset);
	sqlite3_bind_int64(st, 7, f->after_seq);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		event_row(st, &ev);
		if (!ev.data)
			ev.data = (char *)(uintptr_t) "";
		if (cb(&ev, arg))
			break;
	}
	done(st);
	return rc == SQLITE_ERROR ? db_err(e, c->db, "events") : 0;
}

int store_chain_heads(struct store_conn *c, store_head_cb cb, void *arg,
		      struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_HEADS_ALL);
	unsigned char h[32];
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(h, 0, 32);
		if (sqlite3_column_bytes(st, 2) == 32)
			memcpy(h, sqlite3_column_blob(st, 2), 32);
		if (cb(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		       h, arg))
			break;
	}
	done(st);
	return rc == SQLITE_ERROR ? db_err(e, c->db, "chain heads") : 0;
}

/* ---- calendar overrides ---------------------------------------------- */

int store_calendar_put(struct store_conn *c, int64_t org_id, int year,
		       const char *body, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_CAL_PUT);

	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_text(st, 3, body, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, fz_now_ms());
	return step_done(c, st, "calendar year", e);
}

int store_calendar_list(struct store_conn *c, store_calendar_cb cb, void *arg,
			struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_CAL_LIST);
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *b = sqlite3_column_text(st, 2);
		if (cb(sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
		       b ? (const char *)b : "", arg))
			break;
	}
	done(st);
	return rc == SQLITE_ERROR ? db_err(e, c->db, "calendar") : 0;
}

/* ---- overrides of statutory periods ---------------------------------------
 */

int store_rule_override_put(struct store_conn *c, int64_t org_id,
			    const char *rule_id, int days, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_OV_PUT);

	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, rule_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, days);
	sqlite3_bind_int64(st, 4, fz_now_ms());
	return step_done(c, st, "rule override", e);
}

int store_rule_override_list(struct store_conn *c, store_override_cb cb,
			     void *arg, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_OV_LIST);
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *id = sqlite3_column_text(st, 1);
		if (cb(sqlite3_column_int64(st, 0), id ? (const char *)id : "",
		       sqlite3_column_int(st, 2), arg))
			break;
	}
	done(st);
	return rc == SQLITE_ERROR ? db_err(e, c->db, "rule overrides") : 0;
}

/* ---- backup and restore ------------------------------------------------ */

static int copy_db(sqlite3 *from, sqlite3 *to, struct fz_err *e)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc;

	if (!b)
		return fz_err_set(e, FZ_EIO, NULL, "backup: %s",
				  sqlite3_errmsg(to));
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(10);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return fz_err_set(e, FZ_EIO, NULL, "backup: %s",
				  sqlite3_errstr(rc));
	return 0;
}

int store_backup(struct store *s, const char *out_path, struct fz_err *e)
{
	char tmp[4096];
	sqlite3 *dst = NULL;
	struct store_conn *src;
	int rc;

	snprintf(tmp, sizeof(tmp), "%s.tmp", out_path);
	unlink(tmp);
	if (sqlite3_open_v2(tmp, &dst,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		rc = fz_err_set(e, FZ_EIO, "out", "--out: cannot create %s: %s",
				out_path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return rc;
	}
	src = store_rd_acquire(s);
	rc = copy_db(src->db, dst, e);
	store_rd_release(s, src);
	if (!rc)
		rc = exec(dst, "PRAGMA journal_mode=DELETE;", e);
	sqlite3_close(dst);
	if (!rc && rename(tmp, out_path) != 0)
		rc = fz_err_set(e, FZ_EIO, "out", "--out: cannot write %s",
				out_path);
	if (rc)
		unlink(tmp);
	return rc;
}

static int check_backup(sqlite3 *db, const char *path, struct fz_err *e)
{
	sqlite3_stmt *st;
	int ok = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) ==
	    SQLITE_OK) {
		ok =
		    sqlite3_step(st) == SQLITE_ROW &&
		    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
		sqlite3_finalize(st);
	}
	if (!ok)
		return fz_err_set(e, FZ_ECORRUPT, "from",
				  "--from: %s is not an intact SQLite database",
				  path);
	if (user_version(db) != store_schema_version())
		return fz_err_set(e, FZ_EINVAL, "from",
				  "--from: %s has schema version %d, this "
				  "fazhi needs %d",
				  path, user_version(db),
				  store_schema_version());
	return 0;
}

int store_restore_prepare(const char *from_path, const char *tmp_path,
			  struct fz_err *e)
{
	sqlite3 *src = NULL, *dst = NULL;
	int rc;

	if (sqlite3_open_v2(from_path, &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		rc = fz_err_set(e, FZ_ENOTFOUND, "from",
				"--from: cannot open %s", from_path);
		sqlite3_close(src);
		return rc;
	}
	rc = check_backup(src, from_path, e);
	unlink(tmp_path);
	if (!rc && sqlite3_open_v2(tmp_path, &dst,
				   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
				   NULL) != SQLITE_OK)
		rc = fz_err_set(e, FZ_EIO, "db", "--db: cannot write %s",
				tmp_path);
	if (!rc)
		rc = copy_db(src, dst, e);
	if (!rc)
		rc = exec(dst, "PRAGMA journal_mode=DELETE;", e);
	sqlite3_close(dst);
	sqlite3_close(src);
	if (rc)
		unlink(tmp_path);
	return rc;
}

int store_restore_commit(const char *tmp_path, const char *db_path,
			 struct fz_err *e)
{
	char side[4096];
	sqlite3 *db = NULL;
	int rc = 0;

	/* Fold tmp's own WAL (left by the verification) into the file. */
	if (sqlite3_open_v2(tmp_path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		rc = fz_err_set(e, FZ_EIO, "db", "cannot open %s", tmp_path);
	if (!rc)
		rc = exec(db, "PRAGMA journal_mode=DELETE;", e);
	sqlite3_close(db);
	if (rc)
		return rc;
	/* A stale WAL of the old database would be replayed into the new. */
	snprintf(side, sizeof(side), "%s-wal", db_path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db_path);
	unlink(side);
	if (rename(tmp_path, db_path) != 0)
		return fz_err_set(e, FZ_EIO, "db", "--db: cannot replace %s",
				  db_path);
	return 0;
}
