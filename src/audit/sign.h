/*
 * sign.h - the keys that sign checkpoints of the event log, and the
 * checkpoints themselves (see docs/architecture.md, "The event log").
 *
 * A key is Ed25519 (libsodium, the default) or SM2 with SM3 (OpenSSL 3,
 * the 国密 option, GB/T 39786-2021; distinguishing ID "1234567812345678",
 * the GM/T 0009 default). Key files are text:
 *
 *   private (mode 0600):  "fazhi-audit-key ed25519\n" + hex of the 64-byte
 *                         libsodium secret key, or "fazhi-audit-key sm2\n"
 *                         + the PKCS#8 PEM of the private key;
 *   public (FILE.pub):    "fazhi-audit-pub ed25519\n" + hex of the 32-byte
 *                         key, or "fazhi-audit-pub sm2\n" + the PEM of the
 *                         SubjectPublicKeyInfo.
 *
 * The fingerprint of a key is the hex SHA-256 of its public key bytes (the
 * raw 32 bytes, or the DER SubjectPublicKeyInfo), first 16 bytes.
 *
 * A checkpoint signs the canonical JSON (compact, sorted keys) of
 *   {"alg":"ed25519"|"sm2","heads":[{"alg":..,"hash":hex,"org":N,
 *    "seq":N},...],"key":fingerprint,"ts":unix ms}
 * The struct audit_key owns its OpenSSL key; audit_key_free releases it.
 */
#ifndef FZ_AUDIT_SIGN_H
#define FZ_AUDIT_SIGN_H

#include "lib/err.h"

#include <jansson.h>
#include <stddef.h>

enum audit_sig_alg { AUDIT_ED25519 = 1, AUDIT_SM2 = 2 };

#define AUDIT_SIG_MAX 160
#define AUDIT_FPR_HEX 33

struct audit_key {
	enum audit_sig_alg alg;
	int secret;	      /* holds the private key */
	unsigned char ed[64]; /* Ed25519: secret key (or public in 0..31) */
	void *pkey;	      /* SM2: EVP_PKEY */
	char fpr[AUDIT_FPR_HEX];
};

/* Write text to path, created with mode, synced; never over an existing
 * file (FZ_ECONFLICT), and no half-written file on failure. Errors name
 * --out. */
int audit_write_new(const char *path, const char *text, unsigned mode,
		    struct fz_err *e);
/* Write a new key to out (0600, never over an existing file) and out.pub. */
int audit_keygen(const char *out, int gm, struct fz_err *e);
/* Load a private (secret != 0; refused unless only its owner may read it)
 * or public key file. */
int audit_key_load(const char *path, int secret, struct audit_key *k,
		   struct fz_err *e);
void audit_key_free(struct audit_key *k);
const char *audit_sig_alg_name(enum audit_sig_alg a);

int audit_sign(const struct audit_key *k, const char *msg, unsigned char *sig,
	       size_t *siglen, struct fz_err *e);
/* 0 when sig is k's signature of msg. */
int audit_sig_check(const struct audit_key *k, const char *msg,
		    const unsigned char *sig, size_t siglen);

/* The text a checkpoint signs (caller frees). heads is an array. */
char *audit_checkpoint_text(const char *alg, const json_t *heads,
			    const char *key, long long ts);

/* SM3 of n bytes (OpenSSL), for the 国密 chain hash. */
int audit_sm3(const void *p, size_t n, unsigned char out[32]);

#endif
