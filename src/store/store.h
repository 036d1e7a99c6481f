/*
 * store.h - the one storage interface. Nothing above this header holds SQL.
 *
 * Backend: SQLite (store_sqlite.c), in WAL mode with foreign keys on, a busy
 * timeout, prepared statements only, synchronous=FULL (a write is
 * acknowledged only after it is on disk). A PostgreSQL backend can follow
 * behind the same functions: every table's key begins with the
 * organisation id.
 *
 * Connections. struct store_conn is one database connection. Reads borrow
 * one from a pool (store_rd_acquire/store_rd_release, any thread). Writes
 * never run on the caller's connection: the caller hands a function to
 * store_write()/store_write_async(), and the single writer thread runs it on
 * the writer connection inside a transaction. The writer takes every job
 * waiting in its queue, runs each inside its own SAVEPOINT (a failing job
 * rolls back alone), then commits them all with one fsync: group commit. A
 * job's completion is reported only after that commit.
 *
 * Inside a write function the store_conn is the writer's; domain functions
 * taking a store_conn work on both kinds of connection.
 *
 * Records returned through the structs below use fixed buffers: nothing to
 * free. Errors: FZ_ENOTFOUND, FZ_ECONFLICT (unique key), FZ_EIO (database),
 * with detail in struct fz_err.
 */
#ifndef FZ_STORE_H
#define FZ_STORE_H

#include "lib/err.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct store;
struct store_conn;

enum store_open_mode {
	STORE_INIT,  /* create if absent and apply migrations */
	STORE_SERVE, /* must exist at the current schema version */
};

int store_open(struct store **out, const char *path, enum store_open_mode m,
	       struct fz_err *e);
/* Drains the write queue, stops the writer, closes every connection. */
void store_close(struct store *s);
int store_schema_version(void);
const char *store_path(const struct store *s);
/* Size of the database file in bytes (for /metrics). */
int64_t store_db_size(struct store *s);

struct store_conn *store_rd_acquire(struct store *s);
void store_rd_release(struct store *s, struct store_conn *c);

typedef int (*store_write_fn)(struct store_conn *c, void *arg,
			      struct fz_err *e);
typedef void (*store_done_fn)(void *arg, int rc, const struct fz_err *e);

/* Run fn in the writer thread; return once committed (or failed). */
int store_write(struct store *s, store_write_fn fn, void *arg,
		struct fz_err *e);
/* Queue fn; done(done_arg, rc, e) is called from the writer thread after
 * the commit. fn's arg must live until then. */
void store_write_async(struct store *s, store_write_fn fn, void *arg,
		       store_done_fn done, void *done_arg);
/* Run fn in the writer thread in a transaction of its own, without the
 * savepoint of a grouped job (a rebuild writing many rows); return once
 * committed (or rolled back: fn failed). */
int store_write_alone(struct store *s, store_write_fn fn, void *arg,
		      struct fz_err *e);
/* Number of group commits and jobs so far (for tests and /metrics). */
void store_write_stats(struct store *s, uint64_t *commits, uint64_t *jobs);

/* ---- organisations ---------------------------------------------------- */

enum { STORE_NAME_MAX = 200 };

struct store_org {
	int64_t id;
	int64_t parent_id; /* 0 for a root */
	char name[STORE_NAME_MAX * 4 + 1];
	char level[16];
	char path[512];
	int64_t created_at;
};

/* Insert; fills o->id, o->path, o->created_at. FZ_ENOTFOUND naming
 * "parent_id" if the parent does not exist, FZ_ECONFLICT naming "name" if
 * the parent has a child of that name. */
int store_org_insert(struct store_conn *c, struct store_org *o,
		     struct fz_err *e);
int store_org_get(struct store_conn *c, int64_t id, struct store_org *o,
		  struct fz_err *e);
int store_org_by_name(struct store_conn *c, const char *name,
		      struct store_org *o, struct fz_err *e);
typedef int (*store_org_cb)(const struct store_org *o, void *arg);
/* Every organisation in the subtree rooted at `root` (0: all), by path. */
int store_org_list(struct store_conn *c, int64_t root, store_org_cb cb,
		   void *arg, struct fz_err *e);
