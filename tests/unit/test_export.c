/*
 * test_export.c - src/export: exact CSV bytes (BOM, quoting, a line break
 * in a cell, Chinese, formula injection, money rounding), streaming by
 * pieces, the caps, and XLSX: content of the sheet (numbers as numbers,
 * dates and money with their formats, frozen bold header), the temporary
 * file removed, no descriptor left open, a second sheet past Excel's
 * 1,048,576 rows, and memory flat over 200,000 rows.
 *
 * The XLSX checks open the zip with zipcheck.h and search the inflated
 * parts for the XML libxlsxwriter writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "scratch.h"
#include "zipcheck.h"

#include "export/export.h"
#include "lib/buf.h"
#include "lib/err.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define FZ_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FZ_TEST_ASAN 1
#endif
#endif

#ifdef FZ_TEST_ASAN
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

#define MB	    (1024.0 * 1024.0)
#define BIG_ROWS    200000
#define MEMORY_CAP  (32 * 1024 * 1024)
#define SAMPLE_EACH 1000

static char tmpdir[256];

/* ---- helpers -------------------------------------------------------- */

static size_t live_heap(void)
{
#ifdef FZ_TEST_ASAN
	return __sanitizer_get_current_allocated_bytes();
#else
	struct mallinfo2 mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
#endif
}

static long max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int group_setup(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/fz-test-export-XXXXXX",
		 base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	return setenv("TMPDIR", tmpdir, 1);
}

static int group_teardown(void **state)
{
	(void)state;
	return rmdir(tmpdir);
}

/* Every byte of a finished export, taken piece by piece. */
static void take_all(struct export_writer *w, struct fz_buf *all)
{
	struct fz_buf piece = FZ_BUF_INIT(0);
	struct fz_err e;

	while (!export_done(w)) {
		fz_buf_reset(&piece);
		assert_int_equal(export_take(w, &piece, &e), 0);
		assert_true(piece.len > 0);
		assert_true(piece.len <= EXPORT_CHUNK_MAX);
		assert_int_equal(fz_buf_add(all, piece.data, piece.len), 0);
	}
	fz_buf_release(&piece);
}

/* ---- CSV -------------------------------------------------------------- */

static const struct export_col case_cols[] = {
    {"id", "编号", EXPORT_INT},	       {"party", "当事人", EXPORT_TEXT},
    {"note", "备注", EXPORT_TEXT},     {"fine", "罚款金额", EXPORT_MONEY},
    {"date", "立案日期", EXPORT_DATE}, {"ratio", "比例", EXPORT_NUMBER},
};
#define NCASE (sizeof(case_cols) / sizeof(case_cols[0]))

static const char *case_rows[][NCASE] = {
    {"1", "张三", "a,b \"引号\"", "1234.5", "2024-03-01", "0.25"},
    {"2", "=1+2", "第一行\n第二行", "-0.125", "2024-13-01", "1e3"},
    {"-3", "@SUM(A1)", NULL, "abc", "", "-1.5"},
    {"x1", "-2+3", "+86 10", "0.005", NULL, ".5"},
    {"007", "\t制表", "=HYPERLINK(\"http://x\",\"y\")", "-1.999", "1899-12-31",
     "1."},
    {"9", "bad\xff", "\r回车", "999.995", "2024-02-29", "NaN"},
};
#define NROWS (sizeof(case_rows) / sizeof(case_rows[0]))

static const char expected_csv[] =
    "\xEF\xBB\xBF"
    "编号,当事人,备注,罚款金额,立案日期,比例\r\n"
    "1,张三,\"a,b \"\"引号\"\"\",1234.50,2024-03-01,0.25\r\n"
    "2,'=1+2,\"第一行\n第二行\",-0.13,2024-13-01,1e3\r\n"
    "-3,'@SUM(A1),,abc,,-1.5\r\n"
    "x1,'-2+3,'+86 10,0.01,,.5\r\n"
    "007,'\t制表,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-2.00,"
    "1899-12-31,1.\r\n"
    "9,bad\xEF\xBF\xBD,\"'\r回车\",1000.00,2024-02-29,NaN\r\n";

