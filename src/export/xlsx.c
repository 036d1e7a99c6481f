/*
 * xlsx.c - the XLSX encoder of export.h, on libxlsxwriter.
 *
 * libxlsxwriter (Debian libxlsxwriter-dev) writes the OOXML parts and the
 * zip; we use it in constant_memory mode, in which each row is flushed to a
 * temporary file (unlinked at once, under the same $TMPDIR) as soon as a
 * later row is started, so memory does not grow with the rows. Its limits
 * shape this file: rows must come in order (they do), merged cells are not
 * available (not needed), a sheet holds LXW_ROW_MAX rows (so we go on in a
 * new sheet) and a cell at most 32,767 characters (longer text is cut).
 *
 * The workbook goes to a file made with mkstemp() under $TMPDIR or /tmp.
 * libxlsxwriter opens that path by name when the workbook is closed, so the
 * name stays until export_xlsx_finish(); then the file is opened read-only,
 * unlinked, and read from the descriptor in pieces. export_xlsx_free()
 * removes the file if it is still there. A workbook abandoned before it is
 * closed is freed with lxw_workbook_free(), which leaves each sheet's
 * row file open: we close those (lxw_worksheet.optimize_tmpfile) first.
 *
 * Column widths are set when the workbook is finished, from the widest
 * value export.c saw in each column (Chinese characters count two), between
 * 8 and 60 characters; a date column is at least 12 wide.
 */
#include "internal.h"

#include "lib/utf8.h"
#include "lib/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#define XLSX_STR_MAX	 32767 /* characters in one cell */
#define XLSX_TITLE_BASE	 24    /* characters of the title before " (n)" */
#define XLSX_EXACT_INT	 1e15  /* Excel keeps 15 significant digits */
#define XLSX_WIDTH_MIN	 8
#define XLSX_WIDTH_MAX	 60
#define XLSX_WIDTH_DATE	 12
#define XLSX_DEFAULT_TTL "数据"

static lxw_workbook *book(struct export_writer *w)
{
	return w->xlsx.wb;
}

static lxw_worksheet *sheet(struct export_writer *w, size_t i)
{
	return w->xlsx.sheets[i];
}

static int lxw_failed(struct export_writer *w, struct fz_err *e,
		      const char *what, lxw_error err)
{
	return export_broken(w, e, what, lxw_strerror(err));
}

/* ---- setting up ------------------------------------------------------- */

static int title_char_ok(uint32_t cp)
{
	return cp >= 0x20 && !strchr("[]:*?/\\", (int)cp);
}

/* The sheet title Excel accepts: forbidden characters become '_', no
 * apostrophe at either end, at most XLSX_TITLE_BASE characters. */
static char *sanitise_title(const char *t)
{
	const unsigned char *p = (const unsigned char *)(t ? t : "");
	size_t n = strlen((const char *)p), i = 0, k, count = 0;
	struct fz_buf b = FZ_BUF_INIT(0);
	uint32_t cp;
	char *res;

	while (i < n && count < XLSX_TITLE_BASE) {
		k = fz_utf8_seq(p + i, n - i, &cp);
		if (k && title_char_ok(cp))
			(void)fz_buf_add(&b, p + i, k);
		else
			(void)fz_buf_add(&b, "_", 1);
		i += k ? k : 1;
		count++;
	}
	while (b.len && b.data[b.len - 1] == '\'')
		fz_buf_setlen(&b, b.len - 1);
	k = 0;
	while (k < b.len && b.data[k] == '\'')
		k++;
	if (k == b.len) {
		fz_buf_release(&b);
		return fz_xstrdup(XLSX_DEFAULT_TTL);
	}
	res = fz_xstrdup(b.data + k);
	fz_buf_release(&b);
	return res;
}

static int make_temp(struct export_writer *w, struct fz_err *e)
{
	const char *dir = getenv("TMPDIR");
	struct fz_buf p = FZ_BUF_INIT(4096);
	int fd;

	w->xlsx.tmpdir = fz_xstrdup(dir && *dir ? dir : "/tmp");
	if (fz_buf_addf(&p, "%s/fazhi-export-XXXXXX", w->xlsx.tmpdir))
		return export_broken(w, e, "temporary file", "path too long");
	fd = mkstemp(p.data);
	if (fd < 0) {
		fz_buf_release(&p);
		return export_broken(w, e, "mkstemp", strerror(errno));
	}
	close(fd); /* libxlsxwriter reopens it by name */
	w->xlsx.path = fz_buf_detach(&p, NULL);
	return 0;
}