/* 1 if `org` is `root` or below it. */
int store_org_in_subtree(struct store_conn *c, int64_t root, int64_t org);

/* ---- users ------------------------------------------------------------ */

struct store_user {
	int64_t org_id;
	int64_t id;
	char username[65 * 4];
	char display_name[STORE_NAME_MAX * 4 + 1];
	unsigned roles;
	char pw_hash[256];
	char pw_history[2048]; /* JSON array of previous hashes, newest first */
	int must_change;
	int failed_count;
	int64_t locked_until; /* unix ms; lockout after failures */
	int disabled;	      /* locked by an administrator */
	int64_t created_at;
	int integration; /* an integration account: tokens, no login (011) */
};

int store_user_insert(struct store_conn *c, struct store_user *u,
		      struct fz_err *e);
int store_user_by_name(struct store_conn *c, const char *username,
		       struct store_user *u, struct fz_err *e);
int store_user_by_id(struct store_conn *c, int64_t id, struct store_user *u,
		     struct fz_err *e);
/* Write back roles, password fields, lockout fields and disabled. */
int store_user_update(struct store_conn *c, const struct store_user *u,
		      struct fz_err *e);
typedef int (*store_user_cb)(const struct store_user *u, void *arg);
int store_user_list(struct store_conn *c, int64_t root_org, store_user_cb cb,
		    void *arg, struct fz_err *e);

/* ---- API tokens ---------------------------------------------------------- */

struct store_token {
	int64_t org_id;
	int64_t id;
	int64_t user_id;
	char name[STORE_NAME_MAX * 4 + 1];
	unsigned char hash[32];
	int64_t created_at;
	int revoked;
};

int store_token_insert(struct store_conn *c, struct store_token *t,
		       struct fz_err *e);
int store_token_by_hash(struct store_conn *c, const unsigned char hash[32],
			struct store_token *t, struct fz_err *e);
int store_token_by_id(struct store_conn *c, int64_t id, struct store_token *t,
		      struct fz_err *e);
/* org_id 0: whatever organisation holds it. FZ_ENOTFOUND if no live token. */
int store_token_revoke(struct store_conn *c, int64_t org_id, int64_t id,
		       struct fz_err *e);
/* The ids of user_id's live tokens, in *ids (the caller frees), *n of them. */
int store_token_live_of_user(struct store_conn *c, int64_t user_id,
			     int64_t **ids, size_t *n, struct fz_err *e);

/* ---- the event log ----------------------------------------------------- */

struct store_event {
	int64_t org_id;
	int64_t seq; /* filled by append */
	int64_t ts;  /* filled by append when 0 */
	char actor[64];
	char type[64];
	char subject[64];
	char *data; /* canonical JSON; owned by the caller on append, by the
		       store (freed after the callback) on iteration */
	unsigned char prev_hash[32];
	unsigned char hash[32];
};

/* Append an event to its organisation's chain. Only inside a write
 * function. `data` is any JSON object (made canonical here). */
int store_event_append(struct store_conn *c, int64_t org_id, const char *actor,
		       const char *type, const char *subject,
		       const json_t *data, struct fz_err *e);

#define STORE_ALL_ORGS (-1)

struct store_event_filter {
	int64_t org_id;	  /* STORE_ALL_ORGS: every organisation */
	int64_t after_ts; /* 0: from the start */
	int64_t before_ts;
	const char *type_prefix; /* NULL: every type */
	int64_t limit;		 /* 0: no limit */
	int64_t offset;
	int64_t after_seq; /* events with seq > after_seq (cursor paging) */
};
typedef int (*store_event_cb)(const struct store_event *ev, void *arg);
/* Events in (org, seq) order. */
int store_event_list(struct store_conn *c, const struct store_event_filter *f,
		     store_event_cb cb, void *arg, struct fz_err *e);
/* Chain heads: cb(org_id, seq, hash, alg), alg AUDIT_HASH_* (chain.h; -1
 * for a name it does not know). */
typedef int (*store_head_cb)(int64_t org_id, int64_t seq,
			     const unsigned char hash[32], int alg, void *arg);
