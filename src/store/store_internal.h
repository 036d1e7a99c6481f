/*
 * store_internal.h - for the files of the SQLite backend only
 * (src/store/store_*.c): the connection's handle and the error mapping of
 * store_sqlite.c, so that a part of the store can live in its own file.
 * Nothing outside src/store/ includes this.
 */
#ifndef FZ_STORE_INTERNAL_H
#define FZ_STORE_INTERNAL_H

#include "store/store.h"

#include <sqlite3.h>

sqlite3 *store_conn_db(struct store_conn *c);
/* FZ_ECONFLICT for a unique key, FZ_ENOTFOUND for a foreign key, else
 * FZ_EIO, with `what` in the message. */
int store_db_err(struct fz_err *e, sqlite3 *db, const char *what);

/* An event from a row of (org_id, seq, ts, actor, type, subject, data,
 * prev_hash, hash); ev->data points into the statement ("" when NULL). */
void store_event_row(sqlite3_stmt *st, struct store_event *ev);

#endif
