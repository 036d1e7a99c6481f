/*
 * test_template.c - src/report/template.c: a sentence of seed 000 written
 * from indicator values; each kind of template mistake named with its
 * line and placeholder; the indicators a template uses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "calendar/calendar.h"
#include "report/template.h"

#include <stdio.h>
#include <string.h>

static const struct tpl_group theme_days[] = {
    {"land_day", "全国土地日", 3},     {"constitution_day", "国家宪法日", 5},
    {"earth_day", "世界地球日", 1},    {"surveying_day", "测绘法宣传日", 1},
    {"disaster_day", "防灾减灾日", 1}, {NULL, NULL, 2},
};

/* f: last year has records; r: a rate of denominator den; d: decimals. */
static const struct {
	const char *id;
	double now, before;
	int has_before, rate;
	double den;
	int decimals, entered, approx;
} values[] = {
    {"enforcement.cases_filed", 48, 44, 1, 0, 0, -1, 0, 0},
    {"enforcement.land_area", 275000, 0, 1, 0, 0, -1, 0, 0},
    {"enforcement.building_area", 72000, 0, 1, 0, 0, -1, 0, 0},
    {"enforcement.fines", 2828100, 0, 1, 0, 0, -1, 0, 0},
    {"enforcement.cases_closed", 39, 41, 1, 0, 0, -1, 0, 0},
    {"litigation.win_rate", 33 * 100.0 / 36, 0, 1, 1, 36, -1, 0, 0},
    {"publicity.materials", 20000, 0, 1, 0, 0, -1, 0, 0},
    {"advice.meetings", 63, 0, 1, 0, 0, -1, 0, 0},
    {"patrol.person_times", 850, 0, 1, 0, 0, -1, 0, 0},
    {"enforcement.land_returned_area", 121500, 0, 1, 0, 0, -1, 0, 0},
    {"noncase.demolished_area", 3200, 0, 1, 0, 0, -1, 0, 0},
    {"service.on_time_rate", 2499 * 100.0 / 2500, 99.5, 1, 1, 2500, 2, 0, 0},
    {"service.small_rate", 1 * 100.0 / 2500, 0, 1, 1, 2500, -1, 0, 0},
    {"service.near_rate", 2499 * 100.0 / 2500, 0, 1, 1, 2500, -1, 0, 0},
    {"service.empty_rate", 0, 0, 0, 1, 0, -1, 0, 0},
    {"enforcement.small_area", 384, 0, 1, 0, 0, -1, 0, 0},
    {"hotline.received", 120, 0, 0, 0, 0, -1, 0, 0},
    {"litigation.head_appearance_rate", 85.5, 82.3, 1, 1, 20, -1, 0, 0},
    {"manual.materials", 3700, 0, 1, 0, 0, -1, 1, 1},
    {"manual.plans", 24, 0, 1, 0, 0, -1, 1, 0},
    {"publicity.events", 13, 9, 1, 0, 0, -1, 0, 0},
    {"petition.accepted", 0, 4, 1, 0, 0, -1, 0, 0},
};

static int known(const char *name, void *arg)
{
	size_t i;

	(void)arg;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if (!strcmp(values[i].id, name))
			return 1;
	return 0;
}

static int values_zero_fines; /* test_conditions: the fines are 0 */

static int value(const char *id, struct tpl_fig *f, void *arg)
{
	size_t i;

	(void)arg;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if (!strcmp(values[i].id, id)) {
			f->now = values[i].now;
			f->before = values[i].before;
			f->has_before = values[i].has_before;
			f->rate = values[i].rate;
			f->den = values[i].den;
			f->decimals = values[i].decimals;
			f->entered = values[i].entered;
			f->approx = values[i].approx;
			if (!strcmp(id, "publicity.events")) {
				f->g = theme_days;
				f->ng =
				    sizeof(theme_days) / sizeof(theme_days[0]);
			}
			if (values_zero_fines &&
			    !strcmp(id, "enforcement.fines"))
				f->now = f->before = 0;
			return 0;
		}
	return -1;
}

static const char *text(const char *section, void *arg)
{
	(void)arg;
	return !strcmp(section, "measures") ? "一是加强学习。" : NULL;
}

static int day_of(int y, int m, int d)
{
	char s[16];
	int day = 0;

	snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
	assert_int_equal(cal_date_parse(s, &day, "test", NULL), 0);
	return day;
}

