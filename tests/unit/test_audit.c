/*
 * test_audit.c - src/audit/chain.c: the event hash is SHA-256 over the
 * previous hash and the canonical JSON of the event, byte for byte what
 * dumping the whole event object with sorted keys gives (the reference
 * below is the definition in chain.h, written the slow way); any change of
 * a field changes the hash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "audit/chain.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static void reference(const unsigned char prev[32],
		      const struct audit_event *ev, unsigned char out[32])
{
	json_t *data = json_loads(ev->data, JSON_DECODE_ANY, NULL);
	json_t *obj = json_pack(
	    "{s:s, s:o, s:I, s:I, s:s, s:I, s:s}", "actor", ev->actor, "data",
	    data, "org", (json_int_t)ev->org_id, "seq", (json_int_t)ev->seq,
	    "subject", ev->subject, "ts", (json_int_t)ev->ts, "type", ev->type);
	char *canon = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS |
					  JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
	unsigned char *buf = malloc(32 + strlen(canon));

	memcpy(buf, prev, 32);
	memcpy(buf + 32, canon, strlen(canon));
	crypto_hash_sha256(out, buf, 32 + strlen(canon));
	free(buf);
	free(canon);
	json_decref(obj);
}

static char *canon_of(const char *json)
{
	json_t *j = json_loads(json, JSON_DECODE_ANY, NULL);
	char *c = audit_canonical_data(j);

	json_decref(j);
	return c;
}

static void test_matches_reference(void **state)
{
	static const char *const datas[] = {
	    "{}",
	    "{\"name\":\"北碚区规划和自然资源局\",\"level\":\"unit\"}",
	    "{\"b\":1,\"a\":[1,2.5,-3e-7,true,null],\"c\":{\"z\":\"\\\"q\\\"\","
	    "\"y\":\"tab\\tnew\\nline\\u0001 \\ud83d\\ude00 /slash\"}}",
	    "{\"fine\":2828100.00,\"area\":275000.5}",
	};
	unsigned char prev[32], a[32], b[32];
	size_t i;

	(void)state;
	randombytes_buf(prev, sizeof(prev));
	for (i = 0; i < sizeof(datas) / sizeof(datas[0]); i++) {
		char *c = canon_of(datas[i]);
		struct audit_event ev = {
		    7, 12, 1700000000123LL, "user:3", "org.add", "org:15", c};
		assert_int_equal(audit_event_hash(prev, &ev, a, NULL), 0);
		reference(prev, &ev, b);
		assert_memory_equal(a, b, 32);
		/* a different field gives a different hash */
		ev.seq = 13;
		assert_int_equal(audit_event_hash(prev, &ev, b, NULL), 0);
		assert_memory_not_equal(a, b, 32);
		free(c);
	}
}

/* actor, subject and type are written as canonical JSON strings too:
 * escapes and code points past ASCII as the reference writes them. */
static void test_strings_match_reference(void **state)
{
	unsigned char prev[32], a[32], b[32];
	struct audit_event ev = {3,
				 1,
				 1700000000000LL,
				 "用户:\"张三\"\t/x\x01",
				 "record.note \xF0\x9F\x98\x80",
				 "record:北碚 \xE2\x80\xA8",
				 "{}"};

	(void)state;
	randombytes_buf(prev, sizeof(prev));
	assert_int_equal(audit_event_hash(prev, &ev, a, NULL), 0);
	reference(prev, &ev, b);
	assert_memory_equal(a, b, 32);
}

static void test_refuses_bad_data(void **state)
{
	unsigned char prev[32] = {0}, out[32];
	struct audit_event ev = {1, 1, 1, "cli", "x", "y", "{}"};
	struct fz_err e;

	(void)state;
	ev.actor = "\xC3\x28";
	assert_int_equal(audit_event_hash(prev, &ev, out, &e), FZ_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_matches_reference),
	    cmocka_unit_test(test_strings_match_reference),
	    cmocka_unit_test(test_refuses_bad_data),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
