/*
 * disclosure_table.h - the national table of disclosure requests: section
 * 三 "收到和处理政府信息公开申请情况" of the 政府信息公开工作年度报告 in the
 * format of 国办公开办函〔2021〕30号 (SPEC §2.2, §4.2).
 *
 * The table. Rows, top to bottom (the row ids in brackets):
 *   一、本年新收政府信息公开申请数量                           [new]
 *   二、上年结转政府信息公开申请数量                           [carried_in]
 *   三、本年度办理结果
 *     （一）予以公开                                           [disclose]
 *     （二）部分公开（区分处理的，只计这一情形，不计其他情形）   [partial]
 *     （三）不予公开  1.属于国家秘密 ... 8.属于行政查询事项       [withhold.*]
 *     （四）无法提供  1.本机关不掌握相关政府信息 ... 3. [unavailable.*]
 *     （五）不予处理  1.信访举报投诉类申请 ... 5. [not_handled.*]
 *     （六）其他处理  1.申请人无正当理由逾期不补正… 2.… 3.其他   [other.*]
 *     （七）总计                                               [total]
 *   四、结转下年度继续办理                                     [carried_out]
 * The national table has no subtotal rows for （三）–（六）; dtable_cell()
 * still answers the group ids "withhold", "unavailable", "not_handled" and
 * "other" with the sum of their items, for narrative text and indicators.
 * Columns: 申请人情况 — 自然人 | 法人或其他组织: 商业企业, 科研机构,
 * 社会公益组织, 法律服务机构, 其他 | 总计. There is no subtotal column for
 * 法人或其他组织 either; dtable_cell() and dtable_records() answer the
 * column id "legal_person" with the sum of its five columns.
 *
 * The contract with the disclosure kind: a record's codes are exactly
 *   applicant_type  natural_person | commercial | research | public_interest
 *                   | legal_service | other          (the column ids)
 *   reply_type      disclose | partial | withhold | unavailable
 *                   | not_handled | other
 *   reply_reason    (for withhold, unavailable, not_handled, other) one of
 *                   withhold.state_secret withhold.law_forbids
 *                   withhold.three_safety withhold.third_party
 *                   withhold.internal_affairs withhold.process_info
 *                   withhold.enforcement_file withhold.inquiry
 *                   unavailable.not_held unavailable.need_create
 *                   unavailable.unclear
 *                   not_handled.petition not_handled.repeat
 *                   not_handled.publication not_handled.massive
 *                   not_handled.confirm
 *                   other.no_correction other.no_fee other.other
 *                   (the reason codes are the row ids)
 *   received_on     the received date (条例 art. 31), a calendar date
 *   replied_on      the date it was closed, or CAL_NO_DATE while open
 *
 * Counting for year Y (Y-01-01 = J, Y-12-31 = D):
 *   new          received in Y
 *   carried_in   received before J and not replied before J
 *   results      replied in Y, in the row of its reply (by applicant type)
 *   carried_out  received on or before D and not replied by D
 * So, per column, new + carried_in = total + carried_out, which
 * dtable_check() verifies. A record that touches none of these (received
 * after D, or replied before J) is ignored, and its codes are not read: a
 * report is never blocked by an old or future record. A record replied in
 * Y whose reply_type needs a reason but has none is counted under
 * （六）3.其他 [other.other]; when its reply_type is withhold, unavailable or
 * not_handled it is also listed by dtable_unclassified() so that the
 * report can warn that those records need a reason. A reason on a disclose
 * or partial reply is ignored.
 *
 * Drill-down: every cell keeps the ids of the records it counted, in the
 * order they were added; dtable_records() lists them for any cell,
 * including totals and groups.
 *
 * Ownership: struct dtable is the caller's (on the stack is fine); it owns
 * the id arrays, which dtable_release() frees. dtable_records() returns a
 * malloc'ed copy the caller frees. Out-of-memory aborts.
 */
#ifndef FZ_DISCLOSURE_TABLE_H
#define FZ_DISCLOSURE_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/err.h"

/* Rows in table order. */
enum dtable_row {
	DTABLE_ROW_NEW = 0,
	DTABLE_ROW_CARRIED_IN,
	DTABLE_ROW_DISCLOSE,
	DTABLE_ROW_PARTIAL,
	DTABLE_ROW_WITHHOLD_FIRST, /* withhold.state_secret */
	DTABLE_ROW_UNAVAILABLE_FIRST = DTABLE_ROW_WITHHOLD_FIRST + 8,
	DTABLE_ROW_NOT_HANDLED_FIRST = DTABLE_ROW_UNAVAILABLE_FIRST + 3,
	DTABLE_ROW_OTHER_FIRST = DTABLE_ROW_NOT_HANDLED_FIRST + 5,
	DTABLE_ROW_OTHER_OTHER = DTABLE_ROW_OTHER_FIRST + 2,
	DTABLE_ROW_TOTAL,
	DTABLE_ROW_CARRIED_OUT,
	DTABLE_NROWS /* 25 */
};

