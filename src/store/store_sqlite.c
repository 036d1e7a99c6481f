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
#include "store_internal.h"

#include "audit/chain.h"
#include "lib/buf.h"
#include "lib/clock.h"
#include "lib/embedded.h"
#include "lib/jsonv.h"
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
	Q_TOKEN_OF_USER,
	Q_TOKEN_REVOKE,
	Q_HEAD_GET,
	Q_HEAD_PUT,
	Q_CHAIN_DEFAULT,
	Q_EVENT_INSERT,
	Q_EVENT_LIST,
	Q_HEADS_ALL,
	Q_CAL_PUT,
	Q_CAL_LIST,
	Q_OV_PUT,
	Q_OV_LIST,
	Q_REC_COUNTER,
	Q_REC_NEXT_ID,
	Q_REC_INSERT,
	Q_REC_UPDATE,
	Q_REC_GET,
	Q_REC_BY_CODE,
	Q_REC_LIST,
	Q_REC_COUNT,
	Q_REC_DUE_LIST,
	Q_REC_DUE_COUNT,
	Q_DUE_PAGE,
	Q_DUE_PAGE_COUNT,
	Q_OVERDUE_PAGE,
	Q_OVERDUE_COUNT,
	Q_FIRST_DUE_PUT,
	Q_FIRST_DUE_DELETE,
	Q_FTS_INSERT,
	Q_FTS_DELETE,
	Q_DL_DELETE,
	Q_DL_INSERT,
	Q_DL_GET,
	Q_CC_PUT,
	Q_CC_HAS,
	Q_CC_ACK,
	Q_CC_ACKED,
	Q_EV_SUBJECT,
	Q_SET_PUT,
	Q_SET_GET,
	Q_BEGIN,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_SAVEPOINT,
	Q_ROLLBACK_TO,
	Q_RELEASE,
	Q_MAX
};

#define REC_COLS                                                               \
	"r.org_id, r.record_id, r.kind, r.number, r.state, "                   \
	"ifnull(r.prev_state,''), r.title, r.data, ifnull(r.query_code,''), "  \
	"r.created_at, r.created_by, r.updated_at, r.version"
/* The organisation whose own records a list takes besides the subtree
 * (?22: the government a department acts for, 0: none). */
#define ALSO_ORG " UNION ALL SELECT ?22"
/* The filters shared by both list queries (see store_record_list). */
#define REC_FILTERS                                                            \
	" AND (?5 IS NULL OR r.state = ?5)"                                    \
	" AND (?6 IS NULL OR r.rowid IN (SELECT rowid FROM records_fts"        \
	" WHERE records_fts MATCH ?6))"                                        \
	" AND (?7 IS NULL OR (SELECT body FROM records_fts WHERE "             \
	"rowid=r.rowid) LIKE ?7)"                                              \
	" AND (?8 IS NULL OR json_extract(r.data, ?8) = ?9)"                   \
	" AND (?10 IS NULL OR json_extract(r.data, ?10) = ?11)"                \
	" AND (?12 IS NULL OR json_extract(r.data, ?12) = ?13)"
/* Records of a kind in a subtree (or copied to a user), filtered; ?21 a
 * keyset cursor for exports (ids below it). */
#define REC_WHERE                                                              \
	" WHERE r.kind=?1 AND (r.org_id IN (SELECT org_id FROM orgs WHERE "    \
	"path>=?2 AND path<?3" ALSO_ORG                                        \
	") OR (?4<>0 AND r.record_id IN (SELECT "                              \
	"record_id FROM record_cc WHERE user_id=?4)))" REC_FILTERS             \
	" AND (?21=0 OR r.record_id<?21)"
/* A deadline still open (not done, not paused), due within [?19, ?20]. */
#define DUE_OPEN                                                               \
	" AND d.done_on IS NULL AND d.due IS NOT NULL AND d.due>=?19 AND "     \
	"d.due<=?20 AND d.paused=0"
/* Records of a kind in a subtree whose earliest open deadline is due
 * within [?19, ?20] (record_due, migration 009). */
#define FIRST_DUE                                                              \
	" FROM record_due x WHERE x.org_id IN (SELECT org_id FROM orgs WHERE " \
	"path>=?2 AND path<?3" ALSO_ORG                                        \
	") AND x.kind=?1 AND x.due>=?19 AND x.due<=?20"
/* Open deadlines of a kind in a subtree. */
#define DUE_ONLY                                                               \
	" FROM record_deadlines d WHERE d.org_id IN (SELECT org_id FROM "      \
	"orgs WHERE path>=?2 AND path<?3" ALSO_ORG ") AND d.kind=?1" DUE_OPEN
#define DUE_FROM                                                               \
	" FROM record_deadlines d JOIN records r ON r.org_id=d.org_id AND "    \
	"r.record_id=d.record_id WHERE d.kind=?1 AND d.org_id IN (SELECT "     \
	"org_id FROM orgs WHERE path>=?2 AND path<?3" ALSO_ORG                 \
	")" DUE_OPEN REC_FILTERS
