/*
 * test_rules.c - unit tests of src/calendar/rules.c: the statutory rules
 * table shipped in data/rules/statutory.txt is complete (every rule SPEC §2
 * names, with its legal basis and form), its due dates are right on the
 * real calendar, and malformed tables fail with the line number and leave
 * the table unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "calendar/rules.h"
#include "dates.h"

struct fixture {
	struct rules_table t;
	struct cal_calendar *cal;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	rules_table_init(&fx->t);
	load_rules(&fx->t);
	fx->cal = cal_new();
	load_calendar(fx->cal);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	rules_table_release(&fx->t);
	cal_free(fx->cal);
	free(fx);
	return 0;
}

/* ---- the shipped table ------------------------------------------------ */

static void test_every_rule_present(void **state)
{
	/* The rules SPEC §2-§4 and the brief name, with the law each must
	 * cite, from the texts of the laws (not from the data file). */
	static const struct {
		const char *id;
		enum rules_form form;
		int n;		 /* or MMDD for fixed */
		int extend;	 /* max extension, 0 none */
		int backward;	 /* 1: before the start event */
		int minimum;	 /* 1: kind minimum */
		const char *law; /* in basis */
		const char *art; /* in basis */
	} rows[] = {
	    {"disclosure.correction", RULES_WORKING, 7, 0, 0, 0,
	     "政府信息公开条例", "第三十条"},
	    {"disclosure.reply", RULES_WORKING, 20, 20, 0, 0,
	     "政府信息公开条例", "第三十三条"},
	    {"disclosure.third_party", RULES_WORKING, 15, 0, 0, 0,
	     "政府信息公开条例", "第三十二条"},
	    {"disclosure.annual_report", RULES_FIXED, 131, 0, 0, 0,
	     "政府信息公开条例", "第四十九条"},
	    {"petition.accept", RULES_CALENDAR, 15, 0, 0, 0, "信访工作条例",
	     "第二十二条"},
	    {"petition.handle", RULES_CALENDAR, 60, 30, 0, 0, "信访工作条例",
	     "第三十四条"},
	    {"petition.review_request", RULES_CALENDAR, 30, 0, 0, 0,
	     "信访工作条例", "第三十五条"},
	    {"petition.review_answer", RULES_CALENDAR, 30, 0, 0, 0,
	     "信访工作条例", "第三十五条"},
	    {"petition.recheck_request", RULES_CALENDAR, 30, 0, 0, 0,
	     "信访工作条例", "第三十六条"},
	    {"petition.recheck_answer", RULES_CALENDAR, 30, 0, 0, 0,
	     "信访工作条例", "第三十六条"},
	    {"penalty.decision", RULES_CALENDAR, 90, 30, 0, 0, "行政处罚法",
	     "第六十条"},
	    {"penalty.service", RULES_WORKING, 7, 0, 0, 0, "行政处罚法",
	     "第六十一条"},
	    {"penalty.hearing_request", RULES_WORKING, 5, 0, 0, 0, "行政处罚法",
	     "第六十四条"},
	    {"penalty.hearing_notice", RULES_WORKING, 7, 0, 1, 0, "行政处罚法",
	     "第六十四条"},
	    {"penalty.payment", RULES_CALENDAR, 15, 0, 0, 0, "行政处罚法",
	     "第六十七条"},
	    {"penalty.publication_withdrawal", RULES_WORKING, 3, 0, 0, 0,
	     "行政处罚法", "第四十八条"},
	    {"enforcement.publication", RULES_WORKING, 7, 0, 0, 0,
	     "国办发〔2018〕118号", "行政执法公示"},
	    {"reconsideration.reply", RULES_WORKING, 10, 0, 0, 0, "行政复议法",
	     "第四十八条"},
	    {"reconsideration.decision", RULES_CALENDAR, 60, 30, 0, 0,
	     "行政复议法", "第六十二条"},
	    {"litigation.defence", RULES_CALENDAR, 15, 0, 0, 0, "行政诉讼法",
	     "第六十七条"},
	    {"decision.public_comment", RULES_CALENDAR, 30, 0, 0, 1,
	     "重大行政决策程序暂行条例", "条"},
	    {"decision.legality_review", RULES_WORKING, 7, 0, 0, 1,
	     "重大行政决策程序暂行条例", "条"},
	    {"report.submission", RULES_FIXED, 301, 0, 0, 0,
	     "法治政府建设与责任落实督察工作规定", "条"},
	    {"report.publication", RULES_FIXED, 401, 0, 0, 0,
	     "法治政府建设与责任落实督察工作规定", "条"},
	};
	const struct fixture *fx = *state;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct rules_rule *r = rules_find(&fx->t, rows[i].id);
		int n;

		if (!r)
			fail_msg("rule %s is missing", rows[i].id);
		n = r->form == RULES_FIXED ? r->month * 100 + r->mday : r->n;
		if (r->form != rows[i].form || n != rows[i].n)
			fail_msg("%s: %s %d, want %s %d", r->id,
				 rules_form_name(r->form), n,
				 rules_form_name(rows[i].form), rows[i].n);
		assert_int_equal(r->extend_max, rows[i].extend);
		assert_int_equal(!!r->extend_event, !!rows[i].extend);
		assert_int_equal(r->backward, rows[i].backward);
		assert_int_equal(r->kind == RULES_MINIMUM, rows[i].minimum);
		if (!strstr(r->basis, rows[i].law) ||
		    !strstr(r->basis, rows[i].art))
			fail_msg("%s: basis '%s' lacks %s %s", r->id, r->basis,
				 rows[i].law, rows[i].art);
	}
	/* 行政处罚法 art. 85 and 行政复议法 art. 88 make their short periods
	 * working days: the rules must cite them. */
	assert_non_null(
	    strstr(rules_find(&fx->t, "penalty.service")->basis, "第八十五条"));
	assert_non_null(strstr(
	    rules_find(&fx->t, "reconsideration.reply")->basis, "第八十八条"));
	/* Disclosure: third-party consultation pauses the reply; a
	 * correction restarts it. */
	assert_int_equal(rules_find(&fx->t, "disclosure.reply")->npauses, 1);
	assert_non_null(rules_find(&fx->t, "disclosure.reply")->restart);
	assert_int_equal(rules_find(&fx->t, "petition.recheck_answer")->npauses,
			 1);
}

