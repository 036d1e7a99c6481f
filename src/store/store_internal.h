/*
 * store_internal.h - for the files of the SQLite backend only
 * (src/store/store_*.c): the connection's handle and the helpers of
 * store_sqlite.c, so that a part of the store can live in its own file.
 * Nothing outside src/store/ includes this.
 */
#ifndef FZ_STORE_INTERNAL_H
#define FZ_STORE_INTERNAL_H

#include "store/store.h"

#include <sqlite3.h>

sqlite3 *store_conn_db(struct store_conn *c);

/* Statements of the files other than store_sqlite.c that run often (the
 * figures, on every record change): prepared once per connection in their
 * slot by store_slot (text: a constant of the caller; a text that does
 * not prepare is a programmer mistake and aborts), returned ready to bind;
 * store_slot_done resets one after use. */
enum store_slot_id {
	SLOT_FIG_UPD,
	SLOT_FIG_INS,
	SLOT_FIG_DEL,
	SLOT_FIG_TREE_UPD,
	SLOT_FIG_TREE_INS,
	SLOT_FIG_TREE_DEL,
	SLOT_FIG_ORG_PATH,
	SLOT_FIG_DEF_GET,
	SLOT_FIG_DEF_PUT,
	SLOT_FIG_DEF_DEL,
	SLOT_EVENT_HASH_AT, /* verify --pubkey: once per signed head */
	STORE_SLOTS
};
sqlite3_stmt *store_slot(struct store_conn *c, int slot, const char *text);
void store_slot_done(sqlite3_stmt *st);
/* FZ_ECONFLICT for a unique key, FZ_ENOTFOUND for a foreign key, else
 * FZ_EIO, with `what` in the message. */
int store_db_err(struct fz_err *e, sqlite3 *db, const char *what);
/* Run st, a statement that returns no rows (or whose rows are not
 * wanted); an error is store_db_err's with `what`. Resets st and clears
 * its bindings (a statement prepared per call is still the caller's to
 * finalize). */
int store_step_done(struct store_conn *c, sqlite3_stmt *st, const char *what,
		    struct fz_err *e);

/* A statement prepared for one call (the caller finalizes it); an error
 * is store_db_err's with `what`. */
int store_prepare(struct store_conn *c, const char *text, sqlite3_stmt **st,
		  const char *what, struct fz_err *e);
/* Column i as text into out ("" when NULL), truncated to n. */
void store_col_text(sqlite3_stmt *st, int i, char *out, size_t n);

/* Step st for at most one row: fill(st, out) on a row, then 0; no row is
 * FZ_ENOTFOUND with `missing` (field and message); an error,
 * store_db_err's with `field`. Resets st (a statement prepared per call is
 * still the caller's to finalize). */
typedef void (*store_row_fill)(sqlite3_stmt *st, void *out);
int store_one_row(struct store_conn *c, sqlite3_stmt *st, store_row_fill fill,
		  void *out, const char *field, const char *missing,
		  struct fz_err *e);

/* The bounds [lo, hi) of the paths in the subtree of organisation root
 * (which must exist: 0 is no organisation), each of n bytes. */
int store_subtree(struct store_conn *c, int64_t root, char *lo, char *hi,
		  size_t n, struct fz_err *e);
/* store_subtree, or with own_only the range of root's path alone (its
 * organisations' paths are longer: "/1/4/9/" > "/1/4/\x01"). */
int store_org_range(struct store_conn *c, int64_t root, int own_only, char *lo,
		    char *hi, size_t n, struct fz_err *e);

/* An event from a row of (org_id, seq, ts, actor, type, subject, data,
 * prev_hash, hash); ev->data points into the statement ("" when NULL). */
void store_event_row(sqlite3_stmt *st, struct store_event *ev);

#endif
