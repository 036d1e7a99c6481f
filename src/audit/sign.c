/*
 * sign.c - see sign.h. Ed25519 through libsodium, SM2/SM3 through the
 * EVP interface of OpenSSL 3 (default provider).
 */
#include "sign.h"

#include "lib/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SM2_ID	"1234567812345678"
#define KEY_MAX 8192

const char *audit_sig_alg_name(enum audit_sig_alg a)
{
	return a == AUDIT_SM2 ? "sm2" : "ed25519";
}

static void fingerprint(const unsigned char *pub, size_t n, char *out)
{
	unsigned char h[32];

	crypto_hash_sha256(h, pub, n);
	sodium_bin2hex(out, AUDIT_FPR_HEX, h, 16);
}

int audit_write_new(const char *path, const char *text, unsigned mode,
		    struct fz_err *e)
{
	size_t n = strlen(text);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);

	if (fd < 0)
		return fz_err_set(e, errno == EEXIST ? FZ_ECONFLICT : FZ_EIO,
				  "--out", "%s: %s%s", path, strerror(errno),
				  errno == EEXIST ? " (not overwritten)" : "");
	if (fchmod(fd, mode) || write(fd, text, n) != (ssize_t)n || fsync(fd)) {
		close(fd);
		unlink(path);
		return fz_err_set(e, FZ_EIO, "--out", "%s: cannot write", path);
	}
	close(fd);
	return 0;
}

static int pub_der(EVP_PKEY *pk, unsigned char **der)
{
	*der = NULL;
	return i2d_PUBKEY(pk, der);
}

static int sm2_fpr(struct audit_key *k)
{
	unsigned char *der;
	int n = pub_der(k->pkey, &der);

	if (n <= 0)
		return -1;
	fingerprint(der, (size_t)n, k->fpr);
	OPENSSL_free(der);
	return 0;
}

/* PEM text of pk (private or public); caller frees. */
static char *pem_text(EVP_PKEY *pk, int priv)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p, *out = NULL;
	long n;
	int ok;

	if (!b)
		return NULL;
	ok = priv ? PEM_write_bio_PrivateKey(b, pk, NULL, NULL, 0, NULL, NULL)
		  : PEM_write_bio_PUBKEY(b, pk);
	n = BIO_get_mem_data(b, &p);
	if (ok && n > 0) {
		out = fz_xmalloc((size_t)n + 1);
		memcpy(out, p, (size_t)n);
		out[n] = 0;
	}
	BIO_free(b);
	return out;
}

static int keygen_texts(int gm, char **priv, char **pub)
{
	unsigned char pk[32], sk[64];
	char hex[129];
	EVP_PKEY *k;
	char *a, *b;

	if (!gm) {
		crypto_sign_keypair(pk, sk);
		*priv = fz_xmalloc(200);
		*pub = fz_xmalloc(200);
		sodium_bin2hex(hex, sizeof(hex), sk, 64);
		snprintf(*priv, 200, "fazhi-audit-key ed25519\n%s\n", hex);
		sodium_bin2hex(hex, sizeof(hex), pk, 32);
		snprintf(*pub, 200, "fazhi-audit-pub ed25519\n%s\n", hex);
		sodium_memzero(sk, sizeof(sk));
		return 0;
	}
	k = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
	if (!k)
		return -1;
	a = pem_text(k, 1);
	b = pem_text(k, 0);
	EVP_PKEY_free(k);
	if (!a || !b) {
		free(a);
		free(b);
		return -1;
	}
	*priv = fz_xmalloc(strlen(a) + 32);
	*pub = fz_xmalloc(strlen(b) + 32);
	sprintf(*priv, "fazhi-audit-key sm2\n%s", a);
	sprintf(*pub, "fazhi-audit-pub sm2\n%s", b);
	free(a);
	free(b);
	return 0;
}

int audit_keygen(const char *out, int gm, struct fz_err *e)
{
	char pubpath[4096], *priv = NULL, *pub = NULL;
	struct stat st;
	int rc;

	snprintf(pubpath, sizeof(pubpath), "%s.pub", out);
	if (stat(out, &st) == 0 || stat(pubpath, &st) == 0)
		return fz_err_set(e, FZ_ECONFLICT, "--out",
				  "%s or %s exists (not overwritten)", out,
				  pubpath);
	if (keygen_texts(gm, &priv, &pub))
		return fz_err_set(e, FZ_EIO, "--gm",
				  "cannot make an SM2 key (OpenSSL)");
	rc = audit_write_new(out, priv, 0600, e);
	if (!rc && (rc = audit_write_new(pubpath, pub, 0644, e)))
		unlink(out);
	sodium_memzero(priv, strlen(priv));
	free(priv);
	free(pub);
	return rc;
}

/* The whole file (at most KEY_MAX bytes) into buf. */
static int read_key(const char *path, int secret, char *buf, struct fz_err *e)
{
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return fz_err_set(e, FZ_ENOTFOUND, "key", "%s: %s", path,
				  strerror(errno));
	if (fstat(fd, &st) || (secret && (st.st_mode & 077))) {
		close(fd);
		return fz_err_set(e, FZ_EPERM, "key",
				  "%s: the key file may be read by others "
				  "than its owner (chmod 600 it)",
				  path);
	}
	n = read(fd, buf, KEY_MAX - 1);
	close(fd);
	if (n <= 0)
		return fz_err_set(e, FZ_EINVAL, "key", "%s: empty", path);
	buf[n] = 0;
	return 0;
}

