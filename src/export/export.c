/*
 * export.c - the writer's life cycle and the reading of values (see
 * export.h for the contract).
 *
 * This file owns struct export_writer: it copies the columns, checks that
 * calls come in order (rows, finish, takes), marks a writer broken after an
 * I/O error, and reads every value into a struct export_cell according to
 * its column's type before csv.c or xlsx.c encode it. Reading is strict and
 * never fails: a value that is not what its type says is exported as text.
 * Money is rounded in decimal (on the digits, not through a double), so
 * "0.125" becomes "0.13" as a person would round it.
 *
 * Invalid UTF-8 in a value is replaced by U+FFFD in the writer's scratch
 * buffer `clean`; the cell then points into that buffer, which stays valid
 * until the next value is read. Widths (for XLSX columns) are counted in
 * display columns: a CJK or other wide character counts two.
 */
#include "internal.h"

#include "calendar/calendar.h"
#include "lib/utf8.h"
#include "lib/xalloc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXCEL_EPOCH_SHIFT 25569 /* 1970-01-01 is Excel serial 25569 */
#define EXCEL_FIRST_TRUE                                                       \
	-25508 /* 1900-03-01: before it Excel's serials                        \
		  are off by one (its 1900-02-29) */

/* ---- UTF-8 ------------------------------------------------------------ */

static int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = fz_utf8_seq(p + i, n - i, &cp);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* s with every byte that is not part of a well-formed sequence replaced by
 * U+FFFD, in w->clean. */
static const char *utf8_clean(struct export_writer *w, const char *s, size_t n,
			      size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;
	int rc = 0;

	fz_buf_reset(&w->clean);
	while (i < n && !rc) {
		k = fz_utf8_seq(p + i, n - i, &cp);
		if (k)
			rc = fz_buf_add(&w->clean, s + i, k);
		else
			rc = fz_buf_add(&w->clean, "\xEF\xBF\xBD", 3);
		i += k ? k : 1;
	}
	if (rc) /* past the scratch cap: an absurd value; keep the marker */
		fz_buf_reset(&w->clean);
	if (rc)
		(void)fz_buf_add(&w->clean, "\xEF\xBF\xBD", 3);
	*len = w->clean.len;
	return w->clean.data ? w->clean.data : "";
}

/* ---- reading typed values --------------------------------------------- */

static int is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* Digits from s[i]: how many. */
static size_t digits(const char *s, size_t len, size_t i)
{
	size_t j = i;

	while (j < len && is_digit(s[j]))
		j++;
	return j - i;
}

/* -?(0|[1-9][0-9]*) from s[0]: its length, 0 if there is none. */
static size_t int_part(const char *s, size_t len)
{
	size_t i = (len && s[0] == '-') ? 1 : 0;
	size_t nd = digits(s, len, i);

	if (nd == 0 || (nd > 1 && s[i] == '0'))
		return 0;
	return i + nd;
}

static void read_int(struct export_cell *c)
{
	long long v;
	char *end;

	if (int_part(c->text, c->len) != c->len || c->len >= sizeof(c->norm))
		return;
	memcpy(c->norm, c->text, c->len);
	c->norm[c->len] = '\0';
	errno = 0;
	v = strtoll(c->norm, &end, 10);
	if (errno || *end)
		return;
	c->num = (double)v;
	c->type = EXPORT_INT;
}

static void read_number(struct export_cell *c)
{
	size_t i = int_part(c->text, c->len), nd;
	double v;
	char *end;

	if (!i)
		return;
	if (i < c->len && c->text[i] == '.') {
		nd = digits(c->text, c->len, i + 1);
		if (!nd)
			return;
		i += 1 + nd;
	}
	if (i < c->len && (c->text[i] == 'e' || c->text[i] == 'E')) {
		i++;
		if (i < c->len && (c->text[i] == '+' || c->text[i] == '-'))
			i++;
		nd = digits(c->text, c->len, i);
		if (!nd)
			return;
		i += nd;
	}
	if (i != c->len || c->len >= sizeof(c->norm))
		return;
	memcpy(c->norm, c->text, c->len);
	c->norm[c->len] = '\0';
	v = strtod(c->norm, &end);
	if (*end || !isfinite(v))
		return;
	c->num = v;
	c->type = EXPORT_NUMBER;
}

/* Add one to the decimal digits d[0..n) (d[0] is a spare leading '0'). */
static void decimal_increment(char *d, size_t n)
{
	while (n > 0) {
		n--;
		if (d[n] != '9') {
			d[n]++;
			return;
		}
		d[n] = '0';
	}
}

/* The money value s[0..len) rounded half away from zero to 2 places, as
 * "-?I.FF" in out; -1 if s is not -?(0|[1-9][0-9]*)(\.[0-9]+)? with at
 * most 15 integer digits. */