/* Columns in table order: the six applicant types, then 总计. */
enum dtable_col {
	DTABLE_COL_NATURAL_PERSON = 0,
	DTABLE_COL_COMMERCIAL,
	DTABLE_COL_RESEARCH,
	DTABLE_COL_PUBLIC_INTEREST,
	DTABLE_COL_LEGAL_SERVICE,
	DTABLE_COL_OTHER,
	DTABLE_COL_TOTAL,
	DTABLE_NCOLS, /* 7 */
	DTABLE_NTYPES = DTABLE_COL_TOTAL
};

struct dtable_ids {
	int64_t *v;
	size_t n, alloc;
};

struct dtable {
	int year;
	int first, last; /* Y-01-01 and Y-12-31 as dates */
	/* cell[row][type]: the records counted there. The total row and the
	 * total column are derived, never stored. */
	struct dtable_ids cell[DTABLE_NROWS][DTABLE_NTYPES];
	struct dtable_ids unclassified;
};

/* One disclosure request, as the store hands it over. */
struct dtable_rec {
	int received_on, replied_on; /* replied_on: CAL_NO_DATE while open */
	const char *applicant_type, *reply_type, *reply_reason;
	int64_t record_id;
};

/* An empty table for year (CAL_YEAR_MIN..CAL_YEAR_MAX, 1900..2200; else
 * FZ_EINVAL naming "year", and *t is an empty table that counts nothing). */
int dtable_init(struct dtable *t, int year, struct fz_err *e);
void dtable_release(struct dtable *t);

/* Count one record. FZ_EINVAL naming the field ("received_on",
 * "replied_on", "applicant_type", "reply_type", "reply_reason") for a bad
 * date, a reply before receipt, an unknown code, a missing reply_type on a
 * record replied in the year, or a reason of another reply type; the table
 * is then unchanged. Records outside the year are ignored (returns 0). */
int dtable_add(struct dtable *t, const struct dtable_rec *r, struct fz_err *e);

/* new + carried_in == total + carried_out in every column; FZ_ECORRUPT
 * naming the column id otherwise (it always holds for a table built by
 * dtable_add: this is the arithmetic the national format asks to verify). */
int dtable_check(const struct dtable *t, struct fz_err *e);

/* The count in a cell by ids (a row id above or a group id; a column id,
 * "legal_person" or "total"); -1 for an unknown id. */
int dtable_cell(const struct dtable *t, const char *row_id, const char *col_id);
/* The same by position (row < DTABLE_NROWS, col < DTABLE_NCOLS). */
int dtable_cell_at(const struct dtable *t, size_t row, size_t col);

/* The record ids counted in a cell (any id dtable_cell takes), in the
 * order: by row, then by column, then as added. *ids is malloc'ed (NULL
 * when *n is 0) and the caller frees it. FZ_ENOTFOUND naming "row" or
 * "col" for an unknown id. */
int dtable_records(const struct dtable *t, const char *row_id,
		   const char *col_id, int64_t **ids, size_t *n,
		   struct fz_err *e);
/* Records replied in the year that needed a reason and had none (they are
 * counted under other.other). Points into t. */
const int64_t *dtable_unclassified(const struct dtable *t, size_t *n);

/* Ids and labels, for drawing the table elsewhere (web, DOCX). */
const char *dtable_row_id(size_t row);
const char *dtable_row_label(size_t row); /* "1.属于国家秘密" */
/* The label of the row's group ("（三）不予公开") or NULL. */
const char *dtable_row_group(size_t row);
const char *dtable_col_id(size_t col);
const char *dtable_col_label(size_t col); /* "商业企业", "总计" */

/* The table as Markdown in the national layout: a bold caption
 * "<org_name><year>年收到和处理政府信息公开申请情况", then a table with the
 * three label columns and seven number columns of the national form, each
 * merged cell written once at its top-left and left empty elsewhere.
 * org_name may be NULL. FZ_ETOOBIG if out's cap is reached. */
int dtable_render_md(const struct dtable *t, const char *org_name,
		     struct fz_buf *out);

/* The table as an XLSX file at path (created or replaced): the national
 * layout with merged header and label cells, thin borders, 宋体, A4
 * landscape fitted to one page. FZ_EIO with libxlsxwriter's reason on
 * failure. */
int dtable_render_xlsx(const struct dtable *t, const char *org_name,
		       const char *path, struct fz_err *e);

#endif
