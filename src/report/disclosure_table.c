/*
 * disclosure_table.c - the national table of disclosure requests (see
 * disclosure_table.h for the layout, the codes and the counting rules).
 *
 * The layout is data: rows[] lists the 25 rows in table order with their
 * ids (which are also the reply_reason codes) and labels as printed in the
 * format of 国办公开办函〔2021〕30号, groups[] the four groups （三）–（六）,
 * cols[] the seven columns. Counting, drill-down, Markdown and XLSX all
 * walk these tables, so the layout is written once.
 *
 * A record is placed (which cells it goes to) before anything changes, so
 * a refused record leaves the table as it was. Each stored cell is the
 * array of record ids counted there; a count is an array's length. The
 * total row and the total column are sums, never stored, which is why the
 * identity new + carried_in = total + carried_out can only fail if the
 * placement rules are wrong - dtable_check() is the guard against that.
 *
 * The XLSX writer uses libxlsxwriter without constant_memory (merged cells
 * need it off; the table is small) and collects the first error of the
 * many calls in struct dx rather than testing each.
 */
#include "disclosure_table.h"

#include "calendar/calendar.h"
#include "lib/utf8.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

enum row_kind {
	ROW_TOP, /* 一 二 四: the label spans the three label columns */
	ROW_RESULT, /* （一）（二）（七）: spans the last two label columns */
	ROW_ITEM /* an item of a group （三）–（六） */
};

enum { G_NONE = -1, G_WITHHOLD, G_UNAVAILABLE, G_NOT_HANDLED, G_OTHER };

struct dt_row {
	const char *id;
	const char *label;
	enum row_kind kind;
	int group;
};

struct dt_group {
	const char *id; /* also the reply_type */
	const char *label;
	size_t first, count;
};

struct dt_col {
	const char *id;
	const char *label;
};

static const struct dt_row rows[DTABLE_NROWS] = {
    {"new", "一、本年新收政府信息公开申请数量", ROW_TOP, G_NONE},
    {"carried_in", "二、上年结转政府信息公开申请数量", ROW_TOP, G_NONE},
    {"disclose", "（一）予以公开", ROW_RESULT, G_NONE},
    {"partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
     ROW_RESULT, G_NONE},
    {"withhold.state_secret", "1.属于国家秘密", ROW_ITEM, G_WITHHOLD},
    {"withhold.law_forbids", "2.其他法律行政法规禁止公开", ROW_ITEM,
     G_WITHHOLD},
    {"withhold.three_safety", "3.危及“三安全一稳定”", ROW_ITEM, G_WITHHOLD},
    {"withhold.third_party", "4.保护第三方合法权益", ROW_ITEM, G_WITHHOLD},
    {"withhold.internal_affairs", "5.属于三类内部事务信息", ROW_ITEM,
     G_WITHHOLD},
    {"withhold.process_info", "6.属于四类过程性信息", ROW_ITEM, G_WITHHOLD},
    {"withhold.enforcement_file", "7.属于行政执法案卷", ROW_ITEM, G_WITHHOLD},
    {"withhold.inquiry", "8.属于行政查询事项", ROW_ITEM, G_WITHHOLD},
    {"unavailable.not_held", "1.本机关不掌握相关政府信息", ROW_ITEM,
     G_UNAVAILABLE},
    {"unavailable.need_create", "2.没有现成信息需要另行制作", ROW_ITEM,
     G_UNAVAILABLE},
    {"unavailable.unclear", "3.补正后申请内容仍不明确", ROW_ITEM,
     G_UNAVAILABLE},
    {"not_handled.petition", "1.信访举报投诉类申请", ROW_ITEM, G_NOT_HANDLED},
    {"not_handled.repeat", "2.重复申请", ROW_ITEM, G_NOT_HANDLED},
    {"not_handled.publication", "3.要求提供公开出版物", ROW_ITEM,
     G_NOT_HANDLED},
    {"not_handled.massive", "4.无正当理由大量反复申请", ROW_ITEM,
     G_NOT_HANDLED},
    {"not_handled.confirm", "5.要求行政机关确认或重新出具已获取信息", ROW_ITEM,
     G_NOT_HANDLED},
    {"other.no_correction",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     ROW_ITEM, G_OTHER},
    {"other.no_fee",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     ROW_ITEM, G_OTHER},
    {"other.other", "3.其他", ROW_ITEM, G_OTHER},
    {"total", "（七）总计", ROW_RESULT, G_NONE},
    {"carried_out", "四、结转下年度继续办理", ROW_TOP, G_NONE},
};