#define ORG_COLS "org_id, ifnull(parent_id,0), name, level, path, created_at"
#define USER_COLS                                                              \
	"org_id, user_id, username, display_name, roles, pw_hash, "            \
	"pw_history, must_change, failed_count, locked_until, disabled, "      \
	"created_at, integration"

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
		      "?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
    [Q_USER_BY_NAME] = "SELECT " USER_COLS " FROM users WHERE username=?1",
    [Q_USER_BY_ID] = "SELECT " USER_COLS " FROM users WHERE user_id=?1",
    [Q_USER_UPDATE] = "UPDATE users SET display_name=?3, roles=?4, "
		      "pw_hash=?5, pw_history=?6, must_change=?7, "
		      "failed_count=?8, locked_until=?9, disabled=?10 "
		      "WHERE org_id=?1 AND user_id=?2",
    [Q_USER_LIST] = "SELECT u.org_id, u.user_id, u.username, "
		    "u.display_name, u.roles, u.pw_hash, u.pw_history, "
		    "u.must_change, u.failed_count, u.locked_until, "
		    "u.disabled, u.created_at, u.integration FROM users u "
		    "JOIN orgs o "
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
    [Q_TOKEN_OF_USER] = "SELECT token_id FROM api_tokens WHERE user_id=?1 "
			"AND revoked=0 ORDER BY token_id",
    [Q_TOKEN_REVOKE] = "UPDATE api_tokens SET revoked=1 WHERE (?1=0 OR "
		       "org_id=?1) AND token_id=?2 AND revoked=0",
    [Q_HEAD_GET] = "SELECT seq, hash, alg FROM chain_heads WHERE org_id=?1",
    [Q_HEAD_PUT] = "INSERT INTO chain_heads(org_id,seq,hash,alg) "
		   "VALUES(?1,?2,?3,?4) ON CONFLICT(org_id) DO UPDATE SET "
		   "seq=excluded.seq, hash=excluded.hash",
    [Q_CHAIN_DEFAULT] = "SELECT value FROM audit_settings WHERE "
			"key='chain_hash'",
    [Q_EVENT_INSERT] = "INSERT INTO events(org_id,seq,ts,actor,type,"
		       "subject,data,prev_hash,hash) "
		       "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    [Q_EVENT_LIST] = "SELECT org_id,seq,ts,actor,type,subject,data,"
		     "prev_hash,hash FROM events WHERE (?1=-1 OR org_id=?1) "
		     "AND ts>=?2 AND (?3=0 OR ts<?3) AND "
		     "(?4 IS NULL OR substr(type,1,length(?4))=?4) "
		     "AND seq>?7 ORDER BY org_id, seq LIMIT ?5 OFFSET ?6",
    [Q_HEADS_ALL] = "SELECT org_id, seq, hash, alg FROM chain_heads "
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
    [Q_REC_COUNTER] = "INSERT INTO record_counters(org_id,kind,year,next) "
		      "VALUES(?1,?2,?3,2) ON CONFLICT(org_id,kind,year) DO "
		      "UPDATE SET next=next+1 RETURNING next-1",
    [Q_REC_NEXT_ID] = "SELECT ifnull(max(record_id),0)+1 FROM records",
    [Q_REC_INSERT] = "INSERT INTO records(org_id,record_id,kind,number,state,"
		     "prev_state,title,data,query_code,created_at,created_by,"
		     "updated_at,version) VALUES(?1,?2,?3,?4,?5,nullif(?6,''),"
		     "?7,?8,nullif(?9,''),?10,?11,?10,1) RETURNING rowid",
    [Q_REC_UPDATE] = "UPDATE records SET state=?3, prev_state=nullif(?4,''),"
		     " title=?5, data=?6, updated_at=?7, version=version+1 "
		     "WHERE org_id=?1 AND record_id=?2 AND version=?8 "
		     "RETURNING rowid",
    [Q_REC_GET] = "SELECT " REC_COLS " FROM records r WHERE r.record_id=?1",
    [Q_REC_BY_CODE] =
	"SELECT " REC_COLS " FROM records r WHERE r.query_code=?1",
    [Q_REC_LIST] = "SELECT " REC_COLS " FROM records r" REC_WHERE
		   " ORDER BY CASE WHEN ?14=0 AND ?15=1 THEN r.created_at "
		   "END DESC, CASE WHEN ?14=0 AND ?15=0 THEN r.created_at END,"
		   " CASE WHEN ?14=1 AND ?15=1 THEN r.updated_at END DESC,"
		   " CASE WHEN ?14=1 AND ?15=0 THEN r.updated_at END,"
		   " CASE WHEN ?14=2 AND ?15=1 THEN r.number END DESC,"
		   " CASE WHEN ?14=2 AND ?15=0 THEN r.number END,"
		   " CASE WHEN ?14=3 AND ?15=1 THEN json_extract(r.data, ?16)"
		   " END DESC, CASE WHEN ?14=3 AND ?15=0 THEN "
		   "json_extract(r.data, ?16) END,"
		   " r.record_id DESC LIMIT ?17 OFFSET ?18",
    [Q_REC_COUNT] = "SELECT count(*) FROM records r" REC_WHERE,
    [Q_REC_DUE_LIST] = "SELECT " REC_COLS ", min(d.due) AS first_due" DUE_FROM
		       " GROUP BY r.org_id, r.record_id ORDER BY first_due, "
		       "r.record_id LIMIT ?17 OFFSET ?18",
    [Q_REC_DUE_COUNT] = "SELECT count(DISTINCT r.record_id)" DUE_FROM,
    /* the same without other filters: from the index alone */
    [Q_DUE_PAGE] = "SELECT d.record_id, min(d.due) AS first_due, count(*) "
		   "OVER ()" DUE_ONLY
		   " GROUP BY d.org_id, d.record_id ORDER BY first_due, "
		   "d.record_id LIMIT ?17 OFFSET ?18",
    [Q_DUE_PAGE_COUNT] = "SELECT count(*) FROM (SELECT 1" DUE_ONLY
			 " GROUP BY d.org_id, d.record_id)",
    /* a record is overdue when its earliest open deadline has passed */
    [Q_OVERDUE_PAGE] = "SELECT x.record_id, x.due" FIRST_DUE
		       " ORDER BY x.due, x.record_id LIMIT ?17 OFFSET ?18",
    [Q_OVERDUE_COUNT] = "SELECT count(*)" FIRST_DUE,
    [Q_FIRST_DUE_PUT] = "INSERT INTO record_due(org_id,record_id,kind,due) "
			"VALUES(?1,?2,?3,?4) ON CONFLICT(org_id,record_id) DO "
			"UPDATE SET kind=excluded.kind, due=excluded.due",
    [Q_FIRST_DUE_DELETE] = "DELETE FROM record_due WHERE org_id=?1 AND "
			   "record_id=?2",
    [Q_FTS_INSERT] = "INSERT INTO records_fts(rowid, body) VALUES(?1,?2)",
    [Q_FTS_DELETE] = "DELETE FROM records_fts WHERE rowid=?1",
    [Q_DL_DELETE] = "DELETE FROM record_deadlines WHERE org_id=?1 AND "
		    "record_id=?2",
    [Q_DL_INSERT] = "INSERT INTO record_deadlines(org_id,record_id,kind,name,"
		    "rule,start,due,done_on,suspended,paused,incomplete) "
		    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
    [Q_DL_GET] = "SELECT name, rule, start, due, done_on, suspended, paused,"
		 " incomplete FROM record_deadlines WHERE org_id=?1 AND "
		 "record_id=?2 ORDER BY name",
    [Q_CC_PUT] = "INSERT INTO record_cc(org_id,record_id,user_id,actor,note,"
		 "at) VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT DO UPDATE SET "
		 "actor=excluded.actor, note=excluded.note, at=excluded.at",
    [Q_CC_HAS] = "SELECT 1 FROM record_cc WHERE record_id=?1 AND user_id=?2",
    [Q_CC_ACK] = "UPDATE record_cc SET acked_at=?3 WHERE record_id=?1 AND "
		 "user_id=?2 AND acked_at=0",
    [Q_CC_ACKED] = "SELECT acked_at FROM record_cc WHERE record_id=?1 AND "
		   "user_id=?2",
    [Q_EV_SUBJECT] = "SELECT org_id,seq,ts,actor,type,subject,data,"
		     "prev_hash,hash FROM events WHERE org_id=?1 AND "
		     "subject=?2 ORDER BY seq",
    [Q_SET_PUT] = "INSERT INTO org_settings(org_id,key,value,updated_at) "
		  "VALUES(?1,?2,?3,?4) ON CONFLICT(org_id,key) DO UPDATE SET "
		  "value=excluded.value, updated_at=excluded.updated_at",
    [Q_SET_GET] = "SELECT value FROM org_settings WHERE org_id=?1 AND "
		  "key=?2",
};