static void test_every_rule_complete(void **state)
{
	const struct fixture *fx = *state;

	assert_true(fx->t.n >= 24);
	for (size_t i = 0; i < fx->t.n; i++) {
		const struct rules_rule *r = &fx->t.v[i];

		assert_true(r->label && *r->label);
		assert_true(r->basis && strstr(r->basis, "《"));
		assert_true(r->start && *r->start);
		assert_true(r->line > 0);
		assert_ptr_equal(rules_find(&fx->t, r->id), r);
		for (size_t k = 0; k < r->npauses; k++)
			assert_true(*r->pauses[k].from && *r->pauses[k].to);
	}
	assert_null(rules_find(&fx->t, "no.such.rule"));
}

/* ---- due dates through rules ------------------------------------------ */

static void test_rule_due_dates(void **state)
{
	static const struct {
		const char *id, *start;
		const char *pause; /* "A..B" or NULL */
		int extend;
		const char *due;
	} rows[] = {
	    /* 20 working days from Thu Feb 1 2024 (see test_calendar.c):
	     * Feb 2, 4, 5-9, 18, 19-23, 26-29, Mar 1, 4, 5. */
	    {"disclosure.reply", "2024-02-01", NULL, 0, "2024-03-05"},
	    /* + the 20-working-day extension: Mar 6 - Apr 2. */
	    {"disclosure.reply", "2024-02-01", NULL, 20, "2024-04-02"},
	    /* Third-party consultation Feb 5-20 not counted: Mar 15. */
	    {"disclosure.reply", "2024-02-01", "2024-02-05..2024-02-20", 0,
	     "2024-03-15"},
	    /* 7 working days from Fri Feb 2 2024: Sun Feb 4 (1), Feb 5-9
	     * (2-6), Sun Feb 18 (7). */
	    {"disclosure.correction", "2024-02-02", NULL, 0, "2024-02-18"},
	    /* Notice of a hearing on Tue Feb 20 2024: Feb 19, 18, 9, 8, 7,
	     * 6, 5 -> Mon Feb 5. */
	    {"penalty.hearing_notice", "2024-02-20", NULL, 0, "2024-02-05"},
	    /* 15 days from Jan 26 2024 = Sat Feb 10 (off) -> Sun Feb 18. */
	    {"penalty.payment", "2024-01-26", NULL, 0, "2024-02-18"},
	    /* 10 working days from Fri Sep 27 2024: Sun Sep 29 (1), Sep 30
	     * (2), Oct 1-7 off, Oct 8-11 (3-6), Sat Oct 12 (7), Oct 14-16
	     * (8-10). */
	    {"reconsideration.reply", "2024-09-27", NULL, 0, "2024-10-16"},
	    /* 90 days from Jul 3 2025 = Oct 1 (off to Oct 8) -> Oct 9;
	     * + 30 = Sat Nov 8 -> Mon Nov 10. */
	    {"penalty.decision", "2025-07-03", NULL, 0, "2025-10-09"},
	    {"penalty.decision", "2025-07-03", NULL, 30, "2025-11-10"},
	    /* Fixed dates in the year after the reference year, not moved
	     * off weekends (2025-03-01 is a Saturday). */
	    {"report.submission", "2024-06-30", NULL, 0, "2025-03-01"},
	    {"report.publication", "2024-01-01", NULL, 0, "2025-04-01"},
	    {"disclosure.annual_report", "2025-12-31", NULL, 0, "2026-01-31"},
	};
	const struct fixture *fx = *state;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct rules_rule *r = rules_find(&fx->t, rows[i].id);
		struct cal_pause q;
		struct cal_result res;
		struct fz_err e;
		char got[CAL_DATE_LEN];

		assert_non_null(r);
		if (rows[i].pause) {
			char a[11] = {0}, b[11] = {0};

			memcpy(a, rows[i].pause, 10);
			memcpy(b, rows[i].pause + 12, 10);
			q.from = D(a);
			q.to = D(b);
		}
		if (rules_due(r, fx->cal, D(rows[i].start), &q,
			      rows[i].pause ? 1 : 0, rows[i].extend, &res, &e))
			fail_msg("row %zu: %s", i, e.msg);
		cal_date_format(res.due, got);
		if (strcmp(got, rows[i].due))
			fail_msg("row %zu (%s): got %s, want %s", i, rows[i].id,
				 got, rows[i].due);
	}
}