int store_chain_heads(struct store_conn *c, store_head_cb cb, void *arg,
		      struct fz_err *e);
/* The hash algorithm of org_id's chain (of its first event, if none yet). */
int store_chain_alg(struct store_conn *c, int64_t org_id);

/* ---- audit settings and signed checkpoints (migration 012) ----------- */

/* audit_settings: chain_hash ("sha256" | "sm3"), the algorithm of chains
 * started from now on. */
int store_audit_setting_put(struct store_conn *c, const char *key,
			    const char *value, struct fz_err *e);
/* The hash of event (org_id, seq): FZ_ENOTFOUND when there is none. */
int store_event_hash_at(struct store_conn *c, int64_t org_id, int64_t seq,
			unsigned char hash[32], struct fz_err *e);
struct store_checkpoint {
	int64_t id, ts;
	const char *key, *body; /* valid during the callback */
	const unsigned char *sig;
	size_t siglen;
};
int store_checkpoint_insert(struct store_conn *c, int64_t ts, const char *key,
			    const char *body, const unsigned char *sig,
			    size_t siglen, struct fz_err *e);
/* Every checkpoint, oldest first; cb non-zero stops. */
typedef int (*store_checkpoint_cb)(const struct store_checkpoint *k, void *arg);
int store_checkpoint_list(struct store_conn *c, store_checkpoint_cb cb,
			  void *arg, struct fz_err *e);
/* The newest checkpoint only (none: cb is not called). */
int store_checkpoint_last(struct store_conn *c, store_checkpoint_cb cb,
			  void *arg, struct fz_err *e);
/* The number of events in every chain (the sum of the heads' seq). */
int64_t store_events_total(struct store_conn *c);

/* ---- calendar overrides ---------------------------------------------- */

int store_calendar_put(struct store_conn *c, int64_t org_id, int year,
		       const char *body, struct fz_err *e);
typedef int (*store_calendar_cb)(int64_t org_id, int year, const char *body,
				 void *arg);
int store_calendar_list(struct store_conn *c, store_calendar_cb cb, void *arg,
			struct fz_err *e);

/* ---- overrides of statutory periods ---------------------------------------
 */

int store_rule_override_put(struct store_conn *c, int64_t org_id,
			    const char *rule_id, int days, struct fz_err *e);
typedef int (*store_override_cb)(int64_t org_id, const char *rule_id, int days,
				 void *arg);
int store_rule_override_list(struct store_conn *c, store_override_cb cb,
			     void *arg, struct fz_err *e);

/* ---- records (of every kind; src/kinds/engine.c) ------------------------- */

struct store_record {
	int64_t org_id;
	int64_t id;
	char kind[48];
	char number[48];
	char state[48];
	char prev_state[48];
	char title[256 * 3];
	char query_code[24];
	char *data; /* JSON object text; malloc'ed by get/list, freed by
		       store_record_release */
	char created_by[64];
	int64_t created_at;
	int64_t updated_at;
	int version;
};

void store_record_release(struct store_record *r);
/* Next number in the sequence of (org, kind, year), from 1. */
int store_record_counter(struct store_conn *c, int64_t org_id, const char *kind,
			 int year, int64_t *seq, struct fz_err *e);
/* Insert r (id, created_at, updated_at, version filled) with the text that
 * full-text search finds it by. */
int store_record_insert(struct store_conn *c, struct store_record *r,
			const char *search_text, struct fz_err *e);
/* Write back state, prev_state, title, data; r->version must be the
 * version read, and becomes the next (FZ_ECONFLICT if it moved). */
int store_record_update(struct store_conn *c, struct store_record *r,
			const char *search_text, struct fz_err *e);
int store_record_get(struct store_conn *c, int64_t id, struct store_record *r,
		     struct fz_err *e);
int store_record_by_code(struct store_conn *c, const char *code,
			 struct store_record *r, struct fz_err *e);

enum store_due_filter {
	STORE_DUE_ANY = 0,
	STORE_DUE_OVERDUE, /* open, not paused, and due < today */
	STORE_DUE_SOON,	   /* open and today <= due <= soon_until */
	STORE_DUE_OPEN,	   /* open, with a due date */
};

