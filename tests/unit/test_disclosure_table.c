/*
 * test_disclosure_table.c - src/report/disclosure_table: a hand-worked year
 * of 37 requests that reaches every row and every column of the national
 * table (carried in from 2023 and out to 2025, the 1 January and 31
 * December edges, records outside the year), compared cell by cell with a
 * table written out by hand; the identity check; drill-down; refusals
 * naming their field; the Markdown layout byte for byte; the XLSX layout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "zipcheck.h"

#include "calendar/calendar.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "report/disclosure_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fx {
	int64_t id;
	const char *received, *replied; /* replied NULL: still open */
	const char *applicant, *reply, *reason;
};

/* The year 2024. NP CO RE PI LS OT: the six applicant types. */
static const struct fx fixture[] = {
    /* received in 2023 and still open on 1 January 2024: carried in */
    {1, "2023-11-20", "2024-01-10", "natural_person", "disclose", NULL},
    {2, "2023-12-15", "2024-01-05", "commercial", "withhold",
     "withhold.state_secret"},
    {3, "2023-12-28", "2024-02-01", "legal_service", "unavailable",
     "unavailable.not_held"},
    {4, "2023-12-20", NULL, "natural_person", NULL, NULL},	  /* and out */
    {5, "2023-12-30", "2025-01-15", "research", "partial", NULL}, /* out */
    {6, "2023-06-01", "2023-07-01", "natural_person", "disclose", NULL},
    {7, "2023-12-31", "2024-01-01", "public_interest", "other", "other.no_fee"},
    /* received and replied in 2024 */
    {8, "2024-01-01", "2024-01-20", "natural_person", "disclose", NULL},
    {9, "2024-02-03", "2024-02-20", "natural_person", "partial", NULL},
    {10, "2024-02-10", "2024-03-01", "commercial", "partial",
     "withhold.third_party"}, /* a reason on partial is not counted */
    {11, "2024-03-01", "2024-03-20", "natural_person", "withhold",
     "withhold.law_forbids"},
    {12, "2024-03-05", "2024-03-25", "research", "withhold",
     "withhold.three_safety"},
    {13, "2024-03-08", "2024-03-28", "natural_person", "withhold",
     "withhold.third_party"},
    {14, "2024-04-01", "2024-04-20", "public_interest", "withhold",
     "withhold.internal_affairs"},
    {15, "2024-04-02", "2024-04-22", "natural_person", "withhold",
     "withhold.process_info"},
    {16, "2024-04-10", "2024-05-08", "legal_service", "withhold",
     "withhold.enforcement_file"},
    {17, "2024-05-06", "2024-05-30", "other", "withhold", "withhold.inquiry"},
    {18, "2024-05-10", "2024-06-03", "natural_person", "unavailable",
     "unavailable.need_create"},
    {19, "2024-06-01", "2024-06-20", "commercial", "unavailable",
     "unavailable.unclear"},
    {20, "2024-06-11", "2024-07-01", "natural_person", "not_handled",
     "not_handled.petition"},
    {21, "2024-07-01", "2024-07-15", "natural_person", "not_handled",
     "not_handled.repeat"},
    {22, "2024-07-02", "2024-07-16", "other", "not_handled",
     "not_handled.publication"},
    {23, "2024-07-20", "2024-08-10", "natural_person", "not_handled",
     "not_handled.massive"},
    {24, "2024-08-01", "2024-08-20", "legal_service", "not_handled",
     "not_handled.confirm"},
    {25, "2024-08-15", "2024-09-30", "natural_person", "other",
     "other.no_correction"},
    {26, "2024-09-01", "2024-09-02", "research", "other", "other.other"},
    {27, "2024-09-10", "2024-09-29", "natural_person", "disclose", NULL},
    {28, "2024-10-08", "2024-10-30", "commercial", "disclose", NULL},
    {29, "2024-11-01", "2024-11-20", "public_interest", "disclose", NULL},
    {30, "2024-11-11", "2024-12-31", "natural_person", "partial", NULL},
    {31, "2024-12-02", "2024-12-20", "natural_person", "withhold",
     NULL}, /* no reason: counted under （六）3, listed as unclassified */
    /* received in 2024, open on 31 December: carried out */
    {32, "2024-12-20", NULL, "natural_person", NULL, NULL},
    {33, "2024-12-25", "2025-01-10", "commercial", "disclose", NULL},
    {34, "2024-12-31", NULL, "other", NULL, NULL},
    {35, "2024-12-10", "2025-01-02", "legal_service", "withhold",
     "withhold.state_secret"},
    /* outside 2024: ignored */
    {36, "2025-01-02", "2025-01-20", "natural_person", "disclose", NULL},
    {37, "2022-05-01", "2022-05-20", "commercial", "disclose", NULL},
};
#define NFIXTURE (sizeof(fixture) / sizeof(fixture[0]))