static void test_rule_due_errors(void **state)
{
	const struct fixture *fx = *state;
	struct cal_pause q = {D("2024-02-05"), D("2024-02-06")};
	struct cal_result res;
	struct fz_err e;

	assert_int_equal(rules_due(rules_find(&fx->t, "disclosure.reply"),
				   fx->cal, D("2024-02-01"), NULL, 0, 21, &res,
				   &e),
			 FZ_EINVAL);
	assert_string_equal(e.field, "extend");
	assert_non_null(strstr(e.msg, "21"));
	assert_int_equal(rules_due(rules_find(&fx->t, "penalty.payment"),
				   fx->cal, D("2024-02-01"), NULL, 0, 5, &res,
				   &e),
			 FZ_EINVAL);
	assert_non_null(strstr(e.msg, "allows no extension"));
	assert_int_equal(rules_due(rules_find(&fx->t, "report.submission"),
				   fx->cal, D("2024-02-01"), &q, 1, 0, &res,
				   &e),
			 FZ_EINVAL);
	assert_string_equal(e.field, "pause");
	/* Reference year 2200: 2201-03-01 is out of range. */
	assert_int_equal(rules_due(rules_find(&fx->t, "report.submission"),
				   fx->cal, D("2200-05-01"), NULL, 0, 0, &res,
				   &e),
			 FZ_EINVAL);
	assert_non_null(strstr(e.msg, "2201"));
}

/* ---- malformed tables ------------------------------------------------- */

#define HEAD "rule: a.b\nlabel: 标签\nbasis: 《某法》第一条\n"