enum store_sort {
	STORE_SORT_CREATED = 0,
	STORE_SORT_UPDATED,
	STORE_SORT_NUMBER,
	STORE_SORT_FIELD, /* sort_path: "$.field" */
	STORE_SORT_ID,	  /* newest id first (keyset paging with before_id) */
};

struct store_record_query {
	const char *kind;
	int64_t root_org;     /* subtree */
	int64_t cc_user;      /* also records copied to this user (0: none) */
	const char *state;    /* NULL: any */
	const char *text;     /* full-text search, NULL: none */
	const char *fpath[3]; /* "$.field" = fval, NULL: unused */
	const char *fval[3];
	int fnum[3]; /* compare fval as a number */
	enum store_due_filter due;
	int today, soon_until;
	enum store_sort sort;
	const char *sort_path;
	int desc;
	int64_t limit, offset;
	int64_t before_id; /* keyset paging: ids below it (0: none) */
	int own_only;	   /* root_org's own records, not its subtree's */
	int64_t also_org;  /* and this organisation's own records (0: none) */
};

typedef int (*store_record_cb)(const struct store_record *r, void *arg);
/* Matching records, a page of them; *total (unless NULL) gets the number
 * of matches. With a due filter the page is ordered by the earliest due
 * date. A callback returning non-zero stops the walk and the call returns
 * 0: a caller whose callback fails keeps its own error (and must check it). */
int store_record_list(struct store_conn *c, const struct store_record_query *q,
		      store_record_cb cb, void *arg, int64_t *total,
		      struct fz_err *e);

struct store_deadline {
	char name[48];
	char rule[64];
	int start, due, done_on; /* day numbers; STORE_NO_DAY when unset */
	int suspended, paused, incomplete;
};
#define STORE_NO_DAY INT32_MIN

/* Replace the deadlines of a record, and its row in record_due (its
 * earliest open, running, dated deadline: what the overdue list reads). */
int store_deadlines_put(struct store_conn *c, int64_t org_id, int64_t record_id,
			const char *kind, const struct store_deadline *d,
			size_t n, struct fz_err *e);
/* The deadlines of a record: up to cap into d, *n gets how many. */
int store_deadlines_get(struct store_conn *c, int64_t org_id, int64_t record_id,
			struct store_deadline *d, size_t cap, size_t *n,
			struct fz_err *e);

int store_record_cc(struct store_conn *c, int64_t org_id, int64_t record_id,
		    int64_t user_id, const char *actor, const char *note,
		    struct fz_err *e);
/* 1 if the record was copied to the user. */
/* The recipient user_id acknowledges the copy of record_id: 0 and the time
 * in *acked_at; FZ_ECONFLICT (nothing written) when it was acknowledged
 * before, at *acked_at; FZ_ENOTFOUND when there is no such copy. */
int store_record_cc_ack(struct store_conn *c, int64_t record_id,
			int64_t user_id, int64_t *acked_at, struct fz_err *e);
int store_record_cc_has(struct store_conn *c, int64_t record_id,
			int64_t user_id);
/* Events whose subject is `subject` in org's chain, in order. */
int store_event_by_subject(struct store_conn *c, int64_t org_id,
			   const char *subject, store_event_cb cb, void *arg,
			   struct fz_err *e);

/* ---- counts and sums for indicators (store_stats.c) -------------------- */

/* A condition on a field: json_extract(data, '$.field') OP value(s), in
 * SQL's sense (a record without the field matches only STORE_ABSENT). */
enum store_op {
	STORE_EQ = 1,
	STORE_NE,
	STORE_LT,
	STORE_LE,
	STORE_GT,
	STORE_GE,
	STORE_IN,
	STORE_PRESENT,
	STORE_ABSENT,
};
enum { STORE_WHERE_MAX = 4, STORE_IN_MAX = 16 };

struct store_cond {
	const char *field;
	enum store_op op;
	int numeric;		 /* values bound as numbers (num) or text */
	const char *const *text; /* n values (1; up to STORE_IN_MAX for in;
				    0 for present and absent) */
	const double *num;
	size_t n;
};

