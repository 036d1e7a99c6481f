/*
 * chain.c - see chain.h. SHA-256 comes from libsodium.
 */
#include "chain.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

char *audit_canonical_data(const json_t *data)
{
	return json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS |
				    JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
}

int audit_event_hash(const unsigned char prev[AUDIT_HASH_LEN],
		     const struct audit_event *ev,
		     unsigned char out[AUDIT_HASH_LEN], struct fz_err *e)
{
	crypto_hash_sha256_state st;
	json_error_t je;
	json_t *data, *obj;
	char *canon;

	data = json_loads(ev->data, JSON_DECODE_ANY, &je);
	if (!data)
		return fz_err_set(e, FZ_EINVAL, "data",
				  "event data is not JSON: %s", je.text);
	obj = json_pack("{s:s, s:o, s:I, s:I, s:s, s:I, s:s}", "actor",
			ev->actor, "data", data, "org", (json_int_t)ev->org_id,
			"seq", (json_int_t)ev->seq, "subject", ev->subject,
			"ts", (json_int_t)ev->ts, "type", ev->type);
	if (!obj)
		return fz_err_set(e, FZ_EINVAL, "event",
				  "event has a field that is not valid UTF-8");
	canon = audit_canonical_data(obj);
	json_decref(obj);
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, prev, AUDIT_HASH_LEN);
	crypto_hash_sha256_update(&st, (const unsigned char *)canon,
				  strlen(canon));
	crypto_hash_sha256_final(&st, out);
	free(canon);
	return 0;
}

void audit_hex(const unsigned char *h, size_t n, char *out)
{
	sodium_bin2hex(out, n * 2 + 1, h, n);
}