/* A change of the search index waiting for the end of the group. */
struct fts_op {
	int64_t rowid;
	char *text;
	int replace;
};

struct store_conn {
	sqlite3 *db;
	sqlite3_stmt *st[Q_MAX];
	sqlite3_stmt *slot[STORE_SLOTS]; /* the other files' (store_slot) */
	struct store_conn *next;	 /* in the reader pool */
	/* the writer in a group: search index changes held until the last
	 * job's savepoint is released (fts_flush) */
	int defer_fts;
	struct fts_op *fts;
	size_t nfts, capfts;
};

static void fts_drop(struct store_conn *c, size_t from);
static int fts_flush(struct store_conn *c, struct fz_err *e);

struct job {
	store_write_fn fn;
	void *arg;
	int alone; /* its own transaction, without a savepoint */
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

int store_db_err(struct fz_err *e, sqlite3 *db, const char *what)
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

sqlite3 *store_conn_db(struct store_conn *c)
{
	return c->db;
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
	for (i = 0; i < STORE_SLOTS; i++)
		sqlite3_finalize(c->slot[i]);
	fts_drop(c, 0);
	free(c->fts);
	sqlite3_close(c->db);
	free(c);
}

/* *st, prepared from text on c the first time (persistent): a text that
 * does not prepare is a programmer mistake in the table or the caller. */
static sqlite3_stmt *cached(struct store_conn *c, sqlite3_stmt **st,
			    const char *text)
{
	if (!*st &&
	    sqlite3_prepare_v3(c->db, text, -1, SQLITE_PREPARE_PERSISTENT, st,
			       NULL) != SQLITE_OK) {
		fprintf(stderr, "fazhi: cannot prepare '%.60s': %s\n", text,
			sqlite3_errmsg(c->db));
		abort();
	}
	return *st;
}

/* The prepared statement for q on c, reset and ready to bind. */
static sqlite3_stmt *q(struct store_conn *c, enum q id)
{
	return cached(c, &c->st[id], sql[id]);
}

static void done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

sqlite3_stmt *store_slot(struct store_conn *c, int slot, const char *text)
{
	return cached(c, &c->slot[slot], text);
}

void store_slot_done(sqlite3_stmt *st)
{
	done(st);
}

int store_step_done(struct store_conn *c, sqlite3_stmt *st, const char *what,
		    struct fz_err *e)
{
	int rc = sqlite3_step(st);
	int out = 0;

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		out = store_db_err(e, c->db, what);
	done(st);
	return out;
}

/* Run st, which returns one row: its column 0 into *v. */
static int step_int64(struct store_conn *c, sqlite3_stmt *st, const char *what,
		      int64_t *v, struct fz_err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	done(st);
	return rc == SQLITE_ROW ? 0 : store_db_err(e, c->db, what);
}

/* The single value of statement id, 0 if it fails. */
static int64_t scalar(struct store_conn *c, enum q id)
{
	int64_t v = 0;

	step_int64(c, q(c, id), "database", &v, NULL);
	return v;
}

void store_col_text(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(out, n, "%s", t ? (const char *)t : "");
}

int store_one_row(struct store_conn *c, sqlite3_stmt *st, store_row_fill fill,
		  void *out, const char *field, const char *missing,
		  struct fz_err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		fill(st, out);
	done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return fz_err_set(e, FZ_ENOTFOUND, field, "%s", missing);
	return store_db_err(e, c->db, field);
}

int store_prepare(struct store_conn *c, const char *text, sqlite3_stmt **st,
		  const char *what, struct fz_err *e)
{
	if (sqlite3_prepare_v3(c->db, text, -1, 0, st, NULL) != SQLITE_OK)
		return store_db_err(e, c->db, what);
	return 0;
}

/* ---- migrations -------------------------------------------------------- */

#define MIGRATIONS "src/store/migrations/"

int store_schema_version(void)
{
	size_t first, n;

	fz_embedded_under(MIGRATIONS, &first, &n);
	return (int)n;
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
	int have = user_version(db), rc;
	size_t i, first, n;

	fz_embedded_under(MIGRATIONS, &first, &n);
	for (i = have > 0 ? (size_t)have : 0; i < n; i++) {
		rc =
		    apply_one(db, &fz_embedded_files[first + i], (int)i + 1, e);
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

static void run_job(struct store_conn *c, struct job *j)
{
	size_t held = c->nfts;

	fz_err_clear(&j->err);
	store_step_done(c, q(c, Q_SAVEPOINT), "database", NULL);
	j->rc = j->fn(c, j->arg, &j->err);
	if (j->rc) {
		store_step_done(c, q(c, Q_ROLLBACK_TO), "database", NULL);
		fts_drop(c, held);
	}
	store_step_done(c, q(c, Q_RELEASE), "database", NULL);
}

static void commit_batch(struct store *s, struct job *batch)
{
	struct store_conn *w = s->writer;
	struct fz_err e;
	struct job *j, *next;
	int rc, n = 0;

	fz_err_clear(&e);
	rc = store_step_done(w, q(w, Q_BEGIN), "database", &e);
	w->defer_fts = 1;
	for (j = batch; j; j = j->next, n++) {
		if (rc) {
			j->rc = rc;
			j->err = e;
		} else {
			run_job(w, j);
		}
	}
	w->defer_fts = 0;
	if (!rc && (fts_flush(w, &e) ||
		    store_step_done(w, q(w, Q_COMMIT), "database", &e))) {
		store_step_done(w, q(w, Q_ROLLBACK), "database", NULL);
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

/* A job that asked to be alone: its own transaction, no savepoint (a
 * rebuild writes many rows; a savepoint would journal every page). */
static void commit_alone(struct store *s, struct job *j)
{
	struct store_conn *w = s->writer;

	fz_err_clear(&j->err);
	j->rc = store_step_done(w, q(w, Q_BEGIN), "database", &j->err);
	if (!j->rc)
		j->rc = j->fn(w, j->arg, &j->err);
	if (!j->rc)
		j->rc = store_step_done(w, q(w, Q_COMMIT), "database", &j->err);
	if (j->rc && sqlite3_get_autocommit(w->db) == 0)
		store_step_done(w, q(w, Q_ROLLBACK), "database", NULL);
	pthread_mutex_lock(&s->mu);
	s->commits++;
	s->jobs++;
	pthread_mutex_unlock(&s->mu);
	j->done(j->done_arg, j->rc, &j->err);
	free(j);
}

/* The queued jobs in order: runs of grouped jobs, each committed
 * together, and alone jobs by themselves. */
static void commit_queue(struct store *s, struct job *batch)
{
	struct job *j, *next, *first, *last;

	for (j = batch; j; j = next) {
		if (j->alone) {
			next = j->next;
			commit_alone(s, j);
			continue;
		}
		first = last = j;
		while (last->next && !last->next->alone)
			last = last->next;
		next = last->next;
		last->next = NULL;
		commit_batch(s, first);
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
		commit_queue(s, batch);
	}
}

static void enqueue(struct store *s, store_write_fn fn, void *arg, int alone,
		    store_done_fn done_fn, void *done_arg)
{
	struct job *j = fz_xcalloc(1, sizeof(*j));

	j->alone = alone;
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

void store_write_async(struct store *s, store_write_fn fn, void *arg,
		       store_done_fn done_fn, void *done_arg)
{
	enqueue(s, fn, arg, 0, done_fn, done_arg);
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

static int write_wait(struct store *s, store_write_fn fn, void *arg, int alone,
		      struct fz_err *e)
{
	struct sync_wait w;

	memset(&w, 0, sizeof(w));
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	enqueue(s, fn, arg, alone, sync_done, &w);
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

int store_write(struct store *s, store_write_fn fn, void *arg, struct fz_err *e)
{
	return write_wait(s, fn, arg, 0, e);
}

int store_write_alone(struct store *s, store_write_fn fn, void *arg,
		      struct fz_err *e)
{
	return write_wait(s, fn, arg, 1, e);
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

static void org_row(sqlite3_stmt *st, void *out)
{
	struct store_org *o = out;
	o->id = sqlite3_column_int64(st, 0);
	o->parent_id = sqlite3_column_int64(st, 1);
	store_col_text(st, 2, o->name, sizeof(o->name));
	store_col_text(st, 3, o->level, sizeof(o->level));
	store_col_text(st, 4, o->path, sizeof(o->path));
	o->created_at = sqlite3_column_int64(st, 5);
}

static int org_one(struct store_conn *c, sqlite3_stmt *st, struct store_org *o,
		   const char *what, struct fz_err *e)
{
	char missing[300];

	snprintf(missing, sizeof(missing), "organisation %s not found", what);
	return store_one_row(c, st, org_row, o, "org", missing, e);
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
	rc = store_step_done(c, st, "organisation", e);
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

int store_subtree(struct store_conn *c, int64_t root, char *lo, char *hi,
		  size_t n, struct fz_err *e)
{
	struct store_org o;
	int rc = store_org_get(c, root, &o, e);

	if (rc)
		return rc;
	snprintf(lo, n, "%s", o.path);
	path_range(o.path, hi, n);
	return 0;
}

/* store_subtree, where root 0 is the whole tree. */
static int root_path(struct store_conn *c, int64_t root, char *lo, char *hi,
		     size_t n, struct fz_err *e)
{
	if (root)
		return store_subtree(c, root, lo, hi, n, e);
	snprintf(lo, n, "/");
	snprintf(hi, n, "0");
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
	return rc == SQLITE_ERROR ? store_db_err(e, c->db, "organisations") : 0;
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

static void user_row(sqlite3_stmt *st, void *out)
{
	struct store_user *u = out;
	u->org_id = sqlite3_column_int64(st, 0);
	u->id = sqlite3_column_int64(st, 1);
	store_col_text(st, 2, u->username, sizeof(u->username));
	store_col_text(st, 3, u->display_name, sizeof(u->display_name));
	u->roles = (unsigned)sqlite3_column_int64(st, 4);
	store_col_text(st, 5, u->pw_hash, sizeof(u->pw_hash));
	store_col_text(st, 6, u->pw_history, sizeof(u->pw_history));
	u->must_change = sqlite3_column_int(st, 7);
	u->failed_count = sqlite3_column_int(st, 8);
	u->locked_until = sqlite3_column_int64(st, 9);
	u->disabled = sqlite3_column_int(st, 10);
	u->created_at = sqlite3_column_int64(st, 11);
	u->integration = sqlite3_column_int(st, 12);
}

static int user_one(struct store_conn *c, sqlite3_stmt *st,
		    struct store_user *u, struct fz_err *e)
{
	return store_one_row(c, st, user_row, u, "user", "user not found", e);
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
	sqlite3_bind_int(st, 13, u->integration);
	rc = store_step_done(c, st, "user", e);
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
	return store_step_done(c, st, "user", e);
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
	return rc == SQLITE_ERROR ? store_db_err(e, c->db, "users") : 0;
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
	return store_step_done(c, st, "API token", e);
}

static void token_row(sqlite3_stmt *st, void *out)
{
	struct store_token *t = out;

	t->org_id = sqlite3_column_int64(st, 0);
	t->id = sqlite3_column_int64(st, 1);
	t->user_id = sqlite3_column_int64(st, 2);
	store_col_text(st, 3, t->name, sizeof(t->name));
	t->created_at = sqlite3_column_int64(st, 4);
	t->revoked = sqlite3_column_int(st, 5);
}

static int token_one(struct store_conn *c, sqlite3_stmt *st,
		     struct store_token *t, struct fz_err *e)
{
	return store_one_row(c, st, token_row, t, "token", "unknown API token",
			     e);
}

int store_token_by_hash(struct store_conn *c, const unsigned char hash[32],
			struct store_token *t, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_TOKEN_BY_HASH);

	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
	memcpy(t->hash, hash, 32);
	return token_one(c, st, t, e);
}

int store_token_by_id(struct store_conn *c, int64_t id, struct store_token *t,
		      struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_TOKEN_BY_ID);

	sqlite3_bind_int64(st, 1, id);
	memset(t->hash, 0, sizeof(t->hash));
	return token_one(c, st, t, e);
}

int store_token_revoke(struct store_conn *c, int64_t org_id, int64_t id,
		       struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_TOKEN_REVOKE);
	int rc;

	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, id);
	rc = store_step_done(c, st, "API token", e);
	if (!rc && sqlite3_changes(c->db) == 0)
		return fz_err_set(e, FZ_ENOTFOUND, "id",
				  "id: no live API token %lld", (long long)id);
	return rc;
}

int store_token_live_of_user(struct store_conn *c, int64_t user_id,
			     int64_t **ids, size_t *n, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_TOKEN_OF_USER);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	sqlite3_bind_int64(st, 1, user_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = fz_xgrow(*ids, *n, &cap, sizeof(**ids), 8);
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	done(st);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return store_db_err(e, c->db, "API token");
	}
	return 0;
}

/* ---- the event log ----------------------------------------------------- */

/* The algorithm of a new chain: audit_settings.chain_hash (init --gm). */
static int chain_default(struct store_conn *c)
{
	sqlite3_stmt *st = q(c, Q_CHAIN_DEFAULT);
	int alg = AUDIT_HASH_SHA256;

	if (sqlite3_step(st) == SQLITE_ROW &&
	    audit_hash_alg((const char *)sqlite3_column_text(st, 0)) > 0)
		alg = AUDIT_HASH_SM3;
	done(st);
	return alg;
}

static void chain_head(struct store_conn *c, int64_t org_id, int64_t *seq,
		       unsigned char hash[32], int *alg)
{
	sqlite3_stmt *st = q(c, Q_HEAD_GET);
	int found = 0;

	*seq = 0;
	memset(hash, 0, 32);
	sqlite3_bind_int64(st, 1, org_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		*seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == 32)
			memcpy(hash, sqlite3_column_blob(st, 1), 32);
		*alg = audit_hash_alg((const char *)sqlite3_column_text(st, 2));
	}
	done(st);
	if (!found)
		*alg = chain_default(c);
}

int store_chain_alg(struct store_conn *c, int64_t org_id)
{
	unsigned char h[32];
	int64_t seq;
	int alg;

	chain_head(c, org_id, &seq, h, &alg);
	return alg;
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
	rc = store_step_done(c, st, "event", e);
	if (rc)
		return rc;
	st = q(c, Q_HEAD_PUT);
	sqlite3_bind_int64(st, 1, ev->org_id);
	sqlite3_bind_int64(st, 2, ev->seq);
	sqlite3_bind_blob(st, 3, hash, 32, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, audit_hash_name(ev->alg), -1, SQLITE_STATIC);
	return store_step_done(c, st, "chain head", e);
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
	chain_head(c, org_id, &ev.seq, prev, &ev.alg);
	if (ev.alg < 0) {
		free(canon);
		return fz_err_set(e, FZ_ECORRUPT, "event",
				  "the chain of organisation %lld names an "
				  "unknown hash algorithm",
				  (long long)org_id);
	}
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

void store_event_row(sqlite3_stmt *st, struct store_event *ev)
{
	ev->org_id = sqlite3_column_int64(st, 0);
	ev->seq = sqlite3_column_int64(st, 1);
	ev->ts = sqlite3_column_int64(st, 2);
	store_col_text(st, 3, ev->actor, sizeof(ev->actor));
	store_col_text(st, 4, ev->type, sizeof(ev->type));
	store_col_text(st, 5, ev->subject, sizeof(ev->subject));
	ev->data = (char *)(uintptr_t)sqlite3_column_text(st, 6);
	if (!ev->data)
		ev->data = (char *)(uintptr_t) "";
	memset(ev->prev_hash, 0, 32);
	memset(ev->hash, 0, 32);
	if (sqlite3_column_bytes(st, 7) == 32)
		memcpy(ev->prev_hash, sqlite3_column_blob(st, 7), 32);
	if (sqlite3_column_bytes(st, 8) == 32)
		memcpy(ev->hash, sqlite3_column_blob(st, 8), 32);
}

/* Step st to the end, handing each event to cb (non-zero stops). */
static int each_event(struct store_conn *c, sqlite3_stmt *st, store_event_cb cb,
		      void *arg, const char *what, struct fz_err *e)
{
	struct store_event ev;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_event_row(st, &ev);
		if (cb(&ev, arg))
			break;
	}
	done(st);
	return rc == SQLITE_ERROR ? store_db_err(e, c->db, what) : 0;
}

int store_event_list(struct store_conn *c, const struct store_event_filter *f,
		     store_event_cb cb, void *arg, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_EVENT_LIST);

	sqlite3_bind_int64(st, 1, f->org_id);
	sqlite3_bind_int64(st, 2, f->after_ts);
	sqlite3_bind_int64(st, 3, f->before_ts);
	if (f->type_prefix)
		sqlite3_bind_text(st, 4, f->type_prefix, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, f->limit > 0 ? f->limit : -1);
	sqlite3_bind_int64(st, 6, f->offset);
	sqlite3_bind_int64(st, 7, f->after_seq);
	return each_event(c, st, cb, arg, "events", e);
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
		       h,
		       audit_hash_alg((const char *)sqlite3_column_text(st, 3)),
		       arg))
			break;
	}
	done(st);
	return rc == SQLITE_ERROR ? store_db_err(e, c->db, "chain heads") : 0;
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
	return store_step_done(c, st, "calendar year", e);
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
	return rc == SQLITE_ERROR ? store_db_err(e, c->db, "calendar") : 0;
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
	return store_step_done(c, st, "rule override", e);
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
	return rc == SQLITE_ERROR ? store_db_err(e, c->db, "rule overrides")
				  : 0;
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

/* ---- records ------------------------------------------------------------ */

void store_record_release(struct store_record *r)
{
	free(r->data);
	r->data = NULL;
}

int store_record_counter(struct store_conn *c, int64_t org_id, const char *kind,
			 int year, int64_t *seq, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_REC_COUNTER);

	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, year);
	return step_int64(c, st, "record counter", seq, e);
}