/* Worked out by hand from the list above. */
static const int expected[DTABLE_NROWS][DTABLE_NCOLS] = {
    /*                       NP  CO  RE  PI  LS  OT  总计 */
    /* 一、本年新收       */ {14, 4, 2, 2, 3, 3, 28},
    /* 二、上年结转       */ {2, 1, 1, 1, 1, 0, 6},
    /* （一）予以公开     */ {3, 1, 0, 1, 0, 0, 5},
    /* （二）部分公开     */ {2, 1, 0, 0, 0, 0, 3},
    /* （三）1.国家秘密   */ {0, 1, 0, 0, 0, 0, 1},
    /* 2.法律行政法规禁止 */ {1, 0, 0, 0, 0, 0, 1},
    /* 3.三安全一稳定     */ {0, 0, 1, 0, 0, 0, 1},
    /* 4.第三方合法权益   */ {1, 0, 0, 0, 0, 0, 1},
    /* 5.三类内部事务     */ {0, 0, 0, 1, 0, 0, 1},
    /* 6.四类过程性       */ {1, 0, 0, 0, 0, 0, 1},
    /* 7.行政执法案卷     */ {0, 0, 0, 0, 1, 0, 1},
    /* 8.行政查询事项     */ {0, 0, 0, 0, 0, 1, 1},
    /* （四）1.不掌握     */ {0, 0, 0, 0, 1, 0, 1},
    /* 2.另行制作         */ {1, 0, 0, 0, 0, 0, 1},
    /* 3.补正后仍不明确   */ {0, 1, 0, 0, 0, 0, 1},
    /* （五）1.信访举报   */ {1, 0, 0, 0, 0, 0, 1},
    /* 2.重复申请         */ {1, 0, 0, 0, 0, 0, 1},
    /* 3.公开出版物       */ {0, 0, 0, 0, 0, 1, 1},
    /* 4.大量反复申请     */ {1, 0, 0, 0, 0, 0, 1},
    /* 5.确认或重新出具   */ {0, 0, 0, 0, 1, 0, 1},
    /* （六）1.逾期不补正 */ {1, 0, 0, 0, 0, 0, 1},
    /* 2.逾期不缴费       */ {0, 0, 0, 1, 0, 0, 1},
    /* 3.其他             */ {1, 0, 1, 0, 0, 0, 2},
    /* （七）总计         */ {14, 4, 2, 3, 3, 2, 28},
    /* 四、结转下年度     */ {2, 1, 1, 0, 1, 1, 6},
};

static int day(const char *s)
{
	int d = CAL_NO_DATE;

	if (s)
		assert_int_equal(cal_date_parse(s, &d, NULL, NULL), 0);
	return d;
}

static struct dtable_rec rec(const struct fx *f)
{
	struct dtable_rec r;

	r.record_id = f->id;
	r.received_on = day(f->received);
	r.replied_on = day(f->replied);
	r.applicant_type = f->applicant;
	r.reply_type = f->reply;
	r.reply_reason = f->reason;
	return r;
}

