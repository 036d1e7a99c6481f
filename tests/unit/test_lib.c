/*
 * test_lib.c - src/lib: err, buf (the cap), jsonv (every refusal names its
 * field), clock (Asia/Shanghai formatting), xalloc (growing arrays),
 * embedded (lookup and prefix ranges).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/clock.h"
#include "lib/embedded.h"
#include "lib/err.h"
#include "lib/jsonv.h"
#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

static void test_xgrow(void **state)
{
	int *v = NULL;
	size_t n, alloc = 0;

	(void)state;
	for (n = 0; n < 100; n++) {
		v = fz_xgrow(v, n, &alloc, sizeof(*v), 4);
		assert_true(alloc > n);
		v[n] = (int)n;
	}
	assert_int_equal(alloc, 128); /* 4, 8, ... doubled, never more */
	for (n = 0; n < 100; n++)
		assert_int_equal(v[n], (int)n);
	assert_ptr_equal(fz_xgrow(v, 99, &alloc, sizeof(*v), 4), v);
	free(v);
}

static void test_embedded(void **state)
{
	size_t first, n, i;
	struct fz_err e;

	(void)state;
	fz_embedded_under("kinds/", &first, &n);
	assert_true(n >= 20);
	for (i = first; i < first + n; i++)
		assert_memory_equal(fz_embedded_files[i].path, "kinds/", 6);
	assert_true(first == 0 ||
		    strncmp(fz_embedded_files[first - 1].path, "kinds/", 6));
	assert_true(first + n == fz_embedded_count ||
		    strncmp(fz_embedded_files[first + n].path, "kinds/", 6));
	fz_embedded_under("no/such/prefix/", &first, &n);
	assert_int_equal(n, 0);

	assert_non_null(
	    fz_embedded_need("data/calendar/holidays.txt", "calendar", &e));
	fz_err_clear(&e);
	assert_null(fz_embedded_need("data/none.txt", "calendar", &e));
	assert_int_equal(e.code, FZ_ENOTFOUND);
	assert_string_equal(e.field, "calendar");
	assert_non_null(strstr(e.msg, "data/none.txt"));
}

static void test_err_set(void **state)
{
	struct fz_err e;

	(void)state;
	assert_int_equal(fz_err_set(&e, FZ_EINVAL, "days", "bad %d", 7),
			 FZ_EINVAL);
	assert_string_equal(e.field, "days");
	assert_string_equal(e.msg, "bad 7");
	assert_int_equal(fz_err_set(NULL, FZ_EIO, NULL, "x"), FZ_EIO);
	assert_string_equal(fz_code_name(FZ_ECONFLICT), "conflict");
	assert_string_equal(fz_code_name(999), "unknown");
}

static void test_buf_cap(void **state)
{
	struct fz_buf b = FZ_BUF_INIT(10);

	(void)state;
	assert_int_equal(fz_buf_adds(&b, "hello"), 0);
	assert_int_equal(fz_buf_addf(&b, "%d", 1234), 0);
	assert_string_equal(b.data, "hello1234");
	assert_int_equal(fz_buf_adds(&b, "xy"), FZ_ETOOBIG);
	assert_string_equal(b.data, "hello1234"); /* unchanged */
	assert_int_equal(fz_buf_adds(&b, "z"), 0);
	assert_int_equal(b.len, 10);
	fz_buf_release(&b);
	assert_null(b.data);
}

static const struct jv_field spec[] = {{"name", JV_STRING, JV_REQUIRED, 1, 4},
				       {"n", JV_INT, 0, 1, 10},
				       {"tags", JV_ARRAY, 0, 0, 2},
				       {NULL, 0, 0, 0, 0}};

static void expect_field(const char *json, int code, const char *field)
{
	struct fz_err e;
	json_t *j = json_loads(json, 0, NULL);

	assert_non_null(j);
	fz_err_clear(&e);
	assert_int_equal(jv_check(j, spec, &e), code);
	assert_string_equal(e.field, field);
	json_decref(j);
}

static void test_jsonv(void **state)
{
	(void)state;
	expect_field("{\"name\":\"张三\"}", 0, "");
	expect_field("{}", FZ_EINVAL, "name");
	expect_field("{\"name\":null}", FZ_EINVAL, "name");
	expect_field("{\"name\":3}", FZ_EINVAL, "name");
	expect_field("{\"name\":\"\"}", FZ_EINVAL, "name");
	/* 5 Chinese characters are 5 characters, not 15 bytes */
	expect_field("{\"name\":\"一二三四五\"}", FZ_EINVAL, "name");
	expect_field("{\"name\":\"一二三四\"}", 0, "");
	expect_field("{\"name\":\"a\\u0001\"}", FZ_EINVAL, "name");
	expect_field("{\"name\":\"a\",\"x\":1}", FZ_EINVAL, "x");
	expect_field("{\"name\":\"a\",\"n\":11}", FZ_EINVAL, "n");
	expect_field("{\"name\":\"a\",\"n\":\"1\"}", FZ_EINVAL, "n");
	expect_field("{\"name\":\"a\",\"tags\":[1,2,3]}", FZ_EINVAL, "tags");
}

static void test_parse_object(void **state)
{
	static const char bad_utf8[] = "{\"a\":\"\xC3\x28\"}";
	struct fz_err e;
	json_t *j = NULL;

	(void)state;
	assert_int_equal(jv_parse_object("{\"a\":1}", 7, &j, &e), 0);
	json_decref(j);
	assert_int_equal(jv_parse_object("{\"a\":", 5, &j, &e), FZ_EINVAL);
	assert_string_equal(e.field, "body");
	assert_int_equal(jv_parse_object("[1]", 3, &j, &e), FZ_EINVAL);
	assert_int_equal(jv_parse_object("", 0, &j, &e), FZ_EINVAL);
	assert_int_equal(
	    jv_parse_object(bad_utf8, sizeof(bad_utf8) - 1, &j, &e), FZ_EINVAL);
	assert_int_equal(jv_parse_object("{\"a\":1,\"a\":2}", 13, &j, &e),
			 FZ_EINVAL);
}

static void test_clock_shanghai(void **state)
{
	char out[32];

	(void)state;
	/* 2024-01-22T16:30:00Z is 2024-01-23 00:30 in Asia/Shanghai */
	fz_ms_to_local(1705941000000LL, out, sizeof(out));
	assert_string_equal(out, "2024-01-23 00:30:00");
	fz_ms_to_local_date(1705941000000LL, out, sizeof(out));
	assert_string_equal(out, "2024-01-23");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_err_set),
	    cmocka_unit_test(test_xgrow),
	    cmocka_unit_test(test_embedded),
	    cmocka_unit_test(test_buf_cap),
	    cmocka_unit_test(test_jsonv),
	    cmocka_unit_test(test_parse_object),
	    cmocka_unit_test(test_clock_shanghai),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