static int load_ed(const char *hex, int secret, struct audit_key *k)
{
	size_t want = secret ? 64 : 32, got = 0;

	if (sodium_hex2bin(k->ed, 64, hex, strlen(hex), "\n", &got, NULL) ||
	    got != want)
		return -1;
	fingerprint(secret ? k->ed + 32 : k->ed, 32, k->fpr);
	return 0;
}

static int load_sm2(const char *pem, int secret, struct audit_key *k)
{
	BIO *b = BIO_new_mem_buf(pem, -1);

	if (!b)
		return -1;
	k->pkey = secret ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL)
			 : PEM_read_bio_PUBKEY(b, NULL, NULL, NULL);
	BIO_free(b);
	if (!k->pkey || !EVP_PKEY_is_a(k->pkey, "SM2"))
		return -1;
	return sm2_fpr(k);
}

int audit_key_load(const char *path, int secret, struct audit_key *k,
		   struct fz_err *e)
{
	const char *head = secret ? "fazhi-audit-key " : "fazhi-audit-pub ";
	char *buf = fz_xmalloc(KEY_MAX), *nl;
	int rc = read_key(path, secret, buf, e), bad = 1;

	memset(k, 0, sizeof(*k));
	k->secret = secret;
	nl = rc ? NULL : strchr(buf, '\n');
	if (nl && !strncmp(buf, head, strlen(head))) {
		*nl = 0;
		if (!strcmp(buf + strlen(head), "ed25519")) {
			k->alg = AUDIT_ED25519;
			bad = load_ed(nl + 1, secret, k);
		} else if (!strcmp(buf + strlen(head), "sm2")) {
			k->alg = AUDIT_SM2;
			bad = load_sm2(nl + 1, secret, k);
		}
	}
	sodium_memzero(buf, KEY_MAX);
	free(buf);
	if (rc)
		return rc;
	if (bad) {
		audit_key_free(k);
		return fz_err_set(e, FZ_EINVAL, "key",
				  "%s: not a fazhi audit %s key", path,
				  secret ? "private" : "public");
	}
	return 0;
}

void audit_key_free(struct audit_key *k)
{
	EVP_PKEY_free(k->pkey);
	k->pkey = NULL;
	sodium_memzero(k->ed, sizeof(k->ed));
}

/* A digest-sign/verify context over SM3 with the SM2 ID. */
static EVP_MD_CTX *sm2_ctx(const struct audit_key *k, int sign)
{
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	EVP_PKEY_CTX *p = EVP_PKEY_CTX_new(k->pkey, NULL);
	int ok;

	ok = m && p && EVP_PKEY_CTX_set1_id(p, SM2_ID, strlen(SM2_ID)) > 0;
	if (ok) {
		EVP_MD_CTX_set_pkey_ctx(m, p);
		ok = sign ? EVP_DigestSignInit(m, NULL, EVP_sm3(), NULL,
					       k->pkey) > 0
			  : EVP_DigestVerifyInit(m, NULL, EVP_sm3(), NULL,
						 k->pkey) > 0;
	}
	if (!ok) {
		EVP_MD_CTX_free(m);
		EVP_PKEY_CTX_free(p);
		return NULL;
	}
	return m;
}

int audit_sign(const struct audit_key *k, const char *msg, unsigned char *sig,
	       size_t *siglen, struct fz_err *e)
{
	unsigned long long n = 0;
	EVP_MD_CTX *m;
	int ok;

	if (k->alg == AUDIT_ED25519) {
		crypto_sign_detached(sig, &n, (const unsigned char *)msg,
				     strlen(msg), k->ed);
		*siglen = (size_t)n;
		return 0;
	}
	m = sm2_ctx(k, 1);
	*siglen = AUDIT_SIG_MAX;
	ok = m && EVP_DigestSign(m, sig, siglen, (const unsigned char *)msg,
				 strlen(msg)) > 0;
	if (m)
		EVP_PKEY_CTX_free(EVP_MD_CTX_get_pkey_ctx(m));
	EVP_MD_CTX_free(m);
	return ok ? 0 : fz_err_set(e, FZ_EIO, "key", "SM2 signing failed");
}

int audit_sig_check(const struct audit_key *k, const char *msg,
		    const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *m;
	int ok;

	if (k->alg == AUDIT_ED25519)
		return siglen == crypto_sign_BYTES &&
			       crypto_sign_verify_detached(
				   sig, (const unsigned char *)msg, strlen(msg),
				   k->secret ? k->ed + 32 : k->ed) == 0
			   ? 0
			   : -1;
	m = sm2_ctx(k, 0);
	ok = m && EVP_DigestVerify(m, sig, siglen, (const unsigned char *)msg,
				   strlen(msg)) == 1;
	if (m)
		EVP_PKEY_CTX_free(EVP_MD_CTX_get_pkey_ctx(m));
	EVP_MD_CTX_free(m);
	return ok ? 0 : -1;
}

char *audit_checkpoint_text(const char *alg, const json_t *heads,
			    const char *key, long long ts)
{
	json_t *o = json_pack("{s:s, s:O, s:s, s:I}", "alg", alg, "heads",
			      heads, "key", key, "ts", (json_int_t)ts);
	char *t =
	    o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII)
	      : NULL;

	json_decref(o);
	return t;
}

int audit_sm3(const void *p, size_t n, unsigned char out[32])
{
	unsigned int len = 32;

	return EVP_Digest(p, n, out, &len, EVP_sm3(), NULL) == 1 ? 0 : -1;
}