static int money_norm(const char *s, size_t len, char *out, size_t cap)
{
	char d[20]; /* spare '0', up to 15 integer digits, 2 decimals */
	size_t ip = int_part(s, len), neg = (len && s[0] == '-'), nint, nd,
	       nf = 0, i, k = 0;
	int zero = 1;

	nint = ip - neg;
	if (!ip || nint > 15 || cap < nint + 6)
		return -1;
	if (ip < len) {
		nf = digits(s, len, ip + 1);
		if (s[ip] != '.' || !nf || ip + 1 + nf != len)
			return -1;
	}
	d[0] = '0';
	memcpy(d + 1, s + neg, nint);
	d[nint + 1] = nf > 0 ? s[ip + 1] : '0';
	d[nint + 2] = nf > 1 ? s[ip + 2] : '0';
	nd = nint + 3;
	if (nf > 2 && s[ip + 3] >= '5')
		decimal_increment(d, nd);
	for (i = 0; i < nd; i++)
		zero &= d[i] == '0';
	if (neg && !zero)
		out[k++] = '-';
	for (i = d[0] == '0' ? 1 : 0; i < nd - 2; i++)
		out[k++] = d[i];
	out[k++] = '.';
	out[k++] = d[nd - 2];
	out[k++] = d[nd - 1];
	out[k] = '\0';
	return 0;
}

static void read_money(struct export_cell *c)
{
	if (money_norm(c->text, c->len, c->norm, sizeof(c->norm)))
		return;
	c->text = c->norm;
	c->len = strlen(c->norm);
	c->num = strtod(c->norm, NULL);
	c->type = EXPORT_MONEY;
}

static void read_date(struct export_cell *c)
{
	int day = 0;

	if (c->len != 10 || cal_date_parse_n(c->text, c->len, &day, NULL, NULL))
		return;
	if (day < EXCEL_FIRST_TRUE)
		return;
	c->num = (double)day + EXCEL_EPOCH_SHIFT;
	c->type = EXPORT_DATE;
}

/* Read value (NULL: empty) for column col into *c and widen the column. */
void export_cell_read(struct export_writer *w, size_t col, const char *value,
		      struct export_cell *c)
{
	size_t n = value ? strlen(value) : 0;

	c->type = EXPORT_TEXT;
	c->num = 0;
	c->norm[0] = '\0';
	c->text = value ? value : "";
	c->len = n;
	if (n && !utf8_valid(value, n))
		c->text = utf8_clean(w, value, n, &c->len);
	if (!c->len)
		return;
	switch (w->cols[col].type) {
	case EXPORT_INT:
		read_int(c);
		break;
	case EXPORT_NUMBER:
		read_number(c);
		break;
	case EXPORT_MONEY:
		read_money(c);
		break;
	case EXPORT_DATE:
		read_date(c);
		break;
	case EXPORT_TEXT:
		break;
	}
	n = fz_text_width(c->text, c->len);
	if (c->type == EXPORT_MONEY)
		n += n / 3; /* thousands separators */
	if (n > w->width[col])
		w->width[col] = (unsigned)n;
}

int export_broken(struct export_writer *w, struct fz_err *e, const char *what,
		  const char *detail)
{
	w->broken = 1;
	return fz_err_set(e, FZ_EIO, NULL, "export: %s: %s", what, detail);
}

/* ---- life cycle --------------------------------------------------------- */

static int check_cols(const struct export_col *cols, size_t ncols,
		      struct fz_err *e)
{
	size_t i;

	if (!cols || ncols == 0 || ncols > EXPORT_MAX_COLS)
		return fz_err_set(e, FZ_EINVAL, "columns",
				  "export: %zu columns (1..%d allowed)", ncols,
				  EXPORT_MAX_COLS);
	for (i = 0; i < ncols; i++) {
		if (!cols[i].label)
			return fz_err_set(e, FZ_EINVAL, "columns",
					  "export: column %zu has no label", i);
		if ((unsigned)cols[i].type > EXPORT_MONEY)
			return fz_err_set(e, FZ_EINVAL, "columns",
					  "export: column %zu: bad type %d", i,
					  (int)cols[i].type);
	}
	return 0;
}

/* A copy of s with invalid UTF-8 replaced. */
static char *clean_copy(struct export_writer *w, const char *s)
{
	size_t n = strlen(s);

	if (utf8_valid(s, n))
		return fz_xstrdup(s);
	return fz_xstrdup(utf8_clean(w, s, n, &n));
}

