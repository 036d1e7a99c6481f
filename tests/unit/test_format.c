/*
 * test_format.c - src/report/format.c: the figures of the seed reports,
 * written as they write them, from the raw values a record holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "calendar/calendar.h"
#include "report/format.h"

static struct fz_buf b;

static const char *s(void)
{
	return b.data ? b.data : "";
}

static void reset(void)
{
	fz_buf_release(&b);
	fz_buf_init(&b, 4096);
}

static void test_amounts(void **state)
{
	(void)state;
	reset();
	fmt_wan_yuan(&b, 2828100); /* 000: 罚款282.81万元 */
	assert_string_equal(s(), "282.81万元");
	reset();
	fmt_wan_yuan(&b, 2828050); /* half up: 282.805 -> 282.81 */
	assert_string_equal(s(), "282.81万元");
	reset();
	fmt_wan_yuan(&b, 2828049.99); /* 282.80, its zero not written */
	assert_string_equal(s(), "282.8万元");
	reset();
	fmt_wan_yuan(&b, 72000); /* 001: 没收违法所得7.2万元 */
	assert_string_equal(s(), "7.2万元");
	reset();
	fmt_wan_yuan(&b, 120000); /* whole: no point */
	assert_string_equal(s(), "12万元");
	reset();
	fmt_yi_yuan(&b, 3724000000.0); /* 001: 融资贷款37.24亿元 */
	assert_string_equal(s(), "37.24亿元");
	reset();
	fmt_wan_m2(&b, 30000, 2); /* 001: 复耕土地3万平方米 */
	assert_string_equal(s(), "3万平方米");
	reset();
	fmt_wan_m2(&b, 3200, 2); /* 001: 自行拆除0.32万平方米 */
	assert_string_equal(s(), "0.32万平方米");
	reset();
	fmt_wan_m2(&b, 275000, 1); /* 占地面积27.5万平方米 */
	assert_string_equal(s(), "27.5万平方米");
	reset();
	fmt_wan_m2(&b, 72000, 1); /* 建筑面积7.2万平方米 */
	assert_string_equal(s(), "7.2万平方米");
	reset();
	fmt_mu(&b, 1733 * FMT_M2_PER_MU); /* 1733亩 */
	assert_string_equal(s(), "1733亩");
	reset();
	fmt_count(&b, 20000, "份", 1); /* 宣传资料20000余份 */
	assert_string_equal(s(), "20000余份");
	reset();
	fmt_count(&b, 20750, "份", 1); /* floored to the leading digit */
	assert_string_equal(s(), "20000余份");
	reset();
	fmt_count(&b, 63, "次", 1); /* 法律顾问参与会议60余次 */
	assert_string_equal(s(), "60余次");
	reset();
	fmt_count(&b, 7, "次", 1); /* under ten: exact, no 余 */
	assert_string_equal(s(), "7次");
	reset();
	fmt_wan_m2_approx(&b, 121500); /* 责令退还土地12万余平方米 */
	assert_string_equal(s(), "12万余平方米");
	reset();
	fmt_wan_m2_approx(&b, 3200); /* under 1万: two decimals */
	assert_string_equal(s(), "0.32万平方米");
	reset();
	fmt_count(&b, 48, "宗", 0);
	assert_string_equal(s(), "48宗");
}

static void test_rates(void **state)
{
	(void)state;
	reset();
	fmt_rate(&b, 33, 36); /* 91.666... half up: 91.7% (the seed: 91.6%) */
	assert_string_equal(s(), "91.7%");
	reset();
	fmt_rate(&b, 995, 995); /* 按时办结率100% */
	assert_string_equal(s(), "100%");
	reset();
	fmt_rate(&b, 0, 12);
	assert_string_equal(s(), "0%");
	reset();
	fmt_rate(&b, 1, 8); /* 12.5% exactly */
	assert_string_equal(s(), "12.5%");
	reset();
	fmt_rate(&b, 2, 3); /* 66.666... -> 66.7% */
	assert_string_equal(s(), "66.7%");
	reset();
	fmt_rate(&b, 3, 0);
	assert_string_equal(s(), "0%");
	reset();
	fmt_percent(&b, 70); /* 缩短时限达70% -> "70.0%" is not how it reads */
	assert_string_equal(s(), "70.0%");
}

static void test_dates_and_numbering(void **state)
{
	int day;

	(void)state;
	reset();
	cal_date_parse("2024-01-23", &day, "d", NULL);
	fmt_date(&b, day);
	assert_string_equal(s(), "2024年1月23日");
	reset();
	fmt_list_marker(&b, 1, 3);
	fmt_list_marker(&b, 2, 6);
	fmt_list_marker(&b, 3, 2);
	fmt_list_marker(&b, 4, 5);
	assert_string_equal(s(), "三、（六）2.五是");
	reset();
	fmt_cn_number(&b, 10);
	fmt_cn_number(&b, 11);
	fmt_cn_number(&b, 23);
	assert_string_equal(s(), "十十一二十三");
	reset();
	fmt_change(&b, 4, "件");
	assert_string_equal(s(), "增加4件");
	reset();
	fmt_change(&b, -2, "宗");
	assert_string_equal(s(), "减少2宗");
	reset();
	fmt_change(&b, 0, "宗");
	assert_string_equal(s(), "持平");
	fz_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_amounts),
	    cmocka_unit_test(test_rates),
	    cmocka_unit_test(test_dates_and_numbering),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
