/*
 * export.h - streaming exports of record lists to CSV and XLSX.
 *
 * Any list of records exports "by streaming, so an export of a million rows
 * neither times out nor holds them all in memory". The caller (the API
 * layer) owns the rows: it pages them out of the store and feeds them one at
 * a time; this module turns them into bytes and hands the bytes back in
 * bounded pieces, so memory stays flat in the number of rows.
 *
 *     struct export_writer *w;
 *     rc = export_open(&w, EXPORT_CSV, "执法案件", cols, ncols, &e);
 *     for each page: for each row: rc = export_row(w, values, &e);
 *                    rc = export_take(w, &out, &e);   send out, reset it
 *     rc = export_finish(w, &e);
 *     while (!export_done(w)) { rc = export_take(w, &out, &e); send out }
 *     export_free(w);
 *
 * CSV is UTF-8 with a byte-order mark (so Excel in a Chinese locale reads it
 * as UTF-8), RFC 4180 fields and CRLF line ends, and a header row of the
 * column labels. Bytes are ready as soon as a row is written: export_take()
 * moves them out; at most EXPORT_PENDING_CAP bytes wait between takes.
 * A text cell that starts with = + - @ TAB or CR gets a leading apostrophe
 * (OWASP "CSV injection"), so a spreadsheet never runs it as a formula.
 *
 * XLSX is written by libxlsxwriter in constant_memory mode (each row goes to
 * a temporary file as soon as the next begins) into a file made with
 * mkstemp() under $TMPDIR (or /tmp). The header row is bold, frozen and
 * carries an autofilter; column widths follow the widest value seen
 * (Chinese characters count double); numbers are numbers, dates are date
 * cells shown yyyy-mm-dd, money is shown #,##0.00. A sheet holds at most
 * 1,048,576 rows: beyond that the export goes on in a new sheet named
 * "<title> (2)", ... with the header repeated. Nothing is ready before
 * export_finish(); after it export_take() hands out the file in pieces of at
 * most EXPORT_CHUNK_MAX bytes, read from the file, never all in memory. The
 * file is unlinked as soon as it is complete (the writer keeps it open) and
 * in any case by export_free(). Text cells are written as text, never as
 * formulas, so XLSX needs no apostrophe.
 *
 * Values. A row is ncols C strings (NULL or "" is an empty cell), each read
 * according to its column's type:
 *   EXPORT_TEXT    any text
 *   EXPORT_INT     -?(0|[1-9][0-9]*), fits in int64
 *   EXPORT_NUMBER  a decimal number, optionally with an exponent
 *   EXPORT_DATE    YYYY-MM-DD
 *   EXPORT_MONEY   yuan as a decimal, rounded half away from zero to 2
 *                  places ("1234.5" exports as 1234.50)
 * A value that does not read as its type is exported as text (and so is
 * neutralised in CSV): a malformed value never aborts an export half-way.
 * Integers of 16 or more digits go to XLSX as text (Excel keeps only 15
 * significant digits). Invalid UTF-8 is replaced by U+FFFD.
 *
 * Errors. Functions return 0 or an FZ_E* code with detail in *e:
 *   FZ_EINVAL   bad arguments to export_open (no columns, NULL label, ...),
 *               a call out of order (export_row after export_finish)
 *   FZ_ETOOBIG  CSV: the row would pass EXPORT_PENDING_CAP untaken bytes
 *               (nothing of it is written; take, then write it again);
 *               export_take: `out` is full (nothing is lost: take again
 *               with room)
 *   FZ_EIO      temporary file or libxlsxwriter failure; the writer is then
 *               broken and every later call but export_free fails
 * Out-of-memory aborts (lib/xalloc.h). export_open copies the columns; the
 * writer owns everything it allocates and export_free releases it all.
 */
#ifndef FZ_EXPORT_H
#define FZ_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/err.h"

#define EXPORT_CHUNK_MAX   (256u << 10) /* XLSX bytes per export_take */
#define EXPORT_PENDING_CAP (16u << 20)	/* CSV bytes waiting for a take */
#define EXPORT_MAX_COLS	   1024

enum export_format { EXPORT_CSV = 1, EXPORT_XLSX = 2 };

enum export_type {
	EXPORT_TEXT = 0,
	EXPORT_INT,
	EXPORT_NUMBER, /* double */
	EXPORT_DATE,   /* "YYYY-MM-DD" */
	EXPORT_MONEY   /* yuan, 2 decimals */
};

struct export_col {
	const char *key;   /* machine name, e.g. "case_no" (may be NULL) */
	const char *label; /* header text, e.g. "案件编号" */
	enum export_type type;
};

struct export_writer; /* opaque */

/* A writer for ncols (1..EXPORT_MAX_COLS) columns. sheet_title names the
 * XLSX sheet (NULL or "": "数据"; characters Excel refuses become '_', it is
 * cut to 31 characters); CSV ignores it. The header row is written at once. */
int export_open(struct export_writer **w, enum export_format f,
		const char *sheet_title, const struct export_col *cols,
		size_t ncols, struct fz_err *e);
/* One row of ncols values (values may be NULL: an empty row). */
int export_row(struct export_writer *w, const char *const *values,
	       struct fz_err *e);
/* Append the bytes ready now to out (possibly none). CSV: every byte
 * written so far; XLSX: nothing before export_finish, then the next piece
 * of at most EXPORT_CHUNK_MAX bytes of the file. */
int export_take(struct export_writer *w, struct fz_buf *out, struct fz_err *e);
/* The same as export_take, into buf[0..max): *n gets the bytes copied (0
 * when nothing is ready). For libmicrohttpd's content-reader callback. */
int export_read(struct export_writer *w, char *buf, size_t max, size_t *n,
		struct fz_err *e);
/* No more rows. CSV: nothing more to write. XLSX: assembles the file. */
int export_finish(struct export_writer *w, struct fz_err *e);
/* True once export_finish succeeded and every byte has been taken. */
int export_done(const struct export_writer *w);
/* Data rows written so far (the header not counted). */
uint64_t export_rows(const struct export_writer *w);
/* XLSX after export_finish: the size of the file in bytes (for a
 * Content-Length); otherwise -1 (a CSV's size is not known in advance). */
int64_t export_size(const struct export_writer *w);
/* Release everything, remove the temporary file. NULL is a no-op. */
void export_free(struct export_writer *w);

/* "csv" or "xlsx" (for ?format=); FZ_EINVAL naming "format" otherwise. */
int export_format_parse(const char *s, enum export_format *f, struct fz_err *e);
/* "text/csv; charset=utf-8", "application/vnd.openxmlformats-..." */
const char *export_content_type(enum export_format f);
/* "csv" or "xlsx", without the dot. */
const char *export_extension(enum export_format f);

#endif