static int fts_write(struct store_conn *c, int64_t rowid, const char *text,
		     int replace, struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (replace) {
		st = q(c, Q_FTS_DELETE);
		sqlite3_bind_int64(st, 1, rowid);
		rc = store_step_done(c, st, "search index", e);
	}
	if (rc)
		return rc;
	st = q(c, Q_FTS_INSERT);
	sqlite3_bind_int64(st, 1, rowid);
	sqlite3_bind_text(st, 2, text ? text : "", -1, SQLITE_TRANSIENT);
	return store_step_done(c, st, "search index", e);
}

/* A record's search text. In a group it waits for the group's end: FTS5
 * writes its pending terms out as a new index segment at every savepoint,
 * so indexing inside each job's savepoint made one segment (and merge
 * work) per record; held to the end, the writer spends ~155 instead of
 * ~170 us per create (docs/benchmarks.md). Nothing reads the search index
 * inside a write. */
static int fts_put(struct store_conn *c, int64_t rowid, const char *text,
		   int replace, struct fz_err *e)
{
	struct fts_op *op;

	if (!c->defer_fts)
		return fts_write(c, rowid, text, replace, e);
	if (c->nfts == c->capfts) {
		c->capfts = c->capfts ? 2 * c->capfts : 16;
		c->fts = fz_xrealloc(c->fts, c->capfts * sizeof(*c->fts));
	}
	op = &c->fts[c->nfts++];
	op->rowid = rowid;
	op->text = fz_xstrdup(text ? text : "");
	op->replace = replace;
	return 0;
}

