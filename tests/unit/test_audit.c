/*
 * test_audit.c - src/audit/chain.c: the event hash is SHA-256 (or SM3, the
 * 国密 option) over the previous hash and the canonical JSON of the event,
 * byte for byte what dumping the whole event object with sorted keys gives
 * (the reference below is the definition in chain.h, written the slow way,
 * with OpenSSL's one-shot SM3); any change of a field changes the hash.
 * SM3 is checked against the example of GB/T 32905-2016.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "audit/chain.h"
#include "audit/sign.h"

#include <openssl/evp.h>
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
	if (ev->alg == AUDIT_HASH_SM3) {
		unsigned int len = 32;
		assert_int_equal(EVP_Digest(buf, 32 + strlen(canon), out, &len,
					    EVP_sm3(), NULL),
				 1);
	} else {
		crypto_hash_sha256(out, buf, 32 + strlen(canon));
	}
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
	unsigned char prev[32], a[32], b[32], sha[32];
	size_t i;
	int alg;

	(void)state;
	randombytes_buf(prev, sizeof(prev));
	for (i = 0; i < sizeof(datas) / sizeof(datas[0]); i++) {
		char *c = canon_of(datas[i]);
		for (alg = AUDIT_HASH_SHA256; alg <= AUDIT_HASH_SM3; alg++) {
			struct audit_event ev = {
			    7,	      12,	 1700000000123LL,
			    "user:3", "org.add", "org:15",
			    c,	      alg};
			assert_int_equal(audit_event_hash(prev, &ev, a, NULL),
					 0);
			reference(prev, &ev, b);
			assert_memory_equal(a, b, 32);
			if (alg == AUDIT_HASH_SHA256)
				memcpy(sha, a, 32);
			else /* SM3 is another hash */
				assert_memory_not_equal(a, sha, 32);
			/* a different field gives a different hash */
			ev.seq = 13;
			assert_int_equal(audit_event_hash(prev, &ev, b, NULL),
					 0);
			assert_memory_not_equal(a, b, 32);
		}
		free(c);
	}
}

/* GB/T 32905-2016, appendix A.1: SM3("abc"). */
static void test_sm3_known_answer(void **state)
{
	static const char want[] = "66c7f0f462eeedd9d1f2d46bdc10e4e2"
				   "4167c4875cf2f7a2297da02b8f4ba8e0";
	unsigned char h[32];
	char hex[65];

	(void)state;
	assert_int_equal(audit_sm3("abc", 3, h), 0);
	audit_hex(h, 32, hex);
	assert_string_equal(hex, want);
	assert_int_equal(audit_hash_alg("sm3"), AUDIT_HASH_SM3);
	assert_int_equal(audit_hash_alg(NULL), AUDIT_HASH_SHA256);
	assert_int_equal(audit_hash_alg("md5"), -1);
	assert_string_equal(audit_hash_name(AUDIT_HASH_SM3), "sm3");
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
				 "{}",
				 AUDIT_HASH_SHA256};

	(void)state;
	randombytes_buf(prev, sizeof(prev));
	assert_int_equal(audit_event_hash(prev, &ev, a, NULL), 0);
	reference(prev, &ev, b);
	assert_memory_equal(a, b, 32);
}

static void test_refuses_bad_data(void **state)
{
	unsigned char prev[32] = {0}, out[32];
	struct audit_event ev = {1,   1,   1,	 "cli",
				 "x", "y", "{}", AUDIT_HASH_SM3};
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
	    cmocka_unit_test(test_sm3_known_answer),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