static struct export_writer *
writer_new(enum export_format f, const struct export_col *cols, size_t ncols)
{
	struct export_writer *w = fz_xcalloc(1, sizeof(*w));
	size_t i;

	w->format = f;
	w->ncols = ncols;
	w->cols = fz_xcalloc(ncols, sizeof(*w->cols));
	w->width = fz_xcalloc(ncols, sizeof(*w->width));
	fz_buf_init(&w->clean, 0);
	for (i = 0; i < ncols; i++) {
		w->cols[i].key = cols[i].key ? fz_xstrdup(cols[i].key) : NULL;
		w->cols[i].label = clean_copy(w, cols[i].label);
		w->cols[i].type = cols[i].type;
		w->width[i] =
		    fz_text_width(w->cols[i].label, strlen(w->cols[i].label));
	}
	fz_buf_init(&w->csv.pending, EXPORT_PENDING_CAP);
	w->xlsx.fd = -1;
	return w;
}

int export_open(struct export_writer **out, enum export_format f,
		const char *sheet_title, const struct export_col *cols,
		size_t ncols, struct fz_err *e)
{
	struct export_writer *w;
	int rc;

	*out = NULL;
	if (f != EXPORT_CSV && f != EXPORT_XLSX)
		return fz_err_set(e, FZ_EINVAL, "format",
				  "export: unknown format %d", (int)f);
	rc = check_cols(cols, ncols, e);
	if (rc)
		return rc;
	w = writer_new(f, cols, ncols);
	if (f == EXPORT_CSV)
		rc = export_csv_open(w, e);
	else
		rc = export_xlsx_open(w, sheet_title, e);
	if (rc) {
		export_free(w);
		return rc;
	}
	*out = w;
	return 0;
}

static int check_usable(struct export_writer *w, struct fz_err *e)
{
	if (w->broken)
		return fz_err_set(e, FZ_EIO, NULL,
				  "export: writer failed earlier");
	return 0;
}

int export_row(struct export_writer *w, const char *const *values,
	       struct fz_err *e)
{
	int rc = check_usable(w, e);

	if (rc)
		return rc;
	if (w->finished)
		return fz_err_set(e, FZ_EINVAL, NULL,
				  "export: row after export_finish");
	if (w->format == EXPORT_CSV)
		rc = export_csv_row(w, values, e);
	else
		rc = export_xlsx_row(w, values, e);
	if (!rc)
		w->rows++;
	return rc;
}

int export_take(struct export_writer *w, struct fz_buf *out, struct fz_err *e)
{
	int rc = check_usable(w, e);

	if (rc)
		return rc;
	if (w->format == EXPORT_CSV)
		return export_csv_take(w, out, e);
	return export_xlsx_take(w, out, e);
}

int export_read(struct export_writer *w, char *buf, size_t max, size_t *n,
		struct fz_err *e)
{
	int rc = check_usable(w, e);

	*n = 0;
	if (rc)
		return rc;
	if (w->format == EXPORT_CSV) {
		*n = export_csv_read(w, buf, max);
		return 0;
	}
	return export_xlsx_read(w, buf, max, n, e);
}

int export_finish(struct export_writer *w, struct fz_err *e)
{
	int rc = check_usable(w, e);

	if (rc)
		return rc;
	if (w->finished)
		return fz_err_set(e, FZ_EINVAL, NULL,
				  "export: export_finish called twice");
	if (w->format == EXPORT_XLSX) {
		rc = export_xlsx_finish(w, e);
		if (rc)
			return rc;
	}
	w->finished = 1;
	return 0;
}

int export_done(const struct export_writer *w)
{
	if (!w->finished || w->broken)
		return 0;
	if (w->format == EXPORT_CSV)
		return export_csv_done(w);
	return w->xlsx.off >= w->xlsx.size;
}

uint64_t export_rows(const struct export_writer *w)
{
	return w->rows;
}

int64_t export_size(const struct export_writer *w)
{
	if (w->format == EXPORT_XLSX && w->finished && !w->broken)
		return w->xlsx.size;
	return -1;
}

void export_free(struct export_writer *w)
{
	size_t i;

	if (!w)
		return;
	if (w->format == EXPORT_CSV)
		export_csv_free(w);
	else
		export_xlsx_free(w);
	for (i = 0; i < w->ncols; i++) {
		free(w->cols[i].key);
		free(w->cols[i].label);
	}
	free(w->cols);
	free(w->width);
	fz_buf_release(&w->clean);
	free(w);
}

/* ---- names -------------------------------------------------------------- */

int export_format_parse(const char *s, enum export_format *f, struct fz_err *e)
{
	if (s && strcmp(s, "csv") == 0)
		*f = EXPORT_CSV;
	else if (s && strcmp(s, "xlsx") == 0)
		*f = EXPORT_XLSX;
	else
		return fz_err_set(e, FZ_EINVAL, "format",
				  "format: '%s' is not csv or xlsx",
				  s ? s : "(none)");
	return 0;
}

const char *export_content_type(enum export_format f)
{
	if (f == EXPORT_XLSX)
		return "application/"
		       "vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	return "text/csv; charset=utf-8";
}

const char *export_extension(enum export_format f)
{
	return f == EXPORT_XLSX ? "xlsx" : "csv";
}
