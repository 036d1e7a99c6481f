/*
 * test_mask.c - src/lib/mask: names (compound surnames, separators), ID
 * numbers (18 digits with X, 15 digits, short), phones (mobile, landline,
 * +86), addresses (digits, full-width digits, Chinese numerals before a
 * unit and not elsewhere), the guessing fz_mask_auto, free text by known
 * values and number patterns (fz_mask_text), and the cap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/mask.h"

#include <string.h>

static void check(int (*fn)(const char *, struct fz_buf *), const char *in,
		  const char *want)
{
	struct fz_buf b = FZ_BUF_INIT(0);

	assert_int_equal(fn(in, &b), 0);
	assert_string_equal(b.data ? b.data : "", want);
	fz_buf_release(&b);
}

static void test_names(void **state)
{
	(void)state;
	/* a Chinese name: the surname and 某某, its length not told */
	check(fz_mask_name, "张三", "张某某");
	check(fz_mask_name, "张三丰", "张某某");
	check(fz_mask_name, "王小二子", "王某某");
	check(fz_mask_name, "欧阳娜娜", "欧阳某某");
	check(fz_mask_name, "欧阳修", "欧阳某某");
	check(fz_mask_name, "司马光", "司马某某");
	/* two characters: a compound surname alone is not kept whole */
	check(fz_mask_name, "欧阳", "欧某某");
	/* separators or other letters: character by character */
	check(fz_mask_name, "买买提·艾力", "买某某·某某");
	check(fz_mask_name, "张", "张");
	check(fz_mask_name, "", "");
	check(fz_mask_name, " 李四", " 李某");
	check(fz_mask_name, "John Smith", "J*** *****");
}

static void test_id_numbers(void **state)
{
	(void)state;
	check(fz_mask_id_number, "500109199001011234", "500109********1234");
	check(fz_mask_id_number, "50010919900101123X", "500109********123X");
	check(fz_mask_id_number, "50010919900101123x", "500109********123x");
	check(fz_mask_id_number, "500109900101123", "500109*****1123");
	check(fz_mask_id_number, "12345", "*****");
	check(fz_mask_id_number, "", "");
}

static void test_phones(void **state)
{
	(void)state;
	check(fz_mask_phone, "13812345678", "138****5678");
	check(fz_mask_phone, "138-1234-5678", "138-****-5678");
	check(fz_mask_phone, "023-68881234", "023-****1234");
	check(fz_mask_phone, "+86 138 1234 5678", "+86 138 **** 5678");
	check(fz_mask_phone, "68881234", "688*1234");
	check(fz_mask_phone, "1234567", "*******");
}

static void test_addresses(void **state)
{
	(void)state;
	check(fz_mask_address, "重庆市北碚区天生街道天生路2号5栋3单元4-1",
	      "重庆市北碚区天生街道天生路*号*栋*单元*-*");
	check(fz_mask_address, "重庆市北碚区童家溪镇五星村三组",
	      "重庆市北碚区童家溪镇五星村*组");
	check(fz_mask_address, "重庆市渝北区两路口二十三号",
	      "重庆市渝北区两路口***号");
	check(fz_mask_address, "北碚区歇马街道八一社区六社",
	      "北碚区歇马街道八一社区*社");
	check(fz_mask_address, "天生路１２号附３号", "天生路**号附*号");
	check(fz_mask_address, "渝中区十八梯", "渝中区十八梯");
	check(fz_mask_address, "河南省三门峡市", "河南省三门峡市");
	check(fz_mask_address, "朝阳路一〇八号三楼", "朝阳路***号*楼");
	check(fz_mask_address, "", "");
}

static void test_auto(void **state)
{
	(void)state;
	check(fz_mask_auto, "50010919900101123X", "500109********123X");
	check(fz_mask_auto, "500109900101123", "500109*****1123");
	check(fz_mask_auto, "13812345678", "138****5678");
	check(fz_mask_auto, "023-68881234", "023-****1234");
	check(fz_mask_auto, "张三丰", "张某某");
}

static void check_text(const char *in, const struct fz_mask_value *known,
		       size_t n, const char *want, const unsigned *want_counts)
{
	struct fz_buf b = FZ_BUF_INIT(0);
	unsigned counts[FZ_MASK_KINDS] = {0};
	int i;

	assert_int_equal(fz_mask_text(in, known, n, &b, counts), 0);
	assert_string_equal(b.data ? b.data : "", want);
	for (i = 0; i < FZ_MASK_KINDS; i++)
		assert_int_equal(counts[i], want_counts[i]);
	fz_buf_release(&b);
}

static void test_text(void **state)
{
	static const struct fz_mask_value known[] = {
	    {"王大明", FZ_MASK_NAME},
	    {"王大", FZ_MASK_NAME}, /* the longer value wins */
	    {"大磨滩村5组12号", FZ_MASK_ADDRESS},
	};
	/* other, name, id, phone, address */
	static const unsigned c1[] = {0, 2, 0, 0, 1}, c2[] = {0, 0, 1, 2, 0},
			      c3[] = {0, 0, 0, 0, 0};

	(void)state;
	check_text("王大明涉嫌非法占地案，地点大磨滩村5组12号，王大明到场",
		   known, 3,
		   "王某某涉嫌非法占地案，地点大磨滩村*组**号，王某某到场", c1);
	/* the patterns, whoever's they are */
	check_text(
	    "身份证500109199001011234，电话13812345678或023-68881234", NULL, 0,
	    "身份证500109********1234，电话138****5678或023-****1234", c2);
	/* numbers that are neither: amounts, 文号, an 11-digit run that is
	 * not a mobile, digits inside a longer run */
	check_text("罚款120000元，碚规资罚〔2024〕12号，编号12345678901，"
		   "5001091990010112345",
		   NULL, 0,
		   "罚款120000元，碚规资罚〔2024〕12号，编号12345678901，"
		   "5001091990010112345",
		   c3);
	check_text("", known, 3, "", c3);
}

static void test_cap_and_append(void **state)
{
	struct fz_buf b = FZ_BUF_INIT(8);

	(void)state;
	assert_int_equal(fz_buf_adds(&b, "ab"), 0);
	assert_int_equal(fz_mask_name("张三丰", &b), FZ_ETOOBIG);
	assert_string_equal(b.data, "ab"); /* unchanged */
	assert_int_equal(fz_mask_phone("12", &b), 0);
	assert_string_equal(b.data, "ab**"); /* appended */
	fz_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_id_numbers),
	    cmocka_unit_test(test_phones),
	    cmocka_unit_test(test_addresses),
	    cmocka_unit_test(test_auto),
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_cap_and_append),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