static void load(struct dtable *t, const struct fx *f, size_t n)
{
	struct dtable_rec r;
	struct fz_err e;
	size_t i;

	assert_int_equal(dtable_init(t, 2024, &e), 0);
	for (i = 0; i < n; i++) {
		r = rec(&f[i]);
		if (dtable_add(t, &r, &e))
			fail_msg("record %lld: %s", (long long)f[i].id, e.msg);
	}
}

static void expect_ids(const struct dtable *t, const char *row, const char *col,
		       const int64_t *want, size_t nwant)
{
	struct fz_err e;
	int64_t *ids;
	size_t n;

	assert_int_equal(dtable_records(t, row, col, &ids, &n, &e), 0);
	assert_int_equal(n, nwant);
	if (n)
		assert_memory_equal(ids, want, n * sizeof(*ids));
	free(ids);
}

/* ---- tests ------------------------------------------------------------ */

static void test_fixture_table(void **state)
{
	struct dtable t;
	struct fz_err e;
	size_t r, c;

	(void)state;
	load(&t, fixture, NFIXTURE);
	for (r = 0; r < DTABLE_NROWS; r++)
		for (c = 0; c < DTABLE_NCOLS; c++) {
			if (dtable_cell_at(&t, r, c) != expected[r][c])
				fail_msg("%s / %s: %d, expected %d",
					 dtable_row_id(r), dtable_col_id(c),
					 dtable_cell_at(&t, r, c),
					 expected[r][c]);
			assert_int_equal(
			    dtable_cell(&t, dtable_row_id(r), dtable_col_id(c)),
			    expected[r][c]);
		}
	assert_int_equal(dtable_check(&t, &e), 0);
	/* groups: not rows of the national table, but asked for by name */
	assert_int_equal(dtable_cell(&t, "withhold", "total"), 8);
	assert_int_equal(dtable_cell(&t, "unavailable", "total"), 3);
	assert_int_equal(dtable_cell(&t, "not_handled", "natural_person"), 3);
	assert_int_equal(dtable_cell(&t, "other", "total"), 4);
	assert_int_equal(dtable_cell(&t, "new", "legal_person"), 14);
	assert_int_equal(dtable_cell(&t, "total", "legal_person"), 14);
	assert_int_equal(dtable_cell(&t, "nope", "total"), -1);
	assert_int_equal(dtable_cell(&t, "new", "nope"), -1);
	assert_int_equal(dtable_cell(&t, "new", NULL), -1);
	dtable_release(&t);
}

static void test_drill_down(void **state)
{
	static const int64_t carried_out[] = {4, 32, 33, 5, 35, 34};
	static const int64_t np_new_edges[] = {8,  9,  11, 13, 15, 18, 20,
					       21, 23, 25, 27, 30, 31, 32};
	static const int64_t other_other[] = {31, 26};
	static const int64_t carried_in_pi[] = {7};
	static const int64_t withhold_co[] = {2};
	const int64_t *unc;
	struct dtable t;
	struct fz_err e;
	int64_t *ids;
	size_t n;

	(void)state;
	load(&t, fixture, NFIXTURE);
	expect_ids(&t, "carried_out", "total", carried_out, 6);
	expect_ids(&t, "new", "natural_person", np_new_edges, 14);
	expect_ids(&t, "other.other", "total", other_other, 2);
	expect_ids(&t, "carried_in", "public_interest", carried_in_pi, 1);
	expect_ids(&t, "withhold", "commercial", withhold_co, 1);
	expect_ids(&t, "carried_out", "legal_person", carried_out + 2, 4);
	expect_ids(&t, "carried_in", "other", NULL, 0);
	assert_int_equal(dtable_records(&t, "total", "total", &ids, &n, &e), 0);
	assert_int_equal(n, 28);
	free(ids);
	assert_int_equal(dtable_records(&t, "bogus", "total", &ids, &n, &e),
			 FZ_ENOTFOUND);
	assert_string_equal(e.field, "row");
	assert_null(ids);
	assert_int_equal(dtable_records(&t, "new", "bogus", &ids, &n, &e),
			 FZ_ENOTFOUND);
	assert_string_equal(e.field, "col");
	unc = dtable_unclassified(&t, &n);
	assert_int_equal(n, 1);
	assert_int_equal(unc[0], 31);
	dtable_release(&t);
}