static void render(const char *src, const char *want)
{
	struct tpl_env env = {.org = "北碚区规划和自然资源局",
			      .year = 2023,
			      .date = day_of(2024, 1, 23),
			      .scope = "（含所属2个单位）",
			      .value = value,
			      .text = text};
	struct fz_buf out = FZ_BUF_INIT(1 << 16);
	struct fz_err e;
	struct tpl *t = NULL;

	assert_int_equal(tpl_parse(&t, src, strlen(src), known, NULL, &e), 0);
	assert_int_equal(tpl_render(t, &env, &out, &e), 0);
	assert_string_equal(out.data ? out.data : "", want);
	fz_buf_release(&out);
	tpl_free(t);
}

static void test_seed_sentence(void **state)
{
	(void)state;
	render(
	    "全年立案查处土地违法违规案件{{enforcement.cases_filed|count:宗}}、"
	    "占地面积{{enforcement.land_area|wan_m2:1}}、建筑面积"
	    "{{enforcement.building_area|wan_m2}}、罚款"
	    "{{enforcement.fines|wan_yuan}}；结案{{enforcement.cases_closed|"
	    "count:宗}}。",
	    "全年立案查处土地违法违规案件48宗、占地面积27.5万平方米、建筑面积"
	    "7.2万平方米、罚款282.81万元；结案39宗。");
	render("# {{org}}关于{{year}}年法治政府建设情况的报告\n\n"
	       "胜诉率{{litigation.win_rate|percent}}，"
	       "宣传资料{{publicity.materials|approx:份}}。\n"
	       "立案数与去年相比{{enforcement.cases_filed|change:宗}}，"
	       "结案{{enforcement.cases_closed|change:宗}}（去年"
	       "{{enforcement.cases_closed|previous:宗}}）。\n{{text:measures}}"
	       "{{text:none}}",
	       "# 北碚区规划和自然资源局关于2023年法治政府建设情况的报告\n\n"
	       "胜诉率91.7%，宣传资料20000余份。\n"
	       "立案数与去年相比增加4宗，结案减少2宗（去年41宗）。\n一是加强学"
	       "习。");
}

/* The built-in names, the filters added for seed 001's wording. */
static void test_builtins_and_approximations(void **state)
{
	(void)state;
	render(
	    "{{org}}{{scope}}：{{year}}年；{{next_year}}年工作打算。{{date}}",
	    "北碚区规划和自然资源局（含所属2个单位）：2023年；2024年工作打算。"
	    "2024年1月23日");
	render("参与会议{{advice.meetings|approx:次}}，巡查"
	       "{{patrol.person_times|about:人次}}，责令退还土地"
	       "{{enforcement.land_returned_area|wan_m2_approx}}，自行拆除"
	       "{{noncase.demolished_area|wan_m2_approx}}",
	       "参与会议60余次，巡查约850人次，责令退还土地12万余平方米，自行拆"
	       "除0.32万平方米");
}

/* A condition keeps its text only when its indicator is not 0. */
static void test_conditions(void **state)
{
	(void)state;
	values_zero_fines = 1;
	render(
	    "立案{{enforcement.cases_filed|count:宗}}{{?enforcement.fines}}"
	    "，罚款"
	    "{{enforcement.fines|wan_yuan}}{{/?}}；结案"
	    "{{?enforcement.cases_closed}}{{enforcement.cases_closed|count:宗}}"
	    "{{/?}}。",
	    "立案48宗；结案39宗。");
	values_zero_fines = 0;
	render("立案{{enforcement.cases_filed|count:宗}}{{?enforcement.fines}}"
	       "，罚款"
	       "{{enforcement.fines|wan_yuan}}{{/?}}。",
	       "立案48宗，罚款282.81万元。");
}

static void mark(const char *src, const char *want)
{
	struct tpl_env env = {
	    .org = "局", .year = 2023, .mark = 1, .value = value, .text = text};
	struct fz_buf out = FZ_BUF_INIT(1 << 16);
	struct tpl *t = NULL;

	assert_int_equal(tpl_parse(&t, src, strlen(src), known, NULL, NULL), 0);
	assert_int_equal(tpl_render(t, &env, &out, NULL), 0);
	assert_string_equal(out.data, want);
	fz_buf_release(&out);
	tpl_free(t);
}

/* With env.mark each figure carries its indicator between the marks; the
 * organisation, year and sections do not. */