static void add_formats(struct export_writer *w)
{
	lxw_format *f;

	f = workbook_add_format(book(w));
	format_set_bold(f);
	format_set_bottom(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	w->xlsx.fmt_header = f;
	f = workbook_add_format(book(w));
	format_set_num_format(f, "yyyy-mm-dd");
	w->xlsx.fmt_date = f;
	f = workbook_add_format(book(w));
	format_set_num_format(f, "#,##0.00");
	w->xlsx.fmt_money = f;
}

static int write_header(struct export_writer *w, lxw_worksheet *ws,
			struct fz_err *e)
{
	lxw_error err;
	size_t i;

	for (i = 0; i < w->ncols; i++) {
		err = worksheet_write_string(
		    ws, 0, (lxw_col_t)i, w->cols[i].label, w->xlsx.fmt_header);
		if (err)
			return lxw_failed(w, e, "header", err);
	}
	worksheet_freeze_panes(ws, 1, 0);
	return 0;
}

/* Start sheet number nsheets + 1 and write its header row. */
static int add_sheet(struct export_writer *w, struct fz_err *e)
{
	struct fz_buf name = FZ_BUF_INIT(0);
	size_t n = w->xlsx.nsheets;
	lxw_worksheet *ws;

	if (n == 0)
		(void)fz_buf_adds(&name, w->xlsx.title);
	else
		(void)fz_buf_addf(&name, "%s (%zu)", w->xlsx.title, n + 1);
	ws = workbook_add_worksheet(book(w), name.data);
	fz_buf_release(&name);
	if (!ws)
		return export_broken(w, e, "workbook_add_worksheet",
				     "cannot add a sheet");
	w->xlsx.sheets =
	    fz_xrealloc(w->xlsx.sheets, (n + 1) * sizeof(*w->xlsx.sheets));
	w->xlsx.sheets[n] = ws;
	w->xlsx.nsheets = n + 1;
	w->xlsx.row = 1;
	return write_header(w, ws, e);
}

int export_xlsx_open(struct export_writer *w, const char *title,
		     struct fz_err *e)
{
	lxw_workbook_options o;
	int rc;

	w->xlsx.title = sanitise_title(title);
	rc = make_temp(w, e);
	if (rc)
		return rc;
	memset(&o, 0, sizeof(o));
	o.constant_memory = LXW_TRUE;
	o.tmpdir = w->xlsx.tmpdir;
	o.use_zip64 = LXW_FALSE;
	w->xlsx.wb = workbook_new_opt(w->xlsx.path, &o);
	if (!w->xlsx.wb)
		return export_broken(w, e, "workbook_new_opt",
				     "cannot create the workbook");
	add_formats(w);
	return add_sheet(w, e);
}

/* ---- rows --------------------------------------------------------------- */

/* Byte length of the first XLSX_STR_MAX characters of s (valid UTF-8). */
static size_t cell_text_cut(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, count = 0, k;
	uint32_t cp;

	while (i < len && count < XLSX_STR_MAX) {
		k = fz_utf8_seq(p + i, len - i, &cp);
		i += k ? k : 1;
		count++;
	}
	return i;
}

static lxw_error write_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t col,
			    const struct export_cell *c)
{
	size_t cut = cell_text_cut(c->text, c->len);
	lxw_error err;
	char *s;

	if (cut == c->len)
		return worksheet_write_string(ws, r, col, c->text, NULL);
	s = fz_xstrndup(c->text, cut);
	err = worksheet_write_string(ws, r, col, s, NULL);
	free(s);
	return err;
}

static lxw_error write_cell(struct export_writer *w, lxw_worksheet *ws,
			    lxw_row_t r, lxw_col_t col,
			    const struct export_cell *c)
{
	switch (c->type) {
	case EXPORT_INT:
		if (fabs(c->num) >= XLSX_EXACT_INT)
			break; /* an identifier, not a quantity: keep it */
		return worksheet_write_number(ws, r, col, c->num, NULL);
	case EXPORT_NUMBER:
		return worksheet_write_number(ws, r, col, c->num, NULL);
	case EXPORT_DATE:
		return worksheet_write_number(ws, r, col, c->num,
					      w->xlsx.fmt_date);
	case EXPORT_MONEY:
		return worksheet_write_number(ws, r, col, c->num,
					      w->xlsx.fmt_money);
	case EXPORT_TEXT:
		break;
	}
	return write_text(ws, r, col, c);
}

int export_xlsx_row(struct export_writer *w, const char *const *values,
		    struct fz_err *e)
{
	struct export_cell c;
	lxw_worksheet *ws;
	lxw_error err;
	size_t i;
	int rc;

	if (w->xlsx.row >= LXW_ROW_MAX) {
		rc = add_sheet(w, e);
		if (rc)
			return rc;
	}
	ws = sheet(w, w->xlsx.nsheets - 1);
	for (i = 0; i < w->ncols; i++) {
		export_cell_read(w, i, values ? values[i] : NULL, &c);
		if (c.len == 0)
			continue;
		err = write_cell(w, ws, w->xlsx.row, (lxw_col_t)i, &c);
		if (err)
			return lxw_failed(w, e, "write", err);
	}
	w->xlsx.row++;
	return 0;
}

/* ---- finishing and reading the file ----------------------------------- */