/* Forget the held changes from index `from` on (a job rolled back). */
static void fts_drop(struct store_conn *c, size_t from)
{
	while (c->nfts > from)
		free(c->fts[--c->nfts].text);
}

/* Write the held changes, in order; then none is held. */
static int fts_flush(struct store_conn *c, struct fz_err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < c->nfts; i++)
		rc = fts_write(c, c->fts[i].rowid, c->fts[i].text,
			       c->fts[i].replace, e);
	fts_drop(c, 0);
	return rc;
}

/* Run st, which returns the rowid of the row written. */
static int step_rowid(struct store_conn *c, sqlite3_stmt *st, const char *what,
		      int64_t *rowid, struct fz_err *e)
{
	int rc = sqlite3_step(st), out = 0;

	if (rc == SQLITE_ROW)
		*rowid = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		out = fz_err_set(e, FZ_ECONFLICT, "version",
				 "%s: changed by someone else meanwhile; "
				 "reload and try again",
				 what);
	else
		out = store_db_err(e, c->db, what);
	done(st);
	return out;
}

int store_record_insert(struct store_conn *c, struct store_record *r,
			const char *search_text, struct fz_err *e)
{
	sqlite3_stmt *st;
	int64_t rowid = 0;
	int rc;

	r->id = scalar(c, Q_REC_NEXT_ID);
	r->created_at = r->updated_at = fz_now_ms();
	r->version = 1;
	st = q(c, Q_REC_INSERT);
	sqlite3_bind_int64(st, 1, r->org_id);
	sqlite3_bind_int64(st, 2, r->id);
	sqlite3_bind_text(st, 3, r->kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, r->number, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, r->state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, r->prev_state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, r->title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, r->data, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, r->query_code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 10, r->created_at);
	sqlite3_bind_text(st, 11, r->created_by, -1, SQLITE_TRANSIENT);
	rc = step_rowid(c, st, "record", &rowid, e);
	return rc ? rc : fts_put(c, rowid, search_text, 0, e);
}