static void test_marks(void **state)
{
	(void)state;
	mark("{{org}}立案{{enforcement.cases_filed|count:宗}}。{{text:measures}"
	     "}",
	     "局立案" TPL_MARK_OPEN "enforcement.cases_filed" TPL_MARK_MID
	     "48宗" TPL_MARK_CLOSE "。一是加强学习。");
}

static void collect_section(const char *name, const char *label, void *arg)
{
	fz_buf_addf(arg, "%s=%s;", name, label);
}

static void test_sections(void **state)
{
	static const char src[] =
	    "{{text:shortcomings|label:存在的不足和原因}} {{text:plans}}\n"
	    "{{text:shortcomings}}";
	struct fz_buf names = FZ_BUF_INIT(256);
	struct tpl *t = NULL;

	(void)state;
	assert_int_equal(tpl_parse(&t, src, strlen(src), known, NULL, NULL), 0);
	tpl_sections(t, collect_section, &names);
	assert_string_equal(names.data,
			    "shortcomings=存在的不足和原因;plans=plans;");
	fz_buf_release(&names);
	tpl_free(t);
}

static void expect_error(const char *src, const char *want)
{
	struct fz_err e;
	struct tpl *t = NULL;

	fz_err_clear(&e);
	assert_int_equal(tpl_parse(&t, src, strlen(src), known, NULL, &e),
			 FZ_EINVAL);
	if (!strstr(e.msg, want))
		fail_msg("'%s' lacks '%s'", e.msg, want);
}

static void test_mistakes(void **state)
{
	(void)state;
	expect_error("一\n二\n{{enforcement.case_filed|count:宗}}",
		     "template line 3: unknown indicator "
		     "'enforcement.case_filed'");
	expect_error("{{enforcement.fines|wanyuan}}",
		     "line 1: unknown filter 'wanyuan'");
	expect_error("a\n{{enforcement.fines|wan_m2:9}}",
		     "line 2: decimals must be 0 to 4");
	expect_error("{{enforcement.fines|wan_yuan:2}}", "takes no argument");
	expect_error("x\ny {{enforcement.fines", "line 2: unclosed");
	expect_error("{{enforcement.fines\n}}", "unclosed");
	expect_error("{{}}", "empty placeholder");
	expect_error("{{text:}}", "a section needs a name");
	expect_error("{{text:a|wan_yuan}}", "a section takes only label:");
	expect_error("{{enforcement.fines|label:x}}",
		     "label: is for sections only");
	expect_error("{{org|label:x}}", "label: is for sections only");
	expect_error("a\n{{?enforcement.fine}}x{{/?}}",
		     "line 2: unknown indicator 'enforcement.fine'");
	expect_error("{{?enforcement.fines|wan_yuan}}x{{/?}}",
		     "a condition names one indicator, no filter");
	expect_error("{{?org}}x{{/?}}", "a condition names one indicator");
	expect_error("x\n\n{{/?}}", "line 3: no condition to close");
	expect_error("{{?enforcement.fines}}\n{{?enforcement.cases_filed}}",
		     "line 2: conditions do not nest");
	expect_error("a\n{{?enforcement.fines}}x",
		     "line 2: condition not closed 'enforcement.fines'");
}

static void collect(const char *id, void *arg)
{
	fz_buf_addf(arg, "%s;", id);
}

static void test_indicators_used(void **state)
{
	static const char src[] =
	    "{{enforcement.fines|wan_yuan}} {{org}} {{enforcement.fines}} "
	    "{{text:a}} {{year}} {{date}} {{scope}} "
	    "{{?publicity.materials}}{{/?}}"
	    "{{enforcement.cases_filed|count:宗}}";
	struct fz_buf ids = FZ_BUF_INIT(256);
	struct tpl *t = NULL;

	(void)state;
	assert_int_equal(tpl_parse(&t, src, strlen(src), known, NULL, NULL), 0);
	tpl_indicators(t, collect, &ids);
	assert_string_equal(ids.data, "enforcement.fines;publicity.materials;"
				      "enforcement.cases_filed;");
	fz_buf_release(&ids);
	tpl_free(t);
}

/* Issue 13: a rate strictly between 0 and 100 is never 0% or 100%; the
 * declared decimals are kept; a non-zero area is never 0万平方米. */