static void test_identity_check(void **state)
{
	struct dtable t;
	struct fz_err e;

	(void)state;
	load(&t, fixture, NFIXTURE);
	assert_int_equal(dtable_check(&t, &e), 0);
	/* a table that does not add up (only by tampering) is named */
	t.cell[DTABLE_ROW_CARRIED_OUT][DTABLE_COL_COMMERCIAL].n--;
	assert_int_equal(dtable_check(&t, &e), FZ_ECORRUPT);
	assert_string_equal(e.field, "commercial");
	assert_non_null(strstr(e.msg, "商业企业"));
	t.cell[DTABLE_ROW_CARRIED_OUT][DTABLE_COL_COMMERCIAL].n++;
	assert_int_equal(dtable_check(&t, &e), 0);
	dtable_release(&t);
}

static void expect_refused(struct dtable *t, struct fx f, const char *field)
{
	struct dtable_rec r = rec(&f);
	struct fz_err e;

	fz_err_clear(&e);
	assert_int_equal(dtable_add(t, &r, &e), FZ_EINVAL);
	assert_string_equal(e.field, field);
}

static void test_refusals(void **state)
{
	struct dtable t;
	struct dtable_rec r;
	struct fz_err e;
	size_t row, c;

	(void)state;
	assert_int_equal(dtable_init(&t, 2024, &e), 0);
	expect_refused(
	    &t, (struct fx){1, "2024-03-01", NULL, "citizen", NULL, NULL},
	    "applicant_type");
	expect_refused(&t, (struct fx){2, "2024-03-01", NULL, NULL, NULL, NULL},
		       "applicant_type");
	expect_refused(&t,
		       (struct fx){3, "2024-03-01", "2024-03-09", "commercial",
				   "rejected", NULL},
		       "reply_type");
	expect_refused(&t,
		       (struct fx){4, "2024-03-01", "2024-03-09", "commercial",
				   NULL, NULL},
		       "reply_type");
	expect_refused(&t,
		       (struct fx){5, "2024-03-01", "2024-03-09", "commercial",
				   "withhold", "withhold.secret"},
		       "reply_reason");
	expect_refused(&t,
		       (struct fx){6, "2024-03-01", "2024-03-09", "commercial",
				   "unavailable", "withhold.state_secret"},
		       "reply_reason");
	expect_refused(&t,
		       (struct fx){7, "2024-03-01", "2024-03-09", "commercial",
				   "withhold", "total"},
		       "reply_reason");
	expect_refused(&t,
		       (struct fx){8, "2024-03-09", "2024-03-01", "commercial",
				   "disclose", NULL},
		       "replied_on");
	r = rec(&(struct fx){9, "2024-03-09", NULL, "other", NULL, NULL});
	r.received_on = CAL_NO_DATE;
	assert_int_equal(dtable_add(&t, &r, &e), FZ_EINVAL);
	assert_string_equal(e.field, "received_on");
	/* nothing was counted */
	for (row = 0; row < DTABLE_NROWS; row++)
		for (c = 0; c < DTABLE_NCOLS; c++)
			assert_int_equal(dtable_cell_at(&t, row, c), 0);
	/* codes of a record outside the year, or of a reply not yet given,
	 * are not read */
	r = rec(&(struct fx){10, "2020-01-01", "2020-02-01", "??", "??", "??"});
	assert_int_equal(dtable_add(&t, &r, &e), 0);
	r = rec(&(struct fx){11, "2024-05-01", NULL, "research", "??", "??"});
	assert_int_equal(dtable_add(&t, &r, &e), 0);
	assert_int_equal(dtable_cell(&t, "new", "total"), 1);
	assert_int_equal(dtable_cell(&t, "carried_out", "research"), 1);
	assert_int_equal(dtable_check(&t, &e), 0);
	dtable_release(&t);
	/* a year the calendar does not cover */
	assert_int_equal(dtable_init(&t, 1899, &e), FZ_EINVAL);
	assert_string_equal(e.field, "year");
	r = rec(&(struct fx){12, "2024-05-01", NULL, "research", NULL, NULL});
	assert_int_equal(dtable_add(&t, &r, &e), FZ_EINVAL);
	dtable_release(&t);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(dtable_row_id(DTABLE_ROW_WITHHOLD_FIRST),
			    "withhold.state_secret");
	assert_string_equal(dtable_row_label(DTABLE_ROW_WITHHOLD_FIRST + 2),
			    "3.危及“三安全一稳定”");
	assert_string_equal(dtable_row_group(DTABLE_ROW_OTHER_OTHER),
			    "（六）其他处理");
	assert_null(dtable_row_group(DTABLE_ROW_TOTAL));
	assert_string_equal(dtable_row_id(DTABLE_ROW_CARRIED_OUT),
			    "carried_out");
	assert_null(dtable_row_id(DTABLE_NROWS));
	assert_string_equal(dtable_col_label(DTABLE_COL_PUBLIC_INTEREST),
			    "社会公益组织");
	assert_string_equal(dtable_col_id(DTABLE_COL_TOTAL), "total");
	assert_null(dtable_col_label(DTABLE_NCOLS));
}

