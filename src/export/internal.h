/*
 * internal.h - what export.c, csv.c and xlsx.c share; not for other modules.
 *
 * export.c owns struct export_writer, checks the calling order and reads
 * each value into a struct export_cell (type, normalised text, number);
 * csv.c and xlsx.c only encode cells. The format-specific state lives in
 * the writer under `csv` and `xlsx`; xlsx.c keeps libxlsxwriter's types
 * behind void pointers so that only it includes xlsxwriter.h.
 */
#ifndef FZ_EXPORT_INTERNAL_H
#define FZ_EXPORT_INTERNAL_H

#include "export.h"

#include <stdint.h>

struct export_cell {
	enum export_type type; /* as written: TEXT when the value did not read
				  as its column's type */
	const char *text;      /* the text to write (valid UTF-8) */
	size_t len;
	double num;    /* INT, NUMBER, MONEY: the value; DATE: Excel serial */
	char norm[48]; /* normalised text of INT and MONEY */
};

struct export_xlsx {
	char *path;    /* the mkstemp file; NULL once unlinked */
	void *wb;      /* lxw_workbook *, NULL once closed */
	void **sheets; /* lxw_worksheet *, one per 1,048,576 rows */
	size_t nsheets;
	void *fmt_header; /* lxw_format * */
	void *fmt_date;
	void *fmt_money;
	uint32_t row;	   /* next row in the current sheet */
	char *title;	   /* sanitised sheet title, without suffix */
	char *tmpdir;	   /* $TMPDIR or /tmp, for libxlsxwriter too */
	int fd;		   /* the finished file, -1 before */
	int64_t size, off; /* its size and how much has been taken */
	char *chunk;	   /* EXPORT_CHUNK_MAX bytes for export_take */
};

struct export_wcol { /* a column as the writer keeps it (own copies) */
	char *key;   /* NULL if the caller gave none */
	char *label;
	enum export_type type;
};

struct export_writer {
	enum export_format format;
	struct export_wcol *cols;
	size_t ncols;
	unsigned *width; /* per column: widest display width seen */
	uint64_t rows;
	int finished;
	int broken;	     /* an I/O error happened: every call fails */
	struct fz_buf clean; /* scratch: a value with invalid UTF-8 fixed */
	struct {
		struct fz_buf pending; /* bytes not yet taken */
		size_t off; /* of them, already read by export_read */
	} csv;
	struct export_xlsx xlsx;
};

/* export.c */
void export_cell_read(struct export_writer *w, size_t col, const char *value,
		      struct export_cell *c);
int export_broken(struct export_writer *w, struct fz_err *e, const char *what,
		  const char *detail);

/* csv.c */
int export_csv_open(struct export_writer *w, struct fz_err *e);
int export_csv_row(struct export_writer *w, const char *const *values,
		   struct fz_err *e);
int export_csv_take(struct export_writer *w, struct fz_buf *out,
		    struct fz_err *e);
size_t export_csv_read(struct export_writer *w, char *buf, size_t max);
int export_csv_done(const struct export_writer *w);
void export_csv_free(struct export_writer *w);

/* xlsx.c */
int export_xlsx_open(struct export_writer *w, const char *title,
		     struct fz_err *e);
int export_xlsx_row(struct export_writer *w, const char *const *values,
		    struct fz_err *e);
int export_xlsx_finish(struct export_writer *w, struct fz_err *e);
int export_xlsx_read(struct export_writer *w, char *buf, size_t max, size_t *n,
		     struct fz_err *e);
int export_xlsx_take(struct export_writer *w, struct fz_buf *out,
		     struct fz_err *e);
void export_xlsx_free(struct export_writer *w);

#endif