static void test_precision(void **state)
{
	(void)state;
	render("{{service.on_time_rate|percent}}", "99.96%");
	render("{{service.near_rate|percent}}", "99.96%");
	render("{{service.near_rate|percent:1}}", "99.96%");
	render("{{service.small_rate|percent}}", "0.04%");
	render("{{service.small_rate|percent:0}}", "0.04%");
	render("{{litigation.win_rate|percent:2}}", "91.67%");
	render("{{enforcement.small_area|wan_m2:1}}", "0.04万平方米");
	render("{{enforcement.small_area|wan_m2:0}}", "0.04万平方米");
	render("{{enforcement.small_area|m2}}", "384平方米");
	render("{{enforcement.small_area|area}}", "384平方米");
	render("{{enforcement.land_area|area:1}}", "27.5万平方米");
	render("{{enforcement.small_area|wan_yuan}}", "0.04万元");
}

/* A comparison only against last year's records; a rate's in points. */
static void test_comparisons(void **state)
{
	struct tpl_env env = {.value = value};
	struct tpl *t = NULL;
	static const char *const cases[][2] = {
	    {"{{hotline.received|count:件}}{{hotline.received|change:件}}",
	     "2"},
	    {"{{hotline.received|count:件}}{{hotline.received|compare:件}}",
	     "0"},
	    {"{{service.empty_rate|percent}}", "1"},
	    {"{{petition.accepted|count:件}}", "1"},
	    {"{{petition.accepted|count:件}}{{?enforcement.fines}}{{/?}}", "1"},
	    {"{{?petition.accepted}}{{petition.accepted|count:件}}{{/?}}"
	     "{{hotline.received|count:件}}",
	     "0"},
	    {"{{?service.empty_rate}}{{service.empty_rate|percent}}{{/?}}",
	     "1"},
	};
	size_t i;

	(void)state;
	render("{{hotline.received|count:件}}{{hotline.received|compare:件}}。",
	       "120件。");
	render("{{enforcement.cases_filed|count:宗}}"
	       "{{enforcement.cases_filed|compare:宗}}。",
	       "48宗，与去年相比增加4宗。");
	render("出庭率{{litigation.head_appearance_rate|percent}}"
	       "{{litigation.head_appearance_rate|points}}。",
	       "出庭率85.5%，较去年上升3.2个百分点。");
	render("{{?service.empty_rate}}按时办结率"
	       "{{service.empty_rate|percent}}{{/?}}。",
	       "。");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(tpl_parse(&t, cases[i][0], strlen(cases[i][0]),
					   known, NULL, NULL),
				 0);
		if (tpl_writable(t, &env) != cases[i][1][0] - '0')
			fail_msg("'%s': writable %d, want %s", cases[i][0],
				 tpl_writable(t, &env), cases[i][1]);
		tpl_free(t);
	}
}

/* split: the groups with data, largest first, four named, the rest and
 * the records of no group as 其他; approximations. */
static void test_split_and_approx(void **state)
{
	(void)state;
	render(
	    "开展普法宣传活动{{publicity.events|count:次}}"
	    "{{publicity.events|split:次}}。",
	    "开展普法宣传活动13次，其中国家宪法日5次、全国土地日3次、世界地球"
	    "日1次、测绘法宣传日1次、其他3次。");
	/* the groups holding most, and their share of all */
	render(
	    "集中在{{publicity.events|groups:2}}，占{{publicity.events|top:2}}",
	    "集中在国家宪法日、全国土地日等，占61.5%");
	render("{{publicity.events|groups}}",
	       "国家宪法日、全国土地日、世界地球日、测绘法宣传日等");
	mark("{{publicity.events|top:1}}",
	     TPL_MARK_OPEN "publicity.events[constitution_day]" TPL_MARK_MID
			   "38.5%" TPL_MARK_CLOSE);
	render("{{manual.materials|approx:份}}，{{manual.plans|approx:个}}，"
	       "{{advice.meetings|approx:次}}",
	       "3700余份，24个，60余次");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seed_sentence),
	    cmocka_unit_test(test_mistakes),
	    cmocka_unit_test(test_indicators_used),
	    cmocka_unit_test(test_builtins_and_approximations),
	    cmocka_unit_test(test_marks),
	    cmocka_unit_test(test_conditions),
	    cmocka_unit_test(test_sections),
	    cmocka_unit_test(test_precision),
	    cmocka_unit_test(test_comparisons),
	    cmocka_unit_test(test_split_and_approx),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