static void test_csv_bytes(void **state)
{
	struct export_writer *w;
	struct fz_buf out = FZ_BUF_INIT(0);
	struct fz_err e;
	size_t i;

	(void)state;
	assert_int_equal(
	    export_open(&w, EXPORT_CSV, "案件", case_cols, NCASE, &e), 0);
	for (i = 0; i < NROWS; i++)
		assert_int_equal(export_row(w, case_rows[i], &e), 0);
	assert_int_equal(export_finish(w, &e), 0);
	assert_false(export_done(w)); /* bytes are still waiting */
	assert_int_equal(export_take(w, &out, &e), 0);
	assert_true(export_done(w));
	assert_int_equal(out.len, sizeof(expected_csv) - 1);
	assert_memory_equal(out.data, expected_csv, out.len);
	assert_int_equal(export_rows(w), NROWS);
	assert_int_equal(export_size(w), -1);
	export_free(w);
	fz_buf_release(&out);
}

static void csv_one(const char *value, enum export_type type,
		    const char *expected_line)
{
	const struct export_col col = {"v", "v", type};
	const char *row[1] = {value};
	struct export_writer *w;
	struct fz_buf out = FZ_BUF_INIT(0);
	struct fz_err e;

	assert_int_equal(export_open(&w, EXPORT_CSV, NULL, &col, 1, &e), 0);
	assert_int_equal(export_take(w, &out, &e), 0);
	fz_buf_reset(&out);
	assert_int_equal(export_row(w, row, &e), 0);
	assert_int_equal(export_take(w, &out, &e), 0);
	assert_string_equal(out.data, expected_line);
	export_free(w);
	fz_buf_release(&out);
}

static void test_csv_values(void **state)
{
	(void)state;
	csv_one("0", EXPORT_MONEY, "0.00\r\n");
	csv_one("-0.001", EXPORT_MONEY, "0.00\r\n");
	csv_one("-0.005", EXPORT_MONEY, "-0.01\r\n");
	csv_one("12", EXPORT_MONEY, "12.00\r\n");
	csv_one("99.994", EXPORT_MONEY, "99.99\r\n");
	csv_one("9999.999", EXPORT_MONEY, "10000.00\r\n");
	csv_one("1,000", EXPORT_MONEY, "\"1,000\"\r\n"); /* text */
	csv_one("-5", EXPORT_MONEY, "-5.00\r\n");	 /* a number */
	csv_one("-5", EXPORT_TEXT, "'-5\r\n");		 /* text */
	csv_one("-5", EXPORT_INT, "-5\r\n");
	csv_one("+5", EXPORT_INT, "'+5\r\n");
	csv_one("01", EXPORT_INT, "01\r\n");
	csv_one("99999999999999999999", EXPORT_INT, "99999999999999999999\r\n");
	csv_one("-1e-3", EXPORT_NUMBER, "-1e-3\r\n");
	csv_one("-inf", EXPORT_NUMBER, "'-inf\r\n");
	csv_one("@", EXPORT_TEXT, "'@\r\n");
	csv_one("a@b", EXPORT_TEXT, "a@b\r\n");
	csv_one("\"", EXPORT_TEXT, "\"\"\"\"\r\n");
	csv_one("", EXPORT_DATE, "\r\n");
}