#define Z " | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"

static const char expected_md[] =
    "**某市司法局2024年收到和处理政府信息公开申请情况**\n"
    "\n"
    "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    " | | | 申请人情况 | | | | | | |\n"
    "| --- | --- | --- | :-: | :-: | :-: | :-: | :-: | :-: | :-: |\n"
    "| | | | 自然人 | 法人或其他组织 | | | | | 总计 |\n"
    "| | | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 "
    "| |\n"
    "| 一、本年新收政府信息公开申请数量 | | | 1 | 0 | 0 | 0 | 0 | 1 | 2 |\n"
    "| 二、上年结转政府信息公开申请数量 | | | 0 | 1 | 0 | 0 | 0 | 0 | 1 |\n"
    "| 三、本年度办理结果 | （一）予以公开 | | 1 | 0 | 0 | 0 | 0 | 0 | 1 "
    "|\n"
    "| | （二）部分公开（区分处理的，只计这一情形，不计其他情形） |" Z
    "| | （三）不予公开 | 1.属于国家秘密" Z "| | | 2.其他法律行政法规禁止公开" Z
    "| | | 3.危及“三安全一稳定”" Z "| | | 4.保护第三方合法权益" Z
    "| | | 5.属于三类内部事务信息" Z "| | | 6.属于四类过程性信息" Z
    "| | | 7.属于行政执法案卷" Z "| | | 8.属于行政查询事项" Z
    "| | （四）无法提供 | 1.本机关不掌握相关政府信息" Z
    "| | | 2.没有现成信息需要另行制作" Z "| | | 3.补正后申请内容仍不明确" Z
    "| | （五）不予处理 | 1.信访举报投诉类申请" Z
    "| | | 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |\n"
    "| | | 3.要求提供公开出版物" Z "| | | 4.无正当理由大量反复申请" Z
    "| | | 5.要求行政机关确认或重新出具已获取信息" Z "| | （六）其他处理 | "
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" Z
    "| | | "
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" Z
    "| | | 3.其他" Z "| | （七）总计 | | 1 | 0 | 0 | 0 | 0 | 1 | 2 |\n"
    "| 四、结转下年度继续办理 | | | 0 | 1 | 0 | 0 | 0 | 0 | 1 |\n";

static const struct fx small[] = {
    {1, "2024-03-01", "2024-03-10", "natural_person", "disclose", NULL},
    {2, "2023-12-30", NULL, "commercial", NULL, NULL},
    {3, "2024-05-01", "2024-05-02", "other", "not_handled",
     "not_handled.repeat"},
};