struct store_stat_query {
	const char *kind;
	int64_t root_org; /* the subtree counted */
	int own_only;	  /* root_org's own records alone, not its subtree's */
	const char *sum;  /* field summed, NULL: count only */
	const char *date; /* date field within [from, to], or NULL */
	const char *open_from, *open_to; /* open on `to` (instead of date) */
	const char *from, *to;		 /* "YYYY-MM-DD" */
	struct store_cond where[STORE_WHERE_MAX];
	size_t nwhere;
	const char *on_time;  /* only records that met this deadline */
	const char *group;    /* field for store_stat_groups */
	const char *distinct; /* field for store_stat_distinct */
	int with_sum;	      /* only records where `sum` has a value */
	double unit; /* > 0: each value is rounded to 1/unit of the field
			(as the figures keep it: src/kinds/figures.h) before
			it is summed, so the sum is exact; 0: summed as is */
};

/* *count the records, *sum the total of the field (exact with q->unit). */
int store_stat(struct store_conn *c, const struct store_stat_query *q,
	       int64_t *count, double *sum, struct fz_err *e);
/* *count the records, *distinct the distinct values of q->distinct among
 * them (count(DISTINCT ...): records without it are not a value). */
int store_stat_distinct(struct store_conn *c, const struct store_stat_query *q,
			int64_t *count, int64_t *distinct, struct fz_err *e);
/* The count and sum per value of q->group (NULL for records without). */
typedef int (*store_stat_group_cb)(const char *value, int64_t count, double sum,
				   void *arg);
int store_stat_groups(struct store_conn *c, const struct store_stat_query *q,
		      store_stat_group_cb cb, void *arg, struct fz_err *e);
typedef int (*store_stat_record_cb)(int64_t org_id, int64_t id,
				    const char *number, const char *title,
				    const char *state, void *arg);
int store_stat_records(struct store_conn *c, const struct store_stat_query *q,
		       int64_t limit, int64_t offset, store_stat_record_cb cb,
		       void *arg, struct fz_err *e);

/* ---- figures kept current (store_figures.c) ------------------------------
 * The table of migration 007: per organisation, indicator, year and group
 * value, the count (n) and sum (s, in the field's unit) of the records the
 * organisation itself holds, and x, how many of them are not kept exactly.
 * src/kinds/figures.c decides what a record contributes; the store only
 * adds, sums and remembers the definition they were counted under. */

struct store_fig {
	const char *ind; /* indicator id */
	int year;
	const char *grp; /* value of the group field, NULL: none */
	int64_t n, s, x;
};

/* Only inside a write: add delta d to its row (created at zero; removed
 * when it comes back to zero). */
/* (store_fig_add: to org_id's own row and to the subtree row of every
 * organisation on its path, org_id included.) */
int store_fig_add(struct store_conn *c, int64_t org_id,
		  const struct store_fig *d, struct fz_err *e);
/* The definition the figures of kind were kept under: *def malloc'ed
 * (caller frees), NULL when there is none. */
int store_fig_def_get(struct store_conn *c, const char *kind, char **def,
		      struct fz_err *e);
/* Only inside a write: set the definition of kind's figures (def NULL:
 * remove it, so that readers recount by query). */
int store_fig_def_put(struct store_conn *c, const char *kind, const char *def,
		      struct fz_err *e);
/* Only inside a write: remove the rows of the indicators named in
 * inds_json (a JSON array of ids; NULL: every row and definition). */
int store_fig_clear(struct store_conn *c, const char *inds_json,
		    struct fz_err *e);
/* The rows of root's subtree (kept for it, migration 010; own_only: of
 * root's own records; root 0: of every organisation, to be added up) with
 * year_min <= year <= year_max (of indicator ind; NULL: every indicator),
 * one cb(f) per row (f->x is set when the stored sum is no longer an exact
 * integer). cb returning non-zero stops. */
typedef int (*store_fig_cb)(const struct store_fig *f, void *arg);
int store_fig_sum(struct store_conn *c, int64_t root_org, int own_only,
		  const char *ind, int year_min, int year_max, store_fig_cb cb,
		  void *arg, struct fz_err *e);
/* Every record (in storage order, for a rebuild): cb(org_id, id, kind,
 * data); cb returning non-zero stops with that code. */