int store_record_update(struct store_conn *c, struct store_record *r,
			const char *search_text, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_REC_UPDATE);
	int64_t rowid = 0;
	int rc;

	r->updated_at = fz_now_ms();
	sqlite3_bind_int64(st, 1, r->org_id);
	sqlite3_bind_int64(st, 2, r->id);
	sqlite3_bind_text(st, 3, r->state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, r->prev_state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, r->title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, r->data, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, r->updated_at);
	sqlite3_bind_int(st, 8, r->version);
	rc = step_rowid(c, st, "record", &rowid, e);
	if (rc)
		return rc;
	r->version++;
	return fts_put(c, rowid, search_text, 1, e);
}

static void record_row(sqlite3_stmt *st, void *out)
{
	struct store_record *r = out;
	const unsigned char *data;

	r->org_id = sqlite3_column_int64(st, 0);
	r->id = sqlite3_column_int64(st, 1);
	store_col_text(st, 2, r->kind, sizeof(r->kind));
	store_col_text(st, 3, r->number, sizeof(r->number));
	store_col_text(st, 4, r->state, sizeof(r->state));
	store_col_text(st, 5, r->prev_state, sizeof(r->prev_state));
	store_col_text(st, 6, r->title, sizeof(r->title));
	data = sqlite3_column_text(st, 7);
	r->data = fz_xstrdup(data ? (const char *)data : "{}");
	store_col_text(st, 8, r->query_code, sizeof(r->query_code));
	r->created_at = sqlite3_column_int64(st, 9);
	store_col_text(st, 10, r->created_by, sizeof(r->created_by));
	r->updated_at = sqlite3_column_int64(st, 11);
	r->version = sqlite3_column_int(st, 12);
}

static int record_one(struct store_conn *c, sqlite3_stmt *st,
		      struct store_record *r, struct fz_err *e)
{
	r->data = NULL;
	return store_one_row(c, st, record_row, r, "id", "record not found", e);
}

int store_record_get(struct store_conn *c, int64_t id, struct store_record *r,
		     struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_REC_GET);

	sqlite3_bind_int64(st, 1, id);
	return record_one(c, st, r, e);
}

int store_record_by_code(struct store_conn *c, const char *code,
			 struct store_record *r, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_REC_BY_CODE);

	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	return record_one(c, st, r, e);
}

/* The text search: a quoted FTS5 phrase for 3 characters or more (the
 * trigram index answers it), else a LIKE over each candidate's indexed
 * text (a scan: the trigram index cannot answer fewer than 3 characters,
 * and SQLite 3.40's FTS5 LIKE then matches nothing). */
static void bind_text_search(sqlite3_stmt *st, const char *text)
{
	struct fz_buf b = FZ_BUF_INIT(4096);
	const char *p;

	if (jv_utf8_len(text) >= 3) {
		fz_buf_add(&b, "\"", 1);
		for (p = text; *p; p++)
			fz_buf_add(&b, p, *p == '"' ? 0 : 1);
		fz_buf_add(&b, "\"", 1);
		sqlite3_bind_text(st, 6, b.data, -1, SQLITE_TRANSIENT);
	} else {
		fz_buf_addf(&b, "%%%s%%", text);
		sqlite3_bind_text(st, 7, b.data, -1, SQLITE_TRANSIENT);
	}
	fz_buf_release(&b);
}

