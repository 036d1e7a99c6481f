/*
 * annual_xlsx.c - the indicator table of the annual report as XLSX: every
 * indicator with this year's and last year's value, the change, the
 * number of records behind it, whether it is a record figure or entered
 * by hand, and for a rate its numerator and denominator with the rate as
 * an Excel formula over them (its value cached), so that a reader checks
 * the arithmetic in the sheet itself. Where last year has no records of
 * the indicator's kind (ind_all's previous is null), last year's cell is
 * empty and the change reads 上年无数据. Values take the indicator's
 * declared decimals. A second sheet breaks figures down by their groups
 * (petitions by category and so on).
 */
#include "annual.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

enum col {
	C_NO,
	C_ID,
	C_LABEL,
	C_UNIT,
	C_SOURCE,
	C_NOW,
	C_BEFORE,
	C_CHANGE,
	C_RECORDS,
	C_NUM,
	C_DEN,
	C_USED,
	NCOLS
};

/* In the change column where last year has no records to compare with. */
#define XL_NO_PREVIOUS "上年无数据"

enum { NDEC = 5 }; /* decimals an indicator may declare: 0..4 */
static const char *const dec_formats[NDEC] = {"0", "0.0", "0.00", "0.000",
					      "0.0000"};

struct xl {
	lxw_workbook *wb;
	lxw_worksheet *ws, *groups;
	lxw_format *head, *num, *dec[NDEC];
	const json_t *all, *used;
	const char *org;
	int year;
};

static double num_of(const json_t *x, const char *key)
{
	return json_number_value(json_object_get(x, key));
}

static void headings(struct xl *x)
{
	static const char *const fixed[NCOLS] = {
	    "序号", "指标编号", "指标名称", "单位",   "来源",	NULL,
	    NULL,   "增减",	"记录数",   "分子值", "分母值", "报告中引用"};
	char now[16], before[16], title[600];
	int c;

	snprintf(title, sizeof(title), "%s%d年法治政府建设指标表", x->org,
		 x->year);
	worksheet_write_string(x->ws, 0, 0, title, NULL);
	snprintf(now, sizeof(now), "%d年", x->year);
	snprintf(before, sizeof(before), "%d年", x->year - 1);
	for (c = 0; c < NCOLS; c++)
		worksheet_write_string(x->ws, 1, (lxw_col_t)c,
				       c == C_NOW      ? now
				       : c == C_BEFORE ? before
						       : fixed[c],
				       x->head);
	worksheet_set_column(x->ws, C_ID, C_ID, 34, NULL);
	worksheet_set_column(x->ws, C_LABEL, C_LABEL, 40, NULL);
	worksheet_set_column(x->ws, C_NOW, C_DEN, 13, NULL);
	worksheet_freeze_panes(x->ws, 2, 3);
}

/* The format of an indicator's values: its declared decimals, else up to
 * two. */
static lxw_format *fmt_of(const struct xl *x, const json_t *ind)
{
	const json_t *d = json_object_get(ind, "decimals");

	if (json_is_integer(d) && json_integer_value(d) >= 0 &&
	    json_integer_value(d) < NDEC)
		return x->dec[json_integer_value(d)];
	return x->num;
}

/* A rate's cell: its formula over the numerator and denominator cells of
 * the same row (the sums of its parts, ind_all's ratio.num and
 * ratio.den), with the value fazhi computed cached. */
static void rate(struct xl *x, lxw_row_t r, const json_t *ind)
{
	const json_t *ratio = json_object_get(ind, "ratio");
	char f[160];

	worksheet_write_number(x->ws, r, C_NUM, num_of(ratio, "num"), x->num);
	worksheet_write_number(x->ws, r, C_DEN, num_of(ratio, "den"), x->num);
	snprintf(f, sizeof(f), "=IF(K%u=0,0,%sJ%u/K%u*100)", r + 1,
		 json_is_true(json_object_get(ratio, "complement")) ? "100-"
								    : "",
		 r + 1, r + 1);
	worksheet_write_formula_num(x->ws, r, C_NOW, f, fmt_of(x, ind),
				    num_of(ind, "value"));
}

/* Last year's value and the change as a formula; without last year's
 * records (previous null), an empty cell and 上年无数据. */