typedef int (*store_fig_record_cb)(int64_t org_id, int64_t id, const char *kind,
				   const char *data, void *arg);
int store_fig_records(struct store_conn *c, store_fig_record_cb cb, void *arg,
		      struct fz_err *e);

/* ---- settings of organisations ---------------------------------------- */

int store_setting_put(struct store_conn *c, int64_t org_id, const char *key,
		      const char *json, struct fz_err *e);
/* The value set nearest to the organisation with path org_path ("/1/4/9/"),
 * walking up the tree: *json malloc'ed (caller frees), *from the setting
 * organisation; FZ_ENOTFOUND when no organisation on the path sets it. */
int store_setting_get(struct store_conn *c, const char *org_path,
		      const char *key, char **json, int64_t *from,
		      struct fz_err *e);

/* ---- narrative sections of the annual report -------------------------- */

/* The text of one section for an organisation and year (migration 008).
 * expect: the version the editor saw (0: the section is new; -1: any);
 * another is FZ_ECONFLICT naming "version". *version gets the new one.
 * The caller appends the report.section event in the same write. */
int store_section_put(struct store_conn *c, int64_t org_id, int year,
		      const char *section, const char *text, const char *actor,
		      int expect, int *version, struct fz_err *e);
typedef int (*store_section_cb)(const char *section, const char *text,
				int version, int64_t updated_at,
				const char *updated_by, void *arg);
/* Every section written for the organisation and year, by name. */
int store_sections_list(struct store_conn *c, int64_t org_id, int year,
			store_section_cb cb, void *arg, struct fz_err *e);

/* ---- backup and restore ------------------------------------------------ */

/* Online, consistent copy through SQLite's backup API. */
int store_backup(struct store *s, const char *out_path, struct fz_err *e);
/* Restore in two steps, so that a bad backup never touches the database:
 * prepare copies a backup that passes SQLite's check and has this schema
 * version to tmp_path (replaced if present); the caller verifies tmp_path
 * (the event log); commit puts tmp_path in place of db_path, removing
 * db_path's -wal and -shm files. The server must not be running. */
int store_restore_prepare(const char *from_path, const char *tmp_path,
			  struct fz_err *e);
int store_restore_commit(const char *tmp_path, const char *db_path,
			 struct fz_err *e);

/* ---- evidence files ----------------------------------------------------- */

/* Files attached to records (store_files.c). The bytes are blobs outside
 * the database, in the directory "<db path>.files": dir/ab/abcdef… where
 * abcdef… is the SHA-256 of the bytes in lower-case hex (ab its first two
 * digits). A blob is written atomically and durably (temporary file, fsync,
 * rename, fsync of the directory) before the row that names it commits, so
 * an acknowledged file is on disk; identical content is one blob. Rows are
 * never changed or removed; a blob no row names (an upload whose write
 * failed) is harmless. */

enum { STORE_FILE_NAME_MAX = 200, STORE_FILE_NOTE_MAX = 500 };
#define STORE_SHA256_HEX 65 /* 64 hex digits and the NUL */

struct store_file {
	int64_t org_id;
	int64_t id; /* file_id, filled by insert */
	int64_t record_id;
	char sha256[STORE_SHA256_HEX];
	int64_t size;
	char content_type[128];
	char name[STORE_FILE_NAME_MAX * 4 + 1];
	char note[STORE_FILE_NOTE_MAX * 4 + 1];
	int64_t created_at; /* filled by insert */
	char actor[64];
	int64_t event_seq; /* the record.evidence event; filled by insert */
};

/* "<db_path>.files" into out (n bytes). */
void store_files_dir(const char *db_path, char *out, size_t n);
/* Write data (n bytes) as a blob of dir (created if absent); sha256 gets
 * its hex SHA-256. Durable on return. If an intact blob of that content is
 * there already nothing is written and *existed (may be NULL) is 1; a
 * damaged one is replaced. Slow I/O: call it from any thread but never
 * inside a write function. FZ_EIO naming "file" on failure. */
int store_blob_put(const char *dir, const void *data, size_t n,
		   char sha256[STORE_SHA256_HEX], int *existed,
		   struct fz_err *e);