static void bind_query(sqlite3_stmt *st, const struct store_record_query *qq,
		       const char *lo, const char *hi)
{
	int i;

	sqlite3_bind_text(st, 1, qq->kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, hi, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, qq->cc_user);
	if (qq->state)
		sqlite3_bind_text(st, 5, qq->state, -1, SQLITE_TRANSIENT);
	if (qq->text && qq->text[0])
		bind_text_search(st, qq->text);
	for (i = 0; i < 3; i++) {
		if (!qq->fpath[i])
			continue;
		sqlite3_bind_text(st, 8 + 2 * i, qq->fpath[i], -1,
				  SQLITE_TRANSIENT);
		if (qq->fnum[i])
			sqlite3_bind_double(st, 9 + 2 * i,
					    strtod(qq->fval[i], NULL));
		else
			sqlite3_bind_text(st, 9 + 2 * i, qq->fval[i], -1,
					  SQLITE_TRANSIENT);
	}
	sqlite3_bind_int(st, 14, qq->sort);
	sqlite3_bind_int(st, 15, qq->desc);
	if (qq->sort_path)
		sqlite3_bind_text(st, 16, qq->sort_path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 17, qq->limit > 0 ? qq->limit : 50);
	sqlite3_bind_int64(st, 18, qq->offset);
	sqlite3_bind_int64(st, 21, qq->before_id);
	sqlite3_bind_int64(st, 22, qq->also_org);
}

static void bind_due(sqlite3_stmt *st, const struct store_record_query *qq)
{
	int lo = INT32_MIN, hi = INT32_MAX;

	if (qq->due == STORE_DUE_OVERDUE)
		hi = qq->today - 1;
	else if (qq->due == STORE_DUE_SOON) {
		lo = qq->today;
		hi = qq->soon_until;
	}
	sqlite3_bind_int(st, 19, lo);
	sqlite3_bind_int(st, 20, hi);
}

/* The count of statement id (Q_REC_COUNT, Q_REC_DUE_COUNT or
 * Q_DUE_PAGE_COUNT) for the query. */
static int count_records(struct store_conn *c, enum q id,
			 const struct store_record_query *qq, const char *lo,
			 const char *hi, int64_t *total, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, id);

	bind_query(st, qq, lo, hi);
	if (qq->due)
		bind_due(st, qq);
	return step_int64(c, st, "records", total, e);
}

/* A due filter and nothing else: the page of ids comes from the index of
 * open deadlines, then each record by its id. */
static int only_due(const struct store_record_query *qq)
{
	return qq->due && !qq->state && !(qq->text && qq->text[0]) &&
	       !qq->fpath[0] && !qq->fpath[1] && !qq->fpath[2] &&
	       !qq->before_id;
}

/* The page's ids, and the number of records in all. Overdue: a page of
 * the index of each record's earliest open deadline, and a count of its
 * range. Otherwise every open deadline in the range grouped by record,
 * the total as count(*) OVER () on every row (one pass instead of a count
 * and then the page); a page past the end has no row to carry it, so then
 * the count is its own query. */
static int due_page(struct store_conn *c, const struct store_record_query *qq,
		    const char *lo, const char *hi, store_record_cb cb,
		    void *arg, int64_t *total, struct fz_err *e)
{
	int first = qq->due == STORE_DUE_OVERDUE;
	sqlite3_stmt *st = q(c, first ? Q_OVERDUE_PAGE : Q_DUE_PAGE);
	int64_t ids[200], all = 0;
	struct store_record r;
	int n = 0, i, rc = 0;

	bind_query(st, qq, lo, hi);
	bind_due(st, qq);
	while (n < 200 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids[n++] = sqlite3_column_int64(st, 0);
		if (!first)
			all = sqlite3_column_int64(st, 2);
	}
	done(st);
	if (rc == SQLITE_ERROR)
		return store_db_err(e, c->db, "records");
	if (total && !first && (n || !qq->offset))
		*total = all;
	else if (total && (rc = count_records(
			       c, first ? Q_OVERDUE_COUNT : Q_DUE_PAGE_COUNT,
			       qq, lo, hi, total, e)))
		return rc;
	for (i = 0; i < n; i++) {
		if (store_record_get(c, ids[i], &r, NULL))
			continue;
		rc = cb(&r, arg);
		store_record_release(&r);
		if (rc)
			break;
	}
	return 0;
}

int store_record_list(struct store_conn *c, const struct store_record_query *qq,
		      store_record_cb cb, void *arg, int64_t *total,
		      struct fz_err *e)
{
	char lo[512], hi[512];
	struct store_record r;
	sqlite3_stmt *st;
	int rc;

	rc = root_path(c, qq->root_org, lo, hi, sizeof(lo), e);
	if (!rc && qq->own_only && qq->root_org) /* the root's path alone */
		snprintf(hi, sizeof(hi), "%.*s\x01", (int)sizeof(lo) - 2, lo);
	if (!rc && only_due(qq) && qq->limit <= 200)
		return due_page(c, qq, lo, hi, cb, arg, total, e);
	if (!rc && total)
		rc = count_records(c, qq->due ? Q_REC_DUE_COUNT : Q_REC_COUNT,
				   qq, lo, hi, total, e);
	if (rc)
		return rc;
	st = q(c, qq->due ? Q_REC_DUE_LIST : Q_REC_LIST);
	bind_query(st, qq, lo, hi);
	if (qq->due)
		bind_due(st, qq);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int stop;
		record_row(st, &r);
		stop = cb(&r, arg);
		store_record_release(&r);
		if (stop) {
			rc = SQLITE_DONE; /* the caller stopped: its own rc */
			break;
		}
	}
	done(st);
	/* any end but the last row is an error (an interrupted or failed
	 * read), never a short page passed off as the whole */
	return rc != SQLITE_DONE ? store_db_err(e, c->db, "records") : 0;
}

/* ---- deadlines, copies, a record's history --------------------------------
 */

static void bind_day(sqlite3_stmt *st, int i, int day)
{
	if (day == STORE_NO_DAY)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int(st, i, day);
}

static int col_day(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		   ? STORE_NO_DAY
		   : sqlite3_column_int(st, i);
}

