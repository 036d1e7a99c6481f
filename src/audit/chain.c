/*
 * chain.c - see chain.h. SHA-256 comes from libsodium.
 */
#include "chain.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *audit_canonical_data(const json_t *data)
{
	return json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS |
				    JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
}

/* A JSON string exactly as jansson writes it with the canonical flags. */
static int add_string(crypto_hash_sha256_state *st, const char *s)
{
	json_t *j = json_string(s);
	char *t;

	if (!j)
		return -1; /* not UTF-8 */
	t = audit_canonical_data(j);
	json_decref(j);
	if (!t)
		return -1;
	crypto_hash_sha256_update(st, (const unsigned char *)t, strlen(t));
	free(t);
	return 0;
}

static void add_raw(crypto_hash_sha256_state *st, const char *s)
{
	crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s));
}

static void add_int(crypto_hash_sha256_state *st, int64_t v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	add_raw(st, num);
}

/*
 * The canonical object is written field by field in sorted key order
 * (actor, data, org, seq, subject, ts, type) rather than built and dumped:
 * this is on the writer thread's path for every change. ev->data is
 * already canonical (audit_canonical_data), and jansson writes a parsed
 * canonical text back identically, so the bytes are those of dumping the
 * whole object with JSON_SORT_KEYS (tests/unit/test_audit.c checks this
 * against that reference). The hash is over bytes: a stored data text
 * changed in any way, even into something that is not JSON, no longer
 * matches.
 */
int audit_event_hash(const unsigned char prev[AUDIT_HASH_LEN],
		     const struct audit_event *ev,
		     unsigned char out[AUDIT_HASH_LEN], struct fz_err *e)
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, prev, AUDIT_HASH_LEN);
	add_raw(&st, "{\"actor\":");
	if (add_string(&st, ev->actor))
		goto bad;
	add_raw(&st, ",\"data\":");
	add_raw(&st, ev->data);
	add_raw(&st, ",\"org\":");
	add_int(&st, ev->org_id);
	add_raw(&st, ",\"seq\":");
	add_int(&st, ev->seq);
	add_raw(&st, ",\"subject\":");
	if (add_string(&st, ev->subject))
		goto bad;
	add_raw(&st, ",\"ts\":");
	add_int(&st, ev->ts);
	add_raw(&st, ",\"type\":");
	if (add_string(&st, ev->type))
		goto bad;
	add_raw(&st, "}");
	crypto_hash_sha256_final(&st, out);
	return 0;
bad:
	return fz_err_set(e, FZ_EINVAL, "event",
			  "event has a field that is not valid UTF-8");
}

void audit_hex(const unsigned char *h, size_t n, char *out)
{
	sodium_bin2hex(out, n * 2 + 1, h, n);
}