static const struct dt_group groups[] = {
    {"withhold", "（三）不予公开", DTABLE_ROW_WITHHOLD_FIRST, 8},
    {"unavailable", "（四）无法提供", DTABLE_ROW_UNAVAILABLE_FIRST, 3},
    {"not_handled", "（五）不予处理", DTABLE_ROW_NOT_HANDLED_FIRST, 5},
    {"other", "（六）其他处理", DTABLE_ROW_OTHER_FIRST, 3},
};
#define NGROUPS (sizeof(groups) / sizeof(groups[0]))

static const struct dt_col cols[DTABLE_NCOLS] = {
    {"natural_person", "自然人"},
    {"commercial", "商业企业"},
    {"research", "科研机构"},
    {"public_interest", "社会公益组织"},
    {"legal_service", "法律服务机构"},
    {"other", "其他"},
    {"total", "总计"},
};

#define RESULTS_LABEL "三、本年度办理结果"
#define NOTE_LABEL                                                             \
	"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
#define APPLICANT_LABEL "申请人情况"
#define LEGAL_LABEL	"法人或其他组织"
#define CAPTION_LABEL	"年收到和处理政府信息公开申请情况"
#define NRESULTS	(DTABLE_ROW_TOTAL - DTABLE_ROW_DISCLOSE)

/* ---- names ---------------------------------------------------------- */

const char *dtable_row_id(size_t row)
{
	return row < DTABLE_NROWS ? rows[row].id : NULL;
}

const char *dtable_row_label(size_t row)
{
	return row < DTABLE_NROWS ? rows[row].label : NULL;
}

const char *dtable_row_group(size_t row)
{
	if (row >= DTABLE_NROWS || rows[row].group == G_NONE)
		return NULL;
	return groups[rows[row].group].label;
}

const char *dtable_col_id(size_t col)
{
	return col < DTABLE_NCOLS ? cols[col].id : NULL;
}

const char *dtable_col_label(size_t col)
{
	return col < DTABLE_NCOLS ? cols[col].label : NULL;
}

static int find_row(const char *id)
{
	size_t i;

	for (i = 0; id && i < DTABLE_NROWS; i++)
		if (strcmp(rows[i].id, id) == 0)
			return (int)i;
	return -1;
}

