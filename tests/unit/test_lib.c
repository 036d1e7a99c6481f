/*
 * test_lib.c - src/lib: err, buf (the cap, cutting back), jsonv (every
 * refusal names its field; the first unknown key), clock (Asia/Shanghai
 * formatting), xalloc (growing arrays), embedded (lookup and prefix
 * ranges), utf8 (decoding, widths), buf's file reading, jsonw (the same
 * text as jansson's dump).
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
#include "lib/jsonw.h"
#include "lib/utf8.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	/* a message wrapped in context, from e's own field and message */
	fz_err_set(&e, FZ_EINVAL, e.field, "step 3: %s (%s)", e.msg, e.field);
	assert_string_equal(e.field, "days");
	assert_string_equal(e.msg, "step 3: bad 7 (days)");
	assert_int_equal(fz_err_set(NULL, FZ_EIO, NULL, "x"), FZ_EIO);
	assert_string_equal(fz_code_name(FZ_ECONFLICT), "conflict");
	assert_string_equal(fz_code_name(999), "unknown");
}

/* A message cut at the buffer's end ends on a whole character: 100
 * three-byte characters (300 bytes) into 255 keep 85 of them, not 85 and
 * a third. */
static void test_err_utf8(void **state)
{
	char long_cn[100 * 3 + 1] = "";
	struct fz_err e;
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		strcat(long_cn, "执");
	fz_err_set(&e, FZ_EREFUSED, "f", "%s", long_cn);
	assert_int_equal(strlen(e.msg), 85 * 3);
	fz_err_set(&e, FZ_EREFUSED, "f", "a%s", long_cn);
	assert_int_equal(strlen(e.msg), 1 + 84 * 3);
	fz_err_set(&e, FZ_EREFUSED, "f", "%.*s", 80 * 3, long_cn);
	assert_int_equal(strlen(e.msg), 80 * 3);
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

/* Cut back to an old length: the bytes after it go, the NUL follows, and
 * the buffer grows on from there; 0 on a buffer never written is a no-op. */
static void test_buf_setlen(void **state)
{
	struct fz_buf b = FZ_BUF_INIT(0), empty = FZ_BUF_INIT(0);

	(void)state;
	assert_int_equal(fz_buf_adds(&b, "hello, world"), 0);
	fz_buf_setlen(&b, 5);
	assert_int_equal(b.len, 5);
	assert_string_equal(b.data, "hello");
	fz_buf_setlen(&b, 5);
	assert_string_equal(b.data, "hello");
	assert_int_equal(fz_buf_adds(&b, "!"), 0);
	assert_string_equal(b.data, "hello!");
	fz_buf_setlen(&b, 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	fz_buf_setlen(&empty, 0);
	assert_null(empty.data);
	assert_int_equal(empty.len, 0);
	fz_buf_release(&b);
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

/* The first key outside the list, in the object's order; none for an
 * empty object or one of allowed keys only. */
static void test_jsonv_unknown_key(void **state)
{
	static const char *const allowed[] = {"name", "n", NULL};
	static const char *const none[] = {NULL};
	json_t *o = json_loads("{\"name\":1,\"n\":2}", 0, NULL);

	(void)state;
	assert_null(jv_unknown_key(o, allowed));
	json_object_set_new(o, "lable", json_true());
	json_object_set_new(o, "x", json_true());
	assert_string_equal(jv_unknown_key(o, allowed), "lable");
	assert_string_equal(jv_unknown_key(o, none), "name");
	json_decref(o);
	o = json_object();
	assert_null(jv_unknown_key(o, none));
	json_decref(o);
}

/* One value against one field's spec: the checks and messages of jv_check. */
static void test_jsonv_value(void **state)
{
	struct jv_field multi = {"note", JV_STRING, JV_MULTILINE, 0, 3};
	struct fz_err e;
	json_t *v;

	(void)state;
	v = json_string("一二三");
	assert_int_equal(jv_check_value(v, &spec[0], &e), 0);
	json_decref(v);
	v = json_string("一二三四五");
	assert_int_equal(jv_check_value(v, &spec[0], &e), FZ_EINVAL);
	assert_string_equal(e.field, "name");
	assert_string_equal(e.msg, "name: must have at most 4 characters");
	json_decref(v);
	v = json_integer(11);
	assert_int_equal(jv_check_value(v, &spec[1], &e), FZ_EINVAL);
	assert_string_equal(e.msg, "n: 11 is outside 1..10");
	assert_int_equal(jv_check_value(v, &spec[0], &e), FZ_EINVAL);
	assert_string_equal(e.msg, "name: must be a string");
	json_decref(v);
	v = json_string("a\nb");
	assert_int_equal(jv_check_value(v, &multi, &e), 0);
	assert_int_equal(jv_check_value(v, &spec[0], &e), FZ_EINVAL);
	assert_string_equal(e.msg, "name: contains a control character");
	json_decref(v);
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

static void expect_seq(const char *s, size_t n, size_t len, uint32_t cp)
{
	uint32_t got = 0;

	assert_int_equal(fz_utf8_seq((const unsigned char *)s, n, &got), len);
	if (len)
		assert_int_equal(got, cp);
}

static void test_utf8_seq(void **state)
{
	(void)state;
	expect_seq("a", 1, 1, 'a');
	expect_seq("\xC3\xA9", 2, 2, 0xE9);
	expect_seq("\xE4\xB8\xAD", 3, 3, 0x4E2D);
	expect_seq("\xF0\x9F\x98\x80", 4, 4, 0x1F600);
	expect_seq("\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF);
	/* overlong, surrogate, past U+10FFFF, cut short, stray bytes */
	expect_seq("\xC0\x80", 2, 0, 0);
	expect_seq("\xE0\x80\x80", 3, 0, 0);
	expect_seq("\xF0\x80\x80\x80", 4, 0, 0);
	expect_seq("\xED\xA0\x80", 3, 0, 0);
	expect_seq("\xF4\x90\x80\x80", 4, 0, 0);
	expect_seq("\xE4\xB8\xAD", 2, 0, 0);
	expect_seq("\xE4\x41\xAD", 3, 0, 0);
	expect_seq("\x80", 1, 0, 0);
	expect_seq("\xF5\x80\x80\x80", 4, 0, 0);
	expect_seq("", 0, 0, 0);
}

static void test_text_width(void **state)
{
	char big[600];

	(void)state;
	assert_int_equal(fz_text_width("", 0), 0);
	assert_int_equal(fz_text_width("abc", 3), 3);
	assert_int_equal(fz_text_width("中文ab", 8), 6);
	assert_int_equal(fz_text_width("abcde\n中", 9), 5); /* widest line */
	assert_int_equal(fz_text_width("a\tb", 3), 2);	    /* control: 0 */
	assert_int_equal(fz_text_width("\xFF", 1), 2);	    /* U+FFFD */
	memset(big, 'x', sizeof(big));
	assert_int_equal(fz_text_width(big, sizeof(big)), FZ_TEXT_WIDTH_MAX);
}

static void test_buf_read_file(void **state)
{
	char path[] = "/tmp/fz-test-lib-XXXXXX";
	struct fz_buf b = FZ_BUF_INIT(12), small = FZ_BUF_INIT(8);
	struct fz_err e;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0123456789", 10), 10);
	close(fd);
	assert_int_equal(fz_buf_adds(&b, "ab"), 0);
	assert_int_equal(fz_buf_read_file(&b, path, &e), 0);
	assert_string_equal(b.data, "ab0123456789");
	/* past the cap: unchanged, the message names the file */
	assert_int_equal(fz_buf_adds(&small, "ab"), 0);
	fz_err_clear(&e);
	assert_int_equal(fz_buf_read_file(&small, path, &e), FZ_ETOOBIG);
	assert_string_equal(small.data, "ab");
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "larger than 8 bytes"));
	unlink(path);
	fz_err_clear(&e);
	assert_int_equal(fz_buf_read_file(&small, path, &e), FZ_ENOTFOUND);
	assert_non_null(strstr(e.msg, path));
	assert_string_equal(small.data, "ab");
	fz_buf_release(&b);
	fz_buf_release(&small);
}

/* Strings that need every kind of escape, and text that must pass. */
static const char *const jw_strings[] = {
    "",
    "plain",
    "北碚区规划和自然资源局",
    "quote \" backslash \\ slash /",
    "\b\f\n\r\t",
    "\x01\x1f\x7f end",
    "emoji \xF0\x9F\x98\x80 and ½",
};

/* The writer's text of a nested value equals jansson's compact dump of
 * the same value, for every string above as key and as value. */
static void test_jsonw_as_jansson(void **state)
{
	struct fz_buf b = FZ_BUF_INIT(0);
	struct fz_jw w;
	json_t *obj = json_object(), *arr = json_array();
	char *want;
	size_t i;

	(void)state;
	fz_jw_init(&w, &b);
	fz_jw_obj(&w);
	for (i = 0; i < sizeof(jw_strings) / sizeof(*jw_strings); i++) {
		char key[64];
		snprintf(key, sizeof(key), "k%zu%s", i, jw_strings[i]);
		fz_jw_key(&w, key);
		fz_jw_str(&w, jw_strings[i]);
		json_object_set_new(obj, key, json_string(jw_strings[i]));
	}
	fz_jw_kstr(&w, "s", "v");
	fz_jw_kint(&w, "n", 5);
	fz_jw_kbool(&w, "b", 1);
	json_object_set_new(obj, "s", json_string("v"));
	json_object_set_new(obj, "n", json_integer(5));
	json_object_set_new(obj, "b", json_true());
	fz_jw_key(&w, "list");
	fz_jw_arr(&w);
	fz_jw_int(&w, -9007199254740993LL);
	fz_jw_bool(&w, 1);
	fz_jw_bool(&w, 0);
	fz_jw_null(&w);
	fz_jw_str(&w, NULL);
	fz_jw_obj(&w);
	fz_jw_end(&w);
	fz_jw_arr(&w);
	fz_jw_end(&w);
	fz_jw_raw(&w, "{\"a\":[1,2]}", 11);
	fz_jw_end(&w);
	fz_jw_end(&w);
	json_array_append_new(arr, json_integer(-9007199254740993LL));
	json_array_append_new(arr, json_true());
	json_array_append_new(arr, json_false());
	json_array_append_new(arr, json_null());
	json_array_append_new(arr, json_null());
	json_array_append_new(arr, json_object());
	json_array_append_new(arr, json_array());
	json_array_append_new(arr, json_pack("{s:[i,i]}", "a", 1, 2));
	json_object_set_new(obj, "list", arr);
	want = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_int_equal(w.rc, 0);
	assert_int_equal(w.depth, 0);
	assert_string_equal(b.data, want);
	free(want);
	json_decref(obj);
	fz_buf_release(&b);
}

/* A byte that is not UTF-8 becomes U+FFFD; misuse and the cap are
 * errors that stick. */
static void test_jsonw_refusals(void **state)
{
	struct fz_buf b = FZ_BUF_INIT(0), small = FZ_BUF_INIT(8);
	struct fz_jw w;

	(void)state;
	fz_jw_init(&w, &b);
	fz_jw_str(&w, "a\xFF"
		      "b\xC3");
	assert_int_equal(w.rc, 0);
	assert_string_equal(b.data, "\"a\xEF\xBF\xBD"
				    "b\xEF\xBF\xBD\"");
	fz_buf_reset(&b);
	fz_jw_init(&w, &b);
	fz_jw_arr(&w);
	fz_jw_key(&w, "k"); /* a key in an array */
	assert_int_equal(w.rc, FZ_EINVAL);
	fz_jw_init(&w, &b);
	fz_jw_end(&w); /* nothing open */
	assert_int_equal(w.rc, FZ_EINVAL);
	fz_jw_init(&w, &small);
	fz_jw_str(&w, "longer than eight");
	assert_int_equal(w.rc, FZ_ETOOBIG);
	fz_jw_int(&w, 1);
	assert_int_equal(w.rc, FZ_ETOOBIG);
	assert_true(small.len <= 8); /* what fitted; the caller drops it */
	fz_buf_release(&b);
	fz_buf_release(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_err_set),
	    cmocka_unit_test(test_err_utf8),
	    cmocka_unit_test(test_xgrow),
	    cmocka_unit_test(test_embedded),
	    cmocka_unit_test(test_buf_cap),
	    cmocka_unit_test(test_buf_setlen),
	    cmocka_unit_test(test_jsonv),
	    cmocka_unit_test(test_jsonv_unknown_key),
	    cmocka_unit_test(test_jsonv_value),
	    cmocka_unit_test(test_parse_object),
	    cmocka_unit_test(test_clock_shanghai),
	    cmocka_unit_test(test_utf8_seq),
	    cmocka_unit_test(test_text_width),
	    cmocka_unit_test(test_buf_read_file),
	    cmocka_unit_test(test_jsonw_as_jansson),
	    cmocka_unit_test(test_jsonw_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
