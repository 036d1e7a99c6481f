/*
 * chain.c - see chain.h. SHA-256 comes from libsodium, SM3 from OpenSSL 3.
 */
#include "chain.h"

#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *audit_canonical_data(const json_t *data)
{
	return json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS |
				    JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
}

/* The running hash of one event: SHA-256 (libsodium) or SM3 (OpenSSL). */
struct hstate {
	crypto_hash_sha256_state sha;
	EVP_MD_CTX *sm3; /* NULL for SHA-256 */
};

static int h_init(struct hstate *st, int alg)
{
	st->sm3 = NULL;
	if (alg != AUDIT_HASH_SM3)
		return crypto_hash_sha256_init(&st->sha);
	st->sm3 = EVP_MD_CTX_new();
	if (!st->sm3 || EVP_DigestInit_ex(st->sm3, EVP_sm3(), NULL) != 1) {
		EVP_MD_CTX_free(st->sm3);
		st->sm3 = NULL;
		return -1;
	}
	return 0;
}

static void h_update(struct hstate *st, const void *p, size_t n)
{
	if (st->sm3)
		EVP_DigestUpdate(st->sm3, p, n);
	else
		crypto_hash_sha256_update(&st->sha, p, n);
}

static void h_final(struct hstate *st, unsigned char out[AUDIT_HASH_LEN])
{
	unsigned int len = AUDIT_HASH_LEN;

	if (!st->sm3) {
		crypto_hash_sha256_final(&st->sha, out);
		return;
	}
	EVP_DigestFinal_ex(st->sm3, out, &len);
	EVP_MD_CTX_free(st->sm3);
	st->sm3 = NULL;
}

const char *audit_hash_name(int alg)
{
	return alg == AUDIT_HASH_SM3 ? "sm3" : "sha256";
}

int audit_hash_alg(const char *name)
{
	if (!name || !strcmp(name, "sha256"))
		return AUDIT_HASH_SHA256;
	return !strcmp(name, "sm3") ? AUDIT_HASH_SM3 : -1;
}

/* A JSON string exactly as jansson writes it with the canonical flags. */
static int add_string(struct hstate *st, const char *s)
{
	json_t *j = json_string(s);
	char *t;

	if (!j)
		return -1; /* not UTF-8 */
	t = audit_canonical_data(j);
	json_decref(j);
	if (!t)
		return -1;
	h_update(st, t, strlen(t));
	free(t);
	return 0;
}

static void add_raw(struct hstate *st, const char *s)
{
	h_update(st, s, strlen(s));
}

static void add_int(struct hstate *st, int64_t v)
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
	struct hstate st;

	if (h_init(&st, ev->alg))
		return fz_err_set(e, FZ_EIO, "event", "SM3 is not available");
	h_update(&st, prev, AUDIT_HASH_LEN);
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
	h_final(&st, out);
	return 0;
bad:
	h_final(&st, out);
	return fz_err_set(e, FZ_EINVAL, "event",
			  "event has a field that is not valid UTF-8");
}

void audit_hex(const unsigned char *h, size_t n, char *out)
{
	sodium_bin2hex(out, n * 2 + 1, h, n);
}