static void comparison(struct xl *x, lxw_row_t r, const json_t *ind)
{
	char f[64];

	if (json_is_null(json_object_get(ind, "previous"))) {
		worksheet_write_blank(x->ws, r, C_BEFORE, NULL);
		worksheet_write_string(x->ws, r, C_CHANGE, XL_NO_PREVIOUS,
				       NULL);
		return;
	}
	worksheet_write_number(x->ws, r, C_BEFORE, num_of(ind, "previous"),
			       fmt_of(x, ind));
	snprintf(f, sizeof(f), "=F%u-G%u", r + 1, r + 1);
	worksheet_write_formula_num(x->ws, r, C_CHANGE, f, fmt_of(x, ind),
				    num_of(ind, "value") -
					num_of(ind, "previous"));
}

static void row(struct xl *x, lxw_row_t r, size_t i, const json_t *ind)
{
	const char *id = json_string_value(json_object_get(ind, "id"));
	const char *kind = json_string_value(json_object_get(ind, "kind"));

	worksheet_write_number(x->ws, r, C_NO, (double)i + 1, NULL);
	worksheet_write_string(x->ws, r, C_ID, id, NULL);
	worksheet_write_string(x->ws, r, C_LABEL,
			       json_string_value(json_object_get(ind, "label")),
			       NULL);
	worksheet_write_string(x->ws, r, C_UNIT,
			       json_string_value(json_object_get(ind, "unit")),
			       NULL);
	worksheet_write_string(
	    x->ws, r, C_SOURCE,
	    kind && !strcmp(kind, "manual_figure") ? "人工录入" : "记录统计",
	    NULL);
	if (json_object_get(ind, "ratio"))
		rate(x, r, ind);
	else
		worksheet_write_number(x->ws, r, C_NOW, num_of(ind, "value"),
				       fmt_of(x, ind));
	comparison(x, r, ind);
	worksheet_write_number(x->ws, r, C_RECORDS, num_of(ind, "records"),
			       NULL);
	worksheet_write_string(x->ws, r, C_USED,
			       json_object_get(x->used, id) ? "是" : "", NULL);
}

static void group_rows(struct xl *x, const json_t *ind, lxw_row_t *r)
{
	const json_t *g;
	size_t i;

	json_array_foreach(json_object_get(ind, "groups"), i, g)
	{
		const char *label =
		    json_string_value(json_object_get(g, "label"));
		worksheet_write_string(
		    x->groups, *r, 0,
		    json_string_value(json_object_get(ind, "id")), NULL);
		worksheet_write_string(
		    x->groups, *r, 1,
		    json_string_value(json_object_get(ind, "label")), NULL);
		worksheet_write_string(x->groups, *r, 2,
				       label ? label : "（未填写）", NULL);
		worksheet_write_number(x->groups, *r, 3, num_of(g, "records"),
				       NULL);
		worksheet_write_number(x->groups, *r, 4, num_of(g, "amount"),
				       x->num);
		++*r;
	}
}

static int write_book(const char *path, void *arg, struct fz_err *e)
{
	static const char *const gh[] = {"指标编号", "指标名称", "分组",
					 "记录数", "数值"};
	struct xl *x = arg;
	lxw_row_t r = 2, gr = 1;
	const json_t *ind;
	lxw_error err;
	size_t i;

	x->wb = workbook_new(path);
	if (!x->wb)
		return fz_err_set(e, FZ_EIO, NULL, "cannot create the XLSX");
	x->ws = workbook_add_worksheet(x->wb, "指标");
	x->groups = workbook_add_worksheet(x->wb, "分组");
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_bg_color(x->head, 0xDDEBF7);
	x->num = workbook_add_format(x->wb);
	format_set_num_format(x->num, "0.##");
	for (i = 0; i < NDEC; i++) {
		x->dec[i] = workbook_add_format(x->wb);
		format_set_num_format(x->dec[i], dec_formats[i]);
	}
	headings(x);
	for (i = 0; i < 5; i++)
		worksheet_write_string(x->groups, 0, (lxw_col_t)i, gh[i],
				       x->head);
	json_array_foreach(x->all, i, ind)
	{
		row(x, r++, i, ind);
		group_rows(x, ind, &gr);
	}
	err = workbook_close(x->wb);
	if (err != LXW_NO_ERROR)
		return fz_err_set(e, FZ_EIO, NULL, "XLSX: %s",
				  lxw_strerror(err));
	return 0;
}

int annual_xlsx(const json_t *indicators, const json_t *used, const char *org,
		int year, struct fz_buf *out, struct fz_err *e)
{
	struct xl x = {
	    .all = indicators, .used = used, .org = org, .year = year};

	return fz_buf_via_file(out, write_book, &x, e);
}