static int find_group(const char *id)
{
	size_t i;

	for (i = 0; id && i < NGROUPS; i++)
		if (strcmp(groups[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* An applicant type's column, or -1 ("total" is not a type). */
static int find_type(const char *id)
{
	size_t i;

	for (i = 0; id && i < DTABLE_NTYPES; i++)
		if (strcmp(cols[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* The stored rows a row or group id covers: [*first, *first + *count). */
static int row_span(const char *id, size_t *first, size_t *count)
{
	int i = find_row(id);

	if (i == DTABLE_ROW_TOTAL) {
		*first = DTABLE_ROW_DISCLOSE;
		*count = NRESULTS;
	} else if (i >= 0) {
		*first = (size_t)i;
		*count = 1;
	} else if ((i = find_group(id)) >= 0) {
		*first = groups[i].first;
		*count = groups[i].count;
	} else {
		return -1;
	}
	return 0;
}

static int col_span(const char *id, size_t *first, size_t *count)
{
	int i = find_type(id);

	if (i >= 0) {
		*first = (size_t)i;
		*count = 1;
	} else if (id && strcmp(id, "total") == 0) {
		*first = 0;
		*count = DTABLE_NTYPES;
	} else if (id && strcmp(id, "legal_person") == 0) {
		*first = DTABLE_COL_COMMERCIAL; /* 法人或其他组织 */
		*count = DTABLE_NTYPES - 1;
	} else {
		return -1;
	}
	return 0;
}

/* ---- life cycle --------------------------------------------------------- */

int dtable_init(struct dtable *t, int year, struct fz_err *e)
{
	memset(t, 0, sizeof(*t));
	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return fz_err_set(e, FZ_EINVAL, "year",
				  "year: %d is outside %d..%d", year,
				  CAL_YEAR_MIN, CAL_YEAR_MAX);
	if (cal_date_make(year, 1, 1, &t->first, "year", e) ||
	    cal_date_make(year, 12, 31, &t->last, "year", e))
		return FZ_EINVAL;
	t->year = year;
	return 0;
}

static void ids_release(struct dtable_ids *a)
{
	free(a->v);
	a->v = NULL;
	a->n = a->alloc = 0;
}

void dtable_release(struct dtable *t)
{
	size_t r, c;

	for (r = 0; r < DTABLE_NROWS; r++)
		for (c = 0; c < DTABLE_NTYPES; c++)
			ids_release(&t->cell[r][c]);
	ids_release(&t->unclassified);
}

static void ids_push(struct dtable_ids *a, int64_t id)
{
	a->v = fz_xgrow(a->v, a->n, &a->alloc, sizeof(*a->v), 8);
	a->v[a->n++] = id;
}

/* ---- placing a record ------------------------------------------------- */

/* Where one record is counted. */
struct dt_place {
	int type;
	int is_new, carried_in, carried_out;
	int replied; /* in the year */
	int result;  /* its result row, or -1 */
	int unclassified;
};

static int check_dates(const struct dtable_rec *r, struct fz_err *e)
{
	char a[CAL_DATE_LEN], b[CAL_DATE_LEN];

	if (!cal_date_valid(r->received_on))
		return fz_err_set(e, FZ_EINVAL, "received_on",
				  "received_on: not a date (record %lld)",
				  (long long)r->record_id);
	if (r->replied_on == CAL_NO_DATE)
		return 0;
	if (!cal_date_valid(r->replied_on))
		return fz_err_set(e, FZ_EINVAL, "replied_on",
				  "replied_on: not a date (record %lld)",
				  (long long)r->record_id);
	if (r->replied_on < r->received_on)
		return fz_err_set(
		    e, FZ_EINVAL, "replied_on",
		    "replied_on: %s is before received_on %s (record %lld)",
		    cal_date_format(r->replied_on, a),
		    cal_date_format(r->received_on, b),
		    (long long)r->record_id);
	return 0;
}

/* The flow flags; returns whether the record touches the year at all. */
static int place_dates(const struct dtable *t, const struct dtable_rec *r,
		       struct dt_place *p)
{
	int open = r->replied_on == CAL_NO_DATE;

	p->is_new = r->received_on >= t->first && r->received_on <= t->last;
	p->carried_in =
	    r->received_on < t->first && (open || r->replied_on >= t->first);
	p->carried_out =
	    r->received_on <= t->last && (open || r->replied_on > t->last);
	p->replied =
	    !open && r->replied_on >= t->first && r->replied_on <= t->last;
	p->result = -1;
	return p->is_new || p->carried_in || p->carried_out || p->replied;
}

static int unknown(struct fz_err *e, const char *field, const char *code,
		   const struct dtable_rec *r)
{
	return fz_err_set(e, FZ_EINVAL, field,
			  "%s: unknown code '%s' (record %lld)", field, code,
			  (long long)r->record_id);
}

/* The result row of a record replied in the year. */
static int place_result(const struct dtable_rec *r, struct dt_place *p,
			struct fz_err *e)
{
	const char *reason = r->reply_reason;
	int i, g;

	if (!r->reply_type || !*r->reply_type)
		return fz_err_set(e, FZ_EINVAL, "reply_type",
				  "reply_type: missing on a replied record "
				  "(record %lld)",
				  (long long)r->record_id);
	i = find_row(r->reply_type);
	if (i == DTABLE_ROW_DISCLOSE || i == DTABLE_ROW_PARTIAL) {
		p->result = i; /* a reason, if any, is not counted */
		return 0;
	}
	g = find_group(r->reply_type);
	if (g < 0)
		return unknown(e, "reply_type", r->reply_type, r);
	if (!reason || !*reason) {
		p->result = DTABLE_ROW_OTHER_OTHER;
		p->unclassified = g != G_OTHER;
		return 0;
	}
	i = find_row(reason);
	if (i < 0 || rows[i].group == G_NONE)
		return unknown(e, "reply_reason", reason, r);
	if (rows[i].group != g)
		return fz_err_set(e, FZ_EINVAL, "reply_reason",
				  "reply_reason: '%s' is not a reason for "
				  "reply_type '%s' (record %lld)",
				  reason, r->reply_type,
				  (long long)r->record_id);
	p->result = i;
	return 0;
}

int dtable_add(struct dtable *t, const struct dtable_rec *r, struct fz_err *e)
{
	struct dt_place p = {0};
	int rc;

	if (!t->year)
		return fz_err_set(e, FZ_EINVAL, "year",
				  "year: the table has no valid year");
	rc = check_dates(r, e);
	if (rc || !place_dates(t, r, &p))
		return rc;
	p.type = find_type(r->applicant_type);
	if (p.type < 0)
		return unknown(e, "applicant_type",
			       r->applicant_type ? r->applicant_type : "", r);
	if (p.replied && (rc = place_result(r, &p, e)))
		return rc;
	if (p.is_new)
		ids_push(&t->cell[DTABLE_ROW_NEW][p.type], r->record_id);
	if (p.carried_in)
		ids_push(&t->cell[DTABLE_ROW_CARRIED_IN][p.type], r->record_id);
	if (p.result >= 0)
		ids_push(&t->cell[p.result][p.type], r->record_id);
	if (p.carried_out)
		ids_push(&t->cell[DTABLE_ROW_CARRIED_OUT][p.type],
			 r->record_id);
	if (p.unclassified)
		ids_push(&t->unclassified, r->record_id);
	return 0;
}

/* ---- reading ------------------------------------------------------------ */

static int sum(const struct dtable *t, size_t r0, size_t nr, size_t c0,
	       size_t nc)
{
	size_t r, c, n = 0;

	for (r = r0; r < r0 + nr; r++)
		for (c = c0; c < c0 + nc; c++)
			n += t->cell[r][c].n;
	return (int)n;
}

int dtable_cell_at(const struct dtable *t, size_t row, size_t col)
{
	size_t r0 = row, nr = 1, c0 = col, nc = 1;

	if (row >= DTABLE_NROWS || col >= DTABLE_NCOLS)
		return -1;
	if (row == DTABLE_ROW_TOTAL) {
		r0 = DTABLE_ROW_DISCLOSE;
		nr = NRESULTS;
	}
	if (col == DTABLE_COL_TOTAL) {
		c0 = 0;
		nc = DTABLE_NTYPES;
	}
	return sum(t, r0, nr, c0, nc);
}

int dtable_cell(const struct dtable *t, const char *row_id, const char *col_id)
{
	size_t r0, nr, c0, nc;

	if (row_span(row_id, &r0, &nr) || col_span(col_id, &c0, &nc))
		return -1;
	return sum(t, r0, nr, c0, nc);
}

int dtable_check(const struct dtable *t, struct fz_err *e)
{
	size_t c;
	int in, out;

	for (c = 0; c < DTABLE_NCOLS; c++) {
		in = dtable_cell_at(t, DTABLE_ROW_NEW, c) +
		     dtable_cell_at(t, DTABLE_ROW_CARRIED_IN, c);
		out = dtable_cell_at(t, DTABLE_ROW_TOTAL, c) +
		      dtable_cell_at(t, DTABLE_ROW_CARRIED_OUT, c);
		if (in != out)
			return fz_err_set(
			    e, FZ_ECORRUPT, cols[c].id,
			    "disclosure table %d, column %s: 一+二 = %d but "
			    "三（七）+四 = %d",
			    t->year, cols[c].label, in, out);
	}
	return 0;
}

int dtable_records(const struct dtable *t, const char *row_id,
		   const char *col_id, int64_t **ids, size_t *n,
		   struct fz_err *e)
{
	size_t r0, nr, c0, nc, r, c, k = 0;
	const struct dtable_ids *a;

	*ids = NULL;
	*n = 0;
	if (row_span(row_id, &r0, &nr))
		return fz_err_set(e, FZ_ENOTFOUND, "row", "row: no row '%s'",
				  row_id ? row_id : "");
	if (col_span(col_id, &c0, &nc))
		return fz_err_set(e, FZ_ENOTFOUND, "col", "col: no column '%s'",
				  col_id ? col_id : "");
	*n = (size_t)sum(t, r0, nr, c0, nc);
	if (*n == 0)
		return 0;
	*ids = fz_xmalloc(*n * sizeof(**ids));
	for (r = r0; r < r0 + nr; r++)
		for (c = c0; c < c0 + nc; c++) {
			a = &t->cell[r][c];
			if (a->n)
				memcpy(*ids + k, a->v, a->n * sizeof(*a->v));
			k += a->n;
		}
	return 0;
}

const int64_t *dtable_unclassified(const struct dtable *t, size_t *n)
{
	*n = t->unclassified.n;
	return t->unclassified.v;
}

/* ---- Markdown ------------------------------------------------------------ */

#define MD_COLS (3 + DTABLE_NCOLS)

static int md_line(struct fz_buf *b, const char *const cell[MD_COLS])
{
	size_t i;
	int rc = fz_buf_add(b, "|", 1);

	for (i = 0; i < MD_COLS && !rc; i++) {
		if (cell[i] && *cell[i])
			rc = fz_buf_addf(b, " %s |", cell[i]);
		else
			rc = fz_buf_add(b, " |", 2);
	}
	return rc ? rc : fz_buf_add(b, "\n", 1);
}

/* org_name with the characters Markdown would read escaped, on one line. */
static int md_text(struct fz_buf *b, const char *s)
{
	int rc = 0;

	for (; s && *s && !rc; s++) {
		if (strchr("\\`*_[]<>|#~", *s))
			rc = fz_buf_add(b, "\\", 1);
		if (!rc)
			rc = fz_buf_add(b, *s == '\n' || *s == '\r' ? " " : s,
					1);
	}
	return rc;
}

static int md_head(struct fz_buf *b)
{
	const char *const l1[MD_COLS] = {NOTE_LABEL, "", "", APPLICANT_LABEL};
	const char *const l2[MD_COLS] = {
	    "", "", "", cols[DTABLE_COL_NATURAL_PERSON].label, LEGAL_LABEL, "",
	    "", "", "", cols[DTABLE_COL_TOTAL].label};
	const char *const l3[MD_COLS] = {"",
					 "",
					 "",
					 "",
					 cols[1].label,
					 cols[2].label,
					 cols[3].label,
					 cols[4].label,
					 cols[5].label,
					 ""};
	int rc = md_line(b, l1);

	if (!rc)
		rc = fz_buf_adds(b, "| --- | --- | --- | :-: | :-: | :-: | "
				    ":-: | :-: | :-: | :-: |\n");
	if (!rc)
		rc = md_line(b, l2);
	return rc ? rc : md_line(b, l3);
}

static int md_row(const struct dtable *t, size_t r, struct fz_buf *b)
{
	const char *cell[MD_COLS] = {0};
	char num[DTABLE_NCOLS][16];
	size_t c;
	int g = rows[r].group;

	if (rows[r].kind == ROW_TOP) {
		cell[0] = rows[r].label;
	} else if (rows[r].kind == ROW_RESULT) {
		cell[0] = r == DTABLE_ROW_DISCLOSE ? RESULTS_LABEL : "";
		cell[1] = rows[r].label;
	} else {
		cell[1] = r == groups[g].first ? groups[g].label : "";
		cell[2] = rows[r].label;
	}
	for (c = 0; c < DTABLE_NCOLS; c++) {
		snprintf(num[c], sizeof(num[c]), "%d", dtable_cell_at(t, r, c));
		cell[3 + c] = num[c];
	}
	return md_line(b, cell);
}

int dtable_render_md(const struct dtable *t, const char *org_name,
		     struct fz_buf *out)
{
	size_t r;
	int rc = fz_buf_add(out, "**", 2);

	if (!rc)
		rc = md_text(out, org_name);
	if (!rc)
		rc = fz_buf_addf(out, "%d" CAPTION_LABEL "**\n\n", t->year);
	if (!rc)
		rc = md_head(out);
	for (r = 0; r < DTABLE_NROWS && !rc; r++)
		rc = md_row(t, r, out);
	return rc;
}

/* ---- XLSX -----------------------------------------------------------------
 */

#define X_FIRST_HEAD 2 /* rows 0, 1: title and period */
#define X_FIRST_DATA (X_FIRST_HEAD + 3)
#define X_NUM_COL    3
#define X_LAST_COL   (X_NUM_COL + DTABLE_NCOLS - 1)
#define X_FONT	     "宋体"
#define X_LINE_PT    15.0

static const double x_widths[3] = {10, 14, 36}; /* label columns A-C */
#define X_NUM_WIDTH 9

struct dx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *title, *sub, *head, *label, *num;
	lxw_error err;
};

static lxw_format *x_format(struct dx *x, double size, int bordered)
{
	lxw_format *f = workbook_add_format(x->wb);

	format_set_font_name(f, X_FONT);
	format_set_font_size(f, size);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);
	if (bordered)
		format_set_border(f, LXW_BORDER_THIN);
	return f;
}

static void x_formats(struct dx *x)
{
	x->title = x_format(x, 14, 0);
	format_set_bold(x->title);
	format_set_align(x->title, LXW_ALIGN_CENTER);
	x->sub = x_format(x, 10, 0);
	x->head = x_format(x, 10, 1);
	format_set_align(x->head, LXW_ALIGN_CENTER);
	x->label = x_format(x, 10, 1);
	x->num = x_format(x, 10, 1);
	format_set_align(x->num, LXW_ALIGN_CENTER);
}

static void x_merge(struct dx *x, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
		    lxw_col_t c2, const char *s, lxw_format *f)
{
	if (!x->err)
		x->err = worksheet_merge_range(x->ws, r1, c1, r2, c2, s, f);
}

static void x_str(struct dx *x, lxw_row_t r, lxw_col_t c, const char *s,
		  lxw_format *f)
{
	if (!x->err)
		x->err = worksheet_write_string(x->ws, r, c, s, f);
}

/* Row height for a label in a cell `width` characters wide. */
static double x_height(const char *label, double width)
{
	double lines = fz_text_width(label, strlen(label)) / (width - 1);
	int n = (int)lines + (lines > (int)lines);

	return (n < 1 ? 1 : n) * X_LINE_PT + 3;
}

static void x_head(struct dx *x, const struct dtable *t, const char *org)
{
	struct fz_buf text = FZ_BUF_INIT(0);
	lxw_row_t h = X_FIRST_HEAD;
	size_t c;

	(void)fz_buf_addf(&text, "%s%d" CAPTION_LABEL, org ? org : "", t->year);
	x_merge(x, 0, 0, 0, X_LAST_COL, text.data, x->title);
	fz_buf_reset(&text);
	(void)fz_buf_addf(&text, "统计期限：%d年1月1日至%d年12月31日", t->year,
			  t->year);
	x_merge(x, 1, 0, 1, X_LAST_COL, text.data, x->sub);
	fz_buf_release(&text);
	x_merge(x, h, 0, h + 2, 2, NOTE_LABEL, x->head);
	x_merge(x, h, X_NUM_COL, h, X_LAST_COL, APPLICANT_LABEL, x->head);
	x_merge(x, h + 1, X_NUM_COL, h + 2, X_NUM_COL, cols[0].label, x->head);
	x_merge(x, h + 1, X_NUM_COL + 1, h + 1, X_NUM_COL + 5, LEGAL_LABEL,
		x->head);
	x_merge(x, h + 1, X_LAST_COL, h + 2, X_LAST_COL,
		cols[DTABLE_COL_TOTAL].label, x->head);
	for (c = 1; c < DTABLE_NTYPES; c++)
		x_str(x, h + 2, (lxw_col_t)(X_NUM_COL + c), cols[c].label,
		      x->head);
	worksheet_set_row(x->ws, 0, 28, NULL);
	worksheet_set_row(x->ws, h + 2, 2 * X_LINE_PT + 3, NULL);
}

static void x_label(struct dx *x, size_t r)
{
	lxw_row_t row = (lxw_row_t)(X_FIRST_DATA + r);
	int g = rows[r].group;
	double width = x_widths[2];

	if (rows[r].kind == ROW_TOP) {
		x_merge(x, row, 0, row, 2, rows[r].label, x->label);
		width += x_widths[0] + x_widths[1];
	} else if (rows[r].kind == ROW_RESULT) {
		x_merge(x, row, 1, row, 2, rows[r].label, x->label);
		width += x_widths[1];
	} else {
		if (r == groups[g].first)
			x_merge(x, row, 1, row + groups[g].count - 1, 1,
				groups[g].label, x->label);
		x_str(x, row, 2, rows[r].label, x->label);
	}
	worksheet_set_row(x->ws, row, x_height(rows[r].label, width), NULL);
}

static void x_body(struct dx *x, const struct dtable *t)
{
	size_t r, c;

	x_merge(x, X_FIRST_DATA + DTABLE_ROW_DISCLOSE, 0,
		X_FIRST_DATA + DTABLE_ROW_TOTAL, 0, RESULTS_LABEL, x->label);
	for (r = 0; r < DTABLE_NROWS; r++) {
		x_label(x, r);
		for (c = 0; c < DTABLE_NCOLS && !x->err; c++)
			x->err = worksheet_write_number(
			    x->ws, (lxw_row_t)(X_FIRST_DATA + r),
			    (lxw_col_t)(X_NUM_COL + c), dtable_cell_at(t, r, c),
			    x->num);
	}
}

static void x_page(struct dx *x)
{
	lxw_col_t c;

	for (c = 0; c < 3; c++)
		worksheet_set_column(x->ws, c, c, x_widths[c], NULL);
	worksheet_set_column(x->ws, X_NUM_COL, X_LAST_COL, X_NUM_WIDTH, NULL);
	worksheet_set_paper(x->ws, 9); /* A4 */
	worksheet_set_landscape(x->ws);
	worksheet_fit_to_pages(x->ws, 1, 1);
	worksheet_center_horizontally(x->ws);
	worksheet_set_margins(x->ws, 0.5, 0.5, 0.6, 0.6);
}

int dtable_render_xlsx(const struct dtable *t, const char *org_name,
		       const char *path, struct fz_err *e)
{
	const char *dir = getenv("TMPDIR");
	char *tmpdir = fz_xstrdup(dir && *dir ? dir : "/tmp");
	lxw_workbook_options o = {.constant_memory = LXW_FALSE,
				  .tmpdir = tmpdir,
				  .use_zip64 = LXW_FALSE};
	struct dx x = {0};
	lxw_error err;

	x.wb = workbook_new_opt(path, &o);
	if (x.wb)
		x.ws = workbook_add_worksheet(x.wb, "政府信息公开申请情况");
	if (!x.ws) {
		if (x.wb)
			lxw_workbook_free(x.wb);
		free(tmpdir);
		return fz_err_set(e, FZ_EIO, NULL,
				  "disclosure table: cannot create %s", path);
	}
	x_formats(&x);
	x_head(&x, t, org_name);
	x_body(&x, t);
	x_page(&x);
	err = workbook_close(x.wb); /* frees the workbook in any case */
	free(tmpdir);
	if (!err)
		err = x.err;
	if (err)
		return fz_err_set(e, FZ_EIO, NULL, "disclosure table: %s: %s",
				  path, lxw_strerror(err));
	return 0;
}