static double col_width(const struct export_writer *w, size_t i)
{
	double width = w->width[i] + 2;

	if (w->cols[i].type == EXPORT_DATE && width < XLSX_WIDTH_DATE)
		width = XLSX_WIDTH_DATE;
	if (width < XLSX_WIDTH_MIN)
		width = XLSX_WIDTH_MIN;
	return width > XLSX_WIDTH_MAX ? XLSX_WIDTH_MAX : width;
}

static int lay_out_sheets(struct export_writer *w, struct fz_err *e)
{
	lxw_row_t last;
	lxw_error err;
	size_t s, i;

	for (s = 0; s < w->xlsx.nsheets; s++) {
		last =
		    s + 1 < w->xlsx.nsheets ? LXW_ROW_MAX - 1 : w->xlsx.row - 1;
		for (i = 0; i < w->ncols; i++) {
			err = worksheet_set_column(sheet(w, s), (lxw_col_t)i,
						   (lxw_col_t)i,
						   col_width(w, i), NULL);
			if (err)
				return lxw_failed(w, e, "set_column", err);
		}
		err = worksheet_autofilter(sheet(w, s), 0, 0, last,
					   (lxw_col_t)(w->ncols - 1));
		if (err)
			return lxw_failed(w, e, "autofilter", err);
	}
	return 0;
}

/* Open the finished file for reading and take its name away. */
static int open_result(struct export_writer *w, struct fz_err *e)
{
	struct stat st;

	w->xlsx.fd = open(w->xlsx.path, O_RDONLY | O_CLOEXEC);
	if (w->xlsx.fd < 0)
		return export_broken(w, e, "open", strerror(errno));
	if (fstat(w->xlsx.fd, &st))
		return export_broken(w, e, "fstat", strerror(errno));
	w->xlsx.size = st.st_size;
	w->xlsx.off = 0;
	unlink(w->xlsx.path);
	free(w->xlsx.path);
	w->xlsx.path = NULL;
	return 0;
}

int export_xlsx_finish(struct export_writer *w, struct fz_err *e)
{
	lxw_error err;
	int rc = lay_out_sheets(w, e);

	if (rc)
		return rc;
	err = workbook_close(book(w)); /* frees the workbook, even on error */
	w->xlsx.wb = NULL;
	if (err)
		return lxw_failed(w, e, "workbook_close", err);
	return open_result(w, e);
}

/* Read up to want bytes at the current offset (not advancing it). */
static int read_at(struct export_writer *w, char *buf, size_t want, size_t *got,
		   struct fz_err *e)
{
	int64_t left = w->xlsx.size - w->xlsx.off;
	ssize_t r;

	*got = 0;
	if (w->xlsx.fd < 0 || left <= 0 || want == 0)
		return 0;
	if ((uint64_t)left < want)
		want = (size_t)left;
	do
		r = pread(w->xlsx.fd, buf, want, (off_t)w->xlsx.off);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return export_broken(w, e, "read", strerror(errno));
	if (r == 0)
		return export_broken(w, e, "read", "the file is shorter");
	*got = (size_t)r;
	return 0;
}

int export_xlsx_read(struct export_writer *w, char *buf, size_t max, size_t *n,
		     struct fz_err *e)
{
	int rc = read_at(w, buf, max, n, e);

	if (!rc)
		w->xlsx.off += (int64_t)*n;
	return rc;
}

int export_xlsx_take(struct export_writer *w, struct fz_buf *out,
		     struct fz_err *e)
{
	size_t got;
	int rc;

	if (w->xlsx.fd < 0 || w->xlsx.off >= w->xlsx.size)
		return 0;
	if (!w->xlsx.chunk)
		w->xlsx.chunk = fz_xmalloc(EXPORT_CHUNK_MAX);
	rc = read_at(w, w->xlsx.chunk, EXPORT_CHUNK_MAX, &got, e);
	if (rc)
		return rc;
	rc = fz_buf_add(out, w->xlsx.chunk, got);
	if (rc)
		return fz_err_set(e, rc, NULL,
				  "export: the output buffer cannot take %zu "
				  "bytes",
				  got);
	w->xlsx.off += (int64_t)got;
	return 0;
}

/* ---- freeing ------------------------------------------------------------ */

static void abandon_workbook(struct export_writer *w)
{
	lxw_worksheet *ws;
	size_t i;

	for (i = 0; i < w->xlsx.nsheets; i++) {
		ws = sheet(w, i);
		if (ws->optimize_tmpfile) {
			fclose(ws->optimize_tmpfile);
			ws->optimize_tmpfile = NULL;
		}
	}
	lxw_workbook_free(book(w));
	w->xlsx.wb = NULL;
}

void export_xlsx_free(struct export_writer *w)
{
	if (w->xlsx.wb)
		abandon_workbook(w);
	if (w->xlsx.fd >= 0)
		close(w->xlsx.fd);
	if (w->xlsx.path)
		unlink(w->xlsx.path);
	free(w->xlsx.path);
	free(w->xlsx.sheets);
	free(w->xlsx.title);
	free(w->xlsx.tmpdir);
	free(w->xlsx.chunk);
}