/* The record's row in record_due: its earliest deadline that is open (not
 * done), running (not paused) and has a due date (not suspended, started);
 * no row when it has none. */
static int first_due_put(struct store_conn *c, int64_t org_id,
			 int64_t record_id, const char *kind,
			 const struct store_deadline *d, size_t n,
			 struct fz_err *e)
{
	int due = STORE_NO_DAY;
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < n; i++)
		if (d[i].done_on == STORE_NO_DAY && d[i].due != STORE_NO_DAY &&
		    !d[i].paused && (due == STORE_NO_DAY || d[i].due < due))
			due = d[i].due;
	st = q(c, due == STORE_NO_DAY ? Q_FIRST_DUE_DELETE : Q_FIRST_DUE_PUT);
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, record_id);
	if (due != STORE_NO_DAY) {
		sqlite3_bind_text(st, 3, kind, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 4, due);
	}
	return store_step_done(c, st, "deadline", e);
}

int store_deadlines_put(struct store_conn *c, int64_t org_id, int64_t record_id,
			const char *kind, const struct store_deadline *d,
			size_t n, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_DL_DELETE);
	size_t i;
	int rc;

	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, record_id);
	rc = store_step_done(c, st, "deadlines", e);
	for (i = 0; !rc && i < n; i++) {
		st = q(c, Q_DL_INSERT);
		sqlite3_bind_int64(st, 1, org_id);
		sqlite3_bind_int64(st, 2, record_id);
		sqlite3_bind_text(st, 3, kind, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, d[i].name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, d[i].rule, -1, SQLITE_TRANSIENT);
		bind_day(st, 6, d[i].start);
		bind_day(st, 7, d[i].due);
		bind_day(st, 8, d[i].done_on);
		sqlite3_bind_int(st, 9, d[i].suspended);
		sqlite3_bind_int(st, 10, d[i].paused);
		sqlite3_bind_int(st, 11, d[i].incomplete);
		rc = store_step_done(c, st, "deadline", e);
	}
	return rc ? rc : first_due_put(c, org_id, record_id, kind, d, n, e);
}

int store_deadlines_get(struct store_conn *c, int64_t org_id, int64_t record_id,
			struct store_deadline *d, size_t cap, size_t *n,
			struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_DL_GET);
	int rc;

	*n = 0;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, record_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < cap) {
		struct store_deadline *x = &d[(*n)++];
		store_col_text(st, 0, x->name, sizeof(x->name));
		store_col_text(st, 1, x->rule, sizeof(x->rule));
		x->start = col_day(st, 2);
		x->due = col_day(st, 3);
		x->done_on = col_day(st, 4);
		x->suspended = sqlite3_column_int(st, 5);
		x->paused = sqlite3_column_int(st, 6);
		x->incomplete = sqlite3_column_int(st, 7);
	}
	done(st);
	return rc == SQLITE_ERROR ? store_db_err(e, c->db, "deadlines") : 0;
}

int store_record_cc(struct store_conn *c, int64_t org_id, int64_t record_id,
		    int64_t user_id, const char *actor, const char *note,
		    struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_CC_PUT);

	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, record_id);
	sqlite3_bind_int64(st, 3, user_id);
	sqlite3_bind_text(st, 4, actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, note ? note : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, fz_now_ms());
	return store_step_done(c, st, "copy", e);
}

int store_record_cc_ack(struct store_conn *c, int64_t record_id,
			int64_t user_id, int64_t *acked_at, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_CC_ACK);
	int64_t now = fz_now_ms();
	int rc;

	sqlite3_bind_int64(st, 1, record_id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, now);
	rc = store_step_done(c, st, "copy", e);
	if (rc)
		return rc;
	if (sqlite3_changes(c->db) == 1) {
		*acked_at = now;
		return 0;
	}
	st = q(c, Q_CC_ACKED);
	sqlite3_bind_int64(st, 1, record_id);
	sqlite3_bind_int64(st, 2, user_id);
	rc = sqlite3_step(st) == SQLITE_ROW ? FZ_ECONFLICT : FZ_ENOTFOUND;
	*acked_at = rc == FZ_ECONFLICT ? sqlite3_column_int64(st, 0) : 0;
	done(st);
	return rc; /* acknowledged before (*acked_at), or no copy */
}

int store_record_cc_has(struct store_conn *c, int64_t record_id,
			int64_t user_id)
{
	sqlite3_stmt *st = q(c, Q_CC_HAS);
	int yes;

	sqlite3_bind_int64(st, 1, record_id);
	sqlite3_bind_int64(st, 2, user_id);
	yes = sqlite3_step(st) == SQLITE_ROW;
	done(st);
	return yes;
}

int store_event_by_subject(struct store_conn *c, int64_t org_id,
			   const char *subject, store_event_cb cb, void *arg,
			   struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_EV_SUBJECT);

	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, subject, -1, SQLITE_TRANSIENT);
	return each_event(c, st, cb, arg, "history", e);
}

/* ---- settings of organisations ---------------------------------------- */

int store_setting_put(struct store_conn *c, int64_t org_id, const char *key,
		      const char *json, struct fz_err *e)
{
	sqlite3_stmt *st = q(c, Q_SET_PUT);

	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, json, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, fz_now_ms());
	return store_step_done(c, st, "setting", e);
}

/* The value for one organisation, or NULL. */
static char *setting_of(struct store_conn *c, int64_t org_id, const char *key)
{
	sqlite3_stmt *st = q(c, Q_SET_GET);
	char *v = NULL;

	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = fz_xstrdup((const char *)sqlite3_column_text(st, 0));
	done(st);
	return v;
}

int store_setting_get(struct store_conn *c, const char *org_path,
		      const char *key, char **json, int64_t *from,
		      struct fz_err *e)
{
	int64_t ids[64];
	const char *p = org_path;
	int n = 0;

	/* "/1/4/9/" holds 1, 4, 9: ask the deepest first */
	while (*p == '/' && p[1] && n < 64) {
		ids[n++] = strtoll(p + 1, NULL, 10);
		p = strchr(p + 1, '/');
		if (!p)
			break;
	}
	while (n-- > 0) {
		*json = setting_of(c, ids[n], key);
		if (*json) {
			*from = ids[n];
			return 0;
		}
	}
	*from = 0;
	*json = NULL;
	return fz_err_set(e, FZ_ENOTFOUND, "key", "no setting '%s'", key);
}