static void test_csv_streaming(void **state)
{
	const struct export_col col = {"t", "标题", EXPORT_TEXT};
	struct fz_buf out = FZ_BUF_INIT(0), small = FZ_BUF_INIT(4);
	struct export_writer *w;
	const char *row[1];
	char buf[5], *big;
	struct fz_err e;
	size_t n, rows = 0;
	int rc;

	(void)state;
	assert_int_equal(export_open(&w, EXPORT_CSV, NULL, &col, 1, &e), 0);
	/* too little room: nothing is lost */
	assert_int_equal(export_take(w, &small, &e), FZ_ETOOBIG);
	assert_int_equal(export_read(w, buf, 5, &n, &e), 0);
	assert_int_equal(n, 5);
	assert_memory_equal(buf, "\xEF\xBB\xBF\xE6\xA0", 5);
	assert_int_equal(export_take(w, &out, &e), 0);
	assert_string_equal(out.data, "\x87\xE9\xA2\x98\r\n"); /* 标题 */
	fz_buf_reset(&out);
	assert_int_equal(export_take(w, &out, &e), 0);
	assert_int_equal(out.len, 0);
	/* rows wait until taken, up to the cap; a refused row is not cut */
	big = malloc(1 << 20);
	memset(big, 'x', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	row[0] = big;
	while ((rc = export_row(w, row, &e)) == 0)
		rows++;
	assert_int_equal(rc, FZ_ETOOBIG);
	assert_int_equal(rows, EXPORT_PENDING_CAP / (1 << 20) - 1);
	assert_int_equal(export_take(w, &out, &e), 0);
	assert_int_equal(out.len, rows * ((1 << 20) + 1));
	assert_int_equal(export_row(w, row, &e), 0);
	assert_int_equal(export_finish(w, &e), 0);
	assert_int_equal(export_row(w, row, &e), FZ_EINVAL);
	assert_int_equal(export_finish(w, &e), FZ_EINVAL);
	assert_false(export_done(w));
	fz_buf_reset(&out);
	assert_int_equal(export_take(w, &out, &e), 0);
	assert_int_equal(out.len, (1 << 20) + 1);
	assert_true(export_done(w));
	free(big);
	export_free(w);
	fz_buf_release(&out);
	fz_buf_release(&small);
}

static void test_open_refusals(void **state)
{
	const struct export_col nolabel = {"k", NULL, EXPORT_TEXT};
	const struct export_col badtype = {"k", "k", (enum export_type)9};
	struct export_writer *w = (struct export_writer *)(uintptr_t)1;
	enum export_format f;
	struct fz_err e;

	(void)state;
	assert_int_equal(export_open(&w, EXPORT_CSV, NULL, case_cols, 0, &e),
			 FZ_EINVAL);
	assert_null(w);
	assert_string_equal(e.field, "columns");
	assert_int_equal(export_open(&w, EXPORT_XLSX, NULL, &nolabel, 1, &e),
			 FZ_EINVAL);
	assert_int_equal(export_open(&w, EXPORT_CSV, NULL, &badtype, 1, &e),
			 FZ_EINVAL);
	assert_int_equal(
	    export_open(&w, (enum export_format)7, NULL, case_cols, 1, &e),
	    FZ_EINVAL);
	assert_string_equal(e.field, "format");
	assert_int_equal(export_format_parse("xlsx", &f, &e), 0);
	assert_int_equal(f, EXPORT_XLSX);
	assert_int_equal(export_format_parse("csv", &f, &e), 0);
	assert_int_equal(f, EXPORT_CSV);
	assert_int_equal(export_format_parse("pdf", &f, &e), FZ_EINVAL);
	assert_string_equal(e.field, "format");
	assert_string_equal(export_content_type(EXPORT_CSV),
			    "text/csv; charset=utf-8");
	assert_string_equal(export_extension(EXPORT_XLSX), "xlsx");
	export_free(NULL);
}

/* ---- XLSX ------------------------------------------------------------- */

static void expect_in(const char *xml, const char *what)
{
	if (!strstr(xml, what))
		fail_msg("missing %s in %s", what, xml);
}

static void test_xlsx_content(void **state)
{
	struct fz_buf all = FZ_BUF_INIT(0);
	struct export_writer *w;
	struct fz_err e;
	char *sheet, *styles, *book;
	size_t i;
	int fds = count_entries("/proc/self/fd");

	(void)state;
	assert_int_equal(export_open(&w, EXPORT_XLSX, "案件/列表[2024]",
				     case_cols, NCASE, &e),
			 0);
	for (i = 0; i < NROWS; i++)
		assert_int_equal(export_row(w, case_rows[i], &e), 0);
	fz_buf_reset(&all);
	assert_int_equal(export_take(w, &all, &e), 0); /* nothing yet */
	assert_int_equal(all.len, 0);
	assert_int_equal(export_size(w), -1);
	assert_int_equal(export_finish(w, &e), 0);
	assert_int_equal(count_entries(tmpdir), 0); /* unlinked already */
	take_all(w, &all);
	assert_int_equal((int64_t)all.len, export_size(w));
	export_free(w);
	assert_int_equal(count_entries("/proc/self/fd"), fds);
	assert_memory_equal(all.data, "PK\x03\x04", 4);

	sheet = zip_part((unsigned char *)all.data, all.len,
			 "xl/worksheets/sheet1.xml");
	expect_in(sheet, "state=\"frozen\"");
	expect_in(sheet, "<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>编号");
	expect_in(sheet, "<c r=\"A2\"><v>1</v></c>");
	expect_in(sheet, "<c r=\"B2\" t=\"inlineStr\"><is><t>张三</t>");
	expect_in(sheet, "<c r=\"D2\" s=\"2\"><v>1234.5</v></c>");
	expect_in(sheet, "<c r=\"E2\" s=\"3\"><v>45352</v></c>");
	expect_in(sheet, "<c r=\"F2\"><v>0.25</v></c>");
	expect_in(sheet, "<t>=1+2</t>"); /* text, not a formula */
	expect_in(sheet, "<c r=\"E3\" t=\"inlineStr\"><is><t>2024-13-01");
	expect_in(sheet, "<c r=\"D3\" s=\"2\"><v>-0.13</v></c>");
	expect_in(sheet, "<c r=\"A4\"><v>-3</v></c>");
	expect_in(sheet, "<c r=\"A6\" t=\"inlineStr\"><is><t>007</t>");
	expect_in(sheet, "<c r=\"E7\" s=\"3\"><v>45351</v></c>");
	expect_in(sheet, "<autoFilter ref=\"A1:F7\"/>");
	/* widths: the widest value + 2, Chinese counting double */
	expect_in(sheet, "<col min=\"2\" max=\"2\" width=\"10.");
	expect_in(sheet, "<col min=\"3\" max=\"3\" width=\"28.");
	expect_in(sheet, "<c r=\"C7\" t=\"inlineStr\"><is><t>_x000D_回车");
	assert_null(strstr(sheet, "<f>"));
	styles = zip_part((unsigned char *)all.data, all.len, "xl/styles.xml");
	expect_in(styles, "formatCode=\"yyyy-mm-dd\"");
	expect_in(styles, "formatCode=\"#,##0.00\"");
	expect_in(styles, "<b/>");
	book = zip_part((unsigned char *)all.data, all.len, "xl/workbook.xml");
	expect_in(book, "<sheet name=\"案件_列表_2024_\"");
	free(sheet);
	free(styles);
	free(book);
	fz_buf_release(&all);
}

static void test_xlsx_read_and_abandon(void **state)
{
	const char *row[NCASE] = {"1", "张三", "x", "1", "2024-01-01", "1"};
	struct export_writer *w;
	struct fz_err e;
	char buf[1000];
	size_t n, total = 0;
	int i, fds = count_entries("/proc/self/fd");

	(void)state;
	/* abandoned half-way: no file, no descriptor, no leak (ASan) */
	assert_int_equal(
	    export_open(&w, EXPORT_XLSX, NULL, case_cols, NCASE, &e), 0);
	for (i = 0; i < 1000; i++)
		assert_int_equal(export_row(w, row, &e), 0);
	export_free(w);
	assert_int_equal(count_entries(tmpdir), 0);
	assert_int_equal(count_entries("/proc/self/fd"), fds);
	/* export_read hands out the same file in the caller's pieces */
	assert_int_equal(
	    export_open(&w, EXPORT_XLSX, NULL, case_cols, NCASE, &e), 0);
	assert_int_equal(export_row(w, row, &e), 0);
	assert_int_equal(export_read(w, buf, sizeof(buf), &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(export_finish(w, &e), 0);
	while (!export_done(w)) {
		assert_int_equal(export_read(w, buf, sizeof(buf), &n, &e), 0);
		assert_true(n > 0 && n <= sizeof(buf));
		if (total == 0)
			assert_memory_equal(buf, "PK\x03\x04", 4);
		total += n;
	}
	assert_int_equal((int64_t)total, export_size(w));
	export_free(w);
	assert_int_equal(count_entries(tmpdir), 0);
}

/* Past 1,048,576 rows the export goes on in a second sheet, header and
 * all. */
static void test_xlsx_second_sheet(void **state)
{
	const struct export_col col = {"n", "序号", EXPORT_INT};
	struct fz_buf all = FZ_BUF_INIT(0);
	struct export_writer *w;
	const char *row[1];
	struct fz_err e;
	char v[16], *sheet, *book;
	unsigned i;

	(void)state;
	row[0] = v;
	assert_int_equal(export_open(&w, EXPORT_XLSX, "名单", &col, 1, &e), 0);
	for (i = 0; i < 1048576 + 2; i++) {
		snprintf(v, sizeof(v), "%u", i);
		assert_int_equal(export_row(w, row, &e), 0);
	}
	assert_int_equal(export_finish(w, &e), 0);
	take_all(w, &all);
	export_free(w);
	book = zip_part((unsigned char *)all.data, all.len, "xl/workbook.xml");
	expect_in(book, "<sheet name=\"名单\" sheetId=\"1\"");
	expect_in(book, "<sheet name=\"名单 (2)\" sheetId=\"2\"");
	sheet = zip_part((unsigned char *)all.data, all.len,
			 "xl/worksheets/sheet2.xml");
	expect_in(sheet, "<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>序号");
	expect_in(sheet, "<c r=\"A2\"><v>1048575</v></c>");
	expect_in(sheet, "<c r=\"A4\"><v>1048577</v></c></row></sheetData>");
	free(book);
	free(sheet);
	fz_buf_release(&all);
}

static void big_row(unsigned i, char bufs[][64], const char *row[])
{
	snprintf(bufs[0], 64, "%u", i);
	snprintf(bufs[1], 64, "当事人%u号", i % 9973);
	snprintf(bufs[2], 64, "未按规定办理第%u项行政许可事项", i % 97);
	snprintf(bufs[3], 64, "%u.%02u", i % 100000, i % 100);
	snprintf(bufs[4], 64, "20%02u-%02u-%02u", 10 + i % 15, 1 + i % 12,
		 1 + i % 28);
	snprintf(bufs[5], 64, "%u.5", i % 1000);
	for (i = 0; i < NCASE; i++)
		row[i] = bufs[i];
}

/* 200,000 rows to XLSX: the heap never grows by MEMORY_CAP, nor (outside
 * ASan, whose quarantine keeps freed memory) the peak resident size; the
 * file comes out in pieces of at most 256 KiB and is a zip. */
static void test_xlsx_memory_flat(void **state)
{
	char bufs[NCASE][64], first[4] = {0}, tail[22] = {0};
	const char *row[NCASE];
	struct fz_buf piece = FZ_BUF_INIT(0);
	struct export_writer *w;
	long rss0 = max_rss_kb(), rss1;
	size_t heap0 = live_heap(), heap, peak = heap0, total = 0, keep;
	struct fz_err e;
	unsigned i;

	(void)state;
	assert_int_equal(
	    export_open(&w, EXPORT_XLSX, "压力测试", case_cols, NCASE, &e), 0);
	for (i = 0; i < BIG_ROWS; i++) {
		big_row(i, bufs, row);
		assert_int_equal(export_row(w, row, &e), 0);
		if (i % SAMPLE_EACH == 0 && (heap = live_heap()) > peak)
			peak = heap;
	}
	assert_int_equal(export_finish(w, &e), 0);
	while (!export_done(w)) {
		fz_buf_reset(&piece);
		assert_int_equal(export_take(w, &piece, &e), 0);
		assert_true(piece.len > 0 && piece.len <= EXPORT_CHUNK_MAX);
		if (total == 0)
			memcpy(first, piece.data, 4);
		keep = piece.len < 22 ? piece.len : 22;
		memmove(tail, tail + keep, 22 - keep);
		memcpy(tail + 22 - keep, piece.data + piece.len - keep, keep);
		total += piece.len;
		if ((heap = live_heap()) > peak)
			peak = heap;
	}
	rss1 = max_rss_kb();
	assert_int_equal((int64_t)total, export_size(w));
	assert_int_equal(export_rows(w), BIG_ROWS);
	export_free(w);
	fz_buf_release(&piece);
	print_message("xlsx %d rows: %.1f MB file, heap peak +%.2f MB, "
		      "max RSS +%.2f MB\n",
		      BIG_ROWS, total / MB, (peak - heap0) / MB,
		      (rss1 - rss0) / 1024.0);
	assert_memory_equal(first, "PK\x03\x04", 4);
	assert_true(has_eocd((unsigned char *)tail));
	assert_true(peak - heap0 < MEMORY_CAP);
#ifndef FZ_TEST_ASAN
	assert_true((rss1 - rss0) * 1024 < MEMORY_CAP);
#endif
	assert_int_equal(count_entries(tmpdir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xlsx_memory_flat), /* first: clean RSS */
	    cmocka_unit_test(test_csv_bytes),
	    cmocka_unit_test(test_csv_values),
	    cmocka_unit_test(test_csv_streaming),
	    cmocka_unit_test(test_open_refusals),
	    cmocka_unit_test(test_xlsx_content),
	    cmocka_unit_test(test_xlsx_read_and_abandon),
	    cmocka_unit_test(test_xlsx_second_sheet),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