static void test_bad_tables(void **state)
{
	static const struct {
		const char *text;
		const char *msg; /* expected in the message */
	} rows[] = {
	    {"rule: a.b\nlable: x\n", "t line 2: unknown key 'lable'"},
	    {"rule: a.b\nlabel: x\nform: working 5\nstart: y\n",
	     "t line 1: rule 'a.b' has no 'basis'"},
	    {HEAD "start: s\n", "t line 1: rule 'a.b' has no 'form'"},
	    {HEAD "form: weekly 5\nstart: s\n",
	     "t line 4: form 'weekly 5' is not"},
	    {HEAD "form: working 0\nstart: s\n",
	     "t line 4: '0' is not a day count in 1..3650"},
	    {HEAD "form: calendar 3651\nstart: s\n",
	     "t line 4: '3651' is not a day count"},
	    {HEAD "form: working -5\nstart: s\n", "t line 4: '-5' is not"},
	    {HEAD "form: working 5\nstart: s\n" HEAD "form: working 5\n"
		  "start: s\n",
	     "t line 6: rule 'a.b' is defined twice (first at line 1)"},
	    {"# c\nlabel: x\n", "t line 2: 'label' before the first 'rule:'"},
	    {"rule: a.b\nlabel x\n", "t line 2: expected 'key: value'"},
	    {HEAD "form: fixed 02-30\nstart: s\n",
	     "t line 4: '02-30' is not a day of the year"},
	    {HEAD "form: fixed 02-29\nstart: s\n", "'02-29' is not a day"},
	    {HEAD "form: fixed 03-01\nstart: s\nextend: 5 x\n",
	     "t line 1: rule 'a.b': a fixed date takes no"},
	    {HEAD "label: again\n", "t line 4: 'label' given twice"},
	    {"rule: A B\n", "t line 1: rule id 'A B' may hold only"},
	    {"rule:\n", "t line 1: a rule id of 1..64"},
	    {HEAD "form: working 5\nstart: s\nextend: 20\n",
	     "t line 6: extend needs the event"},
	    {HEAD "form: working 5\nstart: s\nextend: x y\n",
	     "t line 6: extend needs 'N EVENT'"},
	    {HEAD "form: working 5\nstart: s\npause: only one\n",
	     "t line 6: pause needs 'FROM-EVENT .. TO-EVENT'"},
	    {HEAD "form: working 5\nstart: s\npause: a ..\n",
	     "t line 6: pause needs"},
	    {HEAD "form: working 5\nstart: s\ndirection: before\n"
		  "pause: a .. b\n",
	     "t line 1: rule 'a.b': a period counted backward"},
	    {HEAD "form: working 5\nstart: s\ndirection: sideways\n",
	     "t line 6: direction 'sideways' is not 'after' or 'before'"},
	    {HEAD "form: working 5\nstart: s\nkind: maximum\n",
	     "t line 6: kind 'maximum'"},
	    {HEAD "form: working 5\nstart:\n", "t line 5: 'start' needs a"},
	    {HEAD "form: working 5\nstart: \xc3\x28\n", "t line 5: not UTF-8"},
	};
	struct fixture *fx = *state;
	size_t n_before = fx->t.n;
	const struct rules_rule *first = fx->t.v;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct fz_err e;

		fz_err_clear(&e);
		assert_int_equal(rules_table_load(&fx->t, rows[i].text,
						  strlen(rows[i].text), "t",
						  &e),
				 FZ_EINVAL);
		assert_string_equal(e.field, "rules");
		if (!strstr(e.msg, rows[i].msg))
			fail_msg("row %zu: '%s' lacks '%s'", i, e.msg,
				 rows[i].msg);
		/* The table is unchanged. */
		assert_int_equal(fx->t.n, n_before);
		assert_ptr_equal(fx->t.v, first);
		assert_non_null(rules_find(&fx->t, "disclosure.reply"));
	}
}

static void test_small_table(void **state)
{
	static const char text[] = "# a comment\n\n"
				   "rule: x.y\r\n"
				   "label: 测试\n"
				   "basis: 《测试法》第一条\n"
				   "form: calendar 10\n"
				   "start: 收到\n"
				   "pause: 甲 .. 乙\n"
				   "pause: 丙..丁\n"
				   "extend: 5 批准\n"
				   "note: 说明\n";
	struct rules_table t;
	const struct rules_rule *r;
	struct fz_err e;

	(void)state;
	rules_table_init(&t);
	if (rules_table_load(&t, text, strlen(text), "t", &e))
		fail_msg("%s", e.msg);
	assert_int_equal(t.n, 1);
	r = rules_find(&t, "x.y");
	assert_non_null(r);
	assert_int_equal(r->line, 3);
	assert_int_equal(r->form, RULES_CALENDAR);
	assert_int_equal(r->n, 10);
	assert_int_equal(r->npauses, 2);
	assert_string_equal(r->pauses[0].from, "甲");
	assert_string_equal(r->pauses[0].to, "乙");
	assert_string_equal(r->pauses[1].from, "丙");
	assert_string_equal(r->pauses[1].to, "丁");
	assert_int_equal(r->extend_max, 5);
	assert_string_equal(r->extend_event, "批准");
	assert_string_equal(r->note, "说明");
	assert_int_equal(r->kind, RULES_DEADLINE);
	assert_int_equal(r->backward, 0);
	/* A second load replaces the content. */
	load_rules(&t);
	assert_null(rules_find(&t, "x.y"));
	assert_non_null(rules_find(&t, "disclosure.reply"));
	rules_table_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_rule_present),
	    cmocka_unit_test(test_every_rule_complete),
	    cmocka_unit_test(test_rule_due_dates),
	    cmocka_unit_test(test_rule_due_errors),
	    cmocka_unit_test(test_bad_tables),
	    cmocka_unit_test(test_small_table),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
