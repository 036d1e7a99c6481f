/*
 * csv.c - the CSV encoder of export.h.
 *
 * Output: the UTF-8 byte-order mark, a header row of the column labels, one
 * record per row, fields separated by commas and records ended by CRLF
 * (RFC 4180). A field is quoted when it holds a comma, a double quote, CR
 * or LF; a double quote inside it is doubled; a line break inside a quoted
 * field is kept as it is (Excel shows it as a line break in the cell).
 *
 * Formula injection (OWASP, "CSV Injection"): a text field whose first
 * character is = + - @ TAB or CR gets a leading apostrophe, which Excel and
 * WPS show but never evaluate. Typed cells (INT, NUMBER, DATE, MONEY) that
 * read as their type are numbers, not formulas, and stay as they are, so
 * "-12.50" in a money column remains a negative amount; a value that did not
 * read as its type is text and is neutralised like any text.
 *
 * Bytes wait in w->csv.pending (capped at EXPORT_PENDING_CAP) until taken.
 * A row is appended whole or not at all: when it does not fit, the buffer
 * is cut back to where the row began.
 */
#include "internal.h"

#include <string.h>

#define CSV_BOM "\xEF\xBB\xBF"

static int needs_quotes(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

static int starts_formula(const struct export_cell *c)
{
	if (c->type != EXPORT_TEXT || c->len == 0)
		return 0;
	switch (c->text[0]) {
	case '=':
	case '+':
	case '-':
	case '@':
	case '\t':
	case '\r':
		return 1;
	default:
		return 0;
	}
}

/* s[0..len) with every '"' doubled. */
static int add_escaped(struct fz_buf *b, const char *s, size_t len)
{
	const char *q;
	size_t run;
	int rc;

	while (len) {
		q = memchr(s, '"', len);
		run = q ? (size_t)(q - s) + 1 : len;
		rc = fz_buf_add(b, s, run);
		if (!rc && q)
			rc = fz_buf_add(b, "\"", 1);
		if (rc)
			return rc;
		s += run;
		len -= run;
	}
	return 0;
}

static int add_field(struct fz_buf *b, const struct export_cell *c)
{
	int quote = needs_quotes(c->text, c->len);
	int rc = 0;

	if (quote)
		rc = fz_buf_add(b, "\"", 1);
	if (!rc && starts_formula(c))
		rc = fz_buf_add(b, "'", 1);
	if (!rc && quote)
		rc = add_escaped(b, c->text, c->len);
	else if (!rc)
		rc = fz_buf_add(b, c->text, c->len);
	if (!rc && quote)
		rc = fz_buf_add(b, "\"", 1);
	return rc;
}

/* One record: labels (header) or values read by column type. */
static int add_record(struct export_writer *w, const char *const *values,
		      int header)
{
	struct fz_buf *b = &w->csv.pending;
	struct export_cell c;
	size_t i;
	int rc = 0;

	for (i = 0; i < w->ncols && !rc; i++) {
		if (i > 0)
			rc = fz_buf_add(b, ",", 1);
		if (rc)
			break;
		if (header) {
			c.type = EXPORT_TEXT;
			c.text = w->cols[i].label;
			c.len = strlen(c.text);
		} else {
			export_cell_read(w, i, values ? values[i] : NULL, &c);
		}
		rc = add_field(b, &c);
	}
	if (!rc)
		rc = fz_buf_add(b, "\r\n", 2);
	return rc;
}

int export_csv_open(struct export_writer *w, struct fz_err *e)
{
	int rc = fz_buf_add(&w->csv.pending, CSV_BOM, 3);

	if (!rc)
		rc = add_record(w, NULL, 1);
	if (rc)
		return fz_err_set(e, rc, "columns",
				  "export: the header row is too long");
	return 0;
}

int export_csv_row(struct export_writer *w, const char *const *values,
		   struct fz_err *e)
{
	size_t start = w->csv.pending.len;
	int rc = add_record(w, values, 0);

	if (rc) {
		fz_buf_setlen(&w->csv.pending, start);
		return fz_err_set(e, rc, NULL,
				  "export: more than %u bytes waiting; take "
				  "them before writing more rows",
				  EXPORT_PENDING_CAP);
	}
	return 0;
}

static void consumed(struct export_writer *w)
{
	fz_buf_reset(&w->csv.pending);
	w->csv.off = 0;
}

int export_csv_take(struct export_writer *w, struct fz_buf *out,
		    struct fz_err *e)
{
	struct fz_buf *b = &w->csv.pending;
	int rc;

	if (w->csv.off >= b->len)
		return 0;
	rc = fz_buf_add(out, b->data + w->csv.off, b->len - w->csv.off);
	if (rc)
		return fz_err_set(e, rc, NULL,
				  "export: the output buffer cannot take %zu "
				  "bytes",
				  b->len - w->csv.off);
	consumed(w);
	return 0;
}

size_t export_csv_read(struct export_writer *w, char *buf, size_t max)
{
	struct fz_buf *b = &w->csv.pending;
	size_t n = b->len - w->csv.off;

	if (n > max)
		n = max;
	if (n)
		memcpy(buf, b->data + w->csv.off, n);
	w->csv.off += n;
	if (w->csv.off >= b->len)
		consumed(w);
	return n;
}

int export_csv_done(const struct export_writer *w)
{
	return w->csv.off >= w->csv.pending.len;
}

void export_csv_free(struct export_writer *w)
{
	fz_buf_release(&w->csv.pending);
}