static void test_markdown(void **state)
{
	struct fz_buf out = FZ_BUF_INIT(0), tiny = FZ_BUF_INIT(100);
	struct dtable t;

	(void)state;
	load(&t, small, 3);
	assert_int_equal(dtable_render_md(&t, "某市司法局", &out), 0);
	assert_string_equal(out.data, expected_md);
	fz_buf_reset(&out);
	assert_int_equal(dtable_render_md(&t, "A|B*", &out), 0);
	assert_memory_equal(out.data, "**A\\|B\\*2024年", 15);
	fz_buf_reset(&out);
	assert_int_equal(dtable_render_md(&t, NULL, &out), 0);
	assert_memory_equal(out.data, "**2024年", 9);
	assert_int_equal(dtable_render_md(&t, "x", &tiny), FZ_ETOOBIG);
	fz_buf_release(&out);
	fz_buf_release(&tiny);
	dtable_release(&t);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long len;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)len);
	assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return data;
}

static void expect_in(const char *xml, const char *what)
{
	if (!strstr(xml, what))
		fail_msg("missing %s in %s", what, xml);
}

static void test_xlsx(void **state)
{
	const char *base = getenv("TMPDIR");
	char path[256], *zip, *sheet, *styles;
	struct dtable t;
	struct fz_err e;
	size_t n;

	(void)state;
	snprintf(path, sizeof(path), "%s/fz-test-dtable-%d.xlsx",
		 base && *base ? base : "/tmp", (int)getpid());
	load(&t, fixture, NFIXTURE);
	assert_int_equal(dtable_render_xlsx(&t, "某市司法局", path, &e), 0);
	zip = slurp(path, &n);
	unlink(path);
	sheet = zip_part((unsigned char *)zip, n, "xl/worksheets/sheet1.xml");
	/* the header: note, 申请人情况, 自然人, 法人或其他组织, 总计 */
	expect_in(sheet, "<mergeCell ref=\"A3:C5\"/>");
	expect_in(sheet, "<mergeCell ref=\"D3:J3\"/>");
	expect_in(sheet, "<mergeCell ref=\"D4:D5\"/>");
	expect_in(sheet, "<mergeCell ref=\"E4:I4\"/>");
	expect_in(sheet, "<mergeCell ref=\"J4:J5\"/>");
	/* 一 spans the label columns, 三 spans （一）–（七）, （三） its items
	 */
	expect_in(sheet, "<mergeCell ref=\"A6:C6\"/>");
	expect_in(sheet, "<mergeCell ref=\"A8:A29\"/>");
	expect_in(sheet, "<mergeCell ref=\"B10:B17\"/>");
	expect_in(sheet, "<mergeCell ref=\"B29:C29\"/>");
	/* numbers as numbers: 一 总计 = 28 in J6, 四 总计 = 6 in J30 */
	expect_in(sheet, "<c r=\"J6\" s=\"");
	expect_in(sheet, "\"><v>28</v></c></row>");
	expect_in(sheet, "<c r=\"J30\" s=\"");
	expect_in(sheet, "\"><v>6</v></c></row></sheetData>");
	expect_in(sheet, "paperSize=\"9\" orientation=\"landscape\"");
	expect_in(sheet, "fitToPage=\"1\"");
	styles = zip_part((unsigned char *)zip, n, "xl/styles.xml");
	expect_in(styles, "<name val=\"宋体\"/>");
	expect_in(styles, "<left style=\"thin\">");
	assert_int_equal(
	    dtable_render_xlsx(&t, "x", "/nonexistent/dir/t.xlsx", &e), FZ_EIO);
	free(sheet);
	free(styles);
	free(zip);
	dtable_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixture_table),
	    cmocka_unit_test(test_drill_down),
	    cmocka_unit_test(test_identity_check),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_markdown),
	    cmocka_unit_test(test_xlsx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