/* Open blob sha256 of dir for reading (fclose it): FZ_ENOTFOUND if absent. */
int store_blob_open(const char *dir, const char *sha256, FILE **out,
		    struct fz_err *e);
/* Hash blob sha256 of dir as it is on disk: *hex its SHA-256, *size its
 * length. FZ_ENOTFOUND if absent, FZ_EIO if unreadable. */
int store_blob_hash(const char *dir, const char *sha256,
		    char hex[STORE_SHA256_HEX], int64_t *size,
		    struct fz_err *e);
/* Copy blob sha256 from dir `from` to dir `to` (atomically, checking the
 * bytes against the name on the way); an intact copy already in `to` is
 * kept. FZ_ENOTFOUND if absent from `from`, FZ_ECORRUPT if it does not
 * match its name. */
int store_blob_copy(const char *from, const char *to, const char *sha256,
		    struct fz_err *e);

/* The type of the event that anchors an evidence file in the chain. */
#define STORE_EVIDENCE_EVENT "record.evidence"

/* Insert f (id, created_at and event_seq filled). Only inside a write
 * function, and append the record.evidence event (with f->id) to f->org_id's
 * chain right after it, in the same write: the row names the next event
 * of that chain. FZ_ENOTFOUND naming "id" if the record is not in
 * f->org_id. */
int store_file_insert(struct store_conn *c, struct store_file *f,
		      struct fz_err *e);
/* File id: FZ_ENOTFOUND naming "file_id" if absent. */
int store_file_get(struct store_conn *c, int64_t id, struct store_file *f,
		   struct fz_err *e);
typedef int (*store_file_cb)(const struct store_file *f, void *arg);
/* The files of a record, oldest first; cb returning non-zero stops. */
int store_file_list(struct store_conn *c, int64_t org_id, int64_t record_id,
		    store_file_cb cb, void *arg, struct fz_err *e);
/* Every file, in (org_id, file_id) order (the verifier, backups). */
int store_file_each(struct store_conn *c, store_file_cb cb, void *arg,
		    struct fz_err *e);
/* The event the row of f names (f->org_id, f->event_seq), to cb: one
 * lookup by key. FZ_ENOTFOUND naming "event" if there is none. */
int store_file_event(struct store_conn *c, const struct store_file *f,
		     store_event_cb cb, void *arg, struct fz_err *e);
/* Copy the blob of every file of c's database from dir `from` to dir `to`
 * (store_blob_copy); *n (may be NULL) gets how many files. `backup` uses
 * it to put the blobs next to its copy, `restore` to bring them back. */
int store_files_copy(struct store_conn *c, const char *from, const char *to,
		     int64_t *n, struct fz_err *e);

/* ---- the projections as stored, for the replay of the event log -------
 * (store_replay.c; src/audit/replay.c). Every row of a table to cb in key
 * order (non-zero stops); the strings point into the row, valid during
 * the call. */

struct store_rec_row {
	int64_t org_id, id, version;
	const char *kind, *number, *state, *data;
};
struct store_user_row {
	int64_t org_id, id, locked_until;
	unsigned roles;
	int must_change, failed_count, disabled, integration;
	const char *username, *display_name;
};
struct store_token_row {
	int64_t org_id, id, user_id;
	const char *name;
	int revoked;
	unsigned char hash[32];
};
typedef int (*store_rec_row_cb)(const struct store_rec_row *r, void *arg);
typedef int (*store_user_row_cb)(const struct store_user_row *u, void *arg);
typedef int (*store_token_row_cb)(const struct store_token_row *t, void *arg);
typedef int (*store_org_row_cb)(const struct store_org *o, void *arg);
int store_replay_records(struct store_conn *c, store_rec_row_cb cb, void *arg,
			 struct fz_err *e);
int store_replay_users(struct store_conn *c, store_user_row_cb cb, void *arg,
		       struct fz_err *e);
int store_replay_tokens(struct store_conn *c, store_token_row_cb cb, void *arg,
			struct fz_err *e);
int store_replay_orgs(struct store_conn *c, store_org_row_cb cb, void *arg,
		      struct fz_err *e);

#endif
